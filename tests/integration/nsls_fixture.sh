#!/bin/bash
# nsls's rendering of a fixed proc tree (tests/fixtures/mkproc.sh) in every
# output format, compared with the expected files in tests/fixtures/expected/.
# Needs no privileges. NSKIT_UPDATE_EXPECTED=1 rewrites the expected files
# (review the diff before committing them).
. "$(dirname "$0")/lib.sh"

FX=$TMPDIR/fx
sh "$FIXTURES/mkproc.sh" "$FX"
EXPECTED=$FIXTURES/expected/nsls
export COLUMNS=200 LC_ALL=C.UTF-8

# golden NAME ARGS...: nsls ARGS on the fixture, stdout and stderr, and the
# exit status, against EXPECTED/NAME.
golden() {
	local name=$1 got
	shift
	# relative roots keep the temporary directory out of PATH values
	got=$(cd "$FX" && "$NSLS" --proc-root proc --host-root root "$@" 2>&1; echo "[exit $?]")
	if [ "${NSKIT_UPDATE_EXPECTED:-}" = 1 ]; then
		mkdir -p "$EXPECTED"
		printf '%s\n' "$got" >"$EXPECTED/$name"
	fi
	diff -u "$EXPECTED/$name" <(printf '%s\n' "$got")
}

t_default() { golden default; }
t_list() { golden list -l; }
t_json() { golden json -J; }
t_json_list() { golden json-list -J -l -o NS,TYPE,NPROCS,PID,PPID,UID,USER,HOST,CONTAINER; }
t_raw() { golden raw -r; }
t_pairs() { golden pairs --pairs -o NS,TYPE,NPROCS,PID,COMMAND; }
t_noheadings() { golden noheadings -n -l -o NS,TYPE; }
t_containers() { golden containers -l -o NS,TYPE,PID,CONTAINER,RUNTIME,POD,HOST; }
t_net() { golden net -t net; }
t_net_nowrap() { golden net-nowrap -t net -W; }
t_persistent() { golden persistent -P -o NS,TYPE,NPROCS,HOLDER,PATH,NSFS -W; }
t_task() { golden task -p 201; }
t_task_fast() { golden task-fast -p 201 -o NS,TYPE,HOST; }
t_namespace() { golden namespace 4026532201; }
t_container() { golden container --container web-nginx -l; }
t_filter() { golden filter -l -Q 'NPROCS > 1 && TYPE != "time" || CONTAINER == "app"'; }
t_output_all() { golden output-all --output-all -l; }
t_truncate() { COLUMNS=60 golden truncate -l -o NS,TYPE,COMMAND; }
t_notruncate() { COLUMNS=60 golden notruncate -l -u -o NS,TYPE,COMMAND; }
t_types() { golden types -t pid -t user -l; }

run t_default "the default tree of processes"
run t_list "-l"
run t_json "-J (a tree: children nest)"
run t_json_list "-J -l with typed columns"
run t_raw "-r"
run t_pairs "--pairs"
run t_noheadings "-n"
run t_containers "CONTAINER, RUNTIME, POD and HOST columns"
run t_net "-t net adds NETNSID and NSFS (multi-line)"
run t_net_nowrap "-W joins NSFS with commas"
run t_persistent "-P: namespaces without processes, and what holds them"
run t_task "-p PID"
run t_task_fast "-p PID with columns that need no other process"
run t_namespace "a namespace argument"
run t_container "--container NAME"
run t_filter "-Q"
run t_output_all "--output-all"
run t_truncate "COMMAND is truncated to the terminal"
run t_notruncate "-u keeps it whole"
run t_types "-t repeated"
finish
