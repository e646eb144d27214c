/* optnum.c - checking numbers given on the command line. */
#include "optnum.h"

#include <errno.h>
#include <stdlib.h>

bool optnum_uint(const char *text, int base, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, base);
	if (errno || *end || !*text || text[0] == '-' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool optnum_positive(const char *text, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || *end || !*text || !(v > 0) || v > max)
		return false;
	*out = v;
	return true;
}

bool optnum_pid(const char *text, uint32_t *out)
{
	uint64_t v;

	if (!optnum_uint(text, 10, 1, OPTNUM_PID_MAX, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}
