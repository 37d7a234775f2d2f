#!/bin/bash
# Run unit test binaries and integration scripts, all of which speak TAP,
# and print one closing line: "N passed, N failed, N skipped".
#
#   tests/run.sh FILE...        (NSKIT_BIN names the build directory)
#
# A FILE written boot10:BINARY runs BINARY in a time namespace whose
# CLOCK_BOOTTIME reads 10 s, as on a machine that has just booted: code that
# compares start times with the real clock fails there whatever the uptime
# of the machine that runs the suite. Where time namespaces cannot be made,
# it counts as one skipped test.
#
# A file that crashes, times out or prints fewer results than its plan
# counts the missing ones as failed. Output of each file is kept in
# $NSKIT_TEST_LOG (default build/test-logs/) for post-mortems.
set -u

: "${NSKIT_BIN:?NSKIT_BIN must name the build directory}"
logdir=${NSKIT_TEST_LOG:-$NSKIT_BIN/test-logs}
mkdir -p "$logdir"
timeout_s=${NSKIT_TEST_TIMEOUT:-900}
# NSKIT_WRAPPER runs test binaries under a tool (valgrind); its own error
# exit status, 99, counts as one more failure.
NSKIT_WRAPPER=${NSKIT_WRAPPER:-}

pass=0 fail=0 skip=0
failed_names=()

# How to enter a fresh time namespace: as root directly, otherwise inside a
# user namespace that maps the caller to itself (so tests see the same uid).
timens=()
timens_why="time namespaces are unavailable (unshare --time failed)"
if unshare --time --boottime 0 true 2>/dev/null; then
	timens=(unshare --time)
elif unshare --user --map-current-user --time --boottime 0 true 2>/dev/null; then
	timens=(unshare --user --map-current-user --time)
fi

for t in "$@"; do
	name=$(basename "$t")
	case "$t" in
	boot10:*)
		t=${t#boot10:}
		name="$(basename "$t")@boot10s"
		if [ ${#timens[@]} -eq 0 ]; then
			printf '%-36s %3d passed, %d failed, %d skipped (%s)\n' "$name" 0 0 1 "$timens_why"
			skip=$((skip + 1))
			continue
		fi
		up=$(cut -d. -f1 /proc/uptime)
		cmd=("${timens[@]}" --boottime $((10 - up)) $NSKIT_WRAPPER "$t") ;;
	*.sh) cmd=(bash "$t") ;;
	*)    cmd=($NSKIT_WRAPPER "$t") ;;
	esac
	log="$logdir/$name.log"
	CMOCKA_MESSAGE_OUTPUT=TAP timeout -k 10 "$timeout_s" "${cmd[@]}" >"$log" 2>&1
	rc=$?

	p=0 f=0 s=0 plan=""
	while IFS= read -r line; do
		case "$line" in
		"1.."*) plan=${line#1..}; plan=${plan%% *} ;;
		"ok "*"# SKIP"*|"ok "*"# skip"*) s=$((s + 1)) ;;
		"not ok "*"# SKIP"*|"not ok "*"# skip"*) s=$((s + 1)) ;;
		"ok "*) p=$((p + 1)) ;;
		"not ok "[0-9]*)
			f=$((f + 1))
			failed_names+=("$name: ${line#not ok }") ;;
		esac
	done <"$log"

	if [ -n "$NSKIT_WRAPPER" ] && [ $rc -eq 99 ]; then
		f=$((f + 1))
		failed_names+=("$name: errors reported by ${NSKIT_WRAPPER%% *}")
	fi
	seen=$((p + f + s))
	if [ -n "$plan" ] && [ "$plan" -gt "$seen" ] 2>/dev/null; then
		missing=$((plan - seen))
		f=$((f + missing))
		failed_names+=("$name: $missing result(s) missing (exit status $rc)")
	elif [ "$seen" -eq 0 ]; then
		f=$((f + 1))
		failed_names+=("$name: no results (exit status $rc)")
	fi

	printf '%-36s %3d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done

if [ ${#failed_names[@]} -gt 0 ]; then
	echo
	echo "Failures (logs in $logdir):"
	printf '  %s\n' "${failed_names[@]}"
fi
echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
