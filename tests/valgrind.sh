#!/bin/bash
# `make valgrind`: the unit tests, then nsls, nsdiff, nstop and nsjoin on the
# fixture tree and on the live system, under valgrind's memcheck. Any
# error or leak fails.
set -u
: "${NSKIT_BIN:?NSKIT_BIN must name the build directory}"
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind.sh: needs valgrind" >&2; exit 1; }
VG="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect"

NSKIT_WRAPPER="$VG" tests/run.sh "$@"
rc=$?

fx=$(mktemp -d /tmp/nskit-vg.XXXXXX)
trap 'rm -rf "$fx"' EXIT
sh tests/fixtures/mkproc.sh "$fx"
fail=0
for args in "" "-J" "-t net -W" "-P" "-p 201" "--output-all -l" "--tree=owner" \
	"-Q NPROCS>1" "--container web-nginx" "4026532201"; do
	# shellcheck disable=SC2086
	if ! $VG "$NSKIT_BIN/nsls" --proc-root "$fx/proc" --host-root "$fx/root" $args \
		>/dev/null 2>"$fx/err"; then
		echo "valgrind: nsls $args (fixture):"; cat "$fx/err"; fail=1
	fi
done
for args in "" "-J -l --output-all" "--tree=parent" "-p $$"; do
	# shellcheck disable=SC2086
	$VG "$NSKIT_BIN/nsls" $args >/dev/null 2>"$fx/err"
	if [ $? -eq 99 ]; then
		echo "valgrind: nsls $args (live):"; cat "$fx/err"; fail=1
	fi
done
# nsdiff: the fixture's containers by name, and a live process against the host
for args in "web1" "-J web1" "-a" "-a -J" "web-nginx default/shop-7d4f"; do
	# shellcheck disable=SC2086
	NSKIT_STATE_DIR="$fx/state" $VG "$NSKIT_BIN/nsdiff" --proc-root "$fx/proc" \
		--host-root "$fx/root" $args >/dev/null 2>"$fx/err"
	if [ $? -eq 99 ]; then
		echo "valgrind: nsdiff $args (fixture):"; cat "$fx/err"; fail=1
	fi
done
$VG "$NSKIT_BIN/nsdiff" -d $$ >/dev/null 2>"$fx/err"
if [ $? -eq 99 ]; then
	echo "valgrind: nsdiff -d $$ (live):"; cat "$fx/err"; fail=1
fi
# nstop: a few frames of each batch view on the live system
for args in "-b -n 3 -d 0.2" "-J -n 2 -d 0.2 -c"; do
	# shellcheck disable=SC2086
	$VG "$NSKIT_BIN/nstop" $args >/dev/null 2>"$fx/err"
	if [ $? -eq 99 ]; then
		echo "valgrind: nstop $args (live):"; cat "$fx/err"; fail=1
	fi
done
# nsjoin: the error paths, and runs into our own namespaces (the exec of the
# command ends valgrind's watch: what is checked is everything before it)
for args in "-t $$ -n true" "-t $$ -a --no-pidfd true" "-t nosuch-target -n true" \
	"-n=/etc/passwd true" "-t 4000000 -n true"; do
	# shellcheck disable=SC2086
	$VG "$NSKIT_BIN/nsjoin" $args >/dev/null 2>"$fx/err"
	if [ $? -eq 99 ]; then
		echo "valgrind: nsjoin $args:"; cat "$fx/err"; fail=1
	fi
done
[ $fail -eq 0 ] && echo "valgrind: nsls, nsdiff, nstop and nsjoin clean on the fixture and the live system"
[ $rc -eq 0 ] && [ $fail -eq 0 ]
