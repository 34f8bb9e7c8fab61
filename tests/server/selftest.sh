#!/bin/bash
# Self-test of tests/server/winhttp-test-server: starts it on loopback and checks every route with
# curl, and the hostile /bad/... routes with raw exchanges over bash's /dev/tcp.
# Run by `make check`, or by hand: top_builddir=/path/to/build bash tests/server/selftest.sh
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

top_builddir=${top_builddir:-.}
server=${WINHTTP_TEST_SERVER:-$top_builddir/tests/server/winhttp-test-server}
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

passed=0
failed=0
fail() { failed=$((failed + 1)); echo "selftest.sh: Test failed: $*"; }
pass() { passed=$((passed + 1)); }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    local what=$1; shift
    if "$@"; then pass; else fail "$what"; fi
}
contains() { [[ $1 == *"$2"* ]]; }   # contains TEXT SUBSTRING
check_eq() { # check_eq DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then pass; else
        fail "$1"; echo "    expected: $(printf %q "$2")"; echo "    got:      $(printf %q "$3")"
    fi
}
finish() {
    if [ "$failed" -gt 0 ]; then   # what the servers said on stderr (sanitizer reports...)
        for f in "$tmp"/*.err; do [ -s "$f" ] && { echo "--- ${f##*/}:"; cat "$f"; }; done
    fi
    echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?
}

tmp=$(mktemp -d)
# Servers still running at exit (this shell's background jobs only) are stopped.
cleanup() { local j; for j in $(jobs -p); do kill "$j" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT

[ -x "$server" ] || { fail "no $server (build it first)"; finish; }
command -v curl >/dev/null || { fail "curl is not installed"; finish; }

# start_server OUTFILE ARGS...: starts the server in the background and waits for its PORT
# line; sets $spid and $sport (empty when it did not start).
start_server() {
    local out=$1; shift
    "$server" "$@" >"$out" 2>"$out.err" &
    spid=$!
    sport=
    for _ in $(seq 100); do
        if [ -s "$out" ]; then sport=$(sed -n '1s/^PORT \([0-9][0-9]*\)$/\1/p' "$out"); return 0; fi
        kill -0 "$spid" 2>/dev/null || break
        sleep 0.05
    done
    return 1
}

start_server "$tmp/out" --log "$tmp/log"
port=$sport
main_pid=$spid
check "server prints PORT <n> first" test -n "$port"
[ -n "$port" ] || { cat "$tmp/out.err"; finish; }
base=http://127.0.0.1:$port

c() { curl -s --noproxy '*' -m 5 "$@"; }
pattern() { yes abcdefghijklmnopqrstuvwxyz | tr -d '\n' | head -c "$1"; }
# raw REQUEST (printf format): sends it on a fresh connection, prints what comes back until the
# server closes (3 s at most).
raw() {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf "$1" >&3
    timeout 3 cat <&3
    local rc=$?
    exec 3<&- 3>&-
    return $rc
}
get() { raw "GET ${1//%/%%} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"; }
# rawx: raw, then an 'x' so that $(...) keeps trailing newlines (strip it with ${out%x}).
rawx() { raw "$@"; local rc=$?; printf x; return $rc; }
crlf() { printf '%s' "$1" | tr -d '\r'; }   # response text without CRs, for line checks

# ------------------------------------------------------------------ regular routes
check_eq "/ answers" "winhttp-test-server" "$(c $base/)"
check_eq "/status/404 code" 404 "$(c -o /dev/null -w '%{http_code}' $base/status/404)"
check_eq "/status/418?reason= status line" "HTTP/1.1 418 I am a teapot" \
    "$(c -i "$base/status/418?reason=I%20am%20a%20teapot" | head -n1 | tr -d '\r')"
check_eq "/status/500?body=" "oops" "$(c "$base/status/500?body=oops")"
check_eq "/bytes/100 body" "$(pattern 100)" "$(c $base/bytes/100)"
check "/bytes/100 Content-Length" grep -q '^Content-Length: 100' <<<"$(c -i $base/bytes/100 | tr -d '\r')"
check_eq "/bytes/0 is empty" "0" "$(c -o /dev/null -w '%{size_download}' $base/bytes/0)"
check_eq "/bytes/5000000 content" "$(pattern 5000000 | md5sum)" "$(c $base/bytes/5000000 | md5sum)"

check_eq "/chunked/100?size=7 decoded body" "$(pattern 100)" "$(c "$base/chunked/100?size=7")"
out=$(c --raw "$base/chunked/20?size=7" | tr -d '\r')
check_eq "/chunked/20?size=7 wire chunks" $'7\nabcdefg\n7\nhijklmn\n6\nopqrst\n0' "$out"
out=$(crlf "$(get '/chunked/3?trailer=X-Trail:one&trailer=X-Two:2')")
check "/chunked trailers" contains "$out" $'\n0\nX-Trail: one\nX-Two: 2'
check "/chunked Trailer header" grep -q '^Trailer: X-Trail, X-Two$' <<<"$out"
check "/chunked Transfer-Encoding" grep -q '^Transfer-Encoding: chunked$' <<<"$out"
out=$(crlf "$(get '/chunked/3?ext=;a=b')")
check "/chunked ext=" grep -q '^3;a=b$' <<<"$out"
out=$(crlf "$(raw 'GET /chunked/30 HTTP/1.0\r\n\r\n')")
check "/chunked to HTTP/1.0 is close-delimited" \
    test "$(tail -n1 <<<"$out")" = "$(pattern 30)" -a -z "$(grep -i '^Transfer-Encoding' <<<"$out")"

out=$(crlf "$(get /close/50)")
check "/close/50 no Content-Length" test -z "$(grep -i '^Content-Length' <<<"$out")"
check "/close/50 Connection: close" grep -q '^Connection: close$' <<<"$out"
check_eq "/close/50 body" "$(pattern 50)" "$(c $base/close/50)"

out=$(raw 'POST /echo HTTP/1.1\r\nHost: t\r\nX-A:  b\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello')
check "/echo returns the request bytes" contains "$out" $'\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nX-A:  b\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello'
check "/echo Content-Type" grep -q $'^Content-Type: application/octet-stream\r$' <<<"$out"
check "/echo Content-Length" grep -q $'^Content-Length: 84\r$' <<<"$out"
out=$(raw 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n')
check "/echo keeps chunked framing" contains "$out" $'\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n'
check_eq "/upload counts body bytes" 1048576 "$(head -c 1048576 /dev/zero | c --data-binary @- $base/upload)"
check_eq "/upload counts chunked body bytes" 100000 \
    "$(head -c 100000 /dev/zero | c -H 'Transfer-Encoding: chunked' --data-binary @- $base/upload)"

out=$(c -sv -H 'Expect: 100-continue' --data-binary 'body' $base/echo 2>&1)
check "Expect: 100-continue gets 100 Continue" grep -q '^< HTTP/1.1 100 Continue' <<<"$out"
check "Expect: 100-continue body arrives" grep -q 'body$' <<<"$out"
out=$(crlf "$(raw 'POST /echo?expect=417 HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n')")
check "?expect=417" grep -q '^HTTP/1.1 417 Expectation Failed$' <<<"$out"
out=$(crlf "$(raw 'POST /upload?expect=ignore HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd')")
check "?expect=ignore sends no 100" test "$(head -n1 <<<"$out")" = "HTTP/1.1 200 OK"

out=$(c -i "$base/headers?h=Set-Cookie:a=1&h=Set-Cookie:%20b=2&h=X-Empty:" | tr -d '\r')
check "/headers repeated names" test "$(grep -c '^Set-Cookie: ' <<<"$out")" = 2
check "/headers values" grep -q '^Set-Cookie: b=2$' <<<"$out"
check "/headers empty value" grep -q '^X-Empty:$' <<<"$out"
check "h= works on any route" grep -q '^ETag: "x"$' <<<"$(c -i "$base/bytes/1?h=ETag:%22x%22" | tr -d '\r')"

start=$(date +%s%N)
check_eq "/slow/64 body" "$(pattern 64)" "$(c "$base/slow/64?delay_ms=60&chunk=16")"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "/slow/64 takes >= 180 ms (took $ms)" test "$ms" -ge 180
check_eq "/slow chunked body" "$(pattern 40)" "$(c "$base/slow/40?delay_ms=10&chunk=16&chunked=1")"
start=$(date +%s%N)
c -o /dev/null "$base/bytes/3?wait_ms=200"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "?wait_ms=200 delays (took $ms)" test "$ms" -ge 200

c -o /dev/null -m 0.5 $base/stall; rc=$?
check_eq "/stall never answers (curl timeout)" 28 "$rc"
c -o /dev/null -m 0.5 $base/stall-headers; rc=$?
check_eq "/stall-headers stalls (curl timeout)" 28 "$rc"
out=$(exec 3<>"/dev/tcp/127.0.0.1/$port"; printf 'GET /stall-headers HTTP/1.1\r\nHost: t\r\n\r\n' >&3; timeout 0.5 cat <&3)
check_eq "/stall-headers sends half a status line" "HTTP/1.1 20" "$out"

check_eq "/redirect/3 followed" "200 3" "$(c -L -o /dev/null -w '%{http_code} %{num_redirects}' $base/redirect/3)"
out=$(c -i $base/redirect/3 | tr -d '\r')
check "/redirect/3 is 302 to /redirect/2" test "$(head -n1 <<<"$out")" = "HTTP/1.1 302 Found" -a \
    -n "$(grep '^Location: /redirect/2$' <<<"$out")"
check "/redirect/1 goes to /status/200" grep -q '^Location: /status/200$' <<<"$(c -i $base/redirect/1 | tr -d '\r')"
check "/redirect ?code=&absolute=1" grep -q "^Location: http://127.0.0.1:$port/redirect/1?code=307&absolute=1$" \
    <<<"$(c -i "$base/redirect/2?code=307&absolute=1" | tr -d '\r')"
out=$(c -i "$base/redirect-to?url=http%3A%2F%2Fexample.invalid%2Fx&code=301" | tr -d '\r')
check "/redirect-to code" test "$(head -n1 <<<"$out")" = "HTTP/1.1 301 Moved Permanently"
check "/redirect-to Location" grep -q '^Location: http://example.invalid/x$' <<<"$out"

out=$(c -i $base/auth/basic | tr -d '\r')
check "/auth/basic 401" test "$(head -n1 <<<"$out")" = "HTTP/1.1 401 Unauthorized"
check "/auth/basic challenge" grep -q '^WWW-Authenticate: Basic realm="test"$' <<<"$out"
check_eq "/auth/basic user:pass" 200 "$(c -o /dev/null -w '%{http_code}' -u user:pass $base/auth/basic)"
check_eq "/auth/basic wrong password" 401 "$(c -o /dev/null -w '%{http_code}' -u user:bad $base/auth/basic)"
check_eq "/auth/basic ?user=&pass=" 200 "$(c -o /dev/null -w '%{http_code}' -u 'u:p w' "$base/auth/basic?user=u&pass=p%20w")"
out=$(c -i $base/auth/multi | tr -d '\r')
check_eq "/auth/multi schemes" $'WWW-Authenticate: Negotiate\nWWW-Authenticate: NTLM\nWWW-Authenticate: Digest realm="test", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", qop="auth", algorithm=MD5\nWWW-Authenticate: Basic realm="test"' \
    "$(grep '^WWW-Authenticate' <<<"$out")"
check_eq "/auth/multi ?schemes=" $'WWW-Authenticate: Basic realm="test"\nWWW-Authenticate: NTLM' \
    "$(c -i "$base/auth/multi?schemes=basic,ntlm" | tr -d '\r' | grep '^WWW-Authenticate')"
out=$(c -i $base/proxy-auth | tr -d '\r')
check "/proxy-auth 407" test "$(head -n1 <<<"$out")" = "HTTP/1.1 407 Proxy Authentication Required"
check "/proxy-auth challenge" grep -q '^Proxy-Authenticate: Basic realm="test"$' <<<"$out"
# As a proxy: curl sends the absolute-form target to the server, which routes on its path.
check_eq "absolute-form target, proxy credentials" 200 \
    "$(curl -s -m 5 -x "$base" --proxy-user user:pass -o /dev/null -w '%{http_code}' http://test.invalid/proxy-auth)"

out=$(rawx 'HEAD /bytes/100 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'); out=${out%x}
check "HEAD sends Content-Length" grep -q $'^Content-Length: 100\r$' <<<"$out"
check "HEAD sends no body" test "${out: -4}" = $'\r\n\r\n'
out=$(rawx 'HEAD /chunked/100 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'); out=${out%x}
check "HEAD on chunked sends no body" test "${out: -4}" = $'\r\n\r\n'
out=$(crlf "$(get /204)")
check "/204" test "$(head -n1 <<<"$out")" = "HTTP/1.1 204 No Content" -a -z "$(grep -i '^Content-Length' <<<"$out")"
out=$(crlf "$(get /304)")
check "/304" test "$(head -n1 <<<"$out")" = "HTTP/1.1 304 Not Modified" -a -z "$(grep -i '^Content-Length' <<<"$out")"

out=$(crlf "$(get '/continue?count=2')")
check_eq "/continue?count=2" $'HTTP/1.1 100 Continue\n\nHTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK' "$(head -n5 <<<"$out")"
check_eq "/continue?code=102" $'HTTP/1.1 102 Processing\n\nHTTP/1.1 200 OK' "$(crlf "$(get '/continue?code=102')" | head -n3)"
check_eq "/continue body through curl" "done" "$(c "$base/continue?count=3")"

out=$(c -D - -o /dev/null $base/gzip/1000 | tr -d '\r')
check "/gzip Content-Encoding" grep -q '^Content-Encoding: gzip$' <<<"$out"
check_eq "/gzip/1000 decodes" "$(pattern 1000)" "$(c $base/gzip/1000 | gzip -dc)"
check_eq "/gzip/300000 via curl --compressed" "$(pattern 300000 | md5sum)" "$(c --compressed $base/gzip/300000 | md5sum)"
check_eq "/gzip chunked" "$(pattern 5000)" "$(c --compressed "$base/gzip/5000?chunked=1&size=100")"
check "/deflate Content-Encoding" grep -q '^Content-Encoding: deflate$' <<<"$(c -D - -o /dev/null $base/deflate/10 | tr -d '\r')"
check_eq "/deflate/1000 decodes" "$(pattern 1000)" "$(c --compressed $base/deflate/1000)"
check_eq "/deflate zlib header" "78" "$(c $base/deflate/10 | head -c1 | od -An -tx1 | tr -d ' ')"
check_eq "/deflate?raw=1 decodes" "$(pattern 1000)" "$(c --compressed "$base/deflate/1000?raw=1")"

out=$(c -i "$base/cookies/set?a=1&b=x%3By&h=X:1" | tr -d '\r')
check_eq "/cookies/set" $'Set-Cookie: a=1; Path=/\nSet-Cookie: b=x;y; Path=/' "$(grep '^Set-Cookie' <<<"$out")"
check_eq "/cookies/echo" "a=1; b=2" "$(c -b 'a=1; b=2' $base/cookies/echo)"
check_eq "/cookies/echo joins Cookie headers" "a=1; b=2" "$(c -H 'Cookie: a=1' -H 'Cookie: b=2' $base/cookies/echo)"
check_eq "/cookies/echo without cookies" "" "$(c $base/cookies/echo)"

ids=$(c -w ' ' $base/keepalive-id $base/keepalive-id)
read -r id1 id2 <<<"$ids"
check "/keepalive-id same on a reused connection ($ids)" test -n "$id1" -a "$id1" = "$id2"
id3=$(c $base/keepalive-id)
check "/keepalive-id differs on a new connection" test -n "$id3" -a "$id3" != "$id1"
ids=$(c -0 -w ' ' $base/keepalive-id $base/keepalive-id)
read -r id1 id2 <<<"$ids"
check "HTTP/1.0 without keep-alive closes ($ids)" test -n "$id2" -a "$id1" != "$id2"
out=$(crlf "$(raw 'GET /bytes/3 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n')"); rc=$?
check "HTTP/1.0 keep-alive answered with Connection: keep-alive" grep -q '^Connection: keep-alive$' <<<"$out"
out=$(crlf "$(raw 'GET /close-after-response HTTP/1.1\r\nHost: t\r\n\r\n')"); rc=$?
check "/close-after-response closes (no timeout)" test "$rc" = 0
check "/close-after-response does not announce it" test -z "$(grep -i '^Connection' <<<"$out")"
out=$(crlf "$(raw 'GET /close-after-response?announce=1 HTTP/1.1\r\nHost: t\r\n\r\n')")
check "/close-after-response?announce=1" grep -q '^Connection: close$' <<<"$out"
out=$(crlf "$(raw 'GET /bytes/2?version=1.0 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')")
check "?version=1.0" test "$(head -n1 <<<"$out")" = "HTTP/1.0 200 OK"

out=$(crlf "$(raw 'GET /bytes/2 HTTP/1.1\r\nHost: t\r\n\r\nGET /bytes/3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')")
check_eq "pipelined requests" "2" "$(grep -o 'HTTP/1.1 200 OK' <<<"$out" | wc -l)"
out=$(crlf "$(raw '\r\nGET /bytes/2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')")
check "empty line before the request line is skipped" test "$(head -n1 <<<"$out")" = "HTTP/1.1 200 OK"
out=$(crlf "$(raw 'GET /bytes/2 HTTP/1.1\nHost: t\nConnection: close\n\n')")
check "LF-only request" test "$(head -n1 <<<"$out")" = "HTTP/1.1 200 OK"
check_eq "unknown route 404" 404 "$(c -o /dev/null -w '%{http_code}' $base/nope)"
check "malformed request line 400" grep -q '^HTTP/1.1 400 Bad Request$' <<<"$(crlf "$(raw 'NONSENSE\r\n\r\n')")"
check "bad Content-Length 400" grep -q '^HTTP/1.1 400 Bad Request$' \
    <<<"$(crlf "$(raw 'POST /upload HTTP/1.1\r\nContent-Length: x\r\n\r\n')")"

# Hundreds of concurrent connections: 300 transfers, 200 at a time, each held open ~150 ms.
urls=()
for i in $(seq 300); do urls+=("$base/slow/6?delay_ms=50&chunk=2"); done
start=$(date +%s%N)
codes=$(curl -s --noproxy '*' -m 10 -Z --parallel-max 200 -w '\nCODE %{http_code}\n' "${urls[@]}" 2>/dev/null |
    grep -c '^CODE 200$')
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "300 transfers with 200 concurrent connections" 300 "$codes"
check "... served concurrently (took $ms ms)" test "$ms" -lt 5000

# ------------------------------------------------------------------ hostile routes
check_eq "/bad/bad-status-line" "HTTP/1.1 2x0 OK" "$(get /bad/bad-status-line | head -n1 | tr -d '\r')"
check_eq "/bad/bad-status-line?line=" "HTTP/2 200" "$(get '/bad/bad-status-line?line=HTTP/2%20200' | head -n1 | tr -d '\r')"
check_eq "/bad/no-status-code" "HTTP/1.1" "$(get /bad/no-status-code | head -n1 | tr -d '\r')"
check_eq "/bad/http09" "<html>no status line here</html>" "$(get /bad/http09)"
n=$(get '/bad/huge-headers?size=10000' | wc -c)
check_eq "/bad/huge-headers?size=10000 total" $((17 + 10000 + 23)) "$n"
n=$(get '/bad/huge-headers?size=5000&single=1' | wc -c)
check_eq "/bad/huge-headers single" $((17 + 5000 + 23)) "$n"
check_eq "/bad/many-headers?count=500" 500 "$(get '/bad/many-headers?count=500' | grep -c '^X-Header-')"
out=$(get /bad/bad-chunk-size)
check "/bad/bad-chunk-size" contains "$out" $'chunked\r\n\r\nzz\r\nok\r\n0\r\n'
out=$(get /bad/overflow-chunk-size)
check "/bad/overflow-chunk-size" contains "$out" $'\r\n\r\n10000000000000002\r\nok\r\n'
check "/bad/negative-content-length" grep -q '^Content-Length: -1$' <<<"$(crlf "$(get /bad/negative-content-length)")"
check_eq "/bad/duplicate-content-length-mismatch" $'Content-Length: 2\nContent-Length: 5' \
    "$(crlf "$(get /bad/duplicate-content-length-mismatch)" | grep '^Content-Length')"
out=$(crlf "$(get '/bad/early-close?after=10')"); rc=$?
check "/bad/early-close closes (no timeout)" test "$rc" = 0
check "/bad/early-close announces 110" grep -q '^Content-Length: 110$' <<<"$out"
check_eq "/bad/early-close sends 10" "$(pattern 10)" "$(tail -n1 <<<"$out")"
c -o /dev/null "$base/bad/early-close?after=10"; rc=$?
check_eq "/bad/early-close curl: partial file" 18 "$rc"
c -o /dev/null $base/bad/reset; rc=$?
check_eq "/bad/reset curl: connection reset" 56 "$rc"
out=$(c -v "$base/bad/reset?after=5" 2>&1); rc=$?
check "/bad/reset?after=5 sends headers first" test "$rc" = 56 -a -n "$(grep 'Content-Length: 105' <<<"$out")"
out=$(get /bad/lf-only)
check "/bad/lf-only has no CR" test -n "$out" -a -z "$(tr -dc '\r' <<<"$out")"
check_eq "/bad/lf-only body" "ok" "$(tail -n1 <<<"$out")"
check "/bad/header-no-colon" grep -q '^NoColonHere$' <<<"$(crlf "$(get /bad/header-no-colon)")"
out=$(crlf "$(get /bad/header-leading-space)")
check "/bad/header-leading-space folds" contains "$out" $'\nX-Folded: first\n second\n\tthird\n'
check "/bad/header-leading-space?first=1" grep -q '^ X-Leading: 1$' <<<"$(crlf "$(get '/bad/header-leading-space?first=1')")"
out=$(crlf "$(get /bad/content-length-and-chunked)")
check "/bad/content-length-and-chunked" test -n "$(grep '^Content-Length: 100$' <<<"$out")" -a \
    -n "$(grep '^Transfer-Encoding: chunked$' <<<"$out")"
check_eq "/bad/raw?data=" $'HTTP/1.1 200 OK\r\n\r\nx' "$(get '/bad/raw?data=HTTP/1.1%20200%20OK%0D%0A%0D%0Ax')"

# ------------------------------------------------------------------ HTTPS (--tls-*)
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
if command -v certtool >/dev/null && sh "$top_srcdir/tests/tls/gen-certs.sh" "$tmp/certs" >/dev/null; then
    crt=$tmp/certs
    tls_srv() { start_server "$@"; tport=$sport; tpid=$spid; }   # tls_srv OUTFILE ARGS...
    cs() { c --cacert "$crt/ca.pem" "$@"; }
    tls_srv "$tmp/out-tls" --tls-cert "$crt/valid.pem" --tls-key "$crt/valid-key.pem"
    check "--tls-cert/--tls-key starts" test -n "$tport"
    tbase=https://localhost:$tport
    check_eq "HTTPS /bytes/100 (curl --cacert)" "$(pattern 100)" "$(cs $tbase/bytes/100)"
    check_eq "HTTPS by IP address" "winhttp-test-server" "$(cs https://127.0.0.1:$tport/)"
    check_eq "HTTPS /bytes/3000000 content" "$(pattern 3000000 | md5sum)" "$(cs $tbase/bytes/3000000 | md5sum)"
    check_eq "HTTPS /chunked decoded" "$(pattern 5000)" "$(cs "$tbase/chunked/5000?size=700")"
    check_eq "HTTPS /close/50" "$(pattern 50)" "$(cs $tbase/close/50)"
    check_eq "HTTPS /upload" 200000 "$(head -c 200000 /dev/zero | cs --data-binary @- $tbase/upload)"
    ids=$(cs -w ' ' $tbase/keepalive-id $tbase/keepalive-id)
    read -r id1 id2 <<<"$ids"
    check "HTTPS keep-alive reuses the connection ($ids)" test -n "$id1" -a "$id1" = "$id2"
    check "HTTPS /tls-info protocol" grep -q '^protocol=TLS1\.[23]$' <<<"$(cs $tbase/tls-info)"
    check_eq "HTTPS /tls-info without a client certificate" "client=" "$(cs $tbase/tls-info | sed -n 2p)"
    check "HTTPS /tls-info: a first handshake is not resumed" grep -q '^resumed=0$' <<<"$(cs $tbase/tls-info)"
    check "HTTPS: a second connection resumes the session (TLS 1.3 ticket)" grep -q '^resumed=1$' \
        <<<"$(cs "$tbase/tls-info?close=1" "$tbase/tls-info?close=1" | tail -n1)"
    check "HTTPS absolute redirect says https" grep -q "^Location: https://localhost:$tport/redirect/1?absolute=1$" \
        <<<"$(cs -i "$tbase/redirect/2?absolute=1" | tr -d '\r')"
    c -o /dev/null $tbase/; rc=$?
    check_eq "HTTPS without the CA: curl rejects the certificate" 60 "$rc"
    check_eq "plain HTTP to the HTTPS port fails" 000 "$(c -o /dev/null -w '%{http_code}' http://127.0.0.1:$tport/)"
    kill "$tpid"

    tls_srv "$tmp/out-tls12" --tls-cert "$crt/valid.pem" --tls-key "$crt/valid-key.pem" \
        --tls-priority 'NORMAL:-VERS-TLS1.3'
    check_eq "--tls-priority limits the protocol" "protocol=TLS1.2" "$(cs https://localhost:$tport/tls-info | head -n1)"
    kill "$tpid"

    tls_srv "$tmp/out-tlsca" --tls-cert "$crt/valid.pem" --tls-key "$crt/valid-key.pem" --tls-client-ca "$crt/ca.pem"
    cs -o /dev/null https://localhost:$tport/; rc=$?
    check "--tls-client-ca refuses a client without a certificate (curl $rc)" test "$rc" != 0
    check_eq "--tls-client-ca accepts the client certificate" "client=CN=Winhttp Test Client" \
        "$(cs --cert "$crt/client.pem" --key "$crt/client-key.pem" https://localhost:$tport/tls-info | sed -n 2p)"
    cs --cert "$crt/unknownca.pem" --key "$crt/unknownca-key.pem" -o /dev/null https://localhost:$tport/; rc=$?
    check "--tls-client-ca refuses a certificate of another CA (curl $rc)" test "$rc" != 0
    kill "$tpid"

    tls_srv "$tmp/out-tlsreq" --tls-cert "$crt/valid.pem" --tls-key "$crt/valid-key.pem" --tls-request-client-cert
    check_eq "--tls-request-client-cert goes on without one" "client=" "$(cs https://localhost:$tport/tls-info | sed -n 2p)"
    check_eq "--tls-request-client-cert takes one" "client=CN=Winhttp Test Client" \
        "$(cs --cert "$crt/client.pem" --key "$crt/client-key.pem" https://localhost:$tport/tls-info | sed -n 2p)"
    kill "$tpid"

    "$server" --tls-cert "$crt/nonexistent.pem" --tls-key "$crt/valid-key.pem" >"$tmp/out-tlsbad" 2>&1; rc=$?
    check "a missing --tls-cert file fails (exit $rc)" test "$rc" = 2 -a -z "$(grep '^PORT' "$tmp/out-tlsbad")"
    "$server" --tls-cert "$crt/valid.pem" --tls-key "$crt/valid-key.pem" --tls-priority 'NONSENSE' >/dev/null 2>&1; rc=$?
    check_eq "a bad --tls-priority fails" 2 "$rc"
    "$server" --tls-cert "$crt/valid.pem" >/dev/null 2>&1; rc=$?
    check_eq "--tls-cert without --tls-key fails" 2 "$rc"
else
    echo "selftest.sh: certtool missing or tests/tls/gen-certs.sh failed: HTTPS not checked"
fi

# ------------------------------------------------------------------ log, process control
lines=$(wc -l <"$tmp/log")
check "--log has one line per request ($lines)" test "$lines" -gt 100
check "--log line format" grep -q '^GET /bytes/100 [0-9][0-9]*$' "$tmp/log"
check "--log absolute-form target" grep -q '^GET http://test.invalid/proxy-auth [0-9][0-9]*$' "$tmp/log"

if [ -e /proc/net/if_inet6 ]; then
    start_server "$tmp/out6" --ipv6
    p6=$sport
    check "--ipv6 starts" test -n "$p6"
    check_eq "--ipv6 serves ::1" "$(pattern 5)" "$(c "http://[::1]:$p6/bytes/5")"
    check_eq "--ipv6 still serves 127.0.0.1" "$(pattern 5)" "$(c "http://127.0.0.1:$p6/bytes/5")"
    kill "$spid"
fi

# --stdin-eof: the server exits when its stdin closes.
fifo=$tmp/fifo
mkfifo "$fifo"
"$server" --stdin-eof <"$fifo" >"$tmp/out-eof" &
eof_pid=$!
exec 4>"$fifo"
for _ in $(seq 100); do [ -s "$tmp/out-eof" ] && break; sleep 0.05; done
check "--stdin-eof prints PORT" grep -q '^PORT [0-9]' "$tmp/out-eof"
exec 4>&-
for _ in $(seq 100); do kill -0 "$eof_pid" 2>/dev/null || break; sleep 0.05; done
check "--stdin-eof exits on EOF" eval '! kill -0 $eof_pid 2>/dev/null'
wait "$eof_pid"; rc=$?
check_eq "--stdin-eof exit status" 0 "$rc"

start_server "$tmp/out2" --port "$port"
p2=$sport
check "--port of a busy port fails" test -z "$p2"

# tests/server/harness.h, through its own test program.
harness_test=$top_builddir/tests/server/harness-test
if [ -x "$harness_test" ]; then
    out=$(WINHTTP_TEST_SERVER=$server "$harness_test"); rc=$?
    printf '%s\n' "$out" | grep -v ' passed, '
    counts=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' <<<"$out")
    if [ -n "$counts" ]; then
        read -r hp hf <<<"$counts"
        passed=$((passed + hp)); failed=$((failed + hf))
    fi
    [ "$rc" = 0 ] || [ -n "$counts" -a "${hf:-0}" != 0 ] || fail "harness-test exited with $rc"
else
    echo "selftest.sh: no $harness_test: harness.h not checked"
fi

kill -TERM "$main_pid"
wait "$main_pid"; rc=$?
check_eq "SIGTERM exits with status 0" 0 "$rc"

finish
