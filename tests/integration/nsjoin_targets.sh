#!/bin/bash
# nsjoin's targets beyond a PID, through the resolver nsdiff and nstop use
# too: an nsrun container by name (its state record), containers in
# Docker-shaped and Kubernetes-shaped cgroups (names from runtime state
# files under --host-root; also nsrun containers placed there with
# --cgroup-path), a named netns, namespace inodes, a thread's id; an
# ambiguous id prefix, a PID that exits while nsjoin starts, a namespace
# type the kernel lacks, and every error nsjoin reports in one line.
. "$(dirname "$0")/lib.sh"
requires root cmd:unshare cmd:ip file:"$NSJOIN"

HROOT=$TMPDIR/hostroot
mkdir -p "$HROOT"

wait_comm() {
	local i
	for i in $(seq 100); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	echo "process $1 never ran $2"
	return 1
}

# ctr VAR HOSTNAME: a process in new net, uts, ipc, mnt and pid namespaces
# with the given hostname; VAR gets the PID of its init (the sleep).
ctr() {
	local __v=$1 __ctr_u __ctr_p
	spawn __ctr_u unshare --fork --pid --mount --uts --ipc --net --mount-proc \
		sh -c "hostname '$2'; exec sleep 600"
	__ctr_p=$(wait_children "$__ctr_u" 1)
	wait_comm "$__ctr_p" sleep
	printf -v "$__v" '%s' "$__ctr_p"
}

# hostname_via ARGS...: the hostname a program sees when run by nsjoin ARGS.
hostname_via() { "$NSJOIN" "$@" hostname; }

# starttime PID: field 22 of /proc/PID/stat.
starttime() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20; }

t_nsrun_record() {
	# an nsrun state record, as nsrun writes it, for a container made here
	export NSKIT_STATE_DIR=$TMPDIR/state
	local P
	ctr P nsjoin-rec
	mkdir -p "$NSKIT_STATE_DIR/containers"
	printf 'name=web-rec\npid=%s\nstarttime=%s\nlauncher=1\ncgroup=/nskit/web-rec\n' \
		"$P" "$(starttime "$P")" >"$NSKIT_STATE_DIR/containers/web-rec"
	assert_eq "$(hostname_via -t web-rec -u)" nsjoin-rec "by name"
	# a name and no namespace option: what differs is entered
	assert_eq "$(hostname_via -t web-rec)" nsjoin-rec "by name, no option"
	assert_eq "$("$NSJOIN" -t web-rec readlink /proc/self/ns/user)" "$(readlink /proc/$$/ns/user)"
	assert_eq "$(hostname_via -t nsrun:web-rec -u)" nsjoin-rec "nsrun:NAME"
	assert_eq "$("$NSJOIN" -t web-rec -a readlink /proc/self/ns/net)" "$(readlink /proc/$P/ns/net)"
	# a record whose init is gone (another start time): not running
	printf 'name=web-old\npid=%s\nstarttime=1\nlauncher=1\n' "$P" \
		>"$NSKIT_STATE_DIR/containers/web-old"
	out=$("$NSJOIN" -t web-old -u true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: nsrun container 'web-old' is not running"
}

t_nsrun_real() {
	[ -x "$NSRUN" ] || fail "build/nsrun is not built"
	export NSKIT_STATE_DIR=$TMPDIR/state
	defer "'$NSRUN' stop nsjoin-n1; '$NSRUN' rm nsjoin-n1"
	"$NSRUN" -d --name nsjoin-n1 --hostname nsjoin-n1 -- sleep 600 >/dev/null
	assert_eq "$(hostname_via -t nsjoin-n1 -u)" nsjoin-n1 "nsrun container by name"
	assert_eq "$(hostname_via -t nsjoin-n1 -a)" nsjoin-n1 "-a by name"
	# and in a Docker-shaped cgroup of our choosing
	local id=0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
	defer "'$NSRUN' stop nsjoin-n2; '$NSRUN' rm nsjoin-n2"
	"$NSRUN" -d --name nsjoin-n2 --hostname nsjoin-n2 \
		--cgroup-path "/system.slice/docker-$id.scope" -- sleep 600 >/dev/null
	assert_eq "$(hostname_via -t 0a1b2c3d -u)" nsjoin-n2 "by the Docker id prefix"
	# and as the app container of a Kubernetes pod
	local uid=9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
	local kid=ee33ff4400112233445566778899aabbccddeeff00112233445566778899aabb
	defer "'$NSRUN' stop nsjoin-n3; '$NSRUN' rm nsjoin-n3"
	"$NSRUN" -d --name nsjoin-n3 --hostname nsjoin-n3 --cgroup-path \
		"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid//-/_}.slice/cri-containerd-$kid.scope" \
		-- sleep 600 >/dev/null
	assert_eq "$(hostname_via -t "$uid" -u)" nsjoin-n3 "by pod UID"
	assert_eq "$(hostname_via -t ee33ff -u)" nsjoin-n3 "by container id prefix"
}

DOCKER_A=5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
DOCKER_B=5e6f7aaaa2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d

docker_ctr() {	# VAR ID NAME
	local __v=$1 __dk_p
	ctr __dk_p "$3"
	cgroup_place "/system.slice/docker-$2.scope" "$__dk_p"
	mkdir -p "$HROOT/var/lib/docker/containers/$2"
	printf '{"ID":"%s","Name":"/%s","State":{"Running":true}}\n' "$2" "$3" \
		>"$HROOT/var/lib/docker/containers/$2/config.v2.json"
	printf -v "$__v" '%s' "$__dk_p"
}

t_docker() {
	local A
	docker_ctr A "$DOCKER_A" nsjoin-web
	# a worker in the same container: the init is still the one entered
	nsenter -t "$A" -a sleep 600 &
	local w=$!
	defer "kill $w"
	cgroup_place "/system.slice/docker-$DOCKER_A.scope" "$w"
	assert_eq "$(hostname_via --host-root "$HROOT" -t nsjoin-web -u)" nsjoin-web "by name"
	assert_eq "$(hostname_via -t "$DOCKER_A" -u)" nsjoin-web "by full id"
	assert_eq "$(hostname_via -t 5e6f70 -u)" nsjoin-web "by id prefix"
	assert_eq "$(hostname_via -t container:5e6f -u)" nsjoin-web "container:PREFIX"
	assert_eq "$("$NSJOIN" -t 5e6f70 -a readlink /proc/self/ns/mnt)" "$(readlink /proc/$A/ns/mnt)"
	# without the state file there is no name, but the id still works
	out=$("$NSJOIN" -t nsjoin-web -u true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: no process, container, pod or netns matches 'nsjoin-web'"
}

t_ambiguous() {
	local A B out rc
	docker_ctr A "$DOCKER_A" nsjoin-a
	docker_ctr B "$DOCKER_B" nsjoin-b
	out=$("$NSJOIN" --host-root "$HROOT" -t 5e6f7 -u true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "an ambiguous prefix fails"
	assert_eq "$(echo "$out" | head -1)" "nsjoin: target '5e6f7' is ambiguous; it matches:"
	assert_match "$(echo "$out" | sed -n 2p)" "^  5e6f708192a3  nsjoin-a +docker +PID $A$"
	assert_match "$(echo "$out" | sed -n 3p)" "^  5e6f7aaaa2a3  nsjoin-b +docker +PID $B$"
	assert_eq "$(echo "$out" | wc -l)" 3
	# one more character decides; a name is exact
	assert_eq "$(hostname_via -t 5e6f70 -u)" nsjoin-a
	assert_eq "$(hostname_via -t 5e6f7a -u)" nsjoin-b
	assert_eq "$(hostname_via --host-root "$HROOT" -t nsjoin-b -u)" nsjoin-b
}

POD_UID=4c5d6e7f-8091-4a2b-b3c4-d5e6f7081920
PAUSE_ID=cc11dd22ee33ff4400112233445566778899aabbccddeeff0011223344556677
APP_ID=dd22ee33ff44001122334455667788990011aabbccddeeff0011223344556677

t_kubernetes() {
	local pod=/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_UID//-/_}.slice
	local S A id d
	# the sandbox holds net, uts, ipc; the app joins them with mnt and pid of its own
	ctr S shop-pod
	spawn A_U nsenter -t "$S" -n -u -i unshare --fork --pid --mount --mount-proc sleep 601
	A=$(wait_children "$A_U" 1)
	wait_comm "$A" sleep
	cgroup_place "$pod/cri-containerd-$PAUSE_ID.scope" "$S"
	cgroup_place "$pod/cri-containerd-$APP_ID.scope" "$A"
	for id in $PAUSE_ID $APP_ID; do
		d=$HROOT/run/containerd/io.containerd.runtime.v2.task/k8s.io/$id
		mkdir -p "$d"
		[ "$id" = "$PAUSE_ID" ] && name="" || name=app
		printf '{"annotations":{"io.kubernetes.cri.container-name":"%s","io.kubernetes.cri.sandbox-name":"shop","io.kubernetes.cri.sandbox-namespace":"default","io.kubernetes.cri.sandbox-uid":"%s"}}\n' \
			"$name" "$POD_UID" >"$d/config.json"
	done
	local H="--host-root $HROOT"
	# the pod: its sandbox
	assert_eq "$("$NSJOIN" $H -t default/shop -a readlink /proc/self/ns/mnt)" \
		"$(readlink /proc/$S/ns/mnt)" "a pod is entered through its sandbox"
	assert_eq "$("$NSJOIN" -t "$POD_UID" -a readlink /proc/self/ns/mnt)" \
		"$(readlink /proc/$S/ns/mnt)" "by pod UID (from the cgroup path)"
	assert_eq "$("$NSJOIN" $H -t pod:default/shop -n readlink /proc/self/ns/net)" \
		"$(readlink /proc/$S/ns/net)"
	# one of its containers
	assert_eq "$("$NSJOIN" $H -t default/shop/app -a readlink /proc/self/ns/mnt)" \
		"$(readlink /proc/$A/ns/mnt)" "namespace/pod/container"
	assert_eq "$("$NSJOIN" $H -t app -p readlink /proc/self/ns/pid)" \
		"$(readlink /proc/$A/ns/pid)" "by container name"
	assert_eq "$(hostname_via $H -t default/shop/app -u)" shop-pod "the pod's uts"
	out=$("$NSJOIN" $H -t default/nosuch -u true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: no process, container, pod or netns matches 'default/nosuch'"
	out=$("$NSJOIN" $H -t pod:default/nosuch -u true 2>&1) || true
	assert_eq "$out" "nsjoin: no pod matches 'default/nosuch'"
}

t_netns() {
	local name=nsjoin-blue ino
	ip netns add "$name"
	defer "ip netns del $name"
	ip -n "$name" link set lo up
	ino=$(stat -L -c %i "/run/netns/$name")
	for t in "$name" "netns:$name" "/run/netns/$name" "ns:/run/netns/$name"; do
		assert_eq "$("$NSJOIN" -t "$t" -n readlink /proc/self/ns/net)" "net:[$ino]" "-t $t"
		# -a: the netns is all there is to enter
		assert_eq "$("$NSJOIN" -t "$t" -a readlink /proc/self/ns/net)" "net:[$ino]" "-t $t -a"
	done
	# nsenter's spelling of the same
	assert_eq "$("$NSJOIN" --net=/run/netns/$name readlink /proc/self/ns/net)" "net:[$ino]"
	assert_eq "$("$NSJOIN" -t "$name" -n ip -o link show | cut -d: -f2)" " lo" "what is inside"
	# a namespace target and no namespace option: that namespace
	assert_eq "$("$NSJOIN" -t "$name" ip -o link show | cut -d: -f2)" " lo" "no option: entered"
	# by its inode: it has no process, so the bind mount is entered
	assert_eq "$("$NSJOIN" -t "net:[$ino]" -n readlink /proc/self/ns/net)" "net:[$ino]"
	assert_eq "$("$NSJOIN" -t "$ino" -n readlink /proc/self/ns/net)" "net:[$ino]"
	# a netns target has no other namespace
	out=$("$NSJOIN" -t "$name" -u true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: netns $name has no uts namespace"
	out=$("$NSJOIN" -t netns:nosuch -n true 2>&1) || true
	assert_eq "$out" "nsjoin: no network namespace named 'nosuch'"
}

t_inode() {
	local P ino
	ctr P nsjoin-ino
	ino=$(ns_ino "$P" uts)
	assert_eq "$(hostname_via -t "uts:[$ino]" -u)" nsjoin-ino "type:[inode]"
	assert_eq "$(hostname_via -t "uts:$ino" -u)" nsjoin-ino "type:inode"
	assert_eq "$(hostname_via -t "$ino" -u)" nsjoin-ino "the bare inode, with -u"
	# the bare inode, no type given: found anyway; -a means that one namespace
	assert_eq "$("$NSJOIN" -t "$ino" -a sh -c 'hostname; readlink /proc/self/ns/net')" \
		"$(printf 'nsjoin-ino\n%s' "$(readlink /proc/$$/ns/net)")" "-a enters only that one"
	out=$("$NSJOIN" -t "net:[$ino]" -n true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: no namespace net:[$ino]"
	out=$("$NSJOIN" -t 4026999999 -n true 2>&1) || true
	assert_eq "$out" "nsjoin: no namespace 4026999999"
}

t_pid_exits_while_starting() {
	# targets that end at random moments while nsjoin resolves, opens and
	# enters: nsjoin either enters and runs, or says the target is gone;
	# never another status, never a crash
	local i p out rc ok=0 gone=0
	for i in $(seq 40); do
		unshare --net --uts sleep "0.0$((RANDOM % 4))" &
		p=$!
		out=$("$NSJOIN" -t "$p" -n -u true 2>&1) && rc=0 || rc=$?
		wait "$p" || true
		case $rc in
		0) ok=$((ok + 1)) ;;
		1) assert_match "$out" "^nsjoin: (no process with PID $p|PID $p is gone|cannot (use|enter) .*PID $p.*)$"
		   gone=$((gone + 1)) ;;
		*) fail "status $rc: $out" ;;
		esac
	done
	diag "$ok entered, $gone gone"
}

t_errors() {
	local P out rc
	ctr P nsjoin-err
	check() {	# EXPECTED-REGEX ARGS...
		local re=$1
		shift
		out=$("$NSJOIN" "$@" 2>&1 </dev/null) && rc=0 || rc=$?
		assert_eq "$rc" 1 "status of nsjoin $*" || return 1
		assert_eq "$(echo "$out" | wc -l)" 1 "one line for nsjoin $*" || return 1
		assert_match "$out" "$re" "nsjoin $*"
	}
	check "^nsjoin: no process with PID 4000000$" -t 4000000 -n true
	check "^nsjoin: invalid target '0'$" -t 0 -n true
	check "^nsjoin: invalid target 'net:\[x\]'$" -t 'net:[x]' -n true
	check "^nsjoin: no process, container, pod or netns matches 'nosuch-ctr'$" -t nosuch-ctr -n true
	check "^nsjoin: no container matches 'nosuch'$" -t container:nosuch -n true
	check "^nsjoin: already in the user namespace of PID $$$" -t $$ -U true
	check "^nsjoin: '/etc/passwd' is not a net namespace$" -n=/etc/passwd true
	check "^nsjoin: '/proc/$P/ns/uts' is not a net namespace$" --net=/proc/$P/ns/uts true
	check "^nsjoin: '/dev/null' is not a uts namespace$" --uts=/dev/null true
	check "^nsjoin: cannot open root directory '/nonexistent': No such file or directory$" -t $P -a -r=/nonexistent true
	check "^nsjoin: cannot open working directory '/etc/passwd': Not a directory$" -t $P -a -w=/etc/passwd true
	check "^nsjoin: cannot open working directory '/nonexistent': No such file or directory$" -t $P -a -W /nonexistent true
	check "^nsjoin: --mount-proc needs a pid namespace to enter \(-p\)$" -t $P -n --mount-proc true
	check "^nsjoin: failed to parse file descriptor 'x'$" -t $P -N x true
	check "^nsjoin: cannot get the network namespace of socket 99 of PID $P: Bad file descriptor$" -t $P -N 99 true
	check "^nsjoin: cannot open '/nonexistent': No such file or directory$" -n=/nonexistent true
	check "^nsjoin: '/etc/passwd' is not a namespace$" -t /etc/passwd -n true
	check "^nsjoin: option --target may be given only once$" -t $P -t $P -n true
	check "^nsjoin: neither a file nor a target for the net namespace$" -n true
	check "^nsjoin: no target specified for --all$" -a true
	check "^nsjoin: --wd and --wdns are mutually exclusive$|^nsjoin: -W and -w are mutually exclusive$|mutually exclusive" -t $P -w -W /tmp true
	check "^nsjoin: failed to parse uid 'abc'$" -t $P -S abc true
	out=$("$NSJOIN" --frobnicate 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "nsjoin: unrecognized option '--frobnicate'"
	assert_match "$out" "Try 'nsjoin --help' for more information."
	# a PID (or nothing) and no namespace to enter: an error, as nsenter
	# since util-linux 2.41, whatever else was asked
	check "^nsjoin: no namespace specified$" -t $P hostname
	check "^nsjoin: no namespace specified$" -t $P -r hostname
	check "^nsjoin: no namespace specified$" -t $P -w hostname
	check "^nsjoin: no namespace specified$" -t $P -S 0 hostname
	check "^nsjoin: no namespace specified$" hostname
	# what only a process has, asked of a target that is none (a netns)
	ip netns add nsjoin-err
	defer "ip netns del nsjoin-err"
	check "^nsjoin: netns nsjoin-err has no process to take the root directory from$" -t nsjoin-err -r true
	check "^nsjoin: netns nsjoin-err has no process to take the working directory from$" -t nsjoin-err -w true
	check "^nsjoin: netns nsjoin-err has no process to take the environment from$" -t nsjoin-err -e true
	check "^nsjoin: netns nsjoin-err has no process to take the cgroups from$" -t nsjoin-err -c true
	check "^nsjoin: netns nsjoin-err has no process to take the uid or gid to follow from$" -t nsjoin-err -S follow true
	check "^nsjoin: netns nsjoin-err has no process to take socket 0 from$" -t nsjoin-err -N 0 true
	check "^nsjoin: netns nsjoin-err has no process to take the user namespace from$" -t nsjoin-err --user-parent true
	check "^nsjoin: netns nsjoin-err has no pid namespace$" -t nsjoin-err -p true
	# with a directory given, none is needed
	assert_eq "$("$NSJOIN" -t nsjoin-err -r=/ -w=/tmp pwd)" /tmp
	# permission: an unprivileged user against root's container
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NSJOIN" -t "$P" -n true 2>&1) &&
		rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: cannot enter the net namespace of PID $P: Operation not permitted"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NSJOIN" -t "$P" -n --no-pidfd true 2>&1) &&
		rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: cannot open '/proc/$P/ns/net': Permission denied"
}

run t_nsrun_record "an nsrun container by name, from its state record"
run t_nsrun_real "nsrun containers by name and in a Docker-shaped cgroup"
run t_docker "a container in a Docker-shaped cgroup by name, id and id prefix"
run t_ambiguous "an ambiguous id prefix lists the candidates and fails"
run t_kubernetes "a Kubernetes-shaped pod by namespace/name and UID, and its containers"
run t_netns "a named netns by name, prefix, path and inode"
run t_inode "a namespace by inode, with and without its type"
t_foreign_proc_root() {
	# the /proc of a container's pid namespace, mounted where we can see it
	# (as a host's /proc is in a pod without hostPID): its PIDs are not
	# ours, so PID 1 there must be the container's init, not ours
	local cproc=$TMPDIR/cproc P
	mkdir -p "$cproc"
	spawn P_U unshare --fork --pid --uts sh -c "hostname nsjoin-foreign; mount -t proc proc '$cproc'; exec sleep 600"
	P=$(wait_children "$P_U" 1)
	wait_comm "$P" sleep
	defer "umount -l '$cproc'"
	wait_for test -e "$cproc/1/stat"
	assert_eq "$(hostname_via --proc-root "$cproc" -t 1 -u)" nsjoin-foreign "PID 1 of that /proc"
	assert_eq "$(hostname_via --proc-root "$cproc" -t 1 -a)" nsjoin-foreign "-a"
	assert_eq "$("$NSJOIN" --proc-root "$cproc" -t 1 -p readlink /proc/self/ns/pid)" \
		"$(readlink /proc/$P/ns/pid)" "its pid namespace"
}

t_thread() {
	# a thread in namespaces of its own (unshare(2) in a thread): nsenter
	# takes its id as -t, and so does nsjoin, through a thread pidfd
	command -v cc >/dev/null 2>&1 || skip_test "needs a C compiler for the helper"
	cat >"$TMPDIR/thr.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <pthread.h>
	#include <sched.h>
	#include <stdio.h>
	#include <unistd.h>
	#include <sys/syscall.h>
	static void *fn(void *a)
	{
		(void)a;
		if (unshare(CLONE_NEWUTS | CLONE_NEWNET) || sethostname("nsjoin-thread", 13))
			return NULL;
		printf("%ld\n", (long)syscall(SYS_gettid));
		fflush(stdout);
		for (;;)
			pause();
	}
	int main(void)
	{
		pthread_t t;
		pthread_create(&t, NULL, fn, NULL);
		for (;;)
			pause();
	}
	EOF
	cc -o "$TMPDIR/thr" "$TMPDIR/thr.c" -lpthread || skip_test "cannot build the helper"
	local TH tid f
	spawn TH sh -c "exec '$TMPDIR/thr' >'$TMPDIR/thr.tid'"
	wait_for test -s "$TMPDIR/thr.tid" || fail "the thread never started"
	tid=$(cat "$TMPDIR/thr.tid")
	[ "$tid" != "$TH" ] || fail "the thread is the process"
	assert_eq "$(nsenter -t "$tid" -u hostname)" nsjoin-thread "nsenter -t TID"
	for f in "" --no-pidfd; do
		assert_eq "$("$NSJOIN" -t "$tid" -u $f hostname)" nsjoin-thread "nsjoin -t TID $f"
		assert_eq "$("$NSJOIN" -t "$tid" -n -u $f readlink /proc/self/ns/net)" \
			"$(readlink "/proc/$TH/task/$tid/ns/net")" "net of the thread $f"
	done
	# the process itself (its leader) is in ours
	assert_eq "$("$NSJOIN" -t "$TH" -u hostname)" "$(hostname)" "the leader"
}

t_kernel_lacks_type() {
	# a kernel without time namespaces has no ns/time links: a proc root
	# shaped so (each link's text as the kernel's, and a chain of links to
	# the real namespace file so that it can be entered) shows what nsjoin
	# says there
	local P fake=$TMPDIR/oldproc t l out rc
	ctr P nsjoin-old
	mkdir -p "$fake/self/ns" "$fake/$P/ns"
	for t in mnt net pid uts ipc user cgroup; do
		l=$(readlink "/proc/$P/ns/$t")
		ln -s "$l" "$fake/$P/ns/$t"
		ln -s "/proc/$P/ns/$t" "$fake/$P/ns/$l"
		ln -s "$(readlink "/proc/self/ns/$t")" "$fake/self/ns/$t"
	done
	cp "/proc/$P/stat" "$fake/$P/stat"
	out=$("$NSJOIN" --proc-root "$fake" -t "$P" -T true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: the kernel has no time namespaces"
	# the rest is entered through that root: -a leaves out what there is not
	assert_eq "$("$NSJOIN" --proc-root "$fake" -t "$P" -u hostname)" nsjoin-old "-u"
	assert_eq "$("$NSJOIN" --proc-root "$fake" -t "$P" -a sh -c \
		'hostname; readlink /proc/self/ns/net /proc/self/ns/time')" \
		"$(printf 'nsjoin-old\n%s\n%s' "$(readlink /proc/$P/ns/net)" \
			"$(readlink /proc/$$/ns/time)")" "-a"
}

run t_thread "a thread's id as the target, as nsenter takes it"
run t_kernel_lacks_type "a namespace type the kernel lacks: said in one line"
run t_foreign_proc_root "--proc-root of another pid namespace: the right process is entered"
run t_pid_exits_while_starting "a PID that exits while nsjoin starts: entered or gone, nothing else"
run t_errors "errors: one line, status 1"
finish
