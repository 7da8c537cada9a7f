#ifndef STACKGATE_SEVERITY_H
#define STACKGATE_SEVERITY_H

/* How a rule's findings count: a leaf record, shared by config, analysis and reports. */
enum severity {
	SEV_DISABLED = 0,
	SEV_ADVISORY,
	SEV_MANDATORY,
};

/* "mandatory", "advisory" or "disabled": the INI's and the JSON's spelling. */
const char *severity_name(enum severity s);

#endif
