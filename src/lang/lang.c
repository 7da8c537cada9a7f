/*
 * lang.c - the table of languages stackgate parses (lang.h), and which
 * one a path is written in.
 */
#include "lang/lang.h"

#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "lang/ts/ts.h"
#include "lang/py/py.h"

const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_python(void);

/*
 * JavaScript is judged with the TypeScript front end: Pulumi JavaScript
 * programs and the Lambda handlers they ship. It may hold JSX (React
 * sources next to a program); without type assertions, TSX parses every
 * JavaScript file that TypeScript does.
 */
static const char *const tsx_suffixes[] = { ".tsx", ".js", ".mjs", ".cjs", NULL };
static const char *const typescript_suffixes[] = { ".ts", ".mts", ".cts", NULL };
static const char *const python_suffixes[] = { ".py", NULL };

static const struct lang_words ts_words = {
	.parent = "{ parent: this }",
	.parent_fix = "pass { parent: this } as the third argument, e.g. new X(name, args, { parent: this })",
	.suffix_name = "environmentSuffix",
	.suffixed = "`%.*s-${%s}`",
	.suffix_ref = "${%s}",
	.read_secret = "config.requireSecret('<key>')",
	.random_password = "random.RandomPassword",
};

static const struct lang_words py_words = {
	.parent = "opts=pulumi.ResourceOptions(parent=self)",
	.parent_fix = "pass opts=pulumi.ResourceOptions(parent=self), e.g. "
		      "aws.sqs.Queue(name, ..., opts=pulumi.ResourceOptions(parent=self))",
	.suffix_name = "environment_suffix",
	.suffixed = "f\"%.*s-{%s}\"",
	.suffix_ref = "{%s} (in an f-string)",
	.read_secret = "config.require_secret(\"<key>\")",
	.random_password = "pulumi_random.RandomPassword",
};

static const struct language languages[] = {
	{ "typescript", typescript_suffixes, tree_sitter_typescript, ts_kinds, &ts_ops, "//", &ts_words },
	{ "tsx", tsx_suffixes, tree_sitter_tsx, ts_kinds, &ts_ops, "//", &ts_words },
	{ "python", python_suffixes, tree_sitter_python, py_kinds, &py_ops, "#", &py_words },
};

static int has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

const struct language *lang_for_path(const char *path)
{
	size_t i, k;

	/* any case: db.TS is TypeScript to tsc on a case-insensitive file system */
	for (i = 0; i < ARRAY_SIZE(languages); i++)
		for (k = 0; languages[i].suffixes[k]; k++)
			if (has_suffix_ci(path, languages[i].suffixes[k]))
				return &languages[i];
	return NULL;
}

const struct language *lang_typescript(void)
{
	return &languages[0];
}

size_t lang_count(void)
{
	return ARRAY_SIZE(languages);
}

size_t lang_index(const struct language *l)
{
	return (size_t)(l - languages);
}

int lang_resolve_kinds(const struct language *l, TSSymbol *out)
{
	const TSLanguage *g = l->grammar();
	int i;

	for (i = 0; i < SYM__COUNT; i++) {
		const char *name = l->kinds[i];

		out[i] = 0;
		if (!name)
			continue;
		out[i] = ts_language_symbol_for_name(g, name, (uint32_t)strlen(name), true);
		if (!out[i])
			return error("the %s grammar has no node kind '%s', which the analysis dispatches on: "
				     "build with the grammar version the Makefile pins, or update the "
				     "language's kinds (src/lang/)", l->name, name);
	}
	return 0;
}
