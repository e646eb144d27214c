/* diff_runs.h - several runs on a side of `exitreport diff A... vs B...`.
 *
 * The runs of a side are merged into one side (counts, cycles and
 * histograms summed, durations added), each run kept beside it.  Two runs
 * of one workload differ by more than their samples' noise (the host's own
 * work, its clocks, its load), which no resampling of a single run can see;
 * the runs' spread can: with three runs or more in all, an interval is
 * widened to B - A +- t * s * sqrt(1/nA + 1/nB), s the pooled standard
 * deviation of the per-run values and t Student's quantile with nA + nB - 2
 * degrees of freedom, at the level the table's intervals share (diff.c).
 */
#ifndef ER_DIFF_RUNS_H
#define ER_DIFF_RUNS_H

#include <stdbool.h>
#include <stddef.h>

#include "diff.h"

/* Load the N recordings PATHS (perf.data, N >= 2) as one side.  On error,
 * *BAD is the path it is about. */
int dside_load_runs(struct dside *side, char *const *paths, size_t n,
		    const struct diff_load_opts *o, struct er_err *err, const char **bad);

enum run_stat { RUN_RATE, RUN_MEAN, RUN_P50, RUN_P99 };

/* The runs' spread of a statistic's B - A: its standard error and degrees of freedom. */
struct runs_spread {
	double se;		/* s * sqrt(1/nA + 1/nB) */
	unsigned int df;	/* nA + nB - 2 */
};

/* The spread of statistic STAT of reason NAME in scope IA of A and IB of B;
 * false when the runs give none: fewer than 3 values in all, or none on a side. */
bool runs_spread(const struct dside *a, size_t ia, const struct dside *b, size_t ib,
		 const char *name, enum run_stat stat, struct runs_spread *out);

#endif
