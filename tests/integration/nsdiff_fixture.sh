#!/bin/bash
# nsdiff on a fixed proc tree (tests/fixtures/mkproc.sh): the comparison
# without --deep, --all, JSON and the errors, against the expected files in
# tests/fixtures/expected/nsdiff/. Needs no privileges.
# NSKIT_UPDATE_EXPECTED=1 rewrites the expected files (review the diff).
. "$(dirname "$0")/lib.sh"

FX=$TMPDIR/fx
sh "$FIXTURES/mkproc.sh" "$FX"
EXPECTED=$FIXTURES/expected/nsdiff
export COLUMNS=200 LC_ALL=C.UTF-8
unset NO_COLOR
# nsrun containers are looked up in its state dir first: none here
export NSKIT_STATE_DIR=$TMPDIR/state

# golden NAME ARGS...: nsdiff ARGS on the fixture, stdout and stderr, and
# the exit status, against EXPECTED/NAME.
golden() {
	local name=$1 got
	shift
	got=$(cd "$FX" && "$NSDIFF" --proc-root proc --host-root root "$@" 2>&1; echo "[exit $?]")
	if [ "${NSKIT_UPDATE_EXPECTED:-}" = 1 ]; then
		mkdir -p "$EXPECTED"
		printf '%s\n' "$got" >"$EXPECTED/$name"
	fi
	diff -u "$EXPECTED/$name" <(printf '%s\n' "$got")
}

# The fixture's namespaces as the files say, for checks that need no golden file.
fx_ino() { l=$(readlink "$FX/proc/$1/ns/$2"); l=${l#*[}; echo "${l%]}"; }

t_container() { golden container web1; }
t_json() { golden json -J web1; }
t_pod() { golden pod web-nginx default/shop-7d4f; }
t_same() { golden same 200 201; }
t_types() { golden types -t net,uts -t pid web1; }
t_inode() { golden inode 4026532204; }
t_all() { golden all --all; }
t_all_json() { golden all-json --all -J; }
t_all_types() { golden all-types -a -n -t pid,net; }
t_all_raw() { golden all-raw -a -r; }
t_quiet() { golden quiet -q web1; }
t_errors() { golden errors-unknown nope && golden errors-deep -d web1 &&
	     golden errors-type -t bogus web1 && golden errors-missing -t pid 4026532204 &&
	     golden errors-args web1 200 201 && golden errors-usage -a web1; }

# The JSON is valid, and its inodes are the fixture's.
t_json_checked() {
	local out rc
	out=$(cd "$FX" && "$NSDIFF" --proc-root proc --host-root root -J web1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status"
	assert_eq "$(jq -r '.a.container, .a.runtime, .b.host, .different' <<<"$out" | tr '\n' ' ')" \
		"web1 nsrun true true " "sides"
	for t in mnt net pid uts ipc user cgroup time; do
		assert_eq "$(jq -r ".namespaces[] | select(.type == \"$t\") | .a" <<<"$out")" \
			"$(fx_ino 700 "$t")" "A's $t inode"
		assert_eq "$(jq -r ".namespaces[] | select(.type == \"$t\") | .b" <<<"$out")" \
			"$(fx_ino 2 "$t")" "B's $t inode"
	done
	assert_eq "$(jq -r '[.namespaces[] | select(.state == "shared") | .type] | join(",")' \
		<<<"$out")" "user,time" "shared types"
	# the user namespace is the host's: risky, and shared by the other containers
	assert_eq "$(jq -r '.namespaces[] | select(.type == "user") | .risky' <<<"$out")" true
	assert_eq "$(jq -r '.namespaces[] | select(.type == "user") | .a_shared_with | join(",")' \
		<<<"$out")" "aa11bb22cc33,app,web-nginx"
}

run t_container "an nsrun container against the host"
run t_json "-J"
run t_json_checked "-J is valid JSON with the fixture's inodes"
run t_pod "a Docker container against a pod (its sandbox)"
run t_same "two processes of one container: exit 0"
run t_types "-t as a list, repeated"
run t_inode "a namespace inode: only its type, with a note"
run t_all "--all: the isolation matrix"
run t_all_json "--all -J: risks as an array"
run t_all_types "--all -t pid,net -n"
run t_all_raw "--all -r"
run t_quiet "-q prints nothing, exit 1"
run t_errors "bad targets, --deep on a tree, bad types and usage: exit 2"
finish
