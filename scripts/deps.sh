#!/bin/sh
# Install the Debian packages that nskit needs to build, test and benchmark.
# As root it runs apt-get for what is missing; as another user it prints the
# exact command and exits 1. Nothing is done when everything is present.
set -eu

# build: compiler, pkg-config and the libraries of DESIGN.md section 1
# tests: cmocka, busybox (container root filesystems), tmux (nstop screens),
#        iproute2 and util-linux (lsns, nsenter, unshare: the reference tools),
#        procps (top, the nstop reference), strace (syscall counts),
#        uidmap (newuidmap: rootless nsrun), bash-completion and zsh (the
#        completions, tried as a user would), python3-jsonschema (the JSON
#        output against docs/json/), mandoc (the man pages linted),
#        python3-yaml (the Kubernetes manifest parsed)
# package: dpkg-dev and debhelper (make deb: dpkg-buildpackage, dh), lintian
#        (the package checked as the archive would)
# bench: hyperfine
PACKAGES="build-essential pkg-config libproc2-dev libsmartcols-dev libncurses-dev
libmnl-dev libcap-dev libcmocka-dev busybox-static tmux iproute2 util-linux procps
strace hyperfine iputils-ping jq bc time uidmap bash-completion zsh python3-jsonschema
mandoc python3-yaml dpkg-dev debhelper lintian"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: run as root: apt-get install -y$missing" >&2
	exit 1
fi

echo "deps.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has empty package lists; update once, then install.
if ! apt-get install -y -q $missing; then
	apt-get update -q
	apt-get install -y -q $missing
fi
