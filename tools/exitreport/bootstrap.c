/* bootstrap.c - resampling two histograms (bootstrap.h). */
#include "bootstrap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const unsigned int stat_per10k[BS_NSTATS] = { 0, 5000, 9900 };

/* A histogram as parallel arrays: bucket values and cumulative counts. */
struct bs_table {
	double *value;
	uint64_t *cum;		/* values in buckets 0..i */
	uint64_t *drawn;	/* per-resample counts */
	size_t n;
	size_t cap;
	uint64_t min, max;
};

static void table_add(void *ctx, const struct hist_bucket *b)
{
	struct bs_table *t = ctx;
	uint64_t mid = b->lo + (b->hi - b->lo) / 2;

	if (t->n == t->cap)
		return;		/* cannot happen: counted first */
	if (mid < t->min)
		mid = t->min;
	if (mid > t->max)
		mid = t->max;
	t->value[t->n] = (double)mid;
	t->cum[t->n] = (t->n ? t->cum[t->n - 1] : 0) + b->count;
	t->n++;
}

static void count_bucket(void *ctx, const struct hist_bucket *b)
{
	(void)b;
	(*(size_t *)ctx)++;
}

static int table_build(struct bs_table *t, const struct bs_sample *s)
{
	size_t nb = 0;

	memset(t, 0, sizeof(*t));
	hist_foreach(s->hist, count_bucket, &nb);
	t->cap = nb;
	t->min = s->min;
	t->max = s->max;
	t->value = calloc(nb ? nb : 1, sizeof(*t->value));
	t->cum = calloc(nb ? nb : 1, sizeof(*t->cum));
	t->drawn = calloc(nb ? nb : 1, sizeof(*t->drawn));
	if (!t->value || !t->cum || !t->drawn)
		return -1;
	hist_foreach(s->hist, table_add, t);
	return 0;
}

static void table_free(struct bs_table *t)
{
	free(t->value);
	free(t->cum);
	free(t->drawn);
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A uniform integer below N (N > 0): the high half of a 64x64 product
 * (Lemire); the bias is below N / 2^64, far under any resampling noise. */
static uint64_t below(uint64_t *rng, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)splitmix(rng) * n) >> 64);
}

/* The statistics of the distribution in t->drawn, M values in all. */
static void table_stats(const struct bs_table *t, const uint64_t *counts, uint64_t m,
			double out[BS_NSTATS])
{
	double sum = 0;
	uint64_t seen = 0, rank[BS_NSTATS];
	unsigned int s = BS_P50;
	size_t i;

	for (i = BS_P50; i < BS_NSTATS; i++) {
		rank[i] = (m * stat_per10k[i] + 9999) / 10000;
		if (rank[i] == 0)
			rank[i] = 1;
	}
	for (i = 0; i < t->n; i++) {
		sum += t->value[i] * (double)counts[i];
		seen += counts[i];
		while (s < BS_NSTATS && seen >= rank[s])
			out[s++] = t->value[i];
	}
	out[BS_MEAN] = m ? sum / (double)m : 0;
}

static void resample(struct bs_table *t, uint64_t *rng, uint64_t total, uint64_t m,
		     double out[BS_NSTATS])
{
	uint64_t k;

	memset(t->drawn, 0, t->n * sizeof(*t->drawn));
	for (k = 0; k < m; k++) {
		uint64_t u = below(rng, total);
		size_t lo = 0, hi = t->n - 1;

		while (lo < hi) {	/* first bucket whose cum exceeds u */
			size_t mid = lo + (hi - lo) / 2;

			if (t->cum[mid] > u)
				hi = mid;
			else
				lo = mid + 1;
		}
		t->drawn[lo]++;
	}
	table_stats(t, t->drawn, m, out);
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

int bs_diff(const struct bs_sample *a, const struct bs_sample *b, unsigned int resamples,
	    uint64_t key, struct bs_interval out[BS_NSTATS])
{
	struct bs_table ta, tb;
	double base_a[BS_NSTATS], base_b[BS_NSTATS], ra[BS_NSTATS], rb[BS_NSTATS];
	double *d[BS_NSTATS] = { 0 };
	uint64_t rng = BS_SEED ^ splitmix(&key);
	uint64_t ma, mb, total_a, total_b;
	double scale_a, scale_b, tail = (1.0 - BS_LEVEL) / 2;
	unsigned int r, s;
	int ret = -1;

	memset(out, 0, BS_NSTATS * sizeof(*out));
	memset(&ta, 0, sizeof(ta));
	memset(&tb, 0, sizeof(tb));
	for (s = 0; s < BS_NSTATS; s++)
		out[s].diff = b->stat[s] - a->stat[s];
	if (a->count < BS_MIN_COUNT || b->count < BS_MIN_COUNT || !a->hist || !b->hist ||
	    resamples < 2)
		return 0;
	if (table_build(&ta, a) < 0 || table_build(&tb, b) < 0)
		goto out;
	total_a = ta.n ? ta.cum[ta.n - 1] : 0;
	total_b = tb.n ? tb.cum[tb.n - 1] : 0;
	if (!total_a || !total_b) {
		ret = 0;
		goto out;
	}
	for (s = 0; s < BS_NSTATS; s++) {
		d[s] = malloc(resamples * sizeof(*d[s]));
		if (!d[s])
			goto out;
	}
	{
		uint64_t *ca = calloc(ta.n, sizeof(*ca)), *cb = calloc(tb.n, sizeof(*cb));
		size_t i;

		if (!ca || !cb) {
			free(ca);
			free(cb);
			goto out;
		}
		for (i = 0; i < ta.n; i++)
			ca[i] = ta.cum[i] - (i ? ta.cum[i - 1] : 0);
		for (i = 0; i < tb.n; i++)
			cb[i] = tb.cum[i] - (i ? tb.cum[i - 1] : 0);
		table_stats(&ta, ca, total_a, base_a);
		table_stats(&tb, cb, total_b, base_b);
		free(ca);
		free(cb);
	}
	ma = total_a < BS_MAX_DRAWS ? total_a : BS_MAX_DRAWS;
	mb = total_b < BS_MAX_DRAWS ? total_b : BS_MAX_DRAWS;
	scale_a = sqrt((double)ma / (double)total_a);
	scale_b = sqrt((double)mb / (double)total_b);
	for (r = 0; r < resamples; r++) {
		resample(&ta, &rng, total_a, ma, ra);
		resample(&tb, &rng, total_b, mb, rb);
		for (s = 0; s < BS_NSTATS; s++)
			d[s][r] = out[s].diff + (rb[s] - base_b[s]) * scale_b -
				  (ra[s] - base_a[s]) * scale_a;
	}
	for (s = 0; s < BS_NSTATS; s++) {
		qsort(d[s], resamples, sizeof(*d[s]), cmp_double);
		out[s].lo = d[s][(size_t)floor(tail * (resamples - 1))];
		out[s].hi = d[s][(size_t)ceil((1.0 - tail) * (resamples - 1))];
		out[s].valid = true;
	}
	ret = 0;
out:
	for (s = 0; s < BS_NSTATS; s++)
		free(d[s]);
	table_free(&ta);
	table_free(&tb);
	return ret;
}

bool bs_significant(const struct bs_interval *iv, double band)
{
	return iv->valid && (iv->lo > band || iv->hi < -band);
}
