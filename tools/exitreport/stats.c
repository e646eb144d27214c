/* stats.c - finding a vCPU's slot and a reason's slot, then counting. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

void stats_init(struct stats *st)
{
	memset(st, 0, sizeof(*st));
	st->last_vcpu = -1;
	st->budget = STATS_MAX_BYTES;
}

static uint64_t vcpu_key(uint32_t pid, uint32_t vcpu)
{
	return (uint64_t)pid << 32 | vcpu;
}

static int over_budget(const struct stats *st, const struct trace_ev *ev, struct er_err *err)
{
	return er_fail(err, ev->offset,
		       "the statistics of %zu vCPUs exceed their memory budget (%zu MB)",
		       st->nvcpus, st->budget >> 20);
}

static long vcpu_new(struct stats *st, const struct trace_ev *ev, uint64_t key,
		     struct er_err *err)
{
	struct vcpu_stat *v = NULL;
	size_t old = st->cap;

	if (st->nvcpus >= STATS_MAX_VCPUS)
		return er_fail(err, ev->offset, "more than %u vCPUs", STATS_MAX_VCPUS);
	if (st->nvcpus == st->cap) {
		struct vcpu_stat *n = grow_array(st->vcpus, &st->cap, sizeof(*n), 16);

		if (!n)
			return er_fail(err, ev->offset, "out of memory for vCPUs");
		st->vcpus = n;
		st->bytes += (st->cap - old) * sizeof(*n);
		if (st->bytes > st->budget)
			return over_budget(st, ev, err);
	}
	if (keymap_put(&st->by_vcpu, key, (uint32_t)st->nvcpus) < 0)
		return er_fail(err, ev->offset, "out of memory for vCPUs");
	v = &st->vcpus[st->nvcpus];
	memset(v, 0, sizeof(*v));
	v->pid = ev->pid;
	v->vcpu = ev->u.exit.vcpu;
	v->tid = ev->tid;
	v->isa = ev->u.exit.isa;
	v->seq_min = UINT64_MAX;
	v->last_reason = -1;
	return (long)st->nvcpus++;
}

static __attribute__((noinline)) struct vcpu_stat *
vcpu_lookup(struct stats *st, const struct trace_ev *ev, uint64_t key, struct er_err *err)
{
	long i = keymap_get(&st->by_vcpu, key);

	if (i < 0)
		i = vcpu_new(st, ev, key, err);
	if (i < 0)
		return NULL;
	st->last_vcpu = i;
	st->last_vcpu_key = key;
	return &st->vcpus[i];
}

/* Inlined for every exit: most are of the vCPU and reason of the last. */
static inline __attribute__((always_inline)) struct vcpu_stat *
vcpu_find(struct stats *st, const struct trace_ev *ev, struct er_err *err)
{
	uint64_t key = vcpu_key(ev->pid, ev->u.exit.vcpu);

	if (st->last_vcpu >= 0 && st->last_vcpu_key == key)
		return &st->vcpus[st->last_vcpu];
	return vcpu_lookup(st, ev, key, err);
}

static long reason_new(struct stats *st, struct vcpu_stat *v, const struct trace_ev *ev,
		       uint64_t key, struct er_err *err)
{
	struct reason_stat *r = NULL;
	size_t old = v->cap;

	if (v->nreasons >= STATS_MAX_REASONS)
		return er_fail(err, ev->offset, "more than %u distinct exit reasons on one vCPU",
			       STATS_MAX_REASONS);
	if (v->nreasons == v->cap) {
		struct reason_stat *n = grow_array(v->reasons, &v->cap, sizeof(*n), 2);

		if (!n)
			return er_fail(err, ev->offset, "out of memory for exit reasons");
		v->reasons = n;
		st->bytes += (v->cap - old) * sizeof(*n);
		if (st->bytes > st->budget)
			return over_budget(st, ev, err);
	}
	if (keymap_put(&v->by_reason, key, (uint32_t)v->nreasons) < 0)
		return er_fail(err, ev->offset, "out of memory for exit reasons");
	r = &v->reasons[v->nreasons];
	memset(r, 0, sizeof(*r));
	r->isa = ev->u.exit.isa;
	r->reason = ev->u.exit.reason;
	r->min = UINT64_MAX;
	return (long)v->nreasons++;
}

static __attribute__((noinline)) struct reason_stat *
reason_lookup(struct stats *st, struct vcpu_stat *v, const struct trace_ev *ev, uint64_t key,
	      struct er_err *err)
{
	long i = keymap_get(&v->by_reason, key);

	if (i < 0)
		i = reason_new(st, v, ev, key, err);
	if (i < 0)
		return NULL;
	v->last_reason = i;
	v->last_reason_key = key;
	return &v->reasons[i];
}

static inline __attribute__((always_inline)) struct reason_stat *
reason_find(struct stats *st, struct vcpu_stat *v, const struct trace_ev *ev, struct er_err *err)
{
	uint64_t key = (uint64_t)ev->u.exit.isa << 32 | ev->u.exit.reason;

	if (v->last_reason >= 0 && v->last_reason_key == key)
		return &v->reasons[v->last_reason];
	return reason_lookup(st, v, ev, key, err);
}

static inline __attribute__((always_inline)) int track_seq(struct stats *st, struct vcpu_stat *v, const struct trace_ev *ev,
		     struct er_err *err)
{
	uint64_t seq = ev->u.exit.seq;

	if (!seq)
		return 0;
	if (seqset_add(&v->seq, seq, &st->bytes) < 0)
		return er_fail(err, ev->offset, "out of memory for exit_seq values");
	if (st->bytes > st->budget)
		return over_budget(st, ev, err);
	v->seq_count++;
	if (seq < v->seq_min)
		v->seq_min = seq;
	if (seq > v->seq_max)
		v->seq_max = seq;
	return 0;
}

/* The vCPU and reason rows of EV, checked for room for COUNT more exits of
 * its cycles: an overflow is an error, never a wrap. */
static inline __attribute__((always_inline)) int rows_of(struct stats *st, const struct trace_ev *ev, uint64_t count,
		   struct vcpu_stat **vp, struct reason_stat **rp, struct er_err *err)
{
	uint64_t cycles = ev->u.exit.cycles;
	struct vcpu_stat *v = vcpu_find(st, ev, err);
	struct reason_stat *r = NULL;

	if (!v)
		return -1;
	r = reason_find(st, v, ev, err);
	if (!r)
		return -1;
	if (r->sum + cycles < r->sum || v->sum + cycles < v->sum)
		return er_fail(err, ev->offset, "cycle total overflows 64 bits");
	if (r->count + count < r->count || v->exits + count < v->exits)
		return er_fail(err, ev->offset, "exit total overflows 64 bits");
	*vp = v;
	*rp = r;
	return 0;
}

int stats_add(struct stats *st, const struct trace_ev *ev, struct er_err *err)
{
	uint64_t cycles = ev->u.exit.cycles;
	struct vcpu_stat *v = NULL;
	struct reason_stat *r = NULL;

	if (rows_of(st, ev, 1, &v, &r, err) < 0)
		return -1;
	if (hist_add(&r->hist, cycles, &st->bytes) < 0)
		return er_fail(err, ev->offset, "out of memory for histograms");
	if (st->bytes > st->budget)
		return over_budget(st, ev, err);
	r->count++;
	r->sum += cycles;
	r->fastpath += ev->u.exit.fastpath;
	r->l2 += ev->u.exit.nested;
	r->user += ev->u.exit.userspace;
	if (cycles < r->min) {
		r->min = cycles;
		r->min_count = 0;
	}
	r->min_count += cycles == r->min;
	if (cycles > r->max) {
		r->max = cycles;
		r->max_count = 0;
	}
	r->max_count += cycles == r->max;
	v->exits++;
	v->sum += cycles;
	st->exits++;
	return track_seq(st, v, ev, err);
}

int stats_add_counted(struct stats *st, const struct trace_ev *ev, uint64_t count,
		      struct er_err *err)
{
	uint64_t cycles = ev->u.exit.cycles;
	struct vcpu_stat *v = NULL;
	struct reason_stat *r = NULL;

	if (rows_of(st, ev, count, &v, &r, err) < 0)
		return -1;
	r->count += count;
	r->sum += cycles;
	r->min = 0;
	r->max = 0;
	v->exits += count;
	v->sum += cycles;
	st->exits += count;
	return 0;
}

int stats_note_seq(struct stats *st, const struct trace_ev *ev, struct er_err *err)
{
	struct vcpu_stat *v = vcpu_find(st, ev, err);

	if (!v)
		return -1;
	return track_seq(st, v, ev, err);
}

uint64_t vcpu_seq_missing(const struct vcpu_stat *v)
{
	return seqset_missing(&v->seq);
}

uint64_t vcpu_seq_duplicate(const struct vcpu_stat *v)
{
	return v->seq.duplicate;
}

void stats_free(struct stats *st)
{
	size_t i, j;

	for (i = 0; i < st->nvcpus; i++) {
		for (j = 0; j < st->vcpus[i].nreasons; j++)
			hist_free(&st->vcpus[i].reasons[j].hist);
		free(st->vcpus[i].reasons);
		seqset_free(&st->vcpus[i].seq);
		keymap_free(&st->vcpus[i].by_reason);
	}
	free(st->vcpus);
	keymap_free(&st->by_vcpu);
	stats_init(st);
}
