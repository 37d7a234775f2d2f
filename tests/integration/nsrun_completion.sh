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
# an image store of names: the short forms are offered, as people type them
export NSKIT_IMAGE_DIR=$TMPDIR/images
mkdir -p "$NSKIT_IMAGE_DIR"
H=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
printf '# nsrun image names: REPOSITORY TAG ID\n%s\n%s\n%s\n' \
	"docker.io/library/nginx latest $H" "localhost/web 1 $H" "quay.io/team/app v2 $H" \
	>"$NSKIT_IMAGE_DIR/refs"

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
	# issue 17: Docker's words, images
	assert_match "$(bash_complete "nsrun ")" " image .*images .*inspect .*load .*logs .*rmi .*tag " "new subcommands"
	assert_match "$(bash_complete "nsrun ")" "nginx:latest .*web:1 " "images as the first word"
	assert_eq "$(bash_complete "nsrun --image ")" "nginx:latest quay.io/team/app:v2 web:1 " "--image"
	assert_match "$(bash_complete "nsrun run -it --rm we")" "^web:1 " "run IMAGE after options"
	assert_eq "$(bash_complete "nsrun --r")" "--rm --rootfs " "--rm"
	assert_eq "$(bash_complete "nsrun --in")" "--init --interactive " "--init --interactive"
	assert_eq "$(bash_complete "nsrun rmi ")" "nginx:latest quay.io/team/app:v2 web:1 " "rmi: images"
	assert_eq "$(bash_complete "nsrun image ")" "load ls rm tag " "image verbs"
	assert_eq "$(bash_complete "nsrun image rm w")" "web:1 " "image rm"
	assert_eq "$(bash_complete "nsrun logs -")" "--follow --help --tail --timestamps " "logs options"
	assert_eq "$(bash_complete "nsrun logs ")" "db web1 web2 " "logs: containers"
	assert_match "$(bash_complete "nsrun logs -n ")" "^ ?$" "--tail takes a number: nothing offered"
	assert_eq "$(bash_complete "nsrun inspect -")" "--format --help " "inspect --format"
	assert_match "$(bash_complete "nsrun exec -")" "--interactive .*--tty " "exec -i -t"
	assert_match "$(bash_complete "nsrun ls -")" "--quiet " "ls -q"
	assert_eq "$(bash_complete "nsrun network create --driver ")" "bridge " "network create --driver"
	assert_eq "$(bash_complete "nsrun images -")" "--help --json --no-trunc --noheadings --quiet " "images"
}

# zsh: typed into a zsh on a pseudo-terminal (zpty), as a user would
t_zsh() {
	local out
	out=$(zsh -f -c '
		zmodload zsh/zpty || exit 77
		zpty z zsh -f -i
		zpty -w z "fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D; PS1=\"> \""
		zpty -w z "export NSKIT_STATE_DIR=$2 NSKIT_IMAGE_DIR=$3"
		zpty -w z "zstyle \":completion:*\" list-separator \"\"; zstyle \":completion:*\" format \"\""
		zpty -w -n z "nsrun stop "$'"'"'\t'"'"'
		# what the terminal shows, until the list has the last name (5 s at most)
		all= start=$SECONDS
		while (( SECONDS - start < 5 )) && [[ $all != *web2* ]]; do
			if zpty -r -t z chunk; then all+=$chunk; else sleep 0.1; fi
		done
		print -r -- "$all"
		zpty -d z
	' _ "$COMPLETIONS/zsh" "$NSKIT_STATE_DIR" "$NSKIT_IMAGE_DIR" 2>&1) || skip_test "no zsh/zpty"
	assert_match "$out" "db" "zsh: stop lists db"
	assert_match "$out" "web1" "zsh: stop lists web1"
	assert_match "$out" "web2" "zsh: stop lists web2"
	[[ $out != *web3* ]] || fail "zsh offers a temporary file"
	# images, for rmi
	out=$(zsh -f -c '
		zmodload zsh/zpty || exit 77
		zpty z zsh -f -i
		zpty -w z "fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D; PS1=\"> \""
		zpty -w z "export NSKIT_STATE_DIR=$2 NSKIT_IMAGE_DIR=$3"
		zpty -w z "zstyle \":completion:*\" list-separator \"\"; zstyle \":completion:*\" format \"\""
		zpty -w -n z "nsrun rmi "$'"'"'\t'"'"'
		all= start=$SECONDS
		while (( SECONDS - start < 5 )) && [[ $all != *web:1* ]]; do
			if zpty -r -t z chunk; then all+=$chunk; else sleep 0.1; fi
		done
		print -r -- "$all"
		zpty -d z
	' _ "$COMPLETIONS/zsh" "$NSKIT_STATE_DIR" "$NSKIT_IMAGE_DIR" 2>&1) || skip_test "no zsh/zpty"
	assert_match "$out" "nginx:latest" "zsh: rmi lists nginx:latest"
	assert_match "$out" "web:1" "zsh: rmi lists web:1"
}

run t_bash "bash: subcommands, options, containers and networks by name" cmd:bash
run t_zsh "zsh: container names from the state directory" cmd:zsh
finish
