/* exit_diff.h - diff mode: reading, something in between, reading, delta. */
#ifndef EXIT_DIFF_H
#define EXIT_DIFF_H

#include "cpuid_backend.h"
#include "exit_read.h"
#include "exit_report.h"

/* d = b - a with the readings' own exits removed.  Between the same position
 * of reading a and reading b lie exactly a->queries of the readings' CPUIDs
 * (the rest of a, the start of b), all counted under the CPUID reason: that
 * many exits are subtracted from the CPUID row and the total.  Their cycles
 * are subtracted as queries x the mean cost of one reading CPUID, measured
 * between the open and close marks of both readings. */
void exit_diff(const struct exit_reading *a, const struct exit_reading *b,
	       struct exit_report *d);

enum exit_diff_result { EXIT_DIFF_OK = 0, EXIT_DIFF_FIRST_FAILED, EXIT_DIFF_SECOND_FAILED };

/* Read a, call between(arg), read b, diff into d.  a and b are the caller's
 * buffers (they are written before the first reading so that no first touch
 * of their pages lands inside the measured window). */
enum exit_diff_result exit_diff_measure(const struct cpuid_backend *cpu, enum exit_isa isa,
					void (*between)(void *arg), void *arg,
					struct exit_reading *a, struct exit_reading *b,
					struct exit_report *d);

#endif
