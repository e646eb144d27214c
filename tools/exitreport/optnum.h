/* optnum.h - numbers given on the command line (main.c, live.c, diff_main.c).
 *
 * Only the check is shared: each caller prints its own message naming the
 * option, so a rejected number is a one-line error and exit status 2.
 */
#ifndef ER_OPTNUM_H
#define ER_OPTNUM_H

#include <stdbool.h>
#include <stdint.h>

/* TEXT, all of it, as an unsigned integer in BASE (0: 0x and 0 prefixes too)
 * from MIN to MAX: false on no digits, trailing text, a leading '-' or
 * overflow, and then *OUT is not touched. */
bool optnum_uint(const char *text, int base, uint64_t min, uint64_t max, uint64_t *out);

/* A process id as ps and /proc print it: decimal, 1 to Linux's
 * PID_MAX_LIMIT. */
#define OPTNUM_PID_MAX 4194304u
bool optnum_pid(const char *text, uint32_t *out);

/* TEXT, all of it, as a number greater than 0 and at most MAX. */
bool optnum_positive(const char *text, double max, double *out);

#endif
