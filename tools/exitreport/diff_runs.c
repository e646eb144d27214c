/* diff_runs.c - several runs on a side: merging them, and the interval
 * from their spread (diff_runs.h). */
#include "diff_runs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- merging ---- */

static uint64_t clamp_u64(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int merge_row(struct dside_scope *into, const struct dside_row *r)
{
	/* a row of INTO, which this file owns */
	struct dside_row *m = (struct dside_row *)dside_find_row(into, r->name);
	size_t bytes = 0;

	if (!m) {
		m = &into->rows[into->nrows++];	/* room for every run's rows */
		snprintf(m->name, sizeof(m->name), "%s", r->name);
		m->min = r->min;
		m->have_hist = true;
	}
	if (m->count + r->count < m->count || m->sum + r->sum < m->sum)
		return -1;
	m->count += r->count;
	m->sum += r->sum;
	m->min = r->min < m->min ? r->min : m->min;
	m->max = r->max > m->max ? r->max : m->max;
	m->have_hist = m->have_hist && r->have_hist;
	return r->have_hist ? hist_merge(&m->hist, &r->hist, &bytes) : 0;
}

static void finish_rows(struct dside_scope *sc)
{
	for (size_t i = 0; i < sc->nrows; i++) {
		struct dside_row *m = &sc->rows[i];

		m->mean = m->count ? (double)m->sum / (double)m->count : 0;
		m->p50 = clamp_u64(hist_quantile(&m->hist, m->count, 5000), m->min, m->max);
		m->p99 = clamp_u64(hist_quantile(&m->hist, m->count, 9900), m->min, m->max);
	}
}

/* scope I of every run into scope I of SIDE */
static int merge_scope(struct dside *side, size_t i)
{
	struct dside_scope *m = &side->scopes[i];
	const struct dside_scope *first = &side->runs[0].scopes[i];
	size_t k, j, cap = 0;

	for (k = 0; k < side->nruns; k++)
		cap += side->runs[k].scopes[i].nrows;
	m->kind = first->kind;
	m->pid = first->pid;
	m->vcpu = first->vcpu;
	m->rows = calloc(cap ? cap : 1, sizeof(*m->rows));
	if (!m->rows)
		return -1;
	for (k = 0; k < side->nruns; k++) {
		const struct dside_scope *s = &side->runs[k].scopes[i];

		if (m->exits + s->exits < m->exits || m->sum + s->sum < m->sum)
			return -1;
		m->exits += s->exits;
		m->sum += s->sum;
		for (j = 0; j < s->nrows; j++)
			if (merge_row(m, &s->rows[j]) < 0)
				return -1;
	}
	finish_rows(m);
	return 0;
}

/* every run holds the same VMs (by position) with the same vCPUs */
static bool same_scopes(const struct dside *side)
{
	const struct dside *r0 = &side->runs[0];

	for (size_t k = 1; k < side->nruns; k++) {
		const struct dside *r = &side->runs[k];

		if (r->nscopes != r0->nscopes)
			return false;
		for (size_t i = 0; i < r->nscopes; i++)
			if (r->scopes[i].kind != r0->scopes[i].kind ||
			    r->scopes[i].vcpu != r0->scopes[i].vcpu)
				return false;
	}
	return true;
}

static int check_run(const struct dside *side, size_t k, struct er_err *err)
{
	const struct dside *r = &side->runs[k], *r0 = &side->runs[0];

	if (r->from_json)
		return er_fail(err, ER_NO_OFFSET, "a JSON report: with several runs on a side, "
			       "each must be a perf.data recording");
	if (strcmp(r->unit, r0->unit) != 0 || strcmp(r->source, r0->source) != 0)
		return er_fail(err, ER_NO_OFFSET, "%s in %s, but %s has %s in %s: the runs of a "
			       "side must be alike", r->source, r->unit, r0->path, r0->source,
			       r0->unit);
	if (!r->nscopes)
		return er_fail(err, ER_NO_OFFSET, "no exits");
	return 0;
}

static int merge_runs(struct dside *side, struct er_err *err)
{
	size_t k, i, n;

	side->vms_differ = !same_scopes(side);
	n = side->vms_differ ? 1 : side->runs[0].nscopes;
	side->scopes = calloc(n, sizeof(*side->scopes));
	if (!side->scopes)
		goto oom;
	side->nscopes = n;
	side->nvms = side->vms_differ ? 0 : side->runs[0].nvms;
	snprintf(side->source, sizeof(side->source), "%s", side->runs[0].source);
	snprintf(side->unit, sizeof(side->unit), "%s", side->runs[0].unit);
	side->have_time = true;
	for (k = 0; k < side->nruns; k++) {
		const struct dside *r = &side->runs[k];

		side->have_time = side->have_time && r->have_time;
		side->duration_ns += r->duration_ns;
		side->exits += r->exits;
		side->sum += r->sum;
		side->lost += r->lost;
	}
	if (!side->have_time)
		side->duration_ns = 0;
	for (i = 0; i < n; i++)
		if (merge_scope(side, i) < 0)
			goto oom;
	return 0;
oom:
	return er_fail(err, ER_NO_OFFSET, "out of memory (or cycles past 64 bits) merging the runs");
}

int dside_load_runs(struct dside *side, char *const *paths, size_t n,
		    const struct diff_load_opts *o, struct er_err *err, const char **bad)
{
	memset(side, 0, sizeof(*side));
	side->path = paths[0];
	*bad = paths[0];
	side->runs = calloc(n, sizeof(*side->runs));
	if (!side->runs)
		return er_fail(err, ER_NO_OFFSET, "out of memory");
	for (size_t k = 0; k < n; k++) {
		*bad = paths[k];
		side->nruns = k + 1;
		if (dside_load(&side->runs[k], paths[k], o, err) < 0 || check_run(side, k, err) < 0)
			return -1;
	}
	*bad = paths[0];
	return merge_runs(side, err);
}

/* ---- the runs' interval ---- */

static const struct dside *run_of(const struct dside *side, size_t k)
{
	return side->nruns > 1 ? &side->runs[k] : side;
}

/* the value of STAT in one run; false when that run has none */
static bool run_value(const struct dside *run, size_t scope, const char *name,
		      enum run_stat stat, double *v)
{
	const struct dside_row *r = scope < run->nscopes ? dside_find_row(&run->scopes[scope], name)
							   : NULL;
	if (stat == RUN_RATE) {
		if (!run->have_time)
			return false;
		*v = (r ? (double)r->count : 0) * 1e9 / (double)run->duration_ns;
		return true;
	}
	if (!r || !r->count)
		return false;
	*v = stat == RUN_MEAN ? r->mean : stat == RUN_P50 ? (double)r->p50 : (double)r->p99;
	return true;
}

/* the number of the side's runs with a value of STAT, and *SS the sum of the
 * squared deviations of those values from their mean */
static size_t side_spread(const struct dside *side, size_t scope, const char *name,
			  enum run_stat stat, double *ss)
{
	size_t k, n = 0, runs = diff_side_runs(side);
	double x, sum = 0, mean;

	*ss = 0;
	for (k = 0; k < runs; k++)
		if (run_value(run_of(side, k), scope, name, stat, &x)) {
			sum += x;
			n++;
		}
	if (!n)
		return 0;
	mean = sum / (double)n;
	for (k = 0; k < runs; k++)
		if (run_value(run_of(side, k), scope, name, stat, &x))
			*ss += (x - mean) * (x - mean);
	return n;
}

bool runs_spread(const struct dside *a, size_t ia, const struct dside *b, size_t ib,
		 const char *name, enum run_stat stat, struct runs_spread *out)
{
	double ssa, ssb, s;
	size_t na = side_spread(a, ia, name, stat, &ssa);
	size_t nb = side_spread(b, ib, name, stat, &ssb);

	if (!na || !nb || na + nb < 3)
		return false;
	s = sqrt((ssa + ssb) / (double)(na + nb - 2));
	out->se = s * sqrt(1.0 / (double)na + 1.0 / (double)nb);
	out->df = (unsigned int)(na + nb - 2);
	return true;
}
