#!/bin/sh
# Runs tools/winhttp-url on a few URLs and checks what it prints and its exit status; then
# tools/winhttp-get against the test server (tests/server/winhttp-test-server, started here).
# Over HTTPS too: more test servers with certificates made by tests/tls/gen-certs.sh, the test CA
# trusted through WINHTTP_TLS_CA_FILE.
# Run by `make check`, or by hand: top_builddir=build sh tests/tools.sh
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
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

# ------------------------------------------------------------------------ winhttp-get
get=$top_builddir/tools/winhttp-get
server=${WINHTTP_TEST_SERVER:-$top_builddir/tests/server/winhttp-test-server}
[ -x "$get" ] || { fail "no $get (build first)"; finish; }
[ -x "$server" ] || { fail "no $server (make check builds it)"; finish; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
tmp=$(mktemp -d)
# The server reads its stdin from a fifo this shell holds open on fd 9: it stops when the
# script ends (--stdin-eof), however the script ends.
mkfifo "$tmp/in"
"$server" --stdin-eof <"$tmp/in" >"$tmp/port" 2>"$tmp/server.err" &
server_pids=$!
exec 9>"$tmp/in"
trap 'exec 9>&-; for p in $server_pids; do wait "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
# wait_port NAME: the port the server started with stdout in $tmp/NAME (empty if it did not start).
wait_port() {
    port=
    for _ in $(seq 100); do
        port=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$tmp/$1")
        [ -n "$port" ] && break
        sleep 0.05
    done
}
wait_port port
[ -n "$port" ] || { fail "the test server did not start: $(cat "$tmp/server.err")"; finish; }
url=http://127.0.0.1:$port
# pattern N: the first N bytes of the server's body pattern (byte i is 'a' + i % 26).
pattern() { yes abcdefghijklmnopqrstuvwxyz | tr -d '\n' | head -c "$1"; }
size() { wc -c <"$1" | tr -d ' '; }

# A body to stdout, and a 3 MB one (several 1 MiB reads) to a file with -o.
out=$("$get" "$url/bytes/30"); rc=$?
check "get /bytes/30: exit status" 0 "$rc"
check "get /bytes/30" "$(pattern 30)" "$out"
pattern 3000000 >"$tmp/expected"
"$get" -s -o "$tmp/got" "$url/bytes/3000000"; rc=$?
check "get -o: exit status" 0 "$rc"
check "get -o: size" 3000000 "$(size "$tmp/got")"
if cmp -s "$tmp/expected" "$tmp/got"; then passed=$((passed + 1)); else fail "get -o: content differs"; fi
# A chunked response, decoded.
out=$("$get" "$url/chunked/3000?size=100")
check "get chunked response" "$(pattern 3000)" "$out"

# -I: HEAD, the response headers (CRLF lines, a blank line at the end) and no body.
out=$("$get" -I "$url/bytes/10" | tr -d '\r'); rc=$?
check "get -I: exit status" 0 "$rc"
check "get -I" "HTTP/1.1 200 OK
Content-Type: application/octet-stream
Content-Length: 10" "$out"
# -i: the headers, then the body.
out=$("$get" -i "$url/bytes/5" | tr -d '\r')
check "get -i" "HTTP/1.1 200 OK
Content-Type: application/octet-stream
Content-Length: 5

abcde" "$out"

# Request bodies: -d (with WinHttpSendRequest), a file (Content-Length, WinHttpWriteData).
out=$("$get" -X POST -d hello "$url/upload")
check "get -X POST -d" 5 "$out"
out=$("$get" -d a=1 -d b=2 "$url/echo" | tr -d '\r' | sed -n '1p;/^Content-Length:/p;$p')
check "get -d twice: POST, joined with &" "POST /echo HTTP/1.1
Content-Length: 7
a=1&b=2" "$out"
out=$("$get" --data-binary @"$tmp/expected" "$url/upload")
check "get --data-binary @FILE" 3000000 "$out"
out=$("$get" --data-binary @"$tmp/expected" "$url/echo" | tr -d '\r' | grep -i '^Content-Length:')
check "get --data-binary @FILE: Content-Length" "Content-Length: 3000000" "$out"
# From stdin (a pipe, size unknown): chunked, by WinHTTP or framed by the tool.
out=$(pattern 300000 | "$get" --data-binary @- "$url/upload")
check "get chunked upload from stdin" 300000 "$out"
out=$(pattern 300000 | "$get" --manual-chunks --data-binary @- "$url/upload")
check "get chunked upload from stdin, framed by the tool" 300000 "$out"
for mode in "" --manual-chunks; do
    out=$(printf hello | "$get" $mode --data-binary @- "$url/echo" | od -An -c | tr -s ' \n' ' ')
    case $out in
    *"T r a n s f e r - E n c o d i n g : c h u n k e d \r \n"*"\r \n \r \n 5 \r \n h e l l o \r \n 0 \r \n \r \n ") passed=$((passed + 1)) ;;
    *) fail "get chunked upload ${mode:-(automatic)}: wire bytes: $out" ;;
    esac
done

# -X and -H reach the server.
out=$("$get" -X PUT -H 'X-Test: yes' -H 'X-Other: 2' "$url/echo" | tr -d '\r' | grep -E '^(PUT |X-)')
check "get -X PUT -H" "PUT /echo HTTP/1.1
X-Test: yes
X-Other: 2" "$out"

# HTTP errors: exit 0 like curl, 22 with -f; --no-location keeps the redirect response.
out=$("$get" "$url/status/404?body=nf"); rc=$?
check "get 404: exit status" 0 "$rc"
check "get 404: body" nf "$out"
"$get" -f "$url/status/404" >/dev/null 2>&1; rc=$?
check "get -f 404: exit status" 22 "$rc"
out=$("$get" -i --no-location "$url/redirect/1" | head -n1 | tr -d '\r')
check "get --no-location" "HTTP/1.1 302 Found" "$out"
# Credentials (-u: WINHTTP_OPTION_USERNAME/PASSWORD) answering Digest and Basic challenges.
out=$("$get" -s -u bob:pw "$url/auth/digest?user=bob&pass=pw")
check "get -u (Digest)" "authenticated nc=00000001" "$out"
out=$("$get" -s -u bob:pw "$url/auth/basic?user=bob&pass=pw")
check "get -u (Basic)" "authenticated" "$out"
"$get" -s -f -u bob:wrong "$url/auth/basic?user=bob&pass=pw" >/dev/null 2>&1; rc=$?
check "get -u with a wrong password: exit status" 22 "$rc"

# WinHTTP failures: the message names the function and the error; exit status = error - 12000.
err=$("$get" http://127.0.0.1:1/ 2>&1 >/dev/null); rc=$?
check "get refused port: exit status" 29 "$rc"
check "get refused port: message" "winhttp-get: WinHttpSendRequest failed: ERROR_WINHTTP_CANNOT_CONNECT (12029)" "$err"
err=$("$get" 'gopher://example.com/' 2>&1 >/dev/null); rc=$?
check "get unknown scheme: exit status" 6 "$rc"
check "get unknown scheme: message" "winhttp-get: WinHttpCrackUrl failed: ERROR_WINHTTP_UNRECOGNIZED_SCHEME (12006)" "$err"
err=$("$get" 'http://example.com:99999/' 2>&1 >/dev/null); rc=$?
check "get bad port in URL: exit status" 5 "$rc"
check "get bad port in URL: message" "winhttp-get: WinHttpCrackUrl failed: ERROR_WINHTTP_INVALID_URL (12005)" "$err"
err=$("$get" -m 1 "$url/stall" 2>&1 >/dev/null); rc=$?
check "get --max-time: exit status" 2 "$rc"
check "get --max-time: message" "winhttp-get: WinHttpReceiveResponse failed: ERROR_WINHTTP_TIMEOUT (12002)" "$err"
"$get" >/dev/null 2>&1; rc=$?
check "get without URL: exit status" 64 "$rc"
"$get" -s -o "$tmp/no/such/dir" "$url/" >/dev/null 2>&1; rc=$?
check "get -o into a missing directory: exit status" 201 "$rc"

# -v: each notification by name, the request (>) and response (<) heads.
err=$("$get" -v "$url/bytes/3" 2>&1 >/dev/null)
for want in '^\* WINHTTP_CALLBACK_STATUS_HANDLE_CREATED ' '^\* WINHTTP_CALLBACK_STATUS_RESOLVING_NAME .*: 127\.0\.0\.1$' \
    '^\* WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER ' '^\* WINHTTP_CALLBACK_STATUS_SENDING_REQUEST ' \
    '^\* WINHTTP_CALLBACK_STATUS_REQUEST_SENT .*: [0-9]+ bytes$' '^\* WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED ' \
    '^\* WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING ' '^> GET /bytes/3 HTTP/1\.1$' '^< HTTP/1\.1 200 OK$' '^< Content-Length: 3$'; do
    if printf '%s\n' "$err" | grep -Eq "$want"; then passed=$((passed + 1)); else fail "get -v: no line matching $want"; fi
done

# --async: the same transfers through WINHTTP_FLAG_ASYNC and completion callbacks.
"$get" --async -s -o "$tmp/got" "$url/bytes/3000000"; rc=$?
check "get --async -o: exit status" 0 "$rc"
if cmp -s "$tmp/expected" "$tmp/got"; then passed=$((passed + 1)); else fail "get --async -o: content differs"; fi
out=$(pattern 300000 | "$get" --async --data-binary @- "$url/upload")
check "get --async chunked upload" 300000 "$out"
err=$("$get" --async -v -d x "$url/upload" 2>&1 >/dev/null)
for want in SENDREQUEST_COMPLETE HEADERS_AVAILABLE DATA_AVAILABLE READ_COMPLETE; do
    if printf '%s\n' "$err" | grep -q "^\* WINHTTP_CALLBACK_STATUS_$want "; then passed=$((passed + 1)); else
        fail "get --async -v: no $want notification"; fi
done
err=$("$get" --async http://127.0.0.1:1/ 2>&1 >/dev/null); rc=$?
check "get --async refused port: exit status" 29 "$rc"
check "get --async refused port: message" "winhttp-get: WinHttpSendRequest failed: ERROR_WINHTTP_CANNOT_CONNECT (12029)" "$err"

# ------------------------------------------------------------------------ winhttp-get over HTTPS
# One test server per certificate: the test CA's valid leaf, then one per kind of failure (not
# holding fd 9, the fifo's write end, so that they too stop when the script ends).
if ! sh "$top_srcdir/tests/tls/gen-certs.sh" "$tmp/certs" >"$tmp/certs.log" 2>&1; then
    fail "tests/tls/gen-certs.sh failed (certtool: Debian package gnutls-bin): $(cat "$tmp/certs.log")"
    finish
fi
for k in valid unknownca expired wronghost wrongusage; do
    "$server" --stdin-eof --tls-cert "$tmp/certs/$k.pem" --tls-key "$tmp/certs/$k-key.pem" \
        <"$tmp/in" >"$tmp/$k.port" 2>"$tmp/$k.err" 9>&- &
    server_pids="$server_pids $!"
done
for k in valid unknownca expired wronghost wrongusage; do
    wait_port "$k.port"
    [ -n "$port" ] || { fail "the HTTPS test server ($k) did not start: $(cat "$tmp/$k.err")"; finish; }
    eval "tls_$k=https://127.0.0.1:$port"
done
secure_failure="winhttp-get: WinHttpSendRequest failed: ERROR_WINHTTP_SECURE_FAILURE (12175)"

# The test CA is not trusted by default: the valid leaf fails like an unknown CA's; -k takes it.
unset WINHTTP_TLS_CA_FILE WINHTTP_TLS_CRL_FILE
err=$("$get" "$tls_valid/" 2>&1 >/dev/null); rc=$?
check "get https, test CA not trusted: exit status" 175 "$rc"
check "get https, test CA not trusted: message" "$secure_failure" "$err"
out=$("$get" -k "$tls_valid/"); rc=$?
check "get -k https, test CA not trusted: exit status" 0 "$rc"
check "get -k https, test CA not trusted" winhttp-test-server "$out"

export WINHTTP_TLS_CA_FILE="$tmp/certs/ca.pem"
out=$("$get" "$tls_valid/bytes/30"); rc=$?
check "get https /bytes/30: exit status" 0 "$rc"
check "get https /bytes/30" "$(pattern 30)" "$out"
out=$("$get" "$tls_valid/tls-info" | sed -n 1p)
case $out in protocol=TLS1.[23]) passed=$((passed + 1)) ;; *) fail "get https /tls-info: '$out'" ;; esac
out=$("$get" -i "$tls_valid/bytes/5" | tr -d '\r')
check "get -i https" "HTTP/1.1 200 OK
Content-Type: application/octet-stream
Content-Length: 5

abcde" "$out"
"$get" -s -o "$tmp/got" "$tls_valid/bytes/3000000"; rc=$?
check "get https -o: exit status" 0 "$rc"
if cmp -s "$tmp/expected" "$tmp/got"; then passed=$((passed + 1)); else fail "get https -o: content differs"; fi
out=$("$get" "$tls_valid/chunked/3000?size=100")
check "get https chunked response" "$(pattern 3000)" "$out"
out=$("$get" --data-binary @"$tmp/expected" "$tls_valid/upload")
check "get https --data-binary @FILE" 3000000 "$out"
out=$(pattern 300000 | "$get" --data-binary @- "$tls_valid/upload")
check "get https chunked upload from stdin" 300000 "$out"
"$get" --async -s -o "$tmp/got" "$tls_valid/bytes/3000000"; rc=$?
check "get --async https -o: exit status" 0 "$rc"
if cmp -s "$tmp/expected" "$tmp/got"; then passed=$((passed + 1)); else fail "get --async https -o: content differs"; fi
out=$(pattern 300000 | "$get" --async --data-binary @- "$tls_valid/upload")
check "get --async https chunked upload" 300000 "$out"
# An absolute redirect stays on https (the server writes https://Host/...).
out=$("$get" "$tls_valid/redirect/2?absolute=1&body=x"); rc=$?
check "get https absolute redirects: exit status" 0 "$rc"

# Each certificate failure: exit status 175 (12175 - 12000) and the message; -v shows the
# SECURE_FAILURE notification's flags; -k (the SECURITY_FLAG_IGNORE_* flags) accepts it.
for case in "unknownca 0x00000008" "expired 0x00000020" "wronghost 0x00000010" "wrongusage 0x00000040"; do
    k=${case% *} flags=${case#* }
    eval "u=\$tls_$k"
    err=$("$get" "$u/" 2>&1 >/dev/null); rc=$?
    check "get https $k: exit status" 175 "$rc"
    check "get https $k: message" "$secure_failure" "$err"
    err=$("$get" --async "$u/" 2>&1 >/dev/null); rc=$?
    check "get --async https $k: exit status" 175 "$rc"
    check "get --async https $k: message" "$secure_failure" "$err"
    # WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA 0x8, CERT_CN_INVALID 0x10, CERT_DATE_INVALID 0x20,
    # CERT_WRONG_USAGE 0x40 (winhttp.h)
    err=$("$get" -v "$u/" 2>&1 >/dev/null | grep '^\* WINHTTP_CALLBACK_STATUS_SECURE_FAILURE ' | sed 's/.*: //')
    check "get -v https $k: SECURE_FAILURE flags" "flags $flags" "$err"
    out=$("$get" -k "$u/bytes/26"); rc=$?
    check "get -k https $k: exit status" 0 "$rc"
    check "get -k https $k" "$(pattern 26)" "$out"
    out=$("$get" --async -k "$u/bytes/26"); rc=$?
    check "get --async -k https $k: exit status" 0 "$rc"
    check "get --async -k https $k" "$(pattern 26)" "$out"
done
finish
