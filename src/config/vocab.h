#ifndef STACKGATE_VOCAB_H
#define STACKGATE_VOCAB_H

/*
 * Shared Pulumi facts: what several rules and the value classification
 * (model/value.c) agree on, so that no rule reads another rule's
 * configuration. Each fact is still written in the INI section it has
 * always lived in (vocab_keys says which), so users' INI files keep
 * their meaning; it is parsed into struct config.vocab when the INI
 * loads, and read as a field.
 */

#include <stddef.h>

#include "base/util.h"
#include "rules/registry.h"

struct vocab {
	/* in [rule "missing-env-suffix"]: what the environment suffix is */
	struct strlist suffix_identifiers;	/* names that carry the suffix */
	struct strlist non_suffix_identifiers;	/* names known not to */
	int accept_get_stack;			/* pulumi.getStack() counts as the suffix */
	int accept_component_name;		/* a component's own name counts as the suffix */
	struct strlist name_properties;		/* TYPE.PROPERTY physical names added to the provider facts */
	struct strlist name_properties_remove;	/* ... and derived ones taken away (model/facts.h) */
	struct strlist exclude_types;		/* types that have no name to judge (globs) */

	/* in [rule "hardcoded-secret"]: what names a secret */
	struct strlist secret_keys;		/* keys that take a secret wherever they stand */
	struct strlist secret_words;		/* words that make a key secret-like */
	struct strlist secret_segments;		/* whole words of a key that do */
	struct strlist reference_suffixes;	/* ...Arn, ...Id: a reference, not the secret */
	struct strlist reference_prefixes;
};

/* A fact's INI key: in [rule "<section>"], typed, at offset in struct vocab. */
struct vocab_key {
	enum rule_id section;
	struct key_def key;
};
/* The facts' keys; ends with a NULL key.name. */
extern const struct vocab_key vocab_keys[];

/*
 * What a key says about its value, by the vocabulary. Keys are split into
 * words at '_', '-', '.', '/', ' ' and where lowercase meets uppercase
 * (DB_PASS, dbPass, db-pass).
 */
/* 1 if the key names a secret-like value (secret_segments, secret_words),
 * unless it names a reference to one (vocab_key_is_reference()). */
int vocab_key_is_secret_like(const struct vocab *v, const char *key, size_t len);
/* 1 if the normalised key (vocab_normalise()) ends in a reference suffix
 * or starts with a reference prefix: passwordArn, secretId. */
int vocab_key_is_reference(const struct vocab *v, const char *norm, size_t n);
/* The key lowercased, without '_', '-' and '.', into out (NUL-terminated,
 * cut at outsz - 1): DB_PASSWORD -> dbpassword. Returns its length. */
size_t vocab_normalise(const char *key, size_t len, char *out, size_t outsz);
/* 1 if a word of the key is in `words` (lowercase); `last`: its last word only. */
int vocab_has_segment(const struct strlist *words, const char *key, size_t len, int last);

/* Free what v owns (not v itself); v is left empty. */
void vocab_release(struct vocab *v);

#endif
