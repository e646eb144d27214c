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

/* Add VALUE; -1 when a block cannot be allocated. *bytes grows by what was. */
int hist_add(struct hist *h, uint64_t value, size_t *bytes);

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
