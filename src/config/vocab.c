/* The shared Pulumi facts' INI keys (see vocab.h). */
#include "config/vocab.h"

#include <stdlib.h>
#include <string.h>

#define V(section, name, type, field) \
	{ RULE_##section, { name, type, offsetof(struct vocab, field) } }

const struct vocab_key vocab_keys[] = {
	V(MISSING_ENV_SUFFIX, "suffix_identifiers", K_LIST, suffix_identifiers),
	V(MISSING_ENV_SUFFIX, "non_suffix_identifiers", K_LIST, non_suffix_identifiers),
	V(MISSING_ENV_SUFFIX, "name_properties", K_LIST, name_properties),
	V(MISSING_ENV_SUFFIX, "exclude_types", K_LIST, exclude_types),
	V(MISSING_ENV_SUFFIX, "accept_get_stack", K_BOOL, accept_get_stack),
	V(MISSING_ENV_SUFFIX, "accept_component_name", K_BOOL, accept_component_name),
	V(HARDCODED_SECRET, "secret_keys", K_LIST, secret_keys),
	V(HARDCODED_SECRET, "secret_words", K_LIST, secret_words),
	V(HARDCODED_SECRET, "secret_segments", K_LIST, secret_segments),
	V(HARDCODED_SECRET, "reference_suffixes", K_LIST, reference_suffixes),
	V(HARDCODED_SECRET, "reference_prefixes", K_LIST, reference_prefixes),
	{ RULE__COUNT, { NULL, K_LIST, 0 } },
};

#undef V

void vocab_release(struct vocab *v)
{
	const struct vocab_key *k;

	for (k = vocab_keys; k->key.name; k++) {
		if (k->key.type == K_LIST)
			strlist_clear((struct strlist *)((char *)v + k->key.offset));
		else if (k->key.type == K_STRING)
			free(*(char **)((char *)v + k->key.offset));
	}
	memset(v, 0, sizeof(*v));
}
