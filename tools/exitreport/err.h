/* err.h - one error, with the file offset it was found at.
 *
 * Readers fill a struct er_err and return -1; only the command line mains
 * (main.c, live.c, diff_main.c) print it, with er_die_input(), as
 * "exitreport: FILE: offset N: what", and choose the exit code.
 */
#ifndef ER_ERR_H
#define ER_ERR_H

#include <stdbool.h>
#include <stdint.h>

#define ER_NO_OFFSET UINT64_MAX

struct er_err {
	bool set;
	uint64_t offset;	/* ER_NO_OFFSET when the error has no place */
	char part[24];		/* the file inside a directory input, "" for the input */
	char what[256];
};

/* Record the first error (later ones are ignored); always returns -1. */
int er_fail(struct er_err *err, uint64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The program name that starts every message of the command line tools;
 * `exitreport diff` prints ER_PROG " diff". */
#define ER_PROG "exitreport"

/* Print "PROG: message" on stderr and exit with status 2 (usage or input). */
void er_die(const char *prog, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/* er_die() with ERR found in FILE: "PROG: FILE: offset N: what", or
 * "PROG: FILE: what" when the error has no offset; FILE/PART when the
 * error was found in a file PART of the directory FILE. */
void er_die_input(const char *prog, const char *file, const struct er_err *err)
	__attribute__((noreturn));

#endif
