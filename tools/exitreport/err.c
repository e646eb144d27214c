/* err.c - recording the first error of a run, and printing it. */
#include "err.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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

void er_die(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void er_die_input(const char *prog, const char *file, const struct er_err *err)
{
	const char *sep = err->part[0] ? "/" : "";

	if (err->offset == ER_NO_OFFSET)
		er_die(prog, "%s%s%s: %s", file, sep, err->part, err->what);
	er_die(prog, "%s%s%s: offset %" PRIu64 ": %s", file, sep, err->part, err->offset,
	       err->what);
}
