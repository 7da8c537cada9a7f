/*
 * fuzz_hookin: libFuzzer target for the hook standard input parser.
 *
 * Input: the bytes git would write on a hook's stdin. They are read
 * through fmemopen() (NUL bytes included) once in the pre-receive format
 * and once in the pre-push format. A malformed line is an expected
 * outcome (-1 with a message); a crash, a sanitizer report or a leak is a
 * finding. Parsed lines must hold sane values.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "source/hookin.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_as(const uint8_t *data, size_t size, int push)
{
	struct ref_lines lines = REF_LINES_INIT;
	FILE *f;
	size_t i;
	int rc;

	/* fmemopen() refuses a zero-length buffer on some libcs: give it one byte */
	f = size ? fmemopen((void *)data, size, "r") : fmemopen((void *)"\n", 1, "r");
	if (!f)
		return;
	rc = hookin_read(&lines, f, push ? hookin_parse_push : hookin_parse_receive);
	fclose(f);
	for (i = 0; i < lines.nr; i++) {
		/* every parsed line names its ref(s); a ref never holds a control byte */
		if (!lines.items[i].ref || !*lines.items[i].ref)
			abort();
		if (push && (!lines.items[i].local_ref || !*lines.items[i].local_ref))
			abort();
		if (strpbrk(lines.items[i].ref, "\n\r\t "))
			abort();
	}
	if (rc < 0 && !*error_last())
		abort();
	hookin_release(&lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_as(data, size, 0);
	read_as(data, size, 1);
	return 0;
}
