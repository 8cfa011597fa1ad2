#!/bin/sh
# build-msi.sh - builds omamori's MSI with wixl, then sets in its tables what wixl cannot
# express (see the notes at the top of installer/omamori.wxs).
#
# Usage: build-msi.sh OUTPUT.msi [VERSION]
#   VERSION defaults to OMAMORI_VERSION_TEXT in res/resource.h, the one place the version
#   lives; the Wine tests pass a higher one to build an upgrade. The inputs are
#   build/win/omamori.exe (EXE=... to change it), config/omamori.yaml and res/omamori.ico.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
version=${2:-$(sed -n 's/^#define OMAMORI_VERSION_TEXT "\(.*\)"$/\1/p' "$top/res/resource.h")}
exe=${EXE:-build/win/omamori.exe}

case $version in
    [0-9]*.[0-9]*.[0-9]*) ;;
    *) echo "build-msi: bad version '$version' (want MAJOR.MINOR.PATCH)" >&2; exit 1 ;;
esac
case $out in /*) ;; *) out="$(pwd)/$out" ;; esac

# wixl finds Source= files only relative to the current folder: build from the top.
cd "$top"
tmp="$out.tmp"
rm -f "$tmp"
wixl -a x64 -D Version="$version" -D Exe="$exe" -D Config=config/omamori.yaml \
    -D Icon=res/omamori.ico -o "$tmp" installer/omamori.wxs

# 1. The Run value only with AUTOSTART=1: a component condition (wixl rejects <Condition>
#    inside <Component>).
# 2. The public properties are "secure", so that Windows Installer passes them from the
#    client to the elevated install (UAC) too; wixl lists only its own upgrade properties.
# 3. The old version is removed before the new one is installed (RemoveExistingProducts
#    right after InstallValidate, as WiX's MajorUpgrade does by default). wixl puts it
#    after InstallFinalize and has no Schedule attribute; there, under Wine, an upgrade
#    with AUTOSTART=0 kept the old Run value (the new product took over the component).
secure=$(msiinfo export "$tmp" Property | awk -F '\t' '$1 == "SecureCustomProperties" { print $2 }')
secure="${secure:+$secure;}AUTOSTART;LANGUAGE;ALLOWEXIT;AUTOEND_SECONDS;POLLMS;REMOVEHISTORY"
msibuild "$tmp" -q "UPDATE \`Component\` SET \`Condition\` = 'AUTOSTART = \"1\"' WHERE \`Component\` = 'RunAtLogon'"
msibuild "$tmp" -q "UPDATE \`Property\` SET \`Value\` = '$secure' WHERE \`Property\` = 'SecureCustomProperties'"
msibuild "$tmp" -q "UPDATE \`InstallExecuteSequence\` SET \`Sequence\` = 1401 WHERE \`Action\` = 'RemoveExistingProducts'"

# Check that both took (msibuild reports no error for an UPDATE that matched nothing).
msiinfo export "$tmp" Component | grep -q "^RunAtLogon	.*	AUTOSTART = \"1\"	" ||
    { echo "build-msi: the RunAtLogon condition was not set" >&2; exit 1; }
msiinfo export "$tmp" Property | grep -q "^SecureCustomProperties	.*POLLMS" ||
    { echo "build-msi: SecureCustomProperties was not set" >&2; exit 1; }
msiinfo export "$tmp" InstallExecuteSequence | grep -q "^RemoveExistingProducts		1401" ||
    { echo "build-msi: RemoveExistingProducts was not moved" >&2; exit 1; }
mv "$tmp" "$out"
echo "build-msi: $out (omamori $version, x64)"
