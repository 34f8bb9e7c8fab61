#!/usr/bin/env bash
# Proxy settings from Wine's registry: starts the test server (tests/server/winhttp-test-server
# --stdin-eof) and runs tests/wine/proxy-registry.exe through tools/winhttp-wine twice, in a
# Wine tree and prefix of its own (the program writes that prefix's registry and cleans up):
# `env` with http_proxy naming a dead proxy, `noenv` with no proxy variables; both with
# WINHTTP_PROXY_CONFIG naming a file that does not exist, so the user's own default proxy file
# is never read. Prints the program's output, then "N passed, N failed".
# Run by `make check` in a build with the Wine module (top_builddir etc. from the environment).
script=run-proxy-registry.sh tree_var=WINHTTP_WINE_PROXYREG_TREE tree_name=proxyreg
. "$(dirname "$0")/runner.sh"
exe=$b/tests/wine/proxy-registry.exe
check_programs "$exe"
start_test_server

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
    check_program_log "$log" $? "proxy-registry.exe $mode"
done
finish
