/* out_table.c - the human-readable report. */
#include <inttypes.h>
#include <string.h>

#include "../../common/exit_reasons.h"
#include "out_text.h"
#include "outputs.h"
#include "text_table.h"

enum { C_NAME, C_COUNT, C_CPCT, C_SUM, C_SPCT, C_MIN, C_MEAN, C_P50, C_P90, C_P99, C_P999, C_MAX,
       C_MEAN_US, C_P99_US, C_NCOLS };

static bool show_time(const struct report *rep)
{
	return rep->tsc_mhz > 0 && strcmp(rep->unit, "cycles") == 0;
}

static void header_row(struct text_table *t, const struct report *rep)
{
	static const char *const heads[] = { "reason", "count", "%count", NULL, "%total", "min",
					     "mean", "p50", "p90", "p99", "p99.9", "max",
					     "mean_us", "p99_us" };
	size_t c;

	tt_row(t);
	for (c = 0; c < t->ncols; c++)
		tt_set(t, c, c == C_SUM ? rep->unit : heads[c]);
}

static void value_row(struct text_table *t, const struct report *rep, const struct row *r)
{
	tt_row(t);
	tt_set(t, C_NAME, r->name);
	tt_printf(t, C_COUNT, "%" PRIu64, r->count);
	tt_printf(t, C_CPCT, "%.2f", r->count_pct);
	tt_printf(t, C_SUM, "%" PRIu64, r->sum);
	tt_printf(t, C_SPCT, "%.2f", r->sum_pct);
	tt_printf(t, C_MIN, "%" PRIu64, r->min);
	tt_printf(t, C_MEAN, "%.1f", r->mean);
	tt_printf(t, C_P50, "%" PRIu64, r->p50);
	tt_printf(t, C_P90, "%" PRIu64, r->p90);
	tt_printf(t, C_P99, "%" PRIu64, r->p99);
	tt_printf(t, C_P999, "%" PRIu64, r->p999);
	tt_printf(t, C_MAX, "%" PRIu64, r->max);
	if (show_time(rep)) {
		tt_printf(t, C_MEAN_US, "%.3f", report_ns(rep, r->mean) / 1000.0);
		tt_printf(t, C_P99_US, "%.3f", report_ns(rep, (double)r->p99) / 1000.0);
	}
}

static void total_row(struct text_table *t, const struct report *rep, uint64_t count, uint64_t sum)
{
	tt_row(t);
	tt_set(t, C_NAME, "total");
	tt_printf(t, C_COUNT, "%" PRIu64, count);
	tt_set(t, C_CPCT, "100.00");
	tt_printf(t, C_SUM, "%" PRIu64, sum);
	tt_set(t, C_SPCT, "100.00");
	tt_printf(t, C_MEAN, "%.1f", count ? (double)sum / (double)count : 0.0);
	if (show_time(rep) && count)
		tt_printf(t, C_MEAN_US, "%.3f", report_ns(rep, (double)sum / (double)count) / 1000.0);
}

static void rows_table(FILE *f, const struct report *rep, const struct row *rows, size_t n,
		       uint64_t count, uint64_t sum, const char *indent)
{
	struct text_table t;
	size_t i;

	tt_init(&t, show_time(rep) ? C_NCOLS : C_MEAN_US);
	header_row(&t, rep);
	for (i = 0; i < n; i++)
		value_row(&t, rep, &rows[i]);
	total_row(&t, rep, count, sum);
	tt_print(&t, f, indent);
	tt_free(&t);
}

static void vcpu_summary(FILE *f, const struct report *rep, const struct vm_report *vm)
{
	struct text_table t;
	size_t i;

	tt_init(&t, 7);
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
	if (!rep->per_vcpu)
		return;
	for (i = 0; i < vm->nvcpus; i++) {
		const struct vcpu_report *v = &vm->vcpus[i];

		fprintf(f, "\n  vCPU %u (tid %u): %" PRIu64 " exits, %" PRIu64 " %s, exit_seq %" PRIu64
			"..%" PRIu64 ", %" PRIu64 " missing\n", v->vcpu, v->tid, v->exits, v->sum,
			rep->unit, v->seq_first, v->seq_last, v->seq_missing);
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
