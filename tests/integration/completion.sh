#!/bin/bash
# The bash and zsh completions of nsls, nsdiff, nsjoin and nstop (nsrun's
# are in nsrun_completion.sh), driven as a user's Tab drives them: every
# option of --help, namespace types, columns as each tool lists them, and
# containers and processes by name, from the fixture tree that
# --proc-root and --host-root on the command line point to. Needs no root.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/completion_helpers.bash"
requires file:/usr/share/bash-completion/bash_completion cmd:python3

FX=$TMPDIR/fx
sh "$FIXTURES/mkproc.sh" "$FX" >/dev/null
ROOTS="--proc-root $FX/proc --host-root $FX/root"
# nsrun's containers, as their records name them: targets of nsjoin and nsdiff
export NSKIT_STATE_DIR=$TMPDIR/state
mkdir -p "$NSKIT_STATE_DIR/containers"
for n in cweb ctest; do echo "name=$n" >"$NSKIT_STATE_DIR/containers/$n"; done

TYPES="cgroup ipc mnt net pid time user uts "

# columns TOOL [ARGS]: the column names TOOL ARGS -H lists, as completions show them
columns() {
	"$NSKIT_BIN/$1" "${@:2}" -H | awk '{ print $1 }' | LC_ALL=C sort -u | tr '\n' ' '
}

t_options() {
	local sh=$1 t
	for t in nsls nsdiff nsjoin nstop; do
		assert_eq "$(complete_in "$sh" "$t -")" "$(help_options "$t")" "$sh: $t -<Tab>"
	done
}

t_types() {
	local sh=$1
	assert_eq "$(complete_in "$sh" "nsls -t ")" "$TYPES" "$sh: nsls -t"
	assert_eq "$(complete_in "$sh" "nsls --type u")" "user uts " "$sh: nsls --type u"
	assert_eq "$(complete_in "$sh" "nsdiff -t net,p")" "pid " "$sh: nsdiff -t net,p"
	assert_eq "$(complete_in "$sh" "nstop -t p")" "pid " "$sh: nstop -t p"
}

t_columns() {
	local sh=$1
	assert_eq "$(complete_in "$sh" "nsls -o ")" "$(columns nsls)" "$sh: nsls -o"
	assert_eq "$(complete_in "$sh" "nsls -o NS,T")" "TYPE " "$sh: nsls -o NS,T"
	assert_eq "$(complete_in "$sh" "nsls -o +NE")" "NETNSID " "$sh: nsls -o +NE"
	assert_eq "$(complete_in "$sh" "nsdiff --all -o ")" "$(columns nsdiff)" "$sh: nsdiff -o"
	assert_eq "$(complete_in "$sh" "nstop -o ")" "$(columns nstop)" "$sh: nstop -o"
	assert_eq "$(complete_in "$sh" "nstop -c -o ")" "$(columns nstop -c)" "$sh: nstop -c -o"
	assert_eq "$(complete_in "$sh" "nstop -c -s ")" "$(columns nstop -c)" "$sh: nstop -c -s"
	assert_eq "$(complete_in "$sh" "nstop -s N")" "NAMESPACES NETLIM NPROCS NS NSPID " "$sh: nstop -s N"
	assert_eq "$(complete_in "$sh" "nsls --color=")" "always auto never " "$sh: nsls --color="
	assert_eq "$(complete_in "$sh" "nsls --tree=")" "owner parent process " "$sh: nsls --tree="
}

t_names() {
	local sh=$1 out
	assert_eq "$(complete_in "$sh" "nsls $ROOTS --container ")" \
		"aa11bb22cc33 app web-nginx web1 " "$sh: nsls --container"
	assert_eq "$(complete_in "$sh" "nsls $ROOTS -p 2")" "2 200 201 25 " "$sh: nsls -p"
	out=$(complete_in "$sh" "nsls $ROOTS 402653")
	has "$out" 4026532204 4026532304 || fail "$sh: nsls NAMESPACE"
	# targets: containers of the tree, nsrun's, PIDs of the tree
	out=$(complete_in "$sh" "nsdiff $ROOTS ")
	has "$out" aa11bb22cc33 app web-nginx web1 cweb ctest 1 200 700 || fail "$sh: nsdiff"
	out=$(complete_in "$sh" "nsdiff $ROOTS web1 ")
	has "$out" web-nginx cweb || fail "$sh: nsdiff A"
	# no third target, none with --all (zsh may offer options there)
	out=$(complete_in "$sh" "nsdiff $ROOTS web1 app ")
	[[ $out != *web* ]] || fail "$sh: nsdiff A B offers targets: $out"
	out=$(complete_in "$sh" "nsdiff $ROOTS --all ")
	[[ $out != *web* ]] || fail "$sh: nsdiff --all offers targets: $out"
	out=$(complete_in "$sh" "nsjoin $ROOTS -t c")
	has "$out" cweb ctest || fail "$sh: nsjoin -t c"
	out=$(complete_in "$sh" "nsjoin --proc-root=$FX/proc --host-root=$FX/root --target a")
	has "$out" aa11bb22cc33 app || fail "$sh: nsjoin --target a"
	out=$(complete_in "$sh" "nsjoin -t web1 -n ech")
	has "$out" echo || fail "$sh: nsjoin's program"
}

for sh in bash zsh; do
	for t in options types columns names; do
		eval "t_${t}_$sh() { t_$t $sh; }"
	done
	run "t_options_$sh" "$sh: every option of each tool's --help" "cmd:$sh"
	run "t_types_$sh" "$sh: namespace types, lists of them too" "cmd:$sh"
	run "t_columns_$sh" "$sh: columns of -o and -s, as the tools list them; option values" \
		"cmd:$sh"
	run "t_names_$sh" "$sh: containers, namespaces and PIDs of --proc-root's tree; targets" \
		"cmd:$sh"
done
finish
