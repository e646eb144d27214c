/* timeline.h - exits per time bucket, for the exits-per-second plot.
 *
 * Buckets start at one millisecond; when a trace would need more than
 * TIMELINE_MAX_BUCKETS, the width doubles and neighbours are merged, so
 * memory is bounded whatever the trace length.
 */
#ifndef ER_TIMELINE_H
#define ER_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#define TIMELINE_MAX_BUCKETS 4096u

struct timeline {
	uint64_t start;		/* time of the first event, ns */
	uint64_t width;		/* bucket width, ns */
	uint64_t count[TIMELINE_MAX_BUCKETS];
	size_t used;		/* buckets up to the last one touched */
	uint64_t hot_lo, hot_hi; /* times [hot_lo, hot_hi) fall in bucket hot */
	size_t hot;
	int started;
};

void timeline_init(struct timeline *t, uint64_t width_ns);

void timeline_add_any(struct timeline *t, uint64_t time);

/* Count an exit at TIME.  Inline where it falls in the bucket of the one
 * before, as nearly all do (events come in time order, many to a bucket). */
static inline void timeline_add(struct timeline *t, uint64_t time)
{
	if (time >= t->hot_lo && time < t->hot_hi) {
		t->count[t->hot]++;
		return;
	}
	timeline_add_any(t, time);
}

#endif
