/* The shared Pulumi facts' INI keys (see vocab.h). */
#include "config/vocab.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define V(section, name, type, field) \
	{ RULE_##section, { name, type, offsetof(struct vocab, field) } }

const struct vocab_key vocab_keys[] = {
	V(MISSING_ENV_SUFFIX, "suffix_identifiers", K_LIST, suffix_identifiers),
	V(MISSING_ENV_SUFFIX, "non_suffix_identifiers", K_LIST, non_suffix_identifiers),
	V(MISSING_ENV_SUFFIX, "name_properties", K_LIST, name_properties),
	V(MISSING_ENV_SUFFIX, "name_properties_remove", K_LIST, name_properties_remove),
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

/* Lowercase, without '_' and '-': DB_PASSWORD -> dbpassword. */
size_t vocab_normalise(const char *key, size_t len, char *out, size_t outsz)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 1 < outsz; i++) {
		if (key[i] == '_' || key[i] == '-' || key[i] == '.')
			continue;
		out[n++] = (char)tolower((unsigned char)key[i]);
	}
	out[n] = '\0';
	return n;
}

/*
 * 1 if a word of the key (split at '_', '-', '.', '/', ' ' and where
 * lowercase meets uppercase: DB_PASS, dbPass, db-pass) is in `words`;
 * `last` only asks about the key's last word.
 */
int vocab_has_segment(const struct strlist *words, const char *key, size_t len, int last)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i + 1, k;
		char w[64];

		if (!isalnum((unsigned char)key[i])) {
			i++;
			continue;
		}
		while (j < len && isalnum((unsigned char)key[j]) &&
		       !(islower((unsigned char)key[j - 1]) && isupper((unsigned char)key[j])))
			j++;
		if (j - i < sizeof(w) && (!last || j >= len)) {
			for (k = i; k < j; k++)
				w[k - i] = (char)tolower((unsigned char)key[k]);
			w[j - i] = '\0';
			for (k = 0; k < words->nr; k++)
				if (!strcmp(words->items[k], w))
					return 1;
		}
		i = j;
	}
	return 0;
}

/* 1 if the key ends in a reference suffix or starts with a reference prefix. */
int vocab_key_is_reference(const struct vocab *v, const char *norm, size_t n)
{
	const struct strlist *suffixes = &v->reference_suffixes;
	const struct strlist *prefixes = &v->reference_prefixes;
	size_t i;

	for (i = 0; i < suffixes->nr; i++) {
		const char *s = suffixes->items[i];
		size_t sl = strlen(s);

		if (sl < n && !strncasecmp(norm + n - sl, s, sl))
			return 1;
	}
	for (i = 0; i < prefixes->nr; i++) {
		const char *s = prefixes->items[i];
		size_t sl = strlen(s);

		if (sl < n && !strncasecmp(norm, s, sl))
			return 1;
	}
	return 0;
}

int vocab_key_is_secret_like(const struct vocab *v, const char *key, size_t len)
{
	const struct strlist *words = &v->secret_words;
	char norm[128];
	size_t n = vocab_normalise(key, len, norm, sizeof(norm)), i;
	int secret = vocab_has_segment(&v->secret_segments, key, len, 0);

	for (i = 0; i < words->nr && !secret; i++) {
		char w[64];

		vocab_normalise(words->items[i], strlen(words->items[i]), w, sizeof(w));
		if (*w && strstr(norm, w))
			secret = 1;
	}
	return secret && !vocab_key_is_reference(v, norm, n);
}
