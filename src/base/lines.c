#include "base/lines.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

static void grow(struct line_set *s, uint32_t line)
{
	uint32_t nbytes_old = s->bits ? s->max / 8 + 1 : 0, nbytes, max;

	if (s->bits && line <= s->max)
		return;
	max = s->max ? s->max : 64;
	while (max < line)
		max = max > UINT32_MAX / 2 ? UINT32_MAX : max * 2;
	nbytes = max / 8 + 1;
	s->bits = xrealloc(s->bits, nbytes);
	memset(s->bits + nbytes_old, 0, nbytes - nbytes_old);
	s->max = max;
}

void lines_add(struct line_set *s, uint32_t line)
{
	if (!line)
		return;
	grow(s, line);
	if (!(s->bits[line / 8] & (1u << (line % 8)))) {
		s->bits[line / 8] |= (uint8_t)(1u << (line % 8));
		s->count++;
	}
}

void lines_add_range(struct line_set *s, uint32_t first, uint32_t last)
{
	uint32_t l;

	if (!first)
		first = 1;
	for (l = first; l <= last && l; l++)
		lines_add(s, l);
}

int lines_has(const struct line_set *s, uint32_t line)
{
	if (!s->bits || !line || line > s->max)
		return 0;
	return !!(s->bits[line / 8] & (1u << (line % 8)));
}

int lines_any(const struct line_set *s, uint32_t first, uint32_t last)
{
	uint32_t l;

	if (!s->bits || !s->count)
		return 0;
	if (last > s->max)
		last = s->max;
	for (l = first ? first : 1; l <= last; l++)
		if (s->bits[l / 8] & (1u << (l % 8)))
			return 1;
	return 0;
}

void lines_intersect(struct line_set *s, const struct line_set *other)
{
	uint32_t l;

	if (!s->bits)
		return;
	s->count = 0;
	for (l = 1; l <= s->max; l++) {
		if (!(s->bits[l / 8] & (1u << (l % 8))))
			continue;
		if (lines_has(other, l))
			s->count++;
		else
			s->bits[l / 8] &= (uint8_t)~(1u << (l % 8));
	}
}

void lines_release(struct line_set *s)
{
	free(s->bits);
	s->bits = NULL;
	s->max = s->count = 0;
}

uint32_t lines_in_text(const char *text, size_t len)
{
	uint32_t n = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}
