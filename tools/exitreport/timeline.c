/* timeline.c - fixed bucket array with doubling width. */
#include "timeline.h"

#include <string.h>

void timeline_init(struct timeline *t, uint64_t width_ns)
{
	memset(t, 0, sizeof(*t));
	t->width = width_ns ? width_ns : 1;
}

static void timeline_coarsen(struct timeline *t)
{
	size_t i;

	for (i = 0; i < TIMELINE_MAX_BUCKETS / 2; i++)
		t->count[i] = t->count[2 * i] + t->count[2 * i + 1];
	memset(t->count + TIMELINE_MAX_BUCKETS / 2, 0,
	       sizeof(t->count[0]) * (TIMELINE_MAX_BUCKETS / 2));
	t->used = (t->used + 1) / 2;
	t->width *= 2;
	t->hot_hi = t->hot_lo;	/* empty: recomputed on the next event */
}

void timeline_add_any(struct timeline *t, uint64_t time)
{
	uint64_t slot;

	if (!t->started) {
		t->start = time;
		t->started = 1;
	}
	if (time < t->start)
		time = t->start;	/* out-of-order stragglers land in the first bucket */
	/* Events come in time order, many to a bucket: divide only when an
	 * event leaves the bucket of the one before it (timeline_add). */
	if (time >= t->hot_lo && time < t->hot_hi) {
		t->count[t->hot]++;
		return;
	}
	while ((slot = (time - t->start) / t->width) >= TIMELINE_MAX_BUCKETS)
		timeline_coarsen(t);
	t->count[slot]++;
	if (slot + 1 > t->used)
		t->used = (size_t)slot + 1;
	t->hot = (size_t)slot;
	t->hot_lo = t->start + slot * t->width;
	t->hot_hi = t->hot_lo + t->width;
}
