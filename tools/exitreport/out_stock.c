/* out_stock.c - KVM's stock counters per vCPU (see out_stock.h). */
#include "out_stock.h"

#include <inttypes.h>

#include "../../common/text_out.h"
#include "text_table.h"

static void head_line(const struct stock_view *v, FILE *f)
{
	fprintf(f, "exitreport: %s: source qmp, KVM's stock counters (no per-reason figures)\n",
		v->input);
	if (v->interval)
		fprintf(f, "QEMU pid %u, %zu vCPUs, deltas over %.6f s\n", v->pid, v->snap->n,
			(double)v->snap->time_ns / 1e9);
	else
		fprintf(f, "QEMU pid %u, %zu vCPUs, since their vCPUs were created\n", v->pid,
			v->snap->n);
}

void out_stock_table(const struct stock_view *v, FILE *f)
{
	struct text_table t;
	size_t i, c, ncols = 2;
	int s;

	head_line(v, f);
	for (s = 0; s < QS_NSTOCK; s++)
		ncols += v->sc->stock[s];
	tt_init(&t, ncols);
	tt_row(&t);
	tt_set(&t, 0, "vcpu");
	tt_set(&t, 1, "tid");
	for (s = 0, c = 2; s < QS_NSTOCK; s++)
		if (v->sc->stock[s])
			tt_set(&t, c++, qmp_stock_name((enum qmp_stock)s));
	for (i = 0; i < v->snap->n; i++) {
		const struct qmp_vcpu *cpu = &v->snap->v[i];

		tt_row(&t);
		tt_printf(&t, 0, "%u", cpu->vcpu);
		tt_printf(&t, 1, "%u", cpu->tid);
		for (s = 0, c = 2; s < QS_NSTOCK; s++)
			if (v->sc->stock[s])
				tt_printf(&t, c++, "%" PRIu64, cpu->stock[s]);
	}
	tt_print(&t, f, "  ");
	tt_free(&t);
}

void out_stock_csv(const struct stock_view *v, FILE *f)
{
	size_t i;
	int s;

	fputs("pid,vcpu,tid,stat,value\n", f);
	for (i = 0; i < v->snap->n; i++)
		for (s = 0; s < QS_NSTOCK; s++)
			if (v->sc->stock[s])
				fprintf(f, "%u,%u,%u,%s,%" PRIu64 "\n", v->pid, v->snap->v[i].vcpu,
					v->snap->v[i].tid, qmp_stock_name((enum qmp_stock)s),
					v->snap->v[i].stock[s]);
}

void out_stock_json(const struct stock_view *v, FILE *f)
{
	size_t i;
	int s;

	fputs("{\"schema_version\": 1, \"tool\": \"exitreport\", \"input\": ", f);
	text_put_json_string(f, v->input);
	fputs(", \"source\": \"qmp-stock\", ", f);
	if (v->interval)
		fprintf(f, "\"time\": {\"first_ns\": %" PRIu64 ", \"last_ns\": %" PRIu64
			", \"duration_ns\": %" PRIu64 "},\n", v->first_ns,
			v->first_ns + v->snap->time_ns, v->snap->time_ns);
	else
		fputs("\"time\": null,\n", f);
	fprintf(f, " \"vms\": [{\"pid\": %u, \"vcpus\": [", v->pid);
	for (i = 0; i < v->snap->n; i++) {
		fprintf(f, "%s\n   {\"vcpu\": %u, \"tid\": %u", i ? "," : "", v->snap->v[i].vcpu,
			v->snap->v[i].tid);
		for (s = 0; s < QS_NSTOCK; s++)
			if (v->sc->stock[s])
				fprintf(f, ", \"%s\": %" PRIu64, qmp_stock_name((enum qmp_stock)s),
					v->snap->v[i].stock[s]);
		fputc('}', f);
	}
	fputs("]}]}\n", f);
}
