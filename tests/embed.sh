#!/bin/sh
# embed.sh NAME < FILE > FILE.h: turn a text file into a C string constant
# named NAME, so that the default configuration travels inside the binary.
name=$1
printf 'static const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/'
printf ';\n'
