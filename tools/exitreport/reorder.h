/* reorder.h - putting events back in time order with bounded memory.
 *
 * perf writes each CPU's buffer in turn, so the file is only ordered per
 * CPU.  Like perf's ordered_events, at each FINISHED_ROUND everything up
 * to the newest time of the round before is released; the buffer never
 * holds more than REORDER_MAX events (it then releases the oldest and
 * counts any event that arrives too late as out of order).
 */
#ifndef ER_REORDER_H
#define ER_REORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_ev.h"

#define REORDER_MAX (1u << 18)

typedef int (*reorder_emit_fn)(void *ctx, const struct trace_ev *ev);

/* The heap orders small keys; the events stay put in a slab. */
struct reorder_key {
	uint64_t time;
	uint64_t tag;		/* file order << REORDER_SLOT_BITS | slab slot */
};

#define REORDER_SLOT_BITS 20

struct reorder {
	struct reorder_key *heap;
	struct trace_ev *slab;
	uint32_t *free_slots;	/* stack of unused slab slots */
	size_t nfree;
	size_t count;		/* events held: heap and run together */
	size_t cap;
	/* Events that arrive in (time, file order) order need no heap: they
	 * queue up in a FIFO run, merged with the heap when released. */
	struct trace_ev *run;
	size_t run_cap;		/* a power of two */
	size_t run_head;
	size_t run_len;
	uint64_t next_order;
	uint64_t round_max;	/* newest time seen in the current round */
	uint64_t flush_limit;	/* newest time of the previous round */
	bool emitted_any;
	uint64_t last_emitted;
	uint64_t late;		/* events released after a newer one */
	reorder_emit_fn emit;
	void *ctx;
};

void reorder_init(struct reorder *r, reorder_emit_fn emit, void *ctx);

/* Add an event (its order field is assigned here). */
int reorder_push(struct reorder *r, const struct trace_ev *ev);

/* The same without copying the event: reorder_slot() is where to build the
 * next one (NULL when out of memory, or when releasing the oldest to make
 * room failed), reorder_push_slot() adds what was built there.  A slot
 * not pushed is handed out again. */
struct trace_ev *reorder_slot(struct reorder *r);
int reorder_push_slot(struct reorder *r);

/* A FINISHED_ROUND record was read. */
int reorder_round(struct reorder *r);

/* End of input: release everything. */
int reorder_flush(struct reorder *r);

void reorder_free(struct reorder *r);

#endif
