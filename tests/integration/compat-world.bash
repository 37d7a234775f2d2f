# The world of tests/integration/compat.sh, run as PID 1 of a pid namespace
# of its own with a /proc of its own (unshare --pid --fork --mount
# --mount-proc), so that lsns and nsls see the same few processes and the
# same counts, whatever else the machine runs.
#
#   compat-world.bash OUTDIR CMDFILE
#
# Builds a fixed set of namespaces, then runs each line of CMDFILE (a
# command line, run as it is: lsns, nsls and nsjoin are found in PATH) and
# keeps its standard output, standard error and exit status in
# OUTDIR/N.{out,err,rc}. Lines may use $P (a process in new mnt, uts, ipc,
# net and pid namespaces), $U (one in a user namespace), $S (the shell
# whose command line ends in two empty arguments), $X (a process whose
# command line holds an escape and bytes that are not UTF-8) and $I (the
# inode of P's net namespace).
#
# With WORLD_PERSISTENT=1 it adds namespaces that no process is in: a
# network namespace bind-mounted at /run/netns/compat ($M, its inode) and
# one that only a descriptor holds, opened from /run/netns/gone before that
# mount went ($D; $H the holder).
set -u
out=$1 cmds=$2
mount --make-rprivate / 2>/dev/null

# new namespaces of every type, nested pid and user namespaces, and
# command lines that show how COMMAND is read: empty arguments, control
# characters, bytes that are not UTF-8
unshare --mount --uts --ipc --net --pid --fork sleep 1000 &
unshare --user --map-root-user --net sleep 1000 &
unshare --cgroup --time --fork sleep 1000 &
unshare --pid --fork unshare --pid --fork sleep 1000 &
unshare --uts sh -c 'sleep 1000; :' '' '' &
unshare --uts bash -c 'exec -a "$(printf "x\033[31my\xff\xfe\tz")" sleep 1000' &
if [ "${WORLD_PERSISTENT:-}" = 1 ]; then
	mkdir -p /run/netns
	mount -t tmpfs tmpfs /run/netns
	ip netns add compat
	ip netns add gone
	sleep 1000 7</run/netns/gone &
	H=$!
	ip netns delete gone
	M=$(stat -L -c %i /run/netns/compat)
	D=$(stat -L -c %i "/proc/$H/fd/7")
	export M D H
fi
sleep 0.5
S=$(pgrep -f '^sh -c sleep 1000; :' | head -1)
X=$(pgrep -f '^x' | head -1)
P=$(pgrep -f '^unshare --mount --uts' | head -1)
P=$(pgrep -P "$P" | head -1)
U=$(pgrep -f '^sleep 1000' -n)
for p in $(pgrep -x sleep); do
	[ "$(readlink /proc/$p/ns/user)" != "$(readlink /proc/1/ns/user)" ] && U=$p
done
I=$(stat -L -c %i "/proc/$P/ns/net")
export P U I S X

n=0
while IFS= read -r line; do
	[ -n "$line" ] || continue
	n=$((n + 1))
	eval "$line" >"$out/$n.out" 2>"$out/$n.err"
	echo $? >"$out/$n.rc"
done <"$cmds"
