#!/bin/bash
# nsrun's bash and zsh completions: subcommands, options, and container
# and network names from the state directory (a fake one here: the
# completions only read the names of its records, so no root is needed).
. "$(dirname "$0")/lib.sh"
requires file:/usr/share/bash-completion/bash_completion cmd:capsh

COMPLETIONS=$(cd "$(dirname "$0")/../../completions" && pwd)
export NSKIT_STATE_DIR=$TMPDIR/state
mkdir -p "$NSKIT_STATE_DIR/containers" "$NSKIT_STATE_DIR/networks"
for n in web1 web2 db; do echo "name=$n" >"$NSKIT_STATE_DIR/containers/$n"; done
for n in front back; do echo "name=$n" >"$NSKIT_STATE_DIR/networks/$n"; done
# a writer's temporary file is not a name
: >"$NSKIT_STATE_DIR/containers/.web3.1234"

# bash_complete LINE: the completions bash offers at the end of LINE, sorted, one line.
# The words are split as readline splits them for bash: at blanks, and
# around the COMP_WORDBREAKS characters ':' and '=', which become words.
bash_complete() {
	bash --norc --noprofile -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"
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
		_nsrun nsrun "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "
	' _ "$COMPLETIONS/bash/nsrun" "$1"
}

t_bash() {
	local out
	out=$(bash_complete "nsrun ")
	assert_match "$out" "exec .*inspect .*network .*rootfs .*stop " "subcommands"
	assert_eq "$(bash_complete "nsrun stop ")" "db web1 web2 " "stop: containers"
	assert_eq "$(bash_complete "nsrun exec w")" "web1 web2 " "exec: containers"
	assert_match "$(bash_complete "nsrun kill db ")" "HUP INT KILL .*TERM" "kill: signals"
	assert_eq "$(bash_complete "nsrun network rm ")" "back front " "network rm: networks"
	assert_eq "$(bash_complete "nsrun network ")" "create ls rm " "network verbs"
	assert_match "$(bash_complete "nsrun --pi")" "^--pid " "options"
	assert_match "$(bash_complete "nsrun --net ")" "bridge bridge: container: host none ns: private" "--net modes"
	assert_eq "$(bash_complete "nsrun --net bridge:f")" "front " "--net bridge:NETWORK"
	assert_eq "$(bash_complete "nsrun --ipc container:w")" "web1 web2 " "--ipc container:NAME"
	assert_eq "$(bash_complete "nsrun --user container:d")" "db " "--user container:NAME"
	assert_eq "$(bash_complete "nsrun --userns ")" "container: host ns: private " "--userns modes"
	assert_eq "$(bash_complete "nsrun --user=")" "container: host ns: private " "--user=MODE"
	assert_eq "$(bash_complete "nsrun --pid=container:d")" "db " "--pid=container:NAME"
	assert_match "$(bash_complete "nsrun ls -o ")" "ADDRESS .*NAME .*STATE" "ls -o columns"
	assert_eq "$(bash_complete "nsrun --cap")" "--cap-add --cap-drop " "--cap options"
	assert_eq "$(bash_complete "nsrun --security-opt ")" \
		"no-new-privileges no-new-privileges=false no-new-privileges=true " "--security-opt"
	assert_eq "$(bash_complete "nsrun --security-opt no-new-privileges=")" "false true " \
		"--security-opt no-new-privileges="
	assert_eq "$(bash_complete "nsrun --cap-add A")" "ALL AUDIT_CONTROL AUDIT_READ AUDIT_WRITE " \
		"--cap-add names (libcap's, through capsh)"
	assert_eq "$(bash_complete "nsrun --cap-drop net_r")" "NET_RAW " "--cap-drop, in any case"
	assert_match "$(bash_complete "nsrun ls -o E")" "^EXIT " "ls -o EXIT"
	assert_eq "$(bash_complete "nsrun --device-w")" "--device-write-bps --device-write-iops " \
		"device limits"
	assert_eq "$(bash_complete "nsrun --device-read-bps /dev/nul")" " " \
		"--device-read-bps: block devices only"
	assert_match "$(bash_complete "nsrun --name x --memory 1g --pi")" "^--pid --pids-limit " \
		"options after the values of options"
	assert_match "$(bash_complete "nsrun up")" "^update " "update"
	assert_eq "$(bash_complete "nsrun update ")" "db web1 web2 " "update: containers"
	assert_eq "$(bash_complete "nsrun update -m 1g --cpus 2 w")" "web1 web2 " \
		"update: containers after limits"
	out=$(bash_complete "nsrun update --")
	assert_match "$out" "--blkio-weight .*--memory-swap .*--net-rate " "update: the limits"
	[[ $out != *--device* ]] || fail "update offers device limits, which it refuses"
}

# zsh: typed into a zsh on a pseudo-terminal (zpty), as a user would
t_zsh() {
	local out
	out=$(zsh -f -c '
		zmodload zsh/zpty || exit 77
		zpty z zsh -f -i
		zpty -w z "fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D; PS1=\"> \""
		zpty -w z "export NSKIT_STATE_DIR=$2"
		zpty -w z "zstyle \":completion:*\" list-separator \"\"; zstyle \":completion:*\" format \"\""
		zpty -w -n z "nsrun stop "$'"'"'\t'"'"'
		# what the terminal shows, until the list has the last name (5 s at most)
		all= start=$SECONDS
		while (( SECONDS - start < 5 )) && [[ $all != *web2* ]]; do
			if zpty -r -t z chunk; then all+=$chunk; else sleep 0.1; fi
		done
		print -r -- "$all"
		zpty -d z
	' _ "$COMPLETIONS/zsh" "$NSKIT_STATE_DIR" 2>&1) || skip_test "no zsh/zpty"
	assert_match "$out" "db" "zsh: stop lists db"
	assert_match "$out" "web1" "zsh: stop lists web1"
	assert_match "$out" "web2" "zsh: stop lists web2"
	[[ $out != *web3* ]] || fail "zsh offers a temporary file"
}

run t_bash "bash: subcommands, options, containers and networks by name" cmd:bash
run t_zsh "zsh: container names from the state directory" cmd:zsh
finish
