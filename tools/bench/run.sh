#!/usr/bin/env bash
# Loopback HTTP benchmark: our WinHTTP client against libcurl and a raw socket reader, all
# fetching from nginx (started here on a free 127.0.0.1 port with its own config; the files are
# generated at run time in a temp dir). Not part of `make check`.
#
#   tools/bench/run.sh [-n REPS] [--size SIZE] [--requests N] [--async-requests N]
#                      [--async-conns N] [--build DIR] [--out FILE.md] [--no-wine] [--no-async]
#
# Scenarios, alternating between clients in one run, REPS times each (default 5); the table
# shows medians and ratios against libcurl:
#   download    one GET of a SIZE file (default 1G), read in 256 KiB pieces and discarded: GB/s
#               (also over HTTPS, TLS 1.3 with AES-128-GCM, for libcurl and ours natively, when
#               certtool is there to make the certificates)
#   keep-alive  N sequential GETs of a 1 KiB file on one connection (default 20000): requests/s
#   async       N concurrent GETs of the 1 KiB file (default 10000) over at most --async-conns
#               connections (default 100): requests/s, peak threads, peak RSS per request
# Clients: raw_get.c (plain socket), curl_get.c / curl_multi.c (libcurl easy / multi),
# winhttp_async_bench.c (WinHTTP async, natively, for the async scenario), and
# winhttp_get_bench.c (WinHTTP API, sync) natively when the build's libwinhttp.so exports
# WinHttpSendRequest, as .exe under tools/winhttp-wine with our winhttp when the build's
# winhttp.dll exports it, and under plain wine64 with Wine's builtin winhttp when Wine and mingw
# are there (--no-wine skips both Wine rows). Programs are built with cc -O2 into the temp dir.
# Needs nginx and libcurl's headers: as root it installs them (nginx-light, libcurl4-gnutls-dev).
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench=$src/tools/bench
reps=5 size=1G requests=20000 async_requests=10000 async_conns=100
build=$src/build out='' wine=1 async=1

usage() { sed -n '5,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        -n|--reps) reps=$2; shift ;;
        --size) size=$2; shift ;;
        --requests) requests=$2; shift ;;
        --async-requests) async_requests=$2; shift ;;
        --async-conns) async_conns=$2; shift ;;
        --build) build=$(cd "$2" && pwd); shift ;;
        --out) out=$2; shift ;;
        --no-wine) wine= ;;
        --no-async) async= ;;
        -h|--help) usage ;;
        *) echo "run.sh: unknown argument $1" >&2; usage ;;
    esac
    shift
done
bytes=$(numfmt --from=iec "$size") || { echo "run.sh: bad --size $size" >&2; exit 2; }
for v in "$reps" "$requests" "$async_requests" "$async_conns"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: not a positive count: $v" >&2; exit 2; }
done
log() { echo "bench: $*" >&2; }

# --- what we need --------------------------------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
need=()
installed nginx-light || command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
installed libcurl4-gnutls-dev || echo '#include <curl/curl.h>' | cc -E - >/dev/null 2>&1 ||
    need+=(libcurl4-gnutls-dev)
command -v cc >/dev/null || need+=(gcc libc6-dev)
command -v nm >/dev/null || need+=(binutils)
if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "run.sh: please install (as root): ${need[*]}" >&2; exit 1; }
    log "installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)

# --- temp dir, cleanup -----------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/winhttp-bench.XXXXXX")
nginx_pid='' wine_prefix_used=''
cleanup() {
    if [ -n "$nginx_pid" ]; then
        kill "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    if [ -n "$wine_prefix_used" ]; then
        WINEPREFIX=$wine_prefix_used /usr/lib/wine/wineserver -k >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$tmp/www" "$tmp/nginx" "$tmp/bin" "$tmp/res"

# --- build -----------------------------------------------------------------------------------
log "building the clients"
cc -O2 -o "$tmp/bin/raw_get" "$bench/raw_get.c"
cc -O2 -o "$tmp/bin/curl_get" "$bench/curl_get.c" -lcurl
cc -O2 -o "$tmp/bin/curl_multi" "$bench/curl_multi.c" -lcurl

lib=$build/.libs/libwinhttp.so
native=
if [ -e "$lib" ] && nm -D --defined-only "$lib" 2>/dev/null | grep -qw WinHttpSendRequest; then
    cc -O2 -std=c11 -I"$src/include" -o "$tmp/bin/winhttp_get_bench" "$bench/winhttp_get_bench.c" \
        -L"$build/.libs" -lwinhttp -Wl,-rpath,"$build/.libs"
    cc -O2 -std=c11 -I"$src/include" -o "$tmp/bin/winhttp_async_bench" "$bench/winhttp_async_bench.c" \
        -L"$build/.libs" -lwinhttp -lpthread -Wl,-rpath,"$build/.libs"
    native=1
fi

wine_loader=/usr/lib/wine/wine64
wine_ours='' wine_builtin=''
if [ -n "$wine" ] && command -v x86_64-w64-mingw32-gcc >/dev/null && [ -x "$wine_loader" ]; then
    x86_64-w64-mingw32-gcc -O2 -o "$tmp/bin/winhttp_get_bench.exe" "$bench/winhttp_get_bench.c" -lwinhttp
    wine_builtin=1
    dll=$build/dlls/winhttp/pe/winhttp.dll so=$build/dlls/winhttp/unixlib/.libs/winhttp.so
    if [ -x "$src/tools/winhttp-wine" ] && [ -e "$dll" ] && [ -e "$so" ] &&
        x86_64-w64-mingw32-objdump -p "$dll" 2>/dev/null | grep -qw WinHttpSendRequest; then
        wine_ours=1
    fi
fi

# --- data and server -------------------------------------------------------------------------
# Certificates for the HTTPS download (TLS 1.3, AES-128-GCM), when certtool is there.
certs=
if command -v certtool >/dev/null && sh "$src/tests/tls/gen-certs.sh" "$tmp/certs" >/dev/null 2>&1; then
    certs=$tmp/certs
fi
size_label=$(numfmt --to=iec-i --suffix=B "$bytes" | sed "s/\.0//; s/\([0-9]\)\([KMGT]\)/\1 \2/")
log "generating $size_label and 1 KiB files"
head -c "$bytes" /dev/urandom > "$tmp/www/big"
head -c 1024 /dev/urandom > "$tmp/www/small"

start_nginx() { # $1 = port (HTTPS on $1 + 1); 0 when it serves, 1 when it could not start
    local user= tls_server=
    if [ -n "$certs" ]; then
        tls_server="    server {
        listen 127.0.0.1:$(($1 + 1)) ssl;
        root $tmp/www;
        ssl_certificate $certs/valid.pem;
        ssl_certificate_key $certs/valid-key.pem;
        ssl_protocols TLSv1.3;
        ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;
    }"
    fi
    [ "$(id -u)" = 0 ] && user="user $(id -un) $(id -gn);"
    cat > "$tmp/nginx.conf" <<EOF
$user
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections $((async_conns * 2 + 256)); }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    default_type application/octet-stream;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$1;
        root $tmp/www;
    }
$tls_server
}
EOF
    : > "$tmp/nginx/error.log"
    "$nginx" -p "$tmp/nginx/" -c "$tmp/nginx.conf" -e "$tmp/nginx/error.log" </dev/null 2>>"$tmp/nginx/error.log" &
    nginx_pid=$!
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        kill -0 "$nginx_pid" 2>/dev/null || break
        sleep 0.05
    done
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=
    return 1
}
port=
for _ in $(seq 20); do
    p=$((20000 + RANDOM % 40000))
    if command -v ss >/dev/null && ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then continue; fi
    if start_nginx "$p"; then port=$p; break; fi
    grep -q "Address already in use" "$tmp/nginx/error.log" || { cat "$tmp/nginx/error.log" >&2; exit 1; }
done
[ -n "$port" ] || { echo "run.sh: no free loopback port for nginx" >&2; exit 1; }
log "nginx $("$nginx" -v 2>&1 | sed 's|.*/||') on 127.0.0.1:$port"
host=127.0.0.1 url=http://127.0.0.1:$port
tls_port=$((port + 1)) tls_url=https://localhost:$((port + 1))

# --- running ---------------------------------------------------------------------------------
# Wine's builtin runs in a prefix of its own (made once, cached; wineboot takes a while).
wine_prefix=${XDG_CACHE_HOME:-$HOME/.cache}/winhttp-bench/wine-prefix
run_wine_builtin() {
    WINEPREFIX=$wine_prefix WINEDEBUG=-all WINEDLLOVERRIDES="winhttp=b;mscoree=;mshtml=" \
        DISPLAY='' WAYLAND_DISPLAY='' "$wine_loader" "$@"
}
if [ -n "$wine_builtin" ]; then
    wine_prefix_used=$wine_prefix
    if [ ! -e "$wine_prefix/.ready" ]; then
        log "creating a Wine prefix in $wine_prefix (once)"
        rm -rf "$wine_prefix"; mkdir -p "$wine_prefix"
        if run_wine_builtin wineboot -i </dev/null >/dev/null 2>&1; then touch "$wine_prefix/.ready"
        else log "wineboot failed: no Wine rows"; wine_builtin='' wine_ours=''; fi
    fi
fi

# measure NAME SCENARIO KIND CMD...: runs CMD, appends GB/s (KIND=bytes) or requests/s (KIND=reqs)
# to $tmp/res/NAME.SCENARIO; for the async scenario also threads and RSS per request.
measure() {
    local name=$1 scen=$2 kind=$3 o
    shift 3
    # In the foreground of this shell (not in $(...)), so that Ctrl-C reaches the INT trap.
    if ! "$@" </dev/null >"$tmp/stdout" 2>"$tmp/stderr" ||
        ! o=$(tr -d '\r' <"$tmp/stdout" | grep '^RESULT '); then
        log "$name $scen failed: $(tail -n 3 "$tmp/stderr" | tr '\n' ' ')"
        return 0
    fi
    echo "$o" | awk -v k="$kind" '{
        if (k == "bytes") printf "%.6f\n", $2 / $3 / 1e9;
        else if (k == "reqs") printf "%.3f\n", $2 / $3;
        else printf "%.3f %d %.0f\n", $2 / $3, $4, $5 }' >> "$tmp/res/$name.$scen"
}

clients=(raw curl)
[ -n "$native" ] && clients+=(winhttp)
[ -n "$wine_ours" ] && clients+=(wine_ours)
[ -n "$wine_builtin" ] && clients+=(wine_builtin)
wb=("$tmp/bin/winhttp_get_bench.exe")
run_client() { # CLIENT SCENARIO
    local c=$1 s=$2 args
    if [ "$s" = download ]; then args=(download "$host" "$port" /big); else args=(keepalive "$host" "$port" /small "$requests"); fi
    local kind=reqs; [ "$s" = download ] && kind=bytes
    case $c in
        raw) [ "$s" = download ] && measure raw download bytes "$tmp/bin/raw_get" "$host" "$port" /big ;;
        curl) if [ "$s" = download ]; then measure curl download bytes "$tmp/bin/curl_get" download "$url/big"
              else measure curl keepalive reqs "$tmp/bin/curl_get" keepalive "$url/small" "$requests"; fi ;;
        winhttp) measure winhttp "$s" "$kind" "$tmp/bin/winhttp_get_bench" "${args[@]}" ;;
        wine_ours) measure wine_ours "$s" "$kind" env WINHTTP_WINE_DLL="$dll" WINHTTP_WINE_SO="$so" \
                       "$src/tools/winhttp-wine" "${wb[@]}" "${args[@]}" ;;
        wine_builtin) measure wine_builtin "$s" "$kind" run_wine_builtin "${wb[@]}" "${args[@]}" ;;
    esac
    return 0
}

for ((r = 0; r < reps; r++)); do
    log "round $((r + 1))/$reps: ${clients[*]}"
    for s in download keepalive; do
        n=${#clients[@]}
        for ((i = 0; i < n; i++)); do run_client "${clients[(i + r) % n]}" "$s"; done
    done
    if [ -n "$certs" ]; then   # HTTPS download: libcurl and ours natively
        measure curl tls bytes env BENCH_CA_FILE="$certs/ca.pem" "$tmp/bin/curl_get" download "$tls_url/big"
        if [ -n "$native" ]; then
            measure winhttp tls bytes env BENCH_SECURE=1 WINHTTP_TLS_CA_FILE="$certs/ca.pem" \
                "$tmp/bin/winhttp_get_bench" download localhost "$tls_port" /big
        fi
    fi
    if [ -n "$async" ]; then
        measure curl_multi async multi "$tmp/bin/curl_multi" "$url/small" "$async_requests" "$async_conns"
        if [ -n "$native" ]; then
            measure winhttp async multi "$tmp/bin/winhttp_async_bench" "$host" "$port" /small "$async_requests" "$async_conns"
        fi
    fi
done

# --- table -----------------------------------------------------------------------------------
median() { # FILE [COLUMN]: the median of a column (empty when the file is missing)
    [ -s "$1" ] || return 0
    awk -v c="${2:-1}" '{print $c}' "$1" | sort -g |
        awk '{v[NR] = $1} END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
fmt() { # VALUE DECIMALS: the number with thousands separators
    if [ -z "$1" ]; then echo "failed"; return; fi
    LC_ALL=C printf "%.${2}f" "$1" | sed -e :a -e 's/^\([0-9]\+\)\([0-9]\{3\}\)/\1,\2/; ta'
}
ratio() { # VALUE BASE
    if [ -z "$1" ] || [ -z "$2" ]; then echo "-"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; fi
}
cd_ref=$(median "$tmp/res/curl.download") ck_ref=$(median "$tmp/res/curl.keepalive")
curl_version=$(curl-config --version 2>/dev/null | sed 's/libcurl //' || true)
wine_version=$("$wine_loader" --version 2>/dev/null | sed 's/^wine-//; s/ .*//' || true)
row() { # LABEL NAME
    local d k
    d=$(median "$tmp/res/$2.download") k=$(median "$tmp/res/$2.keepalive")
    if [ "$2" = raw ]; then
        echo "| $1 | $(fmt "$d" 2) | $(ratio "$d" "$cd_ref") | - | - |"
    else
        echo "| $1 | $(fmt "$d" 2) | $(ratio "$d" "$cd_ref") | $(fmt "$k" 0) | $(ratio "$k" "$ck_ref") |"
    fi
}
table() {
    echo "Loopback, nginx $("$nginx" -v 2>&1 | sed 's|.*/||') (sendfile), $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)),"
    echo "median of $reps runs alternating between clients, $(date -u +%Y-%m-%d); download of a $size_label file,"
    echo "$(fmt "$requests" 0) sequential keep-alive requests of a 1 KiB file; 256 KiB reads."
    echo
    echo "| client | download GB/s | vs libcurl | keep-alive requests/s | vs libcurl |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    row "raw socket read" raw
    row "libcurl ${curl_version} (easy)" curl
    if [ -n "$native" ]; then row "winhttp (native, libwinhttp.so)" winhttp
    else echo "| winhttp (native) | not available yet | | | |"; fi
    if [ -n "$wine_ours" ]; then row "winhttp .exe under Wine ${wine_version}, ours" wine_ours
    else echo "| winhttp .exe under Wine, ours | not available yet | | | |"; fi
    if [ -n "$wine_builtin" ]; then row "winhttp .exe under Wine ${wine_version}, Wine's builtin" wine_builtin
    elif [ -n "$wine" ]; then echo "| winhttp .exe under Wine, Wine's builtin | not available (needs wine64 and mingw) | | | |"; fi
    if [ -n "$wine_ours" ] && [ -n "$wine_builtin" ]; then
        local od ok bd bk
        od=$(median "$tmp/res/wine_ours.download") ok=$(median "$tmp/res/wine_ours.keepalive")
        bd=$(median "$tmp/res/wine_builtin.download") bk=$(median "$tmp/res/wine_builtin.keepalive")
        echo
        echo "Ours under Wine against Wine's builtin: download $(ratio "$od" "$bd"), keep-alive $(ratio "$ok" "$bk")."
        if [ -n "$native" ]; then
            echo "Ours under Wine against ours native: download $(ratio "$od" "$(median "$tmp/res/winhttp.download")"), keep-alive $(ratio "$ok" "$(median "$tmp/res/winhttp.keepalive")")."
        fi
    fi
    if [ -n "$certs" ]; then
        local ct wt
        ct=$(median "$tmp/res/curl.tls") wt=$(median "$tmp/res/winhttp.tls")
        echo
        echo "HTTPS download of the same file (nginx, TLS 1.3, TLS_AES_128_GCM_SHA256; median of $reps):"
        echo
        echo "| client | download GB/s | vs libcurl |"
        echo "| --- | ---: | ---: |"
        if [ -n "$ct" ]; then echo "| libcurl ${curl_version} (easy) | $(fmt "$ct" 2) | 1.00x |"
        else echo "| libcurl ${curl_version} (easy) | failed | |"; fi
        if [ -z "$native" ]; then echo "| winhttp (native) | not available yet | |"
        elif [ -n "$wt" ]; then echo "| winhttp (native, libwinhttp.so) | $(fmt "$wt" 2) | $(ratio "$wt" "$ct") |"
        else echo "| winhttp (native, libwinhttp.so) | failed | |"; fi
    fi
    if [ -n "$async" ]; then
        local f=$tmp/res/curl_multi.async rq th mem
        rq=$(median "$f" 1) th=$(median "$f" 2) mem=$(median "$f" 3)
        echo
        echo "$(fmt "$async_requests" 0) concurrent requests of the 1 KiB file, at most $async_conns connections (median of $reps):"
        echo
        echo "| client | requests/s | vs libcurl | peak threads | peak RSS per in-flight request |"
        echo "| --- | ---: | ---: | ---: | ---: |"
        if [ -n "$rq" ]; then
            echo "| libcurl ${curl_version} (multi) | $(fmt "$rq" 0) | 1.00x | $(fmt "$th" 0) | $(fmt "$(awk -v m="$mem" 'BEGIN { print m / 1024 }')" 1) KiB |"
        else
            echo "| libcurl ${curl_version} (multi) | failed | | | |"
        fi
        f=$tmp/res/winhttp.async
        local wrq wth wmem
        wrq=$(median "$f" 1) wth=$(median "$f" 2) wmem=$(median "$f" 3)
        if [ -z "$native" ]; then
            echo "| winhttp async (native) | not available yet | | | |"
        elif [ -n "$wrq" ]; then
            echo "| winhttp async (native) | $(fmt "$wrq" 0) | $(ratio "$wrq" "$rq") | $(fmt "$wth" 0) | $(fmt "$(awk -v m="$wmem" 'BEGIN { print m / 1024 }')" 1) KiB |"
        else
            echo "| winhttp async (native) | failed | | | |"
        fi
    fi
}
table > "$tmp/table.md"
[ -n "$native" ] || echo "winhttp: not available yet (libwinhttp.so does not export WinHttpSendRequest)" >&2
echo
cat "$tmp/table.md"
if [ -n "$out" ]; then cp "$tmp/table.md" "$out"; log "table written to $out"; fi
