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

int run_config_rules_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_builtins),
		cmocka_unit_test(table_patterns),
	};

	return cmocka_run_group_tests_name("rule table and rule configuration", tests, NULL, NULL);
}
