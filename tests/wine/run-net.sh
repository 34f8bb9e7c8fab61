#!/usr/bin/env bash
# The network functions under Wine: starts the test server (tests/server/winhttp-test-server
# --stdin-eof), reads its "PORT n" line, and runs tests/wine/net-sync.exe (a Windows program
# built with mingw against mingw's winhttp.h) through tools/winhttp-wine with the port in
# WINHTTP_TEST_SERVER_PORT. Prints the program's output, then "N passed, N failed".
# Run by `make check` in a build with the Wine module (top_builddir etc. from the environment).
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
top_builddir=${top_builddir:-.}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "run-net.sh: Test failed: $*"; }

b=$(cd "$top_builddir" && pwd)
export WINHTTP_WINE_DLL=$b/dlls/winhttp/pe/winhttp.dll WINHTTP_WINE_SO=$b/dlls/winhttp/unixlib/.libs/winhttp.so
# A tree and prefix of its own (inside the one run-conformance.sh uses, so `make clean` removes
# it): each script stops its prefix's wineserver at the end, which must not hit the other.
export WINHTTP_WINE_TREE=${WINHTTP_WINE_NET_TREE:-$b/tests/wine/tree/net}
launcher=$top_srcdir/tools/winhttp-wine
server=$b/tests/server/winhttp-test-server
exe=$b/tests/wine/net-sync.exe

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
export WINHTTP_TEST_SERVER_PORT=$port

mkdir -p "$b/tests/wine/out"
log=$b/tests/wine/out/net-sync.log
timeout -k 10 300 "$launcher" "$exe" > "$log" 2>&1
rc=$?
tr -d '\r' < "$log"
summary=$(tr -d '\r' < "$log" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n1)
read -r np _ nf _ <<<"${summary//,/}"
if [ -n "$summary" ] && [ "$rc" -eq 0 ] && [ "$nf" -eq 0 ] && [ "$np" -gt 0 ]; then pass; else
    fail "net-sync.exe: ${summary:-no summary} (exit $rc)"
fi
finish
