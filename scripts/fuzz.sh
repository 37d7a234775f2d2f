#!/bin/bash
# `make fuzz`: build every libFuzzer target (tests/fuzz/fuzz_*.c) with clang,
# AddressSanitizer and UBSan, and run each for NSKIT_FUZZ_SECONDS (default
# 30). Corpora are kept in build-fuzz/corpus/NAME between runs; a file
# tests/fuzz/NAME.dict is used as the dictionary.
#
# The library (common/) and the modules of the tools (tools/TOOL/, but
# main.c) are built once into archives; a target links what it uses. A
# target of a tool's module says which tool in a line "TOOL: NAME".
set -eu
cd "$(dirname "$0")/.."
secs=${NSKIT_FUZZ_SECONDS:-30}
out=build-fuzz
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz.sh: needs clang" >&2; exit 1; }
mkdir -p "$out/obj"
pkgs="libproc2 smartcols ncursesw libmnl libcap json-c libarchive nettle"
cflags="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
	-std=gnu11 -D_GNU_SOURCE -DNSKIT_VERSION=\"fuzz\" -DNSKIT_LIBEXECDIR=\"/nonexistent\"
	-Icommon -Itools/cli $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lpthread"

# archive NAME DIR FLAGS SOURCES...: compile the sources into $out/obj/NAME/
# and make $out/libNAME.a of them.
archive() {
	local name=$1 inc=$2 src objs=()
	shift 2
	mkdir -p "$out/obj/$name"
	for src in "$@"; do
		local o
		o="$out/obj/$name/$(basename "$src" .c).o"
		# shellcheck disable=SC2086
		$CC $cflags $inc -c -o "$o" "$src"
		objs+=("$o")
	done
	rm -f "$out/lib$name.a"
	ar rcs "$out/lib$name.a" "${objs[@]}"
}

archive nskit "" common/*.c tools/cli/*.c
for dir in tools/*/; do
	tool=$(basename "$dir")
	[ "$tool" = cli ] && continue
	mapfile -t srcs < <(ls "$dir"*.c | grep -v '/main\.c$')
	archive "$tool" "-I$dir" "${srcs[@]}"
done

status=0
for src in "$@"; do
	name=$(basename "$src" .c)
	tool=$(sed -n 's/.*TOOL: *\([a-z]*\).*/\1/p' "$src" | head -1)
	inc="" toollib=""
	if [ -n "$tool" ]; then
		inc="-Itools/$tool"
		toollib="$out/lib$tool.a"
	fi
	echo "== $name"
	# shellcheck disable=SC2086
	$CC ${cflags/fuzzer-no-link/fuzzer} $inc -o "$out/$name" "$src" $toollib \
		"$out/libnskit.a" $libs
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
