#!/usr/bin/env bash
# winhttp-get.exe (tools/winhttp-get.c built with mingw against mingw's own winhttp.h) under Wine
# through tools/winhttp-wine, against the test server, compared with the native tools/winhttp-get
# doing the same thing: the same output bytes, the same exit status, the same error message, the
# same status-callback notifications. Over plain HTTP, then over HTTPS (test servers with
# certificates from tests/tls/gen-certs.sh, the test CA trusted through WINHTTP_TLS_CA_FILE).
# Run by `make check` in a build with the Wine module (top_builddir etc. from the environment),
# or by hand: top_srcdir=. top_builddir=build bash tests/wine/run-get.sh
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
top_builddir=${top_builddir:-.}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "run-get.sh: Test failed: $*"; }

top_srcdir=$(cd "$top_srcdir" && pwd)
b=$(cd "$top_builddir" && pwd)
export WINHTTP_WINE_DLL=$b/dlls/winhttp/pe/winhttp.dll WINHTTP_WINE_SO=$b/dlls/winhttp/unixlib/.libs/winhttp.so
# A Wine tree and prefix of its own: run-conformance.sh, which may run at the same time, stops
# the wineserver of its tree when it ends. (`make clean` removes tests/wine/out.)
export WINHTTP_WINE_TREE=${WINHTTP_GET_WINE_TREE:-$b/tests/wine/out/tree-get}
launcher=$top_srcdir/tools/winhttp-wine
native=$b/tools/winhttp-get
exe=$b/tools/winhttp-get.exe
server=${WINHTTP_TEST_SERVER:-$b/tests/server/winhttp-test-server}
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
out=$b/tests/wine/out/get
rm -rf "$out"
mkdir -p "$out"
server_pids=

finish() {
    local p
    for p in $server_pids; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    if [ -x "$WINHTTP_WINE_TREE/lib/wine/wineserver" ]; then
        WINEPREFIX="$WINHTTP_WINE_TREE/prefix" "$WINHTTP_WINE_TREE/lib/wine/wineserver" -k >/dev/null 2>&1
    fi
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

for f in "$native" "$exe" "$server"; do
    [ -r "$f" ] || { fail "missing $f (build first; make check builds the server)"; finish; }
done
# start_server NAME [OPTIONS...]: a test server, its port in $port ($out/NAME.port, NAME.err).
start_server() {
    local name=$1; shift
    "$server" "$@" >"$out/$name.port" 2>"$out/$name.err" </dev/null &
    server_pids="$server_pids $!"
    port=
    for _ in $(seq 100); do
        port=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$out/$name.port")
        [ -n "$port" ] && return 0
        sleep 0.05
    done
    fail "the test server ($name) did not start: $(cat "$out/$name.err")"
    finish
}
start_server server
url=http://127.0.0.1:$port

# Files are named relative to $out (the current directory), which Wine maps to a drive path.
cd "$out" || exit 1
yes abcdefghijklmnopqrstuvwxyz | tr -d '\n' | head -c 3000000 >pattern

# same NAME [--stdin FILE] ARGS...: runs both programs with ARGS (stdin from FILE, else empty),
# then compares stdout bytes, exit status and stderr (without Windows' CRs). NAME.native.* and
# NAME.wine.* stay in $out.
same() {
    local name=$1 in=/dev/null; shift
    if [ "$1" = --stdin ]; then in=$2; shift 2; fi
    "$native" "${@//@WHO@/native}" <"$in" >"$name.native.out" 2>"$name.native.err"
    local nrc=$?
    "$launcher" "$exe" "${@//@WHO@/wine}" <"$in" >"$name.wine.out" 2>"$name.wine.err"
    local wrc=$?
    tr -d '\r' <"$name.wine.err" >"$name.wine.err2" && mv -f "$name.wine.err2" "$name.wine.err"
    if [ "$nrc" = "$wrc" ]; then pass; else fail "$name: exit status: native $nrc, wine $wrc"; fi
    if cmp -s "$name.native.out" "$name.wine.out"; then pass; else
        fail "$name: output differs (native $(wc -c <"$name.native.out") bytes, wine $(wc -c <"$name.wine.out"))"
    fi
    if [ "${SAME_STDERR:-1}" = 1 ]; then
        if cmp -s "$name.native.err" "$name.wine.err"; then pass; else
            fail "$name: stderr differs:"; diff "$name.native.err" "$name.wine.err" | head -n 20
        fi
    fi
    echo "$name: exit $nrc / $wrc, $(wc -c <"$name.native.out") / $(wc -c <"$name.wine.out") bytes"
}
# files NAME A B: the two files have the same bytes.
files() { if cmp -s "$2" "$3"; then pass; else fail "$1: $2 and $3 differ"; fi; }

same bytes -s -o got.@WHO@ "$url/bytes/3000000"
files bytes got.native got.wine
files "bytes content" got.native pattern
same chunked -i "$url/chunked/3000?size=100"
same head -I "$url/bytes/10"
same post -d hello "$url/upload"
same file --data-binary @pattern "$url/upload"
same file-echo --data-binary @pattern "$url/echo"
same stdin --stdin pattern --data-binary @- "$url/upload"
# The tool frames the chunks itself in both (mingw's winhttp.h has no automatic chunking).
same stdin-echo --stdin pattern --manual-chunks --data-binary @- "$url/echo"
same header -X PUT -H 'X-Test: yes' "$url/echo"
same status-404 "$url/status/404?body=nf"
same fail-404 -f "$url/status/404"
same refused http://127.0.0.1:1/
same bad-scheme gopher://example.com/
same bad-url http://example.com:99999/
same max-time -m 0.5 "$url/stall"
same async --async -s -o async.@WHO@ "$url/bytes/3000000"
files async async.native async.wine
same async-upload --stdin pattern --async --data-binary @- "$url/upload"

# -v: the notifications (names and payloads; handle values are the same numbers in both).
SAME_STDERR=0 same verbose -v "$url/bytes/3"
for w in native wine; do grep -E '^(\*|<|>)' "verbose.$w.err" >"verbose.$w.lines"; done
if [ -s verbose.native.lines ] && cmp -s verbose.native.lines verbose.wine.lines; then pass; else
    fail "verbose: notifications differ:"; diff verbose.native.lines verbose.wine.lines | head -n 20
fi

# HTTPS: the test CA's valid leaf, an unknown CA's and an expired one. Both our winhttp.so (under
# Wine) and libwinhttp.so read WINHTTP_TLS_CA_FILE.
sh "$top_srcdir/tests/tls/gen-certs.sh" "$out/certs" >"$out/certs.log" 2>&1 ||
    { fail "tests/tls/gen-certs.sh failed: $(cat "$out/certs.log")"; finish; }
for k in valid unknownca expired; do
    start_server "$k" --tls-cert "$out/certs/$k.pem" --tls-key "$out/certs/$k-key.pem"
    declare "tls_$k=https://127.0.0.1:$port"
done
export WINHTTP_TLS_CA_FILE=$out/certs/ca.pem
same https-bytes -s -o tls.@WHO@ "$tls_valid/bytes/3000000"
files https-bytes tls.native pattern
files https-bytes tls.wine pattern
same https-info "$tls_valid/tls-info"
same https-upload --stdin pattern --manual-chunks --data-binary @- "$tls_valid/upload"
same https-async --async -s -o tls-async.@WHO@ "$tls_valid/bytes/3000000"
files https-async tls-async.wine pattern
for k in unknownca expired; do
    u=tls_$k
    same "https-$k" "${!u}/"
    grep -qx 'winhttp-get: WinHttpSendRequest failed: ERROR_WINHTTP_SECURE_FAILURE (12175)' "https-$k.wine.err" &&
        pass || fail "https-$k: no SECURE_FAILURE message: $(cat "https-$k.wine.err")"
    same "https-$k-async" --async "${!u}/"
    same "https-$k-k" -k "${!u}/bytes/26"
    SAME_STDERR=0 same "https-$k-v" -v "${!u}/"
    for w in native wine; do grep -E '^\* WINHTTP_CALLBACK_STATUS_SECURE_FAILURE' "https-$k-v.$w.err" >"https-$k-v.$w.lines"; done
    if [ -s "https-$k-v.native.lines" ] && cmp -s "https-$k-v.native.lines" "https-$k-v.wine.lines"; then pass; else
        fail "https-$k -v: SECURE_FAILURE notifications differ:"; diff "https-$k-v.native.lines" "https-$k-v.wine.lines"
    fi
done
finish
