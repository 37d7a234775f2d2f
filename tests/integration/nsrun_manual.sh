#!/bin/bash
# nsrun's manual and its --help agree: every option that --help shows is
# in nsrun(1), and every option of nsrun(1)'s OPTIONS is in --help; every
# subcommand --help names has an entry of nsrun(1)'s SUBCOMMANDS, whose
# own -h shows options that nsrun(1) has too. No privileges needed.
. "$(dirname "$0")/lib.sh"
requires file:"$NSRUN"

MAN=$(cd "$(dirname "$0")/../../man" && pwd)/nsrun.1

# The long options of roff text: \-\-name, as the page writes them.
man_opts() { grep -o '\\-\\-[a-z][a-z-]*' | sed 's/\\-/-/g; s/-$//' | sort -u; }
help_opts() { grep -o -- '--[a-z][a-z-]*' | sed 's/-$//' | sort -u; }
# A section of the page, up to the next .SH.
section() { sed -n "/^\.SH $1\$/,/^\.SH /p" "$MAN"; }

t_options() {
	local help man missing
	help=$("$NSRUN" --help | sed '/^Subcommands:/,$d' | help_opts)
	man=$(section OPTIONS | man_opts)
	missing=$(comm -23 <(echo "$help") <(echo "$man"))
	[ -z "$missing" ] || fail "in --help, not in nsrun(1)'s OPTIONS: $(echo $missing)"
	missing=$(comm -13 <(echo "$help") <(echo "$man"))
	[ -z "$missing" ] || fail "in nsrun(1)'s OPTIONS, not in --help: $(echo $missing)"
}

t_subcommands() {
	local sub subs man_subs missing=()
	subs=$("$NSRUN" --help | sed -n '/^Subcommands:/,$p' | sed -n 's/^ \([a-z]\+\).*/\1/p' | sort -u)
	man_subs=$(section SUBCOMMANDS | sed -n 's/^\.B \([a-z]\+\).*/\1/p; s/^\.BI \([a-z]\+\) .*/\1/p' | sort -u)
	for sub in $subs; do
		grep -qx "$sub" <<<"$man_subs" || missing+=("$sub")
	done
	[ ${#missing[@]} -eq 0 ] || fail "subcommands of --help without an entry in nsrun(1): ${missing[*]}"
	# and each one's options
	for sub in ls inspect logs exec stop rm gc images rmi; do
		local opts m
		opts=$("$NSRUN" "$sub" --help | help_opts | grep -v -e '^--help$')
		for o in $opts; do
			m=$(section SUBCOMMANDS | man_opts)
			grep -qx -- "$o" <<<"$m" || missing+=("$sub $o")
		done
	done
	[ ${#missing[@]} -eq 0 ] || fail "options of subcommands not in nsrun(1): ${missing[*]}"
	# the synopsis names every subcommand
	for sub in $subs logs images rmi tag; do
		sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$MAN" | grep -q "^\.B nsrun $sub" ||
			missing+=("$sub")
	done
	[ ${#missing[@]} -eq 0 ] || fail "subcommands missing from the synopsis: ${missing[*]}"
}

t_renders() {
	local err
	command -v man >/dev/null || skip_test "no man"
	err=$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
	[ -z "$err" ] || fail "man warns: $err"
}

run t_options "every option of nsrun --help is in nsrun(1), and the other way round"
run t_subcommands "every subcommand, and its options, is in nsrun(1)"
run t_renders "nsrun(1) renders without warnings"
finish
