# stackgate: a git hook suite that judges Pulumi TypeScript.
#
#   make                 build build/stackgate
#   make test            unit tests, rule fixtures, end-to-end tests
#   make install         install into $(DESTDIR)$(PREFIX)
#   make DEVELOPER=1     treat warnings as errors
#   make LINK=dynamic    link every library as a shared one (see BIN_LIBS)
#
# The tree-sitter grammars (GRAMMARS) are third-party code: each is
# fetched from the npm registry at a pinned version, checked against the
# registry's published integrity hash, and compiled into build/.
# Nothing of them is committed.
#
# The provider facts (physical names, secret inputs, name limits) come the
# same way from a pinned @pulumi/aws: gen/factsgen.c reads its .d.ts and
# .js files with that grammar and writes build/aws_facts.h (README,
# "Provider facts"). To update: set AWS_VERSION and AWS_INTEGRITY from
# `npm view @pulumi/aws@VERSION dist.integrity`.

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config

# The grammars, one per language of src/lang/lang.c. Per grammar G:
# G_PKG and G_VERSION, the npm package; G_INTEGRITY, the registry's
# integrity hash of that version (`npm view PKG@VERSION dist.integrity`);
# G_SRC, the package folder holding parser.c and scanner.c; G_UNPACK, the
# package folders the build needs (G_SRC and what it includes). Its
# constructor is tree_sitter_G(). Two grammars may share a package.
GRAMMARS = typescript tsx python
typescript_PKG = tree-sitter-typescript
typescript_VERSION = 0.23.2
typescript_INTEGRITY = sha512-e04JUUKxTT53/x3Uq1zIL45DoYKVfHH4CZqwgZhPg5qYROl5nQjV+85ruFzFGZxu+QeFVbRTPDRnqL9UbU4VeA==
typescript_SRC = typescript/src
typescript_UNPACK = typescript/src common
tsx_PKG = $(typescript_PKG)
tsx_VERSION = $(typescript_VERSION)
tsx_INTEGRITY = $(typescript_INTEGRITY)
tsx_SRC = tsx/src
tsx_UNPACK = tsx/src common
python_PKG = tree-sitter-python
python_VERSION = 0.23.6
python_INTEGRITY = sha512-yIM9z0oxKIxT7bAtPOhgoVl6gTXlmlIhue7liFT4oBPF/lha7Ha4dQBS82Av6hMMRZoVnFJI8M6mL+SwWoLD3A==
python_SRC = src
python_UNPACK = src

# build/grammar/PKG-VERSION.tgz is what npm pack writes; it is unpacked
# next to it into build/grammar/PKG-VERSION/.
grammar_pkg = $($(1)_PKG)-$($(1)_VERSION)
grammar_dir = build/grammar/$(call grammar_pkg,$(1))
# the grammars that come from package-version $(1)
grammars_of = $(foreach g,$(GRAMMARS),$(if $(filter $(1),$(call grammar_pkg,$(g))),$(g)))

AWS_VERSION = 7.48.0
AWS_INTEGRITY = sha512-roKXYZ2EyjvapKYacvRQNUeW2UBI8MKwzO2338XwdXtCf75TabY4DVy56zY2HbnEU0H1fbBXct8oAx9ynQeMrA==
AWS_TGZ = build/pulumi-aws/pulumi-aws-$(AWS_VERSION).tgz
AWS_DIR = build/pulumi-aws/package

PKGS = libgit2 tree-sitter inih libpcre2-8 yaml-0.1
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEP_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lgit2 -ltree-sitter -linih -lpcre2-8 -lyaml) -lm -pthread

OPT ?= -O2
CFLAGS ?= $(OPT) -g
WARN = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wshadow -Wstrict-prototypes
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif
ifeq ($(SANITIZE),1)
# gcc 12's sanitizer instrumentation makes -Wformat-truncation see null
# format strings that no caller passes; the warning is off for this build.
CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -Wno-format-truncation
LDFLAGS += -fsanitize=address,undefined
endif
# The hook binary links libgit2 and the libraries beneath it (mbedTLS,
# libssh2 and OpenSSL's libcrypto, http-parser, zlib) and tree-sitter,
# inih, PCRE2 and libyaml from Debian's static archives: loading those ~20
# shared libraries cost 2.8 ms of every run (`perf stat` of an empty
# program linked against them), a fifth of a pre-commit hook. GSSAPI has no
# static archive and stays shared. With any archive missing, or with
# LINK=dynamic or SANITIZE=1, everything is linked as shared libraries.
# --allow-multiple-definition lets src/base/tls_stub.c stand in for mbedTLS's
# CA bundle parser in the static archive, as it interposes the shared one.
STATIC_ARCHIVES = git2 mbedtls mbedx509 mbedcrypto http_parser ssh2 crypto pcre2-8 z tree-sitter inih yaml
LINK ?= static
ifeq ($(SANITIZE),1)
LINK = dynamic
endif
ifeq ($(LINK),static)
MISSING_ARCHIVES := $(strip $(foreach a,$(STATIC_ARCHIVES),$(if $(filter /%,$(shell $(CC) -print-file-name=lib$(a).a)),,$(a))))
ifneq ($(MISSING_ARCHIVES),)
$(info stackgate: no static archive for $(MISSING_ARCHIVES): linking shared libraries)
LINK = dynamic
endif
endif
ifeq ($(LINK),static)
BIN_LIBS = -Wl,--allow-multiple-definition -Wl,-Bstatic $(STATIC_ARCHIVES:%=-l%) -Wl,-Bdynamic \
	   -l:libgssapi_krb5.so.2 -lrt -ldl -lm -pthread
else
BIN_LIBS = $(DEP_LIBS)
endif

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARN) $(CFLAGS) -Isrc -Ibuild $(DEP_CFLAGS)

# One folder per stage (README, "Layout"); object names must be unique
# across folders, since the archive keys its members by file name.
SRCS = $(wildcard src/*.c src/*/*.c src/*/*/*.c)
LIB_SRCS = $(filter-out src/main.c src/base/tls_stub.c,$(SRCS))
LIB_OBJS = $(LIB_SRCS:%.c=build/obj/%.o)
DUP_NAMES := $(strip $(shell printf '%s\n' $(notdir $(LIB_SRCS)) | sort | uniq -d))
ifneq ($(DUP_NAMES),)
$(error two sources share a file name ($(DUP_NAMES)): the library archive would keep one)
endif
# build/obj/grammar/G-parser.o, G-scanner.o: unique names for the archive
GRAMMAR_OBJS = $(foreach g,$(GRAMMARS),build/obj/grammar/$(g)-parser.o build/obj/grammar/$(g)-scanner.o)
GRAMMAR_UNPACKED = $(foreach g,$(GRAMMARS),$(call grammar_dir,$(g))/.unpacked)
UNIT_SRCS = $(wildcard tests/unit/*.c)
# One script per entry of the hook table (src/cmd/hooks.c); the e2e suite
# checks that the two agree.
HOOKS = $(wildcard hooks/*)

all: build/stackgate

build/stackgate: build/obj/src/main.o build/obj/src/base/tls_stub.o build/libstackgate.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BIN_LIBS)

build/libstackgate.a: $(LIB_OBJS) $(GRAMMAR_OBJS)
	rm -f $@
	ar rcs $@ $^

build/obj/%.o: %.c build/default_ini.h $(wildcard src/*.h src/*/*.h src/*/*/*.h src/*/*.def)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The default configuration is embedded so that the binary alone works.
build/default_ini.h: config/stackgate.ini tests/embed.sh
	@mkdir -p build
	sh tests/embed.sh default_ini < $< > $@.tmp && mv $@.tmp $@

# Provider facts: npm pack of the pinned @pulumi/aws, integrity-checked;
# only its .d.ts and .js files and package.json are unpacked.
$(AWS_TGZ):
	@mkdir -p build/pulumi-aws
	cd build/pulumi-aws && npm pack --silent --ignore-scripts @pulumi/aws@$(AWS_VERSION) >/dev/null
	@got="sha512-$$(openssl dgst -sha512 -binary $@ | base64 -w0)"; \
	if [ "$$got" != "$(AWS_INTEGRITY)" ]; then \
		echo "error: integrity mismatch for $@: got $$got" >&2; \
		rm -f $@; exit 1; fi

$(AWS_DIR)/.unpacked: $(AWS_TGZ)
	rm -rf $(AWS_DIR)
	tar -xzf $< -C build/pulumi-aws --wildcards 'package/*.d.ts' 'package/*.js' package/package.json
	touch $@

build/factsgen: gen/factsgen.c build/obj/grammar/typescript-parser.o build/obj/grammar/typescript-scanner.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

build/aws_facts.h: build/factsgen $(AWS_DIR)/.unpacked gen/aws-facts-curated.txt
	build/factsgen $(AWS_DIR) gen/aws-facts-curated.txt > $@.tmp && mv $@.tmp $@

build/obj/src/model/facts.o: build/aws_facts.h

# Grammars: npm pack of the pinned version, integrity-checked, unpacked.
build/grammar/%.tgz:
	@mkdir -p build/grammar
	@g='$(firstword $(call grammars_of,$*))'; [ -n "$$g" ] || \
		{ echo "error: no grammar of GRAMMARS comes from $*" >&2; exit 1; }
	cd build/grammar && npm pack --silent --ignore-scripts \
		$($(firstword $(call grammars_of,$*))_PKG)@$($(firstword $(call grammars_of,$*))_VERSION) >/dev/null
	@got="sha512-$$(openssl dgst -sha512 -binary $@ | base64 -w0)"; \
	if [ "$$got" != "$($(firstword $(call grammars_of,$*))_INTEGRITY)" ]; then \
		echo "error: integrity mismatch for $@: got $$got" >&2; \
		rm -f $@; exit 1; fi

# kept, though make sees them as intermediate files of the chain below
.PRECIOUS: build/grammar/%.tgz build/grammar/%/.unpacked

# the package folders every grammar of this package needs
build/grammar/%/.unpacked: build/grammar/%.tgz
	rm -rf $(dir $@)
	mkdir -p $(dir $@)
	tar -xzf $< -C $(dir $@) --strip-components=1 \
		$(addprefix package/,$(sort $(foreach g,$(call grammars_of,$*),$($(g)_UNPACK))))
	touch $@

# Generated code: compiled without our warnings, -O1 keeps it quick.
# One rule for every grammar's parser.c and scanner.c: the stem is G-part.
GRAMMAR_CFLAGS = -std=c11 -O1 -g0 -w $(filter -fsanitize% -fno-omit%,$(CFLAGS))
grammar_of_obj = $(firstword $(subst -, ,$(1)))
.SECONDEXPANSION:
build/obj/grammar/%.o: $$(call grammar_dir,$$(call grammar_of_obj,$$*))/.unpacked
	@mkdir -p $(dir $@)
	$(CC) $(GRAMMAR_CFLAGS) -I$(call grammar_dir,$(call grammar_of_obj,$*))/$($(call grammar_of_obj,$*)_SRC) \
		-c -o $@ $(call grammar_dir,$(call grammar_of_obj,$*))/$($(call grammar_of_obj,$*)_SRC)/$(lastword $(subst -, ,$*)).c

# What fuzz/build.sh compiles: "SRC-DIR NAME" per grammar object.
grammar-list: $(GRAMMAR_UNPACKED)
	@$(foreach g,$(GRAMMARS),echo "$(call grammar_dir,$(g))/$($(g)_SRC) $(g)";)

build/unit-tests: $(UNIT_SRCS) build/libstackgate.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(UNIT_SRCS) build/libstackgate.a $(DEP_LIBS) -lcmocka

test: build/stackgate build/unit-tests
	sh tests/run.sh

# Speed and memory, as ratios against git's own work (bench/README.md).
bench: build/stackgate
	sh bench/run.sh

# libFuzzer targets (clang): make fuzz FUZZ_SECONDS=60
FUZZ_SECONDS ?= 60
fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

# Every binary run of the end-to-end suite under valgrind.
check-valgrind: build/stackgate
	sh tests/valgrind.sh

install: build/stackgate
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/stackgate/hooks
	install -m 755 build/stackgate $(DESTDIR)$(PREFIX)/bin/stackgate
	install -m 755 $(HOOKS) $(DESTDIR)$(PREFIX)/share/stackgate/hooks/
	install -m 644 config/stackgate.ini $(DESTDIR)$(PREFIX)/share/stackgate/stackgate.ini
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 man/stackgate.1 $(DESTDIR)$(PREFIX)/share/man/man1/stackgate.1

clean:
	rm -rf build/obj build/stackgate build/unit-tests build/libstackgate.a build/default_ini.h \
		build/factsgen build/aws_facts.h

distclean:
	rm -rf build

.PHONY: all test install clean distclean bench fuzz check-valgrind grammar-list
