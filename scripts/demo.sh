#!/usr/bin/env bash
# The project's demo (README's main command): sets the machine up, builds, starts the test
# server (tests/server/winhttp-test-server) on a free loopback port, and fetches from it with
# tools/winhttp-get, a curl-like client written only on the WinHTTP API: natively through
# build/.libs/libwinhttp.so, then the same program built as a Windows .exe (against mingw's own
# winhttp.h) under Wine through tools/winhttp-wine, with our winhttp.dll. Both also fetch over
# HTTPS from two more test servers with certificates made at run time (tests/tls/gen-certs.sh):
# one the client trusts through WINHTTP_TLS_CA_FILE, one expired (fails, then passes with -k).
# No network needed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh

b=$root/build
echo
echo "==> building the test server (a make check program)"
make -C "$b" -s tests/server/winhttp-test-server

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
tmp=$(mktemp -d)
server_pids=()
cleanup() {
    local p
    for p in "${server_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
port=
start_server() { # start_server NAME [SERVER-OPTIONS...]: starts a test server, sets $port
    local name=$1; shift
    "$b/tests/server/winhttp-test-server" "$@" >"$tmp/$name.port" 2>"$tmp/$name.err" </dev/null &
    server_pids+=($!)
    port=
    for _ in $(seq 100); do
        port=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$tmp/$name.port")
        [ -n "$port" ] && return 0
        sleep 0.05
    done
    echo "demo: the test server ($name) did not start: $(cat "$tmp/$name.err")" >&2
    exit 1
}
start_server http
url=http://127.0.0.1:$port
echo "==> test server listening on $url"

show() { # prints a command line, quoting the words a shell would need quoted
    local w line='$'
    for w in "$@"; do
        if [[ $w =~ ^[A-Za-z0-9_./:@%=+,-]+$ ]]; then line+=" $w"; else line+=" '$w'"; fi
    done
    echo "$line"
}
get=$b/tools/winhttp-get
exe=$b/tools/winhttp-get.exe
run() { # run native|wine ARGS...: shows the command as typed in the source tree, runs it
    local how=$1 rc=0; shift
    echo
    if [ "$how" = wine ]; then
        show tools/winhttp-wine build/tools/winhttp-get.exe "$@"
        "$root/tools/winhttp-wine" "$exe" "$@" || rc=$?
    else
        show build/tools/winhttp-get "$@"
        "$get" "$@" || rc=$?
    fi
    [ "$rc" -eq 0 ] || echo "(exit status $rc)"
}

echo
echo "==> native: build/tools/winhttp-get on build/.libs/libwinhttp.so"
run native "$url/"
run native -i "$url/bytes/26"
run native -I "$url/chunked/100000"
run native -s -o "$tmp/10M" "$url/bytes/10000000"
echo "($(wc -c <"$tmp/10M") bytes written to the file)"
run native -d 'hello=world' "$url/upload"
echo; echo
echo "(a body from stdin, size unknown: sent chunked, the server counts the decoded bytes)"
echo "\$ head -c 1000000 /dev/zero | build/tools/winhttp-get --data-binary @- $url/upload"
head -c 1000000 /dev/zero | "$get" --data-binary @- "$url/upload"; echo
run native -v "$url/"
run native http://127.0.0.1:1/
echo "(a WinHTTP error: printed, and the exit status is the error code - 12000)"

echo
echo "==> HTTPS: a test CA and certificates made now (tests/tls/gen-certs.sh), two TLS test servers"
https=
if ! command -v certtool >/dev/null; then
    echo "skipped: certtool not found (Debian package gnutls-bin, installed by scripts/setup.sh)"
else
    echo "\$ sh tests/tls/gen-certs.sh $tmp/certs"
    sh tests/tls/gen-certs.sh "$tmp/certs"
    c=$tmp/certs
    start_server https --tls-cert "$c/valid.pem" --tls-key "$c/valid-key.pem"
    https=https://127.0.0.1:$port
    start_server expired --tls-cert "$c/expired.pem" --tls-key "$c/expired-key.pem"
    expired=https://127.0.0.1:$port
    echo "(listening on $https with a certificate from the test CA, on $expired with an expired one)"
    echo
    echo "(the client trusts the test CA besides the system's: WINHTTP_TLS_CA_FILE)"
    echo "\$ export WINHTTP_TLS_CA_FILE=$c/ca.pem"
    export WINHTTP_TLS_CA_FILE=$c/ca.pem
    run native -i "$https/bytes/26"
    run native "$https/tls-info"
    run native -s -o "$tmp/10M.tls" "$https/bytes/10000000"
    if cmp -s "$tmp/10M" "$tmp/10M.tls"; then echo "(the same 10000000 bytes as over HTTP)"; else
        echo "(the file differs from the HTTP download!)"; fi
    run native "$expired/"
    echo "(the expired certificate: ERROR_WINHTTP_SECURE_FAILURE)"
    run native -k "$expired/"
    echo "(-k: WINHTTP_OPTION_SECURITY_FLAGS with the SECURITY_FLAG_IGNORE_* flags)"
fi

echo
echo "==> Wine: build/tools/winhttp-get.exe (mingw, mingw's winhttp.h) through tools/winhttp-wine"
if [ ! -r "$exe" ] || [ ! -r "$b/dlls/winhttp/pe/winhttp.dll" ]; then
    echo "skipped: the Wine module is not built (configure did not find mingw-w64 and Wine)"
elif ! probe=$("$root/tools/winhttp-wine" "$exe" -s "$url/bytes/3" 2>"$tmp/probe.err") || [ "$probe" != abc ]; then
    echo "skipped: winhttp-get.exe cannot fetch under Wine yet: ${probe:-$(tr -d '\r' <"$tmp/probe.err")}"
else
    echo "(tools/winhttp-wine lays out its private Wine tree and prefix on its first run, then reuses them)"
    run wine "$url/"
    run wine -i "$url/bytes/26"
    run wine -s -o "$tmp/10M.wine" "$url/bytes/10000000"
    if cmp -s "$tmp/10M" "$tmp/10M.wine"; then echo "(the same 10000000 bytes as natively)"; else
        echo "(the file differs from the native download!)"; fi
    run wine --async -d 'hello=world' "$url/upload"
    echo
    run wine -v -s "$url/"
    run wine http://127.0.0.1:1/
    if [ -n "$https" ]; then
        echo
        echo "(HTTPS: our winhttp.so reads WINHTTP_TLS_CA_FILE too)"
        run wine "$https/tls-info"
        run wine -s -o "$tmp/10M.tls.wine" "$https/bytes/10000000"
        if cmp -s "$tmp/10M" "$tmp/10M.tls.wine"; then echo "(the same 10000000 bytes)"; else
            echo "(the file differs from the HTTP download!)"; fi
        run wine "$expired/"
        run wine -k "$expired/"
    fi
fi
echo
echo "==> demo done"
