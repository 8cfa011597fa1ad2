#!/bin/sh
# Installs what omamori's build and tests need, from Debian's own archive only, and
# cross-builds libyaml for MinGW from Debian's source package into build/.
# Idempotent: when everything is in place it only checks and returns in about a second.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build"

packages="gcc make pkg-config
  gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 mingw-w64-x86-64-dev
  libz-mingw-w64-dev libyaml-dev zlib1g-dev libcmocka-dev
  wine64 wine xvfb xauth xdotool x11-utils imagemagick
  pulseaudio pulseaudio-utils wixl msitools libxml2-utils fonts-ipafont-gothic procps jq
  clang valgrind python3"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=""
for p in $packages; do
    # dpkg-query prints "install ok installed" only for a fully installed package.
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing="$missing $p"
done

updated=no
if [ -n "$missing" ]; then
    echo "setup: installing:$missing"
    as_root apt-get update -qq
    updated=yes
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# libyaml for MinGW: Debian packages no Windows build, so build it from the source package.
yaml_lib="$build/mingw/lib/libyaml.a"
if [ ! -f "$yaml_lib" ]; then
    src_list=/etc/apt/sources.list.d/omamori-deb-src.sources
    if [ ! -f "$src_list" ]; then
        codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
        printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            "$codename" | as_root tee "$src_list" >/dev/null
        updated=no
    fi
    [ "$updated" = yes ] || as_root apt-get update -qq
    dl="$build/mingw/src"
    mkdir -p "$dl" "$build/mingw/lib" "$build/mingw/include" "$build/mingw/obj"
    # The download runs as root into a folder _apt cannot write; say so instead of warning.
    (cd "$dl" && apt-get -o APT::Sandbox::User=root source --download-only libyaml >/dev/null)
    orig=$(ls "$dl"/libyaml_*.orig.tar.gz | head -n 1)
    tar -xzf "$orig" -C "$dl"
    ysrc=$(ls -d "$dl"/libyaml-*/ | head -n 1)
    ver=$(basename "$ysrc" | sed 's/^libyaml-//')
    major=${ver%%.*}; rest=${ver#*.}; minor=${rest%%.*}; patch=${rest#*.}
    for c in "$ysrc"src/*.c; do
        x86_64-w64-mingw32-gcc -O2 -std=gnu99 -I"$ysrc"include -DYAML_DECLARE_STATIC \
            -DYAML_VERSION_MAJOR="$major" -DYAML_VERSION_MINOR="$minor" \
            -DYAML_VERSION_PATCH="$patch" -DYAML_VERSION_STRING="\"$ver\"" \
            -c "$c" -o "$build/mingw/obj/$(basename "$c" .c).o"
    done
    x86_64-w64-mingw32-ar rcs "$yaml_lib.tmp" "$build"/mingw/obj/*.o
    mv "$yaml_lib.tmp" "$yaml_lib"
    cp "$ysrc"include/yaml.h "$build/mingw/include/"
    echo "setup: built $yaml_lib (libyaml $ver)"
fi
echo "setup: ready"
