#!/bin/sh
# embed.sh FILE NAME - writes, on standard output, a C source that holds FILE's bytes
# as `const char NAME[]` (with a NUL after them) and their count as NAME_length.
#
# The build uses it to put config/omamori.yaml into the programs as their defaults
# (src/core/default_config.h declares the two). Only POSIX od and awk: xxd is not
# on every machine. Every byte is written as a three-digit octal escape, so no byte
# needs quoting and no escape can swallow the digit after it.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: embed.sh FILE NAME" >&2
    exit 2
fi
file=$1
name=$2
[ -r "$file" ] || { echo "embed.sh: cannot read $file" >&2; exit 1; }

echo "/* Generated from $file by src/tools/embed.sh: edit that file, not this one. */"
echo '#include "default_config.h"'
echo
echo "const char ${name}[] ="
echo '    ""'
od -An -v -to1 "$file" | awk '{
    line = "    \""
    for (i = 1; i <= NF; i++)
        line = line "\\" $i
    print line "\""
}'
echo '    ;'
echo "const size_t ${name}_length = sizeof ${name} - 1;"
