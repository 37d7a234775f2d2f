#!/bin/bash
# Every JSON mode of every tool against its schema in docs/json/: on the
# fixture tree, on the live system, and with hostile strings (bytes that are
# not UTF-8, control characters) in command lines and hostnames. The output
# must be UTF-8, valid JSON (JSON Lines for nstop) and match the schema.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"

VALIDATE=$(cd "$(dirname "$0")/.." && pwd)/validate-json
requires file:/usr/bin/python3
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null ||
	_t_skip_reason="needs python3-jsonschema (scripts/deps.sh)"

# check SCHEMA [--lines] -- COMMAND...: run it, validate its output.
check() {
	local schema=$1 lines=""
	shift
	[ "$1" = --lines ] && { lines=--lines; shift; }
	[ "$1" = -- ] && shift
	"$@" 2>"$TMPDIR/err" | "$VALIDATE" "$schema" $lines ||
		fail "$schema: $*: $(head -c 300 "$TMPDIR/err")"
}

# A process whose command line and a namespace whose hostname hold an
# escape, a tab and bytes that are not UTF-8.
HOSTILE=$(printf 'x\033[31my\xff\xfe\tz')

t_fixture() {
	local fx=$TMPDIR/fx p="--proc-root $TMPDIR/fx/proc --host-root $TMPDIR/fx/root"
	sh "$FIXTURES/mkproc.sh" "$fx" >/dev/null
	# shellcheck disable=SC2086
	{
		check nsls -- "$NSLS" $p -J
		check nsls -- "$NSLS" $p -J -l --output-all
		check nsls -- "$NSLS" $p -J -T=owner
		check nsls -- "$NSLS" $p -J -T=parent -o NS,TYPE,PNS,ONS
		check nsls -- "$NSLS" $p -J -p 201
		check nsls -- "$NSLS" $p -J -P -o NS,TYPE,NSFS,HOLDER
		check nsls -- "$NSLS" $p -J -l -t net -o +NETNSID,CONTAINER,POD
		check columns -- "$NSLS" -H -J
		check nstop --lines -- "$NSTOP" $p -b -J -n 2 -d 0.05
		check nstop --lines -- "$NSTOP" $p -b -J -n 2 -d 0.05 -c
		check nstop --lines -- "$NSTOP" $p -b -J -n 2 -d 0.05 -T
		check nstop --lines -- "$NSTOP" $p -b -J -n 2 -d 0.05 -c -o +NS,TYPE,NETLIM,NSPID
		check nstop --lines -- "$NSTOP" $p -b -J -n 2 -d 0.05 -o +MEMCG,MEMLIM,MEM%,PIDS,PIDLIM,BLKR/s,BLKW/s,THROTTLED,NETLIM,USER,S
		check columns -- "$NSTOP" -H -J
		check nsdiff-all -- "$NSDIFF" $p --all -J
	}
	# nsdiff's exit status 1 means "different": the document is what counts
	# shellcheck disable=SC2086
	check nsdiff -- "$NSDIFF" $p -J 200 || true
	# shellcheck disable=SC2086
	"$NSDIFF" $p -J 200 2>/dev/null | "$VALIDATE" nsdiff || fail "nsdiff on the fixture"
}

t_live() {
	local sleeper
	spawn sleeper unshare --mount --uts --net --ipc --pid --fork --mount-proc sleep 1000
	wait_ns "$sleeper" net
	check nsls -- "$NSLS" -J
	check nsls -- "$NSLS" -J -l --output-all
	check nsls -- "$NSLS" -J -T=owner
	check nsls -- "$NSLS" -J -p "$sleeper"
	check nstop --lines -- "$NSTOP" -b -J -n 2 -d 0.2
	check nstop --lines -- "$NSTOP" -b -J -n 2 -d 0.2 -c -t net
	check nstop --lines -- "$NSTOP" -b -J -n 2 -d 0.2 -c -o +NETLIM,NS
	check nstop --lines -- "$NSTOP" -b -J -n 2 -d 0.2 -o +MEMCG,MEMLIM,MEM%,PIDS,PIDLIM,BLKR/s,BLKW/s,THROTTLED,NETLIM
	"$NSDIFF" -J "$sleeper" 2>/dev/null | "$VALIDATE" nsdiff || fail "nsdiff -J"
	"$NSDIFF" -J -d "$sleeper" 2>/dev/null | "$VALIDATE" nsdiff || fail "nsdiff -J -d"
}

t_nsrun() {
	local net=js$$
	nsrun_ct() {	# NAME ARGS...
		local name=$1
		shift
		"$NSRUN" -d --name "$name" "$@" -- sleep 1000 >/dev/null || fail "nsrun $name"
		defer "'$NSRUN' rm -f '$name'"
	}
	nsrun_ct "${net}a" --net "bridge:$net" --net-rate 10mbit -m 64m --memory-swap -1 \
		--cpu-shares 512 --pids-limit 20
	defer "'$NSRUN' network rm '$net'"
	nsrun_ct "${net}b" -m 32m --memory-reservation 16m --cpuset-cpus 0 --cpus 0.5
	# a container the OOM killer ends: its record stays
	"$NSRUN" -d --name "${net}o" -m 16m -- dd if=/dev/zero of=/dev/null bs=64M count=1 \
		>/dev/null 2>&1 || true
	defer "'$NSRUN' rm -f '${net}o'"
	wait_for sh -c "'$NSRUN' inspect '${net}o' | grep -q oom-killed"
	check nsrun-inspect -- "$NSRUN" inspect "${net}o"
	check nstop --lines -- "$NSTOP" -b -J -n 2 -d 0.2 -c
	check nsrun-ls -- "$NSRUN" ls -J
	check nsrun-ls -- "$NSRUN" ls -J -o NAME,PID,CREATED,NAMESPACES,LAUNCHER
	check nsrun-network-ls -- "$NSRUN" network ls -J
	check nsrun-inspect -- "$NSRUN" inspect "${net}a" "${net}b"
	check nsdiff-all -- "$NSDIFF" --all -J
	"$NSRUN" stop "${net}b" >/dev/null
	check nsrun-inspect -- "$NSRUN" inspect "${net}b"
	check nsrun-ls -- "$NSRUN" ls -J -a
	# an image, and a container of it kept once it ended
	local img=$TMPDIR/js-image root=$TMPDIR/js-root
	export NSKIT_IMAGE_DIR=$TMPDIR/js-images
	"$NSRUN" rootfs "$root" >/dev/null
	"$(dirname "$0")/../../scripts/oci-image.sh" --name js/img:1 --cmd '["true"]' "$img" "$root"
	"$NSRUN" image load -q "$img"
	"$NSRUN" run -d -t --name "${net}i" js/img:1 >/dev/null
	defer "'$NSRUN' rm -f '${net}i'"
	wait_for grep -q '^state=exited' "$NSKIT_STATE_DIR/containers/${net}i"
	check nsrun-inspect -- "$NSRUN" inspect "${net}i"
	check nsrun-images -- "$NSRUN" images -J
	check nsrun-images -- "$NSRUN" images -J --no-trunc
}

t_hostile() {
	local odd
	# (hostname(1) refuses such a name; the kernel takes any bytes)
	spawn odd unshare --uts bash -c \
		"printf %s \"\$1\" >/proc/sys/kernel/hostname; exec -a \"\$1\" sleep 1000" - "$HOSTILE"
	wait_ns "$odd" uts
	check nsls -- "$NSLS" -J -t uts
	check nsls -- "$NSLS" -J -l -p "$odd" -o NS,TYPE,COMMAND
	check nstop --lines -- "$NSTOP" -b -J -n 2 -d 0.2 -t uts
	"$NSDIFF" -J -d -t uts "$odd" 2>/dev/null | "$VALIDATE" nsdiff || fail "nsdiff -J -d (hostname)"
	# and the bytes became U+FFFD, the escape \u001b
	"$NSLS" -J -t uts -o PID,COMMAND | grep -qF "$(printf 'x\\u001b[31my\357\277\275\357\277\275\\tz')" ||
		fail "nsls -J: the hostile command line is not escaped as expected"
}

run t_fixture "every JSON mode on the fixture tree matches its schema"
run t_live "on the live system" root
run t_nsrun "nsrun ls, network ls and inspect, running and exited" root
run t_hostile "command lines and hostnames with any bytes: still UTF-8, still the schema" root
finish
