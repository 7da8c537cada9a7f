/*
 * stackgate facts TYPE: what the provider says about a resource type (its
 * physical names, parent-scoped names, secret inputs and name limits, each
 * with its source) and what the configuration adds to it or removes.
 */
#include "cmd/cmd.h"

#include <stdio.h>

#include "base/util.h"
#include "model/facts.h"

enum cmd_result cmd_facts(const struct options *o)
{
	struct config cfg;
	struct buf out = BUF_INIT;
	enum cmd_result res = CMD_OK;

	if (o->nr_args != 1)
		return cmd_usage_error("%s", "facts needs one resource type (aws.s3.Bucket)");
	if (cmd_load_config(&cfg, o, NULL, 0) < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		config_release(&cfg);
		return CMD_ERROR;
	}
	if (facts_describe(&out, o->args[0], &cfg.vocab.name_properties,
			   &cfg.vocab.name_properties_remove) < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		res = CMD_ERROR;
	} else {
		fputs(out.ptr, stdout);
	}
	buf_release(&out);
	config_release(&cfg);
	return res;
}
