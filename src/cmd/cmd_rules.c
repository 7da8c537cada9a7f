/*
 * stackgate rules: every rule with its severity and summary, the
 * built-in ones and the configuration's own [pattern] rules.
 */
#include "cmd/cmd.h"

#include <stdio.h>

#include "base/util.h"

enum cmd_result cmd_rules(const struct options *o)
{
	struct config cfg;
	size_t i;

	if (cmd_load_config(&cfg, o, NULL, 0) < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		config_release(&cfg);
		return CMD_ERROR;
	}
	/* one table: the built-in rules, then the team's patterns (token
	 * shapes report under their built-in rule and are not entries) */
	for (i = 0; i < cfg.nr_rules; i++) {
		const struct rule_entry *e = &cfg.rules[i];

		printf("%-22s %-10s %s%s\n", e->id, severity_name(e->severity), rule_entry_summary(e),
		       e->pattern ? " (pattern)" : "");
	}
	config_release(&cfg);
	return CMD_OK;
}
