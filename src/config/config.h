#ifndef STACKGATE_CONFIG_H
#define STACKGATE_CONFIG_H

#include <stddef.h>
#include "base/util.h"
#include "base/severity.h"
#include "config/vocab.h"
#include "rules/registry.h"

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
	struct strlist exclude;		/* globs where it does not apply */
	int no_inline_ignore;		/* stackgate:ignore NAME may not suppress it */
	double min_entropy;		/* bits per character, 0: no minimum */
	void *code;			/* pcre2_code *, compiled by pattern_compile_all() */
	size_t entry;			/* the rule it reports under: index in config.rules */
};

/*
 * One rule of the run-time table (struct config.rules): a built-in rule
 * (entries 0..RULE__COUNT-1, in rules.def order, so that enum rule_id
 * indexes them) or a team's own [pattern "NAME"] (after them, in the
 * order the patterns were first defined). Suppression, excludes,
 * severity, `explain`, `stackgate rules` and SARIF read this table, so
 * a team's pattern is a rule like any other. Token shapes (patterns
 * with `rule = ID`) are not entries: they report under their rule.
 */
struct rule_entry {
	const char *id;			/* borrowed from def or pattern */
	const struct rule_def *def;	/* the built-in; NULL for a pattern */
	const struct pattern *pattern;	/* the team's pattern; NULL for a built-in */
	enum severity severity;
	struct strlist exclude;		/* path globs where the rule is off */
	int no_inline_ignore;		/* stackgate:ignore may not suppress it */
	int inline_ignore_granted;	/* allow_inline_ignore = true said for this rule */
	void *settings;			/* the rule's struct of def->settings_size bytes, owned */
};

struct config {
	struct vocab vocab;		/* shared Pulumi facts */
	/* the rule table: built-ins indexed by enum rule_id, then patterns;
	 * pattern entries are rebuilt by each load (pointers into them last
	 * until the next config_load_*()) */
	struct rule_entry *rules;
	size_t nr_rules, alloc_rules;

	/* [general] */
	struct strlist include, exclude;
	size_t max_file_bytes;
	size_t max_commits;		/* 0: no limit */
	size_t timeout_ms;		/* 0: no limit */
	size_t receive_timeout_ms;	/* pre-receive's limit when timeout_ms is 0 */
	char *on_limit, *on_error;	/* "block" or "allow" */
	int allow_inline_ignore;
	char *baseline;			/* path of the baseline file */
	char *contact;			/* who grants exceptions (server) */
	int allow_skip_option;		/* honour git push -o stackgate.skip=REASON */
	struct strlist skip_users;	/* who may; empty: anyone */
	char *audit_log;		/* where skips are recorded */
	char *skip_option_at;		/* "FILE:LINE" of the last allow_skip_option */

	struct pattern *patterns;
	size_t nr_patterns, alloc_patterns;

	char *source;				/* what was loaded, for messages */
};

/* The rules' fixed facts, from the rule table. */
const char *rule_name(enum rule_id id);
const char *rule_summary(enum rule_id id);
int rule_lookup(const char *name, enum rule_id *out);
/* The rule `name` in the table (a built-in, else a team's pattern), or
 * NULL. Borrowed from cfg until its next load. */
const struct rule_entry *config_rule(const struct config *cfg, const char *name);
/* Index of a rule entry in cfg->rules. */
#define config_rule_index(cfg, e) ((size_t)((e) - (cfg)->rules))
/* One line about the rule: its summary, or a pattern's message. */
const char *rule_entry_summary(const struct rule_entry *e);
/* Effective severity of a rule entry for a path (its excludes applied). */
enum severity rule_entry_severity(const struct rule_entry *e, const char *path);
/* The [pattern "NAME"] of that name, or NULL. Borrowed from cfg. */
const struct pattern *config_pattern(const struct config *cfg, const char *name);


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
/* 1 if one of [general] exclude's globs matches path. */
int config_path_excluded(const struct config *cfg, const char *path);
void config_release(struct config *cfg);

/* Glob match where a pattern without '/' matches the basename. */
int path_glob_match(const char *pattern, const char *path);

#endif
