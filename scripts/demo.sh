#!/bin/bash
# `make demo`: a few containers made with nsrun, named and on a network of
# their own, and the tools on them. Cleans up after itself however it ends.
# Run as root.
set -u
: "${NSKIT_BIN:?NSKIT_BIN must name the build directory}"
export PATH="$NSKIT_BIN:$PATH"

if [ "$(id -u)" != 0 ]; then
	echo "demo.sh: run as root: sudo make demo" >&2
	exit 1
fi

# A state directory and an image store of the demo's own: it neither sees
# nor touches the caller's containers in /run/nskit or images in
# /var/lib/nskit/images, and every tool below reads them.
NSKIT_STATE_DIR=$(mktemp -d /tmp/nskit-demo.XXXXXX)
NSKIT_IMAGE_DIR=$NSKIT_STATE_DIR/images
export NSKIT_STATE_DIR NSKIT_IMAGE_DIR
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
net=demo
netns=nskit-demo-$$

cleanup() {
	local f
	for f in "$NSKIT_STATE_DIR"/containers/*; do
		[ -e "$f" ] && nsrun rm -f "${f##*/}"
	done
	nsrun network rm "$net" 2>/dev/null
	ip netns del "$netns" 2>/dev/null
	rm -rf "$NSKIT_STATE_DIR"
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
# a command whose stderr is what is to be seen (logs: stdout and stderr both)
show_all() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@" 2>&1
}
step() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@" >/dev/null || exit 1
}

# Two web containers on one network, the second sharing the first's IPC
# namespace (Docker's --ipc=container:); a database in a user namespace of
# its own (uid 0 inside, an unprivileged uid outside) with no network; a
# debugging container that shares the host's pid and network namespaces
# (--pid=host --net=host, the classic risky shares); a sidecar in web1's
# pid and network namespaces (--pid=container: --net=container:); and a
# network namespace that no process is in, held by a bind mount (ip netns
# add).
step nsrun network create "$net"
step nsrun -d --name web1 --net "bridge:$net" -- sh -c 'sleep 1000 & exec sleep 1000'
step nsrun -d --name web2 --net "bridge:$net" --ipc container:web1 -- sleep 1000
step nsrun -d --name db --user --net none --memory 256m -- sleep 1000
step nsrun -d --name debug --pid host --net host -- sleep 1000
step nsrun -d --name sidecar --pid container:web1 --net container:web1 -- sleep 1000
step ip netns add "$netns"

show nsrun ls
show nsrun exec web1 ping -c 1 -W 2 web2
show nsrun exec sidecar ps -o pid,comm
show nsls -o NS,TYPE,NPROCS,PID,CONTAINER,RUNTIME,COMMAND -Q 'RUNTIME == "nsrun"'
show nsls -t net -o NS,NPROCS,PID,CONTAINER,NETNSID,NSFS
show nsls --tree=owner -o NS,TYPE,NPROCS,CONTAINER -t user
show nsjoin -t web1 -n ip -br addr
show nsdiff web1
show nsdiff -d -t uts,net,ipc web1 web2
show nsdiff --all
show nstop -b -n 1 -c -d 0.5
show nsrun stop sidecar web1 web2 db debug
show nsrun ls

# An image, as Docker and Podman run them: a busybox root with a web page,
# packed by the demo as an OCI image layout (what `podman save --format
# oci-dir` and `skopeo copy` write), loaded into the store and run on an
# overlay of its own, with Docker's words.
nsrun rootfs "$NSKIT_STATE_DIR/root" >/dev/null || exit 1
mkdir -p "$NSKIT_STATE_DIR/root/www"
echo "Hello from an image" >"$NSKIT_STATE_DIR/root/www/index.html"
step "$SCRIPTS/oci-image.sh" --name demo/web:1 --workdir /www \
	--cmd '["httpd", "-f", "-v", "-p", "80", "-h", "/www"]' "$NSKIT_STATE_DIR/web-oci" \
	"$NSKIT_STATE_DIR/root"
show nsrun image load "$NSKIT_STATE_DIR/web-oci"
show nsrun images
show nsrun run -d --name site --network "$net" demo/web:1
show nsrun run --rm --network "$net" demo/web:1 wget -q -O - http://site/
show_all nsrun logs site
show nsrun inspect --format '{{.State.Pid}} {{.NetworkSettings.IPAddress}} {{.Config.Image}}' site
show nsrun stop site
show nsrun rmi demo/web:1
echo
echo "Cleaning up."
