#!/bin/sh
# WINEDEBUG=+winhttp prints one trace line per API call (with arguments and result) and a warn
# line per error; without it nothing is printed.
: "${top_builddir:=.}"
tool="$top_builddir/tools/winhttp-url"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }

out=$(WINEDEBUG=+winhttp "$tool" crack "http://user:pw@example.com:8080/p?q" 2>&1 >/dev/null)
check "trace line for WinHttpCrackUrl" 'echo "$out" | grep -q "^[0-9a-f]*:trace:winhttp:WinHttpCrackUrl(L\"http://user:pw@example.com:8080/p?q\", 0, 0, 0x[0-9a-f]*) -> 1$"'
out=$(WINEDEBUG=+winhttp "$tool" crack "ftp://example.com/" 2>&1 >/dev/null)
check "warn line with the error name" 'echo "$out" | grep -q ":warn:winhttp:WinHttpCrackUrl failed: error 12006 (ERROR_WINHTTP_UNRECOGNIZED_SCHEME)"'
out=$(WINEDEBUG=warn+all,trace+winhttp "$tool" crack "http://a/" 2>&1 >/dev/null)
check "class+channel syntax" 'echo "$out" | grep -q ":trace:winhttp:WinHttpCrackUrl"'
out=$(WINEDEBUG=+winhttp,-winhttp "$tool" crack "http://a/" 2>&1 >/dev/null)
check "later -winhttp turns it off" '[ -z "$out" ]'
out=$(WINEDEBUG=-all "$tool" crack "http://a/" 2>&1 >/dev/null)
check "off with -all" '[ -z "$out" ]'
out=$(env -u WINEDEBUG "$tool" crack "http://a/" 2>&1 >/dev/null)
check "off by default" '[ -z "$out" ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
