/* check.h - cross-checking the trace against what the guest read.
 *
 * (a) every kvm:kvm_cpuid event for the leaves 0x4FFFFFFF/FE/FD is compared
 *     with the VM's exit_timed stream at that moment (the count includes
 *     the CPUID exit being handled, cycles only finished exits).  While a
 *     VM is recorded from its first exit without loss the values must be
 *     equal; otherwise the change since the previous reading of the same
 *     leaf must be equal, and lost events between two readings fail it.
 * (b) the JSON of the guest's `exitstat --json` (schema exitstat/1,
 *     snapshot mode): the reading is found in the trace by its totals; its
 *     totals and per-reason counts and cycles must equal the trace's.
 */
#ifndef ER_CHECK_H
#define ER_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "keymap.h"
#include "trace_ev.h"

#define CHECK_MAX_VMS 4096u
#define CHECK_MAX_REASONS 1024u
#define CHECK_MAX_VCPUS 1024u
#define CHECK_MAX_KEYS 65536u
#define CHECK_MAX_DETAILS 40u
#define CHECK_MAX_GUESTS 64u
#define CHECK_MAX_GUEST_ROWS 256u

struct check_reason {
	uint32_t reason;
	uint64_t count;
	uint64_t cycles;
};

struct check_vm {
	uint32_t pid;
	uint32_t isa;
	uint64_t exits;
	uint64_t cycles;
	struct check_reason *reasons;
	size_t nreasons;
	struct keymap by_reason;
	uint64_t *vcpu_last_seq;
	size_t nvcpus;
	struct keymap by_vcpu;
	bool joined_late;	/* a vCPU's first exit_seq was not 1 */
	uint64_t gaps;		/* exit_seq gaps seen */
	uint64_t covered;	/* exits inside a verified window (union, a lower bound) */
	uint64_t covered_to;	/* the exit count where the last verified window ended */
};

struct check_prev {
	uint64_t got_count, got_cycles;
	uint64_t exp_count, exp_cycles;
	uint64_t lost_mark, gap_mark;
	uint64_t exits_mark;	/* the VM's finished exits at that reading */
};

struct check_detail {
	uint64_t time;
	uint32_t pid;
	uint32_t tid;
	uint32_t leaf;
	uint32_t index;
	uint32_t isa;
	char what[24];		/* "count", "cycles", "registers", "lost", "guest-..." */
	uint64_t got;		/* what the guest got */
	uint64_t expected;	/* what the trace says */
};

struct check_guest_row {
	uint32_t reason;
	uint64_t count, cycles;
	bool traced;
	uint64_t trace_count, trace_cycles;
};

struct check_guest {
	uint32_t isa;
	uint64_t total_count, total_cycles;
	struct check_guest_row rows[CHECK_MAX_GUEST_ROWS];
	size_t nrows;
	bool matched, capturing, lossy;
	uint32_t pid, tid;
	uint64_t time;
	uint64_t trace_count, trace_cycles;
	uint64_t extra_reasons;	/* traced with exits, absent from the JSON */
};

struct check_summary {
	uint64_t readings;	/* kvm_cpuid events of the three leaves */
	uint64_t verified;	/* compared and equal */
	uint64_t baselines;	/* first reading of a leaf in a VM not recorded whole */
	uint64_t mismatches;
	uint64_t lossy;		/* lost events inside a checked window */
	uint64_t guests;	/* exitstat readings given */
	uint64_t guests_ok;
	uint64_t exits;		/* exit_timed exits in the trace */
	uint64_t covered;	/* of them, inside a window a verified reading checked */
};

struct check {
	struct check_vm *vms;
	size_t nvms;
	struct keymap by_pid;
	struct check_prev *prev;
	size_t nprev;
	struct keymap by_prev;
	uint64_t lost;		/* lost events so far (time order) */
	uint64_t untimed_lost;	/* lost records without a time */
	uint32_t any_isa;
	struct check_summary sum;
	struct check_detail details[CHECK_MAX_DETAILS];
	size_t ndetails;
	struct check_guest *guests;
	size_t nguests;
};

void check_init(struct check *c);

/* Load the guest's exitstat --json output (one or more snapshots). */
int check_load_guest(struct check *c, const char *path, struct er_err *err);

/* Feed events in time order: EV_EXIT (exit_timed), EV_CPUID, EV_LOST. */
int check_event(struct check *c, const struct trace_ev *ev, struct er_err *err);

/* After the last event: settle the guest readings. */
void check_finish(struct check *c);

/* Why nothing at all could be checked (a one-line reason), or NULL. */
const char *check_nothing_checked(const struct check *c);

/* Any mismatch, lost events inside a checked window, or nothing checked. */
bool check_failed(const struct check *c);

void check_free(struct check *c);

#endif
