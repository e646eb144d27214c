/* outliers.h - the individual exits slower than a threshold (--slower-than).
 *
 * All exits above the threshold are counted; the OUTLIERS_MAX slowest are
 * kept (a min-heap by value, so memory stays bounded) and listed in time
 * order, with how many were cut.
 */
#ifndef ER_OUTLIERS_H
#define ER_OUTLIERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "trace_ev.h"

#define OUTLIERS_MAX 100u

struct outlier {
	uint64_t time;		/* perf sample time, ns */
	uint64_t order;
	uint32_t pid, tid, vcpu, isa, reason;
	uint64_t value;		/* cycles (or ns) */
	uint64_t seq;
	bool have_qual;
	struct ev_qual qual;
};

struct outliers {
	/* the threshold as given: a value in the report's unit, or a time */
	bool is_time;
	uint64_t threshold;	/* in the unit, once resolved */
	double threshold_ns;	/* is_time */
	bool resolved;
	double mhz;		/* used to turn the time into cycles, 0 for ns */
	struct outlier heap[OUTLIERS_MAX];
	size_t n;
	uint64_t above;		/* exits above the threshold, all of them */
};

/* "50000" (cycles or ns, the report's unit), "20us", "1.5ms", "800ns", "0.1s". */
bool outliers_parse(struct outliers *o, const char *text);

/* Fix the threshold in the exits' unit: UNIT_NS for the stock view, else
 * cycles at MHZ (<= 0 unknown: an error when the threshold is a time). */
int outliers_resolve(struct outliers *o, bool unit_ns, double mhz, struct er_err *err);

/* An exit the report counts; QUAL its qualifier (NULL none). */
void outliers_add(struct outliers *o, const struct trace_ev *ev, const struct ev_qual *qual);

/* Sort the kept exits by time (call once, at the end). */
void outliers_finish(struct outliers *o);

#endif
