#include "base/severity.h"

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_MANDATORY: return "mandatory";
	case SEV_ADVISORY: return "advisory";
	default: return "disabled";
	}
}
