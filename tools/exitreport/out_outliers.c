/* out_outliers.c - printing the slowest exits (out_outliers.h). */
#include "out_outliers.h"

#include <inttypes.h>
#include <string.h>

#include "../../common/exit_reasons.h"
#include "../../common/text_out.h"
#include "out_text.h"
#include "qualifier.h"
#include "text_table.h"

static void qual_text(const struct outlier *x, char *buf, size_t len)
{
	struct qual_row r;
	char value[64];
	const char *sub;

	buf[0] = '\0';
	if (!x->have_qual)
		return;
	memset(&r, 0, sizeof(r));
	r.value = x->qual.by == QUAL_GPA ? x->qual.value & ~0xfffull : x->qual.value;
	r.sub = x->qual.sub;
	r.size = x->qual.size;
	qual_value_text((enum qual_by)x->qual.by, &r, value, sizeof(value));
	sub = qual_sub_text((enum qual_by)x->qual.by, &r);
	snprintf(buf, len, "%s %s%s%s", qual_name((enum qual_by)x->qual.by), value, *sub ? " " : "",
		 sub);
}

static void reason_text(const struct outlier *x, char *buf, size_t len)
{
	const char *n = exit_reason_name((enum exit_isa)x->isa, x->reason);

	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "UNKNOWN(%u)", x->reason);
}

static double rel_s(const struct report *rep, const struct outlier *x)
{
	return (double)(x->time - rep->first_time) / 1e9;
}

static void summary(const struct report *rep, const struct outliers *o, char *buf, size_t len)
{
	snprintf(buf, len,
		 "%" PRIu64 " exits slower than %" PRIu64 " %s: the %zu slowest listed in time order, "
		 "%" PRIu64 " cut (at most %u kept)", o->above, o->threshold, rep->unit, o->n,
		 o->above - o->n, OUTLIERS_MAX);
}

void out_outliers_table(const struct report *rep, const struct outliers *o, FILE *f)
{
	static const char *const head[] = { "time_s", "pid", "vcpu", "tid", "reason", "value",
					    "us", "seq", "qualifier" };
	struct text_table t;
	char line[512];
	size_t i;

	summary(rep, o, line, sizeof(line));
	fprintf(f, "exitreport: %s: source %s, unit %s\n%s\n", rep->input, rep->source, rep->unit,
		line);
	loss_line(rep, f);
	if (tt_init_head(&t, head, sizeof(head) / sizeof(head[0])) < 0)
		goto out;
	for (i = 0; i < o->n; i++) {
		const struct outlier *x = &o->heap[i];
		double ns = report_ns(rep, (double)x->value);

		if (tt_row(&t) < 0)
			goto out;
		tt_printf(&t, 0, "%.9f", rel_s(rep, x));
		tt_printf(&t, 1, "%u", x->pid);
		tt_printf(&t, 2, "%u", x->vcpu);
		tt_printf(&t, 3, "%u", x->tid);
		reason_text(x, line, sizeof(line));
		tt_set(&t, 4, line);
		tt_printf(&t, 5, "%" PRIu64, x->value);
		if (ns >= 0)
			tt_printf(&t, 6, "%.3f", ns / 1000.0);
		else
			tt_set(&t, 6, "-");
		tt_printf(&t, 7, "%" PRIu64, x->seq);
		qual_text(x, line, sizeof(line));
		tt_set(&t, 8, line);
	}
	fputc('\n', f);
	tt_print(&t, f, "  ");
out:
	tt_free(&t);
}

void out_outliers_csv(const struct report *rep, const struct outliers *o, FILE *f)
{
	char text[128];
	size_t i;

	fputs("row,time_s,pid,vcpu,tid,isa,reason,name,unit,value,ns,seq,qualifier\n", f);
	for (i = 0; i < o->n; i++) {
		const struct outlier *x = &o->heap[i];
		double ns = report_ns(rep, (double)x->value);

		fprintf(f, "exit,%.9f,%u,%u,%u,%s,%u,", rel_s(rep, x), x->pid, x->vcpu, x->tid,
			exit_isa_name((enum exit_isa)x->isa), x->reason);
		reason_text(x, text, sizeof(text));
		text_put_csv_field(f, text, true);
		fprintf(f, ",%s,%" PRIu64 ",", rep->unit, x->value);
		if (ns >= 0)
			fprintf(f, "%.1f", ns);
		fprintf(f, ",%" PRIu64 ",", x->seq);
		qual_text(x, text, sizeof(text));
		text_put_csv_field(f, text, true);
		fputc('\n', f);
	}
	fprintf(f, "above,,,,,,,,%s,%" PRIu64 ",,,\n", rep->unit, o->above);
	fprintf(f, "cut,,,,,,,,,%" PRIu64 ",,,\n", o->above - o->n);
}

void out_outliers_json(const struct report *rep, const struct outliers *o, FILE *f)
{
	char text[128];
	size_t i;

	fputs("{\n  \"schema_version\": 1,\n  \"tool\": \"exitreport\",\n  \"kind\": \"slower_than\",\n"
	      "  \"input\": ", f);
	text_put_json_string(f, rep->input);
	fprintf(f, ",\n  \"source\": \"%s\",\n  \"unit\": \"%s\",\n  \"threshold\": %" PRIu64
		",\n  \"lost\": %s,\n  \"above\": %" PRIu64 ",\n  \"listed\": %zu,\n  \"cut\": %" PRIu64
		",\n  \"exits\": [", rep->source, rep->unit, o->threshold,
		report_has_loss(rep) ? "true" : "false", o->above, o->n, o->above - o->n);
	for (i = 0; i < o->n; i++) {
		const struct outlier *x = &o->heap[i];
		double ns = report_ns(rep, (double)x->value);

		fprintf(f, "%s    {\"time_s\": %.9f, \"pid\": %u, \"vcpu\": %u, \"tid\": %u, \"isa\": \"%s\""
			", \"reason\": %u, \"name\": ", i ? ",\n" : "\n", rel_s(rep, x), x->pid, x->vcpu,
			x->tid, exit_isa_name((enum exit_isa)x->isa), x->reason);
		reason_text(x, text, sizeof(text));
		text_put_json_string(f, text);
		fprintf(f, ", \"value\": %" PRIu64 ", \"ns\": ", x->value);
		if (ns >= 0)
			fprintf(f, "%.1f", ns);
		else
			fputs("null", f);
		fprintf(f, ", \"seq\": %" PRIu64 ", \"qualifier\": ", x->seq);
		qual_text(x, text, sizeof(text));
		if (text[0])
			text_put_json_string(f, text);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fputs("]\n}\n", f);
}
