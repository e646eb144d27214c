/* diff.h - comparing two runs (exitreport diff A B).
 *
 * Each side is loaded into scopes (all VMs together, each VM, each vCPU)
 * of per-reason figures, from a perf.data recording (with histograms, so
 * intervals can be bootstrapped) or from an exitreport --json report
 * (summary figures only: no intervals of means or percentiles), or from
 * several recordings of one workload merged (diff_runs.h).  VMs
 * correspond when both sides hold the same number of them (paired in pid
 * order), vCPUs by vcpu_id inside corresponding VMs; reasons by name.
 */
#ifndef ER_DIFF_H
#define ER_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootstrap.h"
#include "err.h"
#include "hist.h"

enum dscope_kind { DSCOPE_TOTAL, DSCOPE_VM, DSCOPE_VCPU };

struct dside_row {
	char name[40];
	uint64_t count, sum, min, max;
	double mean;
	uint64_t p50, p99;
	bool have_hist;
	struct hist hist;
};

struct dside_scope {
	enum dscope_kind kind;
	uint32_t pid, vcpu;
	uint64_t exits, sum;
	struct dside_row *rows;
	size_t nrows;
};

struct dside {
	const char *path;
	bool from_json;
	char source[24];	/* "exit_timed" or "kvm_exit_entry" */
	char unit[8];		/* "cycles" or "ns" */
	bool have_time;
	uint64_t duration_ns;
	uint64_t exits, sum;
	uint64_t lost;		/* anything lost, summed */
	struct dside_scope *scopes;	/* [0] is the total, then VMs each followed by their vCPUs */
	size_t nscopes;
	size_t nvms;
	size_t nruns;		/* > 1: RUNS merged into this side; else one recording */
	struct dside *runs;
	bool vms_differ;	/* the runs hold different VMs: only the total is merged */
};

struct diff_row {
	char name[40];
	const struct dside_row *a, *b;	/* NULL: the reason is absent on that side */
	double rate_a, rate_b;		/* exits/s; < 0 unknown */
	struct bs_interval rate;	/* normal interval of the Poisson rate difference */
	double share_a, share_b;	/* % of the scope's cycles */
	double impact;			/* share_b - share_a, percentage points */
	struct bs_interval iv[BS_NSTATS];
	bool sig_rate, sig_p50;
};

struct diff_scope {
	enum dscope_kind kind;
	uint32_t pid_a, pid_b, vcpu;
	size_t ia, ib;		/* the scope's index in each side */
	uint64_t exits_a, exits_b, sum_a, sum_b;
	struct diff_row *rows;
	size_t nrows;
	size_t nsig;
};

/* The default of --min-change, percent (see exitreport.1, diff). */
#define DIFF_MIN_CHANGE 10
#define DIFF_STR_(x) #x
#define DIFF_XSTR_(x) DIFF_STR_(x)
#define DIFF_MIN_CHANGE_TEXT DIFF_XSTR_(DIFF_MIN_CHANGE)

struct diff {
	struct dside a, b;
	unsigned int resamples;
	double min_change;	/* percent of A's value an interval must exclude */
	bool by_runs;		/* 3 runs or more in all: intervals widened to the runs' */
	size_t runs_tests;	/* with runs: the rates and medians they test (Bonferroni) */
	struct diff_scope *scopes;
	size_t nscopes;
	bool vms_correspond;
	bool repeats_left_out;	/* a single VM (or vCPU) would repeat the total */
	size_t unmatched_vcpus;	/* vCPUs of corresponding VMs on one side only */
	size_t nsig;		/* significant rows in the total scope */
};

struct diff_load_opts {
	bool prefer_stock;
};

/* Load PATH: a perf.data recording, or a JSON report when it starts with '{'. */
int dside_load(struct dside *side, const char *path, const struct diff_load_opts *o,
	       struct er_err *err);

/* Compare the loaded sides; -1 on mismatched units or out of memory. */
int diff_compute(struct diff *d, struct er_err *err);

const char *dscope_kind_name(enum dscope_kind k);

/* The row of reason NAME in scope SC, or NULL. */
const struct dside_row *dside_find_row(const struct dside_scope *sc, const char *name);

/* The number of recordings on a side (1 for a single one). */
size_t diff_side_runs(const struct dside *side);

void diff_free(struct diff *d);

#endif
