/* stats.h - per vCPU and exit reason aggregation.
 *
 * State is per (VM pid, vCPU, reason): counters plus a histogram, nothing
 * per event.  VM-wide and overall figures are merged from it at report
 * time (report.c).  exit_seq is tracked per vCPU as sorted runs of the
 * values seen (seqset.c), which tells missing and repeated exits apart
 * whatever order the events arrive in.
 */
#ifndef ER_STATS_H
#define ER_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hist.h"
#include "keymap.h"
#include "seqset.h"
#include "trace_ev.h"

#define STATS_MAX_VCPUS 65536u
#define STATS_MAX_REASONS 1024u		/* distinct reasons per vCPU */
/* What the per-vCPU state (vCPU and reason slots, histograms, exit_seq
 * runs) may take: past it the input is refused, naming the vCPU count,
 * instead of the machine running out of memory. */
#define STATS_MAX_BYTES (1ull << 30)

struct reason_stat {
	uint32_t isa;
	uint32_t reason;
	uint64_t count;
	uint64_t sum;
	uint64_t min;
	uint64_t max;
	uint64_t min_count;	/* samples equal to min */
	uint64_t max_count;	/* samples equal to max */
	uint64_t fastpath;
	uint64_t l2;		/* exits of an L2 guest (exit_timed's nested) */
	uint64_t user;		/* exits completed in userspace (exit_timed's userspace) */
	struct hist hist;
};

struct vcpu_stat {
	uint32_t pid;
	uint32_t vcpu;
	uint32_t tid;
	uint32_t isa;
	uint64_t exits;
	uint64_t sum;
	uint64_t seq_count;	/* exits that carried an exit_seq */
	uint64_t seq_min;
	uint64_t seq_max;
	struct seqset seq;
	struct reason_stat *reasons;
	size_t nreasons;
	size_t cap;
	struct keymap by_reason;
	uint64_t last_reason_key;
	long last_reason;	/* index of last_reason_key, -1 none */
};

struct stats {
	struct vcpu_stat *vcpus;
	size_t nvcpus;
	size_t cap;
	struct keymap by_vcpu;
	uint64_t last_vcpu_key;
	long last_vcpu;
	size_t bytes;		/* allocated for the state above */
	size_t budget;		/* at most this many (STATS_MAX_BYTES) */
	uint64_t exits;
};

void stats_init(struct stats *st);

/* Count one EV_EXIT event. */
int stats_add(struct stats *st, const struct trace_ev *ev, struct er_err *err);

/* Count COUNT exits of one reason whose cycles add up to ev->u.exit.cycles,
 * from counters rather than events (exitreport stats): no histogram, no
 * minimum or maximum. */
int stats_add_counted(struct stats *st, const struct trace_ev *ev, uint64_t count,
		      struct er_err *err);

/* Only track the exit_seq of an exit the report leaves out (--reason). */
int stats_note_seq(struct stats *st, const struct trace_ev *ev, struct er_err *err);

/* Exits missing from a vCPU's exit_seq (0 when it has no sequence numbers),
 * and sequence numbers seen more than once. */
uint64_t vcpu_seq_missing(const struct vcpu_stat *v);
uint64_t vcpu_seq_duplicate(const struct vcpu_stat *v);

void stats_free(struct stats *st);

#endif
