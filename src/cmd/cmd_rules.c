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
	int i;
	size_t p;

	if (cmd_load_config(&cfg, o, NULL, 0) < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		config_release(&cfg);
		return CMD_ERROR;
	}
	for (i = 0; i < RULE__COUNT; i++)
		printf("%-22s %-10s %s\n", rule_name((enum rule_id)i),
		       severity_name(cfg.rules[i].severity), rule_summary((enum rule_id)i));
	for (p = 0; p < cfg.nr_patterns; p++) {
		const struct pattern *pt = &cfg.patterns[p];

		if (pt->rule)
			continue;	/* reported under its built-in rule */
		printf("%-22s %-10s %s (pattern)\n", pt->name, severity_name(pt->severity),
		       pt->message ? pt->message : pt->regex);
	}
	config_release(&cfg);
	return CMD_OK;
}
