#!/bin/sh
# fuzz/build.sh: build the libFuzzer targets into build/fuzz/.
#
# Called by fuzz/run.sh (which `make fuzz` runs) from anywhere; works from
# the repository root. Needs clang (Debian clang-14 with libclang-rt-14-dev),
# the grammar that `make` fetches, and the libraries the product links.
#
# The product's sources (src/**/*.c except src/main.c) and the grammar are
# compiled by clang with coverage instrumentation plus ASan and UBSan
# (-fsanitize=fuzzer-no-link,address,undefined; UBSan does not recover, so
# undefined behaviour is a crash). Only the targets are linked with
# -fsanitize=fuzzer, which brings libFuzzer's main. An object is rebuilt
# when its source or any header is newer.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

CLANG=${CLANG:-clang}
out=build/fuzz
obj=$out/obj
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# FUZZ_NO_SANITIZE=check[,check]: switch UBSan checks off, to fuzz past a
# known, reported finding that every input hits (never for regressions).
[ -n "${FUZZ_NO_SANITIZE:-}" ] && SAN="$SAN -fno-sanitize=$FUZZ_NO_SANITIZE"
CFLAGS_FUZZ="-g -O1 -fsanitize=fuzzer-no-link $SAN"
# the libraries the product links, as its Makefile names them
PKGS=$(sed -n 's/^PKGS *= *//p' Makefile)
[ -n "$PKGS" ] || PKGS="libgit2 tree-sitter inih libpcre2-8"
# shellcheck disable=SC2086 # a word list
DEP_CFLAGS=$(pkg-config --cflags $PKGS 2>/dev/null || true)
# shellcheck disable=SC2086
LIBS="$(pkg-config --libs $PKGS 2>/dev/null || echo -lgit2 -ltree-sitter -linih -lpcre2-8) -lm"

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "fuzz: clang not found (set CLANG)" >&2
	exit 2
fi
# the embedded defaults and the grammars (its GRAMMARS table: "SRC-DIR
# NAME" per grammar, fetched and unpacked) come from the product's Makefile
make -s build/default_ini.h
grammars=$(make -s grammar-list) || { echo "fuzz: cannot fetch the grammars" >&2; exit 1; }
mkdir -p "$obj"

# a changed header or changed flags rebuild everything
stamp=$obj/.headers
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$SAN" ] ||
   find src build/default_ini.h -name '*.h' -newer "$stamp" | grep -q .; then
	rm -f "$obj"/*.o "$out"/fuzz_ini "$out"/fuzz_hookin "$out"/fuzz_analyze "$out"/fuzz_diff
fi
echo "$SAN" >"$stamp"

# One line per object: "SRC OBJ INCLUDE-DIR OPT"; compiled two at a time
# (the machine has two cores), each only when OBJ is missing or older.
list=$obj/.list
: >"$list"
for src in src/*.c src/*/*.c src/*/*/*.c; do
	[ "$src" = src/main.c ] && continue
	echo "$src $obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/') src -O1" >>"$list"
done
echo "$grammars" | while read -r dir lang; do
	for part in parser scanner; do
		echo "$dir/$part.c $obj/grammar_${lang}_$part.o $dir -O1"
	done
done >>"$list"
export CLANG CFLAGS_FUZZ DEP_CFLAGS
# shellcheck disable=SC2016 # expanded by the inner shell
xargs -P 2 -L 1 sh -c '
	src=$0 o=$1 inc=$2 opt=$3
	if [ ! -f "$o" ] || [ -n "$(find "$src" -prune -newer "$o")" ]; then
		echo "  CC $src" >&2
		# shellcheck disable=SC2086
		"$CLANG" -std=c11 -D_GNU_SOURCE -w $CFLAGS_FUZZ $opt -I"$inc" -Ibuild $DEP_CFLAGS \
			-c -o "$o.tmp" "$src" && mv "$o.tmp" "$o"
	fi' <"$list" || { echo "fuzz: build failed" >&2; exit 1; }
objs=$(awk '{print $2}' "$list" | tr '\n' ' ')

for t in ini hookin analyze diff; do
	bin=$out/fuzz_$t
	need=0
	[ -f "$bin" ] || need=1
	for o in $objs fuzz/fuzz_$t.c Makefile; do
		[ -n "$(find "$o" -prune -newer "$bin")" ] && need=1
	done
	if [ "$need" = 1 ]; then
		echo "  LINK $bin" >&2
		# shellcheck disable=SC2086 # word lists on purpose
		"$CLANG" -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer $SAN -Isrc -Ibuild $DEP_CFLAGS \
			-o "$bin" "fuzz/fuzz_$t.c" $objs $LIBS
	fi
done
