# Helpers of the completion tests (completion.sh, nsrun_completion.sh),
# sourced after lib.sh: the candidates bash and zsh offer for a command
# line, as a user pressing Tab would get them. Not a test itself.
#
#   bash_complete "nsls -t "     ->  "cgroup ipc mnt net pid time user uts "
#   zsh_complete "nsls -t "      ->  the same, from zsh's completion system
#
# Both print the candidates sorted and unique, each followed by a space, on
# one line. The completions are those of the source tree (completions/),
# the tools those of the build under test (first in PATH).
# shellcheck shell=bash

COMPLETIONS=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../completions" && pwd)
export PATH="$NSKIT_BIN:$PATH"

# bash_complete LINE: the completions bash offers at the end of LINE.
# The words are split as readline splits them for bash: at blanks, and
# around the COMP_WORDBREAKS characters ':' and '=', which become words.
bash_complete() {
	local cmd=${1%% *}
	bash --norc --noprofile -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"
		# options of the reply for readline, which is not there to take them
		compopt() { :; }
		fn=$(complete -p "$3" 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
		[[ $fn ]] || { echo "no completion function for $3" >&2; exit 1; }
		COMP_LINE=$2 COMP_POINT=${#2}
		COMP_WORDS=()
		for w in $2; do
			while [[ $w =~ ^([^:=]*)([:=])(.*)$ ]]; do
				[[ ${BASH_REMATCH[1]} ]] && COMP_WORDS+=("${BASH_REMATCH[1]}")
				COMP_WORDS+=("${BASH_REMATCH[2]}")
				w=${BASH_REMATCH[3]}
			done
			[[ $w ]] && COMP_WORDS+=("$w")
		done
		[[ $2 == *" " || $2 == *[:=] ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		"$fn" "$3" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort -u | tr "\n" " "
	' _ "$COMPLETIONS/bash/$cmd" "$1" "$cmd"
}

# zsh_complete LINE: the matches zsh's completion system offers at the end
# of LINE, typed into an interactive zsh on a pseudo-terminal (zpty) with
# Tab. compadd is wrapped to print every match it is given that fits what
# is typed (zsh's own matching decides, with -O), between two markers.
# Exits 77 (a skip) where zsh or its zpty module is missing.
zsh_complete() {
	command -v zsh >/dev/null || { echo "needs zsh"; exit 77; }
	local rc=$TMPDIR/zshrc.completion
	cat >"$rc" <<-'EOF'
		PS1='> '
		fpath=("$NSKIT_ZSH_FPATH" $fpath)
		autoload -Uz compinit && compinit -u -D
		zstyle ':completion:*' list-grouped false
		zstyle ':completion:*' insert-tab false
		zstyle ':completion:*' menu no
		zle_begin() { print -r -- '<<begin>>'; }
		zle_end() { print -r -- '<<end>>'; exit; }
		compprefuncs=(zle_begin)
		comppostfuncs=(zle_end)
		compadd() {
			# _describe and _arguments ask for matches first (-O, -A, -D):
			# only the calls that add them are printed
			if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
				builtin compadd "$@"
				return
			fi
			local -a __hits
			builtin compadd -O __hits "$@"
			(( $#__hits )) && print -rl -- "<<hit>>"${^__hits}
			builtin compadd "$@"
		}
	EOF
	NSKIT_ZSH_FPATH=$COMPLETIONS/zsh zsh -f -c '
		zmodload zsh/zpty || exit 77
		zpty z zsh -f -i
		zpty -w z "source ${(q)1}"
		zpty -w -n z "$2"$'"'\t'"'
		all= start=$SECONDS
		while (( SECONDS - start < 10 )) && [[ $all != *"<<end>>"* ]]; do
			if zpty -r -t z chunk; then all+=$chunk; else sleep 0.05; fi
		done
		zpty -d z
		[[ $all == *"<<end>>"* ]] || { print -r -- "no answer from zsh: $all" >&2; exit 1; }
		print -r -- "$all"
	' _ "$rc" "$1" | tr -d '\r' | sed -n 's/^.*<<hit>>//p' | LC_ALL=C sort -u | tr '\n' ' '
	return "${PIPESTATUS[0]}"
}

# complete SHELL LINE: bash_complete or zsh_complete, with what the two
# shells show differently made alike: a list's items without what precedes
# them (bash offers "NS,TYPE" where zsh offers "TYPE", "+TYPE" for
# "TYPE"), options without bash's "--opt=" twins, and zsh's "-" (its
# precommand modifier, a command name) left out.
complete_in() {
	local out
	out=$("${1}_complete" "$2") || return
	tr ' ' '\n' <<<"$out" | sed -e 's/^.*,//' -e 's/^+//' | grep -v -e '^-$' -e '^--.*=$' |
		grep -v '^$' | LC_ALL=C sort -u | tr '\n' ' '
}

# help_options TOOL [SUBCOMMAND]: the options its --help lists (nsrun: its
# own, or a subcommand's), sorted, each followed by a space: what
# TOOL [SUBCOMMAND] -<Tab> must offer.
help_options() {
	"$NSKIT_BIN/$1" "${@:2}" --help | python3 "$(dirname "${BASH_SOURCE[0]}")/man_help.py" --help-options
}

# has LIST WORD...: every WORD is in the completions LIST
has() {
	local list=" $1" w
	shift
	for w in "$@"; do
		[[ $list == *" $w "* ]] || { echo "'$w' is not among: $list"; return 1; }
	done
}
