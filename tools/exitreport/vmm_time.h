/* vmm_time.h - where the time of exits that went out to the VMM goes (--vmm).
 *
 * Per vCPU thread, an exit (kvm:exit_timed: KVM's handling cycles) is
 * followed by kvm:kvm_userspace_exit when KVM hands it to the VMM, and by
 * the kvm:kvm_entry that re-enters the guest.  For those exits the full
 * exit-to-reentry time is the handling time (cycles at the TSC rate) plus
 * the time from exit_timed to the kvm_entry; the VMM's share is what the
 * handling does not explain.  When exit_timed itself says the exit went to
 * user space (the flag the binary-stats work adds), vmm_exit() takes it as
 * USERSPACE without needing kvm_userspace_exit.
 */
#ifndef ER_VMM_TIME_H
#define ER_VMM_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hist.h"
#include "keymap.h"
#include "trace_ev.h"

#define VMM_MAX_ROWS 1024u
#define VMM_MAX_THREADS 65536u

struct vmm_row {
	uint32_t isa, reason;
	uint64_t exits;			/* all exits of the reason that reached an entry */
	uint64_t to_vmm;		/* of them, handed to the VMM */
	uint64_t kvm_cycles;		/* KVM's handling cycles of those */
	double full_ns;			/* their exit-to-reentry time */
	struct hist full_hist;		/* of full ns, per exit */
	uint32_t user_reason;		/* KVM_EXIT_* of the first one */
	bool mixed_user_reasons;
};

struct vmm_pending {
	struct trace_ev exit;
	bool open;
	bool user;
	uint32_t user_reason;
};

struct vmm_state {
	double mhz;			/* TSC rate, > 0 */
	struct vmm_row *rows;
	size_t nrows, cap;
	struct vmm_pending *pending;
	size_t nthreads, tcap;
	struct keymap by_thread;
	size_t hist_bytes;
	uint64_t user_exits;		/* kvm_userspace_exit events */
	uint64_t user_unmatched;	/* ... with no exit_timed of the thread open before them */
	uint64_t no_entry;		/* exits followed by another exit, no kvm_entry between */
	uint64_t open_at_end;		/* exits with no kvm_entry before the trace ended */
};

void vmm_init(struct vmm_state *v);

/* An exit (kvm:exit_timed) the report counts; USERSPACE: the exit says it
 * went to the VMM itself. */
int vmm_exit(struct vmm_state *v, const struct trace_ev *ev, bool userspace, struct er_err *err);
int vmm_user_exit(struct vmm_state *v, const struct trace_ev *ev, struct er_err *err);
/* A kvm:kvm_entry; MHZ the TSC rate (> 0). */
int vmm_entry(struct vmm_state *v, const struct trace_ev *ev, double mhz, struct er_err *err);
void vmm_finish(struct vmm_state *v);

/* KVM_EXIT_* name ("IO", "MMIO", ...) or NULL. */
const char *vmm_user_reason_name(uint32_t reason);

void vmm_free(struct vmm_state *v);

#endif
