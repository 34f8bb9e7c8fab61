#!/bin/sh
# Checks the native library's export list: `nm -D --defined-only` of libwinhttp.so must show
# exactly the functions of dlls/winhttp/winhttp.spec (by the rules of scripts/spec2map.sh) plus
# GetLastError and SetLastError, nothing more and nothing less.
# Run by `make check` (srcdir/top_srcdir/top_builddir come from the environment) or by hand:
#   top_srcdir=. top_builddir=build sh tests/exports.sh
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
spec=$top_srcdir/dlls/winhttp/winhttp.spec
lib=$top_builddir/.libs/libwinhttp.so
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "exports.sh: Test failed: $*"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

[ -r "$spec" ] || { fail "no spec file at $spec"; finish; }
[ -e "$lib" ] || { fail "no library at $lib (build first)"; finish; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

sh "$top_srcdir/scripts/spec2map.sh" --names "$spec" > "$tmp/expected" || { fail "spec2map.sh failed"; finish; }
nm -D --defined-only "$lib" > "$tmp/nm" || { fail "nm -D failed on $lib"; finish; }
awk 'NF >= 3 { n = $3; sub(/@.*/, "", n); print n }' "$tmp/nm" | LC_ALL=C sort -u > "$tmp/actual"

# Independent cross-check of spec2map.sh: every plain "@ stdcall Name(" line is expected.
sed -n 's/^[@0-9]*[ 	][ 	]*stdcall[ 	][ 	]*\([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p' "$spec" | LC_ALL=C sort -u > "$tmp/plain"
if [ -n "$(LC_ALL=C comm -23 "$tmp/plain" "$tmp/expected")" ]; then
    fail "spec2map.sh drops spec entries: $(LC_ALL=C comm -23 "$tmp/plain" "$tmp/expected" | tr '\n' ' ')"
else
    pass
fi
if [ "$(wc -l < "$tmp/expected")" -gt 2 ]; then pass; else fail "the spec lists no function"; fi

# "extern" entries are data; everything else must be a function (nm type T, W or i).
sed -n 's/^[@0-9]*[ 	][ 	]*extern[ 	].*[ 	]\([A-Za-z_][A-Za-z0-9_]*\)[ 	]*$/\1/p' "$spec" > "$tmp/data"

# Each expected name is exported, as a function unless the spec says data ...
while read -r name; do
    if grep -q "^$name\$" "$tmp/actual"; then
        if grep -q "^$name\$" "$tmp/data" ||
           awk -v n="$name" '{ s = $3; sub(/@.*/, "", s) } s == n && ($2 == "T" || $2 == "i" || $2 == "W") { f = 1 } END { exit !f }' "$tmp/nm"; then
            pass
        else
            fail "$name is exported but not as a function: $(grep " $name" "$tmp/nm")"
        fi
    else
        fail "$name (in winhttp.spec) is not exported"
    fi
done < "$tmp/expected"
# ... and nothing else is.
extra=$(LC_ALL=C comm -13 "$tmp/expected" "$tmp/actual")
if [ -n "$extra" ]; then
    for name in $extra; do fail "$name is exported but not in winhttp.spec"; done
else
    pass
fi
finish
