/*
 * Unit tests (cmocka) for the Python front end: what it lowers from a
 * snippet (lang/py/py_lower.c), what resource_prop() and resource_opt()
 * read from it (keyword arguments under their camelCase keys, args
 * classes, dicts, ResourceOptions), where a resource is created, and the
 * value classes of Python expressions (lang/py/py_value.c), seen
 * through analyzer_observe_resources().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"
#include "analyze/analyze.h"
#include "config/config.h"
#include "model/model.h"
#include "base/util.h"

#define MAX_SEEN 8

struct seen {
	char *type, *name, *prop, *opt;	/* NULL: a null node */
	int in_component, in_constructor, conditional;
	char *component;
	unsigned prop_any;	/* value_classify() of the property */
	int prop_hard;
	char *prop_lit;		/* the literal it found */
	int num_ok;		/* value_number() of the property */
	double num;
	int text_ok;		/* value_text_parts() of the property */
	char text[64];		/* its parts: literal text, '~' an escape, '*' a substitution */
};

struct observed {
	const char *src;
	const char *prop_key, *opt_key;
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

static void add_part(void *data, enum text_part kind, const char *t, size_t len)
{
	struct seen *s = data;
	size_t at = strlen(s->text);

	if (kind == TEXT_LITERAL)
		snprintf(s->text + at, sizeof(s->text) - at, "%.*s", (int)len, t);
	else
		snprintf(s->text + at, sizeof(s->text) - at, "%s", kind == TEXT_ESCAPE ? "~" : "*");
}

static void observe(const struct resource *r, void *data)
{
	struct observed *o = data;
	struct resource_scope in;
	struct seen *s;
	TSNode p = { 0 };

	assert_true(o->nr < MAX_SEEN);
	s = &o->r[o->nr++];
	memset(s, 0, sizeof(*s));
	s->type = xstrdup(r->type);
	s->name = text_of(o->src, r->name);
	if (o->prop_key)
		p = resource_prop(r, o->prop_key);
	s->prop = text_of(o->src, p);
	if (!ts_node_is_null(p)) {
		struct value v;

		value_classify(r->file, p, &v);
		s->prop_any = v.any;
		s->prop_hard = v.hard;
		s->prop_lit = v.has_lit ? text_of(o->src, v.lit) : NULL;
		s->num_ok = value_number(r->file, p, &s->num);
		{
			TSNode lit;

			s->text_ok = value_text_parts(r->file, p, &lit, add_part, s);
		}
	}
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
		free(o->r[i].name);
		free(o->r[i].prop);
		free(o->r[i].opt);
		free(o->r[i].component);
		free(o->r[i].prop_lit);
	}
	o->nr = 0;
}

/* Lower `src` as lib/x.py (every line added) into o. */
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
	ch.path = "lib/x.py";
	ch.content = src;
	ch.len = strlen(src);
	assert_int_equal(analyze_change(a, &ch, &out, &syntax), 0);
	assert_int_equal(syntax, 0);
	findings_release(&out);
	analyzer_free(a);
	config_release(&cfg);
}

#define HEAD "import pulumi\nimport pulumi_aws as aws\n"

static void py_type_name_props_opts(void **state)
{
	struct observed o;

	(void)state;
	lower(HEAD "b = aws.s3.Bucket('logs', bucket_prefix='acme-', opts=pulumi.ResourceOptions(depends_on=[x]))\n",
	      "bucketPrefix", "dependsOn", &o);
	assert_int_equal(o.nr, 1);
	assert_string_equal(o.r[0].type, "aws.s3.Bucket");
	assert_string_equal(o.r[0].name, "'logs'");
	assert_string_equal(o.r[0].prop, "'acme-'");
	assert_string_equal(o.r[0].opt, "[x]");
	observed_release(&o);

	/* resource_name=, args=BucketArgs(...), lambda_ is lambda */
	lower(HEAD "aws.lambda_.Function(resource_name='fn', args=aws.lambda_.FunctionArgs(runtime='python3.12'))\n"
	      "aws.s3.Bucket('b', {'bucket': 'x'})\n"
	      "aws.get_region()\n"
	      "aws.s3.BucketArgs(bucket='y')\n",
	      "runtime", NULL, &o);
	assert_int_equal(o.nr, 2);
	assert_string_equal(o.r[0].type, "aws.lambda.Function");
	assert_string_equal(o.r[0].name, "'fn'");
	assert_string_equal(o.r[0].prop, "'python3.12'");
	assert_string_equal(o.r[1].type, "aws.s3.Bucket");
	assert_null(o.r[1].prop);
	observed_release(&o);

	/* a dict as the args, and one it unpacks */
	lower(HEAD "base = {'bucket': 'x'}\naws.s3.Bucket('b', **base)\n", "bucket", NULL, &o);
	assert_int_equal(o.nr, 1);
	assert_string_equal(o.r[0].prop, "'x'");
	observed_release(&o);
}

static void py_types_through_imports(void **state)
{
	struct observed o;

	(void)state;
	lower("from pulumi_aws import s3, ec2 as compute\n"
	      "from pulumi_aws.rds import Instance\n"
	      "import pulumi_random as random\n"
	      "import pulumi_aws\n"
	      "s3.Bucket('a')\n"
	      "compute.Vpc('b')\n"
	      "Instance('c')\n"
	      "random.RandomPassword('d', length=16)\n"
	      "pulumi_aws.sqs.Queue('e')\n"
	      "import random as r\n"
	      "r.Random()\n",
	      NULL, NULL, &o);
	assert_int_equal(o.nr, 5);
	assert_string_equal(o.r[0].type, "aws.s3.Bucket");
	assert_string_equal(o.r[1].type, "aws.ec2.Vpc");
	assert_string_equal(o.r[2].type, "aws.rds.Instance");
	assert_string_equal(o.r[3].type, "random.RandomPassword");
	assert_string_equal(o.r[4].type, "aws.sqs.Queue");
	observed_release(&o);
}

static void py_where_created(void **state)
{
	struct observed o;

	(void)state;
	lower(HEAD "class Tap(pulumi.ComponentResource):\n"
	      "    def __init__(self, name, args, opts=None):\n"
	      "        super().__init__('tap:Tap', name, None, opts)\n"
	      "        aws.s3.Bucket('a', opts=pulumi.ResourceOptions(parent=self))\n"
	      "        if args.logs:\n"
	      "            aws.s3.Bucket('b')\n"
	      "    def more(self):\n"
	      "        aws.s3.Bucket('c')\n"
	      "    @staticmethod\n"
	      "    def make():\n"
	      "        aws.s3.Bucket('d')\n"
	      "class Other:\n"
	      "    def __init__(self):\n"
	      "        aws.s3.Bucket('e')\n"
	      "x = aws.s3.Bucket('f') if flag else None\n",
	      NULL, "parent", &o);
	assert_int_equal(o.nr, 6);
	assert_true(o.r[0].in_component);
	assert_true(o.r[0].in_constructor);
	assert_string_equal(o.r[0].component, "Tap");
	assert_string_equal(o.r[0].opt, "self");
	assert_false(o.r[0].conditional);
	assert_true(o.r[1].in_component);
	assert_true(o.r[1].conditional);
	assert_true(o.r[2].in_component);
	assert_false(o.r[2].in_constructor);
	assert_false(o.r[3].in_component);
	assert_false(o.r[4].in_component);
	assert_true(o.r[5].conditional);
	observed_release(&o);
}

/* The value class of property `bucket` of the second resource of src. */
static unsigned value_of(const char *src, int *hard, char **lit)
{
	struct observed o;
	unsigned any;

	lower(src, "bucket", NULL, &o);
	assert_int_equal(o.nr, 2);
	assert_non_null(o.r[1].prop);
	any = o.r[1].prop_any;
	*hard = o.r[1].prop_hard;
	*lit = o.r[1].prop_lit ? xstrdup(o.r[1].prop_lit) : NULL;
	observed_release(&o);
	return any;
}

#define VALUE(expr, want_any, want_hard) do { \
		int hard_; \
		char *lit_; \
		unsigned any_ = value_of(HEAD "config = pulumi.Config()\n" \
					 "environment_suffix = config.require('environmentSuffix')\n" \
					 "suffix = 'dev'\n" \
					 "prefix = 'acme'\n" \
					 "other = aws.s3.Bucket('o')\n" \
					 "def helper(x):\n    return x\n" \
					 "aws.s3.Bucket('b', bucket=" expr ")\n", &hard_, &lit_); \
		assert_int_equal(any_, (want_any)); \
		assert_int_equal(hard_, (want_hard)); \
		free(lit_); \
	} while (0)

static void py_value_classes(void **state)
{
	(void)state;
	VALUE("'acme-logs'", V_STATIC, 1);
	VALUE("''", V_STATIC, 0);
	VALUE("'acme' '-logs'", V_STATIC, 1);
	VALUE("f'logs-{environment_suffix}'", V_STATIC | V_SUFFIX, 1);
	VALUE("f'logs-{prefix}'", V_STATIC, 1);
	VALUE("'logs-' + environment_suffix", V_STATIC | V_SUFFIX, 1);
	VALUE("'logs-%s' % environment_suffix", V_STATIC | V_SUFFIX, 1);
	VALUE("'logs-{}'.format(environment_suffix)", V_STATIC | V_SUFFIX, 1);
	VALUE("'logs-{}-{}'.format(prefix, pulumi.get_stack())", V_STATIC | V_STACK, 1);
	VALUE("config.require_secret('dbPassword')", V_SECRET, 0);
	VALUE("config.get('bucket') or 'changeme'", V_UNKNOWN | V_STATIC, 1);
	VALUE("pulumi.Output.secret('hunter22')", V_STATIC, 1);
	VALUE("pulumi.Output.concat('a-', environment_suffix)", V_STATIC | V_SUFFIX, 1);
	VALUE("other.id", V_DERIVED, 0);
	VALUE("other.id.apply(lambda i: f'{i}-x')", V_DERIVED, 0);
	VALUE("f'b-{time.time()}'", V_STATIC | V_NONDET, 0);
	VALUE("str(uuid.uuid4())", V_NONDET, 0);
	VALUE("prefix.upper()", V_STATIC, 1);
	VALUE("'-'.join([prefix, environment_suffix])", V_STATIC | V_SUFFIX, 1);
	VALUE("helper('x')", V_UNKNOWN, 0);
	VALUE("args.environment_suffix", V_SUFFIX, 0);
	VALUE("unknown_name", V_UNKNOWN, 0);
}

/* time/uuid calls are V_NONDET, and a parameter is V_PARAM */
static void py_value_nondet_and_params(void **state)
{
	struct observed o;

	(void)state;
	lower(HEAD "import time\naws.s3.Bucket('b', bucket=f'b-{int(time.time())}')\n", "bucket", NULL, &o);
	assert_true(o.r[0].prop_any & V_NONDET);
	observed_release(&o);
	lower(HEAD "def make(n):\n    aws.s3.Bucket('b', bucket=n)\n", "bucket", NULL, &o);
	assert_int_equal(o.r[0].prop_any, V_PARAM);
	observed_release(&o);
	lower(HEAD "class C(pulumi.ComponentResource):\n"
	      "    def __init__(self, name, args):\n"
	      "        self.prefix = 'acme'\n"
	      "        aws.s3.Bucket('b', bucket=f'{name}-{self.prefix}')\n", "bucket", NULL, &o);
	assert_int_equal(o.r[0].prop_any, V_COMPNAME | V_STATIC);
	observed_release(&o);
	/* a parameter assigned in its function, self.x assigned twice: not followed */
	lower(HEAD "def make(n):\n    n = n or 'x'\n    aws.s3.Bucket('b', bucket=n)\n", "bucket", NULL, &o);
	assert_int_equal(o.r[0].prop_any, V_UNKNOWN);
	observed_release(&o);
	lower(HEAD "class C:\n"
	      "    def __init__(self):\n        self.p = 'a'\n"
	      "    def grow(self):\n        self.p = 'b'\n        aws.s3.Bucket('b', bucket=self.p)\n",
	      "bucket", NULL, &o);
	assert_int_equal(o.r[0].prop_any, V_UNKNOWN);
	observed_release(&o);
	/* a name assigned twice is not followed */
	lower(HEAD "n = 'a'\nif x:\n    n = 'b'\naws.s3.Bucket('b', bucket=n)\n", "bucket", NULL, &o);
	assert_int_equal(o.r[0].prop_any, V_UNKNOWN);
	observed_release(&o);
}

static void py_numbers_and_text_parts(void **state)
{
	struct observed o;

	(void)state;
	lower(HEAD "DAYS = 365\naws.cloudwatch.LogGroup('g', retention_in_days=DAYS * 7 + -1)\n",
	      "retentionInDays", NULL, &o);
	assert_true(o.r[0].num_ok);
	assert_true(o.r[0].num == 2554.0);
	assert_false(o.r[0].text_ok);
	observed_release(&o);
	lower(HEAD "aws.sqs.Queue('q', name=f'orders-{s}\\n' '.fifo')\n", "name", NULL, &o);
	assert_false(o.r[0].num_ok);
	assert_true(o.r[0].text_ok);
	assert_string_equal(o.r[0].text, "orders-*~.fifo");
	observed_release(&o);
}

/* Findings of a snippet judged as lib/x.py, every line added. */
static void judge(const char *src, struct finding_list *out)
{
	struct config cfg;
	struct analyzer *a;
	struct change ch;
	uint32_t syntax;

	assert_int_equal(config_init_defaults(&cfg), 0);
	assert_int_equal(config_compile(&cfg), 0);
	a = analyzer_new(&cfg);
	memset(&ch, 0, sizeof(ch));
	ch.path = "lib/x.py";
	ch.content = src;
	ch.len = strlen(src);
	assert_int_equal(analyze_change(a, &ch, out, &syntax), 0);
	analyzer_free(a);
	config_release(&cfg);
}

static const struct finding *finding_at(const struct finding_list *l, const char *rule, unsigned line)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i].rule, rule) && l->items[i].line == line)
			return &l->items[i];
	return NULL;
}

/* # stackgate:ignore suppresses; one without a reason says what to write, with # */
static void py_suppression_comments(void **state)
{
	struct finding_list out = { 0 };
	const struct finding *f;

	(void)state;
	judge(HEAD "# stackgate:ignore static-bucket-name -- shared by every stack on purpose\n"
	      "aws.s3.Bucket('b', bucket='acme-shared')\n"
	      "aws.s3.Bucket('c', bucket='acme-other')  # stackgate:ignore static-bucket-name\n", &out);
	f = finding_at(&out, "static-bucket-name", 4);
	assert_non_null(f);
	assert_true(f->suppressed);
	f = finding_at(&out, "static-bucket-name", 5);
	assert_non_null(f);
	assert_false(f->suppressed);
	f = finding_at(&out, "invalid-suppression", 5);
	assert_non_null(f);
	assert_non_null(strstr(f->hint, "`# stackgate:ignore RULE --"));
	findings_release(&out);

	/* the whole call that starts on the next line: a multi-line resource */
	judge(HEAD "# stackgate:ignore static-bucket-name -- shared by every stack on purpose\n"
	      "aws.s3.Bucket(\n    'b',\n    bucket='acme-shared',\n)\n", &out);
	f = finding_at(&out, "static-bucket-name", 6);
	assert_non_null(f);
	assert_true(f->suppressed);
	findings_release(&out);
}

int unit_model_py_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(py_type_name_props_opts),
		cmocka_unit_test(py_types_through_imports),
		cmocka_unit_test(py_where_created),
		cmocka_unit_test(py_value_classes),
		cmocka_unit_test(py_value_nondet_and_params),
		cmocka_unit_test(py_numbers_and_text_parts),
		cmocka_unit_test(py_suppression_comments),
	};

	return cmocka_run_group_tests_name("model-python", tests, NULL, NULL);
}
