#ifndef STACKGATE_CONFIG_H
#define STACKGATE_CONFIG_H

#include <stddef.h>
#include "util.h"

enum severity {
	SEV_DISABLED = 0,
	SEV_ADVISORY,
	SEV_MANDATORY,
};

enum rule_id {
	RULE_HARDCODED_SECRET = 0,
	RULE_STATIC_BUCKET_NAME,
	RULE_MISSING_ENV_SUFFIX,
	RULE__COUNT
};

struct rule_config {
	enum severity severity;
	struct strlist exclude;		/* path globs where the rule is off */
};

/*
 * A pattern rule: a regular expression over added lines. Built-in token
 * shapes report under `rule` ("hardcoded-secret"); a team's own patterns
 * report under their own name with their own severity.
 */
struct pattern {
	char *name;
	char *rule;			/* NULL: report as `name` */
	enum severity severity;
	char *regex;
	char *message;
	struct strlist keywords;	/* a line must contain one (case-insensitive) */
	struct strlist allow_values;	/* matches that are known not to be secrets */
	struct strlist paths;		/* globs; empty: every file in scope */
	double min_entropy;		/* bits per character, 0: no minimum */
	void *code;			/* pcre2_code *, compiled by pattern_compile_all() */
};

struct config {
	struct rule_config rules[RULE__COUNT];

	/* [general] */
	struct strlist include, exclude;
	size_t max_file_bytes;

	/* [rule "hardcoded-secret"] */
	struct strlist secret_keys;		/* inputs that carry a secret */
	struct strlist secret_words;		/* words that make a key secret-like */
	struct strlist reference_suffixes;	/* key endings that mark a reference */
	struct strlist reference_prefixes;
	struct strlist provider_keys;		/* Provider credentials */
	struct strlist secure_value_types;	/* type.value pairs, e.g. aws.ssm.Parameter */

	/* [rule "static-bucket-name"] */
	struct strlist bucket_types, bucket_properties;

	/* [rule "missing-env-suffix"] */
	struct strlist suffix_identifiers;
	struct strlist name_properties;		/* Type.property */
	struct strlist exclude_types;		/* globs over the resource type */
	int accept_get_stack, accept_component_name, check_logical_name;

	struct pattern *patterns;
	size_t nr_patterns, alloc_patterns;

	char *source;				/* what was loaded, for messages */
};

/* The rules' fixed facts: id, one-line summary, default fix hint. */
const char *rule_name(enum rule_id id);
const char *rule_summary(enum rule_id id);
int rule_lookup(const char *name, enum rule_id *out);
const char *severity_name(enum severity s);

/*
 * Load the embedded defaults into `cfg` (which the caller owns and
 * releases with config_release()). Returns 0, or -1 with the error slot set.
 */
int config_init_defaults(struct config *cfg);
/*
 * Layer the INI file at `path` over `cfg`, key by key. Returns 0, or -1
 * with "PATH:LINE: problem" in the error slot.
 */
int config_load_file(struct config *cfg, const char *path);
/* Same for INI text held in memory; `name` is used in messages. */
int config_load_string(struct config *cfg, const char *text, const char *name);
/* Check that every pattern has a compiled regex (each is compiled once, as
 * it is loaded, so that errors name the file and line). */
int config_compile(struct config *cfg);
/* 1 if `path` is in scope: matches include, not exclude. */
int config_path_in_scope(const struct config *cfg, const char *path);
/* Effective severity of a rule for a path (per-rule excludes applied). */
enum severity config_severity(const struct config *cfg, enum rule_id id, const char *path);
void config_release(struct config *cfg);

/* Glob match where a pattern without '/' matches the basename. */
int path_glob_match(const char *pattern, const char *path);

#endif
