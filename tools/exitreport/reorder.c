/* reorder.c - a binary min-heap of (time, file order) keys over a slab. */
#include "reorder.h"

#include <stdlib.h>
#include <string.h>

#define SLOT_MASK ((1u << REORDER_SLOT_BITS) - 1)

static bool before(const struct reorder_key *a, const struct reorder_key *b)
{
	return a->time < b->time || (a->time == b->time && a->tag < b->tag);
}

static void sift_up(struct reorder_key *h, size_t i)
{
	struct reorder_key k = h[i];

	while (i > 0 && before(&k, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = k;
}

static void sift_down(struct reorder_key *h, size_t n, size_t i)
{
	struct reorder_key k = h[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && before(&h[c + 1], &h[c]))
			c++;
		if (!before(&h[c], &k))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = k;
}

static size_t heap_count(const struct reorder *r)
{
	return r->count - r->run_len;
}

/* true when the run's head comes before the heap's top */
static bool run_first(const struct reorder *r)
{
	const struct trace_ev *e;

	if (!r->run_len)
		return false;
	if (!heap_count(r))
		return true;
	e = &r->run[r->run_head];
	return e->time < r->heap[0].time ||
	       (e->time == r->heap[0].time && e->order < (r->heap[0].tag >> REORDER_SLOT_BITS));
}

static uint64_t min_time(const struct reorder *r)
{
	return run_first(r) ? r->run[r->run_head].time : r->heap[0].time;
}

static int pop_emit(struct reorder *r)
{
	const struct trace_ev *ev;
	uint64_t time;

	if (run_first(r)) {
		ev = &r->run[r->run_head];
		r->run_head = (r->run_head + 1) & (r->run_cap - 1);
		r->run_len--;
		r->count--;
	} else {
		struct reorder_key top = r->heap[0];
		uint32_t slot = (uint32_t)(top.tag & SLOT_MASK);
		size_t n = --r->count - r->run_len;

		r->heap[0] = r->heap[n];
		if (n)
			sift_down(r->heap, n, 0);
		r->free_slots[r->nfree++] = slot;
		ev = &r->slab[slot];
	}
	time = ev->time;
	if (r->emitted_any && time < r->last_emitted)
		r->late++;
	else
		r->last_emitted = time;
	r->emitted_any = true;
	return r->emit(r->ctx, ev);
}

static int run_reserve(struct reorder *r)
{
	size_t cap = r->run_cap ? r->run_cap * 2 : 1024;
	struct trace_ev *run = realloc(r->run, cap * sizeof(*run));

	if (!run)
		return -1;
	/* unwrap: the part before run_head moves after the old end */
	if (r->run_head + r->run_len > r->run_cap)
		memcpy(run + r->run_cap, run, (r->run_head + r->run_len - r->run_cap) * sizeof(*run));
	r->run = run;
	r->run_cap = cap;
	return 0;
}

void reorder_init(struct reorder *r, reorder_emit_fn emit, void *ctx)
{
	*r = (struct reorder){ .emit = emit, .ctx = ctx };
}

static int reorder_reserve(struct reorder *r)
{
	size_t cap = r->cap ? r->cap * 2 : 1024, i;
	struct reorder_key *heap;
	struct trace_ev *slab;
	uint32_t *free_slots;

	if (cap > REORDER_MAX)
		cap = REORDER_MAX;
	heap = realloc(r->heap, cap * sizeof(*heap));
	if (heap)
		r->heap = heap;
	slab = realloc(r->slab, cap * sizeof(*slab));
	if (slab)
		r->slab = slab;
	free_slots = realloc(r->free_slots, cap * sizeof(*free_slots));
	if (free_slots)
		r->free_slots = free_slots;
	if (!heap || !slab || !free_slots)
		return -1;
	for (i = r->cap; i < cap; i++)
		r->free_slots[r->nfree++] = (uint32_t)(cap - 1 - (i - r->cap));
	r->cap = cap;
	return 0;
}

/* EV (not in the run) goes to the heap. */
static int heap_push(struct reorder *r, const struct trace_ev *ev)
{
	uint32_t slot;
	size_t n;

	if (!r->nfree && reorder_reserve(r) < 0)
		return -1;
	slot = r->free_slots[--r->nfree];
	r->slab[slot] = *ev;
	r->slab[slot].order = r->next_order;
	n = heap_count(r);
	r->heap[n].time = ev->time;
	r->heap[n].tag = r->next_order++ << REORDER_SLOT_BITS | slot;
	sift_up(r->heap, n);
	r->count++;
	return 0;
}

/* The run's last event, the newest queued in file order. */
static const struct trace_ev *run_tail(const struct reorder *r)
{
	return &r->run[(r->run_head + r->run_len - 1) & (r->run_cap - 1)];
}

int reorder_push(struct reorder *r, const struct trace_ev *ev)
{
	if (r->count == REORDER_MAX && pop_emit(r) < 0)
		return -1;
	if (ev->time > r->round_max)
		r->round_max = ev->time;
	/* not before the newest queued event: it joins the run (file order
	 * breaks ties, and this one is the newest in file order) */
	if (!r->run_len || ev->time >= run_tail(r)->time) {
		struct trace_ev *e;

		if (r->run_len == r->run_cap && run_reserve(r) < 0)
			return -1;
		e = &r->run[(r->run_head + r->run_len) & (r->run_cap - 1)];
		*e = *ev;
		e->order = r->next_order++;
		r->run_len++;
		r->count++;
		return 0;
	}
	return heap_push(r, ev);
}

struct trace_ev *reorder_slot(struct reorder *r)
{
	if (r->count == REORDER_MAX && pop_emit(r) < 0)
		return NULL;
	if (r->run_len == r->run_cap && run_reserve(r) < 0)
		return NULL;
	return &r->run[(r->run_head + r->run_len) & (r->run_cap - 1)];
}

int reorder_push_slot(struct reorder *r)
{
	struct trace_ev *e = &r->run[(r->run_head + r->run_len) & (r->run_cap - 1)];

	if (e->time > r->round_max)
		r->round_max = e->time;
	if (!r->run_len || e->time >= run_tail(r)->time) {
		e->order = r->next_order++;
		r->run_len++;
		r->count++;
		return 0;
	}
	return heap_push(r, e);	/* copied out: the slot is free again */
}

int reorder_round(struct reorder *r)
{
	while (r->count && min_time(r) <= r->flush_limit)
		if (pop_emit(r) < 0)
			return -1;
	r->flush_limit = r->round_max;
	return 0;
}

int reorder_flush(struct reorder *r)
{
	while (r->count)
		if (pop_emit(r) < 0)
			return -1;
	return 0;
}

void reorder_free(struct reorder *r)
{
	free(r->heap);
	free(r->slab);
	free(r->free_slots);
	free(r->run);
	r->run = NULL;
	r->run_cap = r->run_head = r->run_len = 0;
	r->heap = NULL;
	r->slab = NULL;
	r->free_slots = NULL;
	r->count = r->cap = r->nfree = 0;
}
