#!/bin/sh
# Redraws res/omamori.ico (a green shield with 守, "protect") with ImageMagick.
# The .ico is committed; run this only to change the drawing.
set -eu
font=/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf
tmp=$(mktemp -d)
for size in 16 24 32 48 64; do
    convert -size 256x256 xc:none -fill '#1f6f5c' \
        -draw "polygon 128,12 232,48 224,150 128,244 32,150 24,48" \
        -fill white -font "$font" -pointsize 140 -gravity center -annotate +0-6 '守' \
        -resize "${size}x${size}" "$tmp/icon-$size.png"
done
convert "$tmp"/icon-16.png "$tmp"/icon-24.png "$tmp"/icon-32.png "$tmp"/icon-48.png \
    "$tmp"/icon-64.png "$(dirname "$0")/omamori.ico"
rm -rf "$tmp"
