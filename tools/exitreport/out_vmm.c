/* out_vmm.c - printing where the VMM exits' time goes (out_vmm.h). */
#include "out_vmm.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/exit_reasons.h"
#include "../../common/text_out.h"
#include "out_text.h"
#include "text_table.h"

static int row_cmp(const void *pa, const void *pb)
{
	const struct vmm_row *a = pa, *b = pb;

	if (a->full_ns != b->full_ns)
		return a->full_ns > b->full_ns ? -1 : 1;
	if (a->exits != b->exits)
		return a->exits > b->exits ? -1 : 1;
	return (a->reason > b->reason) - (a->reason < b->reason);
}

void vmm_sort(struct vmm_state *v)
{
	qsort(v->rows, v->nrows, sizeof(*v->rows), row_cmp);
}

/* The figures of a row, in ns (kvm: handling cycles at the TSC rate). */
struct vmm_fig {
	double kvm_ns_mean, full_ns_mean, vmm_pct;
	uint64_t p50, p99;
	bool any;
};

static void figures(const struct report *rep, const struct vmm_row *r, struct vmm_fig *g)
{
	memset(g, 0, sizeof(*g));
	if (!r->to_vmm)
		return;
	g->any = true;
	g->kvm_ns_mean = report_ns(rep, (double)r->kvm_cycles / (double)r->to_vmm);
	g->full_ns_mean = r->full_ns / (double)r->to_vmm;
	g->vmm_pct = g->full_ns_mean > 0 ? 100.0 * (1 - g->kvm_ns_mean / g->full_ns_mean) : 0;
	g->p50 = hist_quantile(&r->full_hist, r->to_vmm, 5000);
	g->p99 = hist_quantile(&r->full_hist, r->to_vmm, 9900);
}

static void names(const struct vmm_row *r, char *reason, size_t rlen, char *user, size_t ulen)
{
	const char *n = exit_reason_name((enum exit_isa)r->isa, r->reason);
	const char *u = vmm_user_reason_name(r->user_reason);

	if (n)
		snprintf(reason, rlen, "%s", n);
	else
		snprintf(reason, rlen, "UNKNOWN(%u)", r->reason);
	if (!r->to_vmm)
		snprintf(user, ulen, "%s", "");
	else if (r->mixed_user_reasons)
		snprintf(user, ulen, "(several)");
	else if (u)
		snprintf(user, ulen, "%s", u);
	else
		snprintf(user, ulen, "%u", r->user_reason);
}

static void summary(const struct vmm_state *v, char *buf, size_t len)
{
	snprintf(buf, len,
		 "%" PRIu64 " kvm:kvm_userspace_exit events (%" PRIu64 " with no exit open on their "
		 "thread); %" PRIu64 " exits with no kvm_entry before the next exit, %" PRIu64
		 " with none before the end: not counted below", v->user_exits, v->user_unmatched,
		 v->no_entry, v->open_at_end);
}

void out_vmm_table(const struct report *rep, const struct vmm_state *v, FILE *f)
{
	static const char *const head[] = { "reason", "exits", "to VMM", "%", "VMM exit",
					    "KVM cycles", "KVM us", "full us", "full p50", "full p99",
					    "VMM %" };
	struct text_table t;
	char line[512], reason[48], user[32];
	size_t i, c;

	fprintf(f, "exitreport: %s: --vmm, TSC %.3f MHz: exits handed to the VMM, KVM's handling "
		"(exit_timed) beside the full exit-to-reentry time (to kvm:kvm_entry), in us\n",
		rep->input, rep->tsc_mhz);
	summary(v, line, sizeof(line));
	fprintf(f, "%s\n", line);
	loss_line(rep, f);
	if (tt_init_head(&t, head, sizeof(head) / sizeof(head[0])) < 0)
		goto out;
	for (i = 0; i < v->nrows; i++) {
		const struct vmm_row *r = &v->rows[i];
		struct vmm_fig g;

		figures(rep, r, &g);
		names(r, reason, sizeof(reason), user, sizeof(user));
		if (tt_row(&t) < 0)
			goto out;
		tt_set(&t, 0, reason);
		tt_printf(&t, 1, "%" PRIu64, r->exits);
		tt_printf(&t, 2, "%" PRIu64, r->to_vmm);
		tt_printf(&t, 3, "%.2f", r->exits ? 100.0 * (double)r->to_vmm / (double)r->exits : 0);
		tt_set(&t, 4, user);
		if (!g.any) {
			for (c = 5; c < 11; c++)
				tt_set(&t, c, "-");
			continue;
		}
		tt_printf(&t, 5, "%.1f", (double)r->kvm_cycles / (double)r->to_vmm);
		tt_printf(&t, 6, "%.3f", g.kvm_ns_mean / 1000);
		tt_printf(&t, 7, "%.3f", g.full_ns_mean / 1000);
		tt_printf(&t, 8, "%.3f", (double)g.p50 / 1000);
		tt_printf(&t, 9, "%.3f", (double)g.p99 / 1000);
		tt_printf(&t, 10, "%.2f", g.vmm_pct);
	}
	fputc('\n', f);
	tt_print(&t, f, "  ");
out:
	tt_free(&t);
}

void out_vmm_csv(const struct report *rep, const struct vmm_state *v, FILE *f)
{
	char reason[48], user[32];
	size_t i;

	fputs("row,isa,reason,name,exits,to_vmm,vmm_exit,kvm_cycles_mean,kvm_ns_mean,full_ns_mean,"
	      "full_ns_p50,full_ns_p99,vmm_pct\n", f);
	for (i = 0; i < v->nrows; i++) {
		const struct vmm_row *r = &v->rows[i];
		struct vmm_fig g;

		figures(rep, r, &g);
		names(r, reason, sizeof(reason), user, sizeof(user));
		fprintf(f, "reason,%s,%u,", exit_isa_name((enum exit_isa)r->isa), r->reason);
		text_put_csv_field(f, reason, true);
		fprintf(f, ",%" PRIu64 ",%" PRIu64 ",", r->exits, r->to_vmm);
		text_put_csv_field(f, user, true);
		if (g.any)
			fprintf(f, ",%.1f,%.1f,%.1f,%" PRIu64 ",%" PRIu64 ",%.2f\n",
				(double)r->kvm_cycles / (double)r->to_vmm, g.kvm_ns_mean,
				g.full_ns_mean, g.p50, g.p99, g.vmm_pct);
		else
			fputs(",,,,,,\n", f);
	}
	fprintf(f, "userspace_exits,,,,%" PRIu64 ",,,,,,,,\n", v->user_exits);
	fprintf(f, "userspace_unmatched,,,,%" PRIu64 ",,,,,,,,\n", v->user_unmatched);
	fprintf(f, "no_entry,,,,%" PRIu64 ",,,,,,,,\n", v->no_entry);
	fprintf(f, "open_at_end,,,,%" PRIu64 ",,,,,,,,\n", v->open_at_end);
}

void out_vmm_json(const struct report *rep, const struct vmm_state *v, FILE *f)
{
	char reason[48], user[32];
	size_t i;

	fputs("{\n  \"schema_version\": 1,\n  \"tool\": \"exitreport\",\n  \"kind\": \"vmm\",\n"
	      "  \"input\": ", f);
	text_put_json_string(f, rep->input);
	fprintf(f, ",\n  \"tsc_mhz\": %.3f,\n  \"lost\": %s,\n  \"userspace_exits\": %" PRIu64
		",\n  \"userspace_unmatched\": %" PRIu64 ",\n  \"no_entry\": %" PRIu64
		",\n  \"open_at_end\": %" PRIu64 ",\n  \"reasons\": [", rep->tsc_mhz,
		report_has_loss(rep) ? "true" : "false", v->user_exits, v->user_unmatched,
		v->no_entry, v->open_at_end);
	for (i = 0; i < v->nrows; i++) {
		const struct vmm_row *r = &v->rows[i];
		struct vmm_fig g;

		figures(rep, r, &g);
		names(r, reason, sizeof(reason), user, sizeof(user));
		fprintf(f, "%s    {\"isa\": \"%s\", \"reason\": %u, \"name\": ", i ? ",\n" : "\n",
			exit_isa_name((enum exit_isa)r->isa), r->reason);
		text_put_json_string(f, reason);
		fprintf(f, ", \"exits\": %" PRIu64 ", \"to_vmm\": %" PRIu64 ", \"vmm_exit\": ",
			r->exits, r->to_vmm);
		text_put_json_string(f, user);
		if (g.any)
			fprintf(f, ", \"kvm_cycles_mean\": %.1f, \"kvm_ns_mean\": %.1f, \"full_ns_mean\": "
				"%.1f, \"full_ns_p50\": %" PRIu64 ", \"full_ns_p99\": %" PRIu64
				", \"vmm_pct\": %.2f}", (double)r->kvm_cycles / (double)r->to_vmm,
				g.kvm_ns_mean, g.full_ns_mean, g.p50, g.p99, g.vmm_pct);
		else
			fputs(", \"kvm_cycles_mean\": null, \"kvm_ns_mean\": null, \"full_ns_mean\": null, "
			      "\"full_ns_p50\": null, \"full_ns_p99\": null, \"vmm_pct\": null}", f);
	}
	fputs("]\n}\n", f);
}
