#!/usr/bin/env bash
# The network functions under Wine: starts the test server (tests/server/winhttp-test-server
# --stdin-eof), reads its "PORT n" line, and runs tests/wine/net-sync.exe (a Windows program
# built with mingw against mingw's winhttp.h) through tools/winhttp-wine with the port in
# WINHTTP_TEST_SERVER_PORT. Prints the program's output, then "N passed, N failed".
# Run by `make check` in a build with the Wine module (top_builddir etc. from the environment).
script=run-net.sh tree_var=WINHTTP_WINE_NET_TREE tree_name=net
. "$(dirname "$0")/runner.sh"
exe=$b/tests/wine/net-sync.exe
check_programs "$exe"
start_test_server
export WINHTTP_TEST_SERVER_PORT=$port

mkdir -p "$b/tests/wine/out"
log=$b/tests/wine/out/net-sync.log
timeout -k 10 300 "$launcher" "$exe" > "$log" 2>&1
check_program_log "$log" $? net-sync.exe
finish
