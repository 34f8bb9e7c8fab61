#!/bin/sh
# Builds the libFuzzer targets of tests/fuzz straight from the sources with clang++
# (-fsanitize=fuzzer,address,undefined) and runs each for a bounded time.
#
#   tests/fuzz/run.sh [seconds]     seconds per target (default 20)
#
# FUZZ_OUT: build and work directory (default ./fuzz-out); FUZZ_TARGETS: the targets to run
# (default all); FUZZ_CXX: the compiler (default clang++). Without clang (Debian package
# `clang`) it prints SKIP and exits 0. Seeds come from tests/fuzz/corpus/<target>/; what the
# fuzzer finds goes to $FUZZ_OUT/corpus/<target>/, crashes to $FUZZ_OUT/<target>-crash-*.
# Exit status: non-zero when a build fails or a target finds a crash.
set -eu

secs=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
eng=$top/dlls/winhttp/engine
cxx=${FUZZ_CXX:-clang++}
out=${FUZZ_OUT:-$PWD/fuzz-out}
targets=${FUZZ_TARGETS:-fuzz_response_head fuzz_chunked fuzz_crack_url fuzz_headers_block}

if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "SKIP: $cxx not found (install the Debian package clang)"
    exit 0
fi
mkdir -p "$out"
flags="-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I$top/include -I$top/dlls/winhttp"

# libFuzzer's runtime ships with clang on Debian; check it links before building everything.
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
    > "$out/probe.cpp"
if ! $cxx $flags "$out/probe.cpp" -o "$out/probe" 2>/dev/null; then
    echo "SKIP: $cxx cannot build libFuzzer targets here"
    exit 0
fi

# The engine sources each target needs.
sources() {
    case $1 in
    fuzz_response_head) echo http_response.cpp chunked.cpp headers.cpp ustr.cpp ;;
    fuzz_chunked)       echo chunked.cpp http_response.cpp headers.cpp ustr.cpp ;;
    fuzz_crack_url)     echo url.cpp call.cpp ustr.cpp ;;
    fuzz_headers_block) echo headers.cpp ustr.cpp ;;
    *) echo "run.sh: unknown target $1" >&2; exit 2 ;;
    esac
}

status=0
for t in $targets; do
    srcs=
    for f in $(sources "$t"); do srcs="$srcs $eng/$f"; done
    echo "== building $t"
    # shellcheck disable=SC2086
    $cxx $flags "$here/$t.cpp" $srcs -o "$out/$t"
    mkdir -p "$out/corpus/$t"
    echo "== running $t for ${secs}s"
    if "$out/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$out/$t-" \
        "$out/corpus/$t" "$here/corpus/$t" >"$out/$t.log" 2>&1; then
        echo "PASS: $t ($(grep -E '^stat::number_of_executed_units' "$out/$t.log" | awk '{print $2}') runs)"
    else
        echo "FAIL: $t (log: $out/$t.log)"
        tail -n 40 "$out/$t.log"
        status=1
    fi
done
exit $status
