/* out_csv.c - one row per (scope, reason); losses and check findings as
 * rows of their own scope so that nothing hides in comments.
 */
#include <inttypes.h>
#include <string.h>

#include "../../common/exit_reasons.h"
#include "../../common/text_out.h"
#include "out_text.h"
#include "outputs.h"

static const char csv_header[] =
	"scope,pid,vcpu,tid,isa,reason,name,unit,count,count_pct,total,total_pct,min,mean,p50,p90,"
	"p99,p99_9,max,fastpath,mean_ns,p99_ns\n";

static void csv_ns(FILE *f, const struct report *rep, double value)
{
	double ns = report_ns(rep, value);

	if (ns >= 0)
		fprintf(f, ",%.1f", ns);
	else
		fputs(",", f);
}

static void csv_u64(FILE *f, bool known, uint64_t v)
{
	if (known)
		fprintf(f, ",%" PRIu64, v);
	else
		fputc(',', f);
}

static bool csv_extra(const struct report *rep)
{
	return rep->have_nested || rep->have_userspace;
}

static void csv_row(FILE *f, const struct report *rep, const char *scope, const char *pid,
		    const char *vcpu, const char *tid, const struct row *r)
{
	bool dist = !rep->counts_only;

	fprintf(f, "%s,%s,%s,%s,%s,%u,", scope, pid, vcpu, tid,
		exit_isa_name((enum exit_isa)r->isa), r->reason);
	text_put_csv_field(f, r->name, true);
	fprintf(f, ",%s,%" PRIu64 ",%.4f,%" PRIu64 ",%.4f", rep->unit, r->count, r->count_pct,
		r->sum, r->sum_pct);
	csv_u64(f, dist, r->min);
	fprintf(f, ",%.3f", r->mean);
	csv_u64(f, dist, r->p50);
	csv_u64(f, dist, r->p90);
	csv_u64(f, dist, r->p99);
	csv_u64(f, dist, r->p999);
	csv_u64(f, dist, r->max);
	csv_u64(f, dist, r->fastpath);
	csv_ns(f, rep, r->mean);
	if (dist)
		csv_ns(f, rep, (double)r->p99);
	else
		fputc(',', f);
	if (csv_extra(rep)) {
		csv_u64(f, rep->have_nested, r->l2);
		csv_u64(f, rep->have_userspace, r->user);
	}
	fputc('\n', f);
}

/* KVM's log2 histogram: a row per bucket, REASON the bucket, NAME its range */
static void csv_log2(FILE *f, const struct report *rep, const char *pid, const char *vcpu,
		     const char *tid, uint32_t isa, const uint64_t *h)
{
	size_t i;

	for (i = 0; i < REPORT_LOG2_BUCKETS; i++) {
		char range[48];

		if (i == 0)
			snprintf(range, sizeof(range), "0");
		else if (i == REPORT_LOG2_BUCKETS - 1)
			snprintf(range, sizeof(range), "%" PRIu64 "-", (uint64_t)1 << (i - 1));
		else
			snprintf(range, sizeof(range), "%" PRIu64 "-%" PRIu64, (uint64_t)1 << (i - 1),
				 ((uint64_t)1 << i) - 1);
		fprintf(f, "log2_hist,%s,%s,%s,%s,%zu,\"%s\",%s,%" PRIu64 ",,,,,,,,,,,,,%s\n", pid,
			vcpu, tid, exit_isa_name((enum exit_isa)isa), i, range, rep->unit, h[i],
			csv_extra(rep) ? ",," : "");
	}
}

static void csv_special(FILE *f, const struct report *rep, const char *scope, const char *pid,
			const char *name, uint64_t count)
{
	fprintf(f, "%s,%s,,,,,%s,,%" PRIu64 ",,,,,,,,,,,,,%s\n", scope, pid, name, count,
		csv_extra(rep) ? ",," : "");
}

static void csv_loss(FILE *f, const struct report *rep)
{
	csv_special(f, rep, "lost", "", "lost_records", rep->lost.records);
	csv_special(f, rep, "lost", "", "lost_events", rep->lost.events);
	csv_special(f, rep, "lost", "", "lost_sample_records", rep->lost.sample_records);
	csv_special(f, rep, "lost", "", "lost_samples", rep->lost.samples);
	csv_special(f, rep, "lost", "", "seq_missing", rep->seq_missing);
}

static void csv_check(FILE *f, const struct report *rep)
{
	const struct check_summary *s;
	char line[512];
	size_t i;

	if (!rep->check)
		return;
	s = &rep->check->sum;
	csv_special(f, rep, "check", "", "readings", s->readings);
	csv_special(f, rep, "check", "", "verified", s->verified);
	csv_special(f, rep, "check", "", "mismatches", s->mismatches);
	csv_special(f, rep, "check", "", "lossy", s->lossy);
	csv_special(f, rep, "check", "", "baselines", s->baselines);
	csv_special(f, rep, "check", "", "guests", s->guests);
	csv_special(f, rep, "check", "", "guests_ok", s->guests_ok);
	csv_special(f, rep, "check", "", "exits", s->exits);
	csv_special(f, rep, "check", "", "covered_exits", s->covered);
	for (i = 0; i < rep->check->ndetails; i++) {
		check_detail_sentence(&rep->check->details[i], rep->first_time, line, sizeof(line));
		fprintf(f, "finding,%u,,,,,", rep->check->details[i].pid);
		text_put_csv_field(f, line, true);
		fputs(csv_extra(rep) ? ",,,,,,,,,,,,,,,,,\n" : ",,,,,,,,,,,,,,,\n", f);
	}
}

void out_csv(const struct report *rep, FILE *f)
{
	char pid[16], vcpu[16], tid[16];
	size_t i, j, k;

	fwrite(csv_header, 1, sizeof(csv_header) - 2, f);
	fputs(csv_extra(rep) ? ",l2,userspace\n" : "\n", f);
	csv_loss(f, rep);
	for (i = 0; i < rep->nrows; i++)
		csv_row(f, rep, "total", "", "", "", &rep->rows[i]);
	for (i = 0; i < rep->nvms; i++) {
		const struct vm_report *vm = &rep->vms[i];

		snprintf(pid, sizeof(pid), "%u", vm->pid);
		csv_special(f, rep, "lost", pid, "seq_missing", vm->seq_missing);
		for (j = 0; j < vm->nrows; j++)
			csv_row(f, rep, "vm", pid, "", "", &vm->rows[j]);
		for (j = 0; j < vm->nvcpus; j++) {
			snprintf(vcpu, sizeof(vcpu), "%u", vm->vcpus[j].vcpu);
			snprintf(tid, sizeof(tid), "%u", vm->vcpus[j].tid);
			for (k = 0; k < vm->vcpus[j].nrows; k++)
				csv_row(f, rep, "vcpu", pid, vcpu, tid, &vm->vcpus[j].rows[k]);
			if (vm->vcpus[j].log2_hist)
				csv_log2(f, rep, pid, vcpu, tid, vm->isa, vm->vcpus[j].log2_hist);
		}
		if (vm->have_log2)
			csv_log2(f, rep, pid, "", "", vm->isa, vm->log2_hist);
	}
	csv_check(f, rep);
}
