/*
 * factsgen: derive name, secret and limit facts from the @pulumi/aws SDK.
 *
 *   build/factsgen PACKAGE-DIR CURATED-FILE > build/aws_facts.h
 *
 * PACKAGE-DIR is the unpacked npm tarball of a pinned @pulumi/aws
 * (Makefile: npm pack, integrity-checked, never committed). The facts
 * come from its syntax trees, read with our tree-sitter TypeScript
 * grammar, not from regular expressions over source lines:
 *
 *   - every `<module>/<file>.d.ts` that declares `class X extends
 *     pulumi.CustomResource` and `interface XArgs { ... }`: the inputs,
 *     their types, whether they are optional, and their doc comments
 *     (the doc comments are the provider's documentation);
 *   - `types/input.d.ts`: the nested input interfaces an input refers to
 *     (`inputs.opensearch.DomainAdvancedSecurityOptions`), for nested
 *     secret inputs;
 *   - `<module>/<file>.js`: the inputs the SDK wraps with
 *     `pulumi.secret(args.x)` (the schema's `secret: true`).
 *
 * Prose is prose: a doc comment's words ("If omitted, the provider will
 * assign a random, unique name", "between 1 and 64 characters") are
 * matched as text. CURATED-FILE adds what the SDK does not say (parent-
 * scoped names, limits AWS documents elsewhere) and removes traps; each
 * of its lines carries its reason, which becomes the fact's source.
 *
 * The output is a C header: one sorted table of facts, each with where it
 * came from (`stackgate facts TYPE` prints it). Exit 0, or 1 with a
 * message on stderr.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_typescript(void);

/* Must match src/model/facts.h. */
#define F_NAME 0x01	/* a physical name */
#define F_PREFIX 0x02	/* a *Prefix: the provider appends a random suffix */
#define F_AUTO 0x04	/* optional: Pulumi or the provider names it when omitted */
#define F_REQUIRED 0x08	/* the user must give it */
#define F_SCOPED 0x10	/* unique only within a parent resource */
#define F_SECRET 0x20	/* a secret input */
#define F_LOWER 0x40	/* lowercase only */
#define F_FIFO 0x80	/* ends in .fifo exactly when the resource is FIFO (fifoQueue, fifoTopic) */

struct fact {
	char *type, *prop;
	unsigned flags, min, max;
	char src[600];
};

static struct fact *facts;
static size_t nfacts, afacts;
static unsigned long nclasses, nwrapped_skipped, nref_skipped;
static char **types;	/* every resource type, in order of the class list (sorted) */

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("factsgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, got;

	if (!f)
		return NULL;
	for (;;) {
		buf = xrealloc(buf, n + 65536 + 1);
		got = fread(buf + n, 1, 65536, f);
		n += got;
		if (got < 65536)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static struct fact *fact_get(const char *type, const char *prop)
{
	size_t i;
	struct fact *f;

	for (i = nfacts; i > 0; i--)
		if (!strcmp(facts[i - 1].type, type) && !strcmp(facts[i - 1].prop, prop))
			return &facts[i - 1];
	if (nfacts == afacts) {
		afacts = afacts ? 2 * afacts : 1024;
		facts = xrealloc(facts, afacts * sizeof(*facts));
	}
	f = &facts[nfacts++];
	memset(f, 0, sizeof(*f));
	f->type = xstrndup(type, strlen(type));
	f->prop = xstrndup(prop, strlen(prop));
	return f;
}

static void add_src(struct fact *f, const char *fmt, ...)
{
	size_t n = strlen(f->src);
	va_list ap;

	if (n && n + 3 < sizeof(f->src)) {
		strcpy(f->src + n, "; ");
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(f->src + n, sizeof(f->src) - n, fmt, ap);
	va_end(ap);
}

/* ---- syntax helpers -------------------------------------------------- */

struct file {
	char *src;
	size_t len;
	TSTree *tree;
};

static int parse_file(TSParser *p, const char *path, struct file *f)
{
	f->src = read_file(path, &f->len);
	if (!f->src)
		return -1;
	f->tree = ts_parser_parse_string(p, NULL, f->src, (uint32_t)f->len);
	if (!f->tree)
		die("cannot parse '%s'", path);
	return 0;
}

static void file_free(struct file *f)
{
	if (f->tree)
		ts_tree_delete(f->tree);
	free(f->src);
}

static int is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && !strcmp(ts_node_type(n), type);
}

static const char *text(const struct file *f, TSNode n, size_t *len)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

	*len = e - s;
	return f->src + s;
}

static int text_is(const struct file *f, TSNode n, const char *s)
{
	size_t len;
	const char *t = text(f, n, &len);

	return len == strlen(s) && !memcmp(t, s, len);
}

/* The words of a doc comment, without comment markers, on one line. */
static void doc_text(const struct file *f, TSNode comment, char *out, size_t outsz)
{
	size_t len, i, n = 0;
	const char *t = text(f, comment, &len);
	int space = 1;

	i = len >= 3 && !memcmp(t, "/**", 3) ? 3 : 0;
	for (; i < len && n + 1 < outsz; i++) {
		char ch = t[i];

		if ((ch == '/' && (i == 0 || i == len - 1)) || ch == '*' || ch == '\n' || ch == '\r' ||
		    ch == ' ' || ch == '\t') {
			if (ch == '*' && i > 0 && i + 1 < len && t[i - 1] != ' ' && t[i - 1] != '\n' &&
			    t[i + 1] != '/') {
				out[n++] = ch;	/* a '*' inside a word (markdown emphasis, globs) */
				space = 0;
				continue;
			}
			if (!space && n)
				out[n++] = ' ';
			space = 1;
			continue;
		}
		out[n++] = ch;
		space = 0;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* The doc comment right before `n` among its siblings, or "". */
static void doc_of(const struct file *f, TSNode n, char *out, size_t outsz)
{
	TSNode prev = ts_node_prev_sibling(n);

	*out = '\0';
	if (is(prev, "comment")) {
		size_t len;
		const char *t = text(f, prev, &len);

		if (len >= 3 && !memcmp(t, "/**", 3))
			doc_text(f, prev, out, outsz);
	}
}

static void lower(const char *s, char *out, size_t outsz)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < outsz; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

/* What an input's type says. */
struct tinfo {
	int string, other;	/* predefined string; object, array, boolean, number... */
	char refs[4][128];	/* inputs.mod.Iface it names */
	int nrefs;
};

static void type_walk(const struct file *f, TSNode n, struct tinfo *ti)
{
	const char *type = ts_node_type(n);
	uint32_t i, nc;

	if (!strcmp(type, "predefined_type")) {
		if (text_is(f, n, "string"))
			ti->string = 1;
		else if (!text_is(f, n, "undefined") && !text_is(f, n, "any"))
			ti->other = 1;
	} else if (!strcmp(type, "object_type") || !strcmp(type, "array_type") ||
		   !strcmp(type, "index_signature")) {
		ti->other = 1;
	} else if (!strcmp(type, "nested_type_identifier")) {
		size_t len;
		const char *t = text(f, n, &len);

		if (len > 7 && !memcmp(t, "inputs.", 7) && ti->nrefs < 4 && len - 7 < 128) {
			memcpy(ti->refs[ti->nrefs], t + 7, len - 7);
			ti->refs[ti->nrefs++][len - 7] = '\0';
		}
		/* enums.x.Y are strings; pulumi.Input and pulumi.asset.* are not names */
		if (len > 6 && !memcmp(t, "enums.", 6))
			ti->string = 1;
		else if (!(len == 12 && !memcmp(t, "pulumi.Input", 12)))
			ti->other = 1;
		return;
	}
	nc = ts_node_named_child_count(n);
	for (i = 0; i < nc; i++)
		type_walk(f, ts_node_named_child(n, i), ti);
}

/* One input of an interface. */
struct prop {
	char name[128];
	int optional;
	struct tinfo ti;
	char doc[4096], ldoc[4096];
};

/* The inputs of an interface body; *nr of them, owned by the caller. */
static struct prop *props_of(const struct file *f, TSNode body, size_t *nr)
{
	uint32_t i, nc = ts_node_named_child_count(body);
	struct prop *out = xrealloc(NULL, (nc + 1) * sizeof(*out));
	size_t n = 0;

	for (i = 0; i < nc; i++) {
		TSNode c = ts_node_named_child(body, i), name, type;
		struct prop *p;
		size_t len;
		const char *t;
		uint32_t k, kc;

		if (!is(c, "property_signature"))
			continue;
		name = ts_node_child_by_field_name(c, "name", 4);
		type = ts_node_child_by_field_name(c, "type", 4);
		if (ts_node_is_null(name) || ts_node_is_null(type))
			continue;
		t = text(f, name, &len);
		if (len >= sizeof(out->name))
			continue;
		p = &out[n++];
		memset(p, 0, sizeof(*p));
		memcpy(p->name, t, len);
		kc = ts_node_child_count(c);
		for (k = 0; k < kc; k++)
			if (!strcmp(ts_node_type(ts_node_child(c, k)), "?"))
				p->optional = 1;
		type_walk(f, type, &p->ti);
		doc_of(f, c, p->doc, sizeof(p->doc));
		lower(p->doc, p->ldoc, sizeof(p->ldoc));
	}
	*nr = n;
	return out;
}

static struct prop *find_prop(struct prop *ps, size_t nr, const char *name)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(ps[i].name, name))
			return &ps[i];
	return NULL;
}

static int is_string(const struct prop *p)
{
	return p->ti.string && !p->ti.other && !p->ti.nrefs;
}

static const char *any_phrase(const char *ldoc, const char *const *phrases)
{
	size_t i;

	for (i = 0; phrases[i]; i++)
		if (strstr(ldoc, phrases[i]))
			return phrases[i];
	return NULL;
}

/* Doc phrases that say the provider names the resource when the input is omitted. */
static const char *const auto_phrases[] = {
	"will assign a random, unique name", "will assign a random, unique identifier",
	"assign a random, unique", "will assign a random unique", "random, unique name",
	"autogenerate a name", "will generate a unique name", "generate a random name",
	"generates a unique name", NULL,
};

/* Doc phrases that make a name-looking input a reference or a label. */
static const char *const ref_phrases[] = {
	"existing", "must match", "returned by", "to associate", "to attach", "to apply",
	"to which", "that you want to", "name of an ", "of the associated", "display name",
	"to use for", "to use.", "name of the target", "of the source", "to import",
	"to be associated", "to subscribe", "to retrieve", "reference", "to manage",
	"descriptive name", "one of:", "one of `", "valid values", "setting to set", NULL,
};

/* Split a camelCase name into lowercase words. */
static int words_of(const char *name, char w[][64], int max)
{
	int n = 0;
	size_t k = 0, i;

	for (i = 0; name[i] && n < max; i++) {
		if (i && isupper((unsigned char)name[i]) && k) {
			w[n++][k] = '\0';
			k = 0;
			if (n == max)
				break;
		}
		if (k < 63)
			w[n][k++] = (char)tolower((unsigned char)name[i]);
	}
	if (k && n < max)
		w[n++][k] = '\0';
	return n;
}

/*
 * The secret word of an input's name, or NULL: the name must end in it
 * (masterUserPassword, authToken, clientSecret, privateKey; a write-only
 * twin ends in Wo), so authTokenUpdateStrategy and secretArn are not.
 */
static const char *secret_name(const char *name)
{
	char w[16][64];
	int n = words_of(name, w, 16);
	const char *last, *prev;

	if (n && !strcmp(w[n - 1], "wo"))
		n--;
	if (!n)
		return NULL;
	last = w[n - 1];
	prev = n >= 2 ? w[n - 2] : "";
	if (!strcmp(last, "password") || !strcmp(last, "passphrase") || !strcmp(last, "passwd"))
		return "password";
	if (!strcmp(last, "secret"))
		return "secret";
	if (!strcmp(last, "token"))
		return "token";
	if (!strcmp(last, "key") && (!strcmp(prev, "private") || !strcmp(prev, "secret") ||
				     !strcmp(prev, "api") || !strcmp(prev, "signing") || !strcmp(prev, "auth")))
		return "private key";
	return NULL;
}

static const char *secret_doc(const char *doc)
{
	char ldoc[4096];
	size_t i, n = 0;
	int code = 0;

	/* the prose only: `accessTokenValidity` in a code span says nothing */
	for (i = 0; doc[i] && n + 1 < sizeof(ldoc); i++) {
		if (doc[i] == '`')
			code = !code;
		else if (!code)
			ldoc[n++] = (char)tolower((unsigned char)doc[i]);
	}
	ldoc[n] = '\0';
	/* a file that holds the key (App Mesh's certificate file.privateKey);
	 * a setting about the secret (Cognito's token validity units) */
	if (strstr(ldoc, "file system") || strstr(ldoc, "path to") || strstr(ldoc, "file path") ||
	    strstr(ldoc, "time unit") || strstr(ldoc, "valid values"))
		return NULL;
	if (strstr(ldoc, "password") || strstr(ldoc, "passphrase"))
		return "password";
	if (strstr(ldoc, "private key"))
		return "private key";
	if (strstr(ldoc, "token"))
		return "token";
	if (strstr(ldoc, "secret"))
		return "secret";
	return NULL;
}

/* "between 1 and 64 characters", "maximum of 32 characters", ... */
static void limits_of(const char *ldoc, unsigned *min, unsigned *max, char *quote, size_t qsz)
{
	static const char *const maxp[] = {
		"maximum of ", "up to ", "less than or equal to ", "at most ", "no more than ",
		"cannot be longer than ", "maximum length of ", "must not exceed ", "cannot exceed ",
		"can't exceed ", "max length of ", NULL,
	};
	const char *s;
	unsigned a, b;
	int k;
	size_t i;

	*min = *max = 0;
	*quote = '\0';
	for (s = strstr(ldoc, "between "); s; s = strstr(s + 1, "between ")) {
		k = 0;	/* %n is set only when "character" matched */
		if (sscanf(s, "between %u and %u character%n", &a, &b, &k) == 2 && k > 0 && b >= a) {
			*min = a;
			*max = b;
			snprintf(quote, qsz, "%.*s", k + 1, s);
			return;
		}
	}
	for (i = 0; maxp[i]; i++) {
		for (s = strstr(ldoc, maxp[i]); s; s = strstr(s + 1, maxp[i])) {
			const char *q = s + strlen(maxp[i]);
			char unit[16];

			if (sscanf(q, "%u %15[a-z]", &a, unit) == 2 &&
			    (!strncmp(unit, "character", 9) || !strcmp(unit, "chars"))) {
				*max = a;
				snprintf(quote, qsz, "%.*s", (int)(strlen(maxp[i]) + strcspn(q, ".,;")), s);
				return;
			}
		}
	}
}

/* ---- the input interfaces (types/input.d.ts) ----------------------------- */

struct iface {
	char key[160];	/* mod.Name */
	TSNode body;
};

static struct iface *ifaces;
static size_t nifaces;
static struct file inputs_file;

static int iface_cmp(const void *a, const void *b)
{
	return strcmp(((const struct iface *)a)->key, ((const struct iface *)b)->key);
}

static void index_inputs(TSParser *p, const char *dir)
{
	char path[4096];
	TSNode root;
	uint32_t i, nc, j, mc;
	size_t cap = 0;

	snprintf(path, sizeof(path), "%s/types/input.d.ts", dir);
	if (parse_file(p, path, &inputs_file))
		die("cannot read '%s': %s", path, strerror(errno));
	root = ts_tree_root_node(inputs_file.tree);
	nc = ts_node_named_child_count(root);
	for (i = 0; i < nc; i++) {
		TSNode ex = ts_node_named_child(root, i), amb, mod, name, body;
		size_t nlen;
		const char *nt;

		amb = ts_node_named_child(ex, 0);
		if (!is(ex, "export_statement") || !is(amb, "ambient_declaration"))
			continue;
		mod = ts_node_named_child(amb, 0);
		if (!is(mod, "internal_module"))
			continue;
		name = ts_node_child_by_field_name(mod, "name", 4);
		body = ts_node_child_by_field_name(mod, "body", 4);
		if (ts_node_is_null(name) || ts_node_is_null(body))
			continue;
		nt = text(&inputs_file, name, &nlen);
		mc = ts_node_named_child_count(body);
		for (j = 0; j < mc; j++) {
			TSNode d = ts_node_named_child(body, j), iname, ibody;
			size_t ilen;
			const char *it;

			if (!is(d, "interface_declaration"))
				continue;
			iname = ts_node_child_by_field_name(d, "name", 4);
			ibody = ts_node_child_by_field_name(d, "body", 4);
			it = text(&inputs_file, iname, &ilen);
			if (nlen + ilen + 2 > sizeof(ifaces->key))
				continue;
			if (nifaces == cap) {
				cap = cap ? 2 * cap : 4096;
				ifaces = xrealloc(ifaces, cap * sizeof(*ifaces));
			}
			snprintf(ifaces[nifaces].key, sizeof(ifaces->key), "%.*s.%.*s", (int)nlen, nt,
				 (int)ilen, it);
			ifaces[nifaces++].body = ibody;
		}
	}
	if (!nifaces)
		die("no input interfaces in '%s': has the SDK's layout changed?", path);
	qsort(ifaces, nifaces, sizeof(*ifaces), iface_cmp);
}

static const struct iface *find_iface(const char *key)
{
	struct iface k;

	snprintf(k.key, sizeof(k.key), "%s", key);
	return bsearch(&k, ifaces, nifaces, sizeof(*ifaces), iface_cmp);
}

/* Secret inputs nested in an input interface, as dotted paths. */
static void nested_secrets(const char *type, const char *path, const char *ref, int depth)
{
	const struct iface *ifc = find_iface(ref);
	struct prop *ps;
	size_t n, i;
	int r;

	if (!ifc || depth > 6)
		return;
	ps = props_of(&inputs_file, ifc->body, &n);
	for (i = 0; i < n; i++) {
		char sub[512];
		const char *w, *d;

		snprintf(sub, sizeof(sub), "%s.%s", path, ps[i].name);
		for (r = 0; r < ps[i].ti.nrefs; r++)
			nested_secrets(type, sub, ps[i].ti.refs[r], depth + 1);
		if (!is_string(&ps[i]) || !(w = secret_name(ps[i].name)) || !(d = secret_doc(ps[i].doc)))
			continue;
		{
			struct fact *f = fact_get(type, sub);

			f->flags |= F_SECRET;
			add_src(f, "secret input: doc of inputs.%s.%s says %s (\"%.160s\")", ref, ps[i].name, d,
				ps[i].doc);
		}
	}
	free(ps);
}

/* ---- one resource ------------------------------------------------------ */

static const char *is_resource_name(const char *mod, const char *cls, int ends);

/*
 * The schema marks some inputs secret that hold no secret (certificates,
 * bundle ids, login banners): a wrapped input counts when its name or its
 * doc says it is one.
 */
static const char *wrapped_secret(const struct prop *p)
{
	static const char *const words[] = {
		"password", "passphrase", "private key", "secret key", "secret access key",
		"preshared key", "pre-shared key", "key material", "secret", NULL,
	};
	const char *w = secret_name(p->name);
	size_t n = strlen(p->name);

	if (!w && ((n > 10 && !strcmp(p->name + n - 10, "Credential")) ||
		   (n > 11 && !strcmp(p->name + n - 11, "Credentials"))))
		w = "credentials";
	return w ? w : any_phrase(p->ldoc, words);
}

/* The inputs `pulumi.secret(args.x)` wraps in the SDK's constructor. */
static void sdk_secrets(const struct file *f, TSNode n, const char *type, struct prop *ps, size_t nps)
{
	uint32_t i, nc;

	if (is(n, "call_expression")) {
		TSNode fn = ts_node_child_by_field_name(n, "function", 8);
		TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
		TSNode a = ts_node_named_child(args, 0);

		if (text_is(f, fn, "pulumi.secret") && is(a, "member_expression")) {
			TSNode obj = ts_node_child_by_field_name(a, "object", 6);
			TSNode prop = ts_node_child_by_field_name(a, "property", 8);
			size_t len;
			const char *t = text(f, prop, &len);

			if (text_is(f, obj, "args") && len < 128) {
				char name[128];
				struct prop *p;
				const char *w;

				memcpy(name, t, len);
				name[len] = '\0';
				p = find_prop(ps, nps, name);
				if (p && (w = wrapped_secret(p)) != NULL) {
					struct fact *fc = fact_get(type, name);

					fc->flags |= F_SECRET;
					add_src(fc, "secret input: the SDK wraps it, pulumi.secret(args.%s), and "
						"its %s says %s", name, secret_name(name) ? "name" : "doc", w);
				} else {
					nwrapped_skipped++;
				}
			}
		}
	}
	nc = ts_node_named_child_count(n);
	for (i = 0; i < nc; i++)
		sdk_secrets(f, ts_node_named_child(n, i), type, ps, nps);
}

/* lowerFirst of `words[from..to)` joined, plus `tail`. */
static void join_words(char w[][64], int from, int to, const char *tail, char *out, size_t outsz)
{
	size_t n = 0;
	int i;

	*out = '\0';
	for (i = from; i < to; i++) {
		size_t l = strlen(w[i]);

		if (n + l + 1 >= outsz)
			return;
		memcpy(out + n, w[i], l);
		if (i > from)
			out[n] = (char)toupper((unsigned char)out[n]);
		n += l;
	}
	snprintf(out + n, outsz - n, "%s", tail);
}

/* A required input that points at a parent resource of the same module:
 * role (iam.Role), logGroupName (cloudwatch.LogGroup), restApi (apigateway.RestApi). */
static const char *parent_ref(const char *mod, const char *self, struct prop *ps, size_t n, char *parent,
			      size_t psz)
{
	static const char *const tails[] = { "Name", "Id", "Arn", "Identifier", "", NULL };
	size_t i;
	int t;

	for (i = 0; i < n; i++) {
		char w[16][64], cls[128];
		const char *hit;
		int nw, k, from;

		if (ps[i].optional)
			continue;
		nw = words_of(ps[i].name, w, 16);
		for (t = 0; tails[t]; t++) {
			size_t tl = strlen(tails[t]), nl = strlen(ps[i].name);

			if (nl <= tl || strcmp(ps[i].name + nl - tl, tails[t]))
				continue;
			if (*tails[t] && nw < 2)
				continue;
			/* the class named by the words before the tail, or by their last
			 * words (autoscalingGroupName: autoscaling.Group) */
			for (from = 0; from < nw - (*tails[t] ? 1 : 0); from++) {
				if (!*tails[t] && from)
					break;	/* a bare `policy` names no parent */
				cls[0] = '\0';
				for (k = from; k < nw - (*tails[t] ? 1 : 0); k++) {
					size_t cl = strlen(cls);

					snprintf(cls + cl, sizeof(cls) - cl, "%c%s",
						 toupper((unsigned char)w[k][0]), w[k] + 1);
				}
				if (*cls && strcmp(cls, self) && (hit = is_resource_name(mod, cls, *tails[t] != '\0')) != NULL &&
				    strcmp(strchr(hit, '/') + 1, self)) {
					snprintf(parent, psz, "aws.%s.%s (input '%s')", mod, strchr(hit, '/') + 1,
						 ps[i].name);
					return ps[i].name;
				}
			}
		}
	}
	return NULL;
}

/*
 * 1 if `cls` is a companion of another resource of its module whose name
 * it takes (s3control.ObjectLambdaAccessPointPolicy of
 * ObjectLambdaAccessPoint) and whose `name` input's doc does not speak of
 * the companion itself ("Name of the Object Lambda Access Point", not
 * "A friendly name of the firewall policy"): that input names the
 * other resource.
 */
static int names_parent(const char *mod, const char *cls, const char *ldoc)
{
	static const char *const tails[] = {
		"Policy", "Configuration", "Attachment", "Association", "Permission", "Settings",
		"Setting", NULL,
	};
	char parent[128];
	size_t i, n = strlen(cls);

	for (i = 0; tails[i]; i++) {
		size_t t = strlen(tails[i]);

		if (n <= t || strcmp(cls + n - t, tails[i]) || n - t >= sizeof(parent))
			continue;
		char own[32];

		snprintf(parent, sizeof(parent), "%.*s", (int)(n - t), cls);
		lower(tails[i], own, sizeof(own));
		if (!strstr(ldoc, own) && is_resource_name(mod, parent, 0))
			return 1;
	}
	return 0;
}

static void name_fact(const char *type, const struct prop *p, unsigned flags, const char *why)
{
	struct fact *f = fact_get(type, p->name);
	unsigned min, max;
	char quote[200];

	f->flags |= F_NAME | flags | (p->optional ? F_AUTO : F_REQUIRED);
	add_src(f, "physical name: %s (%s)", why, p->optional ? "optional: named when omitted" : "required");
	limits_of(p->ldoc, &min, &max, quote, sizeof(quote));
	if (max) {
		f->min = min;
		f->max = max;
		add_src(f, "limit: doc says \"%s\"", quote);
	}
	if (strstr(p->ldoc, "must end with the `.fifo` suffix")) {
		f->flags |= F_FIFO;
		add_src(f, "FIFO: doc says a FIFO one's name \"must end with the `.fifo` suffix\"");
	}
	if (strstr(p->ldoc, "must be lowercase") || strstr(p->ldoc, "only lowercase") ||
	    strstr(p->ldoc, "lowercase alphanumeric") || strstr(p->ldoc, "must be lower case")) {
		f->flags |= F_LOWER;
		add_src(f, "lowercase: doc says so");
	}
}

/* 1 if the file declares `class X extends pulumi.CustomResource`; X into cls. */
static int resource_class(const struct file *f, char *cls, size_t clssz)
{
	TSNode root;
	uint32_t i, nc;

	/* a cheap pre-filter: the syntax tree below decides */
	if (!strstr(f->src, "extends pulumi.CustomResource"))
		return 0;
	root = ts_tree_root_node(f->tree);
	nc = ts_node_named_child_count(root);
	for (i = 0; i < nc; i++) {
		TSNode ex = ts_node_named_child(root, i), d = ts_node_named_child(ex, 0);
		uint32_t j, hc;

		if (!is(ex, "export_statement"))
			continue;
		if (is(d, "ambient_declaration"))
			d = ts_node_named_child(d, 0);
		if (!is(d, "class_declaration"))
			continue;
		hc = ts_node_named_child_count(d);
		for (j = 0; j < hc; j++) {
			TSNode h = ts_node_named_child(d, j);
			size_t len;
			const char *t = text(f, h, &len);

			if (!is(h, "class_heritage") || len >= 200 || !memmem(t, len, "pulumi.CustomResource", 21))
				continue;
			t = text(f, ts_node_child_by_field_name(d, "name", 4), &len);
			if (len >= clssz)
				return 0;
			memcpy(cls, t, len);
			cls[len] = '\0';
			return 1;
		}
	}
	return 0;
}

static int declares_resource(const struct file *f)
{
	char cls[128];

	return resource_class(f, cls, sizeof(cls));
}

static void resource(TSParser *parser, const char *dir, const char *mod, const char *base)
{
	char path[4096], type[300], cls[128], args_name[160], parent[256] = "";
	struct file f = { 0 }, js = { 0 };
	TSNode root, body = { 0 };
	uint32_t i, nc;
	struct prop *ps = NULL;
	size_t n = 0, k;
	int found;

	snprintf(path, sizeof(path), "%s/%s/%s.d.ts", dir, mod, base);
	if (parse_file(parser, path, &f))
		return;
	found = resource_class(&f, cls, sizeof(cls));
	if (!found)
		goto out;
	root = ts_tree_root_node(f.tree);
	nc = ts_node_named_child_count(root);
	snprintf(type, sizeof(type), "aws.%s.%s", mod, cls);
	types = xrealloc(types, (nclasses + 1) * sizeof(*types));
	types[nclasses++] = xstrndup(type, strlen(type));
	snprintf(args_name, sizeof(args_name), "%sArgs", cls);
	for (i = 0; i < nc; i++) {
		TSNode ex = ts_node_named_child(root, i), d = ts_node_named_child(ex, 0);

		if (is(ex, "export_statement") && is(d, "interface_declaration") &&
		    text_is(&f, ts_node_child_by_field_name(d, "name", 4), args_name))
			body = ts_node_child_by_field_name(d, "body", 4);
	}
	if (ts_node_is_null(body))
		goto out;
	ps = props_of(&f, body, &n);

	/* physical names */
	{
		char w[16][64];
		int nw = words_of(cls, w, 16), s;
		const char *pref = parent_ref(mod, cls, ps, n, parent, sizeof(parent));

		for (k = 0; k < n; k++) {
			struct prop *p = &ps[k], *pre;
			char sib[160], cand[160];
			const char *ph;
			int uniq;
			size_t nl = strlen(p->name);

			if (!is_string(p))
				continue;
			snprintf(sib, sizeof(sib), "%sPrefix", p->name);
			pre = find_prop(ps, n, sib);
			if (pre && is_string(pre)) {
				char why[300];

				snprintf(why, sizeof(why), "it has a '%s' sibling", sib);
				name_fact(type, p, 0, why);
				snprintf(why, sizeof(why), "a prefix of '%s' (the provider appends a unique suffix)",
					 p->name);
				name_fact(type, pre, F_PREFIX, why);
				continue;
			}
			if (nl > 6 && !strcmp(p->name + nl - 6, "Prefix")) {
				char base_name[128];

				snprintf(base_name, sizeof(base_name), "%.*s", (int)(nl - 6), p->name);
				if (find_prop(ps, n, base_name))
					continue;	/* done with its sibling */
			}
			/* "This name must be unique within the user's AWS account": the
			 * name of this resource, whatever else the doc says, and not
			 * scoped to a parent */
			uniq = (strstr(p->ldoc, "must be unique") || strstr(p->ldoc, "unique within") ||
				strstr(p->ldoc, "unique in the account")) &&
			       (strstr(p->ldoc, "aws account") || strstr(p->ldoc, "your account") ||
				strstr(p->ldoc, "the account") || strstr(p->ldoc, "'s account"));
			if (any_phrase(p->ldoc, ref_phrases) && !uniq)
				continue;
			if ((ph = any_phrase(p->ldoc, auto_phrases)) != NULL) {
				char why[300];

				snprintf(why, sizeof(why), "doc says \"%s\"", ph);
				name_fact(type, p, 0, why);
				continue;
			}
			if (!strcmp(p->name, "name") && !uniq && names_parent(mod, cls, p->ldoc)) {
				nref_skipped++;
				continue;	/* s3control.AccessPointPolicy.name: the access point's */
			}
			if (!strcmp(p->name, "name")) {
				unsigned sc = 0;
				char why[400];

				if (pref && strcmp(pref, p->name) && !uniq)
					sc = F_SCOPED;
				snprintf(why, sizeof(why), "the resource's 'name' input%s%s%s",
					 sc ? ", scoped to its parent " : "", sc ? parent : "",
					 uniq ? ", unique in the account (doc)" : "");
				name_fact(type, p, sc, why);
				continue;
			}
			/* type-named: CompositeAlarm.alarmName, ReplicationGroup.replicationGroupId */
			for (s = 0; s < nw; s++) {
				static const char *const tails[] = { "Name", "Identifier", "Id", NULL };
				int t;

				for (t = 0; tails[t]; t++) {
					if (s > 0 && strcmp(tails[t], "Name"))
						continue;	/* Id/Identifier: the whole class name only */
					join_words(w, s, nw, tails[t], cand, sizeof(cand));
					if (!strcmp(cand, p->name)) {
						char why[400];
						unsigned sc = pref && strcmp(pref, p->name) && !uniq ? F_SCOPED : 0;

						snprintf(why, sizeof(why), "named after the type (%s)%s%s%s", cls,
							 sc ? ", scoped to its parent " : "", sc ? parent : "",
							 uniq ? ", unique in the account (doc)" : "");
						name_fact(type, p, sc, why);
						goto next;
					}
				}
			}
next:
			;
		}
	}

	/* secret inputs: documented, and nested */
	for (k = 0; k < n; k++) {
		int r;
		const char *w, *d;

		for (r = 0; r < ps[k].ti.nrefs; r++)
			nested_secrets(type, ps[k].name, ps[k].ti.refs[r], 1);
		if (!is_string(&ps[k]) || !(w = secret_name(ps[k].name)) || !(d = secret_doc(ps[k].doc)))
			continue;
		{
			struct fact *fc = fact_get(type, ps[k].name);

			fc->flags |= F_SECRET;
			add_src(fc, "secret input: doc says %s (\"%.160s\")", d, ps[k].doc);
		}
	}

	/* secret inputs: what the SDK wraps */
	snprintf(path, sizeof(path), "%s/%s/%s.js", dir, mod, base);
	if (!parse_file(parser, path, &js))
		sdk_secrets(&js, ts_tree_root_node(js.tree), type, ps, n);
out:
	free(ps);
	file_free(&f);
	file_free(&js);
}

/* ---- the modules --------------------------------------------------------- */

struct strs {
	char **v;
	size_t n, a;
};

static void strs_add(struct strs *s, const char *x)
{
	if (s->n == s->a) {
		s->a = s->a ? 2 * s->a : 64;
		s->v = xrealloc(s->v, s->a * sizeof(*s->v));
	}
	s->v[s->n++] = xstrndup(x, strlen(x));
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every "mod/Class" of a resource, by the d.ts file names (Class = File). */
static struct strs all_classes;

static TSParser *g_parser;
static const char *g_dir;
static signed char *class_state;	/* per all_classes entry: 0 unknown, 1 resource, -1 not */

static int declares_resource(const struct file *f);

/* 1 if all_classes entry i declares a resource class (its syntax tree says). */
static int class_is_resource(size_t i)
{
	char path[4096], base[200];
	const char *c = all_classes.v[i], *sl = strchr(c, '/');
	struct file f = { 0 };

	if (!class_state)
		class_state = calloc(all_classes.n, 1);
	if (!class_state)
		die("out of memory");
	if (class_state[i])
		return class_state[i] > 0;
	snprintf(base, sizeof(base), "%c%s", tolower((unsigned char)sl[1]), sl + 2);
	snprintf(path, sizeof(path), "%s/%.*s/%s.d.ts", g_dir, (int)(sl - c), c, base);
	class_state[i] = !parse_file(g_parser, path, &f) && declares_resource(&f) ? 1 : -1;
	file_free(&f);
	return class_state[i] > 0;
}

/*
 * The resource class of `mod` named `cls` ("mod/Class"), or with
 * `ends` one ending in it (environmentId of finspace.KxUser:
 * finspace.KxEnvironment), or NULL.
 */
static const char *is_resource_name(const char *mod, const char *cls, int ends)
{
	char key[300], *k = key, **hit;
	size_t ml = strlen(mod), cl = strlen(cls), i;

	snprintf(key, sizeof(key), "%s/%s", mod, cls);
	hit = bsearch(&k, all_classes.v, all_classes.n, sizeof(char *), str_cmp);
	if (hit && class_is_resource((size_t)(hit - all_classes.v)))
		return *hit;
	for (i = 0; ends && i < all_classes.n; i++) {
		const char *c = all_classes.v[i];
		size_t l = strlen(c);

		if (!strncmp(c, mod, ml) && c[ml] == '/' && l > ml + 1 + cl && !strcmp(c + l - cl, cls) &&
		    class_is_resource(i))
			return c;
	}
	return NULL;
}

static void list_dir(const char *dir, struct strs *out, int dirs)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		die("cannot read '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		char p[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (stat(p, &st))
			continue;
		if (dirs ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode))
			strs_add(out, e->d_name);
	}
	closedir(d);
	qsort(out->v, out->n, sizeof(*out->v), str_cmp);
}

/* ---- the curated file ---------------------------------------------------- */

/*
 * Lines: TYPE.PROP KIND [N [M]] -- reason
 * KIND: name (required), autoname (optional), prefix, scoped, notname,
 * secret, notsecret, limit N [M] (max N, or min N max M), lower.
 */
static void curated(const char *path)
{
	size_t len;
	char *s = read_file(path, &len), *line, *save = NULL;
	unsigned lineno = 0;

	if (!s)
		die("cannot read '%s': %s", path, strerror(errno));
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char tp[300], kind[32], *reason, *dot;
		unsigned a = 0, b = 0;
		int got;
		struct fact *f;

		lineno++;
		while (isspace((unsigned char)*line))
			line++;
		if (!*line || *line == '#')
			continue;
		reason = strstr(line, " -- ");
		if (!reason)
			die("%s: a line without ' -- reason': %s", path, line);
		*reason = '\0';
		reason += 4;
		got = sscanf(line, "%299s %31s %u %u", tp, kind, &a, &b);
		if (got < 2 || strncmp(tp, "aws.", 4) || !(dot = strrchr(tp, '.')) || dot - tp < 6)
			die("%s: cannot read '%s'", path, line);
		/* TYPE is aws.mod.Class: the property is what follows */
		{
			char *d1 = strchr(tp + 4, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;

			if (!d2)
				die("%s: '%s' is not aws.module.Type.property", path, tp);
			*d2 = '\0';
			dot = d2;
		}
		f = fact_get(tp, dot + 1);
		if (!strcmp(kind, "name") || !strcmp(kind, "autoname") || !strcmp(kind, "prefix")) {
			f->flags |= F_NAME | (!strcmp(kind, "name") ? F_REQUIRED : F_AUTO) |
				    (!strcmp(kind, "prefix") ? F_PREFIX : 0);
			f->flags &= ~(unsigned)(!strcmp(kind, "name") ? F_AUTO : F_REQUIRED);
			add_src(f, "physical name, curated: %s", reason);
		} else if (!strcmp(kind, "scoped")) {
			f->flags |= F_NAME | F_SCOPED;
			if (!(f->flags & (F_AUTO | F_REQUIRED)))
				f->flags |= F_REQUIRED;
			add_src(f, "scoped to a parent, curated: %s", reason);
		} else if (!strcmp(kind, "notname")) {
			f->flags &= ~(unsigned)(F_NAME | F_PREFIX | F_AUTO | F_REQUIRED | F_SCOPED | F_LOWER);
			f->min = f->max = 0;
			add_src(f, "not a physical name, curated: %s", reason);
		} else if (!strcmp(kind, "secret")) {
			f->flags |= F_SECRET;
			add_src(f, "secret input, curated: %s", reason);
		} else if (!strcmp(kind, "notsecret")) {
			f->flags &= ~(unsigned)F_SECRET;
			add_src(f, "not a secret input, curated: %s", reason);
		} else if (!strcmp(kind, "limit") && got >= 3) {
			f->min = got == 4 ? a : 0;
			f->max = got == 4 ? b : a;
			add_src(f, "limit, curated: %s", reason);
		} else if (!strcmp(kind, "lower")) {
			f->flags |= F_LOWER;
			add_src(f, "lowercase, curated: %s", reason);
		} else {
			die("%s:%u: unknown kind '%s'", path, lineno, kind);
		}
	}
	free(s);
}

/* ---- output -------------------------------------------------------------- */

static int fact_cmp(const void *a, const void *b)
{
	const struct fact *x = a, *y = b;
	int c = strcmp(x->type, y->type);

	return c ? c : strcmp(x->prop, y->prop);
}

static void put_c_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			putchar(' ');
		else if ((unsigned char)*s >= 0x7f)
			printf("\\%03o", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

int main(int argc, char **argv)
{
	TSParser *parser;
	struct strs mods = { 0 };
	char version[64] = "unknown", path[4096];
	size_t i, j, kept = 0, names = 0, scoped = 0, secrets = 0, limits = 0;

	if (argc != 3)
		die("usage: factsgen PACKAGE-DIR CURATED-FILE");
	parser = ts_parser_new();
	if (!parser || !ts_parser_set_language(parser, tree_sitter_typescript()))
		die("cannot load the TypeScript grammar");

	/* the version, from package.json's "version" (a JSON string: read as TypeScript) */
	snprintf(path, sizeof(path), "%s/package.json", argv[1]);
	{
		size_t len;
		char *pj = read_file(path, &len), *v;

		if (!pj)
			die("cannot read '%s': %s", path, strerror(errno));
		v = strstr(pj, "\"version\"");
		if (!v || sscanf(v, "\"version\" : \"%63[0-9A-Za-z.+-]\"", version) != 1)
			if (!v || sscanf(v, "\"version\": \"%63[0-9A-Za-z.+-]\"", version) != 1)
				die("no version in '%s'", path);
		free(pj);
	}

	g_parser = parser;
	g_dir = argv[1];
	index_inputs(parser, argv[1]);
	list_dir(argv[1], &mods, 1);
	for (i = 0; i < mods.n; i++) {
		struct strs files = { 0 };

		if (!strcmp(mods.v[i], "types") || !strcmp(mods.v[i], "config"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], mods.v[i]);
		list_dir(path, &files, 0);
		for (j = 0; j < files.n; j++) {
			size_t l = strlen(files.v[j]);
			char key[300];

			/* getBucket.d.ts is a data source, not a resource class */
			if (l > 5 && !strcmp(files.v[j] + l - 5, ".d.ts") && strcmp(files.v[j], "index.d.ts") &&
			    !(!strncmp(files.v[j], "get", 3) && isupper((unsigned char)files.v[j][3]))) {
				snprintf(key, sizeof(key), "%s/%c%.*s", mods.v[i], toupper((unsigned char)files.v[j][0]),
					 (int)(l - 6), files.v[j] + 1);
				strs_add(&all_classes, key);
			}
			free(files.v[j]);
		}
		free(files.v);
	}
	qsort(all_classes.v, all_classes.n, sizeof(char *), str_cmp);
	for (i = 0; i < all_classes.n; i++) {
		char mod[128], base[200], *sl = strchr(all_classes.v[i], '/');

		snprintf(mod, sizeof(mod), "%.*s", (int)(sl - all_classes.v[i]), all_classes.v[i]);
		snprintf(base, sizeof(base), "%c%s", tolower((unsigned char)sl[1]), sl + 2);
		resource(parser, argv[1], mod, base);
	}
	if (nclasses < 100)
		die("only %lu resource classes in '%s': has the SDK's layout changed?", nclasses, argv[1]);
	curated(argv[2]);
	/* a prefix of a parent-scoped name is scoped too (iam.RolePolicy.namePrefix) */
	for (i = 0; i < nfacts; i++) {
		char pre[300];

		if ((facts[i].flags & (F_NAME | F_SCOPED | F_PREFIX)) != (F_NAME | F_SCOPED))
			continue;
		snprintf(pre, sizeof(pre), "%sPrefix", facts[i].prop);
		for (j = 0; j < nfacts; j++) {
			if ((facts[j].flags & F_PREFIX) && !(facts[j].flags & F_SCOPED) &&
			    !strcmp(facts[j].type, facts[i].type) && !strcmp(facts[j].prop, pre)) {
				facts[j].flags |= F_SCOPED;
				add_src(&facts[j], "scoped to a parent, as '%s' is", facts[i].prop);
			}
		}
	}

	qsort(facts, nfacts, sizeof(*facts), fact_cmp);
	printf("/* Generated by gen/factsgen.c from @pulumi/aws %s and gen/aws-facts-curated.txt: do not edit. */\n",
	       version);
	printf("#define AWS_FACTS_VERSION \"%s\"\n", version);
	printf("#define AWS_FACTS_CLASSES %lu\n", nclasses);
	printf("static const struct fact aws_facts[] = {\n");
	for (i = 0; i < nfacts; i++) {
		struct fact *f = &facts[i];

		if (!(f->flags & (F_NAME | F_SECRET)) && !f->max && !strstr(f->src, "curated"))
			continue;	/* nothing known */
		kept++;
		names += (f->flags & F_NAME) && !(f->flags & F_SCOPED);
		scoped += (f->flags & F_SCOPED) != 0;
		secrets += (f->flags & F_SECRET) != 0;
		limits += f->max != 0;
		printf("\t{ ");
		put_c_string(f->type);
		printf(", ");
		put_c_string(f->prop);
		printf(", 0x%02x, %u, %u, ", f->flags, f->min, f->max);
		put_c_string(f->src);
		printf(" },\n");
	}
	printf("};\n");
	qsort(types, nclasses, sizeof(*types), str_cmp);
	printf("static const char *const aws_types[] = {\n");
	for (i = 0; i < nclasses; i++) {
		printf("\t");
		put_c_string(types[i]);
		printf(",\n");
	}
	printf("};\n");
	fprintf(stderr, "factsgen: @pulumi/aws %s: %lu resource classes, %zu facts: %zu physical names, "
		"%zu parent-scoped names, %zu secret inputs, %zu limits (%lu inputs the SDK wraps as "
		"secret hold no secret by name or doc: not judged)\n", version, nclasses, kept, names,
		scoped, secrets, limits, nwrapped_skipped);
	ts_parser_delete(parser);
	file_free(&inputs_file);
	for (i = 0; i < mods.n; i++)
		free(mods.v[i]);
	free(mods.v);
	for (i = 0; i < all_classes.n; i++)
		free(all_classes.v[i]);
	free(all_classes.v);
	for (i = 0; i < nclasses; i++)
		free(types[i]);
	free(types);
	for (i = 0; i < nfacts; i++) {
		free(facts[i].type);
		free(facts[i].prop);
	}
	free(facts);
	free(ifaces);
	free(class_state);
	return 0;
}
