/*
 * Pattern rules: token shapes (and a team's own patterns) over added lines.
 *
 * Risk: a credential with a recognisable shape (AKIA..., ghp_..., a PEM
 * private key) is a leak wherever it stands: in a string, a comment, a
 * test. The shapes are data in the INI ([pattern "NAME"] sections).
 *
 * Violating:  const key = 'AKIA2OGYBAH6TESTKEYX';   // an AWS key id
 * Compliant:  const key = 'AKIAIOSFODNN7EXAMPLE';   // AWS's documented example
 *
 * Limits: one line at a time (a PEM block is found by its header line);
 * matches are exact shapes, so a secret without a shape is left to the
 * syntax-tree rules.
 */
#include "rules.h"

#include <string.h>

#include "pattern.h"

static int pattern_applies(const struct pattern *p, const char *path)
{
	size_t i;

	if (!p->paths.nr)
		return 1;
	for (i = 0; i < p->paths.nr; i++)
		if (path_glob_match(p->paths.items[i], path))
			return 1;
	return 0;
}

static int line_has_finding(const struct ctx *c, const char *rule, uint32_t line)
{
	size_t i;

	for (i = 0; i < c->local.nr; i++)
		if (c->local.items[i].line == line && !strcmp(c->local.items[i].rule, rule))
			return 1;
	return 0;
}

int rule_patterns(struct ctx *c)
{
	const struct config *cfg = c->cfg;
	size_t i, off = 0;
	uint32_t line = 0;

	if (!cfg->nr_patterns)
		return 0;
	while (off < c->len) {
		const char *start = c->src + off, *nl = memchr(start, '\n', c->len - off);
		size_t len = nl ? (size_t)(nl - start) : c->len - off;

		line++;
		if (!c->change->added || lines_has(c->change->added, line)) {
			for (i = 0; i < cfg->nr_patterns; i++) {
				const struct pattern *p = &cfg->patterns[i];
				const char *rule = p->rule ? p->rule : p->name;
				enum severity sev = p->severity;
				enum rule_id id;
				size_t moff, mlen;
				struct buf msg = BUF_INIT;
				int found;

				if (p->rule && !rule_lookup(p->rule, &id))
					sev = config_severity(cfg, id, c->change->path);
				if (sev == SEV_DISABLED || !pattern_applies(p, c->change->path))
					continue;
				found = pattern_find(p, start, len, &moff, &mlen);
				if (found < 0)
					return -1;
				if (!found || line_has_finding(c, rule, line))
					continue;
				buf_printf(&msg, "%s in the source: a credential committed to git is leaked",
					   p->message ? p->message : p->name);
				report_span(c, rule, sev, (uint32_t)(off + moff), (uint32_t)(off + moff + mlen),
					    (uint32_t)(off + moff), (uint32_t)(off + moff + mlen),
					    "remove it, revoke it (it is in git history now), and read it from "
					    "config.requireSecret('<key>') or a secret store", msg.ptr);
				buf_release(&msg);
			}
		}
		off += len + 1;
	}
	return 0;
}
