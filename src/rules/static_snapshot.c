/*
 * static-snapshot-id
 *
 * Risk: a fixed finalSnapshotIdentifier names the snapshot taken when the
 * database is destroyed. The first destroy creates it; the next destroy
 * (this stack again, or another environment) fails because a snapshot
 * of that name already exists, and the stack is stuck.
 *
 * Violating:  new aws.docdb.Cluster(`docs-${environmentSuffix}`, { finalSnapshotIdentifier: 'docs-final' })
 * Compliant:  finalSnapshotIdentifier: `docs-final-${environmentSuffix}`
 *             skipFinalSnapshot: true   (no snapshot, nothing to collide)
 *
 * Coordination: missing-env-suffix reports a fixed finalSnapshotIdentifier
 * where it judges the Type.property as a physical name (the provider
 * facts and its name_properties: aws.rds.Instance, aws.rds.Cluster). While that rule is enabled for the path,
 * this one stays silent on those, so one value is reported once.
 *
 * Limits: only literals (value_is_static), directly or through a
 * same-file const; a value with the suffix is not judged (two destroys
 * of the same environment still collide). A literal `skipFinalSnapshot:
 * true` on the same resource silences it (the name is never used).
 */
#include "rules/rules.h"
#include "model/facts.h"

#include <string.h>

#define RULE "static-snapshot-id"

struct static_snapshot_id_settings {
	struct strlist properties;
};

/* 1 if missing-env-suffix judges type.prop (and reports a fixed value). */
static int suffix_rule_covers(const struct ctx *c, const char *type, const char *prop)
{
	struct facts_names names;
	const char *name;

	if (c->sev[RULE_MISSING_ENV_SUFFIX] == SEV_DISABLED ||
	    !resource_is_named(c, type))
		return 0;
	facts_names_init(&names, type, &c->cfg->vocab.name_properties,
			 &c->cfg->vocab.name_properties_remove);
	while ((name = facts_names_next(&names)) != NULL)
		if (!strcmp(name, prop))
			return 1;
	return 0;
}

static void rule_snapshot_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct static_snapshot_id_settings *conf = rule_settings(c, RULE_STATIC_SNAPSHOT_ID);
	enum severity sev = c->sev[RULE_STATIC_SNAPSHOT_ID];
	const struct strlist *props = &conf->properties;
	TSNode skip;
	size_t i;

	if (ts_node_is_null(r->props))
		return;
	/* skipFinalSnapshot: true: no snapshot is taken, the name never matters */
	skip = resolve_const(c, resource_prop(r, "skipFinalSnapshot"));
	if (node_is(skip, "true"))
		return;
	for (i = 0; i < props->nr; i++) {
		const char *prop = props->items[i];
		TSNode value = resource_prop(r, prop);
		struct value v;
		size_t len;
		const char *t;
		char where[64] = "";

		if (ts_node_is_null(value) || suffix_rule_covers(c, type, prop))
			continue;
		value_classify(c, value, &v);
		if (!value_is_static(&v))
			continue;
		t = node_text(c, v.lit, &len);
		if (ts_node_start_point(v.lit).row != ts_node_start_point(value).row)
			snprintf(where, sizeof(where), " (used on line %u)", ts_node_start_point(value).row + 1);
		report_node(c, RULE, sev, v.lit, value, 0,
			    "add ${environmentSuffix} to it (and delete the old snapshot before destroying "
			    "again), or set skipFinalSnapshot: true if the data need not outlive the stack",
			    "fixed '%s' %.*s on %s%s: the first destroy leaves a snapshot of that name, "
			    "so the next destroy fails", prop, (int)(len > 80 ? 80 : len), t, type, where);
	}
}

static const struct key_def keys[] = {
	RULE_KEY(static_snapshot_id_settings, K_LIST, properties),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_static_snapshot_id = {
	.id = RULE,
	.summary = "a fixed finalSnapshotIdentifier makes the second destroy fail",
	.explain =
		"Catches: finalSnapshotIdentifier (properties) on any resource type whose value is a\n"
		"fixed string (a literal or a template without substitutions, directly or through a\n"
		"same-file const), unless the same resource says skipFinalSnapshot: true.\n"
		"\n"
		"Why: the first destroy leaves a snapshot of that name; the next destroy (again, or of\n"
		"another environment) fails because the snapshot exists.\n"
		"\n"
		"Bad:   new aws.docdb.Cluster(`docs-${environmentSuffix}`, { finalSnapshotIdentifier: 'docs-final' })\n"
		"Good:  finalSnapshotIdentifier: `docs-final-${environmentSuffix}`\n"
		"       skipFinalSnapshot: true\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   final_snapshot_identifier=\"docs-final-snapshot\"\n"
		"Good:  final_snapshot_identifier=f\"docs-final-{environment_suffix}\"\n"
		"\n"
		"Not findings: where missing-env-suffix is enabled and judges the Type.property as a\n"
		"physical name (aws.rds.Instance, aws.rds.Cluster): it reports the same value, once.\n"
		"\n"
		"Tune: [rule \"static-snapshot-id\"] severity, exclude, properties.\n",
	.keys = keys,
	.settings_size = sizeof(struct static_snapshot_id_settings),
	.on_resource = rule_snapshot_resource,
};
