/* seqset.h - the exit_seq values one vCPU has shown, as sorted runs.
 *
 * A value inside a run is a duplicate; the numbers between runs are
 * missing.  Values arriving in order extend or append the last run in
 * constant time; any order gives the same counts.
 */
#ifndef ER_SEQSET_H
#define ER_SEQSET_H

#include <stddef.h>
#include <stdint.h>

struct seq_run {
	uint64_t lo, hi;
};

struct seqset {
	struct seq_run *runs;
	size_t nruns;
	size_t cap;
	uint64_t seen;		/* values added, duplicates included */
	uint64_t duplicate;	/* values seen before */
};

/* Add VALUE (not 0); *BYTES grows by what was allocated.  -1 when out of memory. */
int seqset_add_any(struct seqset *s, uint64_t value, size_t *bytes);

/* The same, inlined where the value is the next of the last run. */
static inline int seqset_add(struct seqset *s, uint64_t value, size_t *bytes)
{
	if (s->nruns && value == s->runs[s->nruns - 1].hi + 1) {
		s->runs[s->nruns - 1].hi = value;
		s->seen++;
		return 0;
	}
	return seqset_add_any(s, value, bytes);
}

/* The numbers between the smallest and the largest value never seen. */
uint64_t seqset_missing(const struct seqset *s);

void seqset_free(struct seqset *s);

#endif
