/*
 * fuzz_ini: libFuzzer target for the configuration loader.
 *
 * Input: the bytes of an INI file. They are copied into a NUL-terminated
 * buffer (config_load_string() takes a C string, so the copy stops at the
 * first NUL the way a file read into a string would) and layered over the
 * embedded defaults, then every pattern is compiled and the configuration
 * released. A load or compile error is an expected outcome, not a finding;
 * a crash, a sanitizer report or a leak is.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&cfg, 0, sizeof(cfg));
	if (config_init_defaults(&cfg) == 0 &&
	    config_load_string(&cfg, text, "fuzz.ini") == 0)
		(void)config_compile(&cfg);
	config_release(&cfg);
	free(text);
	return 0;
}
