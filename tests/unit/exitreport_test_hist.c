/* exitreport_test_hist.c - the histogram's percentiles against exact ones.
 * For random data of several shapes, every percentile must be within 1%
 * of the exact order statistic (the brief asks for ~1-2%).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hist.h"

#define N 200000

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static uint64_t sample(int shape)
{
	double u = (double)(rng() >> 11) / 9007199254740992.0;

	switch (shape) {
	case 0:		/* uniform 500..50000 cycles */
		return 500 + (uint64_t)(u * 49500);
	case 1:		/* log-uniform 2^6..2^40 */
		return (uint64_t)exp2(6 + u * 34);
	default:	/* bimodal: fast path around 800, slow tail around 2e6 */
		return (rng() & 7) ? 700 + (uint64_t)(u * 200) : 1500000 + (uint64_t)(u * 1e6);
	}
}

static int check_shape(int shape, uint64_t *values)
{
	static const unsigned int per10k[] = { 5000, 9000, 9900, 9990 };
	struct hist h = { { 0 } };
	size_t bytes = 0, i;
	int bad = 0;

	for (i = 0; i < N; i++) {
		values[i] = sample(shape);
		if (hist_add(&h, values[i], &bytes) < 0)
			return 1;
	}
	qsort(values, N, sizeof(*values), cmp_u64);
	for (i = 0; i < 4; i++) {
		uint64_t rank = ((uint64_t)N * per10k[i] + 9999) / 10000;
		uint64_t exact = values[rank - 1];
		uint64_t est = hist_quantile(&h, N, per10k[i]);
		double err = fabs((double)est - (double)exact) / (double)exact;

		if (err > 0.01) {
			printf("FAIL: hist percentile: shape %d p%.2f: %llu vs exact %llu (%.2f%%)\n", shape,
			       per10k[i] / 100.0, (unsigned long long)est, (unsigned long long)exact, 100 * err);
			bad = 1;
		}
	}
	if (!bad)
		printf("PASS: hist percentiles within 1%%: shape %d (%zu bytes of buckets)\n", shape, bytes);
	hist_free(&h);
	return bad;
}

static int check_small_exact(void)
{
	struct hist h = { { 0 } };
	size_t bytes = 0;
	uint64_t v;
	int bad = 0;

	for (v = 0; v < 128; v++)
		hist_add(&h, v, &bytes);
	/* below 128 every value has its own bucket: the 64th of 0..127 is 63 */
	if (hist_quantile(&h, 128, 5000) != 63 || hist_quantile(&h, 128, 10000) != 127)
		bad = 1;
	hist_add(&h, UINT64_MAX, &bytes);
	if (hist_quantile(&h, 129, 10000) < UINT64_MAX - (UINT64_MAX >> 6))
		bad = 1;
	printf(bad ? "FAIL: hist small values exact, top bucket: wrong\n"
		   : "PASS: hist small values exact, top bucket\n");
	hist_free(&h);
	return bad;
}

int main(void)
{
	uint64_t *values = malloc(N * sizeof(*values));
	int bad = 0, shape;

	if (!values)
		return 1;
	for (shape = 0; shape < 3; shape++)
		bad |= check_shape(shape, values);
	bad |= check_small_exact();
	free(values);
	return bad;
}
