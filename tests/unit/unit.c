/*
 * Unit tests (cmocka) for the pure modules: line sets, globs, hook input,
 * INI loading, redaction, and the analysis on small snippets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"
#include "analyze/analyze.h"
#include "model/autonaming.h"
#include "config/config.h"
#include "base/finding.h"
#include "source/hookin.h"
#include "base/lines.h"
#include "analyze/suppress.h"
#include "base/util.h"
#include "lang/lang.h"

/* tests/unit/cmd.c: the hook table and the push walk */
int unit_cmd_tests(void);

/* from the analysis stage's internal header */
void redact_into(struct buf *b, const char *s, size_t len);

/* ---- line sets ---- */

static void lines_basic(void **state)
{
	struct line_set s = LINE_SET_INIT;

	assert_false(lines_has(&s, 1));
	assert_false(lines_any(&s, 1, 100));
	lines_add(&s, 3);
	lines_add(&s, 3);
	lines_add(&s, 1000);
	assert_int_equal(s.count, 2);
	assert_true(lines_has(&s, 3));
	assert_false(lines_has(&s, 4));
	assert_true(lines_any(&s, 1, 3));
	assert_false(lines_any(&s, 4, 999));
	assert_true(lines_any(&s, 999, 5000));
	lines_release(&s);
	assert_int_equal(s.count, 0);
}

static void lines_intersection(void **state)
{
	struct line_set a = LINE_SET_INIT, b = LINE_SET_INIT;

	lines_add_range(&a, 1, 10);
	lines_add(&b, 2);
	lines_add(&b, 9);
	lines_add(&b, 50);
	lines_intersect(&a, &b);
	assert_int_equal(a.count, 2);
	assert_true(lines_has(&a, 2));
	assert_true(lines_has(&a, 9));
	assert_false(lines_has(&a, 3));
	assert_false(lines_has(&a, 50));
	lines_release(&a);
	lines_release(&b);
}

static void lines_counting(void **state)
{
	assert_int_equal(lines_in_text("", 0), 0);
	assert_int_equal(lines_in_text("a", 1), 1);
	assert_int_equal(lines_in_text("a\n", 2), 1);
	assert_int_equal(lines_in_text("a\nb", 3), 2);
	assert_int_equal(lines_in_text("\n\n\n", 3), 3);
}

/* ---- globs ---- */

static void globs(void **state)
{
	assert_true(path_glob_match("*.ts", "lib/stack.ts"));
	assert_false(path_glob_match("*.ts", "lib/stack.tsx"));
	assert_true(path_glob_match("*.d.ts", "types/index.d.ts"));
	assert_true(path_glob_match("node_modules/**", "node_modules/x/y.ts"));
	assert_true(path_glob_match("**/node_modules/**", "a/node_modules/x.ts"));
	assert_false(path_glob_match("node_modules/**", "lib/node_modules.ts"));
	assert_true(path_glob_match("test/**", "test/a/b.ts"));
	assert_false(path_glob_match("test/*", "test/a/b.ts"));
	assert_true(path_glob_match("lib/*.ts", "lib/a.ts"));
	assert_true(glob_match("aws.s3.*", "aws.s3.Bucket"));
	assert_true(glob_match("*.Provider", "aws.Provider"));
	assert_false(glob_match("*.Provider", "aws.ProviderX"));
}

/* ---- hook input ---- */

#define Z40 "0000000000000000000000000000000000000000"
#define A40 "1111111111111111111111111111111111111111"

static void hookin_receive_ok(void **state)
{
	struct ref_line l;

	assert_int_equal(hookin_parse_receive(&l, Z40 " " A40 " refs/heads/main", 82 + 15), 0);
	assert_string_equal(l.ref, "refs/heads/main");
	assert_true(git_oid_is_zero(&l.old));
	assert_false(git_oid_is_zero(&l.new));
	free(l.ref);
}

static void hookin_receive_bad(void **state)
{
	struct ref_line l;
	const char *short_line = Z40 " " A40;
	const char *extra = Z40 " " A40 " refs/heads/main extra";
	const char *nonhex = "zz00000000000000000000000000000000000000 " A40 " refs/heads/main";
	const char *sha256 = Z40 Z40 Z40 " " A40 " refs/heads/main";

	assert_int_equal(hookin_parse_receive(&l, short_line, strlen(short_line)), -1);
	assert_non_null(strstr(error_last(), "expected"));
	assert_int_equal(hookin_parse_receive(&l, extra, strlen(extra)), -1);
	assert_int_equal(hookin_parse_receive(&l, nonhex, strlen(nonhex)), -1);
	assert_non_null(strstr(error_last(), "hexadecimal"));
	assert_int_equal(hookin_parse_receive(&l, sha256, strlen(sha256)), -1);
}

static void hookin_push_ok(void **state)
{
	struct ref_line l;
	const char *line = "refs/heads/x " A40 " refs/heads/x " Z40 "\r";

	assert_int_equal(hookin_parse_push(&l, line, strlen(line)), 0);
	assert_string_equal(l.local_ref, "refs/heads/x");
	assert_string_equal(l.ref, "refs/heads/x");
	assert_true(git_oid_is_zero(&l.old));
	free(l.local_ref);
	free(l.ref);
}

static void hookin_read_lines(void **state)
{
	const char *text = Z40 " " A40 " refs/heads/a\n\n" A40 " " Z40 " refs/heads/b\n";
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct ref_lines l = REF_LINES_INIT;

	assert_non_null(f);
	assert_int_equal(hookin_read(&l, f, hookin_parse_receive), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.items[1].ref, "refs/heads/b");
	hookin_release(&l);
	fclose(f);

	text = Z40 " " A40 " refs/heads/a\ngarbage\n";
	f = fmemopen((void *)text, strlen(text), "r");
	assert_int_equal(hookin_read(&l, f, hookin_parse_receive), -1);
	assert_non_null(strstr(error_last(), "line 2"));
	hookin_release(&l);
	fclose(f);
}

/* ---- configuration ---- */

static void config_defaults(void **state)
{
	struct config cfg;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_int_equal(cfg.rules[RULE_HARDCODED_SECRET].severity, SEV_MANDATORY);
	assert_int_equal(cfg.rules[RULE_STATIC_BUCKET_NAME].severity, SEV_MANDATORY);
	assert_int_equal(cfg.rules[RULE_MISSING_ENV_SUFFIX].severity, SEV_MANDATORY);
	assert_true(strlist_has(&cfg.vocab.suffix_identifiers, "environmentSuffix"));
	/* a list spread over continuation lines arrives whole */
	assert_true(strlist_has(&cfg.vocab.secret_keys, "password"));
	assert_true(strlist_has(&cfg.vocab.secret_keys, "secretAccessKey"));
	/* physical names are the provider facts; the INI only adds and removes */
	assert_int_equal(cfg.vocab.name_properties.nr, 0);
	assert_int_equal(cfg.vocab.name_properties_remove.nr, 0);
	assert_true(cfg.nr_patterns >= 6);
	assert_int_equal(config_compile(&cfg), 0);
	assert_true(config_path_in_scope(&cfg, "lib/tap-stack.ts"));
	assert_false(config_path_in_scope(&cfg, "node_modules/x/index.ts"));
	/* declaration files are judged: a token in one is in git like any other */
	assert_true(config_path_in_scope(&cfg, "lib/types.d.ts"));
	assert_true(config_path_in_scope(&cfg, "lib/db.TS"));
	assert_true(config_path_in_scope(&cfg, "lib/a.mts"));
	assert_true(config_path_in_scope(&cfg, "Pulumi.dev.YAML"));
	assert_false(config_path_in_scope(&cfg, "README.md"));
	config_release(&cfg);
}

static void config_override(void **state)
{
	struct config cfg;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_int_equal(config_load_string(&cfg,
		"[rule \"hardcoded-secret\"]\nseverity = advisory\nexclude = test/**\n"
		"[rule \"missing-env-suffix\"]\nsuffix_identifiers = stage,\n  sfx\n", "t.ini"), 0);
	assert_int_equal(cfg.rules[RULE_HARDCODED_SECRET].severity, SEV_ADVISORY);
	/* other keys keep their defaults */
	assert_int_equal(cfg.rules[RULE_STATIC_BUCKET_NAME].severity, SEV_MANDATORY);
	assert_int_equal(cfg.vocab.suffix_identifiers.nr, 2);
	assert_true(strlist_has(&cfg.vocab.suffix_identifiers, "sfx"));
	assert_false(strlist_has(&cfg.vocab.suffix_identifiers, "environmentSuffix"));
	assert_int_equal(config_severity(&cfg, RULE_HARDCODED_SECRET, "test/a.ts"), SEV_DISABLED);
	assert_int_equal(config_severity(&cfg, RULE_HARDCODED_SECRET, "lib/a.ts"), SEV_ADVISORY);
	config_release(&cfg);
}

/* ---- suppressions ---- */

/* Parse `text` as a comment; 1 if valid. *s is left for the caller to check and release. */
static int supp(struct suppression *s, const struct config *cfg, const char *text)
{
	assert_int_equal(suppress_parse(s, cfg, text, strlen(text)), 1);
	return !s->problem[0];
}

static void suppression_until(void **state)
{
	struct suppression s;

	/* before the reason, after it, in brackets, ending a sentence */
	assert_true(supp(&s, NULL, "// stackgate:ignore hardcoded-secret until=2027-01-31 -- legacy db until the vault"));
	assert_string_equal(s.until, "2027-01-31");
	assert_string_equal(s.reason, "legacy db until the vault");
	suppress_release(&s);
	assert_true(supp(&s, NULL, "// stackgate:ignore hardcoded-secret -- legacy db until the vault until=2027-01-31"));
	assert_string_equal(s.until, "2027-01-31");
	assert_string_equal(s.reason, "legacy db until the vault");
	suppress_release(&s);
	assert_true(supp(&s, NULL, "/* stackgate:ignore hardcoded-secret -- legacy db (until=2027-01-31), ask ops */"));
	assert_string_equal(s.until, "2027-01-31");
	assert_string_equal(s.reason, "legacy db, ask ops");
	suppress_release(&s);
	assert_true(supp(&s, NULL, "// stackgate:ignore hardcoded-secret -- legacy db, remove it until=2027-01-31."));
	assert_string_equal(s.until, "2027-01-31");
	assert_string_equal(s.reason, "legacy db, remove it.");
	suppress_release(&s);
	/* the same date twice is fine; a word ending in "until=" is not a date */
	assert_true(supp(&s, NULL, "// stackgate:ignore hardcoded-secret until=2027-01-31 -- legacy database until=2027-01-31"));
	suppress_release(&s);
	assert_true(supp(&s, NULL, "// stackgate:ignore hardcoded-secret -- the flag xuntil=5 is not a date"));
	assert_string_equal(s.until, "");
	suppress_release(&s);

	/* malformed, impossible, or two different dates: invalid */
	assert_false(supp(&s, NULL, "// stackgate:ignore hardcoded-secret -- legacy database until=31/01/2027"));
	assert_non_null(strstr(s.problem, "until= needs a date"));
	suppress_release(&s);
	assert_false(supp(&s, NULL, "// stackgate:ignore hardcoded-secret until=2027-13-01 -- legacy database"));
	suppress_release(&s);
	assert_false(supp(&s, NULL, "// stackgate:ignore hardcoded-secret -- legacy database until="));
	suppress_release(&s);
	assert_false(supp(&s, NULL, "// stackgate:ignore hardcoded-secret until=2027-01-31 -- legacy db until=2028-01-31"));
	assert_non_null(strstr(s.problem, "two until= dates"));
	suppress_release(&s);
	/* the date taken out, the reason must still be long enough */
	assert_false(supp(&s, NULL, "// stackgate:ignore hardcoded-secret -- short until=2027-01-31"));
	assert_non_null(strstr(s.problem, "reason"));
	suppress_release(&s);
}

static void suppression_rule_names(void **state)
{
	struct config cfg;
	struct suppression s;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_int_equal(config_load_string(&cfg,
		"[pattern \"internal-token\"]\nregex = itk_[0-9]{4}\nkeywords = itk_\n", "t.ini"), 0);
	assert_true(supp(&s, &cfg, "// stackgate:ignore internal-token -- revoked token of the parser test"));
	suppress_release(&s);
	assert_true(supp(&s, &cfg, "// stackgate:ignore internal-token,hardcoded-secret -- revoked token of the test"));
	assert_int_equal(s.rules.nr, 2);
	suppress_release(&s);
	/* a built-in token shape is not a rule: the message names its rule */
	assert_false(supp(&s, &cfg, "// stackgate:ignore github-token -- revoked token of the parser test"));
	assert_non_null(strstr(s.problem, "rule 'hardcoded-secret'"));
	suppress_release(&s);
	assert_false(supp(&s, &cfg, "// stackgate:ignore internal-tokn -- revoked token of the parser test"));
	assert_non_null(strstr(s.problem, "unknown rule 'internal-tokn'"));
	suppress_release(&s);
	/* without a configuration, only built-in rules are known */
	assert_false(supp(&s, NULL, "// stackgate:ignore internal-token -- revoked token of the parser test"));
	suppress_release(&s);

	/* [rule "NAME"] of a pattern rule sets its rule-wide keys */
	assert_int_equal(config_load_string(&cfg,
		"[rule \"internal-token\"]\nexclude = test/**\nallow_inline_ignore = false\nseverity = advisory\n",
		"u.ini"), 0);
	assert_int_equal(config_pattern(&cfg, "internal-token")->exclude.nr, 1);
	assert_int_equal(config_pattern(&cfg, "internal-token")->no_inline_ignore, 1);
	assert_int_equal(config_pattern(&cfg, "internal-token")->severity, SEV_ADVISORY);
	assert_int_equal(config_load_string(&cfg, "[rule \"internal-token\"]\nregex = x\n", "v.ini"), -1);
	assert_int_equal(config_load_string(&cfg, "[rule \"nothing-here\"]\nseverity = advisory\n", "w.ini"), -1);
	config_release(&cfg);
}

static void config_errors(void **state)
{
	struct config cfg;
	char longline[400];

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_int_equal(config_load_string(&cfg, "[general]\n\nbogus = 1\n", "x.ini"), -1);
	assert_non_null(strstr(error_last(), "x.ini:3"));
	assert_non_null(strstr(error_last(), "bogus"));
	assert_int_equal(config_load_string(&cfg, "[rule \"nope\"]\nseverity = advisory\n", "x.ini"), -1);
	assert_non_null(strstr(error_last(), "x.ini:1"));
	assert_non_null(strstr(error_last(), "nope"));
	assert_int_equal(config_load_string(&cfg, "[rule \"hardcoded-secret\"]\nseverity = loud\n", "x.ini"), -1);
	assert_non_null(strstr(error_last(), "loud"));
	assert_int_equal(config_load_string(&cfg, "[pattern \"p\"]\nregex = (unclosed\n", "x.ini"), -1);
	assert_non_null(strstr(error_last(), "x.ini:2"));
	assert_int_equal(config_load_string(&cfg, "[weird]\nx = 1\n", "x.ini"), -1);
	memset(longline, 'a', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline, "[general]\ninclude = ", 20);
	assert_int_equal(config_load_string(&cfg, longline, "x.ini"), -1);
	assert_non_null(strstr(error_last(), "x.ini:2"));
	assert_int_equal(config_load_file(&cfg, "/nonexistent/stackgate.ini"), -1);
	assert_non_null(strstr(error_last(), "/nonexistent/stackgate.ini"));
	/* the old key names the rule that replaced it */
	assert_int_equal(config_load_string(&cfg, "[rule \"missing-env-suffix\"]\ncheck_logical_name = true\n",
					    "old.ini"), -1);
	assert_non_null(strstr(error_last(), "old.ini:2"));
	assert_non_null(strstr(error_last(), "unsuffixed-logical-name"));
	config_release(&cfg);
}

/* ---- pulumi:autonaming ---- */

static int physical(const char *text, const char *type)
{
	struct autonaming *a = autonaming_parse("Pulumi.yaml", text, strlen(text));
	struct buf why = BUF_INIT;
	int r = autonaming_physical(a, type, &why);

	if (r)
		assert_non_null(strstr(why.ptr, "Pulumi.yaml"));
	buf_release(&why);
	autonaming_free(a);
	return r;
}

static void autonaming_settings(void **state)
{
	(void)state;
	/* no setting, the default mode, a random part, the stack: unique names */
	assert_int_equal(physical("name: p\nruntime: nodejs\n", "aws.s3.Bucket"), 0);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    mode: default\n", "aws.s3.Bucket"), 0);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    pattern: ${name}-${hex(8)}\n",
				  "aws.s3.Bucket"), 0);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    pattern: ${stack}-${name}\n",
				  "aws.s3.Bucket"), 0);
	/* verbatim, disabled, a fixed pattern; the project file's `value:` */
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    mode: verbatim\n", "aws.sqs.Queue"), 1);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    value:\n      mode: disabled\n",
				  "aws.sqs.Queue"), 1);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    value:\n      pattern: ${project}-${name}\n",
				  "aws.sqs.Queue"), 1);
	/* per provider and per type: the most specific wins */
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    providers:\n      aws:\n        mode: verbatim\n",
				  "aws.sqs.Queue"), 1);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    providers:\n      aws:\n        mode: verbatim\n",
				  "gcp.storage.Bucket"), 0);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    mode: verbatim\n    providers:\n"
				  "      aws:\n        resources:\n          aws:s3/bucketV2:BucketV2:\n"
				  "            pattern: ${name}-${alphanum(6)}\n", "aws.s3.BucketV2"), 0);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    providers:\n      aws:\n        resources:\n"
				  "          aws:s3/bucketV2:BucketV2:\n            mode: verbatim\n", "aws.s3.BucketV2"), 1);
	assert_int_equal(physical("config:\n  pulumi:autonaming:\n    providers:\n      aws:\n        resources:\n"
				  "          aws:s3/bucketV2:BucketV2:\n            mode: verbatim\n", "aws.s3.Bucket"), 0);
	/* not YAML: says nothing */
	assert_int_equal(physical("config: [unclosed\n", "aws.s3.Bucket"), 0);
}

/* ---- analysis on snippets ---- */

struct analysis {
	struct config cfg;
	struct analyzer *a;
	struct finding_list out;
};

static int setup_analysis(void **state)
{
	struct analysis *t = calloc(1, sizeof(*t));

	if (!t || config_init_defaults(&t->cfg) < 0 || config_compile(&t->cfg) < 0)
		return -1;
	t->a = analyzer_new(&t->cfg);
	*state = t;
	return 0;
}

static int teardown_analysis(void **state)
{
	struct analysis *t = *state;

	findings_release(&t->out);
	analyzer_free(t->a);
	config_release(&t->cfg);
	free(t);
	return 0;
}

#define HEADER "import * as aws from '@pulumi/aws';\nimport * as pulumi from '@pulumi/pulumi';\n"

/* Analyse `src` as lib/x.ts with `added` lines (NULL: all); count findings of `rule`. */
static size_t run(struct analysis *t, const char *src, const struct line_set *added, const char *rule)
{
	struct change ch;
	uint32_t syntax;
	size_t i, n = 0;

	findings_release(&t->out);
	memset(&ch, 0, sizeof(ch));
	ch.path = "lib/x.ts";
	ch.content = src;
	ch.len = strlen(src);
	ch.added = added;
	assert_int_equal(analyze_change(t->a, &ch, &t->out, &syntax), 0);
	for (i = 0; i < t->out.nr; i++)
		if (!rule || !strcmp(t->out.items[i].rule, rule))
			n++;
	return n;
}

static void secret_literal(void **state)
{
	struct analysis *t = *state;

	assert_int_equal(run(t, HEADER "const x = { password: 'hunter2hunter2' };\n", NULL, "hardcoded-secret"), 1);
	/* never printed whole */
	assert_null(strstr(t->out.items[0].excerpt, "hunter2hunter2"));
	assert_null(strstr(t->out.items[0].message, "hunter2hunter2"));
	assert_int_equal(t->out.items[0].line, 3);
	assert_int_equal(run(t, HEADER "const c = new pulumi.Config();\n"
			 "const x = { password: c.requireSecret('pw') };\n", NULL, "hardcoded-secret"), 0);
	assert_int_equal(run(t, HEADER "const x = { passwordSecretName: 'db', minimumPasswordLength: 14 };\n",
			 NULL, "hardcoded-secret"), 0);
	assert_int_equal(run(t, HEADER "const x = { password: '' };\n", NULL, "hardcoded-secret"), 0);
}

static void secret_through_const_and_fallback(void **state)
{
	struct analysis *t = *state;

	assert_int_equal(run(t, HEADER "const pw = 'changeme';\nconst x = { masterPassword: pw };\n",
			 NULL, "hardcoded-secret"), 1);
	assert_int_equal(t->out.items[0].line, 3);	/* on the literal */
	assert_int_equal(run(t, HEADER "const c = new pulumi.Config();\n"
			 "const x = { password: c.get('pw') ?? 'fallback-pw' };\n", NULL, "hardcoded-secret"), 1);
	assert_int_equal(run(t, HEADER "const x = { password: process.env.DB_PASSWORD };\n",
			 NULL, "hardcoded-secret"), 0);
	assert_int_equal(run(t, HEADER "const x = { password: pulumi.secret('ChangeMe123!') };\n",
			 NULL, "hardcoded-secret"), 1);
	assert_int_equal(run(t, HEADER "export const s = pulumi.secret('abcdefgh');\n", NULL,
			 "hardcoded-secret"), 1);
}

static void secret_only_on_added_lines(void **state)
{
	struct analysis *t = *state;
	struct line_set added = LINE_SET_INIT;
	const char *src = HEADER "const pw = 'changeme';\nconst x = { password: pw };\nconst y = 1;\n";

	lines_add(&added, 5);
	assert_int_equal(run(t, src, &added, NULL), 0);	/* legacy, untouched */
	lines_add(&added, 4);
	assert_int_equal(run(t, src, &added, "hardcoded-secret"), 1);	/* a new use */
	lines_release(&added);
	lines_add(&added, 3);
	assert_int_equal(run(t, src, &added, "hardcoded-secret"), 1);	/* a new literal */
	lines_release(&added);
}

/* Values the resolver follows: a changed value reaches an unchanged use. */
static void secret_resolver_shapes(void **state)
{
	struct analysis *t = *state;
	struct line_set added = LINE_SET_INIT;
	const char *field = HEADER "class S {\n  static db = 'Cl4ss-Field!';\n}\n"
		"const x = { password: S.db };\n";
	const char *let = HEADER "let pw = 'L3t-Never-Assigned';\nconst x = { password: pw };\n";
	const char *member = HEADER "const creds = { db: 'Obj3ct-Member' };\nconst x = { password: creds['db'] };\n";

	lines_add(&added, 4);	/* only the field's value changed */
	assert_int_equal(run(t, field, &added, "hardcoded-secret"), 1);
	assert_int_equal(t->out.items[0].line, 4);
	lines_release(&added);
	lines_add(&added, 3);	/* only the let changed */
	assert_int_equal(run(t, let, &added, "hardcoded-secret"), 1);
	lines_release(&added);
	assert_int_equal(run(t, member, NULL, "hardcoded-secret"), 1);
	/* assigned again: not followed */
	assert_int_equal(run(t, HEADER "let pw = 'initial';\npw = process.env.PW;\nconst x = { password: pw };\n",
			 NULL, "hardcoded-secret"), 0);
	/* self-reference and cycles end, unknown */
	assert_int_equal(run(t, HEADER "const { a } = b;\nconst { b } = a;\nconst x = { password: a };\n",
			 NULL, "hardcoded-secret"), 0);
	/* <string>'x' is the string, not the type */
	assert_int_equal(run(t, HEADER "const x = { password: <string>'Typ3-Assert!' };\n", NULL, "hardcoded-secret"), 1);
	/* references are not secrets */
	assert_int_equal(run(t, HEADER "const x = { password: '{{resolve:secretsmanager:db:SecretString:pw}}' };\n",
			 NULL, "hardcoded-secret"), 0);
}

static void bucket_names(void **state)
{
	struct analysis *t = *state;

	assert_int_equal(run(t, HEADER "declare const environmentSuffix: string;\n"
			 "new aws.s3.Bucket(`b-${environmentSuffix}`, { bucket: 'my-app-data-bucket' });\n",
			 NULL, "static-bucket-name"), 1);
	/* not reported twice */
	assert_int_equal(run(t, HEADER "declare const environmentSuffix: string;\n"
			 "new aws.s3.Bucket(`b-${environmentSuffix}`, { bucket: 'my-app-data-bucket' });\n",
			 NULL, "missing-env-suffix"), 0);
	assert_int_equal(run(t, HEADER "declare const environmentSuffix: string; declare const b: any;\n"
			 "new aws.s3.BucketPolicy(`p-${environmentSuffix}`, { bucket: 'my-app-data-bucket' });\n",
			 NULL, "static-bucket-name"), 0);
	assert_int_equal(run(t, HEADER "declare const environmentSuffix: string;\n"
			 "new aws.s3.BucketV2(`b-${environmentSuffix}`, { bucket: `data-${environmentSuffix}` });\n",
			 NULL, NULL), 0);
}

/* A component of the file with a queue named from its args and a log group from its name. */
#define COMPONENT HEADER \
	"class Q extends pulumi.ComponentResource {\n" \
	"  constructor(name: string, args: { environmentSuffix?: string }, opts?: any) {\n" \
	"    super('t:q:Q', name, args, opts);\n" \
	"    const environmentSuffix = args.environmentSuffix || 'dev';\n" \
	"    new aws.sqs.Queue(`q-${environmentSuffix}`, { name: `q-${environmentSuffix}` }, { parent: this });\n" \
	"  }\n}\n" \
	"class L extends pulumi.ComponentResource {\n" \
	"  constructor(name: string, props: { environmentSuffix: string }, opts?: any) {\n" \
	"    super('t:l:L', name, props, opts);\n" \
	"    new aws.cloudwatch.LogGroup(`l-${props.environmentSuffix}`, { name: `/app/${name}-${props.environmentSuffix}`,\n" \
	"      kmsKeyId: props.missing }, { parent: this });\n" \
	"  }\n}\n" \
	"declare const environmentSuffix: string;\n" \
	"declare const o: any;\n" \
	"declare function f(): any;\n"

/* Lines 1-19 of COMPONENT are not added: only the instantiation on line 20 is judged. */
static size_t run_instance(struct analysis *t, const char *call, const char *rule)
{
	struct line_set added = LINE_SET_INIT;
	struct buf b = BUF_INIT;
	size_t n;

	buf_puts(&b, COMPONENT);
	buf_puts(&b, call);
	lines_add(&added, 20);
	n = run(t, b.ptr, &added, rule);
	lines_release(&added);
	buf_release(&b);
	return n;
}

/*
 * missing-env-suffix at a component's instantiation: its resources judged
 * with the call's name and args bound (rules/suffix_component.c).
 */
static void suffix_component_instances(void **state)
{
	struct analysis *t = *state;

	/* passed: fine; not passed or fixed: the queue is q-dev / q-prod everywhere */
	assert_int_equal(run_instance(t, "new Q('q', { environmentSuffix });\n", NULL), 0);
	assert_int_equal(run_instance(t, "new Q('q', {});\n", "missing-env-suffix"), 1);
	assert_int_equal(t->out.items[0].line, 20);
	assert_non_null(strstr(t->out.items[0].message, "does not pass environmentSuffix"));
	assert_non_null(strstr(t->out.items[0].message, "aws.sqs.Queue"));
	assert_int_equal(run_instance(t, "new Q('q', { environmentSuffix: 'prod' });\n", "missing-env-suffix"), 1);
	assert_non_null(strstr(t->out.items[0].message, "'prod'"));
	/* unknown stays unknown: a package's value, a spread, no object */
	assert_int_equal(run_instance(t, "new Q('q', { environmentSuffix: process.env.SFX });\n", NULL), 0);
	assert_int_equal(run_instance(t, "new Q('q', { ...o });\n", NULL), 0);
	assert_int_equal(run_instance(t, "new Q('q', f());\n", NULL), 0);
	assert_int_equal(run_instance(t, "new Q(f(), o);\n", NULL), 0);
	/* the name: a fixed one where the component names a resource after it */
	assert_int_equal(run_instance(t, "new L(`l-${environmentSuffix}`, { environmentSuffix });\n", NULL), 0);
	assert_int_equal(run_instance(t, "new L('l', { environmentSuffix });\n", NULL), 0);	/* the suffix is in it too */
	assert_int_equal(run_instance(t, "new L('l', {});\n", "missing-env-suffix"), 1);
	/* a mocked program deploys nothing */
	assert_int_equal(run_instance(t, "pulumi.runtime.setMocks({} as any); new Q('q', {});\n", NULL), 0);
	/* the same call where the component names nothing after its args: nothing */
	assert_int_equal(run_instance(t, "new L(`l-${environmentSuffix}`, { environmentSuffix: o });\n", NULL), 0);
}

static void suffix_names(void **state)
{
	struct analysis *t = *state;

	/* a logical name is a convention (advisory), never missing-env-suffix's */
	assert_int_equal(run(t, HEADER "new aws.ec2.Vpc('main-vpc', {});\n", NULL, "unsuffixed-logical-name"), 1);
	assert_int_equal(run(t, HEADER "new aws.ec2.Vpc('main-vpc', {});\n", NULL, "missing-env-suffix"), 0);
	assert_int_equal(run(t, HEADER "declare const environmentSuffix: string;\n"
			 "new aws.ec2.Vpc(`vpc-${environmentSuffix}`, {});\n", NULL, NULL), 0);
	assert_int_equal(run(t, HEADER "function f(args: any) { const sfx = args.environmentSuffix;\n"
			 "new aws.sqs.Queue(`q-${sfx.toLowerCase()}`, { name: `orders-${sfx}` }); }\n",
			 NULL, NULL), 0);
	assert_int_equal(run(t, HEADER "declare const environmentSuffix: string;\n"
			 "new aws.sqs.Queue(`q-${environmentSuffix}`, { name: 'orders' });\n", NULL,
			 "missing-env-suffix"), 1);
	assert_int_equal(run(t, HEADER "new aws.ec2.Vpc(`vpc-${pulumi.getStack()}`, {});\n", NULL,
			 "unsuffixed-logical-name"), 1);
	assert_int_equal(run(t, HEADER "new aws.sqs.Queue('q', { name: `q-${pulumi.getStack()}` });\n", NULL,
			 "missing-env-suffix"), 1);
	/* unknown never blocks */
	assert_int_equal(run(t, HEADER "import { mk } from './names';\nnew aws.ec2.Vpc(mk('vpc'), {});\n",
			 NULL, NULL), 0);
	/* not resources */
	assert_int_equal(run(t, HEADER "new aws.Provider('p', { region: 'us-east-1' });\n"
			 "new pulumi.Config('x');\nclass TapStack {}\nnew TapStack('tap');\n", NULL, NULL), 0);
	/* named and required imports */
	assert_int_equal(run(t, "import { s3 } from '@pulumi/aws';\nnew s3.Bucket('b', {});\n", NULL,
			 "unsuffixed-logical-name"), 1);
	assert_int_equal(run(t, "const aws = require('@pulumi/aws');\nnew aws.sns.Topic('t', {});\n", NULL,
			 "unsuffixed-logical-name"), 1);
	/* a class that is not from a @pulumi package */
	assert_int_equal(run(t, "import * as aws from 'aws-sdk';\nnew aws.S3('x');\n", NULL, NULL), 0);
}

static void deep_nesting_survives(void **state)
{
	struct analysis *t = *state;
	size_t depth = 10000, i;
	struct buf b = BUF_INIT;

	buf_puts(&b, HEADER "const x = ");
	for (i = 0; i < depth; i++)
		buf_putc(&b, '[');
	for (i = 0; i < depth; i++)
		buf_putc(&b, ']');
	buf_puts(&b, ";\nnew aws.ec2.Vpc('main-vpc', {});\n");
	assert_int_equal(run(t, b.ptr, NULL, "unsuffixed-logical-name"), 1);
	buf_release(&b);
}

/* Elements of a stable array never move, however many are added after them. */
static void stable_array(void **state)
{
	struct stable st;
	uint32_t *first, *p;
	size_t i;

	(void)state;
	stable_init(&st, sizeof(uint32_t));
	first = stable_add(&st);
	*first = 7;
	for (i = 1; i < 100000; i++) {
		p = stable_add(&st);
		assert_int_equal(*p, 0);	/* zeroed */
		*p = (uint32_t)i;
	}
	assert_int_equal(st.nr, 100000);
	assert_ptr_equal(stable_at(&st, 0), first);
	assert_int_equal(*first, 7);
	for (i = 1; i < 100000; i++)
		assert_int_equal(*(uint32_t *)stable_at(&st, i), i);
	stable_release(&st);
	assert_int_equal(st.nr, 0);
}

/*
 * Issue 11: classifying a name calls a helper; looking up what the helper
 * returns walks a lazy unit (a function the change did not touch) that
 * declares more helpers. The helper being classified must stay valid (a
 * heap-use-after-free in the sanitizer build before), and what it returns
 * still decides: inner() carries the suffix, so mk() does.
 */
static void lazy_lookup_adds_helpers(void **state)
{
	struct analysis *t = *state;
	struct line_set added = LINE_SET_INIT;
	struct buf b = BUF_INIT;
	uint32_t i;

	buf_puts(&b, HEADER "declare const environmentSuffix: string;\n");
	for (i = 1; i <= 40; i++)
		buf_printf(&b, "function f%u() { return %u; }\n", i, i);
	buf_puts(&b, "function host() { function inner(y: string) { return `${y}-${environmentSuffix}`; }\n"
		 "  function g1() { return 1; } function g2() { return 2; } function g3() { return 3; }\n"
		 "  return 0; }\n"
		 "function mk(x: string) { return inner(x); }\n"
		 "new aws.sqs.Queue(mk('q'), {});\n"
		 "new aws.sqs.Queue(nope('q'), {});\n"
		 "new aws.ec2.Vpc('main-vpc', {});\n");
	lines_add_range(&added, 48, 50);
	assert_int_equal(run(t, b.ptr, &added, "unsuffixed-logical-name"), 1);
	assert_int_equal(t->out.items[0].line, 50);
	/* the same without the shortcuts */
	assert_int_equal(run(t, b.ptr, NULL, "unsuffixed-logical-name"), 1);
	lines_release(&added);
	buf_release(&b);
}

/* ---- languages ---- */

static void language_for_path(void **state)
{
	static const char *const ts[] = { "a.ts", "lib/b.d.ts", "c.mts", "d.cts", "DB.TS" };
	static const char *const tsx[] = { "a.tsx", "b.js", "c.mjs", "d.cjs", "E.JS" };
	static const char *const none[] = { "Pulumi.dev.yaml", "a.json", "ts", "a.tsx.orig", "README.md" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ts); i++)
		assert_string_equal(lang_for_path(ts[i])->name, "typescript");
	for (i = 0; i < ARRAY_SIZE(tsx); i++)
		assert_string_equal(lang_for_path(tsx[i])->name, "tsx");
	for (i = 0; i < ARRAY_SIZE(none); i++)
		assert_null(lang_for_path(none[i]));
	assert_int_equal(lang_index(lang_for_path("a.ts")) < lang_count(), 1);
	assert_int_not_equal(lang_index(lang_for_path("a.ts")), lang_index(lang_for_path("a.tsx")));
}

/*
 * Every kind a language names exists in its grammar; a kind the grammar
 * does not have (a grammar bump that renamed a node) is an error naming
 * it, not a kind that silently never dispatches.
 */
static void language_kinds(void **state)
{
	const struct language *ts = lang_for_path("a.ts"), *tsx = lang_for_path("a.tsx");
	const char *renamed[SYM__COUNT];
	struct language broken;
	TSSymbol sym[SYM__COUNT];
	int i;

	assert_int_equal(lang_resolve_kinds(ts, sym), 0);
	for (i = 0; i < SYM__COUNT; i++)
		assert_true(!ts->kinds[i] || sym[i]);
	assert_int_equal(lang_resolve_kinds(tsx, sym), 0);
	memcpy(renamed, ts->kinds, sizeof(renamed));
	renamed[SYM_NEW] = "new_expr";
	broken = *ts;
	broken.kinds = renamed;
	assert_int_equal(lang_resolve_kinds(&broken, sym), -1);
	assert_non_null(strstr(error_last(), "the typescript grammar has no node kind 'new_expr'"));
	/* a kind the language does not have at all is not looked up */
	renamed[SYM_NEW] = NULL;
	assert_int_equal(lang_resolve_kinds(&broken, sym), 0);
	assert_int_equal(sym[SYM_NEW], 0);
}

static void redaction(void **state)
{
	struct buf b = BUF_INIT;

	redact_into(&b, "TempPassword123!", 16);
	assert_string_equal(b.ptr, "Tem***");
	buf_reset(&b);
	redact_into(&b, "ab", 2);
	assert_string_equal(b.ptr, "***");
	buf_release(&b);
}

int change_tests(void);	/* change.c */
int modules_tests(void);	/* modules.c */
/* tests/unit/config_rules.c */
int run_config_rules_tests(void);
int facts_tests(void);	/* facts.c */

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(lines_basic),
		cmocka_unit_test(lines_intersection),
		cmocka_unit_test(lines_counting),
		cmocka_unit_test(globs),
		cmocka_unit_test(hookin_receive_ok),
		cmocka_unit_test(hookin_receive_bad),
		cmocka_unit_test(hookin_push_ok),
		cmocka_unit_test(hookin_read_lines),
		cmocka_unit_test(config_defaults),
		cmocka_unit_test(config_override),
		cmocka_unit_test(config_errors),
		cmocka_unit_test(suppression_until),
		cmocka_unit_test(suppression_rule_names),
		cmocka_unit_test(redaction),
		cmocka_unit_test(autonaming_settings),
		cmocka_unit_test(stable_array),
		cmocka_unit_test(language_for_path),
		cmocka_unit_test(language_kinds),
	};
	const struct CMUnitTest analysis[] = {
		cmocka_unit_test_setup_teardown(secret_literal, setup_analysis, teardown_analysis),
		cmocka_unit_test_setup_teardown(secret_through_const_and_fallback, setup_analysis, teardown_analysis),
		cmocka_unit_test_setup_teardown(secret_only_on_added_lines, setup_analysis, teardown_analysis),
		cmocka_unit_test_setup_teardown(secret_resolver_shapes, setup_analysis, teardown_analysis),
		cmocka_unit_test_setup_teardown(bucket_names, setup_analysis, teardown_analysis),
		cmocka_unit_test_setup_teardown(suffix_names, setup_analysis, teardown_analysis),
		cmocka_unit_test_setup_teardown(suffix_component_instances, setup_analysis, teardown_analysis),
		cmocka_unit_test_setup_teardown(deep_nesting_survives, setup_analysis, teardown_analysis),
		cmocka_unit_test_setup_teardown(lazy_lookup_adds_helpers, setup_analysis, teardown_analysis),
	};
	int failed;

	git_libgit2_init();
	failed = cmocka_run_group_tests_name("pure modules", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("analysis", analysis, NULL, NULL);
	failed += change_tests();
	failed += modules_tests();
	failed += run_config_rules_tests();
	failed += unit_cmd_tests();
	failed += unit_model_tests();
	failed += unit_model_py_tests();
	failed += facts_tests();
	git_libgit2_shutdown();
	return failed ? 1 : 0;
}
