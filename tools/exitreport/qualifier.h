/* qualifier.h - what an exit was about (--by): KVM's stock events that
 * name an exit's MSR, port, MMIO address, hypercall, control register or
 * faulting GPA, attributed to the exit they belong to.
 *
 * A qualifier event belongs to the next exit the same vCPU thread (pid,
 * tid) completes: it is traced while KVM handles the exit, that is after
 * the exit began (the previous exit_timed or kvm_entry of the thread) and
 * before the exit's kvm:exit_timed (or, for stock recordings, the
 * kvm_entry that closes the kvm_exit).  Every qualifier event ends up in
 * exactly one bucket: attributed to an exit, or one of the unattributed
 * counts (several of its kind in one exit, an exit the filters left out,
 * none after it before the trace ended).  An MMIO read KVM hands to the VMM
 * is traced twice, unsatisfied and then completed: one access (merged).
 */
#ifndef ER_QUALIFIER_H
#define ER_QUALIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hist.h"
#include "keymap.h"
#include "trace_ev.h"

enum qual_by { QUAL_MSR, QUAL_PORT, QUAL_MMIO, QUAL_HYPERCALL, QUAL_CR, QUAL_GPA, QUAL_NONE };

#define QUAL_MAX_ROWS 65536u
#define QUAL_MAX_THREADS 65536u

struct qual_row {
	uint64_t value;		/* msr index, port, address, nr, cr; gpa: page address */
	uint32_t sub;		/* direction (1 write) or mmio type */
	uint32_t size;
	uint32_t isa, reason;	/* the reason of the first exit attributed */
	bool mixed_reasons;	/* exits of more than one reason */
	uint64_t count, sum, min, max;
	struct hist hist;
};

struct qual_pending {
	struct ev_qual q;
	uint64_t offset;
	uint64_t time;
	bool open;
	/* the thread's previous exit, for events traced after it ended */
	bool prev_valid, prev_kept, prev_had;
	bool prev_user;		/* it went out to the VMM (exit_timed's userspace) */
	struct ev_qual prev_q;
	uint32_t prev_isa, prev_reason;
	uint64_t prev_cycles;
};

struct qual_state {
	enum qual_by by;
	struct qual_row *rows;
	size_t nrows, cap;
	struct keymap by_key;
	struct qual_pending *pending;	/* per thread */
	size_t nthreads, tcap;
	struct keymap by_thread;
	size_t hist_bytes;
	uint64_t events;		/* qualifier events of the chosen kind */
	uint64_t attributed;
	uint64_t several;		/* replaced by a later one before the exit: unattributed */
	uint64_t filtered;		/* their exit was left out by --pid/--vcpu/--reason/--time */
	uint64_t open_at_end;		/* no exit of their thread after them */
	uint64_t merged;		/* an MMIO read's completion, with its unsatisfied read */
	uint64_t late;			/* traced after their exit ended (VMM-completed), given to it */
	uint64_t exits_without;		/* exits (kept) that had no qualifier */
	bool last_valid;		/* the exit just given to qual_exit had one: */
	struct ev_qual last;
};

/* "msr", "port", "mmio", "hypercall", "cr", "gpa" */
bool qual_parse(const char *text, enum qual_by *by);
const char *qual_name(enum qual_by by);
/* The stock event a view needs, e.g. "kvm:kvm_msr". */
const char *qual_event(enum qual_by by);

void qual_init(struct qual_state *q, enum qual_by by);

/* An EV_QUAL event (of any kind; others than q->by are ignored). */
int qual_feed(struct qual_state *q, const struct trace_ev *ev, struct er_err *err);

/* An EV_EXIT the report counts (KEPT) or leaves out.  BEGIN_NS: when the
 * exit began (perf time), 0 unknown; a qualifier traced before it (and
 * after the thread's previous exit ended) belongs to that previous exit:
 * KVM traces a read the VMM completed when the vCPU resumes.  USER_KNOWN:
 * the exits carry exit_timed's userspace flag, and only an exit that went
 * out to the VMM can have such a late one. */
int qual_exit(struct qual_state *q, const struct trace_ev *ev, bool kept, uint64_t begin_ns,
	      bool user_known, struct er_err *err);

/* At the end of the trace: count what is still pending. */
void qual_finish(struct qual_state *q);

/* The row's value as text: "0x10 IA32_TSC", "0x3f8", "cr3", ... */
void qual_value_text(enum qual_by by, const struct qual_row *r, char *buf, size_t len);
/* "read"/"write" (msr, port, cr), mmio type, or "" */
const char *qual_sub_text(enum qual_by by, const struct qual_row *r);

void qual_free(struct qual_state *q);

#endif
