/* diff_runs.h - several runs on a side of `exitreport diff A... vs B...`.
 *
 * The runs of a side are merged into one side (counts, cycles and
 * histograms summed, durations added), each run kept beside it.  Two runs
 * of one workload differ by more than their samples' noise (the host's own
 * work, its clocks, its load), which no resampling of a single run can see;
 * the runs' spread can: with three runs or more in all, an interval is
 * widened to B - A +- t * s * sqrt(1/nA + 1/nB), s the pooled standard
 * deviation of the per-run values and t Student's quantile with nA + nB - 2
 * degrees of freedom.
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

/* Widen IV (centred on IV->diff) to the runs' interval of statistic STAT of
 * reason NAME in scope IA of A and IB of B; false (IV unchanged) when the
 * runs give none: fewer than 3 values in all, or none on a side. */
bool runs_widen(const struct dside *a, size_t ia, const struct dside *b, size_t ib,
		const char *name, enum run_stat stat, struct bs_interval *iv);

/* Two-sided BS_LEVEL (95%) quantile of Student's t with DF >= 1 degrees of freedom. */
double t_quantile95(unsigned int df);

#endif
