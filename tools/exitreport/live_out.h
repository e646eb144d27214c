/* live_out.h - one closed interval as a table, a JSON line or CSV lines
 * (schema: exitreport(1), LIVE OUTPUT). */
#ifndef ER_LIVE_OUT_H
#define ER_LIVE_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"

struct live_interval {
	uint64_t seq;		/* 1, 2, ... */
	double unix_time;	/* wall clock when it closed */
	uint64_t start_ns;	/* trace time window [start_ns, end_ns) */
	uint64_t end_ns;
	const struct report *interval;
	const struct report *since_start;
};

void live_out_table(FILE *f, const struct live_interval *li);
void live_out_json(FILE *f, const struct live_interval *li);
void live_out_csv(FILE *f, const struct live_interval *li, bool header);

#endif
