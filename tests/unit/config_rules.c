/*
 * Unit tests of the rule table and of per-rule configuration: built-in
 * rules and a team's [pattern "NAME"] rules are entries of one table;
 * rules' keys are typed and checked when the INI loads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "config/config.h"
#include "base/util.h"

int run_config_rules_tests(void);

/* Built-ins come first, indexed by enum rule_id, in rules.def order. */
static void table_builtins(void **state)
{
	struct config cfg;
	int i;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_true(cfg.nr_rules >= RULE__COUNT);
	for (i = 0; i < RULE__COUNT; i++) {
		assert_ptr_equal(cfg.rules[i].def, rule_defs[i]);
		assert_string_equal(cfg.rules[i].id, rule_defs[i]->id);
		assert_ptr_equal(config_rule(&cfg, rule_defs[i]->id), &cfg.rules[i]);
	}
	assert_string_equal(cfg.rules[RULE_HARDCODED_SECRET].id, "hardcoded-secret");
	assert_string_equal(cfg.rules[RULE_INVALID_SUPPRESSION].id, "invalid-suppression");
	/* the default INI's token shapes report under hardcoded-secret: no entries */
	assert_int_equal(cfg.nr_rules, RULE__COUNT);
	assert_null(config_rule(&cfg, "github-token"));
	assert_int_equal(config_pattern(&cfg, "github-token")->entry, RULE_HARDCODED_SECRET);
	config_release(&cfg);
}

/* A team's pattern is an entry: [pattern] and [rule] set its rule-wide keys. */
static void table_patterns(void **state)
{
	struct config cfg;
	const struct rule_entry *e;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_int_equal(config_load_string(&cfg,
		"[pattern \"acme-token\"]\nregex = acme_[a-z0-9]{16}\nkeywords = acme_\n"
		"message = ACME token\nseverity = advisory\n", "t.ini"), 0);
	assert_int_equal(cfg.nr_rules, RULE__COUNT + 1);
	e = config_rule(&cfg, "acme-token");
	assert_non_null(e);
	assert_ptr_equal(e, &cfg.rules[RULE__COUNT]);
	assert_null(e->def);
	assert_string_equal(e->pattern->regex, "acme_[a-z0-9]{16}");
	assert_int_equal(e->severity, SEV_ADVISORY);
	assert_string_equal(rule_entry_summary(e), "ACME token");
	assert_int_equal(config_pattern(&cfg, "acme-token")->entry, RULE__COUNT);
	assert_int_equal(rule_entry_severity(e, "test/a.ts"), SEV_ADVISORY);

	/* a later layer's [rule "acme-token"] changes the same entry */
	assert_int_equal(config_load_string(&cfg,
		"[rule \"acme-token\"]\nseverity = mandatory\nexclude = test/**\n"
		"allow_inline_ignore = false\n", "u.ini"), 0);
	assert_int_equal(cfg.nr_rules, RULE__COUNT + 1);
	e = config_rule(&cfg, "acme-token");
	assert_int_equal(e->severity, SEV_MANDATORY);
	assert_int_equal(e->no_inline_ignore, 1);
	assert_int_equal(rule_entry_severity(e, "test/a.ts"), SEV_DISABLED);
	assert_int_equal(rule_entry_severity(e, "lib/a.ts"), SEV_MANDATORY);

	/* a second pattern is a second entry, in definition order */
	assert_int_equal(config_load_string(&cfg,
		"[pattern \"beta-key\"]\nregex = beta_[0-9]{8}\n", "v.ini"), 0);
	assert_int_equal(cfg.nr_rules, RULE__COUNT + 2);
	assert_string_equal(cfg.rules[RULE__COUNT + 1].id, "beta-key");
	assert_string_equal(rule_entry_summary(&cfg.rules[RULE__COUNT + 1]), "beta_[0-9]{8}");
	assert_null(config_rule(&cfg, "gamma"));
	config_release(&cfg);
}

/* Where rule `id` keeps key `name` in its settings (found through its key table). */
static void *setting(const struct config *cfg, enum rule_id id, const char *name, enum key_type type)
{
	const struct key_def *k;

	for (k = rule_defs[id]->keys; k && k->name; k++) {
		if (strcmp(k->name, name))
			continue;
		assert_int_equal(k->type, type);
		return (char *)cfg->rules[id].settings + k->offset;
	}
	fail_msg("rule '%s' has no key '%s'", rule_defs[id]->id, name);
	return NULL;
}

/* Each key lands in its rule's struct, typed, when the INI loads. */
static void typed_keys(void **state)
{
	struct config cfg;
	const struct strlist *l;

	assert_int_equal(config_init_defaults(&cfg), 0);
	/* the defaults are parsed into the structs */
	assert_int_equal(*(size_t *)setting(&cfg, RULE_SDK_V2_INLINE, "from_nodejs_major", K_SIZE), 18);
	assert_non_null(*(char **)setting(&cfg, RULE_DEPRECATED_RUNTIME, "table_as_of", K_STRING));
	l = setting(&cfg, RULE_STATIC_BUCKET_NAME, "bucket_types", K_LIST);
	assert_true(strlist_has(l, "aws.s3.Bucket"));

	assert_int_equal(config_load_string(&cfg,
		"[rule \"deprecated-runtime\"]\nlead_days = 30\ntable_as_of = 2026-01-02\n"
		"[rule \"missing-parent\"]\ncheck_methods = false\n"
		"[rule \"static-bucket-name\"]\nbucket_types = a.B,\n  c.D\n", "t.ini"), 0);
	assert_int_equal(*(size_t *)setting(&cfg, RULE_DEPRECATED_RUNTIME, "lead_days", K_SIZE), 30);
	assert_string_equal(*(char **)setting(&cfg, RULE_DEPRECATED_RUNTIME, "table_as_of", K_STRING),
			    "2026-01-02");
	assert_int_equal(*(int *)setting(&cfg, RULE_MISSING_PARENT, "check_methods", K_BOOL), 0);
	l = setting(&cfg, RULE_STATIC_BUCKET_NAME, "bucket_types", K_LIST);
	assert_int_equal(l->nr, 2);
	assert_string_equal(l->items[1], "c.D");
	assert_int_equal(config_load_string(&cfg, "[rule \"missing-parent\"]\ncheck_methods = yes\n", "u.ini"), 0);
	assert_int_equal(*(int *)setting(&cfg, RULE_MISSING_PARENT, "check_methods", K_BOOL), 1);
	config_release(&cfg);
}

/* Shared facts keep their sections, and land in the vocabulary. */
static void vocab_keys_in_their_sections(void **state)
{
	struct config cfg;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_true(strlist_has(&cfg.vocab.suffix_identifiers, "environmentSuffix"));
	assert_true(strlist_has(&cfg.vocab.secret_words, "password"));
	assert_true(cfg.vocab.accept_get_stack == 0 || cfg.vocab.accept_get_stack == 1);
	assert_int_equal(config_load_string(&cfg,
		"[rule \"missing-env-suffix\"]\nsuffix_identifiers = sfx\naccept_get_stack = true\n"
		"exclude_types = x.*\n"
		"[rule \"hardcoded-secret\"]\nsecret_keys = pin\n", "t.ini"), 0);
	assert_int_equal(cfg.vocab.suffix_identifiers.nr, 1);
	assert_string_equal(cfg.vocab.suffix_identifiers.items[0], "sfx");
	assert_int_equal(cfg.vocab.accept_get_stack, 1);
	assert_string_equal(cfg.vocab.exclude_types.items[0], "x.*");
	assert_int_equal(cfg.vocab.secret_keys.nr, 1);
	/* missing-parent's exclude_types is its own, not the shared one */
	assert_int_equal(config_load_string(&cfg, "[rule \"missing-parent\"]\nexclude_types = y.*\n", "u.ini"), 0);
	assert_string_equal(cfg.vocab.exclude_types.items[0], "x.*");
	/* a fact is read in its own section only */
	assert_int_equal(config_load_string(&cfg,
		"[rule \"static-bucket-name\"]\nsuffix_identifiers = sfx\n", "v.ini"), -1);
	assert_non_null(strstr(error_last(), "v.ini:2: unknown key 'suffix_identifiers' in [rule \"static-bucket-name\"]"));
	config_release(&cfg);
}

/* A key no rule has, or a value of the wrong type: an error naming file and line, no abort. */
static void key_errors(void **state)
{
	struct config cfg;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_int_equal(config_load_string(&cfg,
		"[rule \"static-bucket-name\"]\nseverity = advisory\nbucket_typo = a\n", "t.ini"), -1);
	assert_non_null(strstr(error_last(), "t.ini:3: unknown key 'bucket_typo' in [rule \"static-bucket-name\"]"));
	assert_int_equal(config_load_string(&cfg, "[rule \"missing-parent\"]\ncheck_methods = maybe\n", "u.ini"), -1);
	assert_non_null(strstr(error_last(), "u.ini:2: 'check_methods' must be true or false, not 'maybe'"));
	assert_int_equal(config_load_string(&cfg, "[rule \"deprecated-runtime\"]\nlead_days = soon\n", "v.ini"), -1);
	assert_non_null(strstr(error_last(), "'lead_days' must be a size"));
	/* a rule without keys of its own */
	assert_int_equal(config_load_string(&cfg, "[rule \"invalid-suppression\"]\nwords = x\n", "w.ini"), -1);
	assert_non_null(strstr(error_last(), "unknown key 'words'"));
	config_release(&cfg);
}

/* What the vocabulary says of a key, with the default INI's words. */
static void vocab_secret_keys(void **state)
{
	struct config cfg;
	char norm[32];

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_true(vocab_key_is_secret_like(&cfg.vocab, "dbPassword", 10));
	assert_true(vocab_key_is_secret_like(&cfg.vocab, "DB_PASS", 7));
	assert_true(vocab_key_is_secret_like(&cfg.vocab, "api-token", 9));
	/* a reference to a secret is not one */
	assert_false(vocab_key_is_secret_like(&cfg.vocab, "passwordArn", 11));
	assert_false(vocab_key_is_secret_like(&cfg.vocab, "secretName", 10));
	assert_false(vocab_key_is_secret_like(&cfg.vocab, "bucketName", 10));
	/* "pass" is a word of DB_PASS, not a part of "compass" */
	assert_false(vocab_key_is_secret_like(&cfg.vocab, "compass", 7));
	assert_int_equal(vocab_normalise("DB_Pass-word.x", 14, norm, sizeof(norm)), 11);
	assert_string_equal(norm, "dbpasswordx");
	assert_true(vocab_has_segment(&cfg.vocab.secret_segments, "dbPass", 6, 1));
	assert_false(vocab_has_segment(&cfg.vocab.secret_segments, "passUser", 8, 1));
	config_release(&cfg);
}

int run_config_rules_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_builtins),
		cmocka_unit_test(table_patterns),
		cmocka_unit_test(typed_keys),
		cmocka_unit_test(vocab_keys_in_their_sections),
		cmocka_unit_test(key_errors),
		cmocka_unit_test(vocab_secret_keys),
	};

	return cmocka_run_group_tests_name("rule table and rule configuration", tests, NULL, NULL);
}
