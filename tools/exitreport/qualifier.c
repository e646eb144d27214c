/* qualifier.c - attributing qualifier events to exits (qualifier.h). */
#include "qualifier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

static const char *const names[QUAL_NONE] = { "msr", "port", "mmio", "hypercall", "cr", "gpa" };
static const char *const events[QUAL_NONE] = { "kvm:kvm_msr", "kvm:kvm_pio", "kvm:kvm_mmio",
					       "kvm:kvm_hypercall", "kvm:kvm_cr",
					       "kvm:kvm_page_fault" };

bool qual_parse(const char *text, enum qual_by *by)
{
	int i;

	for (i = 0; i < QUAL_NONE; i++)
		if (strcmp(text, names[i]) == 0) {
			*by = (enum qual_by)i;
			return true;
		}
	return false;
}

const char *qual_name(enum qual_by by)
{
	return by < QUAL_NONE ? names[by] : "none";
}

const char *qual_event(enum qual_by by)
{
	return by < QUAL_NONE ? events[by] : "";
}

void qual_init(struct qual_state *q, enum qual_by by)
{
	memset(q, 0, sizeof(*q));
	q->by = by;
}

static uint64_t thread_key(const struct trace_ev *ev)
{
	return (uint64_t)ev->pid << 32 | ev->tid;
}

static struct qual_pending *thread_slot(struct qual_state *q, const struct trace_ev *ev,
					bool create, struct er_err *err)
{
	long i = keymap_get(&q->by_thread, thread_key(ev));

	if (i >= 0)
		return &q->pending[i];
	if (!create)
		return NULL;
	if (q->nthreads >= QUAL_MAX_THREADS) {
		er_fail(err, ev->offset, "more than %u vCPU threads", QUAL_MAX_THREADS);
		return NULL;
	}
	if (q->nthreads == q->tcap) {
		struct qual_pending *p = grow_array(q->pending, &q->tcap, sizeof(*p), 16);

		if (!p)
			goto oom;
		q->pending = p;
	}
	if (keymap_put(&q->by_thread, thread_key(ev), (uint32_t)q->nthreads) < 0)
		goto oom;
	memset(&q->pending[q->nthreads], 0, sizeof(q->pending[0]));
	return &q->pending[q->nthreads++];
oom:
	er_fail(err, ev->offset, "out of memory for qualifiers");
	return NULL;
}

/* The grouping: gpa by 4 KiB page; the others by value, direction and size. */
static void row_id(enum qual_by by, const struct ev_qual *e, uint64_t *value, uint32_t *sub,
		   uint32_t *size)
{
	*value = by == QUAL_GPA ? e->value & ~0xfffull : e->value;
	*sub = by == QUAL_HYPERCALL || by == QUAL_GPA ? 0 : e->sub;
	*size = by == QUAL_PORT ? e->size : 0;
}

static uint64_t row_key(uint64_t value, uint32_t sub, uint32_t size)
{
	uint64_t h = value * 0x9e3779b97f4a7c15ull;

	return h ^ ((uint64_t)sub << 40) ^ ((uint64_t)size << 48) ^ (value >> 7);
}

static struct qual_row *find_row(struct qual_state *q, const struct ev_qual *e, uint64_t off,
				 struct er_err *err)
{
	uint64_t value, key;
	uint32_t sub, size;
	long i;

	row_id(q->by, e, &value, &sub, &size);
	key = row_key(value, sub, size);
	/* the key is a hash: confirm, and probe linearly past collisions */
	for (;;) {
		i = keymap_get(&q->by_key, key);
		if (i < 0)
			break;
		if (q->rows[i].value == value && q->rows[i].sub == sub && q->rows[i].size == size)
			return &q->rows[i];
		key++;
	}
	if (q->nrows >= QUAL_MAX_ROWS) {
		er_fail(err, off, "more than %u distinct %s values", QUAL_MAX_ROWS, names[q->by]);
		return NULL;
	}
	if (q->nrows == q->cap) {
		struct qual_row *r = grow_array(q->rows, &q->cap, sizeof(*r), 64);

		if (!r)
			goto oom;
		q->rows = r;
	}
	if (keymap_put(&q->by_key, key, (uint32_t)q->nrows) < 0)
		goto oom;
	memset(&q->rows[q->nrows], 0, sizeof(q->rows[0]));
	q->rows[q->nrows].value = value;
	q->rows[q->nrows].sub = sub;
	q->rows[q->nrows].size = size;
	return &q->rows[q->nrows++];
oom:
	er_fail(err, off, "out of memory for qualifiers");
	return NULL;
}

/* An MMIO read's completion (type 1) after its unsatisfied read (type 0). */
static bool completes(const struct qual_state *q, const struct ev_qual *first,
		      const struct ev_qual *then)
{
	return q->by == QUAL_MMIO && first->sub == 0 && then->sub == 1 &&
	       first->value == then->value;
}

int qual_feed(struct qual_state *q, const struct trace_ev *ev, struct er_err *err)
{
	struct qual_pending *p;

	if (ev->u.qual.by != (uint32_t)q->by)
		return 0;
	q->events++;
	p = thread_slot(q, ev, true, err);
	if (!p)
		return -1;
	if (p->open && completes(q, &p->q, &ev->u.qual)) {
		q->merged++;
		return 0;
	}
	if (p->open)
		q->several++;
	p->q = ev->u.qual;
	p->offset = ev->offset;
	p->time = ev->time;
	p->open = true;
	return 0;
}

/* Whether the pending one is gone for good: given to the thread's previous
 * exit, or counted as unattributed. */
static int give_to_previous(struct qual_state *q, struct qual_pending *p, const struct trace_ev *ev,
			    struct er_err *err);

static int account(struct qual_state *q, const struct ev_qual *e, uint64_t off, uint32_t isa,
		   uint32_t reason, uint64_t c, struct er_err *err)
{
	struct qual_row *r = find_row(q, e, off, err);

	if (!r)
		return -1;
	if (!r->count) {
		r->isa = isa;
		r->reason = reason;
		r->min = c;
	} else if (r->isa != isa || r->reason != reason) {
		r->mixed_reasons = true;
	}
	r->count++;
	r->sum += c;
	if (c < r->min)
		r->min = c;
	if (c > r->max)
		r->max = c;
	q->attributed++;
	if (hist_add(&r->hist, c, &q->hist_bytes) < 0)
		return er_fail(err, off, "out of memory for qualifier histograms");
	return 0;
}

static int give_to_previous(struct qual_state *q, struct qual_pending *p, const struct trace_ev *ev,
			    struct er_err *err)
{
	(void)ev;
	p->open = false;
	if (p->prev_had) {
		if (completes(q, &p->prev_q, &p->q))
			q->merged++;
		else
			q->several++;
		return 0;
	}
	if (!p->prev_kept) {
		q->filtered++;
		return 0;
	}
	q->late++;
	q->exits_without--;	/* the previous exit has one after all */
	p->prev_had = true;
	p->prev_q = p->q;
	return account(q, &p->q, p->offset, p->prev_isa, p->prev_reason, p->prev_cycles, err);
}

int qual_exit(struct qual_state *q, const struct trace_ev *ev, bool kept, uint64_t begin_ns,
	      bool user_known, struct er_err *err)
{
	struct qual_pending *p = thread_slot(q, ev, true, err);
	uint64_t c = ev->u.exit.cycles;

	q->last_valid = false;
	if (!p)
		return -1;
	/* A pending event traced before this exit began belongs to the
	 * previous one, completed by the VMM; when exit_timed tells whether
	 * that exit went out to the VMM at all, only then (the begin is
	 * estimated from cycles and the TSC rate, which a coarse or skewed
	 * clock can put after the event). */
	if (p->open && p->prev_valid && begin_ns && p->time < begin_ns &&
	    (!user_known || p->prev_user) && give_to_previous(q, p, ev, err) < 0)
		return -1;
	p->prev_valid = true;
	p->prev_user = ev->u.exit.userspace;
	p->prev_kept = kept;
	p->prev_had = p->open;
	p->prev_q = p->q;
	p->prev_isa = ev->u.exit.isa;
	p->prev_reason = ev->u.exit.reason;
	p->prev_cycles = c;
	if (!p->open) {
		q->exits_without += kept;
		return 0;
	}
	p->open = false;
	if (!kept) {
		q->filtered++;
		return 0;
	}
	q->last_valid = true;
	q->last = p->q;
	return account(q, &p->q, p->offset, ev->u.exit.isa, ev->u.exit.reason, c, err);
}

void qual_finish(struct qual_state *q)
{
	size_t i;

	for (i = 0; i < q->nthreads; i++)
		if (q->pending[i].open) {
			q->open_at_end++;
			q->pending[i].open = false;
		}
}

struct msr_name {
	uint32_t index;
	const char *name;
};

static const struct msr_name msr_names[] = {
	{ 0x10, "IA32_TSC" }, { 0x1b, "IA32_APIC_BASE" }, { 0x3a, "IA32_FEATURE_CONTROL" },
	{ 0x3b, "IA32_TSC_ADJUST" }, { 0x48, "IA32_SPEC_CTRL" }, { 0x49, "IA32_PRED_CMD" },
	{ 0x8b, "IA32_UCODE_REV" }, { 0xe7, "IA32_MPERF" }, { 0xe8, "IA32_APERF" },
	{ 0x10a, "IA32_ARCH_CAPABILITIES" }, { 0x140, "MISC_FEATURES_ENABLES" },
	{ 0x174, "IA32_SYSENTER_CS" }, { 0x175, "IA32_SYSENTER_ESP" },
	{ 0x176, "IA32_SYSENTER_EIP" }, { 0x179, "IA32_MCG_CAP" }, { 0x17a, "IA32_MCG_STATUS" },
	{ 0x1a0, "IA32_MISC_ENABLE" }, { 0x1d9, "IA32_DEBUGCTL" }, { 0x277, "IA32_PAT" },
	{ 0x6e0, "IA32_TSC_DEADLINE" }, { 0x802, "X2APIC_ID" }, { 0x803, "X2APIC_VERSION" },
	{ 0x808, "X2APIC_TPR" }, { 0x80b, "X2APIC_EOI" }, { 0x80d, "X2APIC_LDR" },
	{ 0x80f, "X2APIC_SVR" }, { 0x830, "X2APIC_ICR" }, { 0x832, "X2APIC_LVT_TIMER" },
	{ 0x838, "X2APIC_TMICT" }, { 0x839, "X2APIC_TMCCT" }, { 0x83e, "X2APIC_TDCR" },
	{ 0x83f, "X2APIC_SELF_IPI" }, { 0x4b564d00, "KVM_WALL_CLOCK_NEW" },
	{ 0x4b564d01, "KVM_SYSTEM_TIME_NEW" }, { 0x4b564d02, "KVM_ASYNC_PF_EN" },
	{ 0x4b564d03, "KVM_STEAL_TIME" }, { 0x4b564d04, "KVM_PV_EOI_EN" },
	{ 0x4b564d05, "KVM_POLL_CONTROL" }, { 0x11, "KVM_WALL_CLOCK" },
	{ 0x12, "KVM_SYSTEM_TIME" }, { 0xc0000080, "EFER" }, { 0xc0000081, "STAR" },
	{ 0xc0000082, "LSTAR" }, { 0xc0000083, "CSTAR" }, { 0xc0000084, "SYSCALL_MASK" },
	{ 0xc0000100, "FS_BASE" }, { 0xc0000101, "GS_BASE" }, { 0xc0000102, "KERNEL_GS_BASE" },
	{ 0xc0000103, "TSC_AUX" }, { 0xc0010015, "AMD_HWCR" }, { 0xc0010117, "AMD_VM_HSAVE_PA" },
};

static const char *msr_name(uint64_t index)
{
	size_t i;

	for (i = 0; i < sizeof(msr_names) / sizeof(msr_names[0]); i++)
		if (msr_names[i].index == index)
			return msr_names[i].name;
	return NULL;
}

void qual_value_text(enum qual_by by, const struct qual_row *r, char *buf, size_t len)
{
	const char *name;

	switch (by) {
	case QUAL_MSR:
		name = msr_name(r->value);
		snprintf(buf, len, "%#llx%s%s", (unsigned long long)r->value, name ? " " : "",
			 name ? name : "");
		break;
	case QUAL_CR:
		snprintf(buf, len, "cr%llu", (unsigned long long)r->value);
		break;
	case QUAL_HYPERCALL:
		snprintf(buf, len, "%llu", (unsigned long long)r->value);
		break;
	default:
		snprintf(buf, len, "%#llx", (unsigned long long)r->value);
		break;
	}
}

const char *qual_sub_text(enum qual_by by, const struct qual_row *r)
{
	static const char *const mmio_types[] = { "unsatisfied-read", "read", "write" };

	switch (by) {
	case QUAL_MSR:
	case QUAL_PORT:
	case QUAL_CR:
		return r->sub ? "write" : "read";
	case QUAL_MMIO:
		return r->sub < 3 ? mmio_types[r->sub] : "unknown";
	default:
		return "";
	}
}

void qual_free(struct qual_state *q)
{
	size_t i;

	for (i = 0; i < q->nrows; i++)
		hist_free(&q->rows[i].hist);
	free(q->rows);
	free(q->pending);
	keymap_free(&q->by_key);
	keymap_free(&q->by_thread);
	memset(q, 0, sizeof(*q));
}
