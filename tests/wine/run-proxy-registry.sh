#!/usr/bin/env bash
# Proxy settings from Wine's registry: starts the test server (tests/server/winhttp-test-server
# --stdin-eof) and runs tests/wine/proxy-registry.exe through tools/winhttp-wine twice, in a
# Wine tree and prefix of its own (the program writes that prefix's registry and cleans up):
# `env` with http_proxy naming a dead proxy, `noenv` with no proxy variables; both with
# WINHTTP_PROXY_CONFIG naming a file that does not exist, so the user's own default proxy file
# is never read. Prints the program's output, then "N passed, N failed".
# Run by `make check` in a build with the Wine module (top_builddir etc. from the environment).
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
top_builddir=${top_builddir:-.}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "run-proxy-registry.sh: Test failed: $*"; }

b=$(cd "$top_builddir" && pwd)
export WINHTTP_WINE_DLL=$b/dlls/winhttp/pe/winhttp.dll WINHTTP_WINE_SO=$b/dlls/winhttp/unixlib/.libs/winhttp.so
# Inside the tree run-conformance.sh uses (so `make clean` removes it), but its own: each script
# stops its prefix's wineserver at the end, which must not hit another script's.
export WINHTTP_WINE_TREE=${WINHTTP_WINE_PROXYREG_TREE:-$b/tests/wine/tree/proxyreg}
launcher=$top_srcdir/tools/winhttp-wine
server=$b/tests/server/winhttp-test-server
exe=$b/tests/wine/proxy-registry.exe

server_pid=
exec 8>/dev/null
finish() {
    exec 8>&-                           # the server's stdin: EOF stops it
    [ -n "$server_pid" ] && wait "$server_pid" 2>/dev/null
    if [ -x "$WINHTTP_WINE_TREE/lib/wine/wineserver" ]; then
        WINEPREFIX="$WINHTTP_WINE_TREE/prefix" "$WINHTTP_WINE_TREE/lib/wine/wineserver" -k >/dev/null 2>&1
    fi
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

if [ -x "$server" ] && [ -r "$exe" ]; then pass; else fail "program missing ($server, $exe)"; finish; fi

# The server, its stdin a pipe we hold (fd 8) and its stdout a pipe we read the port from.
fifo_dir=$(mktemp -d)
mkfifo "$fifo_dir/in" "$fifo_dir/out"
"$server" --stdin-eof <"$fifo_dir/in" >"$fifo_dir/out" &
server_pid=$!
exec 8>"$fifo_dir/in"
exec 7<"$fifo_dir/out"
rm -rf "$fifo_dir"
port=
if read -r -t 10 word value <&7 && [ "$word" = PORT ]; then port=$value; fi
exec 7<&-
if [ -n "$port" ]; then pass; else fail "the test server did not report its port"; finish; fi

mkdir -p "$b/tests/wine/out"
rm -f "$b/tests/wine/out/no-such-proxy.conf"
for mode in env noenv; do
    log=$b/tests/wine/out/proxy-registry-$mode.log
    proxy_env=()
    [ "$mode" = env ] && proxy_env=(http_proxy=http://127.0.0.1:1)
    env -u http_proxy -u HTTP_PROXY -u https_proxy -u HTTPS_PROXY -u no_proxy -u NO_PROXY \
        -u auto_proxy -u WINHTTP_AUTOCONFIG_URL -u REQUEST_METHOD \
        WINHTTP_PROXY_CONFIG="$b/tests/wine/out/no-such-proxy.conf" WINHTTP_TEST_SERVER_PORT="$port" \
        "${proxy_env[@]}" timeout -k 10 300 "$launcher" "$exe" "$mode" > "$log" 2>&1
    rc=$?
    tr -d '\r' < "$log"
    summary=$(tr -d '\r' < "$log" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n1)
    read -r np _ nf _ <<<"${summary//,/}"
    if [ -n "$summary" ] && [ "$rc" -eq 0 ] && [ "$nf" -eq 0 ] && [ "$np" -gt 0 ]; then pass; else
        fail "proxy-registry.exe $mode: ${summary:-no summary} (exit $rc)"
    fi
done
finish
