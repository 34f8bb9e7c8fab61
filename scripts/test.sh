#!/usr/bin/env bash
# Builds the project and runs every test: the command CI runs (.ci/run) and README's test command.
#
#   scripts/test.sh             setup (dependencies, autoreconf, builds), then
#                                 1. make check in build/        (plain build)
#                                 2. make check in build-asan/   (AddressSanitizer + UBSan)
#                                    and the concurrency tests in build-tsan/ (ThreadSanitizer)
#                                 3. the conformance programs of build/ through
#                                    tools/winhttp-conformance, JUnit XML in build/conformance.xml
#   scripts/test.sh --no-asan   skip the sanitizer build (quicker, for development)
#
# Prints one summary line per test program and an "overall: N passed, N failed" line last; exits
# non-zero when anything failed, after printing the logs of what failed.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

asan=1
for arg in "$@"; do
    case "$arg" in
    --no-asan) asan=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown option '$arg'" >&2; exit 2 ;;
    esac
done

jobs=$(nproc 2>/dev/null || echo 2)
make_args=()
total_passed=0
total_failed=0
problems=()

finish() {
    echo
    echo "==> summary"
    for p in "${problems[@]}"; do echo "    FAILED: $p"; done
    echo "overall: $total_passed passed, $total_failed failed"
    [ "$total_failed" -eq 0 ] && [ ${#problems[@]} -eq 0 ]
    exit $?
}

setup_args=()
[ "$asan" = 1 ] && setup_args+=(--asan)
if ! bash scripts/setup.sh "${setup_args[@]}"; then
    problems+=("setup or build (see the errors above)")
    total_failed=$((total_failed + 1))
    finish
fi

# Prints "STATUS NAME: N passed, N failed" for one test of automake's harness and adds its counts.
# A test's counts come from its last "N passed, N failed" line, or from CMocka's
# "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)" lines; a test without either counts as one.
summarize_test() { # summarize_test BUILD-DIR TEST-PATH (without .log/.trs)
    local dir=$1 t=$2 result counts p f s
    result=$(sed -n 's/^:test-result: //p' "$t.trs" 2>/dev/null | head -n1)
    [ -n "$result" ] || result=ERROR
    counts=$(awk '
        /^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?[ \r]*$/ {
            line = $0; sub(/^[A-Za-z0-9_.-]+: /, "", line); split(line, w, /[ ,]+/)
            plain = 1; pp = w[1]; pf = w[3]; ps = (w[5] != "" ? w[5] : 0)
        }
        /^\[  PASSED  \] [0-9]+ test\(s\)/ { cp += $4; cm = 1 }
        /^\[  FAILED  \] [0-9]+ test\(s\)/ { cf += $4; cm = 1 }
        /^\[  SKIPPED \] [0-9]+ test\(s\)/ { cs += $4; cm = 1 }
        END {
            if (plain) print pp, pf, ps
            else if (cm) print cp + 0, cf + 0, cs + 0
            else print "none"
        }' "$t.log" 2>/dev/null)
    if [ "$counts" = none ] || [ -z "$counts" ]; then
        case "$result" in
        PASS|XFAIL) p=1 f=0 s=0 ;;
        SKIP) p=0 f=0 s=1 ;;
        *) p=0 f=1 s=0 ;;
        esac
    else
        read -r p f s <<<"$counts"
        case "$result" in
        PASS|XFAIL|SKIP) ;;
        *) [ "$f" -eq 0 ] && f=1 ;;   # crashed or failed after its summary (e.g. a leak report)
        esac
    fi
    local name=${t#"$dir"/}
    if [ "$s" -gt 0 ]; then
        printf '%-5s %s/%s: %d passed, %d failed, %d skipped\n' "$result" "$dir" "$name" "$p" "$f" "$s"
    else
        printf '%-5s %s/%s: %d passed, %d failed\n' "$result" "$dir" "$name" "$p" "$f"
    fi
    suite_passed=$((suite_passed + p))
    suite_failed=$((suite_failed + f))
}

# make check in one build directory, then its per-test summary.
check_in() { # check_in DIR [ENV=VALUE...]
    local dir=$1; shift
    echo
    echo "==> make check in $dir/ $*"
    local rc=0
    env "$@" make -C "$root/$dir" -j"$jobs" check "${make_args[@]}" || rc=$?
    echo
    echo "==> results in $dir/"
    suite_passed=0
    suite_failed=0
    local trs found=0
    while IFS= read -r trs; do
        found=1
        summarize_test "$dir" "${trs%.trs}"
    done < <(find "$dir" -name '*.trs' 2>/dev/null | LC_ALL=C sort)
    if [ "$rc" -ne 0 ]; then
        if [ -f "$dir/test-suite.log" ] && [ "$found" = 1 ]; then
            echo
            echo "==> $dir/test-suite.log (the logs of the failed tests)"
            cat "$dir/test-suite.log"
        else
            echo "make check failed in $dir/ before running the tests (see the errors above)"
        fi
        problems+=("make check in $dir/")
        [ "$suite_failed" -eq 0 ] && suite_failed=1
    fi
    ran_tests=$found
    echo "$dir: $suite_passed passed, $suite_failed failed"
    total_passed=$((total_passed + suite_passed))
    total_failed=$((total_failed + suite_failed))
}

# Stale results of an earlier run must not count (a test that no longer builds would keep its
# old .trs), so every .trs is removed first and only the ones this run writes are read.
find build -name '*.trs' -delete 2>/dev/null
check_in build
build_ran_tests=$ran_tests

if [ "$asan" = 1 ]; then
    find build-asan -name '*.trs' -delete 2>/dev/null
    check_in build-asan \
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # ThreadSanitizer on the tests that race threads against each other.
    find build-tsan -name '*.trs' -delete 2>/dev/null
    make_args=(TESTS="tests/unit/test_handles tests/unit/test_io tests/unit/test_pool tests/unit/test_operation tests/conformance/handles tests/conformance/callback tests/conformance/async tests/conformance/https")
    check_in build-tsan TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
    make_args=()
fi

echo
echo "==> conformance programs through tools/winhttp-conformance (JUnit XML: build/conformance.xml)"
if [ "$build_ran_tests" != 1 ]; then
    echo "skipped: the test programs of build/ did not build"
elif [ -x build/tools/winhttp-conformance ] && [ -d build/tests/conformance ]; then
    out=$(mktemp)
    build/tools/winhttp-conformance --junit build/conformance.xml build/tests/conformance | tee "$out"
    rc=${PIPESTATUS[0]}
    counts=$(sed -n 's/^conformance: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' "$out" | tail -n1)
    rm -f "$out"
    if [ -n "$counts" ]; then
        read -r p f <<<"$counts"
        total_passed=$((total_passed + p))
        total_failed=$((total_failed + f))
    fi
    if [ "$rc" -ne 0 ]; then
        problems+=("conformance runner")
        [ -z "$counts" ] || [ "$f" -eq 0 ] && total_failed=$((total_failed + 1))
    fi
else
    echo "build/tools/winhttp-conformance or build/tests/conformance is missing"
    problems+=("conformance runner missing")
    total_failed=$((total_failed + 1))
fi

finish
