/* Unit tests for the provider facts (model/facts.h) derived in the build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/facts.h"

int facts_tests(void);

/* The table is the whole provider, sorted, and answers by type. */
static void facts_table_shape(void **state)
{
	size_t nr, i;
	const struct fact *f;

	(void)state;
	assert_true(facts_classes() > 1500);
	assert_true(facts_count() > 800);
	assert_non_null(strstr(facts_source(), "@pulumi/aws 7."));
	f = facts_of("aws.sqs.Queue", &nr);
	assert_non_null(f);
	assert_true(nr >= 2);
	for (i = 1; i < nr; i++)
		assert_true(strcmp(f[i - 1].prop, f[i].prop) < 0);
	assert_null(facts_of("aws.nothing.Here", &nr));
	assert_int_equal(nr, 0);
	assert_null(facts_get("aws.s3.Bucket", "forceDestroy"));
	/* a type with no facts is still a type; a made-up one is not */
	assert_true(facts_known_type("aws.ecr.AccountSetting"));
	assert_true(facts_known_type("aws.s3.Bucket"));
	assert_false(facts_known_type("aws.nothing.Here"));
}

/* Names: auto-named with a *Prefix sibling, type-named, required, limits. */
static void facts_names_derived(void **state)
{
	const struct fact *f;

	(void)state;
	f = facts_get("aws.s3.Bucket", "bucket");
	assert_non_null(f);
	assert_int_equal(f->flags & (FACT_NAME | FACT_AUTO | FACT_LOWER), FACT_NAME | FACT_AUTO | FACT_LOWER);
	assert_int_equal(f->min, 3);
	assert_int_equal(f->max, 63);
	f = facts_get("aws.s3.Bucket", "bucketPrefix");
	assert_non_null(f);
	assert_true(f->flags & FACT_PREFIX);
	f = facts_get("aws.cloudwatch.Dashboard", "dashboardName");
	assert_non_null(f);
	assert_true((f->flags & FACT_NAME) && (f->flags & FACT_REQUIRED));
	f = facts_get("aws.ecs.TaskDefinition", "family");
	assert_non_null(f);
	assert_true(f->flags & FACT_NAME);
	f = facts_get("aws.lb.TargetGroup", "name");
	assert_non_null(f);
	assert_int_equal(f->max, 32);
	f = facts_get("aws.sqs.Queue", "name");
	assert_non_null(f);
	assert_true(f->flags & FACT_FIFO);
	assert_non_null(strstr(f->src, "namePrefix"));
}

/* Traps are not names; parent-scoped names are names, not judged. */
static void facts_traps_and_scopes(void **state)
{
	const struct fact *f;

	(void)state;
	f = facts_get("aws.eks.Addon", "addonName");
	assert_true(!f || !(f->flags & FACT_NAME));
	f = facts_get("aws.sagemaker.Space", "spaceDisplayName");
	assert_true(!f || !(f->flags & FACT_NAME));
	f = facts_get("aws.ssm.Association", "name");
	assert_true(!f || !(f->flags & FACT_NAME));
	/* an enum value, not a name ("One of: BASIC_SCAN_TYPE_VERSION, ...") */
	f = facts_get("aws.ecr.AccountSetting", "name");
	assert_true(!f || !(f->flags & FACT_NAME));
	f = facts_get("aws.apigateway.Stage", "stageName");
	assert_non_null(f);
	assert_true(f->flags & FACT_SCOPED);
	f = facts_get("aws.iam.RolePolicy", "name");
	assert_non_null(f);
	assert_true(f->flags & FACT_SCOPED);
	f = facts_get("aws.cloudwatch.LogMetricFilter", "name");
	assert_non_null(f);
	assert_true(f->flags & FACT_SCOPED);
}

/* Secret inputs: documented, wrapped by the SDK, nested as paths. */
static void facts_secrets(void **state)
{
	const struct fact *f;

	(void)state;
	f = facts_get("aws.opensearch.Domain", "advancedSecurityOptions.masterUserOptions.masterUserPassword");
	assert_non_null(f);
	assert_true(f->flags & FACT_SECRET);
	f = facts_get("aws.rds.Instance", "password");
	assert_non_null(f);
	assert_true(f->flags & FACT_SECRET);
	f = facts_get("aws.ec2.VpnConnection", "tunnel1PresharedKey");
	assert_non_null(f);
	assert_true(f->flags & FACT_SECRET);
	/* the schema wraps it, but a bundle id is no secret */
	f = facts_get("aws.pinpoint.ApnsChannel", "bundleId");
	assert_true(!f || !(f->flags & FACT_SECRET));
	f = facts_get("aws.elasticache.ReplicationGroup", "authTokenUpdateStrategy");
	assert_true(!f || !(f->flags & FACT_SECRET));
}

static size_t walk(const char *type, const struct strlist *add, const struct strlist *remove,
		   const char **out, size_t max)
{
	struct facts_names it;
	const char *p;
	size_t n = 0;

	facts_names_init(&it, type, add, remove);
	while ((p = facts_names_next(&it)) != NULL && n < max)
		out[n++] = p;
	return n;
}

static int has(const char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

/* The names judged: derived, minus removals, plus additions, each once. */
static void facts_names_config(void **state)
{
	struct strlist add = STRLIST_INIT, remove = STRLIST_INIT;
	const char *v[32];
	size_t n;

	(void)state;
	n = walk("aws.sqs.Queue", NULL, NULL, v, 32);
	assert_int_equal(n, 2);
	assert_true(has(v, n, "name") && has(v, n, "namePrefix"));
	n = walk("aws.apigateway.Stage", NULL, NULL, v, 32);
	assert_int_equal(n, 0);

	strlist_add(&remove, "aws.sqs.Queue.name");
	strlist_add(&add, "aws.sqs.Queue.namePrefix");	/* derived already: once */
	strlist_add(&add, "aws.apigateway.Stage.stageName");	/* scoped: judged when added */
	strlist_add(&add, "aws.custom.Thing.title");
	strlist_add(&add, "aws.custom.Thing.title");
	n = walk("aws.sqs.Queue", &add, &remove, v, 32);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "namePrefix");
	n = walk("aws.apigateway.Stage", &add, &remove, v, 32);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "stageName");
	n = walk("aws.custom.Thing", &add, &remove, v, 32);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "title");
	assert_true(facts_entry_is("aws.sqs.Queue.name", "aws.sqs.Queue", "name"));
	assert_false(facts_entry_is("aws.sqs.QueueX.name", "aws.sqs.Queue", "name"));
	strlist_clear(&add);
	strlist_clear(&remove);
}

/* `stackgate facts`: what it says, and an unknown type is an error. */
static void facts_describe_text(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(facts_describe(&b, "aws.apigateway.Stage", NULL, NULL), 0);
	assert_non_null(strstr(b.ptr, "stageName: physical name"));
	assert_non_null(strstr(b.ptr, "scoped to a parent"));
	assert_non_null(strstr(b.ptr, "judged for the environment suffix: none"));
	buf_release(&b);
	assert_int_equal(facts_describe(&b, "aws.nothing.Here", NULL, NULL), -1);
	assert_non_null(strstr(error_last(), "nothing is known about 'aws.nothing.Here'"));
	buf_release(&b);
}

/* Python spells inputs in snake_case: the same facts answer. */
static void facts_python_names(void **state)
{
	char out[128];
	const struct fact *f;

	(void)state;
	assert_int_equal(facts_camel_case("bucket_prefix", out, sizeof(out)), 0);
	assert_string_equal(out, "bucketPrefix");
	assert_int_equal(facts_camel_case("advanced_security_options.master_user_options.master_user_password",
					  out, sizeof(out)), 0);
	f = facts_get("aws.opensearch.Domain", out);
	assert_non_null(f);
	assert_true(f->flags & FACT_SECRET);
	assert_int_equal(facts_camel_case("name", out, sizeof(out)), 0);
	assert_string_equal(out, "name");
	assert_int_equal(facts_camel_case("a_much_too_long_name", out, 8), -1);
}

int facts_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(facts_table_shape),
		cmocka_unit_test(facts_names_derived),
		cmocka_unit_test(facts_traps_and_scopes),
		cmocka_unit_test(facts_secrets),
		cmocka_unit_test(facts_names_config),
		cmocka_unit_test(facts_describe_text),
		cmocka_unit_test(facts_python_names),
	};

	return cmocka_run_group_tests_name("provider facts", tests, NULL, NULL);
}
