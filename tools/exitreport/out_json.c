/* out_json.c - the JSON report, schema_version 1 (SCHEMA.md, exitreport.1). */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "../../common/exit_reasons.h"
#include "../../common/text_out.h"
#include "out_text.h"
#include "outputs.h"

#define SCHEMA_VERSION 1

/* a JSON number with DECIMALS decimals, or null when it is not finite */
static void json_num(FILE *f, double v, int decimals)
{
	if (isfinite(v))
		fprintf(f, "%.*f", decimals, v);
	else
		fputs("null", f);
}

static void json_ns(FILE *f, const struct report *rep, const char *key, double value)
{
	double ns = report_ns(rep, value);

	fprintf(f, ", \"%s\": ", key);
	json_num(f, ns >= 0 ? ns : NAN, 1);
}

static void json_u64(FILE *f, const char *key, bool known, uint64_t v)
{
	if (known)
		fprintf(f, ", \"%s\": %" PRIu64, key, v);
	else
		fprintf(f, ", \"%s\": null", key);
}

static void json_row(FILE *f, const struct report *rep, const struct row *r, const char *indent)
{
	bool dist = !rep->counts_only;

	fprintf(f, "%s{\"reason\": %u, \"name\": ", indent, r->reason);
	text_put_json_string(f, r->name);
	fprintf(f, ", \"count\": %" PRIu64 ", \"count_pct\": ", r->count);
	json_num(f, r->count_pct, 4);
	fprintf(f, ", \"total\": %" PRIu64 ", \"total_pct\": ", r->sum);
	json_num(f, r->sum_pct, 4);
	json_u64(f, "min", dist, r->min);
	fputs(", \"mean\": ", f);
	json_num(f, r->mean, 3);
	json_u64(f, "p50", dist, r->p50);
	json_u64(f, "p90", dist, r->p90);
	json_u64(f, "p99", dist, r->p99);
	json_u64(f, "p99_9", dist, r->p999);
	json_u64(f, "max", dist, r->max);
	json_u64(f, "fastpath", dist, r->fastpath);
	json_ns(f, rep, "mean_ns", r->mean);
	json_ns(f, rep, "p99_ns", dist ? (double)r->p99 : NAN);
	if (rep->have_nested)
		fprintf(f, ", \"l2\": %" PRIu64, r->l2);
	if (rep->have_userspace)
		fprintf(f, ", \"userspace\": %" PRIu64, r->user);
	fputc('}', f);
}

static void json_log2(FILE *f, const uint64_t *h)
{
	size_t i;

	fputs(", \"log2_hist\": [", f);
	for (i = 0; i < REPORT_LOG2_BUCKETS; i++)
		fprintf(f, "%s%" PRIu64, i ? ", " : "", h[i]);
	fputc(']', f);
}

static void json_rows(FILE *f, const struct report *rep, const struct row *rows, size_t n,
		      const char *indent)
{
	size_t i;

	fputc('[', f);
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_row(f, rep, &rows[i], indent);
	}
	fputs("]", f);
}

static void json_vcpu(FILE *f, const struct report *rep, const struct vcpu_report *v)
{
	fprintf(f, "        {\"vcpu\": %u, \"tid\": %u, \"exits\": %" PRIu64 ", \"total\": %" PRIu64
		", \"seq_first\": %" PRIu64 ", \"seq_last\": %" PRIu64 ", \"seq_missing\": %" PRIu64
		", \"seq_duplicate\": %" PRIu64 ",\n         \"reasons\": ",
		v->vcpu, v->tid, v->exits, v->sum, v->seq_first, v->seq_last, v->seq_missing,
		v->seq_duplicate);
	json_rows(f, rep, v->rows, v->nrows, "           ");
	if (v->log2_hist)
		json_log2(f, v->log2_hist);
	fputs("}", f);
}

static void json_vm(FILE *f, const struct report *rep, const struct vm_report *vm)
{
	size_t i;

	fprintf(f, "    {\"pid\": %u, \"isa\": \"%s\", \"exits\": %" PRIu64 ", \"total\": %" PRIu64
		", \"seq_missing\": %" PRIu64 ",\n     \"reasons\": ",
		vm->pid, exit_isa_name((enum exit_isa)vm->isa), vm->exits, vm->sum, vm->seq_missing);
	json_rows(f, rep, vm->rows, vm->nrows, "       ");
	if (vm->have_log2)
		json_log2(f, vm->log2_hist);
	fputs(",\n     \"vcpus\": [", f);
	for (i = 0; i < vm->nvcpus; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_vcpu(f, rep, &vm->vcpus[i]);
	}
	fputs("]}", f);
}

static void json_head(FILE *f, const struct report *rep)
{
	fprintf(f, "{\n  \"schema_version\": %d,\n  \"tool\": \"exitreport\",\n  \"input\": ",
		SCHEMA_VERSION);
	text_put_json_string(f, rep->input);
	fprintf(f, ",\n  \"source\": \"%s\",\n  \"unit\": \"%s\",\n", rep->source, rep->unit);
	fprintf(f, "  \"vcpu_from_entry\": %s,\n", rep->vcpu_from_entry ? "true" : "false");
	fprintf(f, "  \"vm_per_thread\": %s,\n", rep->vm_per_thread ? "true" : "false");
	if (rep->tsc_mhz > 0 && isfinite(rep->tsc_mhz))
		fprintf(f, "  \"tsc_mhz\": %.3f,\n  \"tsc_from\": \"%s\",\n", rep->tsc_mhz, rep->tsc_from);
	else
		fputs("  \"tsc_mhz\": null,\n  \"tsc_from\": null,\n", f);
	if (rep->have_time) {
		fprintf(f, "  \"time\": {\"first_ns\": %" PRIu64 ", \"last_ns\": %" PRIu64
			", \"duration_ns\": %" PRIu64, rep->first_time, rep->last_time,
			rep->last_time - rep->first_time);
		if (rep->windowed)
			fprintf(f, ", \"window\": {\"start_ns\": %" PRIu64 ", \"end_ns\": %" PRIu64
				", \"duration_ns\": %" PRIu64 "}", rep->window_start, rep->window_end,
				rep->window_end - rep->window_start);
		fputs("},\n", f);
	} else {
		fputs("  \"time\": null,\n", f);
	}
}

static void json_lost(FILE *f, const struct report *rep)
{
	const struct lost_info *l = &rep->lost;

	fprintf(f, "  \"lost\": {\"any\": %s, \"records\": %" PRIu64 ", \"events\": %" PRIu64
		", \"sample_records\": %" PRIu64 ", \"samples\": %" PRIu64 ", \"seq_missing\": %" PRIu64
		"},\n  \"warnings\": {\"unknown_id\": %" PRIu64 ", \"out_of_order\": %" PRIu64
		", \"seq_duplicate\": %" PRIu64 ", \"unpaired_exits\": %" PRIu64
		", \"unknown_records\": %" PRIu64 "},\n",
		report_has_loss(rep) ? "true" : "false", l->records, l->events, l->sample_records,
		l->samples, rep->seq_missing, l->unknown_id, l->late, rep->seq_duplicate, rep->unpaired,
		l->unknown_records);
}

static void json_check(FILE *f, const struct report *rep)
{
	const struct check_summary *s;
	const char *nothing;
	char line[512];
	size_t i;

	if (!rep->check) {
		fputs(",\n  \"check\": null", f);
		return;
	}
	s = &rep->check->sum;
	nothing = check_nothing_checked(rep->check);
	fprintf(f, ",\n  \"check\": {\"ok\": %s, \"readings\": %" PRIu64 ", \"verified\": %" PRIu64
		", \"mismatches\": %" PRIu64 ", \"lossy\": %" PRIu64 ", \"baselines\": %" PRIu64
		", \"guests\": %" PRIu64 ", \"guests_ok\": %" PRIu64 ",\n    \"exits\": %" PRIu64
		", \"covered_exits\": %" PRIu64 ", \"covered_pct\": ",
		check_failed(rep->check) ? "false" : "true", s->readings, s->verified, s->mismatches,
		s->lossy, s->baselines, s->guests, s->guests_ok, s->exits, s->covered);
	json_num(f, s->exits ? 100.0 * (double)s->covered / (double)s->exits : NAN, 4);
	fputs(", \"nothing_checked\": ", f);
	if (nothing)
		text_put_json_string(f, nothing);
	else
		fputs("null", f);
	fputs(",\n    \"findings\": [", f);
	for (i = 0; i < rep->check->ndetails; i++) {
		const struct check_detail *d = &rep->check->details[i];

		check_detail_sentence(d, rep->first_time, line, sizeof(line));
		fprintf(f, "%s\n      {\"pid\": %u, \"tid\": %u, \"time_ns\": %" PRIu64
			", \"leaf\": %u, \"index\": %u, \"what\": \"%s\", \"guest\": %" PRIu64
			", \"trace\": %" PRIu64 ", \"text\": ", i ? "," : "", d->pid, d->tid, d->time,
			d->leaf, d->index, d->what, d->got, d->expected);
		text_put_json_string(f, line);
		fputc('}', f);
	}
	fputs("]}", f);
}

void out_json(const struct report *rep, FILE *f)
{
	size_t i;

	json_head(f, rep);
	json_lost(f, rep);
	fprintf(f, "  \"exits\": %" PRIu64 ",\n  \"total\": %" PRIu64 ",\n  \"reasons\": ",
		rep->exits, rep->sum);
	json_rows(f, rep, rep->rows, rep->nrows, "    ");
	fputs(",\n  \"vms\": [", f);
	for (i = 0; i < rep->nvms; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_vm(f, rep, &rep->vms[i]);
	}
	fputs("]", f);
	json_check(f, rep);
	fputs("\n}\n", f);
}
