/* diff_main.c - options of `exitreport diff`, wiring and exit codes
 * (0 compared, 2 bad usage or unreadable input). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "diff_main.h"
#include "diff_runs.h"
#include "err.h"
#include "optnum.h"
#include "out_diff.h"

static const char diff_usage[] =
	"usage: exitreport diff [OPTIONS] A B\n"
	"       exitreport diff [OPTIONS] A1 [A2 ...] vs B1 [B2 ...]\n"
	"Compares run A with run B per reason (all VMs, and per VM and vCPU when they\n"
	"correspond): counts, exits/s, cycles, mean/p50/p99 with 95% intervals of B - A,\n"
	"significant changes marked, rows by impact (change of the share of cycles).\n"
	"A and B: perf.data recordings, or exitreport --json reports (no histograms: no\n"
	"intervals of mean/p50/p99 then).  Several recordings of one workload a side\n"
	"(before and after 'vs') are merged, and with 3 runs or more in all every\n"
	"interval is widened to the spread between the runs (Student's t).\n"
	"  --csv | --json        CSV or JSON instead of the table\n"
	"  --plot DIR            also write diff.dat, diff.png and diff.svg into DIR\n"
	"  --stock               use kvm:kvm_exit/kvm:kvm_entry in both recordings\n"
	"  --resamples N         bootstrap resamples (default 1000, 2..100000)\n"
	"  --min-change PCT      significant only when the interval of the rate or median\n"
	"                        excludes every change within PCT% of A's value (0..100,\n"
	"                        default " DIFF_MIN_CHANGE_TEXT "; 0: any change): two runs of one workload\n"
	"                        differ by more than their samples' noise\n"
	"  -h, --help            this text\n";

#define DIFF_PROG ER_PROG " diff"

enum { D_CSV = 256, D_JSON, D_PLOT, D_STOCK, D_RESAMPLES, D_MIN_CHANGE };

/* ARGS (N of them) into the runs of A and of B: "A B", or "A... vs B..." */
static void split_sides(char **args, int n, char ***a, size_t *na, char ***b, size_t *nb)
{
	int vs = -1, stdin_uses = 0;

	for (int i = 0; i < n; i++) {
		if (strcmp(args[i], "vs") == 0) {
			if (vs >= 0)
				er_die(DIFF_PROG, "'vs' given twice (a file named vs: ./vs)");
			vs = i;
		}
		stdin_uses += strcmp(args[i], "-") == 0;
	}
	if (stdin_uses > 1)
		er_die(DIFF_PROG, "only one input can be standard input");
	if (vs < 0 && n != 2)
		er_die(DIFF_PROG, "expected two inputs A and B, or A... vs B... "
		       "(try 'exitreport diff --help')");
	if (vs == 0 || vs == n - 1)
		er_die(DIFF_PROG, "'vs' needs at least one run on each side");
	*a = args;
	*na = vs < 0 ? 1 : (size_t)vs;
	*b = vs < 0 ? args + 1 : args + vs + 1;
	*nb = (size_t)(args + n - *b);
}

static void load_side(struct dside *side, char **paths, size_t n, const struct diff_load_opts *lo)
{
	struct er_err err = { 0 };
	const char *bad = paths[0];

	if (n == 1 ? dside_load(side, paths[0], lo, &err) < 0
		   : dside_load_runs(side, paths, n, lo, &err, &bad) < 0)
		er_die_input(DIFF_PROG, bad, &err);
}

int diff_main(int argc, char **argv, const char *scripts_dir)
{
	static const struct option longopts[] = {
		{ "csv", no_argument, 0, D_CSV }, { "json", no_argument, 0, D_JSON },
		{ "plot", required_argument, 0, D_PLOT }, { "stock", no_argument, 0, D_STOCK },
		{ "resamples", required_argument, 0, D_RESAMPLES },
		{ "min-change", required_argument, 0, D_MIN_CHANGE },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
	};
	struct diff_load_opts lo = { 0 };
	struct diff d = { 0 };
	struct er_err err = { 0 };
	const char *plot_dir = NULL;
	char **runs_a, **runs_b;
	size_t na, nb;
	int format = 0, c;
	uint64_t n;

	d.resamples = BS_DEFAULT_RESAMPLES;
	d.min_change = DIFF_MIN_CHANGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(diff_usage, stdout);
			return 0;
		case D_CSV:
		case D_JSON:
			if (format)
				er_die(DIFF_PROG, "give only one of --csv and --json");
			format = c;
			break;
		case D_PLOT:
			plot_dir = optarg;
			break;
		case D_STOCK:
			lo.prefer_stock = true;
			break;
		case D_RESAMPLES:
			if (!optnum_uint(optarg, 10, 2, BS_MAX_RESAMPLES, &n))
				er_die(DIFF_PROG, "--resamples: expected 2..%u, got '%s'", BS_MAX_RESAMPLES,
				       optarg);
			d.resamples = (unsigned int)n;
			break;
		case D_MIN_CHANGE:
			if (!optnum_uint(optarg, 10, 0, 100, &n))
				er_die(DIFF_PROG, "--min-change: expected a percentage 0..100, got '%s'",
				       optarg);
			d.min_change = (double)n;
			break;
		default:
			er_die(DIFF_PROG, "try 'exitreport diff --help'");
		}
	}
	split_sides(argv + optind, argc - optind, &runs_a, &na, &runs_b, &nb);
	load_side(&d.a, runs_a, na, &lo);
	load_side(&d.b, runs_b, nb, &lo);
	if (diff_compute(&d, &err) < 0)
		er_die(DIFF_PROG, "%s", err.what);
	if (format == D_CSV)
		out_diff_csv(&d, stdout);
	else if (format == D_JSON)
		out_diff_json(&d, stdout);
	else
		out_diff_table(&d, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		er_die(DIFF_PROG, "writing the comparison: %s", strerror(errno));
	if (plot_dir && out_diff_plot(&d, plot_dir, scripts_dir, &err) < 0)
		er_die_input(DIFF_PROG, plot_dir, &err);
	diff_free(&d);
	return 0;
}
