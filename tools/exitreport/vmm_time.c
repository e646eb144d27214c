/* vmm_time.c - exit -> (userspace exit) -> entry per vCPU thread (vmm_time.h). */
#include "vmm_time.h"

#include <string.h>

#include "grow.h"

void vmm_init(struct vmm_state *v)
{
	memset(v, 0, sizeof(*v));
}

static struct vmm_pending *thread(struct vmm_state *v, const struct trace_ev *ev, bool create,
				  struct er_err *err)
{
	uint64_t key = (uint64_t)ev->pid << 32 | ev->tid;
	long i = keymap_get(&v->by_thread, key);

	if (i >= 0)
		return &v->pending[i];
	if (!create)
		return NULL;
	if (v->nthreads >= VMM_MAX_THREADS) {
		er_fail(err, ev->offset, "more than %u vCPU threads", VMM_MAX_THREADS);
		return NULL;
	}
	if (v->nthreads == v->tcap) {
		struct vmm_pending *p = grow_array(v->pending, &v->tcap, sizeof(*p), 16);

		if (!p)
			goto oom;
		v->pending = p;
	}
	if (keymap_put(&v->by_thread, key, (uint32_t)v->nthreads) < 0)
		goto oom;
	memset(&v->pending[v->nthreads], 0, sizeof(v->pending[0]));
	return &v->pending[v->nthreads++];
oom:
	er_fail(err, ev->offset, "out of memory for --vmm");
	return NULL;
}

int vmm_exit(struct vmm_state *v, const struct trace_ev *ev, bool userspace, struct er_err *err)
{
	struct vmm_pending *p = thread(v, ev, true, err);

	if (!p)
		return -1;
	if (p->open)
		v->no_entry++;
	p->exit = *ev;
	p->open = true;
	p->user = userspace;
	p->user_reason = 0;
	return 0;
}

int vmm_user_exit(struct vmm_state *v, const struct trace_ev *ev, struct er_err *err)
{
	struct vmm_pending *p = thread(v, ev, false, err);

	v->user_exits++;
	if (!p || !p->open) {
		v->user_unmatched++;
		return 0;
	}
	p->user = true;
	p->user_reason = ev->u.user.reason;
	return 0;
}

static struct vmm_row *row_for(struct vmm_state *v, const struct trace_ev *ex, struct er_err *err)
{
	size_t i;

	for (i = 0; i < v->nrows; i++)
		if (v->rows[i].isa == ex->u.exit.isa && v->rows[i].reason == ex->u.exit.reason)
			return &v->rows[i];
	if (v->nrows >= VMM_MAX_ROWS) {
		er_fail(err, ex->offset, "more than %u exit reasons", VMM_MAX_ROWS);
		return NULL;
	}
	if (v->nrows == v->cap) {
		struct vmm_row *r = grow_array(v->rows, &v->cap, sizeof(*r), 32);

		if (!r) {
			er_fail(err, ex->offset, "out of memory for --vmm");
			return NULL;
		}
		v->rows = r;
	}
	memset(&v->rows[v->nrows], 0, sizeof(v->rows[0]));
	v->rows[v->nrows].isa = ex->u.exit.isa;
	v->rows[v->nrows].reason = ex->u.exit.reason;
	return &v->rows[v->nrows++];
}

int vmm_entry(struct vmm_state *v, const struct trace_ev *ev, double mhz, struct er_err *err)
{
	struct vmm_pending *p = thread(v, ev, false, err);
	struct vmm_row *r;
	double full;

	if (!p || !p->open)
		return 0;	/* an entry after an exit the report left out, or the first */
	p->open = false;
	r = row_for(v, &p->exit, err);
	if (!r)
		return -1;
	r->exits++;
	if (!p->user)
		return 0;
	/* handling (cycles -> ns) + exit_timed .. kvm_entry */
	full = (double)p->exit.u.exit.cycles * 1000.0 / mhz +
	       (ev->time >= p->exit.time ? (double)(ev->time - p->exit.time) : 0);
	if (!r->to_vmm)
		r->user_reason = p->user_reason;
	else if (r->user_reason != p->user_reason)
		r->mixed_user_reasons = true;
	r->to_vmm++;
	r->kvm_cycles += p->exit.u.exit.cycles;
	r->full_ns += full;
	if (hist_add(&r->full_hist, (uint64_t)(full + 0.5), &v->hist_bytes) < 0)
		return er_fail(err, ev->offset, "out of memory for --vmm histograms");
	return 0;
}

void vmm_finish(struct vmm_state *v)
{
	size_t i;

	for (i = 0; i < v->nthreads; i++)
		if (v->pending[i].open) {
			v->open_at_end++;
			v->pending[i].open = false;
		}
}

const char *vmm_user_reason_name(uint32_t reason)
{
	static const char *const names[] = {
		[0] = "UNKNOWN", [1] = "EXCEPTION", [2] = "IO", [3] = "HYPERCALL", [4] = "DEBUG",
		[5] = "HLT", [6] = "MMIO", [7] = "IRQ_WINDOW_OPEN", [8] = "SHUTDOWN",
		[9] = "FAIL_ENTRY", [10] = "INTR", [11] = "SET_TPR", [12] = "TPR_ACCESS",
		[17] = "NMI", [18] = "INTERNAL_ERROR", [24] = "SYSTEM_EVENT", [26] = "IOAPIC_EOI",
		[27] = "HYPERV", [29] = "X86_RDMSR", [30] = "X86_WRMSR", [31] = "DIRTY_RING_FULL",
		[32] = "AP_RESET_HOLD", [33] = "X86_BUS_LOCK", [34] = "XEN", [38] = "NOTIFY",
		[39] = "LOONGARCH_IOCSR", [40] = "MEMORY_FAULT",
	};

	return reason < sizeof(names) / sizeof(names[0]) ? names[reason] : NULL;
}

void vmm_free(struct vmm_state *v)
{
	size_t i;

	for (i = 0; i < v->nrows; i++)
		hist_free(&v->rows[i].full_hist);
	free(v->rows);
	free(v->pending);
	keymap_free(&v->by_thread);
	memset(v, 0, sizeof(*v));
}
