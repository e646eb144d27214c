/* stock_pair.h - the exit-to-entry view from stock kvm:kvm_exit and
 * kvm:kvm_entry events: each kvm_exit is paired with the next kvm_entry of
 * the same VM (pid) and vCPU; the value is the time between them in ns.
 * Needs the events in time order (reorder.c).
 */
#ifndef ER_STOCK_PAIR_H
#define ER_STOCK_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "keymap.h"
#include "trace_ev.h"

#define STOCK_MAX_VCPUS 65536u

struct stock_pending {
	struct trace_ev exit;
	bool open;
};

struct stock_pair {
	struct stock_pending *pending;
	size_t count;
	size_t cap;
	struct keymap by_vcpu;
	uint64_t last_key;	/* the vCPU of the last event, as by_vcpu keys it */
	long last;		/* and its index, -1 none yet */
	/* kvm_exit without vcpu_id: an exit waits for the next kvm_entry of its
	 * thread and takes that entry's vCPU, as perf kvm stat does */
	bool by_thread;
	uint64_t unpaired_exits;	/* a kvm_exit followed by another kvm_exit */
	uint64_t unpaired_entries;	/* a kvm_entry with no kvm_exit before it */
	uint64_t backwards;		/* an entry timed before its exit */
};

void stock_pair_init(struct stock_pair *sp);

/* Feed an EV_STOCK_EXIT or EV_STOCK_ENTRY; returns 1 and fills *out with an
 * EV_EXIT when an entry closes an exit, 0 otherwise, -1 on error. */
int stock_pair_feed(struct stock_pair *sp, const struct trace_ev *ev, struct trace_ev *out,
		    struct er_err *err);

/* Exits still waiting for their entry at the end of the trace. */
uint64_t stock_pair_open(const struct stock_pair *sp);

void stock_pair_free(struct stock_pair *sp);

#endif
