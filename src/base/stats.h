#ifndef STACKGATE_STATS_H
#define STACKGATE_STATS_H

#include <stddef.h>

/* What a scan covered, as the sources count it and the coverage line says it. */
struct scan_stats {
	size_t commits, files, lines, skipped;
	size_t paths;		/* distinct paths among `files` (file changes) */
};

#endif
