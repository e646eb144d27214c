/* hist.c - bucket arithmetic for the log-linear histogram. */
#include "hist.h"

#include <stdlib.h>

static size_t block_len(unsigned int b)
{
	return b == 0 ? HIST_LINEAR : HIST_SUB;
}

static void bucket_range(unsigned int b, unsigned int i, uint64_t *lo, uint64_t *hi)
{
	unsigned int shift;

	if (b == 0) {
		*lo = *hi = i;
		return;
	}
	shift = b;	/* e - HIST_SUB_BITS with e = b + HIST_SUB_BITS */
	*lo = ((uint64_t)(HIST_SUB + i)) << shift;
	*hi = *lo + ((1ULL << shift) - 1);
}

static uint64_t *block_get(struct hist *h, unsigned int b, size_t *bytes)
{
	if (!h->block[b]) {
		h->block[b] = calloc(block_len(b), sizeof(uint64_t));
		if (h->block[b])
			*bytes += block_len(b) * sizeof(uint64_t);
	}
	return h->block[b];
}

int hist_add_new_block(struct hist *h, unsigned int b, unsigned int i, size_t *bytes)
{
	uint64_t *blk = block_get(h, b, bytes);

	if (!blk)
		return -1;
	blk[i]++;
	return 0;
}

int hist_merge(struct hist *dst, const struct hist *src, size_t *bytes)
{
	unsigned int b;
	size_t i;

	for (b = 0; b < HIST_BLOCKS; b++) {
		uint64_t *d;

		if (!src->block[b])
			continue;
		d = block_get(dst, b, bytes);
		if (!d)
			return -1;
		for (i = 0; i < block_len(b); i++)
			d[i] += src->block[b][i];
	}
	return 0;
}

uint64_t hist_quantile(const struct hist *h, uint64_t total, unsigned int per10k)
{
	uint64_t rank = (uint64_t)(((unsigned __int128)total * per10k + 9999) / 10000);
	uint64_t seen = 0, lo, hi;
	unsigned int b;
	size_t i;

	if (rank < 1)
		rank = 1;
	for (b = 0; b < HIST_BLOCKS; b++) {
		if (!h->block[b])
			continue;
		for (i = 0; i < block_len(b); i++) {
			seen += h->block[b][i];
			if (seen >= rank) {
				bucket_range(b, (unsigned int)i, &lo, &hi);
				return lo + (hi - lo) / 2;
			}
		}
	}
	return 0;
}

void hist_foreach(const struct hist *h, void (*fn)(void *ctx, const struct hist_bucket *b),
		  void *ctx)
{
	struct hist_bucket bk;
	unsigned int b;
	size_t i;

	for (b = 0; b < HIST_BLOCKS; b++) {
		if (!h->block[b])
			continue;
		for (i = 0; i < block_len(b); i++) {
			if (!h->block[b][i])
				continue;
			bucket_range(b, (unsigned int)i, &bk.lo, &bk.hi);
			bk.count = h->block[b][i];
			fn(ctx, &bk);
		}
	}
}

void hist_free(struct hist *h)
{
	unsigned int b;

	for (b = 0; b < HIST_BLOCKS; b++) {
		free(h->block[b]);
		h->block[b] = NULL;
	}
}
