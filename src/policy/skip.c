/*
 * Skips: a client hook switched off by its owner, and the server's
 * break-glass push option with its audit log (skip.h).
 */
#include "policy/skip.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* SKIP=a,stackgate,b (the pre-commit framework's convention). */
static int skip_env(void)
{
	const char *skip = getenv("SKIP");
	const char *p;

	if (!skip)
		return 0;
	for (p = skip; (p = strstr(p, "stackgate")); p += 9)
		if ((p == skip || p[-1] == ',' || p[-1] == ' ') && (!p[9] || p[9] == ',' || p[9] == ' '))
			return 1;
	return 0;
}

int skip_client_hook(git_repository *repo)
{
	git_config *gc = NULL;
	int enabled = 1;

	if (skip_env()) {
		fprintf(stderr, "stackgate: skipped: SKIP contains 'stackgate'; nothing was judged\n");
		return 1;
	}
	if (repo && git_repository_config_snapshot(&gc, repo) == 0 &&
	    git_config_get_bool(&enabled, gc, "stackgate.enabled") == 0 && !enabled) {
		git_config_free(gc);
		fprintf(stderr, "stackgate: skipped: git config stackgate.enabled is false; nothing was judged\n");
		return 1;
	}
	git_config_free(gc);
	git_error_clear();
	return 0;
}

int skip_check_config(const struct config *cfg)
{
	/* a break-glass without a trail is no break-glass */
	if (cfg->allow_skip_option && (!cfg->audit_log || !*cfg->audit_log))
		return error("%s: allow_skip_option = true needs audit_log: a push let through unjudged "
			     "must leave a record; set audit_log = /var/log/stackgate/skips.log (writable by "
			     "the user the hook runs as) or allow_skip_option = false",
			     cfg->skip_option_at ? cfg->skip_option_at : cfg->source);
	return 0;
}

/* The pusher's name as git servers pass it; *var is the variable it came from. */
static const char *pusher(const char **var)
{
	const char *vars[] = { "GL_USERNAME", "GITHUB_USER_LOGIN", "REMOTE_USER", "GITEA_PUSHER_NAME", "USER" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars); i++)
		if (getenv(vars[i]) && *getenv(vars[i])) {
			*var = vars[i];
			return getenv(vars[i]);
		}
	*var = NULL;
	return "unknown";
}

/*
 * The pusher's address, where the transport gives one: git http-backend
 * runs with the web server's REMOTE_ADDR, sshd sets SSH_CONNECTION
 * ("client-ip client-port server-ip server-port") and SSH_CLIENT. NULL for
 * local pushes and platforms that pass none. *var names the variable.
 */
static char *pusher_address(const char **var)
{
	const char *vars[] = { "REMOTE_ADDR", "SSH_CONNECTION", "SSH_CLIENT" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v) {
			*var = vars[i];
			return xstrndup(v, strcspn(v, " "));
		}
	}
	*var = NULL;
	return NULL;
}

static void json_field(struct buf *b, const char *key, const char *value)
{
	buf_printf(b, ",\"%s\":", key);
	if (!value) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	buf_add_json(b, value, strlen(value));
	buf_putc(b, '"');
}

/* Append `line` to the audit log and fsync it: 0 once it is on disk. */
static int audit_append(const char *path, const char *line, size_t len)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	size_t done = 0;

	if (fd < 0)
		return error("cannot open audit_log '%s': %s", path, strerror(errno));
	/* one write per line: O_APPEND keeps concurrent pushes' lines whole */
	while (done < len) {
		ssize_t n = write(fd, line + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error("cannot write audit_log '%s': %s", path, n < 0 ? strerror(errno) : "short write");
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0) {
		error("cannot sync audit_log '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return error("cannot close audit_log '%s': %s", path, strerror(errno));
	return 0;
}

int skip_push_option(const struct config *cfg, const struct ref_lines *u)
{
	const char *count = getenv("GIT_PUSH_OPTION_COUNT");
	const char *reason = NULL, *user_var, *addr_var, *user = pusher(&user_var);
	char *addr = NULL;
	int i, n = count ? atoi(count) : 0, ok = 0;
	struct buf log = BUF_INIT;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t k;

	for (i = 0; i < n && i < 1000; i++) {
		char name[32];
		const char *v;

		snprintf(name, sizeof(name), "GIT_PUSH_OPTION_%d", i);
		v = getenv(name);
		if (v && !strncmp(v, "stackgate.skip", 14) && (v[14] == '=' || !v[14]))
			reason = v[14] ? v + 15 : "";
	}
	if (!reason)
		return 0;
	if (!cfg->allow_skip_option) {
		fprintf(stderr, "stackgate: the push option stackgate.skip is not enabled on this server "
			"(allow_skip_option); the push is judged as usual\n");
		return 0;
	}
	if (cfg->skip_users.nr && !strlist_has(&cfg->skip_users, user)) {
		fprintf(stderr, "stackgate: user '%s' may not use stackgate.skip on this server; the push "
			"is judged as usual\n", user);
		return 0;
	}
	if (strlen(reason) < 10) {
		fprintf(stderr, "stackgate: stackgate.skip needs a reason of at least 10 characters "
			"(git push -o stackgate.skip=\"why\"); the push is judged as usual\n");
		return 0;
	}
	if (!cfg->audit_log || !*cfg->audit_log) {
		/* skip_check_config() refuses such an INI; never skip without a trail */
		fprintf(stderr, "stackgate: stackgate.skip needs audit_log on this server; the push is "
			"judged as usual\n");
		return 0;
	}
	addr = pusher_address(&addr_var);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_puts(&log, "{\"time\":");
	buf_printf(&log, "\"%s\"", when);
	json_field(&log, "event", "stackgate.skip");
	json_field(&log, "user", user);
	json_field(&log, "user_from", user_var);
	json_field(&log, "remote_addr", addr);
	json_field(&log, "remote_addr_from", addr_var);
	buf_puts(&log, ",\"refs\":[");
	for (k = 0; k < u->nr; k++) {
		char old_hex[GIT_OID_HEXSZ + 1], new_hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(old_hex, sizeof(old_hex), &u->items[k].old);
		git_oid_tostr(new_hex, sizeof(new_hex), &u->items[k].new);
		buf_puts(&log, k ? ",{\"ref\":\"" : "{\"ref\":\"");
		buf_add_json(&log, u->items[k].ref, strlen(u->items[k].ref));
		buf_printf(&log, "\",\"old\":\"%s\",\"new\":\"%s\"}", old_hex, new_hex);
	}
	buf_putc(&log, ']');
	json_field(&log, "reason", reason);
	buf_puts(&log, "}\n");
	if (audit_append(cfg->audit_log, log.ptr, log.len) < 0) {
		fprintf(stderr, "stackgate: %s; the skip is refused and the push is judged as usual\n",
			error_last());
		goto out;
	}
	{
		struct buf shown = BUF_INIT;

		buf_add_escaped(&shown, reason, strlen(reason));
		fprintf(stderr, "stackgate: SKIPPED by push option stackgate.skip: user %s (%s), %zu ref%s, "
			"reason \"%s\"; recorded in %s\n", user, user_var ? user_var : "no variable set",
			u->nr, u->nr == 1 ? "" : "s", shown.ptr ? shown.ptr : "", cfg->audit_log);
		buf_release(&shown);
	}
	ok = 1;
out:
	free(addr);
	buf_release(&log);
	return ok;
}
