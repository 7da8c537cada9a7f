#ifndef STACKGATE_PATTERN_H
#define STACKGATE_PATTERN_H

#include <stddef.h>
#include "config.h"

/* Compile p->regex with PCRE2 (JIT where available) into p->code.
 * Returns 0, or -1 with the error slot naming the pattern and offset. */
int pattern_compile(struct pattern *p);
void pattern_free(struct pattern *p);

/*
 * Find the first match of `p` in `text` (one line, `len` bytes) that is
 * not an allowed value and meets the minimum entropy. Returns 1 with the
 * match's offset and length in *off / *mlen, 0 when none, -1 on a
 * matching error (resource limits), with the error slot set.
 */
int pattern_find(const struct pattern *p, const char *text, size_t len,
		 size_t *off, size_t *mlen);

/* Shannon entropy of s in bits per byte. */
double shannon_entropy(const char *s, size_t len);

#endif
