/*
 * Unit tests (cmocka) for the model: what the TypeScript front end
 * lowers from a snippet (lang/ts/lower.c) and what resource_prop() and
 * resource_opt() read from it (model/resource.c), seen through
 * analyzer_observe_resources().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"
#include "analyze/analyze.h"
#include "config/config.h"
#include "model/model.h"
#include "base/util.h"

#define MAX_SEEN 8

/* What one resource lowered to, as text of the snippet. */
struct seen {
	char *type, *package, *name, *prop, *opt;	/* NULL: a null node */
	int has_props, composed;
	int in_component, in_constructor, conditional;
	char *component;	/* the component class's name */
};

struct observed {
	const char *src;
	const char *prop_key, *opt_key;	/* looked up during the callback */
	struct seen r[MAX_SEEN];
	size_t nr;
};

static char *text_of(const char *src, TSNode n)
{
	uint32_t s, e;
	char *t;

	if (ts_node_is_null(n))
		return NULL;
	s = ts_node_start_byte(n);
	e = ts_node_end_byte(n);
	t = xmalloc(e - s + 1);
	memcpy(t, src + s, e - s);
	t[e - s] = '\0';
	return t;
}

static void observe(const struct resource *r, void *data)
{
	struct observed *o = data;
	struct resource_scope in;
	struct seen *s;

	assert_true(o->nr < MAX_SEEN);
	s = &o->r[o->nr++];
	s->type = xstrdup(r->type);
	s->package = xstrdup(r->package);
	s->name = text_of(o->src, r->name);
	s->has_props = !ts_node_is_null(r->props);
	s->composed = r->props_composed;
	s->prop = o->prop_key ? text_of(o->src, resource_prop(r, o->prop_key)) : NULL;
	s->opt = o->opt_key ? text_of(o->src, resource_opt(r, o->opt_key)) : NULL;
	s->in_component = resource_component(r, &in);
	s->in_constructor = in.in_constructor;
	s->component = text_of(o->src, in.name);
	s->conditional = resource_conditional(r);
}

static void observed_release(struct observed *o)
{
	size_t i;

	for (i = 0; i < o->nr; i++) {
		free(o->r[i].type);
		free(o->r[i].package);
		free(o->r[i].name);
		free(o->r[i].prop);
		free(o->r[i].opt);
		free(o->r[i].component);
	}
	o->nr = 0;
}

/* Lower `src` as lib/x.ts (every line added) into o. */
static void lower(const char *src, const char *prop_key, const char *opt_key, struct observed *o)
{
	struct config cfg;
	struct analyzer *a;
	struct finding_list out = { 0 };
	struct change ch;
	uint32_t syntax;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_int_equal(config_compile(&cfg), 0);
	a = analyzer_new(&cfg);
	memset(o, 0, sizeof(*o));
	o->src = src;
	o->prop_key = prop_key;
	o->opt_key = opt_key;
	analyzer_observe_resources(a, observe, o);
	memset(&ch, 0, sizeof(ch));
	ch.path = "lib/x.ts";
	ch.content = src;
	ch.len = strlen(src);
	assert_int_equal(analyze_change(a, &ch, &out, &syntax), 0);
	assert_int_equal(syntax, 0);
	findings_release(&out);
	analyzer_free(a);
	config_release(&cfg);
}

#define AWS "import * as aws from '@pulumi/aws';\n"

static void model_type_name_props_opts(void **state)
{
	struct observed o;

	(void)state;
	lower(AWS "class C { constructor() {\n"
	      "  new aws.s3.Bucket('logs', { bucket: 'acme-logs', acl: 'private' }, { parent: this });\n"
	      "} }\n", "bucket", "parent", &o);
	assert_int_equal(o.nr, 1);
	assert_string_equal(o.r[0].type, "aws.s3.Bucket");
	assert_string_equal(o.r[0].package, "aws");
	assert_string_equal(o.r[0].name, "'logs'");
	assert_true(o.r[0].has_props);
	assert_false(o.r[0].composed);
	assert_string_equal(o.r[0].prop, "'acme-logs'");
	assert_string_equal(o.r[0].opt, "this");
	observed_release(&o);

	/* no arguments object, no options: nothing to read */
	lower(AWS "new aws.sqs.Queue(`q-${x}`);\n", "name", "parent", &o);
	assert_int_equal(o.nr, 1);
	assert_string_equal(o.r[0].type, "aws.sqs.Queue");
	assert_string_equal(o.r[0].name, "`q-${x}`");
	assert_false(o.r[0].has_props);
	assert_null(o.r[0].prop);
	assert_null(o.r[0].opt);
	observed_release(&o);
}

static void model_types_through_imports(void **state)
{
	struct observed o;

	(void)state;
	/* a sub-package import, a const alias, another provider package */
	lower("import * as s3 from '@pulumi/aws/s3';\n"
	      "import * as random from '@pulumi/random';\n"
	      "import * as pulumi from '@pulumi/pulumi';\n"
	      AWS
	      "const ec2 = aws.ec2;\n"
	      "new s3.Bucket('b');\n"
	      "new ec2.Vpc('v', {});\n"
	      "new random.RandomPassword('p', { length: 16 });\n"
	      "new pulumi.ComponentResource('t:c', 'n');\n"
	      "new Map();\n", NULL, NULL, &o);
	assert_int_equal(o.nr, 3);
	assert_string_equal(o.r[0].type, "aws.s3.Bucket");
	assert_string_equal(o.r[0].package, "aws");
	assert_string_equal(o.r[1].type, "aws.ec2.Vpc");
	assert_string_equal(o.r[2].type, "random.RandomPassword");
	assert_string_equal(o.r[2].package, "random");
	observed_release(&o);
}

static void model_props_follow_consts_and_spreads(void **state)
{
	struct observed o;

	(void)state;
	lower(AWS "const base = { bucket: 'first', acl: 'private' };\n"
	      "const args = { ...base, bucket: 'second' };\n"
	      "const opts = { parent: undefined, protect: true };\n"
	      "new aws.s3.Bucket('b', args, opts);\n", "bucket", "protect", &o);
	assert_int_equal(o.nr, 1);
	assert_true(o.r[0].has_props);
	assert_false(o.r[0].composed);
	assert_string_equal(o.r[0].prop, "'second'");	/* the last one written wins */
	assert_string_equal(o.r[0].opt, "true");
	observed_release(&o);

	lower(AWS "const base = { bucket: 'first' };\n"
	      "new aws.s3.Bucket('b', Object.assign({}, base, { acl: 'private' }));\n", "bucket", NULL, &o);
	assert_int_equal(o.nr, 1);
	assert_true(o.r[0].has_props);
	assert_true(o.r[0].composed);
	assert_string_equal(o.r[0].prop, "'first'");
	observed_release(&o);

	/* an argument this file cannot see: no properties, never a guess */
	lower(AWS "export function f(args: aws.s3.BucketArgs) { return new aws.s3.Bucket('b', args); }\n",
	      "bucket", NULL, &o);
	assert_int_equal(o.nr, 1);
	assert_false(o.r[0].has_props);
	assert_null(o.r[0].prop);
	observed_release(&o);
}

static void model_where_created(void **state)
{
	struct observed o;

	(void)state;
	lower("import * as pulumi from '@pulumi/pulumi';\n" AWS
	      "class Tap extends pulumi.ComponentResource {\n"
	      "  constructor(name: string) {\n"
	      "    super('t:Tap', name);\n"
	      "    new aws.sqs.Queue('a', {}, { parent: this });\n"
	      "    const f = () => new aws.sqs.Queue('b');\n"
	      "    if (name) new aws.sqs.Queue('c');\n"
	      "    function g() { return new aws.sqs.Queue('d'); }\n"
	      "  }\n"
	      "  more() { return flag && new aws.sqs.Queue('e'); }\n"
	      "  static make() { return new aws.sqs.Queue('f'); }\n"
	      "}\n"
	      "class Plain { constructor() { new aws.sqs.Queue('g'); } }\n"
	      "new aws.sqs.Queue(cond ? 'h' : 'i');\n", NULL, NULL, &o);
	assert_int_equal(o.nr, 8);
	/* a, b (an arrow function sees the constructor's `this`), c */
	assert_true(o.r[0].in_component);
	assert_true(o.r[0].in_constructor);
	assert_string_equal(o.r[0].component, "Tap");
	assert_false(o.r[0].conditional);
	assert_true(o.r[1].in_component);
	assert_true(o.r[2].in_component);
	assert_true(o.r[2].conditional);
	/* d: a function has a `this` of its own */
	assert_false(o.r[3].in_component);
	/* e: an instance method, under && */
	assert_true(o.r[4].in_component);
	assert_false(o.r[4].in_constructor);
	assert_true(o.r[4].conditional);
	/* f: static; g: not a component; the last one: the condition runs always */
	assert_false(o.r[5].in_component);
	assert_false(o.r[6].in_component);
	assert_false(o.r[7].in_component);
	assert_false(o.r[7].conditional);
	observed_release(&o);
}

static void model_entry_prop(void **state)
{
	struct resource r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.type = "aws.s3.Bucket";
	assert_string_equal(resource_entry_prop(&r, "aws.s3.Bucket.bucket"), "bucket");
	assert_null(resource_entry_prop(&r, "aws.s3.BucketV2.bucket"));
	assert_null(resource_entry_prop(&r, "aws.s3.Bucket"));
	assert_null(resource_entry_prop(&r, "bucket"));
}

int unit_model_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(model_type_name_props_opts),
		cmocka_unit_test(model_types_through_imports),
		cmocka_unit_test(model_props_follow_consts_and_spreads),
		cmocka_unit_test(model_where_created),
		cmocka_unit_test(model_entry_prop),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
