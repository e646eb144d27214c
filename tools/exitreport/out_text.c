/* out_text.c - wording of losses, warnings and cross-check findings. */
#include "out_text.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../common/exit_reasons.h"

void loss_sentence(const struct report *rep, char *buf, size_t len)
{
	const struct lost_info *l = &rep->lost;

	buf[0] = '\0';
	if (!report_has_loss(rep))
		return;
	snprintf(buf, len,
		 "LOST: %" PRIu64 " PERF_RECORD_LOST records (%" PRIu64 " events), %" PRIu64
		 " PERF_RECORD_LOST_SAMPLES records (%" PRIu64 " samples), %" PRIu64
		 " exits missing from exit_seq; figures below undercount",
		 l->records, l->events, l->sample_records, l->samples, rep->seq_missing);
}

void loss_line(const struct report *rep, FILE *f)
{
	char line[512];

	loss_sentence(rep, line, sizeof(line));
	if (line[0])
		fprintf(f, "%s\n", line);
}

void warning_sentence(const struct report *rep, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (rep->lost.unknown_id)
		n += (size_t)snprintf(buf + n, len - n, "%" PRIu64 " samples with an unknown event id; ",
				      rep->lost.unknown_id);
	if (n < len && rep->lost.unknown_records)
		n += (size_t)snprintf(buf + n, len - n,
				      "%" PRIu64 " records of unknown types skipped; ",
				      rep->lost.unknown_records);
	if (n < len && rep->lost.late)
		n += (size_t)snprintf(buf + n, len - n, "%" PRIu64 " events out of time order; ",
				      rep->lost.late);
	if (n < len && rep->seq_duplicate)
		n += (size_t)snprintf(buf + n, len - n, "%" PRIu64 " repeated exit_seq values; ",
				      rep->seq_duplicate);
	if (n < len && rep->unpaired)
		n += (size_t)snprintf(buf + n, len - n, "%" PRIu64 " kvm_exit without kvm_entry; ",
				      rep->unpaired);
	if (n >= 2 && n < len)
		buf[n - 2] = '\0';
}

static const char *leaf_reason(const struct check_detail *d, char *buf, size_t len)
{
	const char *name = exit_reason_name((enum exit_isa)d->isa, d->index);

	if (d->leaf == 0x4FFFFFFFu || d->leaf == 0)
		return "totals";
	if (name)
		snprintf(buf, len, "reason %s", name);
	else
		snprintf(buf, len, "reason %u", d->index);
	return buf;
}

void check_detail_sentence(const struct check_detail *d, uint64_t first_time, char *buf,
			   size_t len)
{
	char reason[64];
	double t = d->time >= first_time ? (double)(d->time - first_time) / 1e9 : 0;
	int64_t diff = (int64_t)(d->got - d->expected);

	if (strcmp(d->what, "lost") == 0)
		snprintf(buf, len, "VM %u tid %u at %.6f s: leaf 0x%X %s: %" PRIu64
			 " events lost and %" PRIu64 " exit_seq gaps since the previous reading",
			 d->pid, d->tid, t, d->leaf, leaf_reason(d, reason, sizeof(reason)), d->got,
			 d->expected);
	else if (strcmp(d->what, "lost-untimed") == 0)
		snprintf(buf, len, "%" PRIu64 " lost-event records carry no time: every reading is in doubt",
			 d->got);
	else if (strcmp(d->what, "guest-not-in-trace") == 0)
		snprintf(buf, len, "guest reading with total %" PRIu64 " exits is not in the trace", d->got);
	else if (strcmp(d->what, "guest-vm-not-whole") == 0)
		snprintf(buf, len, "VM %" PRIu64 " was not recorded whole (late start or lost events): "
			 "the guest reading cannot be compared", d->got);
	else if (strcmp(d->what, "registers") == 0)
		snprintf(buf, len, "VM %u tid %u at %.6f s: leaf 0x%X %s: registers fit no pattern of the ABI",
			 d->pid, d->tid, t, d->leaf, leaf_reason(d, reason, sizeof(reason)));
	else
		snprintf(buf, len, "VM %u tid %u at %.6f s: leaf 0x%X %s: %s: guest %" PRIu64
			 ", trace %" PRIu64 " (%+" PRId64 ")",
			 d->pid, d->tid, t, d->leaf, leaf_reason(d, reason, sizeof(reason)), d->what,
			 d->got, d->expected, diff);
}

void check_summary_sentence(const struct check *c, char *buf, size_t len)
{
	const struct check_summary *s = &c->sum;
	const char *nothing = check_nothing_checked(c);
	char cover[64];

	if (s->exits)
		snprintf(cover, sizeof(cover), " (%.2f%%)", 100.0 * (double)s->covered / (double)s->exits);
	else
		cover[0] = '\0';
	snprintf(buf, len,
		 "check: %" PRIu64 " readings: %" PRIu64 " verified, %" PRIu64 " mismatched, %" PRIu64
		 " with lost events, %" PRIu64 " baselines; guest snapshots: %" PRIu64 " of %" PRIu64
		 " match; %" PRIu64 " of %" PRIu64 " exits covered%s: %s%s%s",
		 s->readings, s->verified, s->mismatches, s->lossy, s->baselines, s->guests_ok,
		 s->guests, s->covered, s->exits, cover, check_failed(c) ? "FAILED" : "OK",
		 nothing ? ": " : "", nothing ? nothing : "");
}
