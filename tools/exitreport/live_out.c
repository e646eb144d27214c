/* live_out.c - a closed interval printed: the table (--batch), one JSON
 * line (--json) or CSV lines (--csv).  Schema: exitreport(1), LIVE OUTPUT;
 * schema_version 1 of "exitreport-live". */
#include "live_out.h"

#include <inttypes.h>
#include <time.h>

#include "../../common/exit_reasons.h"
#include "../../common/text_out.h"
#include "outputs.h"

#define LIVE_SCHEMA_VERSION 1

static void iso_time(double t, char *buf, size_t len)
{
	time_t sec = (time_t)t;
	struct tm tm;
	int ms = (int)((t - (double)sec) * 1000.0);

	gmtime_r(&sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms > 999 ? 999 : ms);
}

static uint64_t lost_events(const struct report *r)
{
	return r->lost.events + r->lost.samples;
}

void live_out_table(FILE *f, const struct live_interval *li)
{
	const struct report *s = li->since_start;
	char ts[40];

	iso_time(li->unix_time, ts, sizeof(ts));
	fprintf(f, "=== interval %" PRIu64 "  %s  trace %.3f-%.3f s  exits %" PRIu64
		"  lost %" PRIu64 "  | since start: exits %" PRIu64 " %s %" PRIu64 " lost %" PRIu64
		"\n", li->seq, ts, (double)(li->start_ns - s->first_time) / 1e9,
		(double)(li->end_ns - s->first_time) / 1e9, li->interval->exits,
		lost_events(li->interval), s->exits, s->unit, s->sum, lost_events(s));
	out_table(li->interval, f);
}

static void json_lost(FILE *f, const struct report *r)
{
	const struct lost_info *l = &r->lost;

	fprintf(f, "\"lost\":{\"any\":%s,\"records\":%" PRIu64 ",\"events\":%" PRIu64
		",\"sample_records\":%" PRIu64 ",\"samples\":%" PRIu64 ",\"seq_missing\":%" PRIu64
		",\"unknown_id\":%" PRIu64 ",\"out_of_order\":%" PRIu64 "}",
		report_has_loss(r) ? "true" : "false", l->records, l->events, l->sample_records,
		l->samples, r->seq_missing, l->unknown_id, l->late);
}

static void json_row(FILE *f, const struct row *r)
{
	fprintf(f, "{\"isa\":\"%s\",\"reason\":%u,\"name\":", exit_isa_name((enum exit_isa)r->isa),
		r->reason);
	text_put_json_string(f, r->name);
	fprintf(f, ",\"count\":%" PRIu64 ",\"total\":%" PRIu64 ",\"min\":%" PRIu64
		",\"mean\":%.3f,\"p50\":%" PRIu64 ",\"p90\":%" PRIu64 ",\"p99\":%" PRIu64
		",\"p99_9\":%" PRIu64 ",\"max\":%" PRIu64 "}",
		r->count, r->sum, r->min, r->mean, r->p50, r->p90, r->p99, r->p999, r->max);
}

static void json_scope(FILE *f, const struct report *r)
{
	size_t i, j;

	fprintf(f, "{\"exits\":%" PRIu64 ",\"total\":%" PRIu64 ",", r->exits, r->sum);
	json_lost(f, r);
	fputs(",\"reasons\":[", f);
	for (i = 0; i < r->nrows; i++) {
		if (i)
			fputc(',', f);
		json_row(f, &r->rows[i]);
	}
	fputs("],\"vms\":[", f);
	for (i = 0; i < r->nvms; i++) {
		const struct vm_report *vm = &r->vms[i];

		fprintf(f, "%s{\"pid\":%u,\"isa\":\"%s\",\"exits\":%" PRIu64 ",\"total\":%" PRIu64
			",\"vcpus\":[", i ? "," : "", vm->pid, exit_isa_name((enum exit_isa)vm->isa),
			vm->exits, vm->sum);
		for (j = 0; j < vm->nvcpus; j++)
			fprintf(f, "%s{\"vcpu\":%u,\"exits\":%" PRIu64 ",\"total\":%" PRIu64 "}",
				j ? "," : "", vm->vcpus[j].vcpu, vm->vcpus[j].exits, vm->vcpus[j].sum);
		fputs("]}", f);
	}
	fputs("]}", f);
}

void live_out_json(FILE *f, const struct live_interval *li)
{
	char ts[40];

	iso_time(li->unix_time, ts, sizeof(ts));
	fprintf(f, "{\"schema\":\"exitreport-live\",\"schema_version\":%d,\"seq\":%" PRIu64
		",\"timestamp\":\"%s\",\"unix_time\":%.3f,\"source\":\"%s\",\"unit\":\"%s\""
		",\"window\":{\"start_ns\":%" PRIu64 ",\"end_ns\":%" PRIu64 "},\"interval\":",
		LIVE_SCHEMA_VERSION, li->seq, ts, li->unix_time, li->since_start->source,
		li->since_start->unit, li->start_ns, li->end_ns);
	json_scope(f, li->interval);
	fputs(",\"since_start\":", f);
	json_scope(f, li->since_start);
	fputs("}\n", f);
}

static void csv_scope(FILE *f, const struct live_interval *li, const char *ts, const char *scope,
		      const struct report *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const struct row *w = &r->rows[i];

		fprintf(f, "%" PRIu64 ",%s,%s,%s,%u,", li->seq, ts, scope,
			exit_isa_name((enum exit_isa)w->isa), w->reason);
		text_put_csv_field(f, w->name, false);
		fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.3f,%" PRIu64 ",%" PRIu64
			",%" PRIu64 ",,\n", w->count, w->sum, w->min, w->mean, w->p50, w->p99, w->max);
	}
	fprintf(f, "%" PRIu64 ",%s,%s,,,total,%" PRIu64 ",%" PRIu64 ",,%.3f,,,,%" PRIu64 ",%" PRIu64
		"\n", li->seq, ts, scope, r->exits, r->sum,
		r->exits ? (double)r->sum / (double)r->exits : 0.0, r->lost.events, r->lost.samples);
}

void live_out_csv(FILE *f, const struct live_interval *li, bool header)
{
	char ts[40];

	iso_time(li->unix_time, ts, sizeof(ts));
	if (header)
		fputs("seq,timestamp,scope,isa,reason,name,count,total,min,mean,p50,p99,max,"
		      "lost_events,lost_samples\n", f);
	csv_scope(f, li, ts, "interval", li->interval);
	csv_scope(f, li, ts, "since_start", li->since_start);
}
