#!/usr/bin/env bash
# Prepares a machine (Debian 12) and builds the project out of tree.
#
#   scripts/setup.sh            install missing build dependencies, autoreconf, configure and
#                               build in build/
#   scripts/setup.sh --asan     the same, plus build-asan/ (configured with --enable-sanitizers)
#                               and build-tsan/ (configured with --enable-tsan)
#   scripts/setup.sh --no-build only install the dependencies and run autoreconf
#
# Idempotent: apt is skipped when every package is already installed, autoreconf runs only when
# the generated files are missing or older than their sources, and configure only runs in a build
# directory that has not been configured yet (after that, make regenerates what it needs).
# Installing needs root (or password-less sudo). Any failure stops the script with a message.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

want_asan=0
want_build=1
for arg in "$@"; do
    case "$arg" in
    --asan) want_asan=1 ;;
    --no-build) want_build=0 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
    esac
done

die() { echo "setup.sh: error: $*" >&2; exit 1; }
step() { echo "==> $*"; }

# ------------------------------------------------------------------------- Debian packages
# Everything the build and the tests need, by Debian package name.
packages=(
    build-essential g++ autoconf automake libtool pkg-config
    libgnutls28-dev gnutls-bin zlib1g-dev libxml2-dev libcmocka-dev curl
    tinyproxy-bin nginx-light openssl
    gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64
)
# >>> Packages that later issues need: add them here when their code lands.
packages+=(
    wine64 wine64-tools
)
# <<<

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    command -v apt-get >/dev/null || die "apt-get not found: this script expects Debian 12; install ${missing[*]} by hand"
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        as_root=(sudo -n)
    else
        die "missing packages (${missing[*]}) and not root: run as root or install them first"
    fi
    "${as_root[@]}" apt-get update || die "apt-get update failed"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${missing[@]}" </dev/null || die "apt-get install failed"
    for p in "${missing[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            die "package $p is still not installed"
    done
else
    step "Debian packages: all ${#packages[@]} installed"
fi

# ------------------------------------------------------------------------- autotools
# An in-tree configure makes out-of-tree builds impossible (automake refuses them).
if [ -f "$root/config.status" ]; then
    die "the source tree was configured in place ($root/config.status exists): run 'make distclean' there first, then rerun this script"
fi

newer() { # newer TARGET SOURCE...: true when TARGET is missing or older than a SOURCE
    local t=$1; shift
    [ -e "$t" ] || return 0
    for s in "$@"; do [ "$s" -nt "$t" ] && return 0; done
    return 1
}
if newer configure configure.ac || newer Makefile.in Makefile.am configure.ac || [ ! -e build-aux/ltmain.sh ]; then
    step "autoreconf -fi"
    mkdir -p m4 build-aux
    autoreconf -fi || die "autoreconf failed"
else
    step "autoreconf: configure and Makefile.in are up to date"
fi

[ "$want_build" = 1 ] || exit 0

jobs=$(nproc 2>/dev/null || echo 2)

build_in() { # build_in DIR CONFIGURE-ARGS...
    local dir=$1; shift
    mkdir -p "$root/$dir"
    if [ ! -f "$root/$dir/config.status" ] || [ ! -f "$root/$dir/Makefile" ]; then
        step "configuring $dir/ ${*:-}"
        (cd "$root/$dir" && ../configure -q "$@") || die "configure failed in $dir/ (see $dir/config.log)"
    fi
    step "building $dir/"
    make -C "$root/$dir" -j"$jobs" || die "build failed in $dir/"
}

build_in build
if [ "$want_asan" = 1 ]; then
    build_in build-asan --enable-sanitizers
    build_in build-tsan --enable-tsan
fi
step "setup done"
