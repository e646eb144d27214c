/* diff.c - loading the two sides and comparing them (diff.h). */
#include "diff.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include "diff_runs.h"
#include "report.h"
#include "session.h"
#include "student_t.h"

#define DIFF_JSON_MAX (256u << 20)
#define DIFF_JSON_DEPTH 16	/* report > vms > vcpus > reasons > row */
#define DIFF_Z 1.959963984540054	/* two-sided 95% normal quantile (BS_LEVEL) */

const char *dscope_kind_name(enum dscope_kind k)
{
	return k == DSCOPE_TOTAL ? "total" : k == DSCOPE_VM ? "vm" : "vcpu";
}

size_t diff_side_runs(const struct dside *side)
{
	return side->nruns > 1 ? side->nruns : 1;
}

static struct dside_scope *add_scope(struct dside *side, enum dscope_kind kind, size_t nrows)
{
	struct dside_scope *sc, *n;

	n = realloc(side->scopes, (side->nscopes + 1) * sizeof(*n));
	if (!n)
		return NULL;
	side->scopes = n;
	sc = &n[side->nscopes];
	memset(sc, 0, sizeof(*sc));
	sc->kind = kind;
	sc->rows = calloc(nrows ? nrows : 1, sizeof(*sc->rows));
	if (!sc->rows)
		return NULL;
	sc->nrows = nrows;
	side->nscopes++;
	return sc;
}

static int copy_row(struct dside_row *d, const struct row *r, const struct hist *h)
{
	size_t bytes = 0;

	snprintf(d->name, sizeof(d->name), "%s", r->name);
	d->count = r->count;
	d->sum = r->sum;
	d->min = r->min;
	d->max = r->max;
	d->mean = r->mean;
	d->p50 = r->p50;
	d->p99 = r->p99;
	d->have_hist = h != NULL;
	return h ? hist_merge(&d->hist, h, &bytes) : 0;
}

static const struct hist *vcpu_hist(const struct stats *st, uint32_t pid, uint32_t vcpu,
				    const struct row *r)
{
	size_t i, j;

	for (i = 0; i < st->nvcpus; i++) {
		const struct vcpu_stat *v = &st->vcpus[i];

		if (v->pid != pid || v->vcpu != vcpu)
			continue;
		for (j = 0; j < v->nreasons; j++)
			if (v->reasons[j].isa == r->isa && v->reasons[j].reason == r->reason)
				return &v->reasons[j].hist;
	}
	return NULL;
}

static int scope_from_rows(struct dside *side, enum dscope_kind kind, uint32_t pid,
			   uint32_t vcpu, uint64_t exits, uint64_t sum, const struct row *rows,
			   size_t n, const struct stats *st)
{
	struct dside_scope *sc = add_scope(side, kind, n);
	size_t i;

	if (!sc)
		return -1;
	sc->pid = pid;
	sc->vcpu = vcpu;
	sc->exits = exits;
	sc->sum = sum;
	for (i = 0; i < n; i++) {
		const struct hist *h = kind == DSCOPE_VCPU ? vcpu_hist(st, pid, vcpu, &rows[i])
							    : &rows[i].hist;

		if (copy_row(&sc->rows[i], &rows[i], h) < 0)
			return -1;
	}
	return 0;
}

static int load_perf(struct dside *side, const char *path, const struct diff_load_opts *o,
		     struct er_err *err)
{
	struct session_opts so = { 0 };
	struct session s;
	struct report rep = { 0 };
	size_t i, j;
	int ret = -1;

	so.path = path;
	so.prefer_stock = o->prefer_stock;
	if (session_run(&s, &so, err) < 0)
		return -1;
	if (report_build(&rep, &s, SORT_CYCLES, err) < 0)
		goto out;
	snprintf(side->source, sizeof(side->source), "%s", rep.source);
	snprintf(side->unit, sizeof(side->unit), "%s", rep.unit);
	side->have_time = rep.have_time && rep.last_time > rep.first_time;
	side->duration_ns = side->have_time ? rep.last_time - rep.first_time : 0;
	side->exits = rep.exits;
	side->sum = rep.sum;
	side->lost = rep.lost.events + rep.lost.samples + rep.seq_missing;
	if (scope_from_rows(side, DSCOPE_TOTAL, 0, 0, rep.exits, rep.sum, rep.rows, rep.nrows,
			    &s.st) < 0)
		goto oom;
	side->nvms = rep.nvms;
	for (i = 0; i < rep.nvms; i++) {
		const struct vm_report *vm = &rep.vms[i];

		if (scope_from_rows(side, DSCOPE_VM, vm->pid, 0, vm->exits, vm->sum, vm->rows,
				    vm->nrows, &s.st) < 0)
			goto oom;
		for (j = 0; j < vm->nvcpus; j++) {
			const struct vcpu_report *v = &vm->vcpus[j];

			if (scope_from_rows(side, DSCOPE_VCPU, vm->pid, v->vcpu, v->exits, v->sum,
					    v->rows, v->nrows, &s.st) < 0)
				goto oom;
		}
	}
	ret = 0;
	goto out;
oom:
	er_fail(err, ER_NO_OFFSET, "out of memory for the comparison");
out:
	report_free(&rep);
	session_free(&s);
	return ret;
}

/* ---- JSON reports (json-c) ---- */

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *m = NULL;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &m))
		return NULL;
	return m;
}

static bool json_u64(struct json_object *m, uint64_t *v)
{
	if (!m || !json_object_is_type(m, json_type_int) || json_object_get_int64(m) < 0)
		return false;
	*v = json_object_get_uint64(m);
	return true;
}

static bool json_double(struct json_object *m, double *v)
{
	if (!m || !(json_object_is_type(m, json_type_double) ||
		    json_object_is_type(m, json_type_int)))
		return false;
	*v = json_object_get_double(m);
	return isfinite(*v) && *v >= 0;
}

static bool json_copy_string(struct json_object *m, char *out, size_t len)
{
	size_t n;

	if (!m || !json_object_is_type(m, json_type_string))
		return false;
	n = (size_t)json_object_get_string_len(m);
	if (n >= len)
		return false;
	memcpy(out, json_object_get_string(m), n);
	out[n] = '\0';
	return true;
}

static bool json_is_array(struct json_object *m)
{
	return m && json_object_is_type(m, json_type_array);
}

static int json_rows(struct dside *side, struct json_object *obj, enum dscope_kind kind,
		     struct er_err *err)
{
	struct json_object *rows = member(obj, "reasons");
	struct dside_scope *sc;
	size_t i, n;
	uint64_t v;

	if (!json_is_array(rows))
		return er_fail(err, ER_NO_OFFSET, "JSON report: a scope without a reasons array");
	n = json_object_array_length(rows);
	sc = add_scope(side, kind, n);
	if (!sc)
		return er_fail(err, ER_NO_OFFSET, "out of memory for the comparison");
	if (!json_u64(member(obj, "exits"), &sc->exits) || !json_u64(member(obj, "total"), &sc->sum))
		return er_fail(err, ER_NO_OFFSET, "JSON report: a scope without exits/total");
	if (kind != DSCOPE_TOTAL) {
		const char *key = kind == DSCOPE_VM ? "pid" : "vcpu";

		if (!json_u64(member(obj, key), &v) || v > UINT32_MAX)
			return er_fail(err, ER_NO_OFFSET, "JSON report: a %s without its %s",
				       dscope_kind_name(kind), key);
		if (kind == DSCOPE_VM)
			sc->pid = (uint32_t)v;
		else
			sc->vcpu = (uint32_t)v;
	}
	for (i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(rows, i);
		struct dside_row *d = &sc->rows[i];

		if (!json_copy_string(member(r, "name"), d->name, sizeof(d->name)) ||
		    !json_u64(member(r, "count"), &d->count) ||
		    !json_u64(member(r, "total"), &d->sum) ||
		    !json_u64(member(r, "min"), &d->min) ||
		    !json_u64(member(r, "max"), &d->max) ||
		    !json_double(member(r, "mean"), &d->mean) ||
		    !json_u64(member(r, "p50"), &d->p50) ||
		    !json_u64(member(r, "p99"), &d->p99))
			return er_fail(err, ER_NO_OFFSET,
				       "JSON report: reason row %zu of a %s lacks name, count, total, "
				       "min, max, mean, p50 or p99", i + 1, dscope_kind_name(kind));
	}
	return 0;
}

static int json_vms(struct dside *side, struct json_object *vms, struct er_err *err)
{
	size_t i, j;

	if (!json_is_array(vms))
		return er_fail(err, 0, "JSON report: no vms array");
	for (i = 0; i < json_object_array_length(vms); i++) {
		struct json_object *vm = json_object_array_get_idx(vms, i);
		struct json_object *vcpus = member(vm, "vcpus");
		uint32_t pid;

		if (json_rows(side, vm, DSCOPE_VM, err) < 0)
			return -1;
		pid = side->scopes[side->nscopes - 1].pid;
		side->nvms++;
		if (!json_is_array(vcpus))
			return er_fail(err, 0, "JSON report: a vm without a vcpus array");
		for (j = 0; j < json_object_array_length(vcpus); j++) {
			if (json_rows(side, json_object_array_get_idx(vcpus, j), DSCOPE_VCPU, err) < 0)
				return -1;
			side->scopes[side->nscopes - 1].pid = pid;
		}
	}
	return 0;
}

static int json_report(struct dside *side, struct json_object *root, struct er_err *err)
{
	struct json_object *tool = member(root, "tool"), *t, *lost;
	uint64_t v;

	if (!root || !json_object_is_type(root, json_type_object) || !tool ||
	    !json_object_is_type(tool, json_type_string) ||
	    strcmp(json_object_get_string(tool), "exitreport") != 0 || member(root, "kind"))
		return er_fail(err, 0, "not an exitreport JSON report");
	if (!json_u64(member(root, "schema_version"), &v) || v != 1)
		return er_fail(err, 0, "JSON report: schema_version is not 1");
	if (!json_copy_string(member(root, "source"), side->source, sizeof(side->source)) ||
	    !json_copy_string(member(root, "unit"), side->unit, sizeof(side->unit)))
		return er_fail(err, 0, "JSON report: no source or unit");
	t = member(root, "time");
	if (json_u64(member(t, "duration_ns"), &side->duration_ns))
		side->have_time = side->duration_ns > 0;
	lost = member(root, "lost");
	if (json_u64(member(lost, "events"), &v))
		side->lost += v;
	if (json_u64(member(lost, "samples"), &v))
		side->lost += v;
	if (json_u64(member(lost, "seq_missing"), &v))
		side->lost += v;
	if (json_rows(side, root, DSCOPE_TOTAL, err) < 0)
		return -1;
	side->exits = side->scopes[0].exits;
	side->sum = side->scopes[0].sum;
	return json_vms(side, member(root, "vms"), err);
}

static int load_json(struct dside *side, FILE *f, struct er_err *err)
{
	struct json_tokener *tok = json_tokener_new_ex(DIFF_JSON_DEPTH);
	struct json_object *root = NULL;
	char *buf = malloc(DIFF_JSON_MAX + 1);
	size_t n;
	int ret = -1;

	if (!buf || !tok) {
		er_fail(err, ER_NO_OFFSET, "out of memory");
		goto out;
	}
	n = fread(buf, 1, DIFF_JSON_MAX + 1, f);
	if (ferror(f) || n > DIFF_JSON_MAX) {
		er_fail(err, ER_NO_OFFSET, "cannot read (or larger than %u bytes)", DIFF_JSON_MAX);
		goto out;
	}
	side->from_json = true;
	root = json_tokener_parse_ex(tok, buf, (int)n);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		er_fail(err, json_tokener_get_parse_end(tok), "JSON report: %s",
			e == json_tokener_continue ? "truncated" : json_tokener_error_desc(e));
		goto out;
	}
	for (size_t i = json_tokener_get_parse_end(tok); i < n; i++) {
		if (!isspace((unsigned char)buf[i])) {
			er_fail(err, i, "not an exitreport JSON report (more than one document)");
			goto out;
		}
	}
	ret = json_report(side, root, err);
out:
	json_object_put(root);
	if (tok)
		json_tokener_free(tok);
	free(buf);
	return ret;
}

int dside_load(struct dside *side, const char *path, const struct diff_load_opts *o,
	       struct er_err *err)
{
	FILE *f;
	int c, ret;

	memset(side, 0, sizeof(*side));
	side->path = path;
	if (strcmp(path, "-") == 0)
		return load_perf(side, path, o, err);
	f = fopen(path, "rb");
	if (!f)
		return er_fail(err, ER_NO_OFFSET, "cannot open: %s", strerror(errno));
	do
		c = getc(f);
	while (c == ' ' || c == '\n' || c == '\t' || c == '\r');
	if (c != '{') {
		fclose(f);
		return load_perf(side, path, o, err);
	}
	rewind(f);
	ret = load_json(side, f, err);
	fclose(f);
	return ret;
}

/* ---- the comparison ---- */

const struct dside_row *dside_find_row(const struct dside_scope *sc, const char *name)
{
	size_t i;

	for (i = 0; sc && i < sc->nrows; i++)
		if (strcmp(sc->rows[i].name, name) == 0)
			return &sc->rows[i];
	return NULL;
}

static double rate(const struct dside *side, uint64_t count)
{
	return side->have_time ? (double)count * 1e9 / (double)side->duration_ns : -1;
}

static void bs_side(struct bs_sample *s, const struct dside_row *r)
{
	memset(s, 0, sizeof(*s));
	if (!r)
		return;
	s->hist = r->have_hist ? &r->hist : NULL;
	s->count = r->count;
	s->min = r->min;
	s->max = r->max;
	s->stat[BS_MEAN] = r->mean;
	s->stat[BS_P50] = (double)r->p50;
	s->stat[BS_P99] = (double)r->p99;
}

static uint64_t row_key(size_t scope, const char *name)
{
	uint64_t h = 1469598103934665603ull ^ scope;	/* FNV-1a */

	while (*name) {
		h ^= (unsigned char)*name++;
		h *= 1099511628211ull;
	}
	return h;
}

static const enum run_stat run_stat_of[BS_NSTATS] = {
	[BS_MEAN] = RUN_MEAN, [BS_P50] = RUN_P50, [BS_P99] = RUN_P99
};

/* widen IV to B - A +- t * se when the runs give a spread and that is wider */
static void widen(const struct diff *d, const struct diff_scope *ds, const char *name,
		  enum run_stat stat, double alpha, struct bs_interval *iv)
{
	struct runs_spread sp;
	double half;

	if (!iv->valid || !runs_spread(&d->a, ds->ia, &d->b, ds->ib, name, stat, &sp))
		return;
	half = t_quantile(alpha, sp.df) * sp.se;
	if (iv->diff - half < iv->lo)
		iv->lo = iv->diff - half;
	if (iv->diff + half > iv->hi)
		iv->hi = iv->diff + half;
}

/* the rates and medians of the table that the runs test: what flags a row */
static size_t count_runs_tests(const struct diff *d)
{
	struct runs_spread sp;
	size_t i, j, m = 0;

	for (i = 0; i < d->nscopes; i++)
		for (j = 0; j < d->scopes[i].nrows; j++) {
			const struct diff_scope *ds = &d->scopes[i];
			const struct diff_row *r = &ds->rows[j];

			m += r->rate.valid &&
			     runs_spread(&d->a, ds->ia, &d->b, ds->ib, r->name, RUN_RATE, &sp);
			m += r->iv[BS_P50].valid &&
			     runs_spread(&d->a, ds->ia, &d->b, ds->ib, r->name, RUN_P50, &sp);
		}
	return m;
}

/* With runs, every interval the wider of the samples' and the runs', whose
 * t shares 1 - BS_LEVEL among all the tests that flag rows (Bonferroni):
 * two runs of one workload differ somewhere in a table of 17 reasons x 2
 * tests x every scope far more often than one time in 20.  The median, not
 * the mean, flags: a run's mean follows its tail, and the tail is where two
 * runs of one workload differ most (exitreport.1, diff). */
static void judge(struct diff *d)
{
	double alpha = 1 - BS_LEVEL;
	size_t i, j;
	int s;

	if (d->by_runs) {
		d->runs_tests = count_runs_tests(d);
		alpha /= (double)(d->runs_tests ? d->runs_tests : 1);
	}
	for (i = 0; i < d->nscopes; i++) {
		struct diff_scope *ds = &d->scopes[i];

		ds->nsig = 0;
		for (j = 0; j < ds->nrows; j++) {
			struct diff_row *r = &ds->rows[j];

			if (d->by_runs) {
				widen(d, ds, r->name, RUN_RATE, alpha, &r->rate);
				for (s = 0; s < BS_NSTATS; s++)
					widen(d, ds, r->name, run_stat_of[s], alpha, &r->iv[s]);
			}
			r->sig_rate = bs_significant(&r->rate, d->min_change / 100 * r->rate_a);
			r->sig_p50 = bs_significant(&r->iv[BS_P50],
						    r->a ? d->min_change / 100 * (double)r->a->p50 : 0);
			ds->nsig += r->sig_rate || r->sig_p50;
		}
	}
	d->nsig = d->nscopes ? d->scopes[0].nsig : 0;
}

static int fill_row(struct diff *d, size_t scope_index, struct diff_scope *ds,
		    struct diff_row *r)
{
	struct bs_sample sa, sb;
	uint64_t ca = r->a ? r->a->count : 0, cb = r->b ? r->b->count : 0;

	r->rate_a = rate(&d->a, ca);
	r->rate_b = rate(&d->b, cb);
	if (r->rate_a >= 0 && r->rate_b >= 0) {
		double da = (double)d->a.duration_ns / 1e9, db = (double)d->b.duration_ns / 1e9;
		double se = sqrt((double)ca / (da * da) + (double)cb / (db * db));

		r->rate.valid = true;
		r->rate.diff = r->rate_b - r->rate_a;
		r->rate.lo = r->rate.diff - DIFF_Z * se;
		r->rate.hi = r->rate.diff + DIFF_Z * se;
	}
	r->share_a = ds->sum_a && r->a ? 100.0 * (double)r->a->sum / (double)ds->sum_a : 0;
	r->share_b = ds->sum_b && r->b ? 100.0 * (double)r->b->sum / (double)ds->sum_b : 0;
	r->impact = r->share_b - r->share_a;
	bs_side(&sa, r->a);
	bs_side(&sb, r->b);
	if (bs_diff(&sa, &sb, d->resamples, row_key(scope_index, r->name), r->iv) < 0)
		return -1;
	if (!r->a || !r->b)
		for (int s = 0; s < BS_NSTATS; s++)
			r->iv[s].diff = 0;
	return 0;
}

static int impact_cmp(const void *pa, const void *pb)
{
	const struct diff_row *a = pa, *b = pb;
	double ia = fabs(a->impact), ib = fabs(b->impact);

	if (ia != ib)
		return ia > ib ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int compare_scope(struct diff *d, size_t ia, size_t ib)
{
	const struct dside_scope *sa = &d->a.scopes[ia], *sb = &d->b.scopes[ib];
	struct diff_scope *ds, *n;
	size_t i, cap = sa->nrows + sb->nrows;

	n = realloc(d->scopes, (d->nscopes + 1) * sizeof(*n));
	if (!n)
		return -1;
	d->scopes = n;
	ds = &n[d->nscopes++];
	memset(ds, 0, sizeof(*ds));
	ds->kind = sa->kind;
	ds->ia = ia;
	ds->ib = ib;
	ds->pid_a = sa->pid;
	ds->pid_b = sb->pid;
	ds->vcpu = sa->vcpu;
	ds->exits_a = sa->exits;
	ds->exits_b = sb->exits;
	ds->sum_a = sa->sum;
	ds->sum_b = sb->sum;
	ds->rows = calloc(cap ? cap : 1, sizeof(*ds->rows));
	if (!ds->rows)
		return -1;
	for (i = 0; i < sa->nrows; i++) {
		struct diff_row *r = &ds->rows[ds->nrows++];

		snprintf(r->name, sizeof(r->name), "%s", sa->rows[i].name);
		r->a = &sa->rows[i];
		r->b = dside_find_row(sb, r->name);
	}
	for (i = 0; i < sb->nrows; i++) {
		if (dside_find_row(sa, sb->rows[i].name))
			continue;
		snprintf(ds->rows[ds->nrows].name, sizeof(ds->rows[0].name), "%s", sb->rows[i].name);
		ds->rows[ds->nrows++].b = &sb->rows[i];
	}
	for (i = 0; i < ds->nrows; i++)
		if (fill_row(d, d->nscopes - 1, ds, &ds->rows[i]) < 0)
			return -1;
	qsort(ds->rows, ds->nrows, sizeof(*ds->rows), impact_cmp);
	return 0;
}

static const struct dside_scope *find_vcpu(const struct dside *side, size_t vm, uint32_t vcpu)
{
	size_t i;

	for (i = vm + 1; i < side->nscopes && side->scopes[i].kind == DSCOPE_VCPU; i++)
		if (side->scopes[i].vcpu == vcpu)
			return &side->scopes[i];
	return NULL;
}

static size_t vm_vcpus(const struct dside *side, size_t vm)
{
	size_t n = 0;

	while (vm + 1 + n < side->nscopes && side->scopes[vm + 1 + n].kind == DSCOPE_VCPU)
		n++;
	return n;
}

int diff_compute(struct diff *d, struct er_err *err)
{
	size_t i, j, vb = 0;

	if (strcmp(d->a.unit, d->b.unit) != 0)
		return er_fail(err, ER_NO_OFFSET, "%s is in %s, %s in %s: compare like with like "
			       "(--stock for both, or neither)", d->a.path, d->a.unit, d->b.path,
			       d->b.unit);
	if (!d->a.nscopes || !d->b.nscopes)
		return er_fail(err, ER_NO_OFFSET, "nothing to compare");
	d->by_runs = (d->a.nruns > 1 ? d->a.nruns : 1) + (d->b.nruns > 1 ? d->b.nruns : 1) >= 3;
	if (compare_scope(d, 0, 0) < 0)
		goto oom;
	d->vms_correspond = d->a.nvms == d->b.nvms && !d->a.vms_differ && !d->b.vms_differ;
	for (i = 1; d->vms_correspond && i < d->a.nscopes; i++) {
		if (d->a.scopes[i].kind != DSCOPE_VM)
			continue;
		for (vb++; vb < d->b.nscopes && d->b.scopes[vb].kind != DSCOPE_VM; vb++)
			;
		if (vb >= d->b.nscopes)
			break;
		if (d->a.nvms == 1 && vm_vcpus(&d->a, i) == 1 && vm_vcpus(&d->b, vb) == 1) {
			d->repeats_left_out = true;	/* VM and vCPU equal the total */
			continue;
		}
		if (d->a.nvms == 1)
			d->repeats_left_out = true;	/* the VM equals the total */
		else if (compare_scope(d, i, vb) < 0)
			goto oom;
		for (j = i + 1; j < d->a.nscopes && d->a.scopes[j].kind == DSCOPE_VCPU; j++) {
			const struct dside_scope *other = find_vcpu(&d->b, vb, d->a.scopes[j].vcpu);

			if (!other)
				d->unmatched_vcpus++;
			else if (compare_scope(d, j, (size_t)(other - d->b.scopes)) < 0)
				goto oom;
		}
		for (j = vb + 1; j < d->b.nscopes && d->b.scopes[j].kind == DSCOPE_VCPU; j++)
			if (!find_vcpu(&d->a, i, d->b.scopes[j].vcpu))
				d->unmatched_vcpus++;
	}
	judge(d);
	return 0;
oom:
	return er_fail(err, ER_NO_OFFSET, "out of memory for the comparison");
}

static void side_free(struct dside *side)
{
	size_t i, j;

	for (i = 0; i < side->nscopes; i++) {
		for (j = 0; j < side->scopes[i].nrows; j++)
			hist_free(&side->scopes[i].rows[j].hist);
		free(side->scopes[i].rows);
	}
	free(side->scopes);
	for (i = 0; i < side->nruns && side->runs; i++)
		side_free(&side->runs[i]);
	free(side->runs);
	memset(side, 0, sizeof(*side));
}

void diff_free(struct diff *d)
{
	size_t i;

	for (i = 0; i < d->nscopes; i++)
		free(d->scopes[i].rows);
	free(d->scopes);
	side_free(&d->a);
	side_free(&d->b);
	memset(d, 0, sizeof(*d));
}
