/*
 * The hook table (hooks.h), modelled on git's `struct cmd_struct
 * commands[]`: one entry per hook, and the small functions that make one
 * hook differ from another. The scan driver (scan.c) does the rest.
 */
#include "cmd/hooks.h"

#include <string.h>

#include "source/push.h"
#include "base/util.h"

/* pre-push REMOTE URL: "<local-ref> <local-oid> <remote-ref> <remote-oid>" lines */
static int push_lines(struct ref_lines *out, char **args, int nr_args, FILE *in)
{
	return hookin_read(out, in, hookin_parse_push);
}

/* pre-receive: "<old> <new> <ref>" lines */
static int receive_lines(struct ref_lines *out, char **args, int nr_args, FILE *in)
{
	return hookin_read(out, in, hookin_parse_receive);
}

/* What the push would add to the remote named by the hook's first argument. */
static int judge_push(struct scan *s)
{
	return source_push(&s->src, s->repo, &s->updates, PUSH_SENDING,
			   s->o->nr_args ? s->o->args[0] : "origin");
}

/*
 * What the push brings that no ref of the server has. Every object it
 * reads was hashed from its content when git received it (index-pack or
 * unpack-objects names each pushed object by its hash; so did every
 * earlier push): libgit2's strict verification would hash each again on
 * read, 9% of a big push's time for nothing. Every other mode keeps it.
 */
static int judge_receive(struct scan *s)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	return source_push(&s->src, s->repo, &s->updates, PUSH_RECEIVING, NULL);
}

static const struct block_advice commit_advice = {
	.blocked = "commit blocked",
	.fix = "fix it and `git add` the fix",
	.ignore_where = "",
	.bypass = "git commit --no-verify",
	.bypass_incomplete = "to bypass once (and own the consequences): git commit --no-verify",
};

static const struct block_advice push_advice = {
	.blocked = "push blocked",
	.fix = "fix the commits that add these lines (git rebase -i) and push again",
	.ignore_where = " in the commit that adds it (git rebase -i)",
	.bypass = "git push --no-verify (the server may still refuse it)",
	.bypass_incomplete = "to bypass once: git push --no-verify (the server may still refuse it)",
};

static const struct block_advice receive_advice = {
	.blocked = "push rejected by the server's gate",
	.fix = "fix the commits that add these lines (git rebase -i) and push again",
	.ignore_where = " in the commit that adds it (git rebase -i)",
	.bypass = NULL,		/* the server's gate: ask the contact for an exception */
};

const struct scan_mode hook_modes[] = {
	{
		.name = "pre-commit",
		.usage = "pre-commit",
		.summary = "hook entry: = check --staged",
		.help = "usage: stackgate pre-commit [options]\n\n"
			"The pre-commit hook: the same as check --staged, with the report on stderr.\n"
			"SKIP=stackgate or `git config stackgate.enabled false` turn it off (with a notice).\n"
			"Bypass once: git commit --no-verify. It judges the index, never a file list: under\n"
			"the pre-commit framework `pre-commit run --all-files` still judges only the staged\n"
			"change; `stackgate check --all` judges every file (CI).\n",
		.client_skip = 1,
		.judge = scan_staged,
		.advice = &commit_advice,
	},
	{
		.name = "pre-push",
		.usage = "pre-push REMOTE URL",
		.summary = "hook entry: ref lines on stdin",
		.help = "usage: stackgate pre-push REMOTE URL [options] < ref lines\n\n"
			"The pre-push hook: judges the commits not yet on REMOTE (each against its first\n"
			"parent), from \"<local-ref> <local-oid> <remote-ref> <remote-oid>\" lines on stdin.\n"
			"SKIP=stackgate or `git config stackgate.enabled false` turn it off. Bypass once:\n"
			"git push --no-verify.\n",
		.client_skip = 1,
		.read_input = push_lines,
		.judge = judge_push,
		.advice = &push_advice,
	},
	{
		.name = "pre-receive",
		.usage = "pre-receive",
		.summary = "hook entry: \"<old> <new> <ref>\" lines on stdin",
		.help = "usage: stackgate pre-receive [--config FILE] [options] < ref lines\n\n"
			"The server's gate: judges the commits a push brings (reachable from the new ids and\n"
			"from no existing ref) from \"<old> <new> <ref>\" lines on stdin, inside git's\n"
			"quarantine. Only --config or stackgate.ini in the repository's directory count; a\n"
			"configuration inside the pushed tree never does. Limits (max_commits, timeout_ms,\n"
			"max_file_bytes) and failures block unless on_limit / on_error say allow.\n",
		.server = 1,
		.read_input = receive_lines,
		.judge = judge_receive,
		.advice = &receive_advice,
	},
};

const size_t nr_hook_modes = ARRAY_SIZE(hook_modes);

const struct scan_mode *hook_find(const char *name)
{
	size_t i;

	for (i = 0; i < nr_hook_modes; i++)
		if (!strcmp(hook_modes[i].name, name))
			return &hook_modes[i];
	return NULL;
}
