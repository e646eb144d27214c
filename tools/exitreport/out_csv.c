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

static void csv_row(FILE *f, const struct report *rep, const char *scope, const char *pid,
		    const char *vcpu, const char *tid, const struct row *r)
{
	fprintf(f, "%s,%s,%s,%s,%s,%u,", scope, pid, vcpu, tid,
		exit_isa_name((enum exit_isa)r->isa), r->reason);
	text_put_csv_field(f, r->name, true);
	fprintf(f, ",%s,%" PRIu64 ",%.4f,%" PRIu64 ",%.4f,%" PRIu64 ",%.3f,%" PRIu64 ",%" PRIu64
		",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, rep->unit, r->count, r->count_pct,
		r->sum, r->sum_pct, r->min, r->mean, r->p50, r->p90, r->p99, r->p999, r->max,
		r->fastpath);
	csv_ns(f, rep, r->mean);
	csv_ns(f, rep, (double)r->p99);
	fputc('\n', f);
}

static void csv_special(FILE *f, const char *scope, const char *pid, const char *name,
			uint64_t count)
{
	fprintf(f, "%s,%s,,,,,%s,,%" PRIu64 ",,,,,,,,,,,,,\n", scope, pid, name, count);
}

static void csv_loss(FILE *f, const struct report *rep)
{
	csv_special(f, "lost", "", "lost_records", rep->lost.records);
	csv_special(f, "lost", "", "lost_events", rep->lost.events);
	csv_special(f, "lost", "", "lost_sample_records", rep->lost.sample_records);
	csv_special(f, "lost", "", "lost_samples", rep->lost.samples);
	csv_special(f, "lost", "", "seq_missing", rep->seq_missing);
}

static void csv_check(FILE *f, const struct report *rep)
{
	const struct check_summary *s;
	char line[512];
	size_t i;

	if (!rep->check)
		return;
	s = &rep->check->sum;
	csv_special(f, "check", "", "readings", s->readings);
	csv_special(f, "check", "", "verified", s->verified);
	csv_special(f, "check", "", "mismatches", s->mismatches);
	csv_special(f, "check", "", "lossy", s->lossy);
	csv_special(f, "check", "", "baselines", s->baselines);
	csv_special(f, "check", "", "guests", s->guests);
	csv_special(f, "check", "", "guests_ok", s->guests_ok);
	csv_special(f, "check", "", "exits", s->exits);
	csv_special(f, "check", "", "covered_exits", s->covered);
	for (i = 0; i < rep->check->ndetails; i++) {
		check_detail_sentence(&rep->check->details[i], rep->first_time, line, sizeof(line));
		fprintf(f, "finding,%u,,,,,", rep->check->details[i].pid);
		text_put_csv_field(f, line, true);
		fputs(",,,,,,,,,,,,,,,\n", f);
	}
}

void out_csv(const struct report *rep, FILE *f)
{
	char pid[16], vcpu[16], tid[16];
	size_t i, j, k;

	fputs(csv_header, f);
	csv_loss(f, rep);
	for (i = 0; i < rep->nrows; i++)
		csv_row(f, rep, "total", "", "", "", &rep->rows[i]);
	for (i = 0; i < rep->nvms; i++) {
		const struct vm_report *vm = &rep->vms[i];

		snprintf(pid, sizeof(pid), "%u", vm->pid);
		csv_special(f, "lost", pid, "seq_missing", vm->seq_missing);
		for (j = 0; j < vm->nrows; j++)
			csv_row(f, rep, "vm", pid, "", "", &vm->rows[j]);
		for (j = 0; j < vm->nvcpus; j++) {
			snprintf(vcpu, sizeof(vcpu), "%u", vm->vcpus[j].vcpu);
			snprintf(tid, sizeof(tid), "%u", vm->vcpus[j].tid);
			for (k = 0; k < vm->vcpus[j].nrows; k++)
				csv_row(f, rep, "vcpu", pid, vcpu, tid, &vm->vcpus[j].rows[k]);
		}
	}
	csv_check(f, rep);
}
