/*
 * stackgate explain RULE: what a rule catches, why, examples, and how to
 * tune or suppress it; a team's [pattern] rule is explained from its INI.
 */
#include "cmd/cmd.h"

#include <stdio.h>

#include "base/util.h"

static void explain_ways_out(const char *name, const char *section)
{
	printf("\nSuppress one finding where it is intended: a comment on its line or on the line\n"
	       "above it (above a `new`, it covers the whole resource), with a reason:\n"
	       "  // stackgate:ignore %s -- why this is safe here [until=YYYY-MM-DD]\n"
	       "  # stackgate:ignore %s -- why this is safe here   (in Python)\n"
	       "After its until= date it no longer suppresses. A server may refuse inline\n"
	       "suppressions ([general] allow_inline_ignore = false) and so may this rule\n"
	       "([%s \"%s\"] allow_inline_ignore = false).\n", name, name, section, name);
}

enum cmd_result cmd_explain(const struct options *o)
{
	enum rule_id id;
	struct config cfg;
	const struct rule_entry *e;
	const struct pattern *p;
	enum cmd_result res;

	if (o->nr_args != 1)
		return cmd_usage_error("%s", "explain needs one rule id (see `stackgate rules`)");
	if (rule_lookup(o->args[0], &id) == 0) {
		printf("%s: %s\n\n%s", rule_defs[id]->id, rule_defs[id]->summary, rule_defs[id]->explain);
		printf("\nSuppress or tune it in the INI:\n  [rule \"%s\"]\n  severity = advisory    ; or disabled\n"
		       "  exclude = test/**      ; paths where it does not apply\n", rule_defs[id]->id);
		explain_ways_out(rule_defs[id]->id, "rule");
		return CMD_OK;
	}
	/* a team's own [pattern "NAME"] is a rule too */
	if (cmd_load_config(&cfg, o, NULL, 0) < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		config_release(&cfg);
		return CMD_ERROR;
	}
	e = config_rule(&cfg, o->args[0]);
	p = e ? e->pattern : config_pattern(&cfg, o->args[0]);
	if (!e || !p) {
		if (p) {
			fprintf(stderr, "stackgate: '%s' is a token shape of rule '%s': see `stackgate "
				"explain %s`\n", o->args[0], p->rule, p->rule);
			res = CMD_ERROR;
		} else {
			res = cmd_usage_error("unknown rule '%s' (see `stackgate rules`)", o->args[0]);
		}
		config_release(&cfg);
		return res;
	}
	printf("%s: %s (a pattern rule of %s)\n\n", p->name, p->message ? p->message : p->regex, cfg.source);
	printf("Catches: a match of the regular expression\n  %s\non any added line of a file in scope, "
	       "comments included.\nSeverity: %s.\n", p->regex, severity_name(e->severity));
	printf("\nTune it in the INI:\n  [pattern \"%s\"]\n  severity = advisory    ; or disabled\n"
	       "  exclude = test/**      ; paths where it does not apply\n", p->name);
	explain_ways_out(p->name, "pattern");
	config_release(&cfg);
	return CMD_OK;
}
