#!/bin/bash
# `make demo`: a few namespace sets, and the tools on them. Cleans up after
# itself however it ends. Run as root.
set -u
: "${NSKIT_BIN:?NSKIT_BIN must name the build directory}"
export PATH="$NSKIT_BIN:$PATH"

if [ "$(id -u)" != 0 ]; then
	echo "demo.sh: run as root: sudo make demo" >&2
	exit 1
fi

pgroups=()
netns=nskit-demo-$$
cleanup() {
	local g
	for g in "${pgroups[@]}"; do
		kill -KILL -- "-$g" 2>/dev/null
	done
	ip netns del "$netns" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Where some process cannot be read (PID 1 in some sandboxes) nsls says so
# on stderr; the demo shows that once.
quiet=0
show() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	if [ $quiet = 1 ]; then
		"$@" 2>/dev/null
	else
		"$@"
		quiet=1
	fi
}

# A "web" set (its own net, uts, ipc, pid and mount namespaces), a "db" set
# that is rootless-style (a user namespace of its own), and a bind-mounted
# network namespace that no process is in.
setsid unshare --net --uts --ipc --pid --mount --fork --mount-proc \
	sh -c 'hostname web; sleep 1000 & sleep 1000 & exec sleep 1000' </dev/null >/dev/null 2>&1 &
pgroups+=($!)
disown
setsid unshare --user --map-root-user --net --pid --fork \
	sh -c 'sleep 1000 & exec sleep 1000' </dev/null >/dev/null 2>&1 &
pgroups+=($!)
disown
ip netns add "$netns"
sleep 0.5

web=$(pgrep -P "${pgroups[0]}" | head -1)

show nsls
show nsls -t net
show nsls -p "$web" -o NS,TYPE,NPROCS,HOST
show nsls -P -o NS,TYPE,NPROCS,USER,HOLDER,NSFS
show nsls --tree=owner -o NS,TYPE,NPROCS,PID,COMMAND
show nsls -l -Q 'NPROCS >= 3 && HOST == "no"'
echo
echo "Cleaning up."
