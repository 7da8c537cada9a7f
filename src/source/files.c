/*
 * Plain files: no git, every line counts. Directories are walked, and
 * what they hold is judged when it is in scope.
 */
#include "source/source.h"
#include "lang/lang.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "base/util.h"

/* Project files next to the judged ones, from the disk (struct tree_reader). */
static int disk_read(const struct tree_reader *t, const char *path, struct buf *out)
{
	FILE *f;
	char chunk[65536];
	size_t n;

	(void)t;
	f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT || errno == ENOTDIR ? 0 : error("cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && out->len < (64u << 20))
		buf_add(out, chunk, n);
	if (ferror(f)) {
		fclose(f);
		return error("cannot read '%s': %s", path, strerror(errno));
	}
	fclose(f);
	return 1;
}

static int disk_list(const struct tree_reader *t, const char *dir, struct strlist *out)
{
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;

	(void)t;
	if (!d)
		return errno == ENOENT || errno == ENOTDIR ? 0 : error("cannot read '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL)
		strlist_add(out, e->d_name);
	closedir(d);
	return 0;
}

static const struct tree_reader disk_reader = { disk_read, disk_list, NULL, "disk" };

static int judge_file(struct source *s, struct change_list *files, const char *path, int explicit)
{
	FILE *f;
	int fd;
	struct stat st;
	struct buf content = BUF_INIT, decoded = BUF_INIT;
	const char *why;
	char chunk[65536];
	size_t n;
	struct change ch;
	const char *shown = path;
	int rc;

	while (shown[0] == '.' && shown[1] == '/')
		shown += 2;
	if (!config_path_in_scope(s->cfg, shown) && !(explicit && lang_for_path(shown))) {
		if (explicit)
			source_notice(s, "skipped '%s': not in the include globs", shown);
		if (explicit)
			s->stats.skipped++;
		return 0;
	}
	/*
	 * Opened without blocking and checked on the descriptor: a FIFO (or a
	 * path swapped for one after a stat) would wait for a writer for ever,
	 * a device would never end.
	 */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return error("cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error("cannot judge '%s': not a regular file (a FIFO, socket or device); give "
			     "stackgate the file itself", shown);
	}
	if ((size_t)st.st_size > s->cfg->max_file_bytes) {
		close(fd);
		source_too_big(s, shown, (unsigned long long)st.st_size);
		return 0;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return error("cannot read '%s': %s", path, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&content, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_release(&content);
		return error("cannot read '%s': %s", path, strerror(errno));
	}
	fclose(f);
	memset(&ch, 0, sizeof(ch));
	if (source_text(&decoded, content.ptr, content.len, &ch.content, &ch.len, &why)) {
		source_unjudged(s, shown, NULL, why, NULL);
		rc = 0;
		goto out;
	}
	ch.path = shown;
	s->stats.files++;
	s->stats.lines += lines_in_text(ch.content, ch.len);
	change_list_add(files, &ch);
	rc = 0;
	if (files->bytes >= SOURCE_BATCH_BYTES)
		rc = source_hand_over(s, files, NULL, NULL, &disk_reader, 0);
out:
	buf_release(&decoded);
	buf_release(&content);
	return rc;
}

/*
 * 1 if an exclude glob ending in a slash and two stars covers all of `dir`
 * (node_modules/, dist/): not walked at all, since nothing there is judged.
 */
static int dir_excluded(const struct config *cfg, const char *dir)
{
	struct buf probe = BUF_INIT;
	const char *shown = dir;
	size_t i, n;
	int out = 0;

	while (shown[0] == '.' && shown[1] == '/')
		shown += 2;
	buf_printf(&probe, "%s/", shown);
	for (i = 0; i < cfg->exclude.nr && !out; i++) {
		n = strlen(cfg->exclude.items[i]);
		out = n > 3 && !strcmp(cfg->exclude.items[i] + n - 3, "/**") &&
		      glob_match(cfg->exclude.items[i], probe.ptr);
	}
	buf_release(&probe);
	return out;
}

static int judge_dir(struct source *s, struct change_list *files, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strlist names = STRLIST_INIT;
	size_t i;
	int rc = 0;

	if (!d)
		return error("cannot read directory '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, ".git"))
			strlist_add(&names, e->d_name);
	closedir(d);
	/* a stable order: the report should not depend on the filesystem */
	qsort(names.items, names.nr, sizeof(char *), strcmp_ptr);
	for (i = 0; i < names.nr && rc == 0; i++) {
		struct buf p = BUF_INIT;
		struct stat st;

		buf_printf(&p, "%s/%s", dir, names.items[i]);
		if (lstat(p.ptr, &st) < 0)
			;	/* gone since readdir */
		else if (S_ISDIR(st.st_mode)) {
			if (!dir_excluded(s->cfg, p.ptr))
				rc = judge_dir(s, files, p.ptr);
		} else if (S_ISREG(st.st_mode))
			rc = judge_file(s, files, p.ptr, 0);
		else if (S_ISLNK(st.st_mode) && stat(p.ptr, &st) == 0 && S_ISREG(st.st_mode))
			rc = judge_file(s, files, p.ptr, 0);	/* a link is judged by what it points at */
		buf_release(&p);
	}
	strlist_clear(&names);
	return rc;
}

int source_files(struct source *s, char **paths, int nr)
{
	struct change_list files = CHANGE_LIST_INIT;
	int i, rc = 0;

	for (i = 0; i < nr && rc == 0; i++) {
		struct stat st;

		if (stat(paths[i], &st) < 0)
			rc = error("cannot read '%s': %s", paths[i], strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = judge_dir(s, &files, paths[i]);
		else
			rc = judge_file(s, &files, paths[i], 1);
	}
	/* one changeset: the files named, read from the disk; what was read
	 * before a failure is judged, as it always was */
	return source_hand_over(s, &files, NULL, NULL, &disk_reader, rc);
}
