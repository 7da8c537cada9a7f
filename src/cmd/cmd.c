/*
 * What the commands share: the usage error and the configuration a
 * command runs with (cmd.h).
 */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "policy/skip.h"
#include "base/util.h"

enum cmd_result cmd_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "stackgate: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	return CMD_USAGE;
}

/* Top of the work tree of the repository around the current directory. */
static char *discover_workdir(void)
{
	git_repository *repo = NULL;
	char *dir = NULL;

	if (git_repository_open_ext(&repo, ".", 0, NULL) == 0 && git_repository_workdir(repo))
		dir = xstrdup(git_repository_workdir(repo));
	git_repository_free(repo);
	git_error_clear();
	return dir;
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int cmd_load_config(struct config *cfg, const struct options *o, git_repository *repo, int server)
{
	struct buf path = BUF_INIT;
	const char *env = getenv("STACKGATE_CONFIG");
	char *workdir = NULL;
	int rc = 0;

	if (config_init_defaults(cfg) < 0)
		return -1;
	if (o->config) {
		rc = config_load_file(cfg, o->config);
	} else if (server) {
		buf_printf(&path, "%sstackgate.ini", git_repository_path(repo));
		if (file_exists(path.ptr))
			rc = config_load_file(cfg, path.ptr);
	} else if (env && *env) {
		rc = config_load_file(cfg, env);
	} else {
		if (repo && git_repository_workdir(repo))
			workdir = xstrdup(git_repository_workdir(repo));
		else if (!repo)
			workdir = discover_workdir();
		if (workdir) {
			buf_printf(&path, "%s.stackgate.ini", workdir);
			if (file_exists(path.ptr))
				rc = config_load_file(cfg, path.ptr);
		}
	}
	if (rc == 0)
		rc = config_compile(cfg);
	if (rc == 0 && server)
		rc = skip_check_config(cfg);
	free(workdir);
	buf_release(&path);
	return rc;
}
