#!/bin/bash
# Bad input to nsls: one clear line on stderr naming the bad value, a
# non-zero exit, nothing on stdout. Needs no privileges.
. "$(dirname "$0")/lib.sh"

# bad_input EXPECTED-STDERR-REGEX ARGS...
bad_input() {
	local re=$1 out err rc
	shift
	out=$("$NSLS" "$@" 2>"$TMPDIR/err") && rc=0 || rc=$?
	err=$(cat "$TMPDIR/err")
	[ $rc -ne 0 ] || fail "nsls $*: exit status 0"
	[ -z "$out" ] || fail "nsls $*: printed on stdout: $out"
	[ "$(wc -l <"$TMPDIR/err")" -le 2 ] || fail "nsls $*: more than one line: $err"
	assert_match "$err" "$re" "nsls $*: the message"
}

t_unknown_column() { bad_input "^nsls: unknown column 'FOO'$" -o NS,FOO; }
t_unknown_column_plus() { bad_input "^nsls: unknown column 'BAR'$" -o +BAR; }
t_unknown_type() { bad_input "^nsls: unknown namespace type 'foo'$" -t foo; }
t_unknown_option() { bad_input "unrecognized option '--bogus'" --bogus; }
t_pid_not_numeric() { bad_input "^nsls: invalid PID argument 'abc'$" -p abc; }
t_pid_negative() { bad_input "^nsls: invalid PID argument '-5'$" -p -5; }
t_pid_zero() { bad_input "^nsls: invalid PID argument '0'$" -p 0; }
t_pid_absent() { bad_input "^nsls: no process with PID 2147483647$" -p 2147483647; }
t_bad_tree() { bad_input "^nsls: unknown tree type 'sideways'$" --tree=sideways; }
t_bad_namespace() { bad_input "^nsls: invalid namespace argument 'x12'$" x12; }
t_exclusive() { bad_input "^nsls: --json and --raw are mutually exclusive$" -J -r; }
t_task_and_namespace() { bad_input "mutually exclusive" -p 1 4026531840; }
t_proc_root_missing() {
	bad_input "^nsls: cannot open '/nonexistent': No such file or directory$" \
		--proc-root /nonexistent
}
t_proc_root_file() { bad_input "^nsls: cannot open '/etc/hostname': Not a directory$" \
	--proc-root /etc/hostname; }
t_filter_unknown_column() {
	bad_input "^nsls: bad filter: unknown column 'FOO' at position 15$" -Q 'NPROCS > 1 && FOO == 2'
}
t_filter_syntax() { bad_input "^nsls: bad filter: .* at position [0-9]+$" -Q 'NPROCS > && 1'; }
t_filter_unbalanced() { bad_input "^nsls: bad filter: .*" -Q '(TYPE == "net"'; }
t_container_unknown() { bad_input "^nsls: no container matches 'no-such-container'$" \
	--container no-such-container; }
t_color() { bad_input "^nsls: invalid color mode 'purple'$" --color=purple; }

t_help_and_version() {
	"$NSLS" --help | grep -q '^ -J, --json'
	"$NSLS" -h | grep -q 'Available output columns'
	assert_match "$("$NSLS" -V)" "^nsls from nskit [0-9.]+$"
	"$NSLS" -H | grep -q 'NPROCS'
	"$NSLS" -H -J | jq -e '."nsls-columns" | length > 12' >/dev/null
}

run t_unknown_column "unknown column"
run t_unknown_column_plus "unknown column in +LIST"
run t_unknown_type "unknown namespace type"
run t_unknown_option "unknown option"
run t_pid_not_numeric "non-numeric PID"
run t_pid_negative "negative PID"
run t_pid_zero "PID 0"
run t_pid_absent "absent PID"
run t_bad_tree "unknown tree type"
run t_bad_namespace "malformed namespace argument"
run t_exclusive "mutually exclusive options"
run t_task_and_namespace "-p with a namespace argument"
run t_proc_root_missing "unreadable --proc-root"
run t_proc_root_file "--proc-root that is a file"
run t_filter_unknown_column "filter: unknown column, with its position"
run t_filter_syntax "filter: syntax error, with its position"
run t_filter_unbalanced "filter: unbalanced parenthesis"
run t_container_unknown "unknown container"
run t_color "bad --color"
run t_help_and_version "--help, --version and --list-columns" cmd:jq
finish
