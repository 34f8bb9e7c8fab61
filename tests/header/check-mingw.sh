#!/bin/sh
# check-mingw.sh - prove that include/winhttp.h matches mingw-w64's winhttp.h.
#
#  1. Our header must compile cleanly (-Wall -Wextra -Werror -pedantic) as
#     C11 and C++20, natively and with the mingw-w64 cross compilers.
#  2. Every integer constant (#define and enumerator), every typedef size and
#     alignment, and the offset and size of every structure field of our
#     headers is computed by a native program.  The results become static
#     assertions that are compiled
#       - by mingw g++ against mingw's own <windows.h> + <winhttp.h>, for every
#         name mingw also defines (except those in mingw-known-diffs.txt);
#       - by mingw g++ against our header (our Windows code path);
#       - natively as C11 (the C view of the same header).
#     Our native types use Windows' LLP64 sizes, so x86_64 native values must
#     equal mingw x86_64 values.
#  3. Every function prototype that mingw's winhttp.h also declares is
#     redeclared from our header after mingw's: C rejects any type mismatch.
#
# Environment: srcdir (source tree, default: two levels above this script;
# builddir is not needed: scratch files go to a mktemp directory),
# CC, CXX (native compilers, default gcc/g++), MINGW_CC, MINGW_CXX (default
# x86_64-w64-mingw32-gcc/-g++), VERBOSE=1 to list names mingw lacks,
# KEEP_TMP=1 to keep the generated files.
# Prints "N passed, N failed"; exits 0 on success, 1 on failure, 77 (skip)
# when the mingw-w64 compilers are not installed.

set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${srcdir:-$here/../..}
srcdir=$(cd "$srcdir" && pwd)
inc=$srcdir/include
testdir=$srcdir/tests/header
CC=${CC:-gcc}
CXX=${CXX:-g++}
MINGW_CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
MINGW_CXX=${MINGW_CXX:-x86_64-w64-mingw32-g++}
VERBOSE=${VERBOSE:-0}

first_word() { set -- $1; echo "$1"; }
for c in "$MINGW_CC" "$MINGW_CXX"; do
    if ! command -v "$(first_word "$c")" >/dev/null 2>&1; then
        echo "SKIP: $(first_word "$c") not found (install gcc-mingw-w64-x86-64 and g++-mingw-w64-x86-64)"
        exit 77
    fi
done
for c in "$CC" "$CXX"; do
    command -v "$(first_word "$c")" >/dev/null 2>&1 || { echo "ERROR: native compiler $c not found"; exit 99; }
done
[ -f "$inc/winhttp.h" ] && [ -f "$inc/winhttp_types.h" ] || { echo "ERROR: $inc/winhttp.h not found (set srcdir)"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-mingw.XXXXXX") || exit 99
if [ "${KEEP_TMP:-0}" = 1 ]; then
    echo "generated files kept in $tmp"
else
    trap 'rm -rf "$tmp"' EXIT
    trap 'rm -rf "$tmp"; exit 1' HUP INT TERM PIPE
fi

pass=0
fail=0
ok()  { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
showlog() { sed 's/^/    /' "$1" | head -n 60; }
# Independent compiler runs go to the background; results are collected later.
bg() { # bg ID COMMAND...: run COMMAND, output to $tmp/ID.log, status to $tmp/ID.rc
    id=$1; shift
    ( "$@" > "$tmp/$id.log" 2>&1; echo $? > "$tmp/$id.rc" ) &
}
bgok() { [ "$(cat "$tmp/$1.rc" 2>/dev/null)" = 0 ]; }

WFLAGS="-Wall -Wextra -Werror -pedantic"

# ---------------------------------------------------------------- 1. compiles
cat > "$tmp/use.c" <<'EOF'
/* Uses a little of everything so that the declarations get type-checked. */
#if defined(_WIN32) && defined(WITH_WINSOCK)
#include <winsock2.h>
#include <windows.h>
#include <schannel.h>
#endif
#include <winhttp.h>
#include <winhttp.h>            /* include guard */

static void CALLBACK cb(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h; (void)ctx; (void)status; (void)info; (void)len;
}

int main(void)
{
    HINTERNET (WINAPI *p_open)(LPCWSTR, DWORD, LPCWSTR, LPCWSTR, DWORD) = WinHttpOpen;
    BOOL (WINAPI *p_query)(HINTERNET, DWORD, LPCWSTR, LPVOID, LPDWORD, LPDWORD) = WinHttpQueryHeaders;
    DWORD (WINAPI *p_ws)(HINTERNET, WINHTTP_WEB_SOCKET_BUFFER_TYPE, PVOID, DWORD) = WinHttpWebSocketSend;
    WINHTTP_STATUS_CALLBACK c = cb;
    URL_COMPONENTS uc;
    WINHTTP_EXTENDED_HEADER eh;
    WINHTTP_REQUEST_TIMES times;
#if !defined(_WIN32)
    LPCWSTR agent = u"agent";   /* WCHAR is char16_t natively */
    WINHTTP_CONNECTION_INFO ci;
    WINHTTP_SECURITY_INFO si;
    ci.cbSize = (DWORD)sizeof ci;
    si.CipherInfo.dwVersion = 1;
    (void)agent; (void)si;
#endif
    eh.pwszName = NULL;
    eh.pszValue = NULL;
    times.cTimes = WinHttpRequestTimeMax;
    uc.dwStructSize = (DWORD)sizeof uc;
    uc.nScheme = INTERNET_SCHEME_HTTPS;
    uc.nPort = INTERNET_DEFAULT_HTTPS_PORT;
    (void)p_open; (void)p_query; (void)p_ws; (void)eh; (void)times;
    return c == WINHTTP_INVALID_STATUS_CALLBACK ? 1 : (int)(ERROR_WINHTTP_TIMEOUT - 12002);
}
EOF

cat > "$tmp/compiles.txt" <<'EOF'
cc-native|native C11 compile (-Wall -Wextra -Werror -pedantic)
cxx-native|native C++20 compile (-Wall -Wextra -Werror -pedantic)
cc-mingw|mingw C11 compile
cxx-mingw|mingw C++20 compile
cc-mingw-ws|mingw C11 compile with winsock2.h + schannel.h
cxx-mingw-ws|mingw C++20 compile with winsock2.h + schannel.h
EOF
bg cc-native    $CC -std=c11 $WFLAGS -I"$inc" -c "$tmp/use.c" -o "$tmp/use-c.o"
bg cxx-native   $CXX -std=c++20 $WFLAGS -I"$inc" -x c++ -c "$tmp/use.c" -o "$tmp/use-cxx.o"
bg cc-mingw     $MINGW_CC -std=c11 $WFLAGS -I"$inc" -c "$tmp/use.c" -o "$tmp/use-mc.o"
bg cxx-mingw    $MINGW_CXX -std=c++20 $WFLAGS -I"$inc" -x c++ -c "$tmp/use.c" -o "$tmp/use-mcxx.o"
bg cc-mingw-ws  $MINGW_CC -std=c11 $WFLAGS -DWITH_WINSOCK -I"$inc" -c "$tmp/use.c" -o "$tmp/use-mc2.o"
bg cxx-mingw-ws $MINGW_CXX -std=c++20 $WFLAGS -DWITH_WINSOCK -I"$inc" -x c++ -c "$tmp/use.c" -o "$tmp/use-mcxx2.o"

# Meanwhile: the names mingw knows (its macros, and every identifier of its
# preprocessed headers).
printf '#include <winsock2.h>\n#include <windows.h>\n#include <schannel.h>\n#include <winhttp.h>\n' > "$tmp/mingw.c"
bg mingw-dm $MINGW_CC -E -dM "$tmp/mingw.c" -o "$tmp/mingw-macros.i"
bg mingw-e  $MINGW_CC -E -P "$tmp/mingw.c" -o "$tmp/mingw.i"
# and our header as the Windows compiler sees it, for its function prototypes
echo '#include <winhttp.h>' > "$tmp/parse.c"
bg ours-mingw-e $MINGW_CC -DWINHTTP_BUILDING_DLL -E -I"$inc" "$tmp/parse.c" -o "$tmp/ours-mingw.i"

# ---------------------------------------------------------------- 2. inventory
# 2a. object-like macros of our headers, classified by their native expansion
sed -n 's/^[[:space:]]*#[[:space:]]*define[[:space:]][[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\)\([[:space:]].*\)\{0,1\}$/\1/p' \
    "$inc/winhttp.h" "$inc/winhttp_types.h" | sort -u > "$tmp/macros.txt"
{
    echo '#include <winhttp.h>'
    echo '@@ NAME__NULL__ @@ NULL'
    while read -r m; do echo "@@ NAME__$m @@ $m"; done < "$tmp/macros.txt"   # NAME__x: not expanded
} > "$tmp/expand.c"
if ! $CC -std=c11 -E -P -I"$inc" "$tmp/expand.c" > "$tmp/expand.i" 2> "$tmp/expand.log"; then
    bad "preprocess our header"; showlog "$tmp/expand.log"
fi
# int: only integer literals and operators; null: same expansion as NULL
awk '
    $1 == "@@" && $3 == "@@" {
        name = substr($2, 7); e = $0; sub(/^@@ [^ ]* @@ */, "", e); gsub(/[ \t]+/, " ", e); sub(/ $/, "", e)
        if (name == "NULL__") { nullexp = e; next }
        ex[name] = e; order[++n] = name
    }
    END {
        for (i = 1; i <= n; i++) {
            name = order[i]; e = ex[name]; r = e
            gsub(/[0-9][0-9A-Za-z]*/, "", r)
            if (e != "" && e != name && r ~ /^[-+*\/%|&^~<>() ]*$/) print "int", name
            else if (e == nullexp) print "null", name
        }
    }' "$tmp/expand.i" > "$tmp/macro-kinds.txt"

# 2b. typedefs, fields and enumerators
$CC -std=c11 -E -I"$inc" "$tmp/parse.c" 2>> "$tmp/expand.log" | awk -f "$testdir/parse-header.awk" > "$tmp/decls.txt"

nint=$(grep -c '^int ' "$tmp/macro-kinds.txt")
nnull=$(grep -c '^null ' "$tmp/macro-kinds.txt")
ntype=$(grep -c '^T ' "$tmp/decls.txt")
nfield=$(grep -c '^F ' "$tmp/decls.txt")
nenum=$(grep -c '^E ' "$tmp/decls.txt")
# every struct/union must have yielded fields (guards against parser bugs)
missing=$(awk '$1 == "T" && ($3 == "struct" || $3 == "union") { s[$2] = 1 }
               $1 == "F" { f[$2] = 1 }
               END { for (n in s) if (!(n in f)) printf "%s ", n }' "$tmp/decls.txt")
nstruct=$(awk '$1 == "T" && ($3 == "struct" || $3 == "union")' "$tmp/decls.txt" | wc -l)
if [ "$nint" -gt 300 ] && [ "$nstruct" -gt 30 ] && [ "$nenum" -gt 50 ] && [ -z "$missing" ]; then
    ok "inventory: $nint integer macros, $nnull NULL macros, $nenum enumerators, $ntype typedefs ($nstruct structs/unions, $nfield fields)"
else
    bad "inventory looks wrong: $nint ints, $nstruct structs, $nenum enumerators; structs without fields: ${missing:-none}"
    showlog "$tmp/expand.log"
fi

# ---------------------------------------------------------------- 3. native values
{
    cat <<'EOF'
#include <winhttp.h>
#include <cstddef>
#include <cstdio>
template <class T> static void di(const char *n, T v)
{
    if ((0 * v - 1) < 0) std::printf("I %s %zu 1 %lld\n", n, sizeof(T), (long long)v);
    else                 std::printf("I %s %zu 0 %llu\n", n, sizeof(T), (unsigned long long)v);
}
#define DI(x) di(#x, (x));
#define DE(x) std::printf("E %s %lld\n", #x, (long long)(x));
#define DT(t) std::printf("T %s %zu %zu\n", #t, sizeof(t), alignof(t));
#define DF(t, f) std::printf("F %s %s %zu %zu\n", #t, #f, offsetof(t, f), sizeof(((t *)0)->f));
#define DN(x) std::printf("N %s %d\n", #x, (x) == nullptr);
int main()
{
EOF
    awk '$1 == "int" { print "DI(" $2 ")" } $1 == "null" { print "DN(" $2 ")" }' "$tmp/macro-kinds.txt"
    awk '$1 == "E" { print "DE(" $2 ")" } $1 == "T" { print "DT(" $2 ")" } $1 == "F" { print "DF(" $2 ", " $3 ")" }' "$tmp/decls.txt"
    echo 'return 0;'
    echo '}'
} > "$tmp/dump.cc"
if $CXX -std=c++20 -w -I"$inc" "$tmp/dump.cc" -o "$tmp/dump" > "$tmp/dump.log" 2>&1 &&
   "$tmp/dump" > "$tmp/values.txt"; then
    ok "native dump of $(wc -l < "$tmp/values.txt") values"
else
    bad "native dump program"; showlog "$tmp/dump.log"
    echo "$pass passed, $fail failed"
    exit 1
fi

# ---------------------------------------------------------------- 4. assertions
# Compile results and names known to mingw.
wait
while IFS='|' read -r id desc; do
    if bgok "$id"; then ok "$desc"; else bad "$desc"; showlog "$tmp/$id.log"; fi
done < "$tmp/compiles.txt"
if bgok mingw-dm && bgok mingw-e; then
    { awk '$1 == "#define" { n = $2; sub(/\(.*/, "", n); print n }' "$tmp/mingw-macros.i"
      tr -c 'A-Za-z0-9_' '\n' < "$tmp/mingw.i"; } | grep . | sort -u > "$tmp/mingw-names.txt"
else
    bad "preprocess mingw's winhttp.h"; showlog "$tmp/mingw-dm.log"; showlog "$tmp/mingw-e.log"
    : > "$tmp/mingw-names.txt"
fi
# Our prototypes (as seen by mingw) for the functions mingw declares too:
# redeclaring them after mingw's winhttp.h is an error in C unless the types agree.
if bgok ours-mingw-e; then
    awk -f "$testdir/parse-header.awk" "$tmp/ours-mingw.i" |
        awk -v names="$tmp/mingw-names.txt" '
            BEGIN { while ((getline l < names) > 0) have[l] = 1 }
            $1 == "P" && ($2 in have) { $1 = ""; $2 = ""; sub(/^ +/, ""); print }' > "$tmp/protos.txt"
    nproto=$(wc -l < "$tmp/protos.txt")
    if [ "$nproto" -lt 40 ]; then bad "only $nproto prototypes shared with mingw were found"; fi
else
    bad "preprocess our header with mingw"; showlog "$tmp/ours-mingw-e.log"
    : > "$tmp/protos.txt"
fi
grep -v '^[[:space:]]*#' "$testdir/mingw-known-diffs.txt" | awk 'NF' > "$tmp/known-reasons.txt"
awk '{ print $1 }' "$tmp/known-reasons.txt" > "$tmp/known.txt"

# One self-contained assertion per line (so that compiler errors point at it),
# prefixed by the name it is about and a tab.
awk '
    $1 == "I" { printf "%s\tCK_SA((%s) == (%s%s) && sizeof(%s) == %s && CK_SIGNED(%s) == %s, \"%s\");\n", $2, $2, $5, ($4 == 1 ? "LL" : "ULL"), $2, $3, $2, $4, $2 }
    $1 == "E" { printf "%s\tCK_SA((long long)(%s) == %sLL, \"%s\");\n", $2, $2, $3, $2 }
    $1 == "N" { printf "%s\tCK_SA((%s) == nullptr, \"%s\");\n", $2, $2, $2 }
    $1 == "T" { printf "%s\tCK_SA(sizeof(%s) == %s && CK_ALIGNOF(%s) == %s, \"%s\");\n", $2, $2, $3, $2, $4, $2 }
    $1 == "F" { printf "%s\tCK_SA(offsetof(%s, %s) == %s && sizeof(((%s *)0)->%s) == %s, \"%s.%s\");\n", $2, $2, $3, $4, $2, $3, $5, $2, $3 }
' "$tmp/values.txt" > "$tmp/checks-all.tsv"
tab=$(printf '\t')

# Subset for the comparison with mingw: names mingw has, minus known differences.
awk -F "$tab" -v names="$tmp/mingw-names.txt" -v known="$tmp/known.txt" -v absent="$tmp/absent.txt" -v skipped="$tmp/skipped.txt" '
    BEGIN {
        while ((getline l < names) > 0) have[l] = 1
        while ((getline l < known) > 0) diff[l] = 1
    }
    $1 in diff    { if (!seen[$1]++) print $1 > skipped; next }
    !($1 in have) { if (!seen[$1]++) print $1 > absent; next }
    { print $2 }' "$tmp/checks-all.tsv" > "$tmp/checks-mingw.txt"
touch "$tmp/absent.txt" "$tmp/skipped.txt"
cut -f 2 "$tmp/checks-all.tsv" > "$tmp/checks-all.txt"
grep -v 'nullptr' "$tmp/checks-all.txt" > "$tmp/checks-c.txt"    # C has no nullptr

prologue() { # prologue INCLUDE-LINES...
    for l in "$@"; do echo "$l"; done
    cat <<'EOF'
#include <stddef.h>
#ifdef __cplusplus
# define CK_SA static_assert
# define CK_ALIGNOF alignof
#else
# define CK_SA _Static_assert
# define CK_ALIGNOF _Alignof
#endif
#define CK_SIGNED(x) ((0 * (x) - 1) < 0)
/* ---- checks start on the next line ---- */
EOF
}

start_checks() { # start_checks ID FILE CHECKS-FILE COMPILER ARGS...: compile in the background
    id=$1; file=$2; list=$3; shift 3
    wc -l < "$file" | tr -d ' ' > "$tmp/$id.first"     # prologue length
    cat "$list" >> "$file"
    cp "$list" "$tmp/$id.list"
    bg "$id" "$@" -c "$file" -o "$file.o"
}

report_checks() { # report_checks ID FILE LABEL
    id=$1; file=$2; label=$3
    total=$(wc -l < "$tmp/$id.list")
    if bgok "$id"; then
        pass=$((pass + total)); echo "PASS: $label: $total checks"
        return
    fi
    first=$(($(cat "$tmp/$id.first") + 1))
    base=$(basename "$file")
    sed -n "s|^.*$base:\([0-9][0-9]*\):[0-9]*: error:.*|\1|p" "$tmp/$id.log" | sort -un > "$tmp/$id.bad"
    nbad=0
    while read -r ln; do
        if [ "$ln" -ge "$first" ]; then
            nbad=$((nbad + 1))
            echo "FAIL: $label: $(sed -n "${ln}p" "$file")"
            grep "$base:$ln:[0-9]*: error:" "$tmp/$id.log" | sed 's/^.*error: /    error: /' | head -n 2
        fi
    done < "$tmp/$id.bad"
    if [ "$nbad" -eq 0 ]; then
        bad "$label: does not compile"; showlog "$tmp/$id.log"
        return
    fi
    fail=$((fail + nbad)); pass=$((pass + total - nbad))
    echo "FAIL: $label: $nbad of $total checks failed"
}

win_includes='#include <winsock2.h>
#include <windows.h>
#include <schannel.h>'

prologue "$win_includes" '#include <winhttp.h>' > "$tmp/cmp-mingw.cc"
start_checks cmp-mingw "$tmp/cmp-mingw.cc" "$tmp/checks-mingw.txt" $MINGW_CXX -std=c++20
prologue "$win_includes" '#include <winhttp.h>' > "$tmp/cmp-ours-win.cc"
start_checks cmp-ours-win "$tmp/cmp-ours-win.cc" "$tmp/checks-all.txt" $MINGW_CXX -std=c++20 -I"$inc"
prologue '#include <winhttp.h>' > "$tmp/cmp-native.c"
start_checks cmp-native "$tmp/cmp-native.c" "$tmp/checks-c.txt" $CC -std=c11 -I"$inc"
{ echo "$win_includes"; echo '#include <winhttp.h>'; echo '/* ---- our prototypes follow ---- */'; } > "$tmp/cmp-protos.c"
start_checks cmp-protos "$tmp/cmp-protos.c" "$tmp/protos.txt" $MINGW_CC -std=c11
wait
report_checks cmp-mingw "$tmp/cmp-mingw.cc" "equal to mingw-w64 winhttp.h"
report_checks cmp-ours-win "$tmp/cmp-ours-win.cc" "our header under mingw equals native"
report_checks cmp-native "$tmp/cmp-native.c" "our header as native C11 equals native C++"
report_checks cmp-protos "$tmp/cmp-protos.c" "function prototypes identical to mingw's"

# ---------------------------------------------------------------- report
nskip=$(wc -l < "$tmp/skipped.txt")
nabsent=$(wc -l < "$tmp/absent.txt")
echo "compared with mingw: $(wc -l < "$tmp/checks-mingw.txt") checks; names mingw lacks: $nabsent (VERBOSE=1 lists them); known differences: $nskip"
while read -r n; do
    awk -v n="$n" '$1 == n { $1 = ""; sub(/^ +/, ""); print "    known difference, not compared with mingw: " n " -- " $0 }' "$tmp/known-reasons.txt"
done < "$tmp/skipped.txt"
if [ "$VERBOSE" = 1 ] && [ "$nabsent" -gt 0 ]; then
    sed 's/^/    not in mingw: /' "$tmp/absent.txt"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
