#!/bin/bash
# The manual pages and the tools agree: every option a tool's --help lists
# is documented in its man page and the reverse (nsrun's subcommands too),
# the pages are clean for mandoc -Tlint (full dates, NAME lines and text
# lines within 80 columns), and carry the tools' version.
. "$(dirname "$0")/lib.sh"
requires cmd:python3

MAN=$(cd "$(dirname "$0")/../../man" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS="nsls nsdiff nsjoin nstop nsrun"

t_options() {
	local t bad=0
	for t in $TOOLS; do
		python3 "$HERE/man_help.py" "$t" "$NSKIT_BIN/$t" "$MAN/$t.1" || bad=1
	done
	return $bad
}

t_lint() {
	local out
	out=$(mandoc -Tlint -Wstyle "$MAN"/*.1 "$MAN"/*.7 2>&1) || true
	[ -z "$out" ] || fail "mandoc -Tlint: $out"
}

t_version() {
	local t v page
	for t in $TOOLS; do
		v=$("$NSKIT_BIN/$t" --version) || fail "$t --version"
		v=${v##* }
		for page in "$MAN/$t.1" "$MAN/nskit.7"; do
			head -n 1 "$page" | grep -qF "\"nskit $v\"" ||
				fail "${page##*/} is not of nskit $v: $(head -n 1 "$page")"
		done
	done
}

run t_options "every option of --help is in the man page, and the reverse"
run t_lint "mandoc -Tlint finds nothing" cmd:mandoc
run t_version "the man pages are of the tools' version"
finish
