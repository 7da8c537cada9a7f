/*
 * Reports: compiler-style text for people, one JSON document for tools.
 * Secrets arrive here already redacted by the analysis.
 */
#include "report/report.h"

#include <string.h>

#include "config/config.h"
#include "base/util.h"

#include "base/version.h"

#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_GREEN "\033[32m"
#define C_OFF "\033[0m"

/* Display width of the first `bytes` bytes of an escaped excerpt. */
static size_t width(const char *s, size_t bytes)
{
	size_t i, w = 0;

	for (i = 0; i < bytes && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

static void text_finding(struct buf *b, const struct finding *f, int color)
{
	const char *sev = f->severity == SEV_MANDATORY ? "error" : "warning";
	const char *sc = f->severity == SEV_MANDATORY ? C_RED : C_YELLOW;
	size_t pad, i, mw;
	char num[16];

	if (color)
		buf_puts(b, C_BOLD);
	buf_add_escaped(b, f->path, strlen(f->path));
	buf_printf(b, ":%u:%u:", f->line, f->column);
	if (color)
		buf_puts(b, C_OFF);
	buf_printf(b, " %s%s:%s %s [%s]\n", color ? sc : "", sev, color ? C_OFF : "",
		   f->message, f->rule);
	if (f->excerpt) {
		snprintf(num, sizeof(num), "%u", f->line);
		buf_printf(b, "  %5s | %s\n", num, f->excerpt);
		pad = width(f->excerpt, f->mark_col - 1);
		mw = width(f->excerpt + f->mark_col - 1, f->mark_len);
		buf_puts(b, "        | ");
		for (i = 0; i < pad; i++)
			buf_putc(b, f->excerpt[i] == '\t' ? '\t' : ' ');
		if (color)
			buf_puts(b, sc);
		buf_putc(b, '^');
		for (i = 1; i < mw && i < 200; i++)
			buf_putc(b, '~');
		if (color)
			buf_puts(b, C_OFF);
		buf_putc(b, '\n');
	}
	if (f->hint)
		buf_printf(b, "  %sfix:%s %s\n", color ? C_GREEN : "", color ? C_OFF : "", f->hint);
	if (f->commit) {
		buf_printf(b, "  in commit %.12s", f->commit);
		if (f->commit_subject) {
			buf_puts(b, " (");
			buf_add_escaped(b, f->commit_subject, strlen(f->commit_subject));
			buf_putc(b, ')');
		}
		buf_putc(b, '\n');
	}
}

/* A finding that does not count: one line, so it stays visible. */
static void text_quiet(struct buf *b, const struct finding *f)
{
	buf_add_escaped(b, f->path, strlen(f->path));
	buf_printf(b, ":%u:%u: note: %s [%s]", f->line, f->column,
		   f->suppressed ? "suppressed inline" : "known from the baseline", f->rule);
	if (f->suppressed && f->justification) {
		buf_puts(b, ": ");
		buf_add_escaped(b, f->justification, strlen(f->justification));
	}
	if (f->commit)
		buf_printf(b, " (commit %.12s)", f->commit);
	buf_putc(b, '\n');
}

/* GitLab's web editor shows only lines that start with GL-HOOK-ERR. */
static void gitlab_lines(struct buf *b, const struct finding_list *l, const struct report_opts *o)
{
	size_t i, n = 0, blocking = findings_count(l, SEV_MANDATORY);

	if (!blocking && o->complete)
		return;
	if (!o->complete)
		buf_printf(b, "GL-HOOK-ERR: stackgate: scan incomplete: %s\n", o->failure ? o->failure : "error");
	for (i = 0; i < l->nr && n < 10; i++) {
		const struct finding *f = &l->items[i];

		if (f->severity != SEV_MANDATORY || f->suppressed || f->baselined)
			continue;
		buf_puts(b, "GL-HOOK-ERR: ");
		buf_add_escaped(b, f->path, strlen(f->path));
		buf_printf(b, ":%u: %s [%s]\n", f->line, f->message, f->rule);
		n++;
	}
	if (blocking > n)
		buf_printf(b, "GL-HOOK-ERR: ... and %zu more\n", blocking - n);
	if (blocking)
		buf_printf(b, "GL-HOOK-ERR: stackgate rejected this push (%zu blocking finding%s)%s%s\n", blocking,
			   blocking == 1 ? "" : "s", o->contact ? "; for an exception ask " : "",
			   o->contact ? o->contact : "");
}

/*
 * The three ways out of a block: fix it; an inline stackgate:ignore where
 * the team allows it; a bypass once (client) or an exception (server).
 * The hook's own words come from its block_advice.
 */
static void ways_out(struct buf *b, const struct report_opts *o)
{
	const struct block_advice *a = o->advice;
	const char *rule = o->block_rule ? o->block_rule : "RULE";

	if (!a)
		return;
	buf_printf(b, "stackgate: %s. Three ways out:\n", a->blocked);
	buf_printf(b, "  1. %s (`stackgate explain %s` says how);\n", a->fix, rule);
	if (o->ignore_rule)
		buf_printf(b, "  2. if it is intended, say why on the line above it%s:\n"
			   "       // stackgate:ignore %s -- why this is safe [until=YYYY-MM-DD]\n", a->ignore_where,
			   o->ignore_rule);
	else
		buf_puts(b, "  2. (an inline `stackgate:ignore RULE -- reason` is not honoured for these "
			 "findings here: the configuration does not allow it, or the file takes no comments)\n");
	if (a->bypass)
		buf_printf(b, "  3. bypass the hook once, and own the consequences: %s\n", a->bypass);
	else
		buf_printf(b, "  3. ask %s for an exception; a client-side --no-verify does not skip this "
			   "check.\n", o->contact ? o->contact : "the repository's administrators");
}

/* A scan that could not finish blocks with no finding to fix. */
static void incomplete_out(struct buf *b, const struct report_opts *o)
{
	const struct block_advice *a = o->advice;

	if (!a)
		return;
	if (a->bypass)
		buf_printf(b, "stackgate: %s; %s\n", a->blocked, a->bypass_incomplete);
	else
		buf_printf(b, "stackgate: %s; a client-side --no-verify does not skip this check. For an "
			   "exception ask %s.\n", a->blocked,
			   o->contact ? o->contact : "the repository's administrators");
}

static void text_summary(struct buf *b, const struct finding_list *l, const struct report_opts *o)
{
	size_t blocking = findings_count(l, SEV_MANDATORY), warn = findings_count(l, SEV_ADVISORY);

	size_t quiet = findings_count_quiet(l);

	if (o->limit_note)
		buf_printf(b, "stackgate: warning: %s\n", o->limit_note);
	if (!l->nr && o->complete)
		return;
	buf_putc(b, '\n');
	if (l->nr) {
		buf_printf(b, "stackgate: %zu blocking finding%s, %zu warning%s",
			   blocking, blocking == 1 ? "" : "s", warn, warn == 1 ? "" : "s");
		if (quiet)
			buf_printf(b, ", %zu suppressed or known", quiet);
		buf_putc(b, '\n');
	}
	if (!o->complete)
		buf_printf(b, "stackgate: scan incomplete: %s\n"
			   "stackgate: nothing can be said about what was not judged, so this blocks\n",
			   o->failure ? o->failure : "unknown error");
	if (!blocking && o->complete)
		return;
	if (o->quiet)
		return;
	if (blocking)
		ways_out(b, o);
	else
		incomplete_out(b, o);
	buf_printf(b, "stackgate: rules and severities come from %s\n",
		   o->config_source ? o->config_source : "the embedded defaults");
}

static void json_str(struct buf *b, const char *s)
{
	if (!s) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	buf_add_json(b, s, strlen(s));
	buf_putc(b, '"');
}

static void json_report(struct buf *b, const struct finding_list *l, const struct scan_stats *st,
			const struct report_opts *o)
{
	size_t i;

	buf_puts(b, "{\"findings\":[");
	for (i = 0; i < l->nr; i++) {
		const struct finding *f = &l->items[i];

		buf_puts(b, i ? ",\n" : "\n");
		buf_puts(b, "{\"rule\":");
		json_str(b, f->rule);
		buf_puts(b, ",\"severity\":");
		json_str(b, severity_name(f->severity));
		buf_puts(b, ",\"path\":");
		json_str(b, f->path);
		buf_printf(b, ",\"line\":%u,\"column\":%u,\"commit\":", f->line, f->column);
		json_str(b, f->commit);
		buf_puts(b, ",\"message\":");
		json_str(b, f->message);
		buf_puts(b, ",\"hint\":");
		json_str(b, f->hint);
		buf_puts(b, ",\"excerpt\":");
		json_str(b, f->excerpt);
		buf_printf(b, ",\"fingerprint\":\"%s\",\"suppressed\":%s,\"justification\":", f->fingerprint,
			   f->suppressed ? "true" : "false");
		json_str(b, f->suppressed ? f->justification : NULL);
		buf_printf(b, ",\"baseline\":%s}", f->baselined ? "true" : "false");
	}
	buf_printf(b, "\n],\"summary\":{\"commits\":%zu,\"files\":%zu,\"lines\":%zu,\"skipped\":%zu,"
		   "\"blocking\":%zu,\"advisory\":%zu,\"complete\":%s,\"reason\":",
		   st->commits, st->files, st->lines, st->skipped, findings_count(l, SEV_MANDATORY),
		   findings_count(l, SEV_ADVISORY), o->incomplete ? "false" : "true");
	/* complete: everything in scope was judged; reason: why not */
	json_str(b, o->incomplete);
	buf_puts(b, ",\"error\":");
	json_str(b, o->complete ? NULL : o->failure);
	buf_puts(b, ",\"warning\":");
	json_str(b, o->limit_note);
	buf_puts(b, ",\"config\":");
	json_str(b, o->config_source);
	buf_puts(b, "}}\n");
}

/* Percent-encode a relative path for a SARIF uri. */
static void uri_path(struct buf *b, const char *path)
{
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static const char *sarif_level(enum severity s)
{
	return s == SEV_MANDATORY ? "error" : s == SEV_ADVISORY ? "warning" : "none";
}

/*
 * SARIF 2.1.0, as GitHub code scanning reads it. A scan that did not
 * judge everything says so in invocations[0] (executionSuccessful false,
 * the reason as a notification): its results are not the whole truth,
 * and a consumer that closes what a run no longer reports must not
 * close alerts on that run's word.
 */
static void sarif_report(struct buf *b, const struct finding_list *l, const struct report_opts *o)
{
	size_t i, r;

	buf_puts(b, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
		 "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"stackgate\",\"version\":\"" STACKGATE_VERSION "\","
		 "\"rules\":[");
	for (r = 0; r < (o->rules ? o->nr_rules : RULE__COUNT); r++) {
		const struct rule_entry *e = o->rules ? &o->rules[r] : NULL;
		const struct rule_def *d = e ? e->def : rule_defs[r];
		const char *summary = d ? d->summary : rule_entry_summary(e);

		buf_puts(b, r ? ",\n" : "\n");
		buf_puts(b, "{\"id\":");
		json_str(b, d ? d->id : e->id);
		buf_puts(b, ",\"shortDescription\":{\"text\":");
		json_str(b, summary);
		buf_puts(b, "},\"fullDescription\":{\"text\":");
		json_str(b, summary);
		buf_puts(b, "},\"help\":{\"text\":");
		if (d) {
			json_str(b, d->explain);
		} else {
			struct buf h = BUF_INIT;

			buf_printf(&h, "A pattern rule of the configuration: a match of the regular "
				   "expression %s on an added line of a file in scope, comments included.\n",
				   e->pattern->regex ? e->pattern->regex : "");
			json_str(b, h.ptr);
			buf_release(&h);
		}
		buf_puts(b, "}}");
	}
	/* columns count UTF-16 code units, as editors of TypeScript do */
	buf_puts(b, "]}},\n\"columnKind\":\"utf16CodeUnits\",\n\"invocations\":[{\"executionSuccessful\":");
	if (o->incomplete) {
		buf_puts(b, "false,\"toolExecutionNotifications\":[{\"level\":");
		json_str(b, o->complete ? "warning" : "error");
		buf_puts(b, ",\"message\":{\"text\":");
		{
			struct buf t = BUF_INIT;

			buf_printf(&t, "scan incomplete: %s", o->incomplete);
			if (o->complete && o->limit_note)
				buf_printf(&t, " (%s)", o->limit_note);
			json_str(b, t.ptr);
			buf_release(&t);
		}
		buf_puts(b, "}}]}],\n\"results\":[");
	} else {
		buf_puts(b, "true}],\n\"results\":[");
	}
	for (i = 0; i < l->nr; i++) {
		const struct finding *f = &l->items[i];
		struct buf text = BUF_INIT;

		buf_puts(b, i ? ",\n" : "\n");
		buf_puts(b, "{\"ruleId\":");
		json_str(b, f->rule);
		for (r = 0; r < (o->rules ? o->nr_rules : RULE__COUNT); r++) {
			if (!strcmp(o->rules ? o->rules[r].id : rule_defs[r]->id, f->rule)) {
				buf_printf(b, ",\"ruleIndex\":%d", (int)r);
				break;
			}
		}
		buf_printf(b, ",\"level\":\"%s\",\"message\":{\"text\":", sarif_level(f->severity));
		buf_puts(&text, f->message);
		if (f->hint)
			buf_printf(&text, ". Fix: %s", f->hint);
		json_str(b, text.ptr);
		buf_release(&text);
		buf_puts(b, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"");
		{
			struct buf u = BUF_INIT;

			uri_path(&u, f->path);
			buf_add_json(b, u.ptr ? u.ptr : "", u.len);
			buf_release(&u);
		}
		buf_printf(b, "\"},\"region\":{\"startLine\":%u,\"startColumn\":%u}}}]", f->line,
			   f->column_utf16 ? f->column_utf16 : f->column);
		buf_printf(b, ",\"partialFingerprints\":{\"stackgate/v1\":\"%s\"}", f->fingerprint);
		if (f->suppressed) {
			buf_puts(b, ",\"suppressions\":[{\"kind\":\"inSource\",\"justification\":");
			json_str(b, f->justification ? f->justification : "");
			buf_puts(b, "}]");
		} else if (f->baselined) {
			buf_puts(b, ",\"suppressions\":[{\"kind\":\"external\",\"justification\":"
				 "\"recorded in the stackgate baseline\"}]");
		}
		if (f->commit)
			buf_printf(b, ",\"properties\":{\"commit\":\"%s\"}", f->commit);
		buf_putc(b, '}');
	}
	buf_puts(b, "\n]}]}\n");
}

void report_write(FILE *out, const struct finding_list *l, const struct scan_stats *stats,
		  const struct report_opts *o)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (o->format == FORMAT_JSON) {
		json_report(&b, l, stats, o);
	} else if (o->format == FORMAT_SARIF) {
		sarif_report(&b, l, o);
	} else {
		for (i = 0; i < l->nr; i++)
			if (!l->items[i].suppressed && !l->items[i].baselined)
				text_finding(&b, &l->items[i], o->color);
		for (i = 0; i < l->nr; i++)
			if (l->items[i].suppressed || l->items[i].baselined)
				text_quiet(&b, &l->items[i]);
		text_summary(&b, l, o);
		if (o->gitlab_web)
			gitlab_lines(&b, l, o);
	}
	if (b.len)
		fwrite(b.ptr, 1, b.len, out);
	fflush(out);
	buf_release(&b);
}

void report_coverage(const struct scan_stats *st, int kind)
{
	if (kind == COVER_FILES)
		fprintf(stderr, "stackgate: judged %zu file%s, %zu line%s",
			st->files, st->files == 1 ? "" : "s", st->lines, st->lines == 1 ? "" : "s");
	else if (kind == COVER_TREE)
		fprintf(stderr, "stackgate: judged the whole tree: %zu file%s, %zu line%s",
			st->files, st->files == 1 ? "" : "s", st->lines, st->lines == 1 ? "" : "s");
	else if (kind == COVER_STAGED)
		fprintf(stderr, "stackgate: judged the staged change: %zu file%s, %zu added line%s",
			st->files, st->files == 1 ? "" : "s", st->lines, st->lines == 1 ? "" : "s");
	else
		/* files are files: one changed by several commits counts once */
		fprintf(stderr, "stackgate: judged %zu commit%s, %zu file%s, %zu added line%s",
			st->commits, st->commits == 1 ? "" : "s", st->paths, st->paths == 1 ? "" : "s",
			st->lines, st->lines == 1 ? "" : "s");
	if (st->skipped)
		fprintf(stderr, ", %zu skipped", st->skipped);
	fputc('\n', stderr);
}
