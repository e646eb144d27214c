/* out_table.c - the human-readable report. */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "../../common/exit_reasons.h"
#include "out_text.h"
#include "outputs.h"
#include "text_table.h"

enum { C_NAME, C_COUNT, C_CPCT, C_SUM, C_SPCT, C_L2, C_USER, C_MIN, C_MEAN, C_P50, C_P90, C_P99,
       C_P999, C_MAX, C_MEAN_US, C_P99_US, C_NCOLS };

/* Where each column is in the printed table, -1 when it is left out. */
struct cols {
	int at[C_NCOLS];
	size_t n;
};

static bool show_time(const struct report *rep)
{
	return rep->tsc_mhz > 0 && strcmp(rep->unit, "cycles") == 0;
}

static bool col_shown(const struct report *rep, int c)
{
	switch (c) {
	case C_L2:
		return rep->have_nested;
	case C_USER:
		return rep->have_userspace;
	case C_MIN: case C_P50: case C_P90: case C_P99: case C_P999: case C_MAX:
		return !rep->counts_only;
	case C_MEAN_US:
		return show_time(rep);
	case C_P99_US:
		return show_time(rep) && !rep->counts_only;
	default:
		return true;
	}
}

static void cols_init(struct cols *cm, const struct report *rep)
{
	int c;

	cm->n = 0;
	for (c = 0; c < C_NCOLS; c++)
		cm->at[c] = col_shown(rep, c) ? (int)cm->n++ : -1;
}

static void cell(struct text_table *t, const struct cols *cm, int c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void cell(struct text_table *t, const struct cols *cm, int c, const char *fmt, ...)
{
	char buf[TT_CELL];
	va_list ap;

	if (cm->at[c] < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tt_set(t, (size_t)cm->at[c], buf);
}

static void header_row(struct text_table *t, const struct cols *cm, const struct report *rep)
{
	static const char *const heads[] = { "reason", "count", "%count", NULL, "%total", "l2",
					     "user", "min", "mean", "p50", "p90", "p99", "p99.9",
					     "max", "mean_us", "p99_us" };
	int c;

	tt_row(t);
	for (c = 0; c < C_NCOLS; c++)
		cell(t, cm, c, "%s", c == C_SUM ? rep->unit : heads[c]);
}

static void value_row(struct text_table *t, const struct cols *cm, const struct report *rep,
		      const struct row *r)
{
	tt_row(t);
	cell(t, cm, C_NAME, "%s", r->name);
	cell(t, cm, C_COUNT, "%" PRIu64, r->count);
	cell(t, cm, C_CPCT, "%.2f", r->count_pct);
	cell(t, cm, C_SUM, "%" PRIu64, r->sum);
	cell(t, cm, C_SPCT, "%.2f", r->sum_pct);
	cell(t, cm, C_L2, "%" PRIu64, r->l2);
	cell(t, cm, C_USER, "%" PRIu64, r->user);
	cell(t, cm, C_MIN, "%" PRIu64, r->min);
	cell(t, cm, C_MEAN, "%.1f", r->mean);
	cell(t, cm, C_P50, "%" PRIu64, r->p50);
	cell(t, cm, C_P90, "%" PRIu64, r->p90);
	cell(t, cm, C_P99, "%" PRIu64, r->p99);
	cell(t, cm, C_P999, "%" PRIu64, r->p999);
	cell(t, cm, C_MAX, "%" PRIu64, r->max);
	if (show_time(rep)) {
		cell(t, cm, C_MEAN_US, "%.3f", report_ns(rep, r->mean) / 1000.0);
		cell(t, cm, C_P99_US, "%.3f", report_ns(rep, (double)r->p99) / 1000.0);
	}
}

static void total_row(struct text_table *t, const struct cols *cm, const struct report *rep,
		      const struct row *rows, size_t n, uint64_t count, uint64_t sum)
{
	uint64_t l2 = 0, user = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		l2 += rows[i].l2;
		user += rows[i].user;
	}
	tt_row(t);
	cell(t, cm, C_NAME, "total");
	cell(t, cm, C_COUNT, "%" PRIu64, count);
	cell(t, cm, C_CPCT, "100.00");
	cell(t, cm, C_SUM, "%" PRIu64, sum);
	cell(t, cm, C_SPCT, "100.00");
	cell(t, cm, C_L2, "%" PRIu64, l2);
	cell(t, cm, C_USER, "%" PRIu64, user);
	cell(t, cm, C_MEAN, "%.1f", count ? (double)sum / (double)count : 0.0);
	if (show_time(rep) && count)
		cell(t, cm, C_MEAN_US, "%.3f", report_ns(rep, (double)sum / (double)count) / 1000.0);
}

static void rows_table(FILE *f, const struct report *rep, const struct row *rows, size_t n,
		       uint64_t count, uint64_t sum, const char *indent)
{
	struct text_table t;
	struct cols cm;
	size_t i;

	cols_init(&cm, rep);
	tt_init(&t, cm.n);
	header_row(&t, &cm, rep);
	for (i = 0; i < n; i++)
		value_row(&t, &cm, rep, &rows[i]);
	total_row(&t, &cm, rep, rows, n, count, sum);
	tt_print(&t, f, indent);
	tt_free(&t);
}

static void vcpu_summary(FILE *f, const struct report *rep, const struct vm_report *vm)
{
	struct text_table t;
	size_t i;

	tt_init(&t, rep->counts_only ? 6 : 7);
	tt_row(&t);
	tt_set(&t, 0, "vcpu");
	tt_set(&t, 1, "tid");
	tt_set(&t, 2, "exits");
	tt_set(&t, 3, "%exits");
	tt_set(&t, 4, rep->unit);
	tt_set(&t, 5, "mean");
	tt_set(&t, 6, "seq_missing");
	for (i = 0; i < vm->nvcpus; i++) {
		const struct vcpu_report *v = &vm->vcpus[i];

		tt_row(&t);
		tt_printf(&t, 0, "%u", v->vcpu);
		tt_printf(&t, 1, "%u", v->tid);
		tt_printf(&t, 2, "%" PRIu64, v->exits);
		tt_printf(&t, 3, "%.2f", vm->exits ? 100.0 * (double)v->exits / (double)vm->exits : 0);
		tt_printf(&t, 4, "%" PRIu64, v->sum);
		tt_printf(&t, 5, "%.1f", v->exits ? (double)v->sum / (double)v->exits : 0);
		tt_printf(&t, 6, "%" PRIu64, v->seq_missing);
	}
	tt_print(&t, f, "  ");
	tt_free(&t);
}

/* KVM's log2 histogram of exit-handling cycles: bucket 0 holds 0, bucket i
 * [2^(i-1), 2^i), the last one everything from 2^(n-2) up. */
static void log2_label(size_t i, char *buf, size_t len)
{
	if (i == 0)
		snprintf(buf, len, "0");
	else if (i == REPORT_LOG2_BUCKETS - 1)
		snprintf(buf, len, "%" PRIu64 "-", (uint64_t)1 << (i - 1));
	else
		snprintf(buf, len, "%" PRIu64 "-%" PRIu64, (uint64_t)1 << (i - 1),
			 ((uint64_t)1 << i) - 1);
}

static void log2_table(FILE *f, const struct report *rep, const struct vm_report *vm)
{
	struct text_table t;
	size_t i, j, lo = REPORT_LOG2_BUCKETS, hi = 0;
	char label[48];

	for (i = 0; i < REPORT_LOG2_BUCKETS; i++)
		if (vm->log2_hist[i]) {
			lo = lo < i ? lo : i;
			hi = i;
		}
	fprintf(f, "\n  exit handling, %s (KVM's log2 histogram)%s\n", rep->unit,
		lo > hi ? ": empty" : "");
	if (lo > hi)
		return;
	tt_init(&t, 3 + vm->nvcpus < TT_MAX_COLS ? 3 + vm->nvcpus : TT_MAX_COLS);
	tt_row(&t);
	tt_set(&t, 0, rep->unit);
	tt_set(&t, 1, "exits");
	tt_set(&t, 2, "%exits");
	for (j = 0; j < vm->nvcpus; j++)
		tt_printf(&t, 3 + j, "vcpu%u", vm->vcpus[j].vcpu);
	for (i = lo; i <= hi; i++) {
		uint64_t n = vm->log2_hist[i], all = 0;
		size_t k;

		for (k = 0; k < REPORT_LOG2_BUCKETS; k++)
			all += vm->log2_hist[k];
		tt_row(&t);
		log2_label(i, label, sizeof(label));
		tt_set(&t, 0, label);
		tt_printf(&t, 1, "%" PRIu64, n);
		tt_printf(&t, 2, "%.2f", all ? 100.0 * (double)n / (double)all : 0.0);
		for (j = 0; j < vm->nvcpus; j++)
			if (vm->vcpus[j].log2_hist)
				tt_printf(&t, 3 + j, "%" PRIu64, vm->vcpus[j].log2_hist[i]);
	}
	tt_print(&t, f, "  ");
	tt_free(&t);
}

static void vm_section(FILE *f, const struct report *rep, const struct vm_report *vm)
{
	size_t i;

	fprintf(f, "\nVM pid %u (%s): %" PRIu64 " exits, %" PRIu64 " %s, %zu vCPUs", vm->pid,
		exit_isa_name((enum exit_isa)vm->isa), vm->exits, vm->sum, rep->unit, vm->nvcpus);
	if (vm->seq_missing)
		fprintf(f, ", LOST %" PRIu64 " exits (exit_seq gaps)", vm->seq_missing);
	fputs("\n", f);
	rows_table(f, rep, vm->rows, vm->nrows, vm->exits, vm->sum, "  ");
	fputs("\n", f);
	vcpu_summary(f, rep, vm);
	if (vm->have_log2)
		log2_table(f, rep, vm);
	if (!rep->per_vcpu)
		return;
	for (i = 0; i < vm->nvcpus; i++) {
		const struct vcpu_report *v = &vm->vcpus[i];

		fprintf(f, "\n  vCPU %u (tid %u): %" PRIu64 " exits, %" PRIu64 " %s", v->vcpu, v->tid,
			v->exits, v->sum, rep->unit);
		if (rep->counts_only)
			fputs("\n", f);
		else
			fprintf(f, ", exit_seq %" PRIu64 "..%" PRIu64 ", %" PRIu64 " missing\n",
				v->seq_first, v->seq_last, v->seq_missing);
		rows_table(f, rep, v->rows, v->nrows, v->exits, v->sum, "    ");
	}
}

static void preamble(FILE *f, const struct report *rep)
{
	char line[512];
	double secs = rep->have_time ? (double)(rep->last_time - rep->first_time) / 1e9 : 0;

	fprintf(f, "exitreport: %s: source %s, unit %s", rep->input, rep->source, rep->unit);
	if (rep->tsc_mhz > 0 && strcmp(rep->unit, "cycles") == 0)
		fprintf(f, ", TSC %.3f MHz (%s)", rep->tsc_mhz, rep->tsc_from);
	if (rep->windowed)
		fprintf(f, "\n%" PRIu64 " exits in %zu VMs over %.6f s: the window %.6f..%.6f s of a "
			"%.6f s recording\n", rep->exits, rep->nvms,
			(double)(rep->window_end - rep->window_start) / 1e9,
			(double)(rep->window_start - rep->first_time) / 1e9,
			(double)(rep->window_end - rep->first_time) / 1e9, secs);
	else if (rep->since)
		fprintf(f, "\n%" PRIu64 " exits in %zu VMs %s\n", rep->exits, rep->nvms, rep->since);
	else
		fprintf(f, "\n%" PRIu64 " exits in %zu VMs over %.6f s\n", rep->exits, rep->nvms, secs);
	loss_line(rep, f);
	if (rep->vcpu_from_entry)
		fprintf(f, "note: kvm:kvm_exit has no vcpu_id (Linux before 5.7): each exit has the vCPU "
			"of the kvm_entry that ends it on its thread, as perf kvm stat does\n");
	if (rep->vm_per_thread)
		fprintf(f, "note: trace.dat records threads, not processes: each vCPU thread is shown "
			"as a VM of its own, its pid the thread id\n");
	warning_sentence(rep, line, sizeof(line));
	if (line[0])
		fprintf(f, "warning: %s\n", line);
}

static void check_section(FILE *f, const struct report *rep)
{
	char line[512];
	size_t i;

	if (!rep->check)
		return;
	check_summary_sentence(rep->check, line, sizeof(line));
	fprintf(f, "\n%s\n", line);
	for (i = 0; i < rep->check->ndetails; i++) {
		check_detail_sentence(&rep->check->details[i], rep->first_time, line, sizeof(line));
		fprintf(f, "  %s\n", line);
	}
}

void out_table(const struct report *rep, FILE *f)
{
	size_t i;

	preamble(f, rep);
	if (rep->nvms > 1) {
		fputs("\nAll VMs\n", f);
		rows_table(f, rep, rep->rows, rep->nrows, rep->exits, rep->sum, "  ");
	}
	for (i = 0; i < rep->nvms; i++)
		vm_section(f, rep, &rep->vms[i]);
	check_section(f, rep);
}
