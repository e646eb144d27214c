/* main.c - options, wiring and exit codes; the only place that prints
 * errors and dies.
 *
 * Exit codes: 0 report printed; 1 the cross-check failed (mismatch, lost
 * events inside a checked window, or nothing checked); 2 bad usage or
 * unreadable input.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "err.h"
#include "optnum.h"
#include "live.h"
#include "diff_main.h"
#include "stats_main.h"
#include "out_text.h"
#include "out_outliers.h"
#include "out_qual.h"
#include "out_vmm.h"
#include "outputs.h"
#include "report.h"
#include "session.h"

#ifndef EXITREPORT_VERSION
#define EXITREPORT_VERSION "0.1"
#endif
#ifndef PLOTS_DIR
#define PLOTS_DIR "/usr/share/exitreport/plots"
#endif

enum format { FMT_TABLE, FMT_CSV, FMT_JSON };

struct options {
	struct session_opts so;
	enum format format;
	enum sort_key sort;
	const char *plot_dir;
	double tsc_mhz;
	bool check;
	const char *guest_json;
	bool per_vcpu;
	bool by_set;
	enum qual_by by;
	bool slow_set;
	struct outliers slow;
	bool vmm;
};

static const char usage_text[] =
	"usage: exitreport [OPTIONS] FILE\n"
	"       exitreport live|top [OPTIONS] [--replay FILE]   (exitreport live --help)\n"
	"       exitreport diff [OPTIONS] A B   (compare two runs: exitreport diff --help)\n"
	"       exitreport stats --qmp SOCKET [OPTIONS]   (a running QEMU's KVM stats, no tracing:\n"
	"                             exitreport stats --help)\n"
	"Per-VM, per-vCPU and per-reason VM-exit statistics from a perf.data recording of\n"
	"kvm:exit_timed (or kvm:kvm_exit + kvm:kvm_entry). FILE '-' reads a pipe-mode stream\n"
	"from standard input (perf record -o -).\n"
	"\n"
	"output:\n"
	"  --csv                 CSV instead of the table\n"
	"  --json                JSON instead of the table (schema: exitreport(1), SCHEMA.md)\n"
	"  --plot DIR            also write plot data, PNG and SVG charts into DIR (gnuplot)\n"
	"  --per-vcpu            table: a reason table for every vCPU too\n"
	"  --sort KEY            count (default), cycles, mean, max, p99 or name\n"
	"  --by VIEW             exits per MSR, port, ... instead: msr, port, mmio, hypercall,\n"
	"                        cr or gpa (record kvm:kvm_msr, kvm_pio, kvm_mmio,\n"
	"                        kvm_hypercall, kvm_cr or kvm_page_fault too)\n"
	"  --slower-than T       list the exits slower than T instead (cycles, or a time:\n"
	"                        800ns, 20us, 1.5ms); with --by, with their qualifier\n"
	"  --vmm                 exits handed to the VMM instead: KVM's handling beside the\n"
	"                        full exit-to-reentry time (record kvm:kvm_userspace_exit\n"
	"                        and kvm:kvm_entry with kvm:exit_timed)\n"
	"selection:\n"
	"  --pid PID             only the VM whose QEMU process is PID\n"
	"  --vcpu N              only vCPU N (of every selected VM)\n"
	"  --reason R            only reason R (name such as EPT_VIOLATION or npf, or number)\n"
	"  --time START,END      only exits from START to END seconds after the first event\n"
	"time:\n"
	"  --tsc-mhz N           TSC rate, to show times next to cycles\n"
	"  --cycles-per-ns X     the same as --tsc-mhz X*1000\n"
	"  (default: PERF_RECORD_TIME_CONV, else the '@ N GHz' of the CPU description)\n"
	"sources and checks:\n"
	"  --stock               use kvm:kvm_exit/kvm:kvm_entry (exit-to-entry ns) even if\n"
	"                        kvm:exit_timed was recorded\n"
	"  --check[=JSON]        cross-check kvm:kvm_cpuid readings of the exit-statistics\n"
	"                        leaves against the trace; with JSON (exitstat --json output,\n"
	"                        also accepted as: --check JSON FILE) check that snapshot too\n"
	"  -h, --help            this text\n"
	"  --version             the version\n"
	"exit status: 0 ok, 1 cross-check failed, 2 usage or input error\n";

static uint32_t parse_u32(const char *opt, const char *text)
{
	uint64_t v;

	if (!optnum_uint(text, 0, 0, UINT32_MAX, &v))
		er_die(ER_PROG, "%s: not a number: '%s'", opt, text);
	return (uint32_t)v;
}

/* A TSC runs between 1 MHz and 100 GHz: outside that, times would be absurd
 * (or infinite) rather than merely wrong. */
#define TSC_MHZ_MIN 1.0
#define TSC_MHZ_MAX 100000.0

static bool tsc_plausible(double mhz)
{
	return mhz >= TSC_MHZ_MIN && mhz <= TSC_MHZ_MAX;
}

/* TEXT as a TSC rate in MHz, given in units of SCALE MHz */
static double parse_tsc(const char *opt, const char *text, double scale)
{
	double v;

	if (!optnum_positive(text, HUGE_VAL, &v))
		er_die(ER_PROG, "%s: not a positive number: '%s'", opt, text);
	if (!tsc_plausible(v * scale))
		er_die(ER_PROG, "%s: %s is outside %g..%g (a TSC of %g MHz to %g GHz)", opt, text,
		       TSC_MHZ_MIN / scale, TSC_MHZ_MAX / scale, TSC_MHZ_MIN, TSC_MHZ_MAX / 1000.0);
	return v * scale;
}

enum { OPT_CSV = 256, OPT_JSON, OPT_PLOT, OPT_SORT, OPT_PID, OPT_VCPU, OPT_REASON, OPT_TIME,
       OPT_TSC, OPT_CPN, OPT_STOCK, OPT_CHECK, OPT_PER_VCPU, OPT_VERSION, OPT_BY, OPT_SLOW, OPT_VMM };

static void apply_option(struct options *o, int c, const char *arg)
{
	switch (c) {
	case OPT_CSV:
	case OPT_JSON:
		if (o->format != FMT_TABLE)
			er_die(ER_PROG, "give only one of --csv and --json");
		o->format = c == OPT_CSV ? FMT_CSV : FMT_JSON;
		break;
	case OPT_PLOT:
		o->plot_dir = arg;
		break;
	case OPT_SORT:
		if (!sort_key_parse(arg, &o->sort))
			er_die(ER_PROG, "--sort: unknown key '%s' (count, cycles, mean, max, p99, name)", arg);
		break;
	case OPT_PID:
		o->so.filter.by_pid = true;
		if (!optnum_pid(arg, &o->so.filter.pid))
			er_die(ER_PROG, "--pid: not a process id: '%s'", arg);
		break;
	case OPT_VCPU:
		o->so.filter.by_vcpu = true;
		o->so.filter.vcpu = parse_u32("--vcpu", arg);
		break;
	case OPT_REASON:
		if (!filter_set_reason(&o->so.filter, arg))
			er_die(ER_PROG, "--reason: no VMX or SVM exit reason '%s'", arg);
		break;
	case OPT_TIME:
		if (!filter_set_time(&o->so.filter, arg))
			er_die(ER_PROG, "--time: expected START,END in seconds, got '%s'", arg);
		break;
	case OPT_TSC:
		o->tsc_mhz = parse_tsc("--tsc-mhz", arg, 1.0);
		break;
	case OPT_CPN:
		o->tsc_mhz = parse_tsc("--cycles-per-ns", arg, 1000.0);
		break;
	case OPT_STOCK:
		o->so.prefer_stock = true;
		break;
	case OPT_CHECK:
		o->check = true;
		o->guest_json = arg;
		break;
	case OPT_PER_VCPU:
		o->per_vcpu = true;
		break;
	case OPT_BY:
		if (!qual_parse(arg, &o->by))
			er_die(ER_PROG, "--by: unknown view '%s' (msr, port, mmio, hypercall, cr, gpa)", arg);
		o->by_set = true;
		break;
	case OPT_SLOW:
		if (!outliers_parse(&o->slow, arg))
			er_die(ER_PROG, "--slower-than: expected cycles or a time such as 20us, got '%s'", arg);
		o->slow_set = true;
		break;
	case OPT_VMM:
		o->vmm = true;
		break;
	}
}

static void parse_options(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "csv", no_argument, 0, OPT_CSV },	{ "json", no_argument, 0, OPT_JSON },
		{ "plot", required_argument, 0, OPT_PLOT }, { "sort", required_argument, 0, OPT_SORT },
		{ "pid", required_argument, 0, OPT_PID }, { "vcpu", required_argument, 0, OPT_VCPU },
		{ "reason", required_argument, 0, OPT_REASON },
		{ "time", required_argument, 0, OPT_TIME },
		{ "tsc-mhz", required_argument, 0, OPT_TSC },
		{ "cycles-per-ns", required_argument, 0, OPT_CPN },
		{ "stock", no_argument, 0, OPT_STOCK }, { "check", optional_argument, 0, OPT_CHECK },
		{ "per-vcpu", no_argument, 0, OPT_PER_VCPU },
		{ "by", required_argument, 0, OPT_BY },
		{ "slower-than", required_argument, 0, OPT_SLOW },
		{ "vmm", no_argument, 0, OPT_VMM },
		{ "help", no_argument, 0, 'h' },	{ "version", no_argument, 0, OPT_VERSION },
		{ 0, 0, 0, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			exit(0);
		}
		if (c == OPT_VERSION) {
			printf("exitreport %s\n", EXITREPORT_VERSION);
			exit(0);
		}
		if (c == '?')
			er_die(ER_PROG, "try 'exitreport --help'");
		apply_option(o, c, optarg);
	}
	if (o->check && !o->guest_json && argc - optind == 2)
		o->guest_json = argv[optind++];
	if (argc - optind != 1)
		er_die(ER_PROG, "expected one input FILE (try 'exitreport --help')");
	if ((o->by_set || o->slow_set || o->vmm) && (o->plot_dir || o->check || o->per_vcpu))
		er_die(ER_PROG, "--by, --slower-than and --vmm are views of their own: not with --plot, --check "
		       "or --per-vcpu");
	if (o->vmm && (o->by_set || o->slow_set || o->so.prefer_stock))
		er_die(ER_PROG, "--vmm: not with --by, --slower-than or --stock");
	o->so.path = argv[optind];
}

static void choose_tsc(struct report *rep, const struct options *o, const struct session *s)
{
	const char *at = strstr(s->pf.cpudesc, "@ ");
	double ghz;

	if (o->tsc_mhz > 0) {
		rep->tsc_mhz = o->tsc_mhz;
		rep->tsc_from = "option";
	} else if (tsc_plausible(s->time_conv_mhz)) {
		rep->tsc_mhz = s->time_conv_mhz;
		rep->tsc_from = "time_conv";
	} else if (at && sscanf(at + 2, "%lfGHz", &ghz) == 1 && tsc_plausible(ghz * 1000.0)) {
		rep->tsc_mhz = ghz * 1000.0;
		rep->tsc_from = "cpudesc";
	}
}

static void warn_stderr(const struct report *rep)
{
	char line[512];

	loss_sentence(rep, line, sizeof(line));
	if (line[0])
		fprintf(stderr, "exitreport: %s: %s\n", rep->input, line);
	warning_sentence(rep, line, sizeof(line));
	if (line[0])
		fprintf(stderr, "exitreport: %s: warning: %s\n", rep->input, line);
	if (rep->check && check_failed(rep->check)) {
		check_summary_sentence(rep->check, line, sizeof(line));
		fprintf(stderr, "exitreport: %s: %s\n", rep->input, line);
	}
}

static const char *plots_dir(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("EXITREPORT_PLOTS");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 40);
	if (n > 0) {
		buf[n] = '\0';
		slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash, "/../share/exitreport/plots/rate.gp");
			if (access(buf, R_OK) == 0) {
				*strrchr(buf, '/') = '\0';
				return buf;
			}
		}
	}
	return PLOTS_DIR;
}

static void print_report(struct report *rep, struct options *o, struct qual_state *q,
			 struct vmm_state *vmm)
{
	struct er_err err = { 0 };

	if (o->vmm) {
		vmm_sort(vmm);
		if (o->format == FMT_CSV)
			out_vmm_csv(rep, vmm, stdout);
		else if (o->format == FMT_JSON)
			out_vmm_json(rep, vmm, stdout);
		else
			out_vmm_table(rep, vmm, stdout);
	} else if (o->slow_set) {
		if (o->format == FMT_CSV)
			out_outliers_csv(rep, &o->slow, stdout);
		else if (o->format == FMT_JSON)
			out_outliers_json(rep, &o->slow, stdout);
		else
			out_outliers_table(rep, &o->slow, stdout);
	} else if (o->by_set) {
		qual_sort(q);
		if (o->format == FMT_CSV)
			out_qual_csv(rep, q, stdout);
		else if (o->format == FMT_JSON)
			out_qual_json(rep, q, stdout);
		else
			out_qual_table(rep, q, stdout);
	} else if (o->format == FMT_CSV)
		out_csv(rep, stdout);
	else if (o->format == FMT_JSON)
		out_json(rep, stdout);
	else
		out_table(rep, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		er_die(ER_PROG, "writing the report: %s", strerror(errno));
	if (o->plot_dir && out_plot(rep, o->plot_dir, plots_dir(), &err) < 0)
		er_die_input(ER_PROG, o->plot_dir, &err);
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct er_err err = { 0 };
	struct session s;
	struct report rep = { 0 };
	struct check check;
	struct qual_state qual;
	struct vmm_state vmm;
	int status;

	if (argc > 1 && (strcmp(argv[1], "live") == 0 || strcmp(argv[1], "top") == 0))
		return live_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "diff") == 0)
		return diff_main(argc - 1, argv + 1, plots_dir());
	if (argc > 1 && strcmp(argv[1], "stats") == 0)
		return stats_main(argc - 1, argv + 1);
	parse_options(&o, argc, argv);
	o.so.progress = isatty(STDERR_FILENO);
	check_init(&check);
	if (o.check) {
		if (o.guest_json && check_load_guest(&check, o.guest_json, &err) < 0)
			er_die_input(ER_PROG, o.guest_json, &err);
		o.so.check = &check;
	}
	qual_init(&qual, o.by);
	if (o.by_set)
		o.so.qual = &qual;
	if (o.slow_set)
		o.so.slow = &o.slow;
	vmm_init(&vmm);
	if (o.vmm)
		o.so.vmm = &vmm;
	o.so.tsc_mhz = o.tsc_mhz;
	if (session_run(&s, &o.so, &err) < 0)
		er_die_input(ER_PROG, o.so.path, &err);
	if (o.vmm && (s.source != SOURCE_EXIT_TIMED || !ev_decoder_has(&s.dec, EV_SRC_KVM_ENTRY) ||
		      !ev_decoder_has(&s.dec, EV_SRC_KVM_USERSPACE_EXIT)))
		er_die(ER_PROG, "%s: --vmm needs kvm:exit_timed, kvm:kvm_userspace_exit and "
		       "kvm:kvm_entry events",
		       o.so.path);
	if (o.by_set && !ev_decoder_has(&s.dec, (enum ev_source)(EV_SRC_KVM_MSR + o.by)))
		er_die(ER_PROG, "%s: --by %s needs %s events (perf record -e kvm:exit_timed -e %s ...)",
		       o.so.path, qual_name(o.by), qual_event(o.by), qual_event(o.by));
	if (o.check && s.source != SOURCE_EXIT_TIMED)
		er_die(ER_PROG, "%s: --check needs kvm:exit_timed events", o.so.path);
	if (o.check)
		check_finish(&check);
	rep.input = o.so.path;
	rep.per_vcpu = o.per_vcpu;
	rep.check = o.check ? &check : NULL;
	choose_tsc(&rep, &o, &s);
	if (report_build(&rep, &s, o.sort, &err) < 0)
		er_die_input(ER_PROG, o.so.path, &err);
	if (o.slow_set && outliers_resolve(&o.slow, s.source == SOURCE_STOCK, rep.tsc_mhz, &err) < 0)
		/* no exit counted: the threshold is still shown */
		er_die_input(ER_PROG, o.so.path, &err);
	if (o.slow_set)
		outliers_finish(&o.slow);
	warn_stderr(&rep);
	print_report(&rep, &o, &qual, &vmm);
	status = o.check && check_failed(&check) ? 1 : 0;
	report_free(&rep);
	session_free(&s);
	check_free(&check);
	qual_free(&qual);
	vmm_free(&vmm);
	return status;
}
