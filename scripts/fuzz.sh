#!/bin/bash
# `make fuzz`: build every libFuzzer target (tests/fuzz/fuzz_*.c) with clang,
# AddressSanitizer and UBSan, and run each for NSKIT_FUZZ_SECONDS (default
# 30). Corpora are kept in build-fuzz/corpus/NAME between runs; a file
# tests/fuzz/NAME.dict is used as the dictionary.
set -eu
cd "$(dirname "$0")/.."
secs=${NSKIT_FUZZ_SECONDS:-30}
out=build-fuzz
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz.sh: needs clang" >&2; exit 1; }
mkdir -p "$out"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-std=gnu11 -D_GNU_SOURCE -Icommon $(pkg-config --cflags smartcols libmnl)"
libs="$(pkg-config --libs smartcols libmnl) -lpthread"
status=0
for src in "$@"; do
	name=$(basename "$src" .c)
	echo "== $name"
	# the fuzzer links the library sources it needs; the others are dropped
	# shellcheck disable=SC2086
	$CC $flags -o "$out/$name" "$src" common/*.c $libs
	mkdir -p "$out/corpus/$name"
	dict=()
	[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
	if ! "$out/$name" -max_total_time="$secs" -print_final_stats=1 "${dict[@]}" \
		"$out/corpus/$name" 2>"$out/$name.log"; then
		echo "fuzz.sh: $name found a problem; see $out/$name.log" >&2
		status=1
	fi
	grep -E 'stat::number_of_executed_units|Done' "$out/$name.log" | tail -2
done
exit $status
