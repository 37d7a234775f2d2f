#!/bin/sh
# Install the Debian packages that nskit needs to build, test and benchmark.
# As root it runs apt-get for what is missing; as another user it prints the
# exact command and exits 1. Nothing is done when everything is present.
#
#   scripts/deps.sh              build, tests, bench (make demo, make bench)
#   scripts/deps.sh runtimes     the same, and the container runtimes that
#                                tests/integration/runtime_*.sh run (make check)
set -eu

# build: compiler, pkg-config and the libraries of DESIGN.md section 1 (nettle:
#        the images' sha256, a library that libarchive itself is built on)
# tests: cmocka, busybox (container root filesystems), tmux (nstop screens),
#        iproute2 and util-linux (lsns, nsenter, unshare: the reference tools),
#        procps (top, the nstop reference), strace (syscall counts),
#        uidmap (newuidmap: rootless nsrun), bash-completion and zsh (the
#        completions, tried as a user would), python3-jsonschema (the JSON
#        output against docs/json/), mandoc (the man pages linted),
#        python3-yaml (the Kubernetes manifest parsed)
# package: dpkg-dev and debhelper (make deb: dpkg-buildpackage, dh), lintian
#        (the package checked as the archive would)
# bench: hyperfine, htop (the nstop dashboard's peer)
PACKAGES="build-essential pkg-config libproc2-dev libsmartcols-dev libncurses-dev
libmnl-dev libcap-dev libjson-c-dev libarchive-dev nettle-dev libcmocka-dev busybox-static tmux
iproute2 util-linux procps strace hyperfine iputils-ping jq bc time uidmap bash-completion zsh
python3-jsonschema mandoc python3-yaml dpkg-dev debhelper lintian htop"

# The runtimes whose state nskit reads, run for real by the runtime tests
# (each starts and stops its own daemon): a group of their own, so that
# `make demo` stays light. A runtime that cannot be installed is no
# failure: its test says so and is skipped.
RUNTIMES="docker.io podman containerd runc crun conmon lxc"

missing() {
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			printf ' %s' "$p"
		fi
	done
}

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: missing packages:$1" >&2
		echo "deps.sh: run as root: apt-get install -y$1" >&2
		exit 1
	fi
}

export DEBIAN_FRONTEND=noninteractive

# A fresh machine has empty package lists; update once, then install.
apt_install() {
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $1 || { apt-get update -q && apt-get install -y -q --no-install-recommends $1; }
}

# shellcheck disable=SC2086
base=$(missing $PACKAGES)
if [ -n "$base" ]; then
	need_root "$base"
	echo "deps.sh: installing:$base"
	# shellcheck disable=SC2086
	apt-get install -y -q $base || { apt-get update -q && apt-get install -y -q $base; }
fi

[ "${1:-}" = runtimes ] || exit 0
# shellcheck disable=SC2086
rt=$(missing $RUNTIMES)
[ -n "$rt" ] || exit 0
need_root "$rt"
echo "deps.sh: installing the runtimes:$rt"
# No service may start by itself while they are installed: Debian's docker
# and lxc-net would add NAT rules and a bridge to the host. policy-rc.d
# answering 101 is how Debian's maintainer scripts are told so; one that is
# there already is left alone.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# deps.sh: no service starts while runtimes install\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT INT TERM
fi
apt_install "$rt" || echo "deps.sh: the runtimes could not be installed; their tests will be skipped" >&2
