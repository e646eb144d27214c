/* out_diff.c - the comparison as a table, CSV and JSON (out_diff.h). */
#include "out_diff.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "../../common/text_out.h"
#include "text_table.h"

void diff_method_sentence(const struct diff *d, char *buf, size_t len)
{
	snprintf(buf, len,
		 "%.0f%% intervals of B - A: mean, p50, p99 by a bootstrap of the histograms "
		 "(%u resamples, at most %u draws a side, seed %#" PRIx64 ", none under %u "
		 "exits a side); rate by the "
		 "Poisson normal approximation; significant (*) when the interval of the rate "
		 "or of the median excludes every change within %.0f%% of A's value "
		 "(%s)",
		 BS_LEVEL * 100, d->resamples, BS_MAX_DRAWS, (uint64_t)BS_SEED, BS_MIN_COUNT,
		 d->min_change, d->by_runs ? "the samples' intervals per row"
					   : "per row, no multiple-comparison correction");
	if (d->by_runs) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, "; %zu runs of A and %zu of B: each interval widened to "
			 "B - A +- t * s * sqrt(1/nA + 1/nB), s the pooled standard deviation of "
			 "the per-run values, t Student's (nA + nB - 2 degrees of freedom) at "
			 "%.0f%% shared by the %zu rates and medians the runs test (Bonferroni)",
			 diff_side_runs(&d->a), diff_side_runs(&d->b), BS_LEVEL * 100,
			 d->runs_tests);
	}
}

static const char *sig_text(const struct diff_row *r)
{
	return r->sig_rate && r->sig_p50 ? "rate+p50" : r->sig_rate ? "rate"
		: r->sig_p50 ? "p50" : "";
}

static void scope_title(const struct diff *d, const struct diff_scope *s, char *buf, size_t len)
{
	(void)d;
	if (s->kind == DSCOPE_TOTAL)
		snprintf(buf, len, "all VMs");
	else if (s->kind == DSCOPE_VM)
		snprintf(buf, len, "VM pid %u (A) / %u (B)", s->pid_a, s->pid_b);
	else
		snprintf(buf, len, "vCPU %u of VM pid %u (A) / %u (B)", s->vcpu, s->pid_a, s->pid_b);
}

/* ---- table ---- */

static void cell_u64(struct text_table *t, size_t col, const struct dside_row *r, uint64_t v)
{
	if (r)
		tt_printf(t, col, "%" PRIu64, v);
	else
		tt_set(t, col, "-");
}

static void cell_interval(struct text_table *t, size_t col, const struct bs_interval *iv)
{
	if (iv->valid)
		tt_printf(t, col, "[%.0f, %.0f]", iv->lo, iv->hi);
	else
		tt_set(t, col, "-");
}

static void table_scope(const struct diff *d, const struct diff_scope *s, FILE *f)
{
	static const char *const head[] = {
		"reason", "count A", "count B", "rate/s A", "rate/s B", "rate 95% CI",
		"%cyc A", "%cyc B", "impact", "mean A", "mean B", "mean B-A", "mean 95% CI",
		"p50 A", "p50 B", "p99 A", "p99 B", "sig"
	};
	struct text_table t;
	char title[96];
	size_t i;

	scope_title(d, s, title, sizeof(title));
	fprintf(f, "\n%s: %" PRIu64 " -> %" PRIu64 " exits, %" PRIu64 " -> %" PRIu64 " %s, "
		"%zu significant\n", title, s->exits_a, s->exits_b, s->sum_a, s->sum_b, d->a.unit,
		s->nsig);
	if (tt_init_head(&t, head, sizeof(head) / sizeof(head[0])) < 0)
		goto out;
	for (i = 0; i < s->nrows; i++) {
		const struct diff_row *r = &s->rows[i];

		if (tt_row(&t) < 0)
			goto out;
		tt_set(&t, 0, r->name);
		cell_u64(&t, 1, r->a, r->a ? r->a->count : 0);
		cell_u64(&t, 2, r->b, r->b ? r->b->count : 0);
		if (r->rate.valid) {
			tt_printf(&t, 3, "%.1f", r->rate_a);
			tt_printf(&t, 4, "%.1f", r->rate_b);
			tt_printf(&t, 5, "[%.1f, %.1f]", r->rate.lo, r->rate.hi);
		} else {
			tt_set(&t, 3, "-");
			tt_set(&t, 4, "-");
			tt_set(&t, 5, "-");
		}
		tt_printf(&t, 6, "%.2f", r->share_a);
		tt_printf(&t, 7, "%.2f", r->share_b);
		tt_printf(&t, 8, "%+.2f", r->impact);
		if (r->a)
			tt_printf(&t, 9, "%.1f", r->a->mean);
		else
			tt_set(&t, 9, "-");
		if (r->b)
			tt_printf(&t, 10, "%.1f", r->b->mean);
		else
			tt_set(&t, 10, "-");
		if (r->a && r->b)
			tt_printf(&t, 11, "%+.1f", r->iv[BS_MEAN].diff);
		else
			tt_set(&t, 11, r->a ? "gone" : "new");
		cell_interval(&t, 12, &r->iv[BS_MEAN]);
		cell_u64(&t, 13, r->a, r->a ? r->a->p50 : 0);
		cell_u64(&t, 14, r->b, r->b ? r->b->p50 : 0);
		cell_u64(&t, 15, r->a, r->a ? r->a->p99 : 0);
		cell_u64(&t, 16, r->b, r->b ? r->b->p99 : 0);
		tt_set(&t, 17, r->sig_rate || r->sig_p50 ? "*" : "");
	}
	tt_print(&t, f, "  ");
out:
	tt_free(&t);
}

static void side_line(const char *label, const struct dside *s, FILE *f)
{
	if (s->nruns > 1) {
		fprintf(f, "%s: %zu runs (", label, s->nruns);
		for (size_t k = 0; k < s->nruns; k++)
			fprintf(f, "%s%s", k ? ", " : "", s->runs[k].path);
		fprintf(f, ") merged: %s, %" PRIu64 " exits, %" PRIu64 " %s", s->source, s->exits,
			s->sum, s->unit);
	} else {
		fprintf(f, "%s: %s: %s, %" PRIu64 " exits, %" PRIu64 " %s", label, s->path,
			s->source, s->exits, s->sum, s->unit);
	}
	if (s->have_time)
		fprintf(f, " over %.6f s", (double)s->duration_ns / 1e9);
	else
		fputs(", duration unknown (no rates)", f);
	if (s->from_json)
		fputs(" (JSON report: no histograms, no intervals of mean/p50/p99)", f);
	if (s->lost)
		fprintf(f, "; LOST: %" PRIu64 " events/samples/exits", s->lost);
	fputc('\n', f);
}

static void notes(const struct diff *d, FILE *f, const char *prefix)
{
	if (d->a.vms_differ || d->b.vms_differ)
		fprintf(f, "%sthe runs of %s hold different VMs or vCPUs: only all VMs together "
			"are compared\n", prefix, d->a.vms_differ ? "A" : "B");
	else if (!d->vms_correspond)
		fprintf(f, "%sVMs do not correspond (A has %zu, B has %zu): only all VMs together "
			"are compared\n", prefix, d->a.nvms, d->b.nvms);
	if (d->repeats_left_out)
		fprintf(f, "%sone VM (or vCPU) per side: scopes that would repeat the one above "
			"them are left out\n", prefix);
	if (d->unmatched_vcpus)
		fprintf(f, "%s%zu vCPUs of corresponding VMs are on one side only: compared only "
			"inside their VM\n", prefix, d->unmatched_vcpus);
}

void out_diff_table(const struct diff *d, FILE *f)
{
	char method[1024];
	size_t i;

	side_line("A", &d->a, f);
	side_line("B", &d->b, f);
	diff_method_sentence(d, method, sizeof(method));
	fprintf(f, "%s; rows by impact (change of the share of the scope's %s, "
		"percentage points)\n", method, d->a.unit);
	notes(d, f, "note: ");
	for (i = 0; i < d->nscopes; i++)
		table_scope(d, &d->scopes[i], f);
}

/* ---- CSV ---- */

static const char csv_header[] =
	"scope,pid_a,pid_b,vcpu,name,unit,count_a,count_b,rate_a,rate_b,rate_diff,rate_ci_lo,"
	"rate_ci_hi,total_a,total_b,share_a,share_b,impact,mean_a,mean_b,mean_diff,mean_ci_lo,"
	"mean_ci_hi,p50_a,p50_b,p50_diff,p50_ci_lo,p50_ci_hi,p99_a,p99_b,p99_diff,p99_ci_lo,"
	"p99_ci_hi,significant\n";

static void csv_opt_u64(FILE *f, const struct dside_row *r, uint64_t v)
{
	if (r)
		fprintf(f, ",%" PRIu64, v);
	else
		fputc(',', f);
}

static void csv_interval(FILE *f, const struct bs_interval *iv, bool have_diff, int digits)
{
	if (have_diff)
		fprintf(f, ",%.*f", digits, iv->diff);
	else
		fputc(',', f);
	if (iv->valid)
		fprintf(f, ",%.*f,%.*f", digits, iv->lo, digits, iv->hi);
	else
		fputs(",,", f);
}

static void csv_scope(const struct diff *d, const struct diff_scope *s, FILE *f)
{
	size_t i;

	for (i = 0; i < s->nrows; i++) {
		const struct diff_row *r = &s->rows[i];
		bool both = r->a && r->b;

		fprintf(f, "%s,", dscope_kind_name(s->kind));
		if (s->kind != DSCOPE_TOTAL)
			fprintf(f, "%u,%u,", s->pid_a, s->pid_b);
		else
			fputs(",,", f);
		if (s->kind == DSCOPE_VCPU)
			fprintf(f, "%u", s->vcpu);
		fputc(',', f);
		text_put_csv_field(f, r->name, true);
		fprintf(f, ",%s,%" PRIu64 ",%" PRIu64, d->a.unit, r->a ? r->a->count : 0,
			r->b ? r->b->count : 0);
		if (r->rate.valid)
			fprintf(f, ",%.3f,%.3f,%.3f,%.3f,%.3f", r->rate_a, r->rate_b, r->rate.diff,
				r->rate.lo, r->rate.hi);
		else
			fputs(",,,,,", f);
		fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%.4f,%.4f,%.4f", r->a ? r->a->sum : 0,
			r->b ? r->b->sum : 0, r->share_a, r->share_b, r->impact);
		if (r->a)
			fprintf(f, ",%.3f", r->a->mean);
		else
			fputc(',', f);
		if (r->b)
			fprintf(f, ",%.3f", r->b->mean);
		else
			fputc(',', f);
		csv_interval(f, &r->iv[BS_MEAN], both, 3);
		csv_opt_u64(f, r->a, r->a ? r->a->p50 : 0);
		csv_opt_u64(f, r->b, r->b ? r->b->p50 : 0);
		csv_interval(f, &r->iv[BS_P50], both, 1);
		csv_opt_u64(f, r->a, r->a ? r->a->p99 : 0);
		csv_opt_u64(f, r->b, r->b ? r->b->p99 : 0);
		csv_interval(f, &r->iv[BS_P99], both, 1);
		fprintf(f, ",%s\n", sig_text(r));
	}
}

void out_diff_csv(const struct diff *d, FILE *f)
{
	size_t i;

	fputs(csv_header, f);
	for (i = 0; i < d->nscopes; i++)
		csv_scope(d, &d->scopes[i], f);
}

/* ---- JSON ---- */

static void json_interval(FILE *f, const char *key, const struct bs_interval *iv, bool have_diff)
{
	fprintf(f, ", \"%s\": {\"diff\": ", key);
	if (have_diff)
		fprintf(f, "%.3f", iv->diff);
	else
		fputs("null", f);
	if (iv->valid)
		fprintf(f, ", \"lo\": %.3f, \"hi\": %.3f}", iv->lo, iv->hi);
	else
		fputs(", \"lo\": null, \"hi\": null}", f);
}

static void json_side_row(FILE *f, const char *key, const struct dside_row *r, double rate)
{
	fprintf(f, ", \"%s\": ", key);
	if (!r) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"count\": %" PRIu64 ", \"total\": %" PRIu64 ", \"mean\": %.3f, \"p50\": %"
		PRIu64 ", \"p99\": %" PRIu64 ", \"rate\": ", r->count, r->sum, r->mean, r->p50,
		r->p99);
	if (rate >= 0)
		fprintf(f, "%.3f}", rate);
	else
		fputs("null}", f);
}

static void json_scope(const struct diff_scope *s, FILE *f)
{
	size_t i;

	fprintf(f, "    {\"scope\": \"%s\"", dscope_kind_name(s->kind));
	if (s->kind != DSCOPE_TOTAL)
		fprintf(f, ", \"pid_a\": %u, \"pid_b\": %u", s->pid_a, s->pid_b);
	if (s->kind == DSCOPE_VCPU)
		fprintf(f, ", \"vcpu\": %u", s->vcpu);
	fprintf(f, ", \"exits_a\": %" PRIu64 ", \"exits_b\": %" PRIu64 ", \"total_a\": %" PRIu64
		", \"total_b\": %" PRIu64 ", \"significant\": %zu,\n     \"reasons\": [",
		s->exits_a, s->exits_b, s->sum_a, s->sum_b, s->nsig);
	for (i = 0; i < s->nrows; i++) {
		const struct diff_row *r = &s->rows[i];
		bool both = r->a && r->b;

		fputs(i ? ",\n       {\"name\": " : "\n       {\"name\": ", f);
		text_put_json_string(f, r->name);
		json_side_row(f, "a", r->a, r->rate_a);
		json_side_row(f, "b", r->b, r->rate_b);
		json_interval(f, "rate", &r->rate, r->rate.valid);
		fprintf(f, ", \"share_a\": %.4f, \"share_b\": %.4f, \"impact\": %.4f", r->share_a,
			r->share_b, r->impact);
		json_interval(f, "mean", &r->iv[BS_MEAN], both);
		json_interval(f, "p50", &r->iv[BS_P50], both);
		json_interval(f, "p99", &r->iv[BS_P99], both);
		fprintf(f, ", \"significant\": {\"any\": %s, \"rate\": %s, \"p50\": %s}}",
			r->sig_rate || r->sig_p50 ? "true" : "false", r->sig_rate ? "true" : "false",
			r->sig_p50 ? "true" : "false");
	}
	fputs("]}", f);
}

static void json_side(FILE *f, const char *key, const struct dside *s)
{
	fprintf(f, "  \"%s\": {\"input\": ", key);
	text_put_json_string(f, s->path);
	fprintf(f, ", \"from\": \"%s\", \"source\": \"%s\", \"unit\": \"%s\", \"exits\": %" PRIu64
		", \"total\": %" PRIu64 ", \"duration_ns\": ", s->from_json ? "json" : "perf.data",
		s->source, s->unit, s->exits, s->sum);
	if (s->have_time)
		fprintf(f, "%" PRIu64, s->duration_ns);
	else
		fputs("null", f);
	fprintf(f, ", \"lost\": %" PRIu64 ", \"vms\": %zu, \"runs\": [", s->lost, s->nvms);
	for (size_t k = 0; k < s->nruns; k++) {
		fputs(k ? ", " : "", f);
		text_put_json_string(f, s->runs[k].path);
	}
	if (s->nruns <= 1)
		text_put_json_string(f, s->path);
	fputs("]},\n", f);
}

void out_diff_json(const struct diff *d, FILE *f)
{
	size_t i;

	fputs("{\n  \"schema_version\": 1,\n  \"tool\": \"exitreport\",\n  \"kind\": \"diff\",\n", f);
	json_side(f, "a", &d->a);
	json_side(f, "b", &d->b);
	fprintf(f, "  \"method\": {\"level\": %.2f, \"resamples\": %u, \"max_draws\": %u, "
		"\"seed\": %" PRIu64 ", \"min_count\": %u, \"min_change_pct\": %.0f, "
		"\"rate\": \"poisson-normal\", \"between_runs\": %s, \"between_runs_tests\": ",
		BS_LEVEL, d->resamples, BS_MAX_DRAWS, (uint64_t)BS_SEED, BS_MIN_COUNT, d->min_change,
		d->by_runs ? "\"pooled-t\"" : "null");
	if (d->by_runs)
		fprintf(f, "%zu", d->runs_tests);
	else
		fputs("null", f);
	fputs(", \"sort\": \"abs(impact)\"},\n", f);
	fprintf(f, "  \"repeats_left_out\": %s,\n", d->repeats_left_out ? "true" : "false");
	fprintf(f, "  \"vms_correspond\": %s,\n  \"unmatched_vcpus\": %zu,\n  \"significant\": %zu,\n"
		"  \"scopes\": [", d->vms_correspond ? "true" : "false", d->unmatched_vcpus, d->nsig);
	for (i = 0; i < d->nscopes; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_scope(&d->scopes[i], f);
	}
	fputs("]\n}\n", f);
}
