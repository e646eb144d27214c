/* out_qual.c - the --by view as a table, CSV and JSON (out_qual.h). */
#include "out_qual.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/exit_reasons.h"
#include "../../common/text_out.h"
#include "out_text.h"
#include "text_table.h"

static int row_cmp(const void *pa, const void *pb)
{
	const struct qual_row *a = pa, *b = pb;

	if (a->sum != b->sum)
		return a->sum > b->sum ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	return (a->size > b->size) - (a->size < b->size);
}

void qual_sort(struct qual_state *q)
{
	/* the key map points at the old positions: it is not used after this */
	qsort(q->rows, q->nrows, sizeof(*q->rows), row_cmp);
}

void qual_summary_sentence(const struct qual_state *q, char *buf, size_t len)
{
	snprintf(buf, len,
		 "%" PRIu64 " %s events: %" PRIu64 " attributed to an exit (%" PRIu64 " traced after "
		 "it, completed by the VMM), %" PRIu64 " completions merged with their MMIO read; "
		 "unattributed: %" PRIu64 " several in one exit (the last kept), %" PRIu64
		 " in exits left out by filters, %" PRIu64 " with no exit after them; %" PRIu64
		 " counted exits had none",
		 q->events, qual_event(q->by), q->attributed, q->late, q->merged, q->several,
		 q->filtered, q->open_at_end, q->exits_without);
}

static uint64_t clampq(const struct qual_row *r, unsigned int per10k)
{
	uint64_t v = hist_quantile(&r->hist, r->count, per10k);

	return v < r->min ? r->min : v > r->max ? r->max : v;
}

static void reason_text(const struct qual_row *r, char *buf, size_t len)
{
	if (r->mixed_reasons)
		snprintf(buf, len, "(several)");
	else if (exit_reason_name((enum exit_isa)r->isa, r->reason))
		snprintf(buf, len, "%s", exit_reason_name((enum exit_isa)r->isa, r->reason));
	else
		snprintf(buf, len, "UNKNOWN(%u)", r->reason);
}

/* The name part of R's value text (after its first space; "" when none),
 * for the CSV and JSON fields; VALUE and REASON are filled for the row. */
static const char *row_name(const struct qual_state *q, const struct qual_row *r,
			    char *value, size_t vlen, char *reason, size_t rlen)
{
	const char *name;

	qual_value_text(q->by, r, value, vlen);
	name = strchr(value, ' ');
	reason_text(r, reason, rlen);
	return name ? name + 1 : "";
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static uint64_t attributed_sum(const struct qual_state *q)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < q->nrows; i++)
		s += q->rows[i].sum;
	return s;
}

void out_qual_table(const struct report *rep, const struct qual_state *q, FILE *f)
{
	static const char *const head[] = { "value", "access", "size", "exit", "count", "%count",
					    "cycles", "%cycles", "min", "mean", "p50", "p99",
					    "max" };
	struct text_table t;
	char line[512], value[64], reason[48];
	uint64_t total = attributed_sum(q);
	size_t i;

	fprintf(f, "exitreport: %s: --by %s, source %s, unit %s\n", rep->input, qual_name(q->by),
		rep->source, rep->unit);
	qual_summary_sentence(q, line, sizeof(line));
	fprintf(f, "%s\n", line);
	loss_line(rep, f);
	if (tt_init_head(&t, head, sizeof(head) / sizeof(head[0])) < 0)
		goto out;
	for (i = 0; i < q->nrows; i++) {
		const struct qual_row *r = &q->rows[i];

		if (tt_row(&t) < 0)
			goto out;
		qual_value_text(q->by, r, value, sizeof(value));
		reason_text(r, reason, sizeof(reason));
		tt_set(&t, 0, value);
		tt_set(&t, 1, qual_sub_text(q->by, r));
		if (q->by == QUAL_PORT)
			tt_printf(&t, 2, "%u", r->size);
		tt_set(&t, 3, reason);
		tt_printf(&t, 4, "%" PRIu64, r->count);
		tt_printf(&t, 5, "%.2f", pct(r->count, q->attributed));
		tt_printf(&t, 6, "%" PRIu64, r->sum);
		tt_printf(&t, 7, "%.2f", pct(r->sum, total));
		tt_printf(&t, 8, "%" PRIu64, r->min);
		tt_printf(&t, 9, "%.1f", (double)r->sum / (double)r->count);
		tt_printf(&t, 10, "%" PRIu64, clampq(r, 5000));
		tt_printf(&t, 11, "%" PRIu64, clampq(r, 9900));
		tt_printf(&t, 12, "%" PRIu64, r->max);
	}
	fputc('\n', f);
	tt_print(&t, f, "  ");
out:
	tt_free(&t);
}

static const char qual_csv_header[] =
	"by,value,name,access,size,exit,unit,count,count_pct,total,total_pct,min,mean,p50,p99,max\n";

void out_qual_csv(const struct report *rep, const struct qual_state *q, FILE *f)
{
	char value[64], reason[48];
	uint64_t total = attributed_sum(q);
	size_t i;

	fputs(qual_csv_header, f);
	for (i = 0; i < q->nrows; i++) {
		const struct qual_row *r = &q->rows[i];
		const char *name = row_name(q, r, value, sizeof(value), reason, sizeof(reason));

		fprintf(f, "%s,%" PRIu64 ",", qual_name(q->by), r->value);
		text_put_csv_field(f, name, true);
		fprintf(f, ",%s,", qual_sub_text(q->by, r));
		if (q->by == QUAL_PORT)
			fprintf(f, "%u", r->size);
		fputc(',', f);
		text_put_csv_field(f, reason, true);
		fprintf(f, ",%s,%" PRIu64 ",%.4f,%" PRIu64 ",%.4f,%" PRIu64 ",%.3f,%" PRIu64 ",%" PRIu64
			",%" PRIu64 "\n", rep->unit, r->count, pct(r->count, q->attributed), r->sum,
			pct(r->sum, total), r->min, (double)r->sum / (double)r->count, clampq(r, 5000),
			clampq(r, 9900), r->max);
	}
	fprintf(f, "attributed,,\"late\",,,,,%" PRIu64 ",,,,,,,,\n", q->late);
	fprintf(f, "merged,,\"completions\",,,,,%" PRIu64 ",,,,,,,,\n", q->merged);
	fprintf(f, "unattributed,,\"several\",,,,,%" PRIu64 ",,,,,,,,\n", q->several);
	fprintf(f, "unattributed,,\"filtered\",,,,,%" PRIu64 ",,,,,,,,\n", q->filtered);
	fprintf(f, "unattributed,,\"no_exit_after\",,,,,%" PRIu64 ",,,,,,,,\n", q->open_at_end);
	fprintf(f, "exits,,\"without_qualifier\",,,,,%" PRIu64 ",,,,,,,,\n", q->exits_without);
}

void out_qual_json(const struct report *rep, const struct qual_state *q, FILE *f)
{
	char value[64], reason[48];
	uint64_t total = attributed_sum(q);
	size_t i;

	fputs("{\n  \"schema_version\": 1,\n  \"tool\": \"exitreport\",\n  \"kind\": \"by\",\n"
	      "  \"input\": ", f);
	text_put_json_string(f, rep->input);
	fprintf(f, ",\n  \"by\": \"%s\",\n  \"event\": \"%s\",\n  \"source\": \"%s\",\n"
		"  \"unit\": \"%s\",\n  \"lost\": %s,\n", qual_name(q->by), qual_event(q->by),
		rep->source, rep->unit, report_has_loss(rep) ? "true" : "false");
	fprintf(f, "  \"events\": %" PRIu64 ",\n  \"attributed\": %" PRIu64 ",\n"
		"  \"late\": %" PRIu64 ",\n  \"merged\": %" PRIu64 ",\n"
		"  \"unattributed\": {\"several\": %" PRIu64 ", \"filtered\": %" PRIu64
		", \"no_exit_after\": %" PRIu64 "},\n  \"exits_without\": %" PRIu64 ",\n"
		"  \"values\": [", q->events, q->attributed, q->late, q->merged, q->several, q->filtered, q->open_at_end,
		q->exits_without);
	for (i = 0; i < q->nrows; i++) {
		const struct qual_row *r = &q->rows[i];
		const char *name = row_name(q, r, value, sizeof(value), reason, sizeof(reason));

		fprintf(f, "%s    {\"value\": %" PRIu64 ", \"name\": ", i ? ",\n" : "\n", r->value);
		text_put_json_string(f, name);
		fprintf(f, ", \"access\": \"%s\", \"size\": ", qual_sub_text(q->by, r));
		if (q->by == QUAL_PORT)
			fprintf(f, "%u", r->size);
		else
			fputs("null", f);
		fputs(", \"exit\": ", f);
		text_put_json_string(f, reason);
		fprintf(f, ", \"count\": %" PRIu64 ", \"count_pct\": %.4f, \"total\": %" PRIu64
			", \"total_pct\": %.4f, \"min\": %" PRIu64 ", \"mean\": %.3f, \"p50\": %" PRIu64
			", \"p99\": %" PRIu64 ", \"max\": %" PRIu64 "}", r->count,
			pct(r->count, q->attributed), r->sum, pct(r->sum, total), r->min,
			(double)r->sum / (double)r->count, clampq(r, 5000), clampq(r, 9900), r->max);
	}
	fputs("]\n}\n", f);
}
