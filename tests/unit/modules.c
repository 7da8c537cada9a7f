/* Unit tests for module resolution (source/modules.h): relative specifiers to tree paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "source/change.h"
#include "source/modules.h"

int modules_tests(void);

/* A tree of these paths. */
static const char *const tree[] = {
	"bin/tap.ts",
	"lib/tap-stack.ts",
	"lib/config.tsx",
	"lib/util.js",
	"lib/esm.ts",
	"lib/shared/index.ts",
	"lib/plain/index.js",
	"lib/both.ts",
	"lib/both.js",
	"lib/exact.mjs",
	"index.ts",
	NULL,
};

static int exists(const char *path, void *data)
{
	size_t i;

	(void)data;
	for (i = 0; tree[i]; i++)
		if (!strcmp(tree[i], path))
			return 1;
	return 0;
}

/* The path `spec` written in `from` names, or "" when none. */
static const char *resolve(const char *from, const char *spec)
{
	static char out[256];
	struct buf b = BUF_INIT;
	int r = module_resolve(from, spec, strlen(spec), exists, NULL, &b);

	snprintf(out, sizeof(out), "%s", r == 1 && b.ptr ? b.ptr : "");
	assert_true(r == 0 || r == 1);
	assert_true(r == 1 || !b.len);
	buf_release(&b);
	return out;
}

static void relative_paths(void **state)
{
	(void)state;
	assert_string_equal(resolve("bin/tap.ts", "../lib/tap-stack"), "lib/tap-stack.ts");
	assert_string_equal(resolve("lib/tap-stack.ts", "./config"), "lib/config.tsx");
	assert_string_equal(resolve("lib/tap-stack.ts", "./util"), "lib/util.js");
	assert_string_equal(resolve("lib/shared/index.ts", "../tap-stack"), "lib/tap-stack.ts");
	assert_string_equal(resolve("lib/shared/index.ts", "./../../bin/tap"), "bin/tap.ts");
	assert_string_equal(resolve("lib/tap-stack.ts", ".//config"), "lib/config.tsx");
	assert_string_equal(resolve("index.ts", "./lib/tap-stack"), "lib/tap-stack.ts");
}

static void extensions(void **state)
{
	(void)state;
	/* .ts before .js, as TypeScript resolves */
	assert_string_equal(resolve("index.ts", "./lib/both"), "lib/both.ts");
	/* ./esm.js written for esm.ts (TypeScript's ESM spelling) */
	assert_string_equal(resolve("lib/tap-stack.ts", "./esm.js"), "lib/esm.ts");
	/* a written extension that exists */
	assert_string_equal(resolve("lib/tap-stack.ts", "./both.js"), "lib/both.js");
	assert_string_equal(resolve("lib/tap-stack.ts", "./exact.mjs"), "lib/exact.mjs");
	assert_string_equal(resolve("lib/tap-stack.ts", "./util.js"), "lib/util.js");
	/* no such module */
	assert_string_equal(resolve("lib/tap-stack.ts", "./missing"), "");
	assert_string_equal(resolve("lib/tap-stack.ts", "./tap-stack.d"), "");
}

static void barrels(void **state)
{
	(void)state;
	assert_string_equal(resolve("bin/tap.ts", "../lib/shared"), "lib/shared/index.ts");
	assert_string_equal(resolve("lib/tap-stack.ts", "./plain"), "lib/plain/index.js");
	assert_string_equal(resolve("lib/shared/index.ts", ".."), "");	/* lib/ has no index */
	assert_string_equal(resolve("lib/tap-stack.ts", "."), "");
	assert_string_equal(resolve("lib/shared/x.ts", "."), "lib/shared/index.ts");
	assert_string_equal(resolve("bin/tap.ts", ".."), "index.ts");
}

static void refused(void **state)
{
	(void)state;
	/* out of the tree */
	assert_string_equal(resolve("bin/tap.ts", "../../lib/tap-stack"), "");
	assert_string_equal(resolve("index.ts", "../index"), "");
	assert_string_equal(resolve("bin/tap.ts", "../lib/../../index"), "");
	/* packages and absolute paths are never files of the tree */
	assert_string_equal(resolve("bin/tap.ts", "@pulumi/aws"), "");
	assert_string_equal(resolve("bin/tap.ts", "lib/tap-stack"), "");
	assert_string_equal(resolve("bin/tap.ts", "/lib/tap-stack"), "");
	assert_string_equal(resolve("bin/tap.ts", ".hidden"), "");
	assert_string_equal(resolve("bin/tap.ts", "..\\lib\\tap-stack"), "");
}

/* module_set_build() reads what a changeset's file imports through the reader, bounded. */
struct fake_tree {
	const char *const *paths;
	const char *const *texts;
	int reads;
};

static int fake_read(const struct tree_reader *t, const char *path, struct buf *out)
{
	struct fake_tree *f = t->data;
	size_t i;

	f->reads++;
	for (i = 0; f->paths[i]; i++)
		if (!strcmp(f->paths[i], path)) {
			buf_puts(out, f->texts[i]);
			return 1;
		}
	return 0;
}

static void set_from_tree(void **state)
{
	static const char *const paths[] = { "lib/a.ts", "lib/b.ts", "lib/c.ts", "lib/unused.ts", NULL };
	static const char *const texts[] = {
		"import { b } from './b';\nexport const a = b;\n",
		"export * from './c';\n",
		"export const c = 'x'; // see '../../outside'\n",
		"export const u = 1;\n",
	};
	/* a FileArchive's folder is not an import: lib/unused.ts is not read */
	const char main_text[] = "import { a } from './lib/a';\nimport * as aws from '@pulumi/aws';\n"
				 "const code = new pulumi.asset.FileArchive('./lib/unused');\n";
	struct fake_tree ft = { paths, texts, 0 };
	struct tree_reader reader;
	struct line_set added = LINE_SET_INIT;
	struct change ch;
	const struct change *files[1];
	struct changeset cs;
	struct module_set *set = NULL, *copy;
	const struct module_file *f;

	(void)state;
	memset(&reader, 0, sizeof(reader));
	reader.read = fake_read;
	reader.data = &ft;
	memset(&ch, 0, sizeof(ch));
	ch.path = "index.ts";
	ch.content = main_text;
	ch.len = strlen(main_text);
	lines_add(&added, 1);
	ch.added = &added;
	files[0] = &ch;
	memset(&cs, 0, sizeof(cs));
	cs.files = files;
	cs.nr = 1;
	cs.tree = &reader;
	assert_int_equal(module_set_build(&cs, NULL, &set), 0);
	assert_non_null(set);
	assert_int_equal(set->nr, 3);	/* a, b, c: not unused.ts, not the package */
	assert_non_null(f = module_set_find(set, "lib/c.ts"));
	assert_string_equal(f->content, texts[2]);
	assert_false(f->changed);
	assert_null(module_set_find(set, "lib/unused.ts"));
	assert_ptr_equal(module_set_resolve(set, "lib/a.ts", "./b", 3), module_set_find(set, "lib/b.ts"));
	assert_null(module_set_resolve(set, "lib/a.ts", "./unused", 8));
	/* change_dup() holds a reference: the set outlives the builder's */
	ch.modules = set;
	{
		struct change *d = change_dup(&ch);

		module_set_unref(set);
		copy = (struct module_set *)d->modules;
		assert_int_equal(copy->nr, 3);
		change_free(d);
	}
	/* nothing relative: no set, nothing read */
	ft.reads = 0;
	ch.content = "import * as aws from '@pulumi/aws';\n";
	ch.len = strlen(ch.content);
	ch.modules = NULL;
	assert_int_equal(module_set_build(&cs, NULL, &set), 0);
	assert_null(set);
	assert_int_equal(ft.reads, 0);
	lines_release(&added);
}

/* Blob ids for the fake tree: the first byte names the path, the second its version. */
static int fake_version;

static int fake_id(const struct tree_reader *t, const char *path, unsigned char *id)
{
	struct fake_tree *f = t->data;
	size_t i;

	for (i = 0; f->paths[i]; i++)
		if (!strcmp(f->paths[i], path)) {
			memset(id, 0, 20);
			id[0] = (unsigned char)(i + 1);
			id[1] = (unsigned char)(i == 0 ? fake_version & 0xff : 0);
			id[2] = (unsigned char)(i == 0 ? fake_version >> 8 : 0);
			return 1;
		}
	return 0;
}

/* A run's cache: an unchanged blob is read and scanned once, and shared. */
static void cache_across_changesets(void **state)
{
	static const char *const paths[] = { "lib/a.ts", "lib/b.ts", "lib/c.ts", "lib/d.ts", NULL };
	static const char *const texts[] = {
		/* specifiers back to back, one at the very end, strings that are no import */
		"import { b } from './b';import {c} from \"./c\";\nconst p = './d'.length; // './x'\n"
		"export const a = require('./d') + '.';\nimport('./b')",
		"export const b = 1;\n",
		"export const c = '.';\n",
		"export const d = '..';\n",
	};
	const char main_text[] = "import { a } from './lib/a';\n";
	struct fake_tree ft = { paths, texts, 0 };
	struct tree_reader reader;
	struct change ch;
	const struct change *files[1];
	struct changeset cs;
	struct module_cache *mc = module_cache_new();
	struct module_set *one = NULL, *two = NULL;
	const char *shared;

	(void)state;
	memset(&reader, 0, sizeof(reader));
	reader.read = fake_read;
	reader.id = fake_id;
	reader.data = &ft;
	memset(&ch, 0, sizeof(ch));
	ch.path = "index.ts";
	ch.content = main_text;
	ch.len = strlen(main_text);
	files[0] = &ch;
	memset(&cs, 0, sizeof(cs));
	cs.files = files;
	cs.nr = 1;
	cs.tree = &reader;
	fake_version = 0;
	assert_int_equal(module_set_build(&cs, mc, &one), 0);
	assert_non_null(one);
	assert_int_equal(one->nr, 4);	/* a, and b, c, d from a's imports */
	assert_int_equal(ft.reads, 4);
	shared = module_set_find(one, "lib/b.ts")->content;
	/* the next commit: nothing read again, the same texts */
	ft.reads = 0;
	assert_int_equal(module_set_build(&cs, mc, &two), 0);
	assert_int_equal(two->nr, 4);
	assert_int_equal(ft.reads, 0);
	assert_ptr_equal(module_set_find(two, "lib/b.ts")->content, shared);
	module_set_unref(two);
	/* a.ts changes (a new blob): read once; the set still follows it */
	fake_version = 1;
	ft.reads = 0;
	assert_int_equal(module_set_build(&cs, mc, &two), 0);
	assert_int_equal(two->nr, 4);
	assert_int_equal(ft.reads, 1);
	/* past MODULE_CACHE_FILES blobs the cache starts over: a set built
	 * before keeps its texts, and every version is still read right */
	ft.reads = 0;
	for (fake_version = 2; fake_version < 2 + MODULE_CACHE_FILES; fake_version++) {
		struct module_set *s = NULL;

		assert_int_equal(module_set_build(&cs, mc, &s), 0);
		assert_int_equal(s->nr, 4);
		assert_string_equal(module_set_find(s, "lib/a.ts")->content, texts[0]);
		module_set_unref(s);
	}
	/* each version of a.ts read once, and b, c and d again after the clear */
	assert_int_equal(ft.reads, MODULE_CACHE_FILES + 3);
	assert_ptr_equal(module_set_find(two, "lib/b.ts")->content, shared);
	/* the cache going away leaves the sets' texts alive */
	module_cache_free(mc);
	assert_string_equal(module_set_find(one, "lib/d.ts")->content, texts[3]);
	module_set_unref(one);
	module_set_unref(two);
}

int modules_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(relative_paths),
		cmocka_unit_test(extensions),
		cmocka_unit_test(barrels),
		cmocka_unit_test(refused),
		cmocka_unit_test(set_from_tree),
		cmocka_unit_test(cache_across_changesets),
	};

	return cmocka_run_group_tests_name("modules", tests, NULL, NULL);
}
