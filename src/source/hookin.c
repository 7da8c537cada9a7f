#include "source/hookin.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define MAX_FIELDS 5

static size_t split(const char *line, size_t len, const char **f, size_t *fl)
{
	size_t n = 0, i = 0;

	while (i < len) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		if (n == MAX_FIELDS)
			return MAX_FIELDS + 1;
		f[n] = line + i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		fl[n] = (size_t)(line + i - f[n]);
		n++;
	}
	return n;
}

static int parse_oid(git_oid *out, const char *s, size_t len, const char *what)
{
	size_t i;
	char hex[GIT_OID_HEXSZ + 1];

	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return error("%s '%.*s' is not a hexadecimal object id", what,
				     (int)(len > 80 ? 80 : len), s);
	if (len == 64)
		return error("%s '%.12s...' is a SHA-256 object id; SHA-256 repositories are not "
			     "supported by this build's libgit2", what, s);
	if (len != GIT_OID_HEXSZ)
		return error("%s '%.*s' is not a 40-digit object id", what, (int)(len > 80 ? 80 : len), s);
	memcpy(hex, s, len);
	hex[len] = '\0';
	return git_oid_fromstr(out, hex) < 0 ? error("%s '%s' is not an object id", what, hex) : 0;
}

static int check_ref(const char *s, size_t len, const char *what)
{
	size_t i;

	if (!len)
		return error("%s is empty", what);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return error("%s contains a control character", what);
	return 0;
}

/*
 * Split one line of a hook's stdin (a trailing CR dropped) into exactly
 * `want` fields, else fail saying which `shape` was expected.
 */
static int split_fields(const char *line, size_t len, size_t want, const char *shape,
			const char **f, size_t *fl)
{
	size_t n;

	if (len && line[len - 1] == '\r')
		len--;
	n = split(line, len, f, fl);
	if (n != want)
		return error("expected '%s', got %zu field%s", shape, n, n == 1 ? "" : "s");
	return 0;
}

int hookin_parse_receive(struct ref_line *out, const char *line, size_t len)
{
	const char *f[MAX_FIELDS];
	size_t fl[MAX_FIELDS];

	memset(out, 0, sizeof(*out));
	if (split_fields(line, len, 3, "<old-oid> <new-oid> <ref-name>", f, fl) < 0)
		return -1;
	if (parse_oid(&out->old, f[0], fl[0], "old id") < 0 ||
	    parse_oid(&out->new, f[1], fl[1], "new id") < 0 ||
	    check_ref(f[2], fl[2], "ref name") < 0)
		return -1;
	out->ref = xstrndup(f[2], fl[2]);
	return 0;
}

int hookin_parse_push(struct ref_line *out, const char *line, size_t len)
{
	const char *f[MAX_FIELDS];
	size_t fl[MAX_FIELDS];

	memset(out, 0, sizeof(*out));
	if (split_fields(line, len, 4, "<local-ref> <local-oid> <remote-ref> <remote-oid>", f, fl) < 0)
		return -1;
	if (check_ref(f[0], fl[0], "local ref") < 0 ||
	    parse_oid(&out->new, f[1], fl[1], "local id") < 0 ||
	    check_ref(f[2], fl[2], "remote ref") < 0 ||
	    parse_oid(&out->old, f[3], fl[3], "remote id") < 0)
		return -1;
	out->local_ref = xstrndup(f[0], fl[0]);
	out->ref = xstrndup(f[2], fl[2]);
	return 0;
}

int hookin_read(struct ref_lines *out, FILE *f, hookin_parse_fn parse)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;

	while ((n = getline(&line, &cap, f)) >= 0) {
		struct ref_line rl;
		size_t len = (size_t)n;

		lineno++;
		if (len && line[len - 1] == '\n')
			len--;
		if (!len || (len == 1 && line[0] == '\r'))
			continue;
		if (memchr(line, '\0', len)) {
			rc = error("hook input line %d contains a NUL byte", lineno);
			break;
		}
		if (parse(&rl, line, len) < 0) {
			char msg[512];

			snprintf(msg, sizeof(msg), "%s", error_last());
			rc = error("malformed hook input line %d: %s", lineno, msg);
			break;
		}
		ALLOC_GROW(out->items, out->nr, out->alloc);
		out->items[out->nr++] = rl;
	}
	free(line);
	return rc;
}

void hookin_release(struct ref_lines *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->items[i].local_ref);
		free(l->items[i].ref);
	}
	free(l->items);
	l->items = NULL;
	l->nr = l->alloc = 0;
}
