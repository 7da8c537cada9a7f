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
 * A team adds its own pattern in the INI, no rebuild: [pattern "NAME"]
 * with regex, keywords, severity, message, and optionally min_entropy,
 * paths and allow_values; it reports under NAME. Built-in shapes carry
 * `rule = hardcoded-secret` and report under that rule (its severity and
 * excludes apply; the pattern's own severity can only lower it, so
 * `severity = disabled` turns one shape off).
 *
 * Cost: which patterns apply to a file (paths, severity, excludes) is
 * decided once per file; each added line is lowercased once for the
 * keyword prefilter, and a regex runs only on lines holding a keyword.
 *
 * Limits: one line at a time (a PEM block is found by its header line);
 * matches are exact shapes, so a secret without a shape is left to the
 * syntax-tree rules. One finding per pattern rule per line.
 */
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pattern.h"

struct active {
	const struct pattern *p;
	const char *rule;
	enum severity sev;
};

static int pattern_applies(const struct pattern *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->exclude.nr; i++)
		if (path_glob_match(p->exclude.items[i], path))
			return 0;
	if (!p->paths.nr)
		return 1;
	for (i = 0; i < p->paths.nr; i++)
		if (path_glob_match(p->paths.items[i], path))
			return 1;
	return 0;
}

/* Severity of p for path: its rule's (with the rule's excludes); a token
 * shape's own severity can only lower its built-in rule's. */
static enum severity pattern_severity(const struct config *cfg, const struct pattern *p,
				      const char *path)
{
	const struct rule_entry *e = &cfg->rules[p->entry];
	enum severity sev = rule_entry_severity(e, path);

	if (e->pattern)
		return sev;
	return p->severity < sev ? p->severity : sev;
}

int rule_patterns(struct ctx *c)
{
	const struct config *cfg = c->cfg;
	struct active *act = NULL;
	struct pattern_scratch scratch = PATTERN_SCRATCH_INIT;
	size_t i, nr = 0, off = 0;
	uint32_t line = 0;
	int rc = 0;

	if (!cfg->nr_patterns)
		return 0;
	act = xcalloc(cfg->nr_patterns, sizeof(*act));
	for (i = 0; i < cfg->nr_patterns; i++) {
		const struct pattern *p = &cfg->patterns[i];
		enum severity sev = pattern_severity(cfg, p, c->change->path);

		if (sev == SEV_DISABLED || !pattern_applies(p, c->change->path))
			continue;
		act[nr].p = p;
		act[nr].rule = cfg->rules[p->entry].id;
		act[nr].sev = sev;
		nr++;
	}
	scratch.deadline_ns = c->deadline_ns;
	while (nr && off < c->len) {
		const char *start = c->src + off, *nl = memchr(start, '\n', c->len - off);
		size_t len = nl ? (size_t)(nl - start) : c->len - off;

		if (ctx_out_of_time(c))
			break;
		line++;
		if (c->change->added && !lines_has(c->change->added, line)) {
			off += len + 1;
			continue;
		}
		pattern_scratch_line(&scratch, start, len);
		for (i = 0; i < nr; i++) {
			const struct pattern *p = act[i].p;
			size_t moff, mlen;
			struct buf msg = BUF_INIT;
			int found = pattern_match(&scratch, p, &moff, &mlen);

			if (found < 0) {
				char why[512];

				/* say where: the message names only the pattern */
				snprintf(why, sizeof(why), "%s", error_last());
				rc = error("%s, on line %u of '%s'", why, line, c->change->path);
				if (scratch.timed_out)
					c->timed_out = 1;
				goto out;
			}
			if (!found || ctx_span_has_finding(c, act[i].rule, line, off + moff, off + moff + mlen))
				continue;
			buf_printf(&msg, "%s in the source: a credential committed to git is leaked",
				   p->message ? p->message : p->name);
			/* staged or plain files: no commit holds it yet */
			report_span(c, act[i].rule, act[i].sev, (uint32_t)(off + moff),
				    (uint32_t)(off + moff + mlen), (uint32_t)(off + moff),
				    (uint32_t)(off + moff + mlen),
				    c->change->commit
				    ? "remove it, revoke it (it is in git history now), and read it from "
				      "config.requireSecret('<key>') or a secret store"
				    : "remove it before it is committed (a commit keeps it in git history), "
				      "and read it from config.requireSecret('<key>') or a secret store", msg.ptr);
			buf_release(&msg);
		}
		off += len + 1;
	}
out:
	pattern_scratch_release(&scratch);
	free(act);
	return rc;
}
