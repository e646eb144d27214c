/* err.h - one error, with the file offset it was found at.
 *
 * Readers fill a struct er_err and return -1; only main.c prints it, as
 * "exitreport: FILE: offset N: what", and chooses the exit code.
 */
#ifndef ER_ERR_H
#define ER_ERR_H

#include <stdbool.h>
#include <stdint.h>

#define ER_NO_OFFSET UINT64_MAX

struct er_err {
	bool set;
	uint64_t offset;	/* ER_NO_OFFSET when the error has no place */
	char what[256];
};

/* Record the first error (later ones are ignored); always returns -1. */
int er_fail(struct er_err *err, uint64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
