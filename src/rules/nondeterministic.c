/*
 * nondeterministic-name
 *
 * Risk: a name built from Date.now(), new Date(), Math.random(),
 * crypto.randomUUID() or randomBytes() is different on every `pulumi up`;
 * a new logical name deletes and recreates the resource, a new physical
 * name replaces it: every deploy destroys data and breaks whatever refers
 * to the old name. A property whose change does not replace the resource
 * (finalSnapshotIdentifier: diff_only_properties) only shows a diff on
 * every deploy: advisory there.
 *
 * Violating:  new aws.s3.Bucket(`logs-${Date.now()}`, { ... })
 *             name: `orders-${environmentSuffix}-${Math.random().toString(36).slice(2)}`
 * Compliant:  new aws.s3.Bucket(`logs-${environmentSuffix}`, { ... })
 *             new random.RandomId(...) (its value is kept in the state)
 *
 * Limits: the value is followed through same-file consts (value.c); a
 * name built in another module or by a function call this file cannot
 * see is not judged. Only top-level keys of the resource's arguments
 * count (as for missing-env-suffix); Date.now() inside
 * pulumi.asset.StringAsset text is Lambda code, not a name, and is never
 * judged.
 */
#include "rules/rules.h"
#include "model/facts.h"

#include <string.h>

#define RULE "nondeterministic-name"

struct nondeterministic_name_settings {
	struct strlist properties;
	struct strlist diff_only_properties;
};

/*
 * Find a value that is new on every run anywhere inside n, for what
 * value.c leaves unknown: Math.floor(Math.random() * 1e6) and other calls
 * around a source. Function bodies are not entered (a callback's result
 * is not decided here); identifiers are followed to same-file consts.
 */
static int find_nondet(struct ctx *c, TSNode n, int depth, TSNode *out)
{
	uint32_t i, cnt;

	if (ts_node_is_null(n) || depth > 64)
		return 0;
	if (node_is(n, "arrow_function") || node_is(n, "function_expression") || node_is(n, "function"))
		return 0;
	if (node_is(n, "call_expression") || node_is(n, "new_expression")) {
		struct value v;

		value_classify(c, n, &v);
		if ((v.any & V_NONDET) && v.has_nondet) {
			*out = v.nondet;
			return 1;
		}
	} else if (node_is(n, "identifier")) {
		TSNode init = resolve_const(c, n);

		return !ts_node_eq(init, n) && find_nondet(c, init, depth + 8, out);
	}
	cnt = ts_node_named_child_count(n);
	for (i = 0; i < cnt; i++)
		if (find_nondet(c, ts_node_named_child(n, i), depth + 1, out))
			return 1;
	return 0;
}

/* A property whose change shows a diff but does not replace the resource. */
static int diff_only(const struct ctx *c, const char *prop)
{
	const struct nondeterministic_name_settings *conf = rule_settings(c, RULE_NONDETERMINISTIC_NAME);

	return strlist_has(&conf->diff_only_properties, prop);
}

static void check(struct ctx *c, enum severity sev, TSNode value, const char *type, const char *what,
		  const char *effect)
{
	struct value v;
	struct buf hint = BUF_INIT;
	size_t len;
	const char *t;
	char where[64] = "";

	value_classify(c, value, &v);
	if (!(v.any & V_NONDET) || !v.has_nondet) {
		if (!find_nondet(c, value, 0, &v.nondet))
			return;
	}
	t = node_text(c, v.nondet, &len);
	if (ts_node_start_point(v.nondet).row != ts_node_start_point(value).row)
		snprintf(where, sizeof(where), " (used on line %u)", ts_node_start_point(value).row + 1);
	buf_puts(&hint, "use a stable name (e.g. ");
	buf_printf(&hint, c->lang->words->suffixed, 4, "name", c->lang->words->suffix_name);
	buf_puts(&hint, "); if it must be unique, drop the name and let Pulumi add its random suffix, "
		 "or use random.RandomId (kept in the state)");
	report_node(c, RULE, sev, v.nondet, value, 0, hint.ptr,
		    "%s of %s is built from %.*s%s: it changes on every deploy, so %s",
		    what, type, (int)(len > 60 ? 60 : len), t, where, effect);
	buf_release(&hint);
}

static void rule_nondet_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct nondeterministic_name_settings *conf = rule_settings(c, RULE_NONDETERMINISTIC_NAME);
	enum severity sev = c->sev[RULE_NONDETERMINISTIC_NAME];
	const struct strlist *props = &conf->properties;
	struct facts_names names;
	const char *prop;
	size_t i;

	if (ts_node_is_null(r->name))
		return;
	check(c, sev, r->name, type, "the resource name",
	      "every `pulumi up` deletes the resource and creates a new one");
	if (ts_node_is_null(r->props))
		return;
	/* physical names: missing-env-suffix's table, Type.property */
	facts_names_init(&names, r->type, &c->cfg->vocab.name_properties,
			 &c->cfg->vocab.name_properties_remove);
	while ((prop = facts_names_next(&names)) != NULL) {
		TSNode value;
		char what[96];

		if (strlist_has(props, prop))
			continue;	/* props are judged below, once */
		value = resource_prop(r, prop);
		if (ts_node_is_null(value))
			continue;
		snprintf(what, sizeof(what), "physical name '%s'", prop);
		if (diff_only(c, prop))
			check(c, sev > SEV_ADVISORY ? SEV_ADVISORY : sev, value, type, what,
			      "every `pulumi up` shows a change to it (advisory: it does not replace the resource)");
		else
			check(c, sev, value, type, what, "every `pulumi up` replaces the resource");
	}
	/* properties that are names on every type: finalSnapshotIdentifier */
	for (i = 0; i < props->nr; i++) {
		TSNode value = resource_prop(r, props->items[i]);
		char what[96];

		if (ts_node_is_null(value))
			continue;
		snprintf(what, sizeof(what), "'%s'", props->items[i]);
		if (diff_only(c, props->items[i]))
			check(c, sev > SEV_ADVISORY ? SEV_ADVISORY : sev, value, type, what,
			      "every `pulumi up` shows a change to it and no one can know the snapshot's name "
			      "(advisory: it does not replace the resource)");
		else
			check(c, sev, value, type, what,
			      "every `pulumi up` changes the resource and no one can know the snapshot's name");
	}
}

static const struct key_def keys[] = {
	RULE_KEY(nondeterministic_name_settings, K_LIST, properties),
	RULE_KEY(nondeterministic_name_settings, K_LIST, diff_only_properties),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_nondeterministic_name = {
	.id = RULE,
	.summary = "a name built from Date.now(), Math.random() and the like changes on every deploy",
	.explain =
		"Catches: Date.now(), new Date(), Math.random(), crypto.randomUUID(), randomBytes(),\n"
		"uuid v4, nanoid() and the like (and methods called on them) in a resource's logical\n"
		"name (first argument of new), in a physical-name property (missing-env-suffix's: the\n"
		"provider facts and name_properties), or in a property listed in `properties`\n"
		"(finalSnapshotIdentifier)\n"
		"on any resource type, directly or through a same-file const.\n"
		"\n"
		"Why: the name is new on every `pulumi up`, so the resource is deleted and recreated\n"
		"(or replaced) every time: data is lost, references break, deploys slow down.\n"
		"\n"
		"Advisory only: properties in diff_only_properties (finalSnapshotIdentifier): a\n"
		"change there does not replace the resource, it only shows a diff on every deploy.\n"
		"\n"
		"Bad:   new aws.s3.Bucket(`logs-${Date.now()}`)\n"
		"       name: `orders-${Math.random()}`\n"
		"       finalSnapshotIdentifier: `db-final-${new Date().getTime()}`   (advisory)\n"
		"Good:  new aws.s3.Bucket(`logs-${environmentSuffix}`)\n"
		"       finalSnapshotIdentifier: `db-final-${environmentSuffix}`\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   name=f\"app-role-{environment_suffix}-{uuid.uuid4()}\"   (time.time(), datetime.now())\n"
		"Good:  name=f\"app-role-{environment_suffix}\"\n"
		"\n"
		"Not findings: Date.now() in Lambda code (pulumi.asset.StringAsset text), in tags or\n"
		"descriptions, or anywhere that is not a name.\n"
		"\n"
		"Tune: [rule \"nondeterministic-name\"] severity, exclude, properties,\n"
		"diff_only_properties; the physical\n"
		"names are missing-env-suffix's (`stackgate facts TYPE`, name_properties,\n"
		"name_properties_remove).\n",
	.keys = keys,
	.settings_size = sizeof(struct nondeterministic_name_settings),
	.on_resource = rule_nondet_resource,
};
