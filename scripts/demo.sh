#!/usr/bin/env bash
# The project's demo (README's main command): sets the machine up, builds, and shows the library
# at work through tools/winhttp-url: it cracks a few URLs into their parts with WinHttpCrackUrl,
# builds them again with WinHttpCreateUrl, and prints the time as WinHttpTimeFromSystemTime
# formats it. (When the network issues land, this fetches pages from a local server instead.)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh

tool=build/tools/winhttp-url
show() { # prints a command line, quoting the words a shell would need quoted
    local w line='$'
    for w in "$@"; do
        if [[ $w =~ ^[A-Za-z0-9_./:@%=+,-]+$ ]]; then line+=" $w"; else line+=" '$w'"; fi
    done
    echo "$line"
}
run() { echo; show winhttp-url "$@"; "$tool" "$@"; }

echo
echo "==> winhttp for Linux demo: the WinHTTP URL and time functions of build/.libs/libwinhttp.so"
run crack 'https://user:secret@www.example.com:8443/docs/index.html?lang=en#intro'
run crack 'http://example.com'
run crack --decode 'http://example.com/my%20notes/read%20me.txt'
run roundtrip 'http://user:pass@example.com:8080/a/b?c=d#e' 'https://example.com:443/default-port-dropped'
run create --scheme https --host example.org --port 8443 --path /api/v1/items --extra '?page=2'
run time
run time 'Sun, 06 Nov 1994 08:49:37 GMT'
echo
echo "\$ winhttp-url crack 'gopher://example.com/'   # an error: printed, and the exit status"
rc=0
"$tool" crack 'gopher://example.com/' || rc=$?
echo "exit status $rc"
echo
echo "==> demo done"
