#!/bin/bash
# Real containerd (1.6) through ctr, with its own root, state and socket:
# a container in a namespace of its own ("/tenant/NAME", an id that is a
# name), and what kubelet leaves through the CRI plugin, played with ctr:
# a sandbox and a container in k8s.io with CRI's annotations and cgroups.
# The image is an OCI archive of a busybox root made here; containers get
# a network namespace of their own with nothing in it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runtime-helpers.bash"

requires root cmd:containerd cmd:ctr cmd:runc cmd:jq cmd:lsns cmd:nsenter cmd:sha256sum

C=$TMPDIR/ctd
IMG=docker.io/library/nskit-bb:1
POD_UID=6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d
SB=c0ffee0000000000000000000000000000000000000000000000000000000a$$
SB=${SB: -64}
APP=c0ffee0000000000000000000000000000000000000000000000000000000b$$
APP=${APP: -64}
ctr() { command ctr -a "$C/c.sock" "$@"; }

# oci_archive ROOTTAR OUT: an OCI image layout of one uncompressed layer, as a tar.
oci_archive() {
	local d=$TMPDIR/oci l ls c cs m ms
	mkdir -p "$d/blobs/sha256"
	l=$(sha256sum "$1" | cut -d' ' -f1) ls=$(stat -c %s "$1")
	cp "$1" "$d/blobs/sha256/$l"
	printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$l" >"$d/c"
	c=$(sha256sum "$d/c" | cut -d' ' -f1) cs=$(stat -c %s "$d/c")
	mv "$d/c" "$d/blobs/sha256/$c"
	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
		"$c" "$cs" "$l" "$ls" >"$d/m"
	m=$(sha256sum "$d/m" | cut -d' ' -f1) ms=$(stat -c %s "$d/m")
	mv "$d/m" "$d/blobs/sha256/$m"
	printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"1"}}]}' \
		"$m" "$ms" "$IMG" >"$d/index.json"
	echo '{"imageLayoutVersion":"1.0.0"}' >"$d/oci-layout"
	tar -C "$d" -cf "$2" oci-layout index.json blobs
}

# remove_all NS: kill and delete every task and container of a namespace
remove_all() {
	local t
	for t in $(ctr -n "$1" t ls -q 2>/dev/null); do ctr -n "$1" t kill -s KILL "$t"; done
	sleep 0.5
	for t in $(ctr -n "$1" c ls -q 2>/dev/null); do
		ctr -n "$1" t rm -f "$t" >/dev/null 2>&1
		ctr -n "$1" c rm "$t" >/dev/null 2>&1
	done
}

setup() {
	local i
	mkdir -p "$C"
	cat >"$C/config.toml" <<CONF
version = 2
root = "$C/root"
state = "$C/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$C/c.sock"
[ttrpc]
  address = "$C/c.sock.ttrpc"
CONF
	defer "unmount_under $TMPDIR"
	defer "wait_gone $TMPDIR"
	start_daemon containerd "$TMPDIR/containerd.pid" "$TMPDIR/containerd.log" \
		containerd --config "$C/config.toml"
	defer 'remove_all tenant; remove_all k8s.io'
	for i in $(seq 50); do
		ctr version >/dev/null 2>&1 && break
		sleep 0.2
	done
	ctr version >/dev/null || return 1
	busybox_root "$TMPDIR/bb" && oci_archive "$TMPDIR/bb.tar" "$TMPDIR/bb-oci.tar" || return 1
	ctr -n tenant images import "$TMPDIR/bb-oci.tar" >/dev/null || return 1
	ctr -n k8s.io images import "$TMPDIR/bb-oci.tar" >/dev/null || return 1
	hr_link run/containerd/io.containerd.runtime.v2.task "$C/state/io.containerd.runtime.v2.task"
	hr_link run/containerd/runc /run/containerd/runc
}

if [ -z "$_t_skip_reason" ]; then
	setup >"$TMPDIR/setup.log" 2>&1 || _t_skip_reason="containerd does not start here: $(tail -1 "$TMPDIR/setup.log")"
fi

tpid() { ctr -n "$1" t ls | awk -v c="$2" '$1 == c {print $2}'; }
off_stopped() { ctr -n tenant t ls | grep -q '^off .*STOPPED'; }

cri() {	# TYPE EXTRA...: CRI's annotations of the test's pod
	local a
	for a in "io.kubernetes.cri.container-type=$1" "io.kubernetes.cri.sandbox-id=$SB" \
		"io.kubernetes.cri.sandbox-name=shop-7d9" "io.kubernetes.cri.sandbox-namespace=prod" \
		"io.kubernetes.cri.sandbox-uid=$POD_UID" "${@:2}"; do
		printf -- '--annotation %s ' "$a"
	done
}

t_tenant() {
	ctr -n tenant run -d "$IMG" mybox sh -c 'sleep 10000 & sleep 10001' >/dev/null
	ctr -n tenant run -d "$IMG" off true >/dev/null
	wait_for test -n "$(tpid tenant mybox)"
	assert_match "$(cat "/proc/$(tpid tenant mybox)/cgroup")" ":/tenant/mybox" "the cgroup"
	check_named "$(tpid tenant mybox)" mybox containerd
	check_join mybox "$(tpid tenant mybox)"
	assert_eq "$(nstop_nprocs mybox)" "$(ctr -n tenant t ps mybox | tail -n +2 | wc -l)" \
		"nstop -c against ctr task ps"
}

t_stopped() {
	local out rc
	wait_for off_stopped
	out=$("$NSJOIN" --host-root "$HR" -t off true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status" && assert_eq "$out" "nsjoin: container 'off' (containerd) is not running"
}

t_cri() {
	local sp ap
	# shellcheck disable=SC2046
	ctr -n k8s.io run -d $(cri sandbox) --cgroup "/kubepods/besteffort/pod$POD_UID/$SB" \
		"$IMG" "$SB" sleep 10000 >/dev/null
	sp=$(tpid k8s.io "$SB")
	# shellcheck disable=SC2046
	ctr -n k8s.io run -d $(cri container io.kubernetes.cri.container-name=app) \
		--with-ns "network:/proc/$sp/ns/net" --cgroup "/kubepods/besteffort/pod$POD_UID/$APP" \
		"$IMG" "$APP" sleep 10001 >/dev/null
	ap=$(tpid k8s.io "$APP")
	check_named "$ap" app containerd prod/shop-7d9
	check_named "$sp" "${SB:0:12}" containerd prod/shop-7d9
	check_join prod/shop-7d9 "$sp"
	check_join prod/shop-7d9/app "$ap"
	check_join "$POD_UID" "$sp"
	assert_eq "$(all_cell app net)" "joined ${SB:0:12}'s net" "the joiner's row"
	assert_eq "$(all_cell app pid)" "private"
}

run t_tenant "ctr in a namespace of its own: named from containerd's bundle, entered, counted"
run t_stopped "a task that exited is not running"
run t_cri "what the CRI plugin leaves: the pod, its sandbox, NAMESPACE/POD and NAMESPACE/POD/NAME"
finish
