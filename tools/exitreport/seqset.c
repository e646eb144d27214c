/* seqset.c - sorted runs of exit_seq values: duplicates and gaps apart. */
#include "seqset.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* index of the first run starting above VALUE */
static size_t first_above(const struct seqset *s, uint64_t value)
{
	size_t lo = 0, hi = s->nruns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->runs[mid].lo > value)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int insert_run(struct seqset *s, size_t at, uint64_t value, size_t *bytes)
{
	if (s->nruns == s->cap) {
		size_t old = s->cap;
		struct seq_run *n = grow_array(s->runs, &s->cap, sizeof(*n), 4);

		if (!n)
			return -1;
		s->runs = n;
		*bytes += (s->cap - old) * sizeof(*n);
	}
	memmove(&s->runs[at + 1], &s->runs[at], (s->nruns - at) * sizeof(*s->runs));
	s->runs[at] = (struct seq_run){ value, value };
	s->nruns++;
	return 0;
}

int seqset_add_any(struct seqset *s, uint64_t value, size_t *bytes)
{
	struct seq_run *last = s->nruns ? &s->runs[s->nruns - 1] : NULL;
	size_t i;
	int left, right;

	s->seen++;
	if (last && value > last->hi) {		/* the usual case: in order */
		if (value == last->hi + 1) {
			last->hi = value;
			return 0;
		}
		return insert_run(s, s->nruns, value, bytes);
	}
	i = first_above(s, value);
	if (i && value <= s->runs[i - 1].hi) {
		s->duplicate++;
		return 0;
	}
	left = i && s->runs[i - 1].hi + 1 == value;
	right = i < s->nruns && s->runs[i].lo - 1 == value;
	if (left && right) {
		s->runs[i - 1].hi = s->runs[i].hi;
		memmove(&s->runs[i], &s->runs[i + 1], (s->nruns - i - 1) * sizeof(*s->runs));
		s->nruns--;
	} else if (left) {
		s->runs[i - 1].hi = value;
	} else if (right) {
		s->runs[i].lo = value;
	} else {
		return insert_run(s, i, value, bytes);
	}
	return 0;
}

uint64_t seqset_missing(const struct seqset *s)
{
	uint64_t gaps = 0;
	size_t i;

	for (i = 1; i < s->nruns; i++)
		gaps += s->runs[i].lo - s->runs[i - 1].hi - 1;
	return gaps;
}

void seqset_free(struct seqset *s)
{
	free(s->runs);
	memset(s, 0, sizeof(*s));
}
