/*
 * py_value.c - what a Python expression may evaluate to, in the model's
 * lattice (model/lattice.h): strings, implicit concatenation, f-strings,
 * `+`, `%` and `.format()`, names, `self.x`, parameters, config reads,
 * pulumi.get_stack(), Output.secret()/from_input() (transparent, as
 * pulumi.secret() is), Output.concat(), `.apply(lambda ...)`, resource
 * outputs, and time/uuid/random calls (new on every run).
 */
#include "rules/rules.h"
#include "lang/py/py.h"
#include "model/lattice.h"

#include <stdlib.h>
#include <string.h>

/* Calls whose result differs on every run (unbound names, as written). */
static const char *const nondet_calls[] = {
	"time.time", "time.time_ns", "time.monotonic", "time.perf_counter", "uuid.uuid1", "uuid.uuid4",
	"uuid4", "uuid1", "random.random", "random.randint", "random.choice", "random.choices",
	"random.randrange", "random.getrandbits", "randint", "secrets.token_hex", "secrets.token_urlsafe",
	"secrets.token_bytes", "secrets.choice", "os.urandom", "datetime.now", "datetime.utcnow",
	"datetime.datetime.now", "datetime.datetime.utcnow", "datetime.today", "datetime.date.today",
	"date.today",
};

/* str methods that keep what the string carries. */
static const char *const string_methods[] = {
	"lower", "upper", "strip", "lstrip", "rstrip", "title", "capitalize", "casefold", "replace",
	"removeprefix", "removesuffix", "zfill", "ljust", "rjust", "center", "swapcase",
};

static int in_list(const char *const *list, size_t nr, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return 1;
	return 0;
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

/* 'x', "x", f"a-{b}": literal parts and interpolations, in order. */
static void classify_string(struct ctx *c, TSNode n, struct value *v, int depth)
{
	struct child_iter it;
	struct value_seq s;
	TSNode k;
	int text = 0, parts = 0;

	value_seq_init(&s);
	for (child_iter_init(&it, n); child_iter_next(&it, &k);) {
		if (node_is(k, "interpolation")) {
			struct value part;

			value_classify_at(c, node_field(k, "expression"), &part, depth + 1);
			value_seq_add(&s, &part);
			parts++;
		} else if ((node_is(k, "string_content") || node_is(k, "escape_sequence") ||
			    node_is(k, "escape_interpolation")) &&
			   ts_node_end_byte(k) > ts_node_start_byte(k)) {
			text = 1;
		}
	}
	child_iter_end(&it);
	if (text) {
		s.text = 1;
		s.v.any |= V_STATIC;
	}
	value_seq_finish(&s, v);
	if (!parts) {
		/* a plain literal ('' too) */
		v->any |= V_STATIC;
		v->lit = n;
		v->has_lit = 1;
		v->hard = text;
	} else if (text || v->hard) {
		v->lit = n;
		v->has_lit = 1;
	}
}

/* 'a' 'b', a sequence of parts: the parts in order. */
static void classify_parts(struct ctx *c, TSNode n, struct value *v, int depth)
{
	struct child_iter it;
	struct value_seq s;
	TSNode k;
	int nr = 0;

	value_seq_init(&s);
	for (child_iter_init(&it, n); child_iter_next(&it, &k);) {
		struct value part;

		if (++nr > 64) {
			memset(&part, 0, sizeof(part));
			part.any = V_UNKNOWN;
			value_seq_add(&s, &part);
			break;
		}
		value_classify_at(c, k, &part, depth + 1);
		value_seq_add(&s, &part);
	}
	child_iter_end(&it);
	value_seq_finish(&s, v);
	if (v->hard && node_is(n, "concatenated_string")) {
		v->lit = n;
		v->has_lit = 1;
	}
}

static void classify_binary(struct ctx *c, TSNode n, struct value *v, int depth)
{
	TSNode op = node_field(n, "operator"), l = node_field(n, "left"), r = node_field(n, "right");
	struct value lv, rv;

	value_classify_at(c, l, &lv, depth + 1);
	value_classify_at(c, r, &rv, depth + 1);
	/* 'db-%s' % suffix, 'a-%s-%s' % (x, y): the format and its values */
	if (node_is(op, "+") || (node_is(op, "%") && (lv.any & V_STATIC))) {
		struct value_seq s;

		value_seq_init(&s);
		value_seq_add(&s, &lv);
		value_seq_add(&s, &rv);
		value_seq_finish(&s, v);
	} else {
		v->any = V_UNKNOWN;
		if (lv.has_nondet)
			value_set_nondet(v, lv.nondet);
		if (rv.has_nondet)
			value_set_nondet(v, rv.nondet);
	}
}

/* The alternatives a function body returns; at most 32 returns are read. */
static void classify_returns(struct ctx *c, TSNode body, struct value *v, int depth)
{
	TSTreeCursor cur;
	struct value part;
	int nr = 0;

	memset(v, 0, sizeof(*v));
	if (ts_node_is_null(body))
		return;
	if (!node_is(body, "block")) {
		value_classify_at(c, body, v, depth + 1);	/* a lambda's body */
		return;
	}
	cur = ts_tree_cursor_new(body);
	if (!ts_tree_cursor_goto_first_child(&cur))
		goto out;
	for (;;) {
		TSNode k = ts_tree_cursor_current_node(&cur);
		const char *t = ts_node_type(k);
		int descend = 1;

		if (!strcmp(t, "return_statement") && ts_node_named_child_count(k)) {
			value_classify_at(c, call_arg(k, 0), &part, depth + 1);
			value_alt_add(v, &part);
			descend = 0;
			if (++nr >= 32) {
				v->any |= V_UNKNOWN;
				goto out;
			}
		} else if (!strcmp(t, "function_definition") || !strcmp(t, "lambda") ||
			   !strcmp(t, "class_definition")) {
			descend = 0;
		}
		if (descend && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur) ||
			    ts_node_eq(ts_tree_cursor_current_node(&cur), body))
				goto out;
		}
	}
out:
	ts_tree_cursor_delete(&cur);
	if (!nr)
		v->any |= V_UNKNOWN;
}

/*
 * A helper's result, once per helper: it only ever helps a name (V_SUFFIX
 * or V_UNKNOWN), but a literal it returns is still a literal.
 */
static void classify_helper(struct ctx *c, struct func *f, struct value *v, int depth)
{
	struct value ret;
	unsigned cuts;

	if (value_memo_get(c, &f->memo, v, depth))
		return;
	cuts = value_memo_begin(c, &f->memo);
	classify_returns(c, f->body, &ret, depth);
	memset(v, 0, sizeof(*v));
	v->any = (ret.any & V_SUFFIX) ? V_SUFFIX : V_UNKNOWN;
	if (ret.hard) {
		v->hard = 1;
		v->lit = ret.lit;
		v->has_lit = ret.has_lit;
	}
	value_memo_end(c, &f->memo, v, depth, cuts);
}

/* x.apply(lambda v: ...): a literal the callback returns is still one. */
static void classify_callback(struct ctx *c, TSNode args, struct value *v, int depth)
{
	TSNode cb = strip_wrappers(call_arg(args, 0));
	struct value ret;

	if (node_is(cb, "identifier")) {
		size_t len;
		const char *t = node_text(c, cb, &len);
		const struct func *f = ctx_find_func(c, t, len);

		if (!f)
			return;
		classify_returns(c, f->body, &ret, depth);
	} else if (node_is(cb, "lambda")) {
		classify_returns(c, node_field(cb, "body"), &ret, depth);
	} else {
		return;
	}
	if (ret.hard) {
		v->hard = 1;
		v->lit = ret.lit;
		v->has_lit = ret.has_lit;
	}
	if (ret.has_nondet)
		value_set_nondet(v, ret.nondet);
}

/* 1 (and v set) if the object a method is called on changes every run. */
static int receiver_nondet(struct ctx *c, TSNode attr, struct value *v, int depth)
{
	struct value recv;

	value_classify_at(c, node_field(attr, "object"), &recv, depth + 1);
	if (!recv.has_nondet)
		return 0;
	*v = recv;
	return 1;
}

/* The positional arguments of a call, as one sequence. */
static void classify_args_seq(struct ctx *c, TSNode args, struct value_seq *s, int depth)
{
	uint32_t i, cnt = call_argc(args);

	for (i = 0; i < cnt && i < 64; i++) {
		TSNode a = call_arg(args, i);
		struct value part;

		if (node_is(a, "keyword_argument"))
			a = node_field(a, "value");
		value_classify_at(c, a, &part, depth + 1);
		value_seq_add(s, &part);
	}
}

static void classify_call(struct ctx *c, TSNode n, struct value *v, int depth)
{
	TSNode fn = node_field(n, "function"), args = node_field(n, "arguments"), arg0 = { 0 };
	struct buf name = BUF_INIT, rtype = BUF_INIT;
	const char *prop = NULL, *nm;
	size_t plen = 0;
	int bound;

	if (node_is(args, "argument_list") && call_argc(args) && !node_is(call_arg(args, 0), "keyword_argument"))
		arg0 = call_arg(args, 0);
	bound = canon_name(c, fn, &name);
	nm = name.ptr ? name.ptr : "";
	if (node_is(fn, "attribute")) {
		TSNode p = node_field(fn, "attribute");

		if (!ts_node_is_null(p))
			prop = node_text(c, p, &plen);
	}

	if (bound && (!strcmp(nm, "pulumi.Output.secret") || !strcmp(nm, "pulumi.Output.from_input") ||
		      !strcmp(nm, "pulumi.Output.unsecret") || !strcmp(nm, "pulumi.output") ||
		      !strcmp(nm, "pulumi.secret"))) {
		if (!ts_node_is_null(arg0))
			value_classify_at(c, arg0, v, depth + 1);
	} else if (bound && (!strcmp(nm, "pulumi.get_stack") || !strcmp(nm, "pulumi.runtime.get_stack"))) {
		v->any = V_STACK;
		value_set_dyn(v, n);
	} else if (bound && !strcmp(nm, "pulumi.Output.concat")) {
		struct value_seq s;

		value_seq_init(&s);
		classify_args_seq(c, args, &s, depth);
		value_seq_finish(&s, v);
	} else if (bound && !strcmp(nm, "pulumi.Output.format") && !ts_node_is_null(arg0)) {
		struct value_seq s;

		value_seq_init(&s);
		classify_args_seq(c, args, &s, depth);
		value_seq_finish(&s, v);
	} else if (!bound && in_list(nondet_calls, ARRAY_SIZE(nondet_calls), nm, strlen(nm))) {
		value_set_nondet(v, n);
	} else if (bound && py_resource_type(c, n, &rtype)) {
		v->any = V_RESOURCE;
	} else if (prop && (starts_with(prop, plen, "require_secret") || starts_with(prop, plen, "get_secret"))) {
		v->any = V_SECRET;	/* config secrets */
	} else if (prop && (starts_with(prop, plen, "require") || starts_with(prop, plen, "get")) &&
		   node_is(arg0, "string")) {
		const char *key;
		size_t klen;

		/* config.require('environmentSuffix') */
		if (!string_content(c, arg0, &key, &klen)) {
			v->any = V_UNKNOWN;
		} else {
			v->any = value_is_suffix_name(c, key, klen) ? V_SUFFIX :
				 value_is_non_suffix_name(c, key, klen) ? V_NOTSUFFIX : V_UNKNOWN;
			if (v->any == V_NOTSUFFIX)
				value_set_dyn(v, n);
		}
	} else if (prop && plen == 6 && !memcmp(prop, "format", 6)) {
		/* 'db-{}'.format(suffix): the template and its values */
		struct value_seq s;
		struct value recv;

		value_seq_init(&s);
		value_classify_at(c, node_field(fn, "object"), &recv, depth + 1);
		value_seq_add(&s, &recv);
		classify_args_seq(c, args, &s, depth);
		value_seq_finish(&s, v);
	} else if (prop && in_list(string_methods, ARRAY_SIZE(string_methods), prop, plen)) {
		value_classify_at(c, node_field(fn, "object"), v, depth + 1);
	} else if (prop && receiver_nondet(c, fn, v, depth)) {
		/* datetime.now().strftime(...): still new every run */
	} else if (prop && plen == 5 && !memcmp(prop, "apply", 5)) {
		struct value recv;

		/* derived for names; a literal the callback returns is still one */
		value_classify_at(c, node_field(fn, "object"), &recv, depth + 1);
		memset(v, 0, sizeof(*v));
		v->any = V_DERIVED | (recv.any & V_SUFFIX);
		classify_callback(c, args, v, depth);
	} else if (prop && plen == 4 && !memcmp(prop, "join", 4) && !ts_node_is_null(arg0)) {
		/* '-'.join(['a', suffix]) */
		TSNode list = strip_wrappers(resolve_const(c, arg0));

		if (node_is(list, "list") || node_is(list, "tuple")) {
			struct value sep;
			struct value_seq s;
			struct child_iter it;
			TSNode k;
			int first = 1;

			value_classify_at(c, node_field(fn, "object"), &sep, depth + 1);
			value_seq_init(&s);
			for (child_iter_init(&it, list); child_iter_next(&it, &k);) {
				struct value part;

				if (!first)
					value_seq_add(&s, &sep);
				value_classify_at(c, k, &part, depth + 1);
				value_seq_add(&s, &part);
				first = 0;
			}
			child_iter_end(&it);
			value_seq_finish(&s, v);
		} else {
			v->any = V_UNKNOWN;
		}
	} else if (node_is(fn, "identifier") && node_text_eq(c, fn, "str") && !ts_node_is_null(arg0)) {
		value_classify_at(c, arg0, v, depth + 1);
	} else {
		struct func *f = NULL;
		size_t len;
		const char *t;

		if (node_is(fn, "identifier")) {
			t = node_text(c, fn, &len);
			f = ctx_find_func(c, t, len);
		} else if (prop && node_is(node_field(fn, "object"), "identifier") &&
			   node_text_eq(c, node_field(fn, "object"), "self")) {
			f = ctx_find_func(c, prop, plen);	/* self.resource_name(...) */
		}
		if (f) {
			classify_helper(c, f, v, depth);
		} else {
			uint32_t i, cnt = call_argc(args);

			v->any = V_UNKNOWN;
			/* int(time.time()): still new every run */
			for (i = 0; i < cnt && i < 8; i++) {
				struct value part;

				value_classify_at(c, call_arg(args, i), &part, depth + 1);
				if (part.has_nondet)
					value_set_nondet(v, part.nondet);
			}
		}
	}
	buf_release(&name);
	buf_release(&rtype);
}

static void classify_attribute(struct ctx *c, TSNode n, struct value *v, int depth)
{
	TSNode attr = node_field(n, "attribute"), obj = strip_wrappers(node_field(n, "object"));
	size_t len;
	const char *t;

	if (ts_node_is_null(attr)) {
		v->any = V_UNKNOWN;
		return;
	}
	t = node_text(c, attr, &len);
	if (value_is_suffix_name(c, t, len)) {
		v->any = V_SUFFIX;
		return;
	}
	/* args.environment, self.stage */
	if (value_is_non_suffix_name(c, t, len)) {
		v->any = V_NOTSUFFIX;
		value_set_dyn(v, n);
		return;
	}
	if (node_is(obj, "identifier") && node_text_eq(c, obj, "self")) {
		/* self.x = value assigned once in the class: a binding "self.x" (py_scope.c) */
		value_classify_name(c, n, v, depth);
		return;
	}
	/* bucket.arn, fn.name: another resource's output */
	if (node_is(obj, "identifier") || node_is(obj, "attribute") || node_is(obj, "call")) {
		struct value ov;

		value_classify_at(c, obj, &ov, depth + 1);
		if (ov.any & (V_RESOURCE | V_DERIVED)) {
			v->any = V_DERIVED;
			return;
		}
		if (ov.any & V_SECRET) {
			v->any = V_SECRET;
			return;
		}
	}
	v->any = V_UNKNOWN;
}

/* settings['db'] of a dict this file holds; list[0] */
static void classify_subscript(struct ctx *c, TSNode n, struct value *v, int depth)
{
	TSNode obj = node_field(n, "value"), key = strip_wrappers(node_field(n, "subscript"));
	const char *k;
	size_t klen;

	if (string_content(c, resolve_const(c, key), &k, &klen)) {
		TSNode d = strip_wrappers(resolve_const(c, obj));

		if (node_is(d, "dictionary")) {
			TSNode val = object_get_n_key(c, d, k, klen);

			if (!ts_node_is_null(val)) {
				value_classify_at(c, val, v, depth + 1);
				return;
			}
		}
	}
	value_classify_at(c, obj, v, depth + 1);
	if (v->any & (V_RESOURCE | V_DERIVED)) {
		memset(v, 0, sizeof(*v));
		v->any = V_DERIVED;
		return;
	}
	if (v->any & V_SECRET) {
		memset(v, 0, sizeof(*v));
		v->any = V_SECRET;
		return;
	}
	memset(v, 0, sizeof(*v));
	v->any = V_UNKNOWN;
}

void py_classify(struct ctx *c, TSNode n, struct value *v, int depth)
{
	const char *type;

	n = strip_wrappers(n);
	type = ts_node_type(n);
	if (!strcmp(type, "string")) {
		classify_string(c, n, v, depth);
	} else if (!strcmp(type, "concatenated_string")) {
		classify_parts(c, n, v, depth);
	} else if (!strcmp(type, "integer") || !strcmp(type, "float")) {
		v->any = V_STATIC;
	} else if (!strcmp(type, "true") || !strcmp(type, "false") || !strcmp(type, "none")) {
		/* nothing to name, nothing to hide */
	} else if (!strcmp(type, "parenthesized_expression") || !strcmp(type, "await")) {
		value_classify_at(c, call_arg(n, 0), v, depth + 1);
	} else if (!strcmp(type, "named_expression")) {
		value_classify_at(c, node_field(n, "value"), v, depth + 1);
	} else if (!strcmp(type, "binary_operator")) {
		classify_binary(c, n, v, depth);
	} else if (!strcmp(type, "tuple")) {
		classify_parts(c, n, v, depth);	/* the values of 'a-%s-%s' % (x, y) */
	} else if (!strcmp(type, "boolean_operator")) {
		struct value a, b;

		value_classify_at(c, node_field(n, "left"), &a, depth + 1);
		value_classify_at(c, node_field(n, "right"), &b, depth + 1);
		value_alt_add(v, &a);
		value_alt_add(v, &b);
	} else if (!strcmp(type, "conditional_expression")) {
		struct value a, b;

		/* a if cond else b */
		value_classify_at(c, ts_node_named_child(n, 0), &a, depth + 1);
		value_classify_at(c, ts_node_named_child(n, 2), &b, depth + 1);
		value_alt_add(v, &a);
		value_alt_add(v, &b);
	} else if (!strcmp(type, "identifier")) {
		value_classify_name(c, n, v, depth);
	} else if (!strcmp(type, "attribute")) {
		classify_attribute(c, n, v, depth);
	} else if (!strcmp(type, "subscript")) {
		classify_subscript(c, n, v, depth);
	} else if (!strcmp(type, "call")) {
		classify_call(c, n, v, depth);
	} else {
		v->any = V_UNKNOWN;
	}
}

/* A constant numeric expression: 30, 365 * 7, -1, 1_000, a name bound to one. */
static int number_d(struct ctx *c, TSNode n, int depth, double *out)
{
	if (ts_node_is_null(n) || depth > 16)
		return 0;
	n = strip_wrappers(resolve_const(c, n));
	if (node_is(n, "integer") || node_is(n, "float")) {
		size_t len, i, k = 0;
		const char *t = node_text(c, n, &len);
		char num[64];
		char *end;

		if (len >= sizeof(num))
			return 0;
		for (i = 0; i < len; i++)
			if (t[i] != '_')	/* 1_000 */
				num[k++] = t[i];
		num[k] = '\0';
		*out = strtod(num, &end);
		return *end == '\0';
	}
	if (node_is(n, "unary_operator")) {
		TSNode op = node_field(n, "operator");
		double v;

		if (!number_d(c, node_field(n, "argument"), depth + 1, &v))
			return 0;
		if (node_is(op, "-"))
			*out = -v;
		else if (node_is(op, "+"))
			*out = v;
		else
			return 0;
		return 1;
	}
	if (node_is(n, "binary_operator")) {
		TSNode op = node_field(n, "operator");
		double l, r;

		if (!number_d(c, node_field(n, "left"), depth + 1, &l) ||
		    !number_d(c, node_field(n, "right"), depth + 1, &r))
			return 0;
		if (node_is(op, "+"))
			*out = l + r;
		else if (node_is(op, "-"))
			*out = l - r;
		else if (node_is(op, "*"))
			*out = l * r;
		else
			return 0;
		return 1;
	}
	return 0;
}

int py_number(struct ctx *c, TSNode n, double *out)
{
	return number_d(c, n, 0, out);
}
