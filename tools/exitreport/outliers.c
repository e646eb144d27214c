/* outliers.c - a bounded list of the slowest exits (outliers.h). */
#include "outliers.h"

#include <stdlib.h>
#include <string.h>

bool outliers_parse(struct outliers *o, const char *text)
{
	static const struct { const char *suffix; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	char *end;
	size_t i;

	memset(o, 0, sizeof(*o));
	if (!*text || text[0] == '-')
		return false;
	if (strspn(text, "0123456789") == strlen(text)) {
		o->threshold = strtoull(text, &end, 10);
		o->resolved = true;
		return *end == '\0' && strlen(text) < 20;
	}
	o->threshold_ns = strtod(text, &end);
	if (end == text || !(o->threshold_ns >= 0) || o->threshold_ns > 1e12)
		return false;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].suffix) == 0) {
			o->threshold_ns *= units[i].ns;
			o->is_time = true;
			return o->threshold_ns < 1e15;
		}
	return false;
}

int outliers_resolve(struct outliers *o, bool unit_ns, double mhz, struct er_err *err)
{
	if (o->resolved)
		return 0;
	if (unit_ns) {
		o->threshold = (uint64_t)o->threshold_ns;
	} else {
		if (!(mhz > 0))
			return er_fail(err, ER_NO_OFFSET, "--slower-than: a time needs the TSC rate "
				       "(give --tsc-mhz, or the threshold in cycles)");
		o->threshold = (uint64_t)(o->threshold_ns * mhz / 1000.0);
		o->mhz = mhz;
	}
	o->resolved = true;
	return 0;
}

/* heap[0] is the fastest kept: the one to drop first */
static bool faster(const struct outlier *a, const struct outlier *b)
{
	return a->value != b->value ? a->value < b->value : a->order > b->order;
}

static void swap(struct outlier *a, struct outlier *b)
{
	struct outlier t = *a;

	*a = *b;
	*b = t;
}

static void sift_down(struct outliers *o, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < o->n && faster(&o->heap[l], &o->heap[m]))
			m = l;
		if (r < o->n && faster(&o->heap[r], &o->heap[m]))
			m = r;
		if (m == i)
			return;
		swap(&o->heap[i], &o->heap[m]);
		i = m;
	}
}

void outliers_add(struct outliers *o, const struct trace_ev *ev, const struct ev_qual *qual)
{
	struct outlier x;
	size_t i;

	if (ev->u.exit.cycles <= o->threshold)
		return;
	o->above++;
	memset(&x, 0, sizeof(x));
	x.time = ev->time;
	x.order = ev->order;
	x.pid = ev->pid;
	x.tid = ev->tid;
	x.vcpu = ev->u.exit.vcpu;
	x.isa = ev->u.exit.isa;
	x.reason = ev->u.exit.reason;
	x.value = ev->u.exit.cycles;
	x.seq = ev->u.exit.seq;
	if (qual) {
		x.have_qual = true;
		x.qual = *qual;
	}
	if (o->n < OUTLIERS_MAX) {
		i = o->n++;
		o->heap[i] = x;
		while (i && faster(&o->heap[i], &o->heap[(i - 1) / 2])) {
			swap(&o->heap[i], &o->heap[(i - 1) / 2]);
			i = (i - 1) / 2;
		}
		return;
	}
	if (!faster(&o->heap[0], &x))
		return;
	o->heap[0] = x;
	sift_down(o, 0);
}

static int by_time(const void *pa, const void *pb)
{
	const struct outlier *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

void outliers_finish(struct outliers *o)
{
	qsort(o->heap, o->n, sizeof(o->heap[0]), by_time);
}
