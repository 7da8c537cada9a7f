#ifndef STACKGATE_PATTERN_H
#define STACKGATE_PATTERN_H

/*
 * Pattern rules' matching: PCRE2 regular expressions (JIT-compiled where
 * the library supports it), each compiled once, as the configuration is
 * loaded, and run only on lines that contain one of the pattern's keywords.
 */

#include <stddef.h>
#include <stdint.h>
#include "config/config.h"

/* Compile p->regex with PCRE2 (JIT where available) into p->code.
 * Returns 0, or -1 with the error slot naming the pattern and offset. */
int pattern_compile(struct pattern *p);
void pattern_free(struct pattern *p);

/*
 * Scratch space for matching many patterns against one line after another:
 * the match data, and the line's lowercased copy for the keyword
 * prefilter (made once per line, and only when a pattern has keywords).
 * Owned by the caller; start from PATTERN_SCRATCH_INIT and free with
 * pattern_scratch_release(). The line is borrowed until the next
 * pattern_scratch_line().
 */
struct pattern_scratch {
	void *md;		/* pcre2_match_data *, made on first use */
	void *mctx;		/* pcre2_match_context *, made on first use */
	uint64_t deadline_ns;	/* CLOCK_MONOTONIC ns; 0: none (set by the caller) */
	int timed_out;		/* pattern_match() failed at the deadline */
	const char *text;	/* the current line */
	size_t len;
	char *lower;		/* its ASCII-lowercased copy, when `lowered` */
	size_t lower_alloc;
	int lowered;
};
#define PATTERN_SCRATCH_INIT { NULL, NULL, 0, 0, NULL, 0, NULL, 0, 0 }

/* Make `text` (one line, `len` bytes) the line that pattern_match() reads. */
void pattern_scratch_line(struct pattern_scratch *s, const char *text, size_t len);
void pattern_scratch_release(struct pattern_scratch *s);

/*
 * Find the first match of `p` in the scratch's current line that is not
 * an allowed value and meets the minimum entropy; a line that holds none
 * of p's keywords (compared without ASCII case) is not searched. A capture
 * group 1, when it took part in the match, is the secret. Returns 1 with
 * the secret's offset and length in *off / *mlen, 0 when none, -1 on a
 * matching error (resource limits, or the scratch's deadline passed:
 * then s->timed_out is set), with the error slot set.
 */
int pattern_match(struct pattern_scratch *s, const struct pattern *p, size_t *off, size_t *mlen);

/* The same for a single line, without scratch space to reuse. */
int pattern_find(const struct pattern *p, const char *text, size_t len,
		 size_t *off, size_t *mlen);

/* Shannon entropy of s in bits per byte. */
double shannon_entropy(const char *s, size_t len);

#endif
