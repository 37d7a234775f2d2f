#!/bin/bash
# A relocatable install: the tools built with the default prefix
# (/usr/local), installed with another (PREFIX=/usr, into a DESTDIR) and
# that tree copied elsewhere again. Everything runs from both, and nsrun
# finds the nsrun-init installed with it, not the one the build expected.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
. "$(dirname "$0")/install_helpers.bash"
requires cmd:make file:"$NSRUN"

SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEST=$TMPDIR/dest
COPY=$TMPDIR/elsewhere

# make install from the build under test: nothing is rebuilt (its objects
# are up to date), so what is installed is what the other tests ran. The
# caller's make (make check) must not leak its jobserver or goals into it.
install_into() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s -C "$SRC" O="$NSKIT_BIN" "$@" install
}

t_install() {
	local f
	install_into DESTDIR="$DEST" PREFIX=/usr >"$TMPDIR/make.out" 2>&1 ||
		{ cat "$TMPDIR/make.out"; fail "make install"; }
	for f in bin/nsls bin/nsdiff bin/nsjoin bin/nstop bin/nsrun libexec/nskit/nsrun-init \
		libexec/nskit/nsrun-load \
		share/man/man1/nsls.1 share/man/man7/nskit.7 \
		share/bash-completion/completions/nsrun share/zsh/vendor-completions/_nsrun \
		share/nskit/json/nsls.schema.json; do
		[ -e "$DEST/usr/$f" ] || fail "not installed: /usr/$f"
	done
	# under /usr/local, zsh's completions go where that zsh looks
	install_into DESTDIR="$TMPDIR/local" >/dev/null 2>&1 || fail "make install (/usr/local)"
	[ -e "$TMPDIR/local/usr/local/share/zsh/site-functions/_nsls" ] ||
		fail "zsh completions not in site-functions under /usr/local"
	# the copy: as an image build or a tarball moves it
	mkdir -p "$COPY"
	cp -a "$DEST/usr/." "$COPY/"
}

t_runs_installed() {
	[ -x "$DEST/usr/bin/nsls" ] || skip_test "nothing installed"
	tools_run "$DEST/usr/bin"
	assert_eq "$(init_of "$DEST/usr/bin")" "$DEST/usr/libexec/nskit/nsrun-init" \
		"nsrun's init"
	assert_match "$("$DEST/usr/bin/nsrun" image load --help)" "^Usage: nsrun image load" \
		"nsrun's loader of images"
}

t_runs_copied() {
	[ -x "$COPY/bin/nsls" ] || skip_test "nothing installed"
	tools_run "$COPY/bin"
	assert_eq "$(init_of "$COPY/bin")" "$COPY/libexec/nskit/nsrun-init" "nsrun's init"
	# the build's own place has none: the copy's is the one found
	[ -e /usr/local/libexec/nskit/nsrun-load ] ||
		assert_match "$("$COPY/bin/nsrun" image load --help)" "^Usage: nsrun image load" \
			"nsrun's loader of images, the copy's"
}

t_no_init() {
	local out rc=0
	[ -x "$COPY/bin/nsrun" ] || skip_test "nothing installed"
	mkdir -p "$TMPDIR/lone"
	cp "$COPY/bin/nsrun" "$TMPDIR/lone/"
	# only if the build's own path has none either
	[ -e /usr/local/libexec/nskit/nsrun-init ] && skip_test "an nsrun-init in /usr/local"
	out=$("$TMPDIR/lone/nsrun" -- true 2>&1) || rc=$?
	assert_eq "$rc" 125 "exit status"
	assert_match "$out" "^nsrun: cannot find 'nsrun-init'.* beside '$TMPDIR/lone'" "message"
}

run t_install "make install with another PREFIX and a DESTDIR than the build's"
run t_runs_installed "the installed tools run, nsrun with the init installed with it" root
run t_runs_copied "a copy of the installed tree runs, with its own init" root
run t_no_init "without an init anywhere nsrun says where it looked" root
finish
