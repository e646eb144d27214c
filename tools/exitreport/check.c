/* check.c - (a): kvm_cpuid readings against the exit_timed stream. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/exit_abi.h"
#include "../../common/exit_reasons.h"
#include "check_guest.h"

#define LO32 0xFFFFFFFFull

void check_init(struct check *c)
{
	memset(c, 0, sizeof(*c));
}

void check_note(struct check *c, const struct trace_ev *ev, uint32_t isa, const char *what,
		uint64_t got, uint64_t expected)
{
	struct check_detail *d;

	if (c->ndetails >= CHECK_MAX_DETAILS)
		return;
	d = &c->details[c->ndetails++];
	d->time = ev ? ev->time : 0;
	d->pid = ev ? ev->pid : 0;
	d->tid = ev ? ev->tid : 0;
	d->leaf = ev && ev->kind == EV_CPUID ? ev->u.cpuid.function : 0;
	d->index = ev && ev->kind == EV_CPUID ? ev->u.cpuid.index : 0;
	d->isa = isa;
	snprintf(d->what, sizeof(d->what), "%s", what);
	d->got = got;
	d->expected = expected;
}

/* ---- the trace's running view of each VM ---- */

struct check_vm *check_vm_get(struct check *c, uint32_t pid, uint64_t off, struct er_err *err)
{
	long i = keymap_get(&c->by_pid, pid);
	struct check_vm *vm;

	if (i >= 0)
		return &c->vms[i];
	if (c->nvms >= CHECK_MAX_VMS) {
		er_fail(err, off, "check: more than %u VMs", CHECK_MAX_VMS);
		return NULL;
	}
	if (!c->vms)
		c->vms = calloc(CHECK_MAX_VMS, sizeof(*c->vms));
	if (!c->vms || keymap_put(&c->by_pid, pid, (uint32_t)c->nvms) < 0) {
		er_fail(err, off, "check: out of memory");
		return NULL;
	}
	vm = &c->vms[c->nvms++];
	vm->pid = pid;
	return vm;
}

static struct check_reason *vm_reason(struct check_vm *vm, uint32_t reason, bool create)
{
	long i = keymap_get(&vm->by_reason, reason);
	struct check_reason *r;

	if (i >= 0 || !create)
		return i >= 0 ? &vm->reasons[i] : NULL;
	if (vm->nreasons >= CHECK_MAX_REASONS)
		return NULL;
	if (!vm->reasons)
		vm->reasons = calloc(CHECK_MAX_REASONS, sizeof(*vm->reasons));
	if (!vm->reasons || keymap_put(&vm->by_reason, reason, (uint32_t)vm->nreasons) < 0)
		return NULL;
	r = &vm->reasons[vm->nreasons++];
	r->reason = reason;
	return r;
}

static int vm_track_seq(struct check_vm *vm, uint32_t vcpu, uint64_t seq)
{
	long i = keymap_get(&vm->by_vcpu, vcpu);

	if (!seq)
		return 0;
	if (i < 0) {
		if (vm->nvcpus >= CHECK_MAX_VCPUS)
			return -1;
		if (!vm->vcpu_last_seq)
			vm->vcpu_last_seq = calloc(CHECK_MAX_VCPUS, sizeof(uint64_t));
		if (!vm->vcpu_last_seq || keymap_put(&vm->by_vcpu, vcpu, (uint32_t)vm->nvcpus) < 0)
			return -1;
		i = (long)vm->nvcpus++;
		if (seq != 1)
			vm->joined_late = true;
	} else if (seq != vm->vcpu_last_seq[i] + 1) {
		vm->gaps++;
	}
	vm->vcpu_last_seq[i] = seq;
	return 0;
}

static int check_on_exit(struct check *c, const struct trace_ev *ev, struct er_err *err)
{
	struct check_vm *vm = check_vm_get(c, ev->pid, ev->offset, err);
	struct check_reason *r;

	if (!vm)
		return -1;
	vm->isa = ev->u.exit.isa;
	c->any_isa = ev->u.exit.isa;
	r = vm_reason(vm, ev->u.exit.reason, true);
	if (!r || vm_track_seq(vm, ev->u.exit.vcpu, ev->u.exit.seq) < 0)
		return er_fail(err, ev->offset, "check: too many reasons or vCPUs in VM %u", ev->pid);
	r->count++;
	r->cycles += ev->u.exit.cycles;
	vm->exits++;
	vm->cycles += ev->u.exit.cycles;
	c->sum.exits++;
	return 0;
}

/* ---- one kvm_cpuid reading ---- */

struct reading {
	uint64_t got_count, got_cycles;
	uint64_t exp_count, exp_cycles;
	bool has_cycles;
	bool count_lo32;	/* 0x4FFFFFFD returns only the low half of the count */
};

static bool registers_undefined(const struct ev_cpuid *q)
{
	return !(q->rax & LO32) && !(q->rbx & LO32) && !(q->rcx & LO32) &&
	       (q->rdx & LO32) == EXIT_UNDEFINED_EDX;
}

void check_expected(const struct check_vm *vm, uint32_t isa, uint32_t reason,
		    uint64_t *count, uint64_t *cycles)
{
	const struct check_reason *r = vm_reason((struct check_vm *)vm, reason, false);

	*count = (r ? r->count : 0) + (reason == exit_reason_cpuid(isa));
	*cycles = r ? r->cycles : 0;
}

static bool read_values(const struct check_vm *vm, uint32_t isa, const struct ev_cpuid *q,
			struct reading *rd)
{
	memset(rd, 0, sizeof(*rd));
	switch (q->function) {
	case EXIT_LEAF_TOTALS:
		rd->got_count = (q->rdx & LO32) << 32 | (q->rax & LO32);
		rd->got_cycles = (q->rbx & LO32) << 32 | (q->rcx & LO32);
		rd->exp_count = vm->exits + 1;
		rd->exp_cycles = vm->cycles;
		rd->has_cycles = true;
		return true;
	case EXIT_LEAF_COUNT:
		rd->got_count = (q->rbx & LO32) << 32 | (q->rax & LO32);
		check_expected(vm, isa, q->index, &rd->exp_count, &rd->exp_cycles);
		return !(q->rcx & LO32) && !(q->rdx & LO32);
	default:
		rd->got_count = q->rax & LO32;
		rd->got_cycles = (q->rbx & LO32) << 32 | (q->rcx & LO32);
		check_expected(vm, isa, q->index, &rd->exp_count, &rd->exp_cycles);
		rd->exp_count &= LO32;
		rd->has_cycles = true;
		rd->count_lo32 = true;
		return !(q->rdx & LO32);
	}
}

static struct check_prev *prev_for(struct check *c, const struct trace_ev *ev, bool *fresh)
{
	uint64_t key = (uint64_t)ev->pid << 32 | (uint64_t)(ev->u.cpuid.function & 0xF) << 28 |
		       (ev->u.cpuid.function == EXIT_LEAF_TOTALS ? 0 : (ev->u.cpuid.index & 0x0FFFFFFF));
	long i = keymap_get(&c->by_prev, key);

	*fresh = i < 0;
	if (i >= 0)
		return &c->prev[i];
	if (c->nprev >= CHECK_MAX_KEYS)
		return NULL;
	if (!c->prev)
		c->prev = calloc(CHECK_MAX_KEYS, sizeof(*c->prev));
	if (!c->prev || keymap_put(&c->by_prev, key, (uint32_t)c->nprev) < 0)
		return NULL;
	return &c->prev[c->nprev++];
}

static void compare(struct check *c, const struct trace_ev *ev, uint32_t isa, uint64_t got,
		    uint64_t exp, bool lo32, const char *what, bool *ok)
{
	if (lo32) {
		got &= LO32;
		exp &= LO32;
	}
	if (got == exp)
		return;
	*ok = false;
	check_note(c, ev, isa, what, got, exp);
}

/* The finished exits [from, vm->exits] of a VM were checked by one reading.
 * Windows end in time order, so counting only what lies past the previous
 * window's end gives a lower bound of their union. */
static void cover(struct check *c, struct check_vm *vm, uint64_t from)
{
	if (vm->exits <= vm->covered_to)
		return;
	if (from < vm->covered_to)
		from = vm->covered_to;
	vm->covered += vm->exits - from;
	c->sum.covered += vm->exits - from;
	vm->covered_to = vm->exits;
}

static void judge(struct check *c, const struct trace_ev *ev, uint32_t isa, struct check_vm *vm,
		  const struct reading *rd, struct check_prev *prev, bool fresh)
{
	bool whole = !vm->joined_late && !vm->gaps && !c->lost;
	bool ok = true;

	if (whole) {
		compare(c, ev, isa, rd->got_count, rd->exp_count, rd->count_lo32, "count", &ok);
		if (rd->has_cycles)
			compare(c, ev, isa, rd->got_cycles, rd->exp_cycles, false, "cycles", &ok);
	} else if (fresh) {
		c->sum.baselines++;
		return;
	} else if (c->lost != prev->lost_mark || vm->gaps != prev->gap_mark) {
		c->sum.lossy++;
		check_note(c, ev, isa, "lost", c->lost - prev->lost_mark, vm->gaps - prev->gap_mark);
		return;
	} else {
		compare(c, ev, isa, rd->got_count - prev->got_count, rd->exp_count - prev->exp_count,
			rd->count_lo32, "count-delta", &ok);
		if (rd->has_cycles)
			compare(c, ev, isa, rd->got_cycles - prev->got_cycles,
				rd->exp_cycles - prev->exp_cycles, false, "cycles-delta", &ok);
	}
	if (ok) {
		c->sum.verified++;
		cover(c, vm, whole ? 0 : prev->exits_mark);
	} else
		c->sum.mismatches++;
}

static int on_cpuid(struct check *c, const struct trace_ev *ev, struct er_err *err)
{
	const struct ev_cpuid *q = &ev->u.cpuid;
	struct check_vm *vm;
	struct check_prev *prev;
	struct reading rd;
	uint32_t isa;
	bool fresh;

	if (q->function != EXIT_LEAF_TOTALS && q->function != EXIT_LEAF_COUNT &&
	    q->function != EXIT_LEAF_COUNT_CYCLES)
		return 0;
	vm = check_vm_get(c, ev->pid, ev->offset, err);
	if (!vm)
		return -1;
	isa = vm->isa ? vm->isa : c->any_isa;
	c->sum.readings++;
	check_guest_on_cpuid(c, ev, vm, isa);
	if (q->function != EXIT_LEAF_TOTALS && isa && !exit_reason_defined(isa, q->index)) {
		if (registers_undefined(q)) {
			c->sum.verified++;
		} else {
			c->sum.mismatches++;
			check_note(c, ev, isa, "registers", q->rdx & LO32, EXIT_UNDEFINED_EDX);
		}
		return 0;
	}
	if (!read_values(vm, isa, q, &rd)) {
		c->sum.mismatches++;
		check_note(c, ev, isa, "registers", 1, 0);
		return 0;
	}
	prev = prev_for(c, ev, &fresh);
	if (!prev)
		return er_fail(err, ev->offset, "check: too many distinct readings");
	judge(c, ev, isa, vm, &rd, prev, fresh);
	*prev = (struct check_prev){ rd.got_count, rd.got_cycles, rd.exp_count, rd.exp_cycles,
				     c->lost, vm->gaps, vm->exits };
	return 0;
}

int check_event(struct check *c, const struct trace_ev *ev, struct er_err *err)
{
	switch (ev->kind) {
	case EV_EXIT:
		return check_on_exit(c, ev, err);
	case EV_CPUID:
		return on_cpuid(c, ev, err);
	case EV_LOST:
		c->lost += ev->u.lost.count ? ev->u.lost.count : 1;
		c->untimed_lost += !ev->u.lost.has_time;
		return 0;
	default:
		return 0;
	}
}

void check_finish(struct check *c)
{
	if (c->untimed_lost && c->sum.readings) {
		c->sum.lossy++;
		check_note(c, NULL, 0, "lost-untimed", c->untimed_lost, 0);
	}
	check_guest_finish(c);
}

const char *check_nothing_checked(const struct check *c)
{
	const struct check_summary *s = &c->sum;

	if (s->verified || s->mismatches || s->lossy || s->guests)
		return NULL;
	if (!s->readings)
		return "nothing was checked: no kvm:kvm_cpuid readings of the leaves "
		       "0x4FFFFFFF/0x4FFFFFFE/0x4FFFFFFD in the recording";
	return "nothing was checked: every kvm:kvm_cpuid reading was the first of its leaf "
	       "in a VM not recorded from its first exit (a baseline)";
}

bool check_failed(const struct check *c)
{
	return c->sum.mismatches || c->sum.lossy || c->sum.guests_ok != c->sum.guests ||
	       check_nothing_checked(c);
}

void check_free(struct check *c)
{
	size_t i;

	for (i = 0; i < c->nvms; i++) {
		free(c->vms[i].reasons);
		free(c->vms[i].vcpu_last_seq);
		keymap_free(&c->vms[i].by_reason);
		keymap_free(&c->vms[i].by_vcpu);
	}
	free(c->vms);
	free(c->prev);
	free(c->guests);
	keymap_free(&c->by_pid);
	keymap_free(&c->by_prev);
	check_init(c);
}
