#!/bin/sh
# Writes the GNU ld version script of the native libwinhttp.so from Wine's export list
# (dlls/winhttp/winhttp.spec): the library exports exactly the spec's functions plus
# GetLastError and SetLastError (the native front's thread-local last error), and nothing else.
#
#   scripts/spec2map.sh dlls/winhttp/winhttp.spec > winhttp.map
#   scripts/spec2map.sh --names dlls/winhttp/winhttp.spec   # just the names, one a line
#   scripts/spec2map.sh --def dlls/winhttp/winhttp.spec     # winhttp.dll's .def (mingw)
#
# Spec lines look like "@ stdcall [-flags] Name(args) [target]". Natively exported: stdcall,
# cdecl, varargs, thiscall, fastcall and extern entries. Left out: "stub" entries (nothing
# implements them yet), "-private" ones (the COM entry points DllCanUnloadNow & co. that only a
# PE makes sense of), "-noname" ones (ordinals do not exist in ELF) and entries whose "-arch="
# excludes 64-bit. tests/exports.sh checks the built library against the same rules.
# The .def of the PE winhttp.dll keeps "-private" entries (marked PRIVATE: exported, but left out
# of import libraries) and still leaves out stubs, "-noname" entries and other architectures.
set -eu

names_only=0
def=0
if [ "${1:-}" = "--names" ]; then names_only=1; shift; fi
if [ "${1:-}" = "--def" ]; then def=1; shift; fi
if [ $# -ne 1 ] || [ ! -r "$1" ]; then
    echo "usage: $0 [--names|--def] WINHTTP.SPEC" >&2
    exit 2
fi

names=$(awk -v def="$def" '
    { sub(/#.*/, "") }
    NF < 3 { next }
    $1 != "@" && $1 !~ /^[0-9]+$/ { next }
    {
        type = $2
        if (type != "stdcall" && type != "cdecl" && type != "varargs" && type != "thiscall" &&
            type != "fastcall" && type != "extern") next
        skip = 0; private = 0; i = 3
        while (i <= NF && substr($i, 1, 1) == "-") {
            f = $i
            if (f == "-noname" || (f == "-private" && !def)) skip = 1
            if (f == "-private") private = 1
            if (f ~ /^-arch=/) {
                a = substr(f, 7)
                if (a ~ /^!/) { if (a ~ /(win64|x86_64)/) skip = 1 }
                else if (a !~ /(win64|x86_64)/) skip = 1
            }
            i++
        }
        if (skip || i > NF) next
        name = $i
        sub(/\(.*/, "", name)
        if (name != "") print name (private ? " PRIVATE" : "")
    }' "$1")

if [ "$def" = 1 ]; then
    echo "; Generated from winhttp.spec by scripts/spec2map.sh: do not edit."
    echo "LIBRARY winhttp.dll"
    echo "EXPORTS"
    printf '%s\n' "$names" | sed '/^$/d' | LC_ALL=C sort -u | sed 's/^/    /'
    exit 0
fi

all=$(printf '%s\nGetLastError\nSetLastError\n' "$names" | sed '/^$/d' | LC_ALL=C sort -u)

if [ "$names_only" = 1 ]; then
    printf '%s\n' "$all"
    exit 0
fi

echo "/* Generated from winhttp.spec by scripts/spec2map.sh: do not edit. */"
echo "{"
echo "  global:"
printf '%s\n' "$all" | sed 's/^/    /; s/$/;/'
echo "  local: *;"
echo "};"
