/* exit_report.h - what the formatters print: a reading or a delta. */
#ifndef EXIT_REPORT_H
#define EXIT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "exit_read.h"

struct exit_report_row {
	uint32_t reason;
	enum exit_status status;
	int64_t count;
	int64_t cycles;
};

struct exit_report {
	enum exit_isa isa;
	char vendor[13];
	bool delta;                          /* a diff-mode report */
	size_t n;
	struct exit_report_row rows[EXIT_READ_MAX];
	int64_t total_count, total_cycles;   /* from 0x4FFFFFFF */
	/* delta only: the readings' own CPUID exits, already subtracted from
	 * the CPUID row and the totals; the command and its wait status */
	uint64_t self_count, self_cycles;
	char *const *argv;
	int wait_status;
};

/* A plain reading as a report (vendor left empty). */
void exit_report_from_reading(const struct exit_reading *r, struct exit_report *rep);

/* Rows printed: with all, every defined reason; otherwise those with a
 * non-zero count or cycles, and any the host calls undefined or invalid. */
bool exit_report_row_shown(const struct exit_report_row *row, bool all);

#endif
