# A Podman of a test's own, for tests/integration/runtime_podman.sh and
# nsrun_images.sh: its storage, run root, temporary files and configuration
# below one directory of the test's, nothing of the host's Podman touched.
# Not a test itself: the runner takes *.sh only.
# shellcheck shell=bash

# podman_private DIR: pm runs Podman with DIR/graph as its storage and
# DIR/run as its run root. Without CAP_SYS_RESOURCE to raise rlimits to
# Podman's defaults, its containers' are lowered; containers' cgroups are
# made directly (no systemd), runc runs them, no events are logged.
podman_private() {
	PM_DIR=$1
	export CONTAINERS_CONF=$PM_DIR/containers.conf
	mkdir -p "$PM_DIR/graph" "$PM_DIR/run" "$PM_DIR/tmp"
	cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
events_logger = "none"
CONF
}

pm() { podman --root "$PM_DIR/graph" --runroot "$PM_DIR/run" --tmpdir "$PM_DIR/tmp" "$@"; }
