#!/bin/sh
# Interoperability with a real server users meet: nginx from Debian, started here on free
# loopback ports (HTTP and HTTPS with a certificate from tests/tls/gen-certs.sh) with files made
# at run time, fetched with tools/winhttp-get: a large static file byte for byte, keep-alive,
# HEAD, a 404, nginx's gzip answered with WINHTTP_OPTION_DECOMPRESSION, a chunked dynamic
# answer (nginx's autoindex), a redirect (nginx's trailing-slash 301), an upload nginx refuses
# (413), and the same over TLS 1.2 and 1.3. Skips (exit 77) when nginx is not installed.
# Run by `make check`, or by hand: top_builddir=build sh tests/nginx.sh
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
get=$top_builddir/tools/winhttp-get
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "nginx.sh: Test failed: $*"; }
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); else fail "$1: expected '$2', got '$3'"; fi
}
nginx=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; })
if [ -z "$nginx" ]; then echo "nginx.sh: nginx is not installed: skipped"; exit 77; fi
[ -x "$get" ] || { fail "no $get (build first)"; echo "$passed passed, $failed failed"; exit 1; }

tmp=$(mktemp -d)
pid=
finish() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}
trap finish EXIT INT TERM

mkdir -p "$tmp/www/dir" "$tmp/logs" "$tmp/certs"
head -c 20000000 /dev/urandom > "$tmp/www/big.bin"
awk 'BEGIN { for (i = 0; i < 20000; i++) print "line " i " of a text that compresses well" }' > "$tmp/www/text.txt"
echo hello > "$tmp/www/dir/index.html"
certs=
if command -v certtool >/dev/null && sh "$top_srcdir/tests/tls/gen-certs.sh" "$tmp/certs" >/dev/null 2>&1; then
    certs=$tmp/certs
fi

# Two free ports: HTTP, HTTPS.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
              echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000)); }
port=$(free_port)
tport=$(free_port)
user=
[ "$(id -u)" = 0 ] && user="user $(id -un) $(id -gn);"
tls=
[ -n "$certs" ] && tls="server {
        listen 127.0.0.1:$tport ssl;
        root $tmp/www;
        ssl_certificate $certs/valid.pem;
        ssl_certificate_key $certs/valid-key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
    }"
cat > "$tmp/nginx.conf" <<EOF
$user
worker_processes 1;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    default_type application/octet-stream;
    types { text/plain txt; text/html html; }
    client_max_body_size 1k;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    gzip on;
    gzip_types text/plain;
    gzip_min_length 100;
    server {
        listen 127.0.0.1:$port;
        root $tmp/www;
        location /list/ { alias $tmp/www/; autoindex on; }
    }
    $tls
}
EOF
"$nginx" -p "$tmp/" -c "$tmp/nginx.conf" -e "$tmp/logs/error.log" </dev/null >/dev/null 2>&1 &
pid=$!
up=
for _ in $(seq 100); do
    if "$get" -s -o /dev/null "http://127.0.0.1:$port/dir/index.html" 2>/dev/null; then up=1; break; fi
    sleep 0.05
done
[ -n "$up" ] || { fail "nginx did not start: $(cat "$tmp/logs/error.log")"; exit 1; }
url=http://127.0.0.1:$port

# A 20 MB static file, byte for byte.
"$get" -s -o "$tmp/big.out" "$url/big.bin"; rc=$?
check "big file: exit status" 0 "$rc"
cmp -s "$tmp/www/big.bin" "$tmp/big.out"; check "big file: same bytes" 0 $?

# Headers and statuses.
out=$("$get" -s -I "$url/big.bin" | tr -d '\r' | grep -i -E '^(HTTP/|content-length:)')
check "HEAD" "HTTP/1.1 200 OK
Content-Length: 20000000" "$out"
"$get" -s -f -o /dev/null "$url/missing" 2>/dev/null; rc=$?
check "404 with -f: exit status" 22 "$rc"

# nginx's gzip: decoded (the tool asks for decompression) and equal to the file.
"$get" -s --compressed -o "$tmp/text.out" "$url/text.txt"
cmp -s "$tmp/www/text.txt" "$tmp/text.out"; check "gzip'd text decoded" 0 $?
out=$("$get" -s -I "$url/text.txt" -H 'Accept-Encoding: gzip' | tr -d '\r' | grep -i -c '^content-encoding: gzip')
check "nginx answers with gzip" 1 "$out"
out=$("$get" -s -i --compressed "$url/text.txt" | tr -d '\r' | sed '/^$/q' | grep -i -c '^content-encoding:')
check "no Content-Encoding after decoding" 0 "$out"   # README: the header goes with the encoding

# A chunked answer (autoindex) and a redirect (a directory without its slash).
out=$("$get" -s "$url/list/" | grep -c 'big.bin')
check "autoindex (chunked)" 1 "$out"
out=$("$get" -s "$url/dir")
check "301 to dir/ followed" hello "$out"

# An upload over client_max_body_size: nginx answers 413 (the tool exits 0 without -f).
head -c 5000 /dev/zero > "$tmp/upload.bin"
out=$("$get" -s -i -X POST --data-binary "@$tmp/upload.bin" "$url/dir/index.html" | tr -d '\r' | head -n 1)
check "413 for a big upload" "HTTP/1.1 413 Request Entity Too Large" "$out"

# The same over TLS.
if [ -n "$certs" ]; then
    export WINHTTP_TLS_CA_FILE="$certs/ca.pem"
    turl=https://localhost:$tport
    "$get" -s -o "$tmp/big.tls" "$turl/big.bin"; rc=$?
    check "HTTPS big file: exit status" 0 "$rc"
    cmp -s "$tmp/www/big.bin" "$tmp/big.tls"; check "HTTPS big file: same bytes" 0 $?
    "$get" -s --compressed -o "$tmp/text.tls" "$turl/text.txt"
    cmp -s "$tmp/www/text.txt" "$tmp/text.tls"; check "HTTPS gzip'd text decoded" 0 $?
    out=$("$get" -s "$turl/dir")
    check "HTTPS 301 followed" hello "$out"
    unset WINHTTP_TLS_CA_FILE
    "$get" -s -o /dev/null "$turl/dir/index.html" 2>/dev/null; rc=$?
    check "HTTPS without the test CA: SECURE_FAILURE exit status" 175 "$rc"
else
    echo "nginx.sh: certtool not installed: HTTPS part skipped"
fi
