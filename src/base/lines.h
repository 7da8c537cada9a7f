#ifndef STACKGATE_LINES_H
#define STACKGATE_LINES_H

#include <stdint.h>
#include <stddef.h>

/*
 * A set of 1-based line numbers of one file: the lines a change adds.
 * The set owns its storage; release it with lines_release().
 */
struct line_set {
	uint8_t *bits;
	uint32_t max;		/* highest line number that fits */
	uint32_t count;		/* lines in the set */
};
#define LINE_SET_INIT { NULL, 0, 0 }

/* Add `line` (1-based) to the set, growing it as needed. */
void lines_add(struct line_set *s, uint32_t line);
/* Add every line in [first, last]. */
void lines_add_range(struct line_set *s, uint32_t first, uint32_t last);
/* 1 if `line` is in the set. */
int lines_has(const struct line_set *s, uint32_t line);
/* 1 if any line in [first, last] is in the set. */
int lines_any(const struct line_set *s, uint32_t first, uint32_t last);
/* Keep only the lines that are also in `other`. */
void lines_intersect(struct line_set *s, const struct line_set *other);
void lines_release(struct line_set *s);

/* Number of lines in text of length len (a last line without '\n' counts). */
uint32_t lines_in_text(const char *text, size_t len);

#endif
