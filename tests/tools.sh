#!/bin/sh
# Runs tools/winhttp-url on a few URLs and checks what it prints and its exit status.
# Run by `make check`, or by hand: top_builddir=build sh tests/tools.sh
top_builddir=${top_builddir:-.}
tool=$top_builddir/tools/winhttp-url
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "tools.sh: Test failed: $*"; }
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); else
        fail "$1: expected"; printf '%s\n' "$2" | sed 's/^/    | /'
        echo "  got"; printf '%s\n' "$3" | sed 's/^/    | /'
    fi
}
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

[ -x "$tool" ] || { fail "no $tool (build first)"; finish; }

# Every component of a full URL.
out=$("$tool" crack 'http://user:pass@www.example.com:8080/path/a.html?q=1#frag'); rc=$?
check "crack full url: exit status" 0 "$rc"
check "crack full url" "url:      http://user:pass@www.example.com:8080/path/a.html?q=1#frag
scheme:   http
nscheme:  1
host:     www.example.com
port:     8080
user:     user
password: pass
path:     /path/a.html
extra:    ?q=1#frag" "$out"

# The scheme's default port, and an empty path (WinHttpCrackUrl leaves the path empty).
out=$("$tool" crack 'https://example.com' | grep -E '^(nscheme|port|path):')
check "crack https default port" "nscheme:  2
port:     443
path:     " "$out"

# UTF-8 in, UTF-16 through the API, UTF-8 out.
out=$("$tool" crack 'http://example.com/ünïcode/€' | grep '^path:')
check "crack non-ASCII path" "path:     /ünïcode/€" "$out"

# Several URLs in one run, separated by a blank line.
n=$("$tool" crack http://a/ http://b/ | grep -c '^host:')
check "crack two urls" 2 "$n"

# ICU_DECODE turns %XX escapes back into characters.
out=$("$tool" crack --decode 'http://example.com/a%20b' | grep '^path:')
check "crack --decode" "path:     /a b" "$out"

# An unknown scheme: ERROR_WINHTTP_UNRECOGNIZED_SCHEME (12006), exit status 12006 & 0xff.
err=$("$tool" crack 'gopher://example.com/' 2>&1 >/dev/null); rc=$?
check "unknown scheme: exit status" 230 "$rc"
check "unknown scheme: message" "winhttp-url: WinHttpCrackUrl failed: ERROR_WINHTTP_UNRECOGNIZED_SCHEME (12006)" "$err"

# Crack and create again.
out=$("$tool" roundtrip 'http://user:pass@example.com:8080/a/b?c=d#e' | grep '^created:')
check "roundtrip full url" "created:  http://user:pass@example.com:8080/a/b?c=d#e" "$out"
out=$("$tool" roundtrip 'https://example.com:443/x' | grep '^created:')
check "roundtrip drops the default port" "created:  https://example.com/x" "$out"

# Create from parts.
out=$("$tool" create --scheme http --host example.com --port 81 --path /p --extra '?q=1'); rc=$?
check "create: exit status" 0 "$rc"
check "create" "http://example.com:81/p?q=1" "$out"

# Times: now, in RFC 1123 form, and an HTTP date parsed back.
out=$("$tool" time)
if printf '%s\n' "$out" | grep -Eq '^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$'; then
    passed=$((passed + 1))
else
    fail "time: '$out' is not an RFC 1123 date"
fi
out=$("$tool" time 'Sun, 06 Nov 1994 08:49:37 GMT')
check "time parse" "1994-11-06 08:49:37.000 (day of week 0)" "$out"

# Bad usage.
"$tool" >/dev/null 2>&1; rc=$?
check "no arguments: exit status" 64 "$rc"
"$tool" frobnicate >/dev/null 2>&1; rc=$?
check "unknown command: exit status" 64 "$rc"
finish
