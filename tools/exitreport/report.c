/* report.c - merging vCPU statistics into VM and overall rows, and sorting. */
#include "report.h"

#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/exit_reasons.h"

static enum sort_key g_sort_key;	/* qsort has no context argument */

bool sort_key_parse(const char *text, enum sort_key *key)
{
	static const char *const names[] = { "count", "cycles", "mean", "max", "p99", "name" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(text, names[i]) == 0) {
			*key = (enum sort_key)i;
			return true;
		}
	}
	return false;
}

static void reason_label(uint32_t isa, uint32_t reason, char *buf, size_t len)
{
	const char *name = exit_reason_name((enum exit_isa)isa, reason);

	if (name)
		snprintf(buf, len, "%s", name);
	else if (isa == EXIT_ISA_SVM)
		snprintf(buf, len, "UNKNOWN(0x%x)", reason);
	else
		snprintf(buf, len, "UNKNOWN(%u)", reason);
}

static uint64_t clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The histogram's estimate, clamped to [min, max]; exact when the rank falls
 * on the samples equal to the minimum or to the maximum. */
static uint64_t row_quantile(const struct row *r, const struct hist *h, unsigned int per10k)
{
	uint64_t rank = (uint64_t)(((unsigned __int128)r->count * per10k + 9999) / 10000);

	if (rank <= r->min_count)
		return r->min;
	if (rank > r->count - r->max_count)
		return r->max;
	return clamp(hist_quantile(h, r->count, per10k), r->min, r->max);
}

static void row_finish(struct row *r, const struct hist *h, uint64_t scope_count, uint64_t scope_sum)
{
	reason_label(r->isa, r->reason, r->name, sizeof(r->name));
	r->mean = r->count ? (double)r->sum / (double)r->count : 0;
	r->p50 = row_quantile(r, h, 5000);
	r->p90 = row_quantile(r, h, 9000);
	r->p99 = row_quantile(r, h, 9900);
	r->p999 = row_quantile(r, h, 9990);
	r->count_pct = scope_count ? 100.0 * (double)r->count / (double)scope_count : 0;
	r->sum_pct = scope_sum ? 100.0 * (double)r->sum / (double)scope_sum : 0;
}

/* false when a sum would overflow 64 bits (nothing is changed then) */
static bool row_add(struct row *r, const struct row *src)
{
	if (r->sum + src->sum < r->sum || r->count + src->count < r->count)
		return false;
	if (!r->count || src->min < r->min) {
		r->min = src->min;
		r->min_count = 0;
	}
	if (src->min == r->min)
		r->min_count += src->min_count;
	if (!r->count || src->max > r->max) {
		r->max = src->max;
		r->max_count = 0;
	}
	if (src->max == r->max)
		r->max_count += src->max_count;
	r->count += src->count;
	r->sum += src->sum;
	r->fastpath += src->fastpath;
	r->l2 += src->l2;
	r->user += src->user;
	return true;
}

static bool sum_add(uint64_t *acc, uint64_t v)
{
	if (*acc + v < *acc)
		return false;
	*acc += v;
	return true;
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = 0;

	switch (g_sort_key) {
	case SORT_COUNT:
		c = (a->count < b->count) - (a->count > b->count);
		break;
	case SORT_CYCLES:
		c = (a->sum < b->sum) - (a->sum > b->sum);
		break;
	case SORT_MEAN:
		c = (a->mean < b->mean) - (a->mean > b->mean);
		break;
	case SORT_MAX:
		c = (a->max < b->max) - (a->max > b->max);
		break;
	case SORT_P99:
		c = (a->p99 < b->p99) - (a->p99 > b->p99);
		break;
	case SORT_NAME:
		c = strcmp(a->name, b->name);
		break;
	}
	if (c)
		return c;
	if (a->isa != b->isa)
		return a->isa < b->isa ? -1 : 1;
	return (a->reason > b->reason) - (a->reason < b->reason);
}

/* Add one reason's figures (and histogram) into the row for it in ROWS. */
static int rows_merge(struct row **rows, size_t *n, struct keymap *index, uint32_t isa,
		      uint32_t reason, const struct row *src, const struct hist *h, size_t *bytes,
		      const char *scope, struct er_err *err)
{
	uint64_t key = (uint64_t)isa << 32 | reason;
	long i = keymap_get(index, key);
	struct row *r;

	if (i < 0) {
		struct row *grown = realloc(*rows, (*n + 1) * sizeof(**rows));

		if (!grown)
			return er_fail(err, ER_NO_OFFSET, "out of memory for the report");
		*rows = grown;
		if (keymap_put(index, key, (uint32_t)*n) < 0)
			return er_fail(err, ER_NO_OFFSET, "out of memory for the report");
		i = (long)(*n)++;
		memset(&(*rows)[i], 0, sizeof(**rows));
		(*rows)[i].isa = isa;
		(*rows)[i].reason = reason;
	}
	r = &(*rows)[i];
	if (!row_add(r, src)) {
		char name[40];

		reason_label(isa, reason, name, sizeof(name));
		return er_fail(err, ER_NO_OFFSET, "the cycle total of %s in %s overflows 64 bits",
			       name, scope);
	}
	if (hist_merge(&r->hist, h, bytes) < 0)
		return er_fail(err, ER_NO_OFFSET, "out of memory for the report");
	return 0;
}

static void stat_as_row(const struct reason_stat *rs, struct row *r)
{
	memset(r, 0, sizeof(*r));
	r->isa = rs->isa;
	r->reason = rs->reason;
	r->count = rs->count;
	r->sum = rs->sum;
	r->min = rs->min;
	r->max = rs->max;
	r->min_count = rs->min_count;
	r->max_count = rs->max_count;
	r->fastpath = rs->fastpath;
	r->l2 = rs->l2;
	r->user = rs->user;
}

static int vcpu_report_build(struct vcpu_report *vr, const struct vcpu_stat *v)
{
	size_t i;

	memset(vr, 0, sizeof(*vr));
	vr->vcpu = v->vcpu;
	vr->tid = v->tid;
	vr->exits = v->exits;
	vr->sum = v->sum;
	vr->seq_first = v->seq_count ? v->seq_min : 0;
	vr->seq_last = v->seq_count ? v->seq_max : 0;
	vr->seq_missing = vcpu_seq_missing(v);
	vr->seq_duplicate = vcpu_seq_duplicate(v);
	vr->rows = calloc(v->nreasons ? v->nreasons : 1, sizeof(*vr->rows));
	if (!vr->rows)
		return -1;
	for (i = 0; i < v->nreasons; i++) {
		stat_as_row(&v->reasons[i], &vr->rows[i]);
		row_finish(&vr->rows[i], &v->reasons[i].hist, v->exits, v->sum);
	}
	vr->nrows = v->nreasons;
	if (vr->nrows > 1)
		qsort(vr->rows, vr->nrows, sizeof(*vr->rows), row_cmp);
	return 0;
}

static int vcpu_order(const void *pa, const void *pb)
{
	const struct vcpu_stat *a = *(const struct vcpu_stat *const *)pa;
	const struct vcpu_stat *b = *(const struct vcpu_stat *const *)pb;

	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return (a->vcpu > b->vcpu) - (a->vcpu < b->vcpu);
}

static int vm_add_vcpu(struct vm_report *vm, const struct vcpu_stat *v, struct keymap *index,
		       size_t *bytes, struct er_err *err)
{
	char scope[40];
	size_t i;

	snprintf(scope, sizeof(scope), "VM pid %u", vm->pid);
	vm->seq_missing += vcpu_seq_missing(v);
	if (!v->exits)
		return 0;
	vm->isa = v->isa;
	if (!sum_add(&vm->sum, v->sum))
		return er_fail(err, ER_NO_OFFSET, "the cycle total of %s overflows 64 bits", scope);
	vm->exits += v->exits;
	if (vcpu_report_build(&vm->vcpus[vm->nvcpus], v) < 0)
		return er_fail(err, ER_NO_OFFSET, "out of memory for the report");
	vm->nvcpus++;
	for (i = 0; i < v->nreasons; i++) {
		struct row r;

		stat_as_row(&v->reasons[i], &r);
		if (rows_merge(&vm->rows, &vm->nrows, index, r.isa, r.reason, &r, &v->reasons[i].hist,
			       bytes, scope, err) < 0)
			return -1;
	}
	return 0;
}

static int build_vms(struct report *rep, const struct stats *st, const struct vcpu_stat **order,
		     struct er_err *err)
{
	size_t i = 0, bytes = 0;

	while (i < st->nvcpus) {
		struct vm_report *vm = &rep->vms[rep->nvms];
		struct keymap index = { 0 };
		size_t j = i;

		memset(vm, 0, sizeof(*vm));
		vm->pid = order[i]->pid;
		while (j < st->nvcpus && order[j]->pid == vm->pid)
			j++;
		vm->vcpus = calloc(j - i, sizeof(*vm->vcpus));
		if (!vm->vcpus)
			return er_fail(err, ER_NO_OFFSET, "out of memory for the report");
		for (; i < j; i++)
			if (vm_add_vcpu(vm, order[i], &index, &bytes, err) < 0) {
				keymap_free(&index);
				return -1;
			}
		keymap_free(&index);
		rep->seq_missing += vm->seq_missing;
		if (vm->exits || vm->seq_missing)
			rep->nvms++;
		else
			free(vm->vcpus);
	}
	return 0;
}

static int build_totals(struct report *rep, struct er_err *err)
{
	struct keymap index = { 0 };
	size_t i, j, bytes = 0;

	for (i = 0; i < rep->nvms; i++) {
		struct vm_report *vm = &rep->vms[i];

		if (!sum_add(&rep->sum, vm->sum)) {
			keymap_free(&index);
			return er_fail(err, ER_NO_OFFSET, "the cycle total of all VMs overflows 64 bits");
		}
		rep->exits += vm->exits;
		for (j = 0; j < vm->nrows; j++)
			if (rows_merge(&rep->rows, &rep->nrows, &index, vm->rows[j].isa,
				       vm->rows[j].reason, &vm->rows[j], &vm->rows[j].hist, &bytes,
				       "all VMs", err) < 0) {
				keymap_free(&index);
				return -1;
			}
	}
	keymap_free(&index);
	return 0;
}

static void finish_rows(struct row *rows, size_t n, uint64_t count, uint64_t sum)
{
	size_t i;

	for (i = 0; i < n; i++)
		row_finish(&rows[i], &rows[i].hist, count, sum);
	if (n > 1)
		qsort(rows, n, sizeof(*rows), row_cmp);
}

int report_build(struct report *rep, const struct session *s, enum sort_key key,
		 struct er_err *err)
{
	rep->source = s->source == SOURCE_STOCK ? "kvm_exit_entry" : "exit_timed";
	rep->unit = s->source == SOURCE_STOCK ? "ns" : "cycles";
	rep->vcpu_from_entry = s->source == SOURCE_STOCK && s->sp.by_thread;
	rep->vm_per_thread = s->vm_per_thread;
	rep->first_time = s->first_time;
	rep->last_time = s->last_time;
	rep->have_time = s->have_time;
	if (s->have_time && s->opts->filter.by_time) {
		uint64_t span = s->last_time - s->first_time;
		const struct filter *f = &s->opts->filter;

		rep->windowed = true;
		rep->window_start = s->first_time + (f->start_ns < span ? f->start_ns : span);
		rep->window_end = s->first_time + (f->end_ns < span ? f->end_ns : span);
	}
	rep->lost = s->lost;
	/* exits followed by another exit, and those still open at the end */
	rep->unpaired = s->sp.unpaired_exits + stock_pair_open(&s->sp);
	rep->filter = &s->opts->filter;
	rep->timeline = &s->tl;
	rep->have_nested = s->have_nested;
	rep->have_userspace = s->have_userspace;
	return report_build_stats(rep, &s->st, key, err);
}

int report_build_stats(struct report *rep, const struct stats *st, enum sort_key key,
		       struct er_err *err)
{
	const struct vcpu_stat **order;
	size_t i;

	g_sort_key = key;
	for (i = 0; i < st->nvcpus; i++)
		rep->seq_duplicate += vcpu_seq_duplicate(&st->vcpus[i]);
	order = calloc(st->nvcpus ? st->nvcpus : 1, sizeof(*order));
	rep->vms = calloc(st->nvcpus ? st->nvcpus : 1, sizeof(*rep->vms));
	if (!order || !rep->vms) {
		free(order);
		return er_fail(err, ER_NO_OFFSET, "out of memory for the report");
	}
	for (i = 0; i < st->nvcpus; i++)
		order[i] = &st->vcpus[i];
	if (st->nvcpus > 1)
		qsort(order, st->nvcpus, sizeof(*order), vcpu_order);
	if (build_vms(rep, st, order, err) < 0 || build_totals(rep, err) < 0) {
		free(order);
		return -1;
	}
	free(order);
	for (i = 0; i < rep->nvms; i++)
		finish_rows(rep->vms[i].rows, rep->vms[i].nrows, rep->vms[i].exits, rep->vms[i].sum);
	finish_rows(rep->rows, rep->nrows, rep->exits, rep->sum);
	return 0;
}

bool report_has_loss(const struct report *rep)
{
	return rep->lost.events || rep->lost.records || rep->lost.samples ||
	       rep->lost.sample_records || rep->seq_missing;
}

double report_ns(const struct report *rep, double value)
{
	if (strcmp(rep->unit, "ns") == 0)
		return value;
	return rep->tsc_mhz > 0 ? value * 1000.0 / rep->tsc_mhz : -1;
}

static void rows_free(struct row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		hist_free(&rows[i].hist);
	free(rows);
}

void report_free(struct report *rep)
{
	size_t i, j;

	for (i = 0; i < rep->nvms; i++) {
		for (j = 0; j < rep->vms[i].nvcpus; j++)
			free(rep->vms[i].vcpus[j].rows);
		free(rep->vms[i].vcpus);
		rows_free(rep->vms[i].rows, rep->vms[i].nrows);
	}
	free(rep->vms);
	rows_free(rep->rows, rep->nrows);
	memset(rep, 0, sizeof(*rep));
}
