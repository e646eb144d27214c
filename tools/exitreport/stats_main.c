/* stats_main.c - `exitreport stats`: options, the QMP snapshots and their
 * deltas into struct stats, then the report and the outputs of a recording
 * (report.c, out_table.c, out_csv.c, out_json.c); --stock prints KVM's
 * stock counters instead (out_stock.c). */
#define _GNU_SOURCE
#include "stats_main.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../common/exit_reasons.h"
#include "err.h"
#include "optnum.h"
#include "out_stock.h"
#include "outputs.h"
#include "qmp.h"
#include "qmp_stats.h"
#include "report.h"
#include "stats.h"

#define PROG ER_PROG " stats"

enum format { FMT_TABLE, FMT_CSV, FMT_JSON };

struct stats_opts {
	const char *socket;
	enum format format;
	enum sort_key sort;
	enum exit_isa isa;
	double interval;	/* seconds, 0: one snapshot */
	uint64_t count;		/* intervals, 0: until interrupted */
	int timeout_ms;
	double tsc_mhz;
	bool per_vcpu;
	bool stock;
	bool kernel_order;
};

static const char usage_text[] =
	"usage: exitreport stats --qmp SOCKET [OPTIONS]\n"
	"KVM's per-vCPU exit statistics of a running QEMU (its binary stats exit_stats_count,\n"
	"exit_stats_cycles and exit_cycles_hist, served by QMP query-stats): the per-VM,\n"
	"per-vCPU and per-reason table of a recording, with KVM's log2 histogram of the\n"
	"exit-handling cycles. No tracing; access to the socket is enough. Counters count\n"
	"from the vCPU's creation; with --interval, each interval's deltas.\n"
	"\n"
	"  --qmp SOCKET          QEMU's QMP unix socket (-qmp unix:SOCKET,server=on,wait=off)\n"
	"  --csv, --json         CSV or JSON instead of the table (JSON: one object per print)\n"
	"  --interval S          print the deltas of every S seconds (S > 0, fractions too)\n"
	"  --count N             with --interval: stop after N intervals (default: never)\n"
	"  --per-vcpu            table: a reason table for every vCPU too\n"
	"  --sort KEY            count (default), cycles, mean or name\n"
	"  --stock               KVM's stock counters instead (exits, halt_exits, io_exits, ...):\n"
	"                        for kernels without the exit statistics\n"
	"  --isa vmx|svm         the host's vendor, for the reason names (default: /proc/cpuinfo)\n"
	"  --tsc-mhz N           TSC rate, to show times next to cycles\n"
	"  --timeout S           wait at most S seconds for each reply (default 5)\n"
	"  --lists-in-order      QEMU lists array stats first element first (QEMU 7.2 lists\n"
	"                        them last first, which is what exitreport expects by default)\n"
	"  -h, --help            this text\n"
	"exit status: 0 ok, 2 usage error, or the socket, QEMU or its stats failed (one line\n"
	"on stderr naming the socket: among them a kernel without the exit statistics)\n";

enum { O_QMP = 256, O_CSV, O_JSON, O_INTERVAL, O_COUNT, O_PER_VCPU, O_SORT, O_STOCK, O_ISA,
       O_TSC, O_TIMEOUT, O_IN_ORDER };

static double parse_seconds(const char *opt, const char *arg, double max)
{
	double v;

	if (!optnum_positive(arg, max, &v))
		er_die(PROG, "%s: expected seconds from 0 to %g, got '%s'", opt, max, arg);
	return v;
}

static void apply(struct stats_opts *o, int c, const char *arg)
{
	switch (c) {
	case O_QMP:
		o->socket = arg;
		break;
	case O_CSV:
	case O_JSON:
		if (o->format != FMT_TABLE)
			er_die(PROG, "give only one of --csv and --json");
		o->format = c == O_CSV ? FMT_CSV : FMT_JSON;
		break;
	case O_INTERVAL:
		o->interval = parse_seconds("--interval", arg, 86400);
		break;
	case O_COUNT:
		if (!optnum_uint(arg, 10, 1, UINT32_MAX, &o->count))
			er_die(PROG, "--count: expected a number of intervals, got '%s'", arg);
		break;
	case O_PER_VCPU:
		o->per_vcpu = true;
		break;
	case O_SORT:
		if (!sort_key_parse(arg, &o->sort) || o->sort == SORT_MAX || o->sort == SORT_P99)
			er_die(PROG, "--sort: unknown key '%s' (count, cycles, mean, name)", arg);
		break;
	case O_STOCK:
		o->stock = true;
		break;
	case O_ISA:
		if (strcmp(arg, "vmx") && strcmp(arg, "svm"))
			er_die(PROG, "--isa: expected vmx or svm, got '%s'", arg);
		o->isa = strcmp(arg, "vmx") == 0 ? EXIT_ISA_VMX : EXIT_ISA_SVM;
		break;
	case O_TSC:
		if (!optnum_positive(arg, 100000, &o->tsc_mhz))
			er_die(PROG, "--tsc-mhz: expected MHz up to 100000, got '%s'", arg);
		break;
	case O_TIMEOUT:
		o->timeout_ms = (int)(parse_seconds("--timeout", arg, 3600) * 1000);
		if (o->timeout_ms < 1)
			o->timeout_ms = 1;
		break;
	case O_IN_ORDER:
		o->kernel_order = true;
		break;
	}
}

static void parse(struct stats_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "qmp", required_argument, 0, O_QMP }, { "csv", no_argument, 0, O_CSV },
		{ "json", no_argument, 0, O_JSON }, { "interval", required_argument, 0, O_INTERVAL },
		{ "count", required_argument, 0, O_COUNT },
		{ "per-vcpu", no_argument, 0, O_PER_VCPU },
		{ "sort", required_argument, 0, O_SORT }, { "stock", no_argument, 0, O_STOCK },
		{ "isa", required_argument, 0, O_ISA }, { "tsc-mhz", required_argument, 0, O_TSC },
		{ "timeout", required_argument, 0, O_TIMEOUT },
		{ "lists-in-order", no_argument, 0, O_IN_ORDER },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
	};
	int c;

	o->timeout_ms = 5000;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			exit(0);
		}
		if (c == '?')
			er_die(PROG, "try 'exitreport stats --help'");
		apply(o, c, optarg);
	}
	if (optind != argc)
		er_die(PROG, "unexpected argument '%s' (try 'exitreport stats --help')", argv[optind]);
	if (!o->socket)
		er_die(PROG, "--qmp SOCKET is required (try 'exitreport stats --help')");
	if (o->count && !o->interval)
		er_die(PROG, "--count needs --interval");
}

/* The host's vendor from the flags of /proc/cpuinfo. */
static enum exit_isa host_isa(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	enum exit_isa isa = EXIT_ISA_UNKNOWN;

	while (f && isa == EXIT_ISA_UNKNOWN && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5) != 0)
			continue;
		if (strstr(line, " vmx"))
			isa = EXIT_ISA_VMX;
		else if (strstr(line, " svm"))
			isa = EXIT_ISA_SVM;
	}
	if (f)
		fclose(f);
	return isa;
}

/* One vCPU's slots into the statistics. */
static int add_vcpu(struct stats *st, const struct qmp_vcpu *v, uint32_t pid, enum exit_isa isa,
		    struct er_err *err)
{
	struct trace_ev ev;
	uint32_t slot;

	for (slot = 0; slot < EXIT_SLOTS; slot++) {
		if (!v->count[slot] && !v->cycles[slot])
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.offset = ER_NO_OFFSET;
		ev.kind = EV_EXIT;
		ev.pid = pid;
		ev.tid = v->tid;
		ev.u.exit.vcpu = v->vcpu;
		ev.u.exit.isa = isa;
		ev.u.exit.reason = exit_slot_reason(slot);
		ev.u.exit.cycles = v->cycles[slot];
		if (!exit_reason_defined(isa, ev.u.exit.reason))
			return er_fail(err, ER_NO_OFFSET, "vCPU %u: exit_stats_count[%u] is %llu, but "
				       "slot %u holds no %s exit reason", v->vcpu, slot,
				       (unsigned long long)v->count[slot], slot, exit_isa_name(isa));
		if (stats_add_counted(st, &ev, v->count[slot], err) < 0)
			return -1;
	}
	return 0;
}

static void attach_log2(struct report *rep, const struct qmp_snap *snap)
{
	size_t i, j, k;

	for (i = 0; i < rep->nvms; i++) {
		struct vm_report *vm = &rep->vms[i];

		vm->have_log2 = true;
		for (j = 0; j < vm->nvcpus; j++)
			for (k = 0; k < snap->n; k++)
				if (snap->v[k].vcpu == vm->vcpus[j].vcpu) {
					size_t b;

					vm->vcpus[j].log2_hist = snap->v[k].hist;
					for (b = 0; b < REPORT_LOG2_BUCKETS; b++)
						vm->log2_hist[b] += snap->v[k].hist[b];
				}
	}
}

static int print_snap(const struct stats_opts *o, const struct qmp *q, const struct qmp_snap *snap,
		      const struct qmp_snap *from, struct er_err *err)
{
	struct stats st;
	struct report rep = { 0 };
	size_t i;
	int rc = -1;

	stats_init(&st);
	for (i = 0; i < snap->n; i++)
		if (add_vcpu(&st, &snap->v[i], (uint32_t)q->peer_pid, o->isa, err) < 0)
			goto out;
	rep.input = o->socket;
	rep.source = "qmp";
	rep.unit = "cycles";
	rep.counts_only = true;
	rep.per_vcpu = o->per_vcpu;
	if (o->tsc_mhz > 0) {
		rep.tsc_mhz = o->tsc_mhz;
		rep.tsc_from = "option";
	}
	if (from) {
		rep.have_time = true;
		rep.first_time = from->time_ns;
		rep.last_time = from->time_ns + snap->time_ns;
	} else {
		rep.since = "since their vCPUs were created";
	}
	if (report_build_stats(&rep, &st, o->sort, err) < 0)
		goto out;
	attach_log2(&rep, snap);
	if (o->format == FMT_CSV)
		out_csv(&rep, stdout);
	else if (o->format == FMT_JSON)
		out_json(&rep, stdout);
	else
		out_table(&rep, stdout);
	rc = 0;
out:
	report_free(&rep);
	stats_free(&st);
	return rc;
}

static int print_any(const struct stats_opts *o, const struct qmp *q, const struct qmp_snap *snap,
		     const struct qmp_snap *from, const struct qmp_schema *sc, struct er_err *err)
{
	int rc;

	if (o->stock) {
		struct stock_view view = { o->socket, (uint32_t)q->peer_pid, sc, snap,
					   from ? from->time_ns : 0, from != NULL };

		if (o->format == FMT_CSV)
			out_stock_csv(&view, stdout);
		else if (o->format == FMT_JSON)
			out_stock_json(&view, stdout);
		else
			out_stock_table(&view, stdout);
		rc = 0;
	} else {
		rc = print_snap(o, q, snap, from, err);
	}
	if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)))
		er_die(PROG, "writing the report: %s", strerror(errno));
	return rc;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - floor(s)) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int run(const struct stats_opts *o, struct qmp *q, const struct qmp_schema *sc,
	       struct er_err *err)
{
	struct qmp_snap a, b, d;
	uint64_t n;
	int rc = -1;

	if (qmp_snap_read(q, sc, o->kernel_order, &a, err) < 0)
		return -1;
	if (!o->interval) {
		rc = print_any(o, q, &a, NULL, sc, err);
		qmp_snap_free(&a);
		return rc;
	}
	for (n = 0; !o->count || n < o->count; n++) {
		sleep_s(o->interval);
		if (qmp_snap_read(q, sc, o->kernel_order, &b, err) < 0)
			break;
		rc = qmp_snap_delta(&a, &b, &d, err);
		if (rc == 0)
			rc = print_any(o, q, &d, &a, sc, err);
		qmp_snap_free(&d);
		qmp_snap_free(&a);
		a = b;
		if (rc < 0)
			break;
		if (o->format == FMT_TABLE)
			fputs("\n", stdout);
	}
	qmp_snap_free(&a);
	return rc;
}

int stats_main(int argc, char **argv)
{
	struct stats_opts o = { 0 };
	struct er_err err = { 0 };
	struct qmp_schema sc;
	struct qmp q;
	int rc;

	parse(&o, argc, argv);
	if (qmp_open(&q, o.socket, o.timeout_ms, &err) < 0 || qmp_schema_read(&q, &sc, &err) < 0)
		er_die_input(PROG, o.socket, &err);
	if (!sc.exit_stats && !o.stock)
		er_die(PROG, "%s: KVM serves no exit_stats_count: a kernel without the exit statistics "
		       "binary stats (--stock shows KVM's stock counters)", o.socket);
	if (o.isa == EXIT_ISA_UNKNOWN && !o.stock)
		o.isa = host_isa();
	if (o.isa == EXIT_ISA_UNKNOWN && !o.stock)
		er_die(PROG, "%s: this host's CPU has neither vmx nor svm in /proc/cpuinfo: give --isa",
		       o.socket);
	rc = run(&o, &q, &sc, &err);
	qmp_close(&q);
	if (rc < 0)
		er_die_input(PROG, o.socket, &err);
	return 0;
}
