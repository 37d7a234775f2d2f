#!/bin/bash
# The Debian package: `make deb` builds it offline with dpkg-buildpackage,
# in a copy of the tree under the build directory (the package's clean step
# would empty build/, and it writes beside the tree it builds), running the
# unit tests alone. It holds what `make install PREFIX=/usr` installs,
# lintian finds nothing but what debian/nskit.lintian-overrides explains,
# and the tools run from an unpacked copy.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
. "$(dirname "$0")/install_helpers.bash"
requires cmd:make cmd:dpkg-buildpackage cmd:dpkg-architecture cmd:dh file:"$NSRUN"

SRC=$(cd "$(dirname "$0")/../.." && pwd)
PKGDIR=$NSKIT_BIN/pkg
LOG=$NSKIT_BIN/pkg.log
VERSION=$(sed -n 's/^VERSION *:= *//p' "$SRC/Makefile")
ARCH=$(dpkg-architecture -qDEB_HOST_ARCH 2>/dev/null)
DEB=$TMPDIR/nskit_${VERSION}_$ARCH.deb
ROOT=$TMPDIR/root

t_build() {
	# the caller's make (make check) must not leak its jobserver or goals
	# into the package's, nor the caller's environment its choices
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u NSKIT_BIN -u NSKIT_TEST_LOG -u NSKIT_SRCDIR \
		-u DEB_BUILD_PROFILES DEB_BUILD_OPTIONS="parallel=$(nproc)" \
		make -C "$SRC" deb DEBDIR="$PKGDIR" DEBOUT="$TMPDIR" >"$LOG" 2>&1 ||
		{ tail -n 30 "$LOG"; fail "make deb (log: $LOG)"; }
	[ -f "$DEB" ] || fail "no $DEB"
	# its test step ran the unit tests, all passed, and nothing else
	grep -q "check-unit" "$LOG" || fail "the package's build ran no check-unit"
	grep -Eq '^[0-9]+ passed, 0 failed' "$LOG" || fail "the unit tests did not pass in the build"
	! grep -E '^[[:alnum:]_-]+\.sh +[0-9]+ passed' "$LOG" ||
		fail "integration tests ran in the package's build"
}

# contents: the files of the package, "MODE PATH" without the leading "."
contents() {
	dpkg-deb -c "$DEB" | awk '{ p = $6; sub(/^\./, "", p); print $1, p }'
}

t_contents() {
	local list paths f missing="" want=()
	[ -f "$DEB" ] || skip_test "no package built"
	list=$(contents)
	paths=$(cut -d' ' -f2 <<<"$list")
	want=(/usr/bin/nsls /usr/bin/nsdiff /usr/bin/nsjoin /usr/bin/nstop /usr/bin/nsrun
		/usr/libexec/nskit/nsrun-init /usr/libexec/nskit/nsrun-load /usr/share/doc/nskit/copyright)
	for f in "$SRC"/man/*.1; do want+=("/usr/share/man/man1/${f##*/}.gz"); done
	for f in "$SRC"/man/*.7; do want+=("/usr/share/man/man7/${f##*/}.gz"); done
	for f in "$SRC"/completions/bash/*; do
		want+=("/usr/share/bash-completion/completions/${f##*/}")
	done
	for f in "$SRC"/completions/zsh/_*; do want+=("/usr/share/zsh/vendor-completions/${f##*/}"); done
	for f in "$SRC"/docs/json/*.schema.json; do want+=("/usr/share/nskit/json/${f##*/}"); done
	for f in "${want[@]}"; do
		grep -qxF -- "$f" <<<"$paths" || missing="$missing $f"
	done
	[ -z "$missing" ] || fail "not in the package:$missing"
	# executables as install(1) makes them, nothing setuid, nothing under
	# /usr/local
	assert_eq "$(grep -E '^[^d].* /usr/(bin|libexec/nskit)/.' <<<"$list" | grep -vc '^-rwxr-xr-x ')" 0 \
		"modes of the executables"
	assert_eq "$(grep -c '^[^ ]*[sS]' <<<"$list")" 0 "setuid or setgid files"
	assert_eq "$(grep -c ' /usr/local' <<<"$list")" 0 "files under /usr/local"
	assert_eq "$(dpkg-deb -f "$DEB" Package Version Architecture | tr '\n' ' ')" \
		"Package: nskit Version: $VERSION Architecture: $ARCH " "control fields"
	# the libraries of the Makefile's pkg-config, found by dh_shlibdeps
	for f in libproc2 libsmartcols1 libncursesw6 libmnl0 libcap2 libjson-c5 libarchive13 libnettle8; do
		assert_match "$(dpkg-deb -f "$DEB" Depends)" "(^|, )$f" "Depends on $f"
	done
}

t_lintian() {
	local out
	[ -f "$DEB" ] || skip_test "no package built"
	out=$(lintian --fail-on error,warning "$DEB" 2>&1) || { echo "$out"; fail "lintian"; }
	! grep -E '^[EW]: ' <<<"$out" || fail "lintian's errors or warnings"
	# every tag overridden says why: its override's comment comes first
	# (a run of its own: lintian fails on the overridden tags it shows)
	out=$(lintian --show-overrides "$DEB" 2>&1) || true
	awk '/^O: / && prev !~ /^N: / { print "no reason given: " $0; bad = 1 }
		{ prev = $0 } END { exit bad }' <<<"$out" || fail "an override without a reason"
	grep -q '^O: ' <<<"$out" || fail "no override shown: $out"
}

t_runs_unpacked() {
	[ -f "$DEB" ] || skip_test "no package built"
	dpkg-deb -x "$DEB" "$ROOT"
	tools_run "$ROOT/usr/bin"
	assert_eq "$(init_of "$ROOT/usr/bin")" "$ROOT/usr/libexec/nskit/nsrun-init" "nsrun's init"
}

run t_build "make deb builds nskit_${VERSION}_$ARCH.deb, running the unit tests alone"
run t_contents "the package holds the tools, nsrun-init, man pages, completions, schemas"
run t_lintian "lintian: no error or warning but the overrides, each with its reason" cmd:lintian
run t_runs_unpacked "the tools run from the unpacked package, nsrun with its init" root
finish
