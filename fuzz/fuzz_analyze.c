/*
 * fuzz_analyze: libFuzzer target for the analysis stage (tree-sitter
 * parse and every rule) under the embedded default configuration.
 *
 * Input: the content of one changed file. The first byte picks the path
 * ("lib/x.py" when it is '#', as Python fixtures begin; else "lib/x.ts"
 * when even, "lib/x.tsx" when odd) and stays part of the content; every
 * line counts as added. The configuration and the analyzer
 * are built once and reused, as a scan reuses them across files.
 *
 * The content is exactly `size` bytes with no terminating NUL: analyze.h
 * promises nothing more, so a read past `len` is a finding. Both sources
 * happen to pass NUL-terminated content, so such a read is harmless in the
 * product today; FUZZ_NUL_TERMINATE=1 in the environment adds the NUL, to
 * fuzz past a reported read of that kind.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "config/config.h"
#include "base/finding.h"
#include "base/lines.h"
#include "base/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config cfg;
static struct analyzer *analyzer;
static int nul_terminate;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	memset(&cfg, 0, sizeof(cfg));
	if (config_init_defaults(&cfg) < 0 || config_compile(&cfg) < 0) {
		fprintf(stderr, "fuzz_analyze: default configuration: %s\n", error_last());
		abort();
	}
	nul_terminate = getenv("FUZZ_NUL_TERMINATE") && !strcmp(getenv("FUZZ_NUL_TERMINATE"), "1");
	analyzer = analyzer_new(&cfg);
	if (!analyzer)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct finding_list findings = FINDING_LIST_INIT;
	struct change ch;
	uint32_t syntax_line = 0;
	char *content;
	size_t i;

	/* a copy of exactly `size` bytes, so ASan sees any read past the end */
	content = malloc(size + (size_t)nul_terminate + (size == 0));
	if (!content)
		return 0;
	if (size)
		memcpy(content, data, size);
	if (nul_terminate)
		content[size] = '\0';
	memset(&ch, 0, sizeof(ch));
	ch.path = size && data[0] == '#' ? "lib/x.py" : (size && (data[0] & 1)) ? "lib/x.tsx" : "lib/x.ts";
	ch.content = content;
	ch.len = size;
	ch.added = NULL;	/* every line counts */
	(void)analyze_change(analyzer, &ch, &findings, &syntax_line);
	for (i = 0; i < findings.nr; i++) {
		const struct finding *f = &findings.items[i];

		/* a finding points into the file it reports on */
		if (!f->rule || !f->path || !f->message || f->line < 1 || f->column < 1)
			abort();
		if (f->line > lines_in_text(content, size) + 1)
			abort();
	}
	findings_release(&findings);
	free(content);
	return 0;
}
