#!/bin/bash
# Faults and odd input, for every tool: output that cannot be written,
# special files where regular ones belong, empty and huge input, and links
# that are not what they should be. Most need no privileges: a fixture
# tree (tests/fixtures/mkproc.sh) stands in for /proc and the host's root.
. "$(dirname "$0")/lib.sh"

export LC_ALL=C.UTF-8 COLUMNS=120

# fixture DIR: a fresh copy of the fixture tree, for a test to spoil.
fixture() {
	sh "$FIXTURES/mkproc.sh" "$1"
}

FX=$TMPDIR/fx
fixture "$FX"

# ------------------------------------------------------------ write errors

# write_fails STATUS TOOL ARGS...: TOOL ARGS, run in the fixture with its
# output going to /dev/full, says so once, as util-linux does, and exits
# STATUS.
write_fails() {
	local want=$1 tool=$2 rc=0 err
	shift 2
	err=$(cd "$FX" && "$tool" "$@" 2>&1 >/dev/full) || rc=$?
	assert_eq "$err" "${tool##*/}: write error: No space left on device" \
		"what ${tool##*/} $* says" &&
	assert_eq "$rc" "$want" "the exit status of ${tool##*/} $*"
}

# The fixture's roots, relative to it.
R=(--proc-root proc --host-root root)

t_write_nsls() {
	write_fails 1 "$NSLS" "${R[@]}"
	write_fails 1 "$NSLS" "${R[@]}" -l
	write_fails 1 "$NSLS" "${R[@]}" -J
	write_fails 1 "$NSLS" "${R[@]}" -r
	write_fails 1 "$NSLS" "${R[@]}" --pairs
	write_fails 1 "$NSLS" "${R[@]}" -n -t net
	# more than stdio's buffer: the write that fails is not the last one
	write_fails 1 "$NSLS" "${R[@]}" --output-all -J
	write_fails 1 "$NSLS" -H
	write_fails 1 "$NSLS" -H -J
	write_fails 1 "$NSLS" -H -r
	write_fails 1 "$NSLS" --help
	write_fails 1 "$NSLS" --version
}

t_write_nstop() {
	write_fails 1 "$NSTOP" "${R[@]}" -b -n 2 -d 0.1
	write_fails 1 "$NSTOP" "${R[@]}" -b -J -n 2 -d 0.1
	write_fails 1 "$NSTOP" "${R[@]}" -b -n 1 -c
	write_fails 1 "$NSTOP" -H
	write_fails 1 "$NSTOP" -H -J
	write_fails 1 "$NSTOP" --help
}

# nsdiff's trouble is 2, as diff(1)'s
t_write_nsdiff() {
	write_fails 2 "$NSDIFF" "${R[@]}" 200
	write_fails 2 "$NSDIFF" "${R[@]}" 200 310
	write_fails 2 "$NSDIFF" "${R[@]}" -J 200
	write_fails 2 "$NSDIFF" "${R[@]}" --all
	write_fails 2 "$NSDIFF" "${R[@]}" --all -J
	write_fails 2 "$NSDIFF" "${R[@]}" --all -r -n
	write_fails 2 "$NSDIFF" --help
}

t_write_nsjoin() {
	write_fails 1 "$NSJOIN" --help
	write_fails 1 "$NSJOIN" --version
}

# nsrun's listings, from a state directory of records that the test
# writes (a container whose process is gone, a network): the subcommands
# other than run and exec fail with 1 (nsrun(1)).
t_write_nsrun() {
	[ -x "$NSRUN" ] || skip_test "nsrun is not built"
	export NSKIT_STATE_DIR=$TMPDIR/state
	mkdir -p "$NSKIT_STATE_DIR/containers" "$NSKIT_STATE_DIR/networks"
	chmod 700 "$NSKIT_STATE_DIR"
	printf 'name=web1\npid=4194303\ncommand=sleep inf\n' >"$NSKIT_STATE_DIR/containers/web1"
	printf 'name=net1\nbridge=nsbr-net1\nsubnet=10.88.0.0/24\ngateway=10.88.0.1\n' \
		>"$NSKIT_STATE_DIR/networks/net1"
	"$NSRUN" ls | grep -q web1 || fail "nsrun ls does not list the record"
	write_fails 1 "$NSRUN" ls
	write_fails 1 "$NSRUN" ls -J
	write_fails 1 "$NSRUN" ls -r -a
	write_fails 1 "$NSRUN" ps
	write_fails 1 "$NSRUN" network ls
	write_fails 1 "$NSRUN" network ls -J
	write_fails 1 "$NSRUN" inspect web1
}

# --------------------------------------------------------- special files

# no_wait STATUS TOOL ARGS...: TOOL ARGS, run in the fixture $F, ends by
# itself (a FIFO is not waited on) with STATUS; its output is in $TMPDIR/out.
no_wait() {
	local want=$1 tool=$2 rc=0
	shift 2
	(cd "$F" && timeout -k 5 20 "$tool" "$@") >"$TMPDIR/out" 2>"$TMPDIR/err" || rc=$?
	[ "$rc" != 124 ] || fail "${tool##*/} $* waited on a FIFO"
	assert_eq "$rc" "$want" "the exit status of ${tool##*/} $* ($(head -c 300 "$TMPDIR/err"))"
}

# FIFOs where the fixture has files: a process's stat, cgroup, status,
# cmdline and comm, the mount table, and a runtime's state file.
fifo_fixture() {
	F=$TMPDIR/fifo
	fixture "$F"
	local f
	for f in proc/201/stat proc/200/cgroup proc/310/status proc/310/cmdline proc/400/comm \
		proc/self/mountinfo \
		root/var/lib/docker/containers/3f4e1a2b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8/config.v2.json; do
		rm -f "$F/$f"
		mkfifo "$F/$f"
	done
}

t_fifo_nsls() {
	fifo_fixture
	no_wait 0 "$NSLS" "${R[@]}"
	grep -q '/sbin/init' "$TMPDIR/out" || fail "the host's processes are missing"
	no_wait 0 "$NSLS" "${R[@]}" -l -o NS,TYPE,PID,PPID,UID,USER,COMMAND,CONTAINER,NSFS
	no_wait 0 "$NSLS" "${R[@]}" -J --output-all
	no_wait 0 "$NSLS" "${R[@]}" -t net -P
	# a command line that cannot be read: the name stands in, as for a kernel thread
	no_wait 0 "$NSLS" "${R[@]}" -p 310 -o PID,COMMAND -n -l
	grep -q '^ *310 app$' "$TMPDIR/out" || fail "310 is missing: $(cat "$TMPDIR/out")"
	no_wait 0 "$NSLS" "${R[@]}" -p 201
}

t_fifo_nsdiff() {
	fifo_fixture
	no_wait 1 "$NSDIFF" "${R[@]}" 310
	no_wait 1 "$NSDIFF" "${R[@]}" --all
	no_wait 2 "$NSDIFF" "${R[@]}" 201
	no_wait 1 "$NSDIFF" "${R[@]}" -J 200 300
}

t_fifo_nstop() {
	fifo_fixture
	no_wait 0 "$NSTOP" "${R[@]}" -b -n 3 -d 0.1
	assert_eq "$(grep -c '^nstop - ' "$TMPDIR/out")" 3 "frames printed"
	no_wait 0 "$NSTOP" "${R[@]}" -b -J -n 2 -d 0.1 -c
	no_wait 0 "$NSTOP" "${R[@]}" -b -n 1 -t net
}

# A FIFO that something holds open and has written to would not block a
# reader that does not wait; it must still not be read as a file: its
# "command line" is not shown.
t_fifo_with_writer() {
	F=$TMPDIR/busy
	fixture "$F"
	rm -f "$F/proc/310/cmdline"
	mkfifo "$F/proc/310/cmdline"
	exec 3<>"$F/proc/310/cmdline"
	printf 'planted\0' >&3
	no_wait 0 "$NSLS" "${R[@]}" -p 310 -o PID,COMMAND -n -l
	exec 3>&-
	if grep -q planted "$TMPDIR/out" || ! grep -q '^ *310 app$' "$TMPDIR/out"; then
		fail "a FIFO was read as a command line: $(cat "$TMPDIR/out")"
	fi
}

# ------------------------------------------------------------ empty trees

# An empty directory as the proc root: nothing to list, said as such.
t_empty_nsls() {
	F=$TMPDIR/empty
	mkdir -p "$F/proc"
	local E=(--proc-root proc --host-root proc)
	# no rows: nothing at all, as lsns prints for a listing without rows
	no_wait 0 "$NSLS" "${E[@]}"
	assert_eq "$(cat "$TMPDIR/out")" "" "nothing"
	no_wait 0 "$NSLS" "${E[@]}" -l -o NS,TYPE,CONTAINER
	assert_eq "$(cat "$TMPDIR/out")" "" "nothing with -l"
	no_wait 0 "$NSLS" "${E[@]}" -r
	assert_eq "$(cat "$TMPDIR/out")" "" "nothing with -r"
	no_wait 0 "$NSLS" "${E[@]}" -n
	assert_eq "$(cat "$TMPDIR/out")" "" "-n"
	no_wait 0 "$NSLS" "${E[@]}" --pairs
	assert_eq "$(cat "$TMPDIR/out")" "" "--pairs"
	no_wait 0 "$NSLS" "${E[@]}" -J
	assert_eq "$(jq -c . "$TMPDIR/out")" '{"namespaces":[]}' "-J"
	no_wait 0 "$NSLS" "${E[@]}" --tree=parent -t pid
	no_wait 0 "$NSLS" "${E[@]}" -P -t net
	no_wait 0 "$NSLS" "${E[@]}" -Q 'NPROCS > 1'
	no_wait 1 "$NSLS" "${E[@]}" -p 1
	assert_eq "$(cat "$TMPDIR/err")" "nsls: no process with PID 1" "-p 1"
}

t_empty_nstop() {
	F=$TMPDIR/empty
	mkdir -p "$F/proc"
	local E=(--proc-root proc --host-root proc)
	no_wait 0 "$NSTOP" "${E[@]}" -b -n 2 -d 0.1
	assert_eq "$(grep -c '^nstop - ' "$TMPDIR/out")" 2 "frames printed"
	grep -q '^0 processes' "$TMPDIR/out" || fail "no count of processes: $(cat "$TMPDIR/out")"
	no_wait 0 "$NSTOP" "${E[@]}" -b -J -n 2 -d 0.1
	assert_eq "$(jq -s 'map(.namespaces | length)' -c "$TMPDIR/out")" '[0,0]' "-J frames"
	no_wait 0 "$NSTOP" "${E[@]}" -b -n 1 -c
	no_wait 0 "$NSTOP" "${E[@]}" -b -n 1 -T
	no_wait 0 "$NSTOP" "${E[@]}" -b -J -n 1 -t net
}

t_empty_nsdiff() {
	F=$TMPDIR/empty
	mkdir -p "$F/proc"
	local E=(--proc-root proc --host-root proc)
	no_wait 2 "$NSDIFF" "${E[@]}" --all
	assert_eq "$(cat "$TMPDIR/err")" "nsdiff: no processes under 'proc'" "--all"
	no_wait 2 "$NSDIFF" "${E[@]}" --all -J
	no_wait 2 "$NSDIFF" "${E[@]}" 1
	assert_eq "$(cat "$TMPDIR/err")" "nsdiff: no process with PID 1" "a PID"
	no_wait 2 "$NSDIFF" "${E[@]}" web1
}

# ------------------------------------------------------------ long fields

# nsfs_mount ROOT INODE PATH: one more nsfs bind mount of net:[INODE] at PATH
# (escaped as mountinfo escapes) in the fixture ROOT's mount table.
nsfs_mount() {
	printf '99 22 0:4 net:[%s] %s rw shared:22 - nsfs nsfs rw\n' "$2" "$3" \
		>>"$1/proc/self/mountinfo"
}

# elapsed CMD...: run CMD, print how long it took in milliseconds.
elapsed() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >"$TMPDIR/out" 2>"$TMPDIR/err" || return
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

# A mount point of 200,000 lines (mountinfo writes a newline as \012): a
# table lays it out in time linear in what it prints, the cell cut; JSON
# and raw output keep every line.
t_long_nsfs_lines() {
	F=$TMPDIR/lines
	fixture "$F"
	nsfs_mount "$F" 4026532204 "/run/netns/x$(printf 'a\\012%.0s' $(seq 200000))"
	local ms
	ms=$(cd "$F" && elapsed "$NSLS" "${R[@]}" -t net)
	diag "a table of 200,000 lines: $ms ms"
	[ "$ms" -lt 3000 ] || fail "nsls took $ms ms to lay out an NSFS of 200,000 lines"
	assert_eq "$(grep -c '^ *a *$' "$TMPDIR/out")" 30 "lines of the cell shown"
	grep -q '^ *\.\.\. *$' "$TMPDIR/out" || fail "the cut is not shown"
	ms=$(cd "$F" && elapsed "$NSLS" "${R[@]}" -t net -J)
	[ "$ms" -lt 3000 ] || fail "nsls -J took $ms ms"
	assert_eq "$(jq -r '.namespaces[] | select(.ns == 4026532204) | .nsfs' "$TMPDIR/out" |
		grep -c '^a$')" 199999 "the lines of -J"
	ms=$(cd "$F" && elapsed "$NSLS" "${R[@]}" -t net -r -o NS,NSFS)
	[ "$ms" -lt 3000 ] || fail "nsls -r took $ms ms"
	# -r joins the lines with commas, as -W does
	assert_eq "$(grep '^4026532204 ' "$TMPDIR/out" | tr , '\n' | grep -c '^a$')" 199999 \
		"the lines of -r"
}

# One mount point of 100 KB: whole in JSON, cut in a table.
t_long_nsfs_path() {
	F=$TMPDIR/path
	fixture "$F"
	local long
	long=/run/netns/$(head -c 100000 /dev/zero | tr '\0' b)
	nsfs_mount "$F" 4026532404 "$long"
	local ms
	ms=$(cd "$F" && elapsed "$NSLS" "${R[@]}" -t net)
	[ "$ms" -lt 3000 ] || fail "nsls took $ms ms"
	grep -qF -- "${long:0:4096}... " "$TMPDIR/out" || fail "the path is not cut at 4096 bytes"
	ms=$(cd "$F" && elapsed "$NSLS" "${R[@]}" -t net -J)
	# a tree: the namespace's row is a child of the host's
	local got
	got=$(jq -r '.. | objects | select(.ns? == 4026532404) | .nsfs' "$TMPDIR/out")
	[ "$got" = "$long" ] || fail "the path in -J has ${#got} bytes, not ${#long}"
}

# ------------------------------------------------------- clear messages

# says STATUS "MESSAGE" TOOL ARGS...: TOOL ARGS, in the fixture $F, exits
# STATUS and says MESSAGE on stderr, nothing else.
says() {
	local want=$1 msg=$2 tool=$3 rc=0 err
	shift 3
	err=$(cd "$F" && timeout -k 5 20 "$tool" "$@" 2>&1 >/dev/null) || rc=$?
	assert_eq "$err" "$msg" "what ${tool##*/} $* says" &&
	assert_eq "$rc" "$want" "the exit status of ${tool##*/} $*"
}

# A namespace link that is not one ("garbage"), as a broken tree may have:
# not "permission denied", not "invalid target".
t_malformed_link() {
	F=$TMPDIR/malformed
	fixture "$F"
	ln -sfn garbage "$F/proc/201/ns/net"
	says 0 "nsls: malformed namespace link 'proc/201/ns/net'" "$NSLS" "${R[@]}"
	says 0 "nsls: malformed namespace link 'proc/201/ns/net'" "$NSLS" "${R[@]}" -t net -J
	says 2 "nsdiff: malformed namespace link 'proc/201/ns/net'" "$NSDIFF" "${R[@]}" 201
	says 2 "nsdiff: malformed namespace link 'proc/201/ns/net'" "$NSDIFF" "${R[@]}" 300 201
	says 1 "nsjoin: malformed namespace link 'proc/201/ns/net'" "$NSJOIN" "${R[@]}" -t 201 -n true
	(cd "$F" && "$NSTOP" "${R[@]}" -b -n 1) >"$TMPDIR/out"
	grep -q 'malformed namespace links: the namespaces of 1 process are unknown' \
		"$TMPDIR/out" || fail "nstop does not say: $(sed -n 4p "$TMPDIR/out")"
	# a link of a container's init: the container cannot be told apart either
	ln -sfn "pid:[4026532202]" "$F/proc/200/ns/uts"
	says 2 "nsdiff: malformed namespace link 'proc/200/ns/uts'" "$NSDIFF" "${R[@]}" web-nginx
	# more than one process: the first link, then the others by PID
	ln -sfn junk "$F/proc/400/ns/user"
	says 0 "nsls: malformed namespace link 'proc/200/ns/uts', and in 2 more processes: PID 201, 400" \
		"$NSLS" "${R[@]}"
}

# A stat file that cannot be read names that file, not the target.
t_unreadable_stat() {
	F=$TMPDIR/stat
	fixture "$F"
	rm "$F/proc/201/stat"
	mkfifo "$F/proc/201/stat"
	says 2 "nsdiff: cannot read 'proc/201/stat': Invalid argument" "$NSDIFF" "${R[@]}" 201
	says 1 "nsjoin: cannot read 'proc/800/stat': Invalid argument" "$NSJOIN" "${R[@]}" -t 800 -n true
}

# A program name longer than any path: said (cut), not a silent 126.
t_long_program_name() {
	local long err rc=0
	long=$(head -c 100000 /dev/zero | tr '\0' x)
	# --differing: nothing differs, so nothing is entered, and no root is needed
	err=$("$NSJOIN" -t $$ --differing "$long" 2>&1 >/dev/null | tail -n 1) || true
	"$NSJOIN" -t $$ --differing "$long" 2>/dev/null || rc=$?
	assert_eq "$rc" 126 "the exit status"
	assert_eq "$err" "nsjoin: failed to execute '$(head -c 4096 <<<"$long")...': File name too long" \
		"the message" >/dev/null || fail "the message is ${#err} bytes: ${err:0:60}...${err: -40}"
}

# The same, entering every namespace of a process (as root).
t_long_program_name_all() {
	local long err rc=0
	long=$(head -c 100000 /dev/zero | tr '\0' x)
	err=$("$NSJOIN" -a -t $$ "$long" 2>&1 >/dev/null) || rc=$?
	assert_eq "$rc" 126 "the exit status"
	[[ "$err" == "nsjoin: failed to execute 'xxxx"*"...': File name too long" ]] ||
		fail "the message is ${#err} bytes: ${err:0:60}...${err: -40}"
}

# An empty container name matches every id: refused as nsdiff and nsjoin refuse it.
t_empty_container() {
	F=$FX
	says 1 "nsls: invalid container ''" "$NSLS" "${R[@]}" --container ''
	says 2 "nsdiff: invalid target ''" "$NSDIFF" "${R[@]}" ''
	says 1 "nsjoin: invalid target ''" "$NSJOIN" "${R[@]}" -t '' true
}

run t_write_nsls "nsls: a failed write is said once, in every output mode" file:/dev/full
run t_write_nstop "nstop: a failed write of a frame or of -H is said once" file:/dev/full
run t_write_nsdiff "nsdiff: a failed write is trouble (2), said once" file:/dev/full
run t_write_nsjoin "nsjoin: a failed write of its own output is said once" file:/dev/full
run t_write_nsrun "nsrun: ls, network ls and inspect say a failed write once" file:/dev/full
run t_fifo_nsls "nsls: FIFOs in the proc root and the host root are not waited on"
run t_fifo_nsdiff "nsdiff: FIFOs in the proc root and the host root are not waited on"
run t_fifo_nstop "nstop -b: FIFOs in the proc root and the host root are not waited on"
run t_fifo_with_writer "a FIFO with a writer is not read as a file"
run t_empty_nsls "nsls: an empty proc root gives nothing, as lsns, or an empty document" cmd:jq
run t_empty_nstop "nstop -b: an empty proc root gives empty frames" cmd:jq
run t_empty_nsdiff "nsdiff: an empty proc root is said to be empty"
run t_long_nsfs_lines "nsls: an NSFS of 200,000 lines takes linear time, cut in a table" cmd:jq
run t_long_nsfs_path "nsls: a mount point of 100 KB, whole in JSON, cut in a table" cmd:jq
run t_malformed_link "a malformed namespace link is named as such by every tool"
run t_unreadable_stat "a stat file that cannot be read is named, not the target"
run t_long_program_name "nsjoin: a program name of 100 KB is said not to run (126)"
run t_long_program_name_all "nsjoin -a -t: a program name of 100 KB is said not to run (126)" root
run t_empty_container "nsls --container '' is refused, as nsdiff and nsjoin refuse ''"

finish
