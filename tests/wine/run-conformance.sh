#!/usr/bin/env bash
# The Wine module under test: checks winhttp.dll's import and export tables, proves a Windows
# program run through tools/winhttp-wine gets OUR winhttp (tests/wine/which-winhttp.exe), then
# runs each conformance program as a Windows .exe (built with mingw against mingw's winhttp.h)
# under Wine and compares its summary line and its failure lines with the native program's.
# Prints both summaries per program; the .exe may run fewer checks (see below).
# Run by `make check` in a build with the Wine module (top_builddir etc. from the environment).
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
top_builddir=${top_builddir:-.}
names=${CONFORMANCE_NAMES:-handles options callback url time headers proxy misc send write receive response_headers}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "run-conformance.sh: Test failed: $*"; }

b=$(cd "$top_builddir" && pwd)
dll=$b/dlls/winhttp/pe/winhttp.dll
so=$b/dlls/winhttp/unixlib/.libs/winhttp.so
export WINHTTP_WINE_DLL=$dll WINHTTP_WINE_SO=$so
export WINHTTP_WINE_TREE=${WINHTTP_WINE_TREE:-$b/tests/wine/tree}
launcher=$top_srcdir/tools/winhttp-wine
out=$b/tests/wine/out
mkdir -p "$out"

# The network programs' .exe builds use one test server this script starts (tests/server/harness.h
# reads its port from WINHTTP_TEST_SERVER_PORT under Windows); the native ones start their own.
server_pid=
server_port=
start_server() {
    local server=$b/tests/server/winhttp-test-server line
    [ -x "$server" ] || { fail "test server missing ($server)"; return; }
    coproc TEST_SERVER { exec "$server" --stdin-eof; }
    server_pid=$TEST_SERVER_PID
    if read -r -t 10 line <&"${TEST_SERVER[0]}" && [ "${line%% *}" = PORT ]; then
        server_port=${line#PORT }
    else
        fail "test server did not report its port (got '${line:-}')"
    fi
}
stop_server() {
    [ -n "$server_pid" ] || return 0
    # EOF on its stdin stops it; a process of ours that inherited the pipe may hold it open, so
    # also SIGTERM it by its id.
    [ -n "${TEST_SERVER[1]:-}" ] && eval "exec ${TEST_SERVER[1]}>&-"
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
}
# The https program's .exe needs one HTTPS server per certificate kind (tests/conformance/https.c):
# certificates from tests/tls/gen-certs.sh, the servers' ports in WINHTTP_TEST_TLS_PORTS, and the
# test CA and CRL for the unix side in WINHTTP_TLS_CA_FILE / WINHTTP_TLS_CRL_FILE; plus a plain
# server serving the certificates' directory, where the cdp* certificates' CRL is.
tls_pids=
tls_ports=
# spawn_tls_server NAME ARGS...: a test server with ARGS, its port in $port (empty on failure).
spawn_tls_server() {
    local name=$1 d=$out/tls
    shift
    "$b/tests/server/winhttp-test-server" --stdin-eof "$@" >"$d/$name.port" 2>"$d/$name.err" <"$d/stdin" &
    tls_pids="$tls_pids $!"
    port=
    for _ in $(seq 100); do
        port=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$d/$name.port")
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || fail "test server '$name' did not start: $(cat "$d/$name.err")"
}
start_tls_servers() {
    local d=$out/tls k cert args port
    rm -rf "$d"
    mkdir -p "$d"
    # Their stdin: a FIFO this script holds open (fd 7), so they end with it (--stdin-eof).
    mkfifo "$d/stdin" && exec 7<>"$d/stdin"
    spawn_tls_server files --files "$d"
    [ -n "$port" ] || return
    tls_ports="files=$port"
    # The OCSP responder's port goes into certificates before it runs: a free one below the
    # ephemeral range (32768 and up), so no other socket takes it meanwhile; a test server
    # tells whether it is free (it ends at once with its stdin).
    local ocsp_port= try
    for _ in $(seq 50); do
        try=$((20000 + RANDOM % 12000))
        ocsp_port=$("$b/tests/server/winhttp-test-server" --port "$try" --stdin-eof </dev/null 2>/dev/null |
                    sed -n 's/^PORT //p')
        [ "$ocsp_port" = "$try" ] && break
        ocsp_port=
    done
    CRL_URL=http://127.0.0.1:$port/files/ca2.crl OCSP_URL=http://127.0.0.1:$ocsp_port/ \
        sh "$top_srcdir/tests/tls/gen-certs.sh" "$d" >/dev/null || { fail "tests/tls/gen-certs.sh failed"; return; }
    # OpenSSL's responder says "ACCEPT ..." once it listens (probing it with a connection would
    # stall it).
    openssl ocsp -index "$d/ca2-index.txt" -port "$ocsp_port" -rsigner "$d/ca2.pem" -rkey "$d/ca2-key.pem" \
        -CA "$d/ca2.pem" -nmin 60 >"$d/ocsp.out" 2>/dev/null &
    tls_pids="$tls_pids $!"
    for _ in $(seq 100); do grep -q '^ACCEPT' "$d/ocsp.out" 2>/dev/null && break; sleep 0.05; done
    grep -q '^ACCEPT' "$d/ocsp.out" || fail "the OCSP responder (openssl ocsp) did not start"
    for k in valid expired notyet wronghost unknownca selfsigned wrongusage revoked tls10 clientreq clientask \
             cdpgood cdprevoked cdpslow cdpdead cdpproxy ocspgood ocsprevoked ocspfallback chaingood chainrevoked; do
        case $k in tls10) cert=rsa ;; clientreq|clientask) cert=valid ;; *) cert=$k ;; esac
        args=(--tls-cert "$d/$cert.pem" --tls-key "$d/$cert-key.pem")
        case $k in
            tls10) args+=(--tls-priority NORMAL:-VERS-ALL:+VERS-TLS1.0) ;;
            clientreq) args+=(--tls-client-ca "$d/ca.pem") ;;
            clientask) args+=(--tls-request-client-cert) ;;
        esac
        spawn_tls_server "$k" "${args[@]}"
        [ -n "$port" ] && tls_ports="$tls_ports${tls_ports:+,}$k=$port"
    done
    export WINHTTP_TLS_CA_FILE=$d/ca.pem WINHTTP_TLS_CRL_FILE=$d/crl.pem
}
finish() {
    stop_server
    [ -n "$tls_pids" ] && exec 7>&-
    for p in $tls_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    # The wineserver and services of the test prefix (started by the launcher) go with the test.
    if [ -x "$WINHTTP_WINE_TREE/lib/wine/wineserver" ]; then
        WINEPREFIX="$WINHTTP_WINE_TREE/prefix" "$WINHTTP_WINE_TREE/lib/wine/wineserver" -k >/dev/null 2>&1
    fi
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# The DLL: imports only Windows system DLLs; exports exactly winhttp.spec (with -private ones).
objdump=${MINGW_CC:+${MINGW_CC%gcc}objdump}
objdump=${objdump:-x86_64-w64-mingw32-objdump}
if [ -r "$dll" ] && [ -r "$so" ]; then pass; else fail "winhttp.dll or winhttp.so missing ($dll, $so)"; finish; fi
imports=$("$objdump" -p "$dll" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
bad=$(printf '%s\n' "$imports" | grep -vxE 'kernel32\.dll|ntdll\.dll|msvcrt\.dll|ucrtbase\.dll|advapi32\.dll|user32\.dll|ws2_32\.dll|crypt32\.dll|secur32\.dll|api-ms-win-.*\.dll' || true)
if [ -n "$imports" ] && [ -z "$bad" ]; then pass; else fail "winhttp.dll imports non-system DLLs: ${bad:-(none read)}"; fi
if LC_ALL=C grep -qa "Wine builtin DLL" "$dll"; then pass; else fail "winhttp.dll is not marked as a Wine builtin"; fi
expected=$(sh "$top_srcdir/scripts/spec2map.sh" --def "$top_srcdir/dlls/winhttp/winhttp.spec" | sed -n 's/^    \([A-Za-z_0-9]*\).*/\1/p' | LC_ALL=C sort)
actual=$("$objdump" -p "$dll" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/s/^[[:space:]]*\[[[:space:]]*[0-9]*\] //p' | LC_ALL=C sort)
if [ -n "$expected" ] && [ "$expected" = "$actual" ]; then pass; else
    fail "winhttp.dll exports differ from winhttp.spec: $(diff <(echo "$expected") <(echo "$actual") | grep '^[<>]' | tr '\n' ' ')"
fi
if nm -D --defined-only "$so" | grep -q ' __wine_unix_call_funcs$'; then pass; else fail "winhttp.so does not export __wine_unix_call_funcs"; fi

# A program run through the launcher gets our winhttp, with its unix half.
which_out=$("$launcher" "$b/tests/wine/which-winhttp.exe" 2>&1 | tr -d '\r')
rc=$?
if [ "$rc" -eq 0 ]; then pass; echo "which-winhttp.exe: $which_out"; else
    fail "the winhttp.dll under Wine is not ours (exit $rc): $which_out"; finish
fi

start_server
case " $names " in *" https "*|*" proxy_net "*) start_tls_servers ;; esac

# Failure lines name the source as __FILE__ (whose directory differs between the two builds):
# compare them by base name, without Windows' CR.
normalize() { tr -d '\r' | sed -E 's|^[^ ]*/([^/ ]+\.c:[0-9]+: )|\1|'; }
for t in $names; do
    native=$b/tests/conformance/$t exe=$b/tests/wine/$t.exe
    if [ ! -x "$native" ] || [ ! -r "$exe" ]; then fail "$t: program missing ($native, $exe)"; continue; fi
    "$native" 2>/dev/null | normalize > "$out/$t.native"
    WINHTTP_TEST_SERVER_PORT=$server_port WINHTTP_TEST_TLS_PORTS=$tls_ports "$launcher" "$exe" 2>/dev/null |
        normalize > "$out/$t.wine"
    wine_rc=${PIPESTATUS[0]}
    n_sum=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$t.native" | tail -n1)
    w_sum=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$t.wine" | tail -n1)
    echo "$t: native: ${n_sum:-(no summary)}; wine: ${w_sum:-(no summary, exit $wine_rc)}"
    # The sources compile some checks only natively (#ifdef on constants mingw's winhttp.h
    # lacks, #ifndef _WIN32 Linux-only checks), so the .exe may run fewer: the failed counts
    # must match, and the .exe must not pass more checks than the native program has.
    read -r np _ nf _ <<<"${n_sum//,/}"
    read -r wp _ wf _ <<<"${w_sum//,/}"
    if [ -n "$w_sum" ] && [ -n "$n_sum" ] && [ "$nf" = "$wf" ] && [ "$wp" -gt 0 ] && [ "$wp" -le "$np" ] &&
       { [ "$wine_rc" -eq 0 ] || [ "$wf" -gt 0 ]; }; then
        pass
    else
        fail "$t: results differ (native '$n_sum', wine '$w_sum', exit $wine_rc)"
    fi
    if diff <(grep ': Test failed: ' "$out/$t.native") <(grep ': Test failed: ' "$out/$t.wine") > "$out/$t.diff"; then
        pass
    else
        fail "$t: failure lines differ (< native, > wine):"; cat "$out/$t.diff"
    fi
done
finish
