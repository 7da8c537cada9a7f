/*
 * analyze.c - the analysis of one changed file, in order: route it by
 * language, parse it (through the parse cache), run the context pass
 * (lang/ts/scope.c) and the judging walk (walk.c), the pattern rules,
 * then finish its findings (collect.c, suppress_apply.c). Also the
 * analyzer's lifecycle and the comparison with earlier versions.
 */
#include "analyze/analyze.h"
#include "rules/rules.h"
#include "lang/parsecache.h"
#include "analyze/suppress.h"
#include "analyze/internal.h"
#include "lang/lang.h"
#include "analyze/xfile.h"

#include <ctype.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct analyzer {
	const struct config *cfg;
	TSParser *parser;
	int inline_ignore;
	uint64_t deadline_ns;
	int timed_out;
	int optimize;			/* 0: STACKGATE_OPTIMIZE=0, every shortcut off */
	int quiet_notes;		/* a comparison's inner runs say nothing */
	struct parse_cache *cache;	/* NULL: every file is parsed whole */
	int own_cache;			/* else shared (analyzer_share_cache()) */
	resource_observer observe;	/* analyzer_observe_resources() */
	void *observe_data;
	/* symbol ids of each language's kinds (lang.h), looked up once */
	TSSymbol *sym;			/* SYM__COUNT per language */
	unsigned char *sym_ready;
};

void analyzer_set_deadline(struct analyzer *a, uint64_t deadline_ns)
{
	a->deadline_ns = deadline_ns;
}

int analyzer_timed_out(const struct analyzer *a)
{
	return a->timed_out;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void ctx_view(struct ctx *view, const struct ctx *c, const char *src, size_t len)
{
	/* nothing growable is shared: a copy of *c would realloc c's arrays */
	memset(view, 0, sizeof(*view));
	view->scope_memo_result = -1;
	view->cfg = c->cfg;
	memcpy(view->sev, c->sev, sizeof(view->sev));
	/* the text is parsed with the TypeScript grammar (JSON is), whatever c's language */
	view->lang = lang_typescript();
	if (c->lang && c->lang->ops == view->lang->ops)
		memcpy(view->sym, c->sym, sizeof(view->sym));
	view->change = c->change;
	view->src = src;
	view->len = len;
	view->inline_ignore = c->inline_ignore;
	view->full_judge = c->full_judge;
	view->added_before = c->added_before;	/* read only */
	view->added_max = c->added_max;
	view->deadline_ns = c->deadline_ns;
	stable_init(&view->imports, sizeof(struct import_binding));
	stable_init(&view->decls, sizeof(struct decl));
	stable_init(&view->funcs, sizeof(struct func));
	stable_init(&view->units, sizeof(struct unit));
}

void ctx_view_release(struct ctx *view)
{
	candidates_release(&view->local);
	strlist_clear(&view->made_names);
	name_index_release(&view->made_index);
	free(view->idents);
	free(view->idents_name);
	name_index_release(&view->finding_places);
	name_index_release(&view->finding_lines);
}

int ctx_out_of_time(struct ctx *c)
{
	if (c->timed_out)
		return 1;
	if (!c->deadline_ns || (c->ticks++ & 255))
		return 0;
	if (mono_ns() >= c->deadline_ns)
		c->timed_out = 1;
	return c->timed_out;
}

void analyzer_set_inline_ignore(struct analyzer *a, int allowed)
{
	a->inline_ignore = allowed;
}

void analyzer_observe_resources(struct analyzer *a, resource_observer fn, void *data)
{
	a->observe = fn;
	a->observe_data = data;
}

struct analyzer *analyzer_new(const struct config *cfg)
{
	struct analyzer *a = xcalloc(1, sizeof(*a));

	a->cfg = cfg;
	a->parser = ts_parser_new();
	a->inline_ignore = 1;
	/* STACKGATE_OPTIMIZE=0: every shortcut off, to prove they change nothing */
	a->optimize = !getenv("STACKGATE_OPTIMIZE") || strcmp(getenv("STACKGATE_OPTIMIZE"), "0");
	if (a->optimize) {
		a->cache = parse_cache_new();
		a->own_cache = 1;
	}
	a->sym = xcalloc(lang_count() * SYM__COUNT, sizeof(*a->sym));
	a->sym_ready = xcalloc(lang_count(), 1);
	return a;
}

void analyzer_share_cache(struct analyzer *a, struct parse_cache *pc)
{
	if (!a->cache)
		return;
	if (a->own_cache)
		parse_cache_free(a->cache);
	a->cache = pc;
	a->own_cache = 0;
}

void analyze_thread_done(void)
{
	tree_thread_done();
}

void analyzer_free(struct analyzer *a)
{
	if (!a)
		return;
	analyze_thread_done();
	if (a->own_cache)
		parse_cache_free(a->cache);
	ts_parser_delete(a->parser);
	free(a->sym);
	free(a->sym_ready);
	free(a);
}

/* Symbol ids compare as integers; ts_node_type() would need strcmp on every node. */
static int load_symbols(struct analyzer *a, struct ctx *c, const struct language *lang)
{
	size_t k = lang_index(lang);

	if (!a->sym_ready[k]) {
		if (lang_resolve_kinds(lang, a->sym + k * SYM__COUNT) < 0)
			return -1;
		a->sym_ready[k] = 1;
	}
	memcpy(c->sym, a->sym + k * SYM__COUNT, sizeof(c->sym));
	return 0;
}

/* A file's context before its context pass: nothing learnt yet. */
static void ctx_init(struct analyzer *a, struct ctx *c, const struct change *ch,
		     const struct language *lang, struct finding_list *out)
{
	int r;

	memset(c, 0, sizeof(*c));
	c->scope_memo_result = -1;
	stable_init(&c->imports, sizeof(struct import_binding));
	stable_init(&c->decls, sizeof(struct decl));
	stable_init(&c->funcs, sizeof(struct func));
	stable_init(&c->units, sizeof(struct unit));
	c->cfg = a->cfg;
	for (r = 0; r < RULE__COUNT; r++)
		c->sev[r] = config_severity(c->cfg, (enum rule_id)r, ch->path);
	c->change = ch;
	c->lang = lang;
	c->src = ch->content;
	c->len = ch->len;
	c->out = out;
	c->inline_ignore = a->inline_ignore;
	c->observe = a->observe;
	c->observe_data = a->observe_data;
	c->resolve_budget = RESOLVE_BUDGET;
	c->deadline_ns = a->deadline_ns;
	c->exhaustive = !a->optimize;
}

/* What ctx_init() and the passes gathered (not the tree, not c->xf). */
static void ctx_release(struct ctx *c)
{
	size_t i;

	if (c->lang && c->lang->ops->release)
		c->lang->ops->release(c);
	free(c->secrets);
	name_index_release(&c->finding_places);
	name_index_release(&c->finding_lines);
	for (i = 0; i < c->imports.nr; i++)
		free(((struct import_binding *)stable_at(&c->imports, i))->canon);
	stable_release(&c->imports);
	strlist_clear(&c->made_names);
	name_index_release(&c->made_index);
	stable_release(&c->decls);
	stable_release(&c->funcs);
	stable_release(&c->units);
	name_index_release(&c->import_names);
	name_index_release(&c->decl_names);
	name_index_release(&c->func_names);
	free(c->added_before);
	free(c->path);
	free(c->assigned);
	free(c->this_at);
	free(c->idents);
	free(c->idents_name);
}

/* The context pass over c->root: imports, bindings, helpers (lazily when optimizing). */
static void context_pass(struct ctx *c, int optimize)
{
	size_t i;

	index_added(c);
	if (memmem(c->src, c->len, "stackgate:ignore", 16))
		walk(c, c->lang->ops->collect, WALK_CONTEXT_ALL);	/* every comment counts */
	else if (optimize && c->lang->ops->lazy)
		walk(c, c->lang->ops->collect, WALK_CONTEXT_LAZY);
	else
		walk(c, c->lang->ops->collect, WALK_CONTEXT);
	/* imports are looked up by name from anywhere: know them all now */
	for (i = 0; i < c->units.nr && c->units_left; i++) {
		struct unit *u = stable_at(&c->units, i);
		uint32_t s = ts_node_start_byte(u->node), e = ts_node_end_byte(u->node);

		if (!u->done && (has_word(c->src, s, e, "require", 7) || has_word(c->src, s, e, "import", 6)))
			expand_unit(c, u);
	}
	c->decls_ready = 1;
	c->lazy = 1;
}

/*
 * A module of the analysis (analyze/xfile.c): parse it, through the
 * parse cache by its blob id, and run the context pass, into m->ctx and
 * m->tree. 0, or -1 when it is not code or does not parse (the lookup
 * that led there stays unknown).
 */
static int load_module(void *data, struct xmodule *m)
{
	struct analyzer *a = data;
	const struct language *lang = lang_for_path(m->file->path);

	if (!lang || !lang->ops->find_export || m->file->len > UINT32_MAX ||
	    !ts_parser_set_language(a->parser, lang->grammar()))
		return -1;
	m->ctx = xcalloc(1, sizeof(*m->ctx));
	ctx_init(a, m->ctx, &m->ch, lang, NULL);
	m->ctx->xf = m->owner;
	if (load_symbols(a, m->ctx, lang) < 0) {
		ctx_release(m->ctx);
		free(m->ctx);
		m->ctx = NULL;
		return -1;
	}
	if (a->cache && m->file->has_id)
		m->tree = parse_cache_blob(a->cache, a->parser, m->file->id, m->file->content,
					   (uint32_t)m->file->len, lang);
	else
		m->tree = ts_parser_parse_string(a->parser, NULL, m->file->content, (uint32_t)m->file->len);
	if (!m->tree) {
		ts_parser_reset(a->parser);
		ctx_release(m->ctx);
		free(m->ctx);
		m->ctx = NULL;
		return -1;
	}
	m->ctx->root = ts_tree_root_node(m->tree);
	context_pass(m->ctx, a->optimize);
	return 0;
}

/* Free what load_module() made. */
static void unload_module(void *data, struct xmodule *m)
{
	if (m->ctx) {
		candidates_release(&m->ctx->local);
		ctx_release(m->ctx);
		free(m->ctx);
	}
	if (m->tree)
		ts_tree_delete(m->tree);
}

static uint32_t first_error_line(TSNode root)
{
	TSTreeCursor cur;
	uint32_t line = 0;

	if (!ts_node_has_error(root))
		return 0;
	cur = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);

		if ((!strcmp(ts_node_type(n), "ERROR")) || ts_node_is_missing(n)) {
			line = ts_node_start_point(n).row + 1;
			break;
		}
		if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
		}
	}
done:
	ts_tree_cursor_delete(&cur);
	return line ? line : 1;
}

static int by_position(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/*
 * The change judged as usual, then the new version judged whole against
 * each base judged whole: a finding that no base has (rule + normalized
 * text; a suppressed one in a base does not count) is added too, saying
 * why. This is what finds code that a deletion or a clean merge made
 * live without adding the lines it lies on.
 */
static int analyze_compared(struct analyzer *a, const struct change *ch,
			    struct finding_list *out, uint32_t *syntax_error_line)
{
	const struct change_history *hist = ch->hist;
	struct change_history plain_hist = *hist;
	struct change plain = *ch, whole;
	struct finding_list now = FINDING_LIST_INIT, before = FINDING_LIST_INIT;
	size_t i, k, start = out->nr, nr_plain;
	uint32_t ignored;
	char *used = NULL;
	int rc;

	plain_hist.bases = NULL;
	plain_hist.nr_bases = 0;
	plain.hist = &plain_hist;
	if ((rc = analyze_change(a, &plain, out, syntax_error_line)) < 0)
		return rc;
	nr_plain = out->nr;
	whole = plain;
	whole.added = NULL;
	whole.id = NULL;	/* not from or into the parse cache */
	whole.hist = NULL;
	a->quiet_notes = 1;
	if ((rc = analyze_change(a, &whole, &now, &ignored)) < 0)
		goto out;
	for (k = 0; k < hist->nr_bases && now.nr; k++) {
		struct change b = whole;

		b.content = hist->bases[k].content;
		b.len = hist->bases[k].len;
		if ((rc = analyze_change(a, &b, &before, &ignored)) < 0) {
			if (analyzer_timed_out(a))
				goto out;
			/* a base that could not be judged (stack config that did not
			 * parse) had nothing judged: everything now found is new */
			rc = 0;
		}
	}
	used = xcalloc(before.nr + 1, 1);
	for (i = 0; i < now.nr; i++) {
		struct finding *f = &now.items[i];
		int seen = f->suppressed;

		for (k = 0; k < before.nr && !seen; k++)
			if (!used[k] && !before.items[k].suppressed &&
			    !strcmp(before.items[k].fingerprint, f->fingerprint))
				used[k] = seen = 1;
		for (k = start; k < nr_plain && !seen; k++)
			if (out->items[k].line == f->line && !strcmp(out->items[k].fingerprint, f->fingerprint))
				seen = 1;
		if (seen)
			continue;
		if (hist->bases_why) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "%s (%s)", f->message, hist->bases_why);
			free(f->message);
			f->message = buf_detach(&m);
		}
		*findings_add(out) = *f;
		memset(f, 0, sizeof(*f));
	}
	if (out->nr > start)
		qsort(out->items + start, out->nr - start, sizeof(*out->items), by_position);
out:
	a->quiet_notes = 0;
	free(used);
	findings_release(&now);
	findings_release(&before);
	return rc;
}

int analyze_change(struct analyzer *a, const struct change *ch,
		   struct finding_list *out, uint32_t *syntax_error_line)
{
	struct ctx c;
	struct finding_list kept = FINDING_LIST_INIT;
	TSTree *tree = NULL;
	const struct language *lang = lang_for_path(ch->path);
	size_t i;
	int r;
	int rc = 0;
	int optimize = a->optimize;

	*syntax_error_line = 0;
	if (ch->hist && ch->hist->nr_bases && !ch->hist->advance_only)
		return analyze_compared(a, ch, out, syntax_error_line);
	if (ch->hist && ch->hist->advance_only) {
		if (a->cache && lang)
			parse_cache_advance(a->cache, ch, lang);
		return 0;
	}
	ctx_init(a, &c, ch, lang, out);

	if (!lang) {
		for (r = 0; r < RULE__COUNT && rc == 0; r++)
			if (rule_defs[r]->on_file && rule_defs[r]->wants_file(ch->path) &&
			    c.sev[r] != SEV_DISABLED)
				rc = rule_defs[r]->on_file(&c);
		goto patterns;
	}

	if (!ts_parser_set_language(a->parser, lang->grammar())) {
		rc = error("cannot load the %s grammar (ABI %u not supported)", lang->name,
			   ts_language_version(lang->grammar()));
		goto move;
	}
	if (load_symbols(a, &c, lang) < 0) {
		rc = -1;
		goto move;
	}
	if (ch->len > UINT32_MAX) {
		rc = error("'%s' is too large to parse", ch->path);
		goto move;
	}
	if (a->deadline_ns) {
		uint64_t now = mono_ns();

		ts_parser_set_timeout_micros(a->parser, now < a->deadline_ns ?
					     (a->deadline_ns - now) / 1000 + 1 : 1);
	}
	if (a->cache && ch->importer && ch->id)
		tree = parse_cache_blob(a->cache, a->parser, ch->id, ch->content, (uint32_t)ch->len, lang);
	else if (a->cache)
		tree = parse_cache_parse(a->cache, a->parser, ch, lang);
	else
		tree = ts_parser_parse_string(a->parser, NULL, ch->content, (uint32_t)ch->len);
	if (!tree) {
		if (a->deadline_ns && mono_ns() >= a->deadline_ns) {
			a->timed_out = 1;
			rc = error("timeout_ms reached while parsing '%s'", ch->path);
		} else {
			rc = error("cannot parse '%s'", ch->path);
		}
		ts_parser_reset(a->parser);
		goto move;
	}
	c.root = ts_tree_root_node(tree);
	*syntax_error_line = first_error_line(c.root);
	if (!a->quiet_notes && !ch->importer && lang->ops->notes)
		lang->ops->notes(&c);
	/* before the context pass: it binds relative imports only when followed */
	c.xf = xfile_new(ch->modules, load_module, unload_module, a, &c);
	context_pass(&c, optimize);
	/* an unchanged use of a definition the change edits in another file */
	if (ch->importer || xfile_imports_changed(&c))
		c.full_judge = 1;
	/* a new suppression must see the old findings it may cover */
	for (i = 0; i < c.nr_supps && !c.full_judge; i++)
		if (node_on_added_lines(&c, c.supps[i].line))
			c.full_judge = 1;
	if (!optimize)
		c.full_judge = 1;
	walk(&c, judge_node, WALK_CHANGED);

patterns:
	/* token shapes apply to every added line of any file in scope */
	if (!c.timed_out && rule_patterns(&c) < 0)
		rc = -1;
	if (c.timed_out) {
		/* what was found so far is reported; the file counts as not judged */
		a->timed_out = 1;
		if (rc == 0)
			rc = error("timeout_ms reached while judging '%s'", ch->path);
	}
move:
	finish_file(&c, &kept);
	if (*syntax_error_line) {
		/* what is found is found where the file parses; say the rest did not */
		for (i = 0; i < kept.nr; i++) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "%s (the file has syntax errors from line %u: judged where it parses)",
				   kept.items[i].message, *syntax_error_line);
			free(kept.items[i].message);
			kept.items[i].message = buf_detach(&m);
		}
	}
	/* hand the file's findings to the caller, in source order */
	if (kept.nr)
		qsort(kept.items, kept.nr, sizeof(*kept.items), by_position);
	for (i = 0; i < kept.nr; i++) {
		struct finding *f = findings_add(out);

		*f = kept.items[i];
	}
	free(kept.items);
	/* then those an unchanged use placed on a changed module's added line */
	xfile_finish(c.xf, out);
	xfile_free(c.xf);
	ctx_release(&c);
	if (tree)
		ts_tree_delete(tree);
	return rc;
}
