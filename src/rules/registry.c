/* The rule table: every built-in rule the analysis runs, in report order
 * (rules/rules.def). */
#include "rules/registry.h"

#define RULE(id, sym) extern const struct rule_def rule_##sym;
#include "rules/rules.def"
#undef RULE

const struct rule_def *const rule_defs[RULE__COUNT] = {
#define RULE(id, sym) [RULE_##id] = &rule_##sym,
#include "rules/rules.def"
#undef RULE
};
