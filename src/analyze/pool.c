#include "analyze/pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "lang/parsecache.h"
#include "source/modules.h"

/* What one worker may have queued: the source waits beyond it. */
#define QUEUE_JOBS 16
#define QUEUE_BYTES (1u << 20)
#define MAX_WORKERS 8

/*
 * A path and the worker its versions go to. While a version of it is
 * queued or being judged, the next goes to the same worker (in order:
 * each is parsed from the last one's tree); once none is, the next may
 * go to whichever worker has the least to do, since the tree is in the
 * cache the workers share.
 */
struct path_rec {
	char *path;
	int worker;
	int pending;		/* atomic: versions queued or being judged */
};

/* A change with everything it borrows copied: it outlives the callback. */
struct job {
	struct job *next;
	size_t seq;
	struct change *ch;	/* change_dup()'s */
	struct path_rec *rec;
};

/* Findings [start, start + nr) of a worker's list came from job `seq`. */
struct span {
	size_t seq, start, nr;
	int worker;
};

struct worker {
	struct pool *pool;
	int index;
	pthread_t thread;
	int started;
	struct analyzer *an;

	pthread_mutex_t lock;
	pthread_cond_t more, room;
	struct job *head, *tail;
	size_t queued, queued_bytes;
	int closed;
	size_t backlog;		/* atomic: bytes queued or being judged */

	/* the worker's own, merged by pool_finish() */
	struct finding_list findings;
	struct span *spans;
	size_t nr_spans, alloc_spans;
};

struct pool {
	struct worker w[MAX_WORKERS];
	int nr;
	int quiet;
	size_t seq;

	/* the paths seen: open addressing, power-of-two size */
	struct path_rec **paths;
	size_t nr_paths, paths_size;
	struct parse_cache *trees;	/* the workers' (analyzer_share_cache()) */

	pthread_mutex_t lock;	/* guards what follows */
	int failed, timed_out;
	char msg[1024];
	char *stop_commit;	/* the commit of the change that stopped the scan */
	/* queued when the scan stopped, so not judged: the coverage line
	 * must not count them (pool_finish() takes them off) */
	size_t dropped_files, dropped_lines;
	char **dropped_commits;
	size_t nr_dropped_commits, alloc_dropped_commits;
};

int pool_default_workers(void)
{
	const char *env = getenv("STACKGATE_JOBS");
	long n;

	if (env && *env) {
		n = strtol(env, NULL, 10);
		return n < 0 ? 0 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 1)
		return 0;	/* one core: threads only add switching */
	return n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

static struct job *job_new(const struct change *c, size_t seq)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->seq = seq;
	j->ch = change_dup(c);	/* the source's tree is gone after the callback */
	return j;
}

static void job_free(struct job *j)
{
	change_free(j->ch);
	free(j);
}

static int same_commit(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* 1 if the scan has stopped; the job is then counted as not judged. */
static int drop_if_stopped(struct pool *p, const struct job *j)
{
	size_t i;
	int s;

	pthread_mutex_lock(&p->lock);
	s = p->failed || p->timed_out;
	if (s && !j->ch->importer) {	/* an importer was never counted as judged */
		p->dropped_files++;
		p->dropped_lines += j->ch->added ? j->ch->added->count : lines_in_text(j->ch->content, j->ch->len);
		for (i = 0; i < p->nr_dropped_commits; i++)
			if (same_commit(p->dropped_commits[i], j->ch->commit))
				break;
		if (j->ch->commit && !same_commit(p->stop_commit, j->ch->commit) && i == p->nr_dropped_commits) {
			ALLOC_GROW(p->dropped_commits, p->nr_dropped_commits, p->alloc_dropped_commits);
			p->dropped_commits[p->nr_dropped_commits++] = xstrdup(j->ch->commit);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return s;
}

static void run_job(struct worker *w, struct job *j)
{
	struct pool *p = w->pool;
	size_t start = w->findings.nr;
	uint32_t line = 0;

	if (drop_if_stopped(p, j))
		return;		/* the scan is over: drain the queue */
	if (analyze_change(w->an, j->ch, &w->findings, &line) < 0 &&
	    (!j->ch->importer || analyzer_timed_out(w->an))) {
		/* an importer that does not parse only leaves its uses unknown */
		pthread_mutex_lock(&p->lock);
		if (!p->failed && !p->timed_out) {
			if (analyzer_timed_out(w->an))
				p->timed_out = 1;
			else
				p->failed = 1;
			snprintf(p->msg, sizeof(p->msg), "%s", error_last());
			p->stop_commit = j->ch->commit ? xstrdup(j->ch->commit) : NULL;
		}
		pthread_mutex_unlock(&p->lock);
	} else if (line && !p->quiet && !j->ch->importer) {
		note_syntax_errors(j->ch, line);
	}
	if (w->findings.nr > start) {
		struct span *s;

		ALLOC_GROW(w->spans, w->nr_spans, w->alloc_spans);
		s = &w->spans[w->nr_spans++];
		s->seq = j->seq;
		s->start = start;
		s->nr = w->findings.nr - start;
		s->worker = w->index;
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;

	for (;;) {
		struct job *j;

		pthread_mutex_lock(&w->lock);
		while (!w->head && !w->closed)
			pthread_cond_wait(&w->more, &w->lock);
		j = w->head;
		if (j) {
			w->head = j->next;
			if (!w->head)
				w->tail = NULL;
			w->queued--;
			w->queued_bytes -= j->ch->len;
			pthread_cond_signal(&w->room);
		}
		pthread_mutex_unlock(&w->lock);
		if (!j)
			break;
		run_job(w, j);
		__atomic_sub_fetch(&w->backlog, j->ch->len + 1, __ATOMIC_RELAXED);
		__atomic_sub_fetch(&j->rec->pending, 1, __ATOMIC_RELEASE);
		job_free(j);
	}
	analyze_thread_done();
	return NULL;
}

struct pool *pool_new(const struct config *cfg, int workers, int inline_ignore, uint64_t deadline_ns,
		      int quiet)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	int i;

	p->nr = workers < 1 ? 1 : workers > MAX_WORKERS ? MAX_WORKERS : workers;
	p->quiet = quiet;
	p->paths_size = 64;
	p->paths = xcalloc(p->paths_size, sizeof(*p->paths));
	p->trees = parse_cache_new();
	pthread_mutex_init(&p->lock, NULL);
	for (i = 0; i < p->nr; i++) {
		struct worker *w = &p->w[i];

		w->pool = p;
		w->index = i;
		w->an = analyzer_new(cfg);
		analyzer_share_cache(w->an, p->trees);
		analyzer_set_inline_ignore(w->an, inline_ignore);
		analyzer_set_deadline(w->an, deadline_ns);
		pthread_mutex_init(&w->lock, NULL);
		pthread_cond_init(&w->more, NULL);
		pthread_cond_init(&w->room, NULL);
	}
	for (i = 0; i < p->nr; i++) {
		if (pthread_create(&p->w[i].thread, NULL, work, &p->w[i]) != 0) {
			/* fewer workers; with none at all, the caller's thread works */
			p->nr = i;
			break;
		}
		p->w[i].started = 1;
	}
	if (!p->nr) {
		pool_finish(p, NULL, NULL);
		return NULL;
	}
	return p;
}

static uint32_t path_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The record of `path`, made on first sight. */
static struct path_rec *path_rec(struct pool *p, const char *path)
{
	size_t mask = p->paths_size - 1, i;
	struct path_rec *r;

	for (i = path_hash(path) & mask; p->paths[i]; i = (i + 1) & mask)
		if (!strcmp(p->paths[i]->path, path))
			return p->paths[i];
	if ((p->nr_paths + 1) * 2 > p->paths_size) {
		struct path_rec **old = p->paths;
		size_t n = p->paths_size, j;

		p->paths_size *= 2;
		p->paths = xcalloc(p->paths_size, sizeof(*p->paths));
		mask = p->paths_size - 1;
		for (j = 0; j < n; j++) {
			if (!old[j])
				continue;
			for (i = path_hash(old[j]->path) & mask; p->paths[i]; i = (i + 1) & mask)
				;
			p->paths[i] = old[j];
		}
		free(old);
		for (i = path_hash(path) & mask; p->paths[i]; i = (i + 1) & mask)
			;
	}
	r = xcalloc(1, sizeof(*r));
	r->path = xstrdup(path);
	r->worker = -1;
	p->paths[i] = r;
	p->nr_paths++;
	return r;
}

/* The worker for the next version of r's path (see struct path_rec). */
static int worker_for(struct pool *p, struct path_rec *r)
{
	size_t least = (size_t)-1;
	int k, best = 0;

	if (r->worker >= 0 && __atomic_load_n(&r->pending, __ATOMIC_ACQUIRE) > 0)
		return r->worker;
	for (k = 0; k < p->nr; k++) {
		size_t b = __atomic_load_n(&p->w[k].backlog, __ATOMIC_RELAXED);

		/* a tie keeps the path where it was */
		if (b < least || (b == least && k == r->worker)) {
			least = b;
			best = k;
		}
	}
	return best;
}

static int status(struct pool *p)
{
	int rc = 0;

	pthread_mutex_lock(&p->lock);
	if (p->failed)
		rc = error("%s", p->msg);
	else if (p->timed_out) {
		error("%s", p->msg);
		rc = 1;
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

int pool_submit(struct pool *p, const struct change *c)
{
	struct worker *w;
	struct job *j;
	int rc = status(p);

	if (rc)
		return rc;
	j = job_new(c, p->seq++);
	j->rec = path_rec(p, c->path);
	j->rec->worker = worker_for(p, j->rec);
	w = &p->w[j->rec->worker];
	__atomic_add_fetch(&j->rec->pending, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&w->backlog, c->len + 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&w->lock);
	while (w->queued >= QUEUE_JOBS || (w->queued && w->queued_bytes + c->len > QUEUE_BYTES))
		pthread_cond_wait(&w->room, &w->lock);
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	w->queued++;
	w->queued_bytes += c->len;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int pool_submit_changeset(struct pool *p, const struct changeset *cs, struct autonaming_cache *names,
			  struct module_cache *mods, int quiet)
{
	struct module_set *modules;
	size_t i;
	int rc = 0;

	/* on the source's thread: what the files may import, read now */
	if (module_set_build(cs, mods, &modules) < 0)
		return -1;
	/* each file to a worker (worker_for()); its copy holds a reference
	 * to the modules */
	for (i = 0; i < cs->nr && rc == 0; i++) {
		struct change c;

		if (changeset_prepare(cs, i, names, quiet, modules, &c) < 0) {
			rc = -1;
			break;
		}
		rc = pool_submit(p, &c);
	}
	/* the files whose unchanged uses judge the definitions the change edits */
	for (i = 0; modules && rc == 0 && i < modules->nr; i++) {
		struct change c;
		int r = changeset_importer(cs, modules, i, names, quiet, &c);

		if (r < 0)
			rc = -1;
		else if (r > 0)
			rc = pool_submit(p, &c);
	}
	module_set_unref(modules);
	return rc;
}

static int by_seq(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int pool_finish(struct pool *p, struct finding_list *out, struct pool_dropped *dropped)
{
	struct span *all = NULL;
	size_t nr = 0, alloc = 0, i, k;
	int rc, n;

	for (n = 0; n < p->nr; n++) {
		struct worker *w = &p->w[n];

		pthread_mutex_lock(&w->lock);
		w->closed = 1;
		pthread_cond_signal(&w->more);
		pthread_mutex_unlock(&w->lock);
	}
	for (n = 0; n < p->nr; n++)
		if (p->w[n].started)
			pthread_join(p->w[n].thread, NULL);
	rc = status(p);
	if (dropped) {
		dropped->files = p->dropped_files;
		dropped->lines = p->dropped_lines;
		dropped->commits = p->nr_dropped_commits;
	}
	for (i = 0; i < p->nr_dropped_commits; i++)
		free(p->dropped_commits[i]);
	free(p->dropped_commits);
	free(p->stop_commit);

	/* the findings in the order their changes were submitted */
	for (n = 0; n < p->nr; n++)
		for (i = 0; i < p->w[n].nr_spans; i++) {
			ALLOC_GROW(all, nr, alloc);
			all[nr++] = p->w[n].spans[i];
		}
	if (nr && out)
		qsort(all, nr, sizeof(*all), by_seq);
	for (i = 0; i < nr && out; i++)
		for (k = 0; k < all[i].nr; k++)
			*findings_add(out) = p->w[all[i].worker].findings.items[all[i].start + k];
	free(all);

	for (n = 0; n < MAX_WORKERS; n++) {
		struct worker *w = &p->w[n];

		if (!w->an)
			continue;
		free(w->findings.items);	/* the items moved to `out` */
		free(w->spans);
		analyzer_free(w->an);
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->more);
		pthread_cond_destroy(&w->room);
	}
	for (i = 0; i < p->paths_size; i++)
		if (p->paths[i]) {
			free(p->paths[i]->path);
			free(p->paths[i]);
		}
	free(p->paths);
	parse_cache_free(p->trees);
	pthread_mutex_destroy(&p->lock);
	free(p);
	return rc;
}
