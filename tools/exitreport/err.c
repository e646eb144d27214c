/* err.c - recording the first error of a run. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int er_fail(struct er_err *err, uint64_t offset, const char *fmt, ...)
{
	va_list ap;

	if (err->set)
		return -1;
	err->set = true;
	err->offset = offset;
	va_start(ap, fmt);
	vsnprintf(err->what, sizeof(err->what), fmt, ap);
	va_end(ap);
	return -1;
}
