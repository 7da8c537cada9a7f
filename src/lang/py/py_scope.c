/*
 * py_scope.c - the Python context pass: which Pulumi modules the file
 * imports and under what names (`import pulumi_aws as aws`, `from
 * pulumi_aws import s3`, `from pulumi_aws.s3 import Bucket`), its
 * module-level and function-local names, parameters, classes and
 * helper functions; and canon_name() over Python's attribute chains.
 *
 * A Python name is bound by every assignment to it in its function (or
 * the module), wherever in the function the assignment stands: a name
 * assigned once is a binding the model follows (DECL_CONST), a name
 * assigned twice, augmented, or bound by `for`/`with`/`except` is one it
 * does not (DECL_MUTABLE without a value).
 */
#include "rules/rules.h"
#include "analyze/internal.h"
#include "lang/py/py.h"
#include "model/lattice.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>

/*
 * The canonical name of a Python module of Pulumi: pulumi_aws -> aws,
 * pulumi_aws.s3 -> aws.s3, pulumi_aws_native -> aws-native, pulumi ->
 * pulumi, each part's trailing `_` (lambda_) dropped. 0 if not Pulumi's.
 */
static int pulumi_module(const char *s, size_t len, struct buf *canon)
{
	size_t i, head;

	buf_reset(canon);
	if (len == 6 && !memcmp(s, "pulumi", 6)) {
		buf_puts(canon, "pulumi");
		return 1;
	}
	if (len >= 7 && !memcmp(s, "pulumi.", 7)) {
		head = 6;
		buf_puts(canon, "pulumi");
	} else if (len > 7 && !memcmp(s, "pulumi_", 7)) {
		for (head = 7; head < len && s[head] != '.'; head++)
			buf_putc(canon, s[head] == '_' ? '-' : s[head]);
	} else {
		return 0;
	}
	for (i = head; i < len; i++) {
		if (s[i] == '_' && (i + 1 == len || s[i + 1] == '.'))
			continue;
		buf_putc(canon, s[i]);
	}
	return 1;
}

static void add_import(struct ctx *c, TSNode local, const char *canon)
{
	struct import_binding *b = stable_add(&c->imports);

	b->local = node_text(c, local, &b->local_len);
	b->pos = ts_node_start_byte(local);
	b->canon = xstrdup(canon);
	name_index_add(&c->import_names, name_hash(b->local, b->local_len), (uint32_t)(c->imports.nr - 1));
}

/* import pulumi_aws as aws; import pulumi_aws.s3 (binds pulumi_aws) */
static void collect_import(struct ctx *c, TSNode stmt)
{
	struct buf canon = BUF_INIT;
	struct child_iter it;
	TSNode k;

	for (child_iter_init(&it, stmt); child_iter_next(&it, &k);) {
		TSNode mod = k, local;
		const char *t;
		size_t len;

		if (node_is(k, "aliased_import"))
			mod = node_field(k, "name");
		if (!node_is(mod, "dotted_name"))
			continue;
		t = node_text(c, mod, &len);
		if (node_is(k, "aliased_import")) {
			local = node_field(k, "alias");
		} else {
			/* import pulumi_aws.s3: the name bound is pulumi_aws */
			local = ts_node_named_child(mod, 0);
			t = node_text(c, local, &len);
		}
		if (!ts_node_is_null(local) && pulumi_module(t, len, &canon))
			add_import(c, local, canon.ptr);
	}
	child_iter_end(&it);
	buf_release(&canon);
}

/* from pulumi_aws import s3, ec2 as compute; from pulumi import Output */
static void collect_import_from(struct ctx *c, TSNode stmt)
{
	TSNode mod = node_field(stmt, "module_name");
	struct buf canon = BUF_INIT, name = BUF_INIT;
	struct child_iter it;
	TSNode k;
	const char *t;
	size_t len;

	if (!node_is(mod, "dotted_name"))
		return;	/* relative imports: the project's own modules */
	t = node_text(c, mod, &len);
	if (!pulumi_module(t, len, &canon))
		goto out;
	for (child_iter_init(&it, stmt); child_iter_next(&it, &k);) {
		TSNode nm = k, local = k;
		struct buf part = BUF_INIT;

		if (ts_node_eq(k, mod))
			continue;
		if (node_is(k, "aliased_import")) {
			nm = node_field(k, "name");
			local = node_field(k, "alias");
		}
		if (!node_is(nm, "dotted_name") || ts_node_is_null(local))
			continue;
		t = node_text(c, nm, &len);
		/* the part of the name: lambda_ is lambda */
		if (len > 1 && t[len - 1] == '_')
			len--;
		buf_add(&part, t, len);
		buf_reset(&name);
		buf_printf(&name, "%s.%s", canon.ptr, part.ptr);
		buf_release(&part);
		add_import(c, node_is(local, "dotted_name") ? ts_node_named_child(local, 0) : local, name.ptr);
	}
	child_iter_end(&it);
out:
	buf_release(&canon);
	buf_release(&name);
}

/* The node whose names a binding at the walk's node belongs to. */
static TSNode binding_scope(struct ctx *c)
{
	TSNode n;
	uint32_t k;

	for (k = 1; !ts_node_is_null(n = ctx_ancestor(c, k)); k++)
		if (node_is(n, "function_definition") || node_is(n, "lambda") ||
		    node_is(n, "class_definition") || node_is(n, "module"))
			return n;
	return c->root;
}

/*
 * Bind `name` in `scope`: one binding per name and scope. A second one
 * (a parameter assigned in its function too) makes it unknown: which
 * value a use sees depends on the run.
 */
static void add_decl(struct ctx *c, TSNode name, enum decl_kind kind, TSNode value, TSNode scope)
{
	struct decl *d;
	size_t len;
	const char *t = node_text(c, name, &len);
	uint32_t i, h = name_hash(t, len), start = ts_node_start_byte(scope), end = ts_node_end_byte(scope);

	for (i = name_index_first(&c->decl_names, h); i != NO_ENTRY; i = name_index_next(&c->decl_names, i)) {
		d = stable_at(&c->decls, i);
		if (d->name_len != len || memcmp(d->name, t, len) || d->scope_start != start || d->scope_end != end)
			continue;
		if (d->pos != ts_node_start_byte(name)) {
			d->kind = DECL_MUTABLE;
			memset(&d->value, 0, sizeof(d->value));
		}
		return;
	}
	d = stable_add(&c->decls);
	d->name = t;
	d->name_len = len;
	d->pos = ts_node_start_byte(name);
	d->kind = kind;
	if (kind != DECL_MUTABLE)
		d->value = value;
	d->scope_start = start;
	d->scope_end = end;
	name_index_add(&c->decl_names, h, (uint32_t)(c->decls.nr - 1));
}

static void add_func(struct ctx *c, TSNode name, TSNode body)
{
	struct func *f;

	if (ts_node_is_null(name) || ts_node_is_null(body))
		return;
	f = stable_add(&c->funcs);
	f->name = node_text(c, name, &f->name_len);
	f->pos = ts_node_start_byte(name);
	f->body = body;
	name_index_add(&c->func_names, name_hash(f->name, f->name_len), (uint32_t)(c->funcs.nr - 1));
}

/* Each name a target (x, a.b, (x, y), [x, *y]) binds: unknown values. */
static void bind_targets(struct ctx *c, TSNode target, TSNode scope, int depth)
{
	struct child_iter it;
	TSNode k, none = { 0 };

	if (depth > 16)
		return;
	if (node_is(target, "identifier")) {
		add_decl(c, target, DECL_MUTABLE, none, scope);
		return;
	}
	if (!node_is(target, "pattern_list") && !node_is(target, "tuple_pattern") &&
	    !node_is(target, "list_pattern") && !node_is(target, "list_splat_pattern") &&
	    !node_is(target, "tuple") && !node_is(target, "list") && !node_is(target, "expression_list"))
		return;
	for (child_iter_init(&it, target); child_iter_next(&it, &k);)
		bind_targets(c, k, scope, depth + 1);
	child_iter_end(&it);
}

static TSNode method_class(struct ctx *c, uint32_t k);

/*
 * self.x = value in a method: a binding named "self.x" in the class, so
 * that a read of self.x anywhere in the class finds it (py_value.c);
 * assigned twice, it is unknown like any name.
 */
static void collect_self_attribute(struct ctx *c, TSNode left, TSNode right)
{
	TSNode obj = node_field(left, "object"), n, none = { 0 };
	uint32_t k;

	if (!node_is(obj, "identifier") || !node_text_eq(c, obj, "self"))
		return;
	for (k = 1; !ts_node_is_null(n = ctx_ancestor(c, k)); k++) {
		if (node_is(n, "function_definition")) {
			TSNode cls = method_class(c, k + 1);

			if (!ts_node_is_null(cls))
				add_decl(c, left, ts_node_is_null(right) ? DECL_MUTABLE : DECL_CONST,
					 ts_node_is_null(right) ? none : right, cls);
			return;
		}
		if (node_is(n, "class_definition"))
			return;
	}
}

/*
 * 1 if a changed value bound to a name can reach a finding through a
 * use that did not change. Not for a resource (a call that lowers to a
 * provider resource: uses see V_RESOURCE) nor a lambda (a helper only
 * ever helps): as TypeScript's `new X()` and functions. Every other call
 * passes what its arguments hold on (*Args(...), json.dumps(...),
 * Output.secret('x'), '-'.join(...), str(...)).
 */
static int value_travels(struct ctx *c, TSNode value)
{
	struct buf type = BUF_INIT;
	int resource;

	if (node_is(value, "lambda"))
		return 0;
	resource = py_resource_type(c, value, &type);
	buf_release(&type);
	return !resource;
}

/*
 * 1 if a changed value bound to self.x can reach a finding through a
 * read of self.x that did not change. Not for what value_travels() lets
 * go, nor for another object's attribute (bucket.arn, args.vpc_id): a
 * read sees a derived, secret or unknown value (py_value.c), no literal;
 * unless the attribute is named like the suffix or a value that is not
 * it (args.environment), whose node the value names.
 */
static int self_value_travels(struct ctx *c, TSNode value)
{
	TSNode obj, attr;
	const char *t;
	size_t len;

	if (!value_travels(c, value))
		return 0;
	if (!node_is(value, "attribute"))
		return 1;
	obj = strip_wrappers(node_field(value, "object"));
	attr = node_field(value, "attribute");
	if (ts_node_is_null(attr) || (node_is(obj, "identifier") && node_text_eq(c, obj, "self")))
		return 1;
	t = node_text(c, attr, &len);
	return value_is_suffix_name(c, t, len) || value_is_non_suffix_name(c, t, len);
}

static void collect_assignment(struct ctx *c, TSNode n)
{
	TSNode left = node_field(n, "left"), right = node_field(n, "right");
	TSNode scope = binding_scope(c);
	int i;

	/* a = b = 'x': both are 'x' */
	for (i = 0; i < 16 && node_is(right, "assignment"); i++)
		right = node_field(right, "right");
	if (node_is(left, "attribute")) {
		collect_self_attribute(c, left, right);
		if (!c->full_judge && !ts_node_is_null(right) && node_on_added(c, right) &&
		    self_value_travels(c, right))
			c->full_judge = 1;
		return;
	}
	if (!node_is(left, "identifier")) {
		bind_targets(c, left, scope, 0);
		return;
	}
	if (ts_node_is_null(right)) {
		TSNode none = { 0 };

		add_decl(c, left, DECL_MUTABLE, none, scope);	/* x: str */
		return;
	}
	if (node_is(right, "lambda"))
		add_func(c, left, node_field(right, "body"));
	add_decl(c, left, DECL_CONST, right, scope);
	/* a changed value may reach a finding through a use that did not change */
	if (!c->full_judge && node_on_added(c, right) && value_travels(c, right))
		c->full_judge = 1;
}

/* The class a method is defined in (through decorators), or null. */
static TSNode method_class(struct ctx *c, uint32_t k)
{
	TSNode body = ctx_ancestor(c, k), none = { 0 };

	if (node_is(body, "decorated_definition"))
		body = ctx_ancestor(c, ++k);
	if (!node_is(body, "block"))
		return none;
	body = ctx_ancestor(c, k + 1);
	return node_is(body, "class_definition") ? body : none;
}

/* 1 if the class's bases name ComponentResource or *.ComponentResource. */
int py_class_is_component(const struct ctx *c, TSNode cls)
{
	TSNode bases = node_field(cls, "superclasses");
	struct child_iter it;
	TSNode k;
	int yes = 0;

	for (child_iter_init(&it, bases); !yes && child_iter_next(&it, &k);) {
		size_t len;
		const char *t = node_text(c, k, &len);

		yes = (len == 17 && !memcmp(t, "ComponentResource", 17)) ||
		      (len > 18 && !memcmp(t + len - 18, ".ComponentResource", 18));
	}
	child_iter_end(&it);
	return yes;
}

static void collect_params(struct ctx *c, TSNode fn, TSNode params, int method, int component_init)
{
	struct child_iter it;
	TSNode p;
	uint32_t i = 0;

	for (child_iter_init(&it, params); child_iter_next(&it, &p); i++) {
		TSNode name = p, def = { 0 };

		if (node_is(p, "default_parameter") || node_is(p, "typed_default_parameter")) {
			name = node_field(p, "name");
			def = node_field(p, "value");
		} else if (node_is(p, "typed_parameter")) {
			name = ts_node_named_child(p, 0);
		}
		if (!node_is(name, "identifier"))
			continue;
		if (method && i == 0)
			continue;	/* self */
		/* def f(password='x'): a DECL_PARAM's value is its default */
		add_decl(c, name, component_init && i == 1 ? DECL_COMPONENT_NAME : DECL_PARAM,
			 ts_node_is_null(def) ? name : def, fn);
	}
	child_iter_end(&it);
}

static void collect_function(struct ctx *c, TSNode fn)
{
	TSNode name = node_field(fn, "name"), cls = method_class(c, 1);
	int init = !ts_node_is_null(cls) && node_text_eq(c, name, "__init__");

	if (ts_node_is_null(cls))
		add_decl(c, name, DECL_MUTABLE, node_field(fn, "body"), binding_scope(c));
	add_func(c, name, node_field(fn, "body"));
	collect_params(c, fn, node_field(fn, "parameters"), !ts_node_is_null(cls),
		       init && py_class_is_component(c, cls));
}

/*
 * class MyBucket(aws.s3.Bucket): MyBucket(...) is a bucket. Other
 * classes are names whose attributes a value may read.
 */
static void collect_class(struct ctx *c, TSNode cls)
{
	TSNode name = node_field(cls, "name"), base = call_arg(node_field(cls, "superclasses"), 0);
	struct buf canon = BUF_INIT;

	if (!node_is(name, "identifier"))
		return;
	if ((node_is(base, "attribute") || node_is(base, "identifier")) && canon_name(c, base, &canon) &&
	    strncmp(canon.ptr, "pulumi.", 7) && strcmp(canon.ptr, "pulumi")) {
		add_import(c, name, canon.ptr);
	} else {
		/* the class body is its own scope: bind the name around it */
		TSNode scope = binding_scope(c);

		add_decl(c, name, DECL_CLASS, node_field(cls, "body"), scope);
	}
	buf_release(&canon);
}

/* What the context pass does on a node, by its kind: one table lookup, not a string compare per kind. */
enum collect_kind {
	CK_NONE, CK_IMPORT, CK_IMPORT_FROM, CK_ASSIGNMENT, CK_AUGMENTED, CK_NAMED_EXPR, CK_FOR,
	CK_AS_TARGET, CK_FUNCTION, CK_LAMBDA, CK_CLASS, CK_COMMENT,
	CK_EXPRESSION,	/* a call, dict or list: py_context_skip() */
};

static const char *const collect_kinds[] = {
	[CK_IMPORT] = "import_statement", [CK_IMPORT_FROM] = "import_from_statement",
	[CK_ASSIGNMENT] = "assignment", [CK_AUGMENTED] = "augmented_assignment",
	[CK_NAMED_EXPR] = "named_expression", [CK_FOR] = "for_statement", [CK_AS_TARGET] = "as_pattern_target",
	[CK_FUNCTION] = "function_definition", [CK_LAMBDA] = "lambda", [CK_CLASS] = "class_definition",
	[CK_COMMENT] = "comment",
};

const TSLanguage *tree_sitter_python(void);

static unsigned char *collect_table;	/* enum collect_kind by symbol id */
static uint32_t collect_table_nr;
static pthread_once_t collect_table_once = PTHREAD_ONCE_INIT;

static void mark_kind(const TSLanguage *g, const char *name, enum collect_kind k)
{
	uint32_t len = (uint32_t)strlen(name);
	TSSymbol named = ts_language_symbol_for_name(g, name, len, true);
	TSSymbol anon = ts_language_symbol_for_name(g, name, len, false);

	/* ts_node_type() names both: `lambda` is a kind and a keyword */
	if (named && named < collect_table_nr)
		collect_table[named] = (unsigned char)k;
	if (anon && anon < collect_table_nr)
		collect_table[anon] = (unsigned char)k;
}

static void collect_table_init(void)
{
	const TSLanguage *g = tree_sitter_python();
	size_t k;

	collect_table_nr = ts_language_symbol_count(g);
	collect_table = xcalloc(collect_table_nr, 1);
	for (k = 1; k < ARRAY_SIZE(collect_kinds); k++)
		mark_kind(g, collect_kinds[k], (enum collect_kind)k);
	mark_kind(g, "for_in_clause", CK_FOR);
	mark_kind(g, "call", CK_EXPRESSION);
	mark_kind(g, "dictionary", CK_EXPRESSION);
	mark_kind(g, "list", CK_EXPRESSION);
}

static int is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
	       (unsigned char)ch >= 0x80;
}

enum binder { B_WALRUS, B_LAMBDA, B_FOR };
static const unsigned char binder_len[] = { [B_WALRUS] = 2, [B_LAMBDA] = 6, [B_FOR] = 3 };

/*
 * Every `:=`, and every `lambda` and `for` not inside a longer word on
 * its left, in the file's text: strings and comments too (a word there
 * only makes the pass enter). Whether what follows a word ends it
 * depends on where the node asking ends, so that is left to
 * may_bind().
 */
/*
 * The offsets of one kind of binder, ascending, into run: found by
 * memchr() of its rarest byte (`at` into the word), then compared.
 */
static void find_kind(const char *src, uint32_t len, int kind, char rare, uint32_t at, struct py_binders *run)
{
	static const char *const word[] = { [B_WALRUS] = ":=", [B_LAMBDA] = "lambda", [B_FOR] = "for" };
	const char *p = src, *end = src + len;
	size_t alloc = 0, wl = binder_len[kind];

	while ((p = memchr(p, rare, (size_t)(end - p))) != NULL) {
		const char *w = p++ - at;

		if (w < src || (size_t)(end - w) < wl || memcmp(w, word[kind], wl))
			continue;
		if (kind != B_WALRUS && w > src &&
		    (kind == B_LAMBDA ? is_name_char(w[-1]) : ident_char(w[-1])))
			continue;
		ALLOC_GROW(run->off, run->nr + 1, alloc);
		run->off[run->nr++] = (uint32_t)(w - src);
	}
}

static void find_binders(const char *src, uint32_t len, struct py_binders *b)
{
	struct py_binders run[3];
	size_t at[3] = { 0, 0, 0 }, total, n;
	int k;

	memset(run, 0, sizeof(run));
	b->ready = 1;
	find_kind(src, len, B_WALRUS, '=', 1, &run[B_WALRUS]);
	find_kind(src, len, B_LAMBDA, 'b', 3, &run[B_LAMBDA]);
	find_kind(src, len, B_FOR, 'f', 0, &run[B_FOR]);
	total = run[0].nr + run[1].nr + run[2].nr;
	b->off = xmalloc((total + 1) * sizeof(*b->off));
	b->kind = xmalloc(total + 1);
	for (n = 0; n < total; n++) {	/* merged in text order */
		int best = -1;

		for (k = 0; k < 3; k++)
			if (at[k] < run[k].nr && (best < 0 || run[k].off[at[k]] < run[best].off[at[best]]))
				best = k;
		b->off[n] = run[best].off[at[best]++];
		b->kind[n] = (unsigned char)best;
	}
	b->nr = total;
	for (k = 0; k < 3; k++)
		free(run[k].off);
}

/*
 * 1 if src[s, e) may bind a name: `:=`; the keyword `lambda` (followed by
 * what may follow it: a space, a line break, `:`, `*`, a backslash, a
 * comment; not '.' or '-' as in "lambda.amazonaws.com" in a role's
 * policy); the word `for` (a comprehension).
 */
static int may_bind(const char *src, const struct py_binders *b, uint32_t s, uint32_t e)
{
	size_t lo = 0, hi = b->nr;

	while (lo < hi) {	/* the first at or after s */
		size_t mid = lo + (hi - lo) / 2;

		if (b->off[mid] < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < b->nr && b->off[lo] < e; lo++) {
		uint32_t end = b->off[lo] + binder_len[b->kind[lo]];

		if (end > e)
			continue;
		if (b->kind[lo] == B_WALRUS ||
		    (b->kind[lo] == B_LAMBDA && (end == e || strchr(" \t\r\n\f\\:*#", src[end]))) ||
		    (b->kind[lo] == B_FOR && (end == e || !ident_char(src[end]))))
			return 1;
	}
	return 0;
}

/*
 * An expression binds a name only through `lambda` (its parameters), `:=`
 * or a comprehension's `for`; a comment inside one matters only to a file
 * with suppressions, whose context pass enters everything
 * (WALK_CONTEXT_ALL). The words are looked for in the text, strings too:
 * a word there only makes the pass enter.
 */
int py_context_skip(struct ctx *c, TSNode n)
{
	TSSymbol sym = ts_node_symbol(n);
	struct py_binders *b;
	uint32_t s, e;

	pthread_once(&collect_table_once, collect_table_init);
	if (sym >= collect_table_nr || collect_table[sym] != CK_EXPRESSION)
		return 0;
	s = ts_node_start_byte(n);
	e = ts_node_end_byte(n);
	if (e > c->len || s > e)
		return 0;
	b = py_binders(c);
	if (!b->ready)
		find_binders(c->src, (uint32_t)c->len, b);
	return !may_bind(c->src, b, s, e);
}

void py_collect_node(struct ctx *c, TSNode n)
{
	TSSymbol sym = ts_node_symbol(n);

	pthread_once(&collect_table_once, collect_table_init);
	switch (sym < collect_table_nr ? collect_table[sym] : CK_NONE) {
	case CK_IMPORT:
		collect_import(c, n);
		break;
	case CK_IMPORT_FROM:
		collect_import_from(c, n);
		break;
	case CK_ASSIGNMENT:
		collect_assignment(c, n);
		break;
	case CK_AUGMENTED: {
		TSNode none = { 0 };

		if (node_is(node_field(n, "left"), "attribute"))
			collect_self_attribute(c, node_field(n, "left"), none);
		else
			bind_targets(c, node_field(n, "left"), binding_scope(c), 0);
		break;
	}
	case CK_NAMED_EXPR:
		add_decl(c, node_field(n, "name"), DECL_CONST, node_field(n, "value"), binding_scope(c));
		break;
	case CK_FOR:
		bind_targets(c, node_field(n, "left"), binding_scope(c), 0);
		break;
	case CK_AS_TARGET:
		bind_targets(c, ts_node_named_child(n, 0), binding_scope(c), 0);	/* with x as y */
		break;
	case CK_FUNCTION:
		collect_function(c, n);
		break;
	case CK_LAMBDA:
		collect_params(c, n, node_field(n, "parameters"), 0, 0);
		break;
	case CK_CLASS:
		collect_class(c, n);
		break;
	case CK_COMMENT:
		/* all of them: an old comment may suppress a new finding */
		collect_suppression(c, n);
		break;
	default:
		break;
	}
}

/* ---- names ---- */

static const struct import_binding *find_import(const struct ctx *c, const char *name, size_t len)
{
	const struct import_binding *best = NULL;
	uint32_t i;

	for (i = name_index_first(&c->import_names, name_hash(name, len)); i != NO_ENTRY;
	     i = name_index_next(&c->import_names, i)) {
		const struct import_binding *b = stable_at(&c->imports, i);

		if (b->local_len == len && !memcmp(b->local, name, len) && (!best || b->pos < best->pos))
			best = b;
	}
	return best;
}

static int canon_name_d(struct ctx *c, TSNode n, struct buf *out, int depth)
{
	TSNode parts[16];
	int nr = 0, bound = 0, i;
	size_t len;
	const char *t;

	buf_reset(out);
	/* aws.s3.Bucket */
	while (node_is(n, "attribute") && nr < 15) {
		parts[nr++] = node_field(n, "attribute");
		n = node_field(n, "object");
	}
	if (!node_is(n, "identifier"))
		return 0;
	t = node_text(c, n, &len);
	{
		const struct import_binding *b = find_import(c, t, len);
		const struct decl *d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
		TSNode val = d && d->kind == DECL_CONST ? d->value : n;

		/* a local binding of the same name shadows the import */
		if (b && (!d || d->pos < b->pos)) {
			buf_puts(out, b->canon);
			bound = 1;
		} else if (d && d->kind == DECL_CONST && depth < 8 &&
			   (node_is(val, "identifier") || node_is(val, "attribute")) &&
			   canon_name_d(c, val, out, depth + 1)) {
			bound = 1;	/* s3 = aws.s3: s3 is aws.s3 */
		} else {
			buf_reset(out);
			buf_add(out, t, len);
		}
	}
	for (i = nr - 1; i >= 0; i--) {
		if (!node_is(parts[i], "identifier"))
			return 0;
		t = node_text(c, parts[i], &len);
		/* aws.lambda_: the module lambda (a Python keyword otherwise) */
		if (bound && len > 1 && t[len - 1] == '_' && t[len - 2] != '_')
			len--;
		buf_putc(out, '.');
		buf_add(out, t, len);
	}
	return bound;
}

int py_canon_name(struct ctx *c, TSNode n, struct buf *out)
{
	return canon_name_d(c, n, out, 0);
}
