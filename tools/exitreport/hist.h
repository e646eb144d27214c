/* hist.h - log-linear histogram of 64-bit values (HDR style).
 *
 * Values below 128 have a bucket each; every power of two above is split
 * into 64 buckets, so a bucket is at most 1/64 of its lower bound wide and
 * its midpoint is within 1/128 (0.8%) of any value in it.  Blocks of
 * buckets are allocated on first use: a histogram of values spanning
 * 2^8..2^20 costs about 7 KiB.
 */
#ifndef ER_HIST_H
#define ER_HIST_H

#include <stddef.h>
#include <stdint.h>

#define HIST_SUB_BITS 6
#define HIST_SUB (1u << HIST_SUB_BITS)		/* 64 */
#define HIST_LINEAR (2u * HIST_SUB)		/* 128: exact below this */
#define HIST_BLOCKS (64 - HIST_SUB_BITS)	/* 58: block 0 linear, 1..57 log */

struct hist {
	uint64_t *block[HIST_BLOCKS];
};

struct hist_bucket {
	uint64_t lo;		/* smallest value in the bucket */
	uint64_t hi;		/* largest value in the bucket */
	uint64_t count;
};

/* The block and index of VALUE's bucket. */
static inline void hist_bucket_of(uint64_t v, unsigned int *b, unsigned int *i)
{
	unsigned int e;

	if (v < HIST_LINEAR) {
		*b = 0;
		*i = (unsigned int)v;
		return;
	}
	e = 63u - (unsigned int)__builtin_clzll(v);	/* 7..63 */
	*b = e - HIST_SUB_BITS;
	*i = (unsigned int)(v >> (e - HIST_SUB_BITS)) & (HIST_SUB - 1);
}

/* hist_add() when block B is not there yet. */
int hist_add_new_block(struct hist *h, unsigned int b, unsigned int i, size_t *bytes);

/* Add VALUE; -1 when a block cannot be allocated. *bytes grows by what was.
 * Inline: it is on the per-exit path. */
static inline int hist_add(struct hist *h, uint64_t value, size_t *bytes)
{
	unsigned int b, i;

	hist_bucket_of(value, &b, &i);
	if (!h->block[b])
		return hist_add_new_block(h, b, i, bytes);
	h->block[b][i]++;
	return 0;
}

/* Add every count of SRC into DST. */
int hist_merge(struct hist *dst, const struct hist *src, size_t *bytes);

/* The quantile PER10K/10000 of TOTAL values: the midpoint of the bucket
 * holding the ceil(TOTAL * PER10K / 10000)-th smallest value (at least the 1st). */
uint64_t hist_quantile(const struct hist *h, uint64_t total, unsigned int per10k);

/* Call FN for every non-empty bucket in ascending order. */
void hist_foreach(const struct hist *h, void (*fn)(void *ctx, const struct hist_bucket *b),
		  void *ctx);

void hist_free(struct hist *h);

#endif
