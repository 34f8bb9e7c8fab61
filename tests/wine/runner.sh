# Shared by tests/wine/run-net.sh and run-proxy-registry.sh (sourced, not run): each runs one
# Windows program through tools/winhttp-wine against the test server, in a Wine tree and prefix
# of its own (inside the one run-conformance.sh uses, so `make clean` removes it: each script
# stops its prefix's wineserver at the end, which must not hit another's).
# Before sourcing, set `script` (its name, for failure lines), `tree_var` (the environment
# variable that may name the tree) and `tree_name`; then: check_programs EXE, start_test_server
# (sets $port), check_program_log LOG RC WHAT after each run, and finish (prints the summary).
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
top_builddir=${top_builddir:-.}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "$script: Test failed: $*"; }

b=$(cd "$top_builddir" && pwd)
export WINHTTP_WINE_DLL=$b/dlls/winhttp/pe/winhttp.dll WINHTTP_WINE_SO=$b/dlls/winhttp/unixlib/.libs/winhttp.so
export WINHTTP_WINE_TREE=${!tree_var:-$b/tests/wine/tree/$tree_name}
launcher=$top_srcdir/tools/winhttp-wine
server=$b/tests/server/winhttp-test-server

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

check_programs() { # check_programs EXE
    if [ -x "$server" ] && [ -r "$1" ]; then pass; else fail "program missing ($server, $1)"; finish; fi
}

# The server, its stdin a pipe we hold (fd 8) and its stdout a pipe we read the port from.
start_test_server() {
    local fifo_dir word value
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
}

# Prints a program's log and counts it: passed when it exited 0 with a summary line of no
# failures and some passes.
check_program_log() { # check_program_log LOG RC WHAT
    local summary np nf
    tr -d '\r' < "$1"
    summary=$(tr -d '\r' < "$1" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n1)
    read -r np _ nf _ <<<"${summary//,/}"
    if [ -n "$summary" ] && [ "$2" -eq 0 ] && [ "$nf" -eq 0 ] && [ "$np" -gt 0 ]; then pass; else
        fail "$3: ${summary:-no summary} (exit $2)"
    fi
}
