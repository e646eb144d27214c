/* metrics.c - the since-start statistics as Prometheus metrics.
 *
 * Counters per (VM, vCPU, ISA, reason); histograms per (VM, ISA, reason)
 * with buckets at the powers of two of exitreport's own histogram (hist.h:
 * every power of two is a bucket boundary there, so le = 2^k - 1 counts
 * are exact, not interpolated).  Names: exitreport(1), METRICS.
 */
#include "metrics.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/exit_reasons.h"

#define LE_FIRST 4	/* le = 15 */
#define LE_LAST 63

struct mw {
	FILE *f;
	bool om;
	const char *vunit;	/* "cycles" or "nanoseconds" */
};

static void family(struct mw *w, const char *name, const char *type, const char *help)
{
	const char *shown = name;
	char buf[128];

	if (!w->om && strcmp(type, "counter") == 0) {
		snprintf(buf, sizeof(buf), "%s_total", name);
		shown = buf;
	}
	fprintf(w->f, "# HELP %s %s\n# TYPE %s %s\n", shown, help, shown, type);
}

/* Label values here are numbers and reason names ([A-Z0-9_()x]), which
 * need no escaping; names from the table are checked anyway. */
static void label_name(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void reason_labels(FILE *f, uint32_t pid, const uint32_t *vcpu, const struct row *r)
{
	fprintf(f, "{vm=\"%u\",", pid);
	if (vcpu)
		fprintf(f, "vcpu=\"%u\",", *vcpu);
	fprintf(f, "isa=\"%s\",reason=\"", exit_isa_name((enum exit_isa)r->isa));
	label_name(f, r->name);
	fprintf(f, "\",reason_code=\"%u\"", r->reason);
}

static void counters(struct mw *w, const struct report *rep, bool cycles)
{
	size_t i, j, k;

	for (i = 0; i < rep->nvms; i++)
		for (j = 0; j < rep->vms[i].nvcpus; j++) {
			const struct vcpu_report *v = &rep->vms[i].vcpus[j];

			for (k = 0; k < v->nrows; k++) {
				const struct row *r = &v->rows[k];

				fputs(cycles ? (strcmp(w->vunit, "cycles") == 0 ? "kvm_exit_cycles_total"
									    : "kvm_exit_nanoseconds_total")
					     : "kvm_exits_total", w->f);
				reason_labels(w->f, rep->vms[i].pid, &v->vcpu, r);
				fprintf(w->f, "} %" PRIu64 "\n", cycles ? r->sum : r->count);
			}
		}
}

struct bins {
	uint64_t n[LE_LAST + 1];	/* values of bit length k (k = 0..63) */
};

static void bin_bucket(void *ctx, const struct hist_bucket *b)
{
	struct bins *bn = ctx;
	unsigned int k = b->hi ? 64u - (unsigned int)__builtin_clzll(b->hi) : 0;

	if (k > LE_LAST)
		k = LE_LAST;	/* values of 2^63 and more: only +Inf holds them */
	bn->n[k] += b->count;
}

static void histogram(struct mw *w, const char *name, uint32_t pid, const struct row *r)
{
	struct bins bn;
	uint64_t cum = 0;
	unsigned int k, top;

	memset(&bn, 0, sizeof(bn));
	hist_foreach(&r->hist, bin_bucket, &bn);
	top = r->max ? 64u - (unsigned int)__builtin_clzll(r->max) : 0;
	if (top < LE_FIRST)
		top = LE_FIRST;
	if (top > LE_LAST - 1)
		top = LE_LAST - 1;
	for (k = 0; k < LE_FIRST; k++)
		cum += bn.n[k];
	for (k = LE_FIRST; k <= top; k++) {
		cum += bn.n[k];
		fprintf(w->f, "%s_bucket", name);
		reason_labels(w->f, pid, NULL, r);
		fprintf(w->f, ",le=\"%" PRIu64 ".0\"} %" PRIu64 "\n", (UINT64_C(1) << k) - 1, cum);
	}
	fprintf(w->f, "%s_bucket", name);
	reason_labels(w->f, pid, NULL, r);
	fprintf(w->f, ",le=\"+Inf\"} %" PRIu64 "\n", r->count);
	fprintf(w->f, "%s_sum", name);
	reason_labels(w->f, pid, NULL, r);
	fprintf(w->f, "} %" PRIu64 "\n%s_count", r->sum, name);
	reason_labels(w->f, pid, NULL, r);
	fprintf(w->f, "} %" PRIu64 "\n", r->count);
}

static void loss(struct mw *w, const struct report *rep)
{
	static const struct {
		const char *name, *help;
	} fam[] = {
		{ "kvm_exit_lost_events", "Events the kernel reported lost (PERF_RECORD_LOST)." },
		{ "kvm_exit_lost_samples", "Samples the kernel reported lost (PERF_RECORD_LOST_SAMPLES)." },
		{ "kvm_exit_seq_missing", "Exits missing from the vCPUs' exit_seq numbering." },
		{ "kvm_exit_out_of_order", "Events that arrived after later ones had been counted." },
	};
	uint64_t v[4] = { rep->lost.events, rep->lost.samples, rep->seq_missing, rep->lost.late };
	size_t i;

	for (i = 0; i < 4; i++) {
		family(w, fam[i].name, "counter", fam[i].help);
		fprintf(w->f, "%s_total %" PRIu64 "\n", fam[i].name, v[i]);
	}
}

void metrics_write(FILE *f, const struct report *rep, bool openmetrics)
{
	struct mw w = { f, openmetrics, strcmp(rep->unit, "ns") == 0 ? "nanoseconds" : "cycles" };
	char name[64];
	size_t i, j;

	family(&w, "kvm_exits", "counter", "VM exits, by VM (QEMU pid), vCPU, ISA and exit reason.");
	counters(&w, rep, false);
	if (strcmp(w.vunit, "cycles") == 0)
		family(&w, "kvm_exit_cycles", "counter",
		       "TSC cycles spent handling VM exits (kvm:exit_timed), by VM, vCPU, ISA and reason.");
	else
		family(&w, "kvm_exit_nanoseconds", "counter",
		       "Nanoseconds from kvm_exit to kvm_entry, by VM, vCPU, ISA and reason.");
	counters(&w, rep, true);
	snprintf(name, sizeof(name), "kvm_exit_latency_%s", w.vunit);
	family(&w, name, "histogram",
	       strcmp(w.vunit, "cycles") == 0
		       ? "Cycles per VM exit, by VM, ISA and reason."
		       : "Nanoseconds from kvm_exit to kvm_entry per exit, by VM, ISA and reason.");
	for (i = 0; i < rep->nvms; i++)
		for (j = 0; j < rep->vms[i].nrows; j++)
			histogram(&w, name, rep->vms[i].pid, &rep->vms[i].rows[j]);
	loss(&w, rep);
	if (openmetrics)
		fputs("# EOF\n", f);
}

char *metrics_text(const struct report *rep, bool openmetrics, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	metrics_write(f, rep, openmetrics);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
