#!/bin/bash
# nsls against lsns to the letter: the same command lines through the
# system's lsns and through nsls, in a pid namespace of their own where
# both see the same processes, give the same bytes on standard output and
# standard error and the same exit status. What the system's lsns (Debian
# 12: util-linux 2.38) lacks or does otherwise than current util-linux
# (2.41 and later), nsls follows current util-linux, checked here against
# what current lsns prints (pinned in the tests). The deliberate
# differences are listed in the COMPATIBILITY section of nsls(1), and the
# same for nsjoin and nsenter is in nsjoin.sh and nsjoin_targets.sh.
. "$(dirname "$0")/lib.sh"

requires root cmd:unshare cmd:lsns cmd:ip cmd:python3 file:"$NSLS"
WORLD=$(dirname "$0")/compat-world.bash
export NSLS

# in_world CMDFILE: run the lines of CMDFILE in a world of their own, with
# nsls and nsjoin in PATH (so that their messages name them as lsns's
# name lsns).
in_world() {
	mkdir -p "$TMPDIR/w"
	rm -f "$TMPDIR/w"/*
	PATH="$NSKIT_BIN:$PATH" unshare --pid --fork --mount --mount-proc \
		bash "$WORLD" "$TMPDIR/w" "$1"
}

# in_world_pairs ARGS...: each ARGS through lsns and then through nsls, in
# one world: the lines of ARGS number i are 2i+1 (lsns) and 2i+2 (nsls).
in_world_pairs() {
	local o
	: >"$TMPDIR/cmds"
	for o in "$@"; do
		printf 'lsns %s\nnsls %s\n' "$o" "$o" >>"$TMPDIR/cmds"
	done
	in_world "$TMPDIR/cmds"
}

# out N, err N, rc N: what line N of the last world printed.
out() { cat "$TMPDIR/w/$1.out"; }
err() { cat "$TMPDIR/w/$1.err"; }
rc() { cat "$TMPDIR/w/$1.rc"; }

# Every option that both have, each alone and in the combinations scripts
# use: pairs of lines, lsns then nsls.
t_same_as_lsns() {
	local opts=() o i n=0 bad=0
	while IFS= read -r o; do
		opts+=("$o")
	done <<-'EOF2'

	-l
	-J
	-J -l
	-r
	-n
	-r -n
	-u
	-W
	-l -u -W
	-t mnt
	-t net
	-t pid
	-t uts
	-t ipc
	-t user
	-t cgroup
	-t time
	-t net -t pid
	-p $P
	-p $U -l
	$I
	-T
	-T=process
	-T=owner
	-T=parent
	-J -T
	-J -T=owner
	-r -T=parent
	-o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS
	-o +PATH
	-o NS,COMMAND -J
	-l -o NS,TYPE,PNS,ONS
	-t net -o NS,NETNSID,NSFS
	EOF2
	in_world_pairs "${opts[@]}"
	for i in "${!opts[@]}"; do
		local a=$((2 * i + 1)) b=$((2 * i + 2)) ea eb
		o=${opts[$i]}
		# messages name their program: "lsns: ..." against "nsls: ..."
		ea=$(sed 's/\blsns\b/nsls/g' "$TMPDIR/w/$a.err")
		eb=$(err $b)
		# lsns writes bytes that are not UTF-8 into JSON as they are,
		# which makes it invalid JSON; nsls writes U+FFFD (nsls(1))
		if [[ "$o" == *-J* ]]; then
			python3 -c 'import sys; sys.stdout.write(open(sys.argv[1], "rb").read()
				.decode("utf-8", "replace"))' "$TMPDIR/w/$a.out" >"$TMPDIR/w/$a.fixed"
			mv "$TMPDIR/w/$a.fixed" "$TMPDIR/w/$a.out"
		fi
		if ! cmp -s "$TMPDIR/w/$a.out" "$TMPDIR/w/$b.out"; then
			echo "FAIL: standard output of '$o':"
			diff -u "$TMPDIR/w/$a.out" "$TMPDIR/w/$b.out" | head -20
			bad=1
		fi
		[ "$(cat "$TMPDIR/w/$a.rc")" = "$(cat "$TMPDIR/w/$b.rc")" ] ||
			{ echo "FAIL: exit status of '$o'"; bad=1; }
		[ "$ea" = "$eb" ] || { echo "FAIL: standard error of '$o': [$ea] [$eb]"; bad=1; }
		n=$((n + 1))
	done
	echo "$n command lines compared"
	return $bad
}

# Bad input: both refuse, with one line (and a hint for usage errors),
# nothing on standard output and the same exit status. The words are each
# tool's: nsls quotes what it refuses ("unknown column 'X'"), lsns puts it
# after a colon.
t_errors_as_lsns() {
	local opts=("-o NOSUCH" "-o NS,NOSUCH" "-t nosuch" "--frobnicate" "-T=nosuch" "-p abc" "abc")
	local o i bad=0
	in_world_pairs "${opts[@]}"
	for i in "${!opts[@]}"; do
		local a=$((2 * i + 1)) b=$((2 * i + 2))
		o=${opts[$i]}
		[ "$(rc $a)" = "$(rc $b)" ] || { echo "FAIL: exit status of '$o': $(rc $a) $(rc $b)"; bad=1; }
		[ -z "$(out $b)" ] || { echo "FAIL: '$o' printed on standard output"; bad=1; }
		[ "$(err $a | wc -l)" = "$(err $b | wc -l)" ] ||
			{ echo "FAIL: '$o': [$(err $a)] [$(err $b)]"; bad=1; }
		[[ "$(err $b)" == "nsls: "* ]] || { echo "FAIL: '$o': [$(err $b)]"; bad=1; }
	done
	return $bad
}

# What current lsns (util-linux 2.41 and later) prints where Debian 12's
# differs or has nothing to say, pinned from util-linux 2.43-devel's lsns
# run in this same world.
t_as_current_lsns() {
	cat >"$TMPDIR/cmds" <<-'EOF2'
	nsls -n -r -o NS,TYPE,NPROCS,PATH,NSFS
	nsls -P -n -r -o NS,TYPE,NPROCS,PATH,NSFS
	nsls -n -r -o TYPE,NPROCS,USER -Q "NS == $D"
	nsls -n -r -o TYPE,NPROCS,USER -Q "NS == $M"
	echo "$M $D $S $X"
	nsls -J -l -t uts -o PID,COMMAND
	nsls -l -t uts -n -o PID,COMMAND
	nsls $M
	setpriv --reuid=65534 --regid=65534 --clear-groups nsls -n -r -o TYPE
	setpriv --reuid=65534 --regid=65534 --clear-groups nsls --warn-unreadable -n -r -o TYPE
	nsls -p 999999
	EOF2
	WORLD_PERSISTENT=1 in_world "$TMPDIR/cmds"
	local m d s x
	read -r m d s x <"$TMPDIR/w/5.out"
	# namespaces no process is in are listed by default, PATH empty, NSFS
	# the mount; one held only by a descriptor whose link reads "/" too
	out 1 | grep -qxF "$m net 0  /run/netns/compat" || fail "no bind-mounted namespace by default"
	out 1 | grep -qxF "$d net 0  " || fail "no descriptor-held namespace by default"
	assert_eq "$(out 2)" "$(printf '%s net 0  /run/netns/compat\n%s net 0  ' "$m" "$d")" "-P"
	assert_eq "$(out 3)" "net 0 root" "-Q on the descriptor-held namespace"
	assert_eq "$(out 4)" "net 0 root" "-Q on the bind-mounted namespace"
	# COMMAND keeps empty arguments; JSON is valid UTF-8, escapes kept
	python3 - "$TMPDIR/w/6.out" "$s" "$x" <<-'EOF2' || fail "-J COMMAND"
	import json, sys
	doc = json.load(open(sys.argv[1], encoding="utf-8"))
	cmd = {str(r["pid"]): r["command"] for r in doc["namespaces"]}
	assert cmd[sys.argv[2]] == "sh -c sleep 1000; :  ", repr(cmd[sys.argv[2]])
	assert cmd[sys.argv[3]] == "x\x1b[31my\ufffd\ufffd\tz 1000", repr(cmd[sys.argv[3]])
	EOF2
	grep -q '\\u001b' "$TMPDIR/w/6.out" || fail "the escape is not written \\u001b"
	out 7 | grep -qF "$x x\x1b[31my\xff\xfe\x09z 1000" || fail "table: bytes not escaped as lsns does"
	# a namespace without processes as the argument: nothing, as lsns
	assert_eq "$(out 8)$(rc 8)" "0" "an inode without processes"
	# processes that cannot be read are left out silently...
	[ -n "$(out 9)" ] && [ -z "$(err 9)" ] && [ "$(rc 9)" = 0 ] || fail "stderr as nobody: $(err 9)"
	# ... unless asked
	assert_match "$(err 10)" '^nsls: the namespaces of [0-9]+ process(es)? could not be read \(permission denied\): PID 1' \
		"--warn-unreadable"
	# a deliberate difference: an absent PID is an error (lsns prints nothing)
	assert_eq "$(rc 11)" 1 "-p of an absent process"
	assert_match "$(err 11)" "^nsls: " "-p of an absent process"
}

run t_same_as_lsns "the same command lines through lsns and nsls: the same output, errors and status"
run t_errors_as_lsns "bad input: refused as lsns refuses it"
run t_as_current_lsns "as current lsns: persistent and descriptor-held namespaces, COMMAND, JSON, stderr"
finish
