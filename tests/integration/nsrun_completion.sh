#!/bin/bash
# nsrun's bash and zsh completions: subcommands (and nothing else where a
# subcommand goes), every option, and container and network names from
# the state directory (a fake one here: the completions only read the
# names of its records, so no root is needed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/completion_helpers.bash"
requires file:/usr/share/bash-completion/bash_completion cmd:capsh cmd:python3

export NSKIT_STATE_DIR=$TMPDIR/state
mkdir -p "$NSKIT_STATE_DIR/containers" "$NSKIT_STATE_DIR/networks"
for n in web1 web2 db; do echo "name=$n" >"$NSKIT_STATE_DIR/containers/$n"; done
for n in front back; do echo "name=$n" >"$NSKIT_STATE_DIR/networks/$n"; done
# a writer's temporary file is not a name
: >"$NSKIT_STATE_DIR/containers/.web3.1234"
# an image store's names: offered as people type them (nginx for docker.io/library/nginx)
export NSKIT_IMAGE_DIR=$TMPDIR/images
mkdir -p "$NSKIT_IMAGE_DIR"
H=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
printf '# nsrun image names: REPOSITORY TAG ID\n%s\n%s\n%s\n' \
	"docker.io/library/nginx latest $H" "localhost/web 1 $H" "quay.io/team/app v2 $H" \
	>"$NSKIT_IMAGE_DIR/refs"
IMAGES="nginx:latest quay.io/team/app:v2 web:1 "

SUBS="exec gc image images inspect kill load logs ls network ps rm rmi rootfs run stop tag update "

# The columns of nsrun ls, as its --help lists them.
ls_columns() {
	"$NSRUN" ls --help | sed -n '/^Columns:/,$p' | awk 'NR > 1 { print $1 }' |
		LC_ALL=C sort | tr '\n' ' '
}

t_subcommands() {
	local sh=$1 out
	# where a subcommand goes, only subcommands
	assert_eq "$(complete_in "$sh" "nsrun ")" "$SUBS" "$sh: nsrun <Tab>"
	assert_eq "$(complete_in "$sh" "nsrun r")" "rm rmi rootfs run " "$sh: nsrun r"
	# a word that starts no subcommand: the command of an implicit run
	out=$(complete_in "$sh" "nsrun slee")
	has "$out" sleep || fail "$sh: nsrun slee"
	out=$(complete_in "$sh" "nsrun -d --name x slee")
	has "$out" sleep || fail "$sh: a command after the options"
	out=$(complete_in "$sh" "nsrun run --name x slee")
	has "$out" sleep || fail "$sh: nsrun run's command"
	assert_eq "$(complete_in "$sh" "nsrun network ")" "create ls rm " "$sh: network verbs"
	assert_eq "$(complete_in "$sh" "nsrun image ")" "load ls rm tag " "$sh: image verbs"
	# a word that starts no subcommand: an image too, the first word of run IMAGE
	out=$(complete_in "$sh" "nsrun ngi")
	has "$out" nginx:latest || fail "$sh: nsrun ngi"
	out=$(complete_in "$sh" "nsrun run -it --rm we")
	has "$out" web:1 || fail "$sh: run's image after options"
}

t_options() {
	local sh=$1
	assert_eq "$(complete_in "$sh" "nsrun -")" "$(help_options nsrun)" "$sh: nsrun -<Tab>"
	assert_eq "$(complete_in "$sh" "nsrun run --ne")" "--net --net-burst --net-rate --network " \
		"$sh: run --ne"
	# update: its --help's options, which leaves out the device limits it refuses
	assert_eq "$(complete_in "$sh" "nsrun update -")" "$(help_options nsrun update)" \
		"$sh: update -"
	assert_eq "$(complete_in "$sh" "nsrun ls -")" \
		"--all --help --json --noheadings --output --quiet --raw -J -a -h -n -o -q -r " "$sh: ls -"
	assert_eq "$(complete_in "$sh" "nsrun stop -")" "--help --signal --time -h -s -t " \
		"$sh: stop -"
	assert_eq "$(complete_in "$sh" "nsrun rm -")" "--force --help -f -h " "$sh: rm -"
	assert_eq "$(complete_in "$sh" "nsrun gc -")" "--help --quiet -h -q " "$sh: gc -"
	assert_eq "$(complete_in "$sh" "nsrun exec -")" \
		"--env --help --interactive --tty --uid --workdir -e -h -i -t -u -w " "$sh: exec -"
	assert_eq "$(complete_in "$sh" "nsrun inspect -")" "--format --help -f -h " "$sh: inspect -"
	for sub in logs images rmi load; do
		assert_eq "$(complete_in "$sh" "nsrun $sub -")" "$(help_options nsrun $sub)" "$sh: $sub -"
	done
	assert_eq "$(complete_in "$sh" "nsrun network ls -")" \
		"--help --json --noheadings --raw -J -h -n -r " "$sh: network ls -"
	assert_eq "$(complete_in "$sh" "nsrun ls -o ")" "$(ls_columns)" "$sh: ls -o"
	assert_eq "$(complete_in "$sh" "nsrun ls -o NAME,P")" "PID " "$sh: ls -o NAME,P"
}

t_names() {
	local sh=$1 out
	assert_eq "$(complete_in "$sh" "nsrun stop ")" "db web1 web2 " "$sh: stop"
	assert_eq "$(complete_in "$sh" "nsrun rm -f w")" "web1 web2 " "$sh: rm -f"
	assert_eq "$(complete_in "$sh" "nsrun inspect ")" "db web1 web2 " "$sh: inspect"
	assert_eq "$(complete_in "$sh" "nsrun kill ")" "db web1 web2 " "$sh: kill"
	assert_eq "$(complete_in "$sh" "nsrun update --cpus 1 ")" "db web1 web2 " "$sh: update"
	out=$(complete_in "$sh" "nsrun kill db ")
	has "$out" HUP INT KILL TERM || fail "$sh: kill's signals"
	# exec: the container, then a command line
	assert_eq "$(complete_in "$sh" "nsrun exec ")" "db web1 web2 " "$sh: exec"
	assert_eq "$(complete_in "$sh" "nsrun exec web")" "web1 web2 " "$sh: exec web"
	assert_eq "$(complete_in "$sh" "nsrun exec -e A=1 -w / w")" "web1 web2 " \
		"$sh: exec's options, then the container"
	out=$(complete_in "$sh" "nsrun exec web1 ech")
	has "$out" echo || fail "$sh: exec's command"
	[[ $out != *web2* ]] || fail "$sh: a container where the command goes"
	assert_eq "$(complete_in "$sh" "nsrun network rm ")" "back front " "$sh: network rm"
	assert_eq "$(complete_in "$sh" "nsrun --net bridge:f")" "front " "$sh: --net bridge:NETWORK"
	assert_eq "$(complete_in "$sh" "nsrun --ipc container:w")" "web1 web2 " \
		"$sh: --ipc container:NAME"
	assert_eq "$(complete_in "$sh" "nsrun --pid=container:d")" "db " "$sh: --pid=container:NAME"
	assert_eq "$(complete_in "$sh" "nsrun --user=")" "container: host ns: private " \
		"$sh: --user=MODE"
	assert_eq "$(complete_in "$sh" "nsrun logs ")" "db web1 web2 " "$sh: logs"
	# images, by the names people type
	assert_eq "$(complete_in "$sh" "nsrun rmi ")" "$IMAGES" "$sh: rmi"
	assert_eq "$(complete_in "$sh" "nsrun image rm ")" "$IMAGES" "$sh: image rm"
	assert_eq "$(complete_in "$sh" "nsrun tag ")" "$IMAGES" "$sh: tag"
	assert_eq "$(complete_in "$sh" "nsrun --image ")" "$IMAGES" "$sh: --image"
}

# bash only: what the zsh completion leaves to zsh's own functions
t_bash_values() {
	assert_match "$(bash_complete "nsrun --net ")" "bridge bridge: container: host none ns: private" \
		"--net modes"
	assert_eq "$(bash_complete "nsrun --user container:d")" "db " "--user container:NAME"
	assert_eq "$(bash_complete "nsrun --userns ")" "container: host ns: private " "--userns modes"
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

t_zsh_values() {
	local out
	out=$(zsh_complete "nsrun --net=")
	has "$out" bridge bridge: container: host none ns: private || fail "--net= modes"
	assert_eq "$(zsh_complete "nsrun --cap-add=NET_R")" "NET_RAW " "--cap-add names"
}

for sh in bash zsh; do
	for t in subcommands options names; do
		eval "t_${t}_$sh() { t_$t $sh; }"
	done
	run "t_subcommands_$sh" "$sh: subcommands alone where one goes, else the command" "cmd:$sh"
	run "t_options_$sh" "$sh: every option of nsrun and of its subcommands; ls columns" "cmd:$sh"
	run "t_names_$sh" "$sh: containers and networks by name; exec's container, then command" \
		"cmd:$sh"
done
run t_bash_values "bash: namespace modes, capabilities, security options" cmd:bash
run t_zsh_values "zsh: namespace modes, capabilities" cmd:zsh
finish
