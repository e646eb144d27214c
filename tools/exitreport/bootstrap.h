/* bootstrap.h - confidence intervals for the difference of two samples'
 * mean, median and 99th percentile, by resampling their histograms.
 *
 * Each resample draws min(n, BS_MAX_DRAWS) values with replacement from a
 * side's histogram (a value is its bucket's midpoint, clamped to the
 * side's min and max); above BS_MAX_DRAWS the resampled deviation is
 * scaled by sqrt(m/n) (an m-out-of-n bootstrap), so the cost per row is
 * bounded whatever the number of exits.  The interval is the percentile
 * interval of the resampled differences, centred on the observed one.
 * The generator is seeded from a fixed seed and the row's key, so the
 * result is the same on every run and independent of the other rows.
 */
#ifndef ER_BOOTSTRAP_H
#define ER_BOOTSTRAP_H

#include <stdbool.h>
#include <stdint.h>

#include "hist.h"

#define BS_DEFAULT_RESAMPLES 1000u
#define BS_MAX_RESAMPLES 100000u
#define BS_MAX_DRAWS 4096u
#define BS_LEVEL 0.95
/* Fewer values than this on a side: no interval (a bootstrap of a handful of
 * values, or of one, understates the spread and would flag noise). */
#define BS_MIN_COUNT 10u
#define BS_SEED 0x6578697472657074ull	/* "exitrept" */

enum bs_stat { BS_MEAN, BS_P50, BS_P99, BS_NSTATS };

/* One side: a histogram with its exact figures. */
struct bs_sample {
	const struct hist *hist;
	uint64_t count;
	uint64_t min, max;
	double stat[BS_NSTATS];	/* observed: exact mean, report p50 and p99 */
};

struct bs_interval {
	bool valid;		/* both sides had BS_MIN_COUNT values or more */
	double diff;		/* B - A, observed */
	double lo, hi;		/* BS_LEVEL interval of B - A */
};

/* Intervals of B - A for every statistic; KEY varies the seed per row.
 * -1 when memory runs out. */
int bs_diff(const struct bs_sample *a, const struct bs_sample *b, unsigned int resamples,
	    uint64_t key, struct bs_interval out[BS_NSTATS]);

/* The interval excludes every change within BAND of zero (BAND >= 0): with
 * BAND 0, it excludes zero. */
bool bs_significant(const struct bs_interval *iv, double band);

#endif
