/* qmp_stats.c - query-stats-schemas and query-stats replies into vCPU
 * snapshots (see qmp_stats.h).  Every value is checked for its JSON type
 * and, for arrays, its element count before it is used. */
#include "qmp_stats.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

static const char *const stock_names[QS_NSTOCK] = {
	"exits", "halt_exits", "io_exits", "mmio_exits", "irq_exits", "irq_window_exits",
	"nmi_window_exits", "signal_exits", "request_irq_exits", "hypercalls", "insn_emulation",
};

const char *qmp_stock_name(enum qmp_stock s)
{
	return stock_names[s];
}

enum { X_COUNT, X_CYCLES, X_HIST, X_N };

struct want {
	const char *name;
	const char *type;	/* QMP StatsType */
	const char *unit;	/* QMP StatsUnit, NULL none */
	size_t elems;		/* 1 scalar */
};

static const struct want exit_wants[X_N] = {
	{ "exit_stats_count", "cumulative", NULL, EXIT_SLOTS },
	{ "exit_stats_cycles", "cumulative", "cycles", EXIT_SLOTS },
	{ "exit_cycles_hist", "log2-histogram", "cycles", QMP_HIST_BUCKETS },
};

static const char *str_member(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The stats array of the kvm provider's vcpu target in a schemas reply. */
static struct json_object *vcpu_schema(struct json_object *ret, struct er_err *err)
{
	size_t i, n;

	if (!json_object_is_type(ret, json_type_array))
		return er_fail(err, ER_NO_OFFSET, "query-stats-schemas: the return is not an array"),
		       NULL;
	n = json_object_array_length(ret);
	for (i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(ret, i), *stats;

		if (!json_object_is_type(s, json_type_object))
			return er_fail(err, ER_NO_OFFSET, "query-stats-schemas: element %zu is not an "
				       "object", i), NULL;
		if (!same(str_member(s, "provider"), "kvm") || !same(str_member(s, "target"), "vcpu"))
			continue;
		if (!json_object_object_get_ex(s, "stats", &stats) ||
		    !json_object_is_type(stats, json_type_array))
			return er_fail(err, ER_NO_OFFSET, "query-stats-schemas: kvm vcpu: no stats "
				       "array"), NULL;
		return stats;
	}
	return er_fail(err, ER_NO_OFFSET, "query-stats-schemas: no kvm provider with a vcpu target "
		       "(not a KVM guest?)"), NULL;
}

static struct json_object *find_stat(struct json_object *stats, const char *name)
{
	size_t i, n = json_object_array_length(stats);

	for (i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(stats, i);

		if (json_object_is_type(s, json_type_object) && same(str_member(s, "name"), name))
			return s;
	}
	return NULL;
}

/* 1 present as wanted, 0 absent, -1 present otherwise */
static int check_stat(struct json_object *stats, const struct want *w, struct er_err *err)
{
	struct json_object *s = find_stat(stats, w->name), *e;
	const char *type, *unit;

	if (!s)
		return 0;
	type = str_member(s, "type");
	unit = str_member(s, "unit");
	if (!same(type, w->type))
		return er_fail(err, ER_NO_OFFSET, "query-stats-schemas: %s has type %s, expected %s",
			       w->name, type ? type : "(none)", w->type);
	if (!same(unit, w->unit))
		return er_fail(err, ER_NO_OFFSET, "query-stats-schemas: %s has unit %s, expected %s",
			       w->name, unit ? unit : "(none)", w->unit ? w->unit : "(none)");
	if (json_object_object_get_ex(s, "exponent", &e) &&
	    (!json_object_is_type(e, json_type_int) || json_object_get_int64(e) != 0))
		return er_fail(err, ER_NO_OFFSET, "query-stats-schemas: %s has exponent %s, expected 0",
			       w->name, json_object_to_json_string(e));
	return 1;
}

int qmp_schema_read(struct qmp *q, struct qmp_schema *sc, struct er_err *err)
{
	struct json_object *args = json_object_new_object(), *ret = NULL, *stats;
	int have[X_N], i, rc = -1;

	memset(sc, 0, sizeof(*sc));
	json_object_object_add(args, "provider", json_object_new_string("kvm"));
	if (qmp_exec(q, "query-stats-schemas", args, &ret, err) < 0)
		return -1;
	stats = vcpu_schema(ret, err);
	if (!stats)
		goto out;
	for (i = 0; i < QS_NSTOCK; i++) {
		struct want w = { stock_names[i], "cumulative", NULL, 1 };
		int r = check_stat(stats, &w, err);

		if (r < 0)
			goto out;
		sc->stock[i] = r;
	}
	if (!sc->stock[QS_EXITS]) {
		er_fail(err, ER_NO_OFFSET, "query-stats-schemas: no 'exits' stat for the vCPUs");
		goto out;
	}
	for (i = 0; i < X_N; i++)
		if ((have[i] = check_stat(stats, &exit_wants[i], err)) < 0)
			goto out;
	for (i = 1; i < X_N; i++)
		if (have[i] != have[0]) {
			er_fail(err, ER_NO_OFFSET, "query-stats-schemas: %s %s but %s %s",
				exit_wants[0].name, have[0] ? "exists" : "is missing",
				exit_wants[i].name, have[i] ? "exists" : "is missing");
			goto out;
		}
	sc->exit_stats = have[0];
	rc = 0;
out:
	json_object_put(ret);
	return rc;
}

/* a non-negative JSON integer */
static bool get_u64(struct json_object *v, uint64_t *out)
{
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
		return false;
	*out = json_object_get_uint64(v);
	return true;
}

static int get_values(struct json_object *val, const struct want *w, bool kernel_order,
		      uint64_t *out, const char *cpu, struct er_err *err)
{
	size_t i, n;

	if (w->elems == 1) {
		if (!get_u64(val, out))
			return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: %s is %s, expected a "
				       "non-negative integer", cpu, w->name,
				       json_object_to_json_string(val));
		return 0;
	}
	if (!json_object_is_type(val, json_type_array))
		return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: %s is not a list", cpu,
			       w->name);
	n = json_object_array_length(val);
	if (n != w->elems)
		return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: %s has %zu elements, "
			       "expected %zu", cpu, w->name, n, w->elems);
	for (i = 0; i < n; i++) {
		size_t to = kernel_order ? i : n - 1 - i;

		if (!get_u64(json_object_array_get_idx(val, i), &out[to]))
			return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: %s element %zu is not "
				       "a non-negative integer", cpu, w->name, i);
	}
	return 0;
}

/* The wanted stat W in a vCPU's result: its uint64s into OUT. */
static int vcpu_stat(struct json_object *stats, const struct want *w, bool kernel_order,
		     uint64_t *out, const char *cpu, struct er_err *err)
{
	size_t i, n = json_object_array_length(stats), seen = 0;

	for (i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(stats, i), *val;

		if (!json_object_is_type(s, json_type_object) || !str_member(s, "name"))
			return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: stat %zu has no name",
				       cpu, i);
		if (!same(str_member(s, "name"), w->name))
			continue;
		if (seen++)
			return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: %s twice", cpu,
				       w->name);
		if (!json_object_object_get_ex(s, "value", &val))
			return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: %s has no value", cpu,
				       w->name);
		if (get_values(val, w, kernel_order, out, cpu, err) < 0)
			return -1;
	}
	if (!seen)
		return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: no %s (the schema has it)",
			       cpu, w->name);
	return 0;
}

/* the vCPU of QOM path PATH in query-cpus-fast's reply: -1 none */
static long cpu_of(struct json_object *cpus, const char *path, uint32_t *index, uint32_t *tid,
		   struct er_err *err)
{
	size_t i, n = json_object_array_length(cpus);

	for (i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(cpus, i), *v;
		uint64_t idx, t;

		if (!same(str_member(c, "qom-path"), path))
			continue;
		if (!json_object_object_get_ex(c, "cpu-index", &v) || !get_u64(v, &idx) ||
		    idx >= QMP_MAX_VCPUS)
			return er_fail(err, ER_NO_OFFSET, "query-cpus-fast: %s: no cpu-index below %u",
				       path, QMP_MAX_VCPUS);
		if (!json_object_object_get_ex(c, "thread-id", &v) || !get_u64(v, &t) ||
		    t > UINT32_MAX)
			return er_fail(err, ER_NO_OFFSET, "query-cpus-fast: %s: no thread-id", path);
		*index = (uint32_t)idx;
		*tid = (uint32_t)t;
		return (long)i;
	}
	return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s is not in query-cpus-fast", path);
}

static int vcpu_cmp(const void *pa, const void *pb)
{
	const struct qmp_vcpu *a = pa, *b = pb;

	return (a->vcpu > b->vcpu) - (a->vcpu < b->vcpu);
}

static int parse_result(struct json_object *r, struct json_object *cpus,
			const struct qmp_schema *sc, bool kernel_order, struct qmp_vcpu *v,
			struct er_err *err)
{
	struct json_object *stats;
	const char *path = str_member(r, "qom-path");
	struct want w = { NULL, NULL, NULL, 1 };
	uint64_t *arrays[X_N] = { v->count, v->cycles, v->hist };
	int i;

	if (!path)
		return er_fail(err, ER_NO_OFFSET, "query-stats: a vcpu result without qom-path");
	if (!json_object_object_get_ex(r, "stats", &stats) ||
	    !json_object_is_type(stats, json_type_array))
		return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %s: no stats list", path);
	if (cpu_of(cpus, path, &v->vcpu, &v->tid, err) < 0)
		return -1;
	for (i = 0; i < QS_NSTOCK; i++) {
		w.name = stock_names[i];
		if (sc->stock[i] && vcpu_stat(stats, &w, kernel_order, &v->stock[i], path, err) < 0)
			return -1;
	}
	for (i = 0; sc->exit_stats && i < X_N; i++)
		if (vcpu_stat(stats, &exit_wants[i], kernel_order, arrays[i], path, err) < 0)
			return -1;
	return 0;
}

int qmp_snap_parse(struct json_object *ret, struct json_object *cpus,
		   const struct qmp_schema *sc, bool kernel_order, struct qmp_snap *snap,
		   struct er_err *err)
{
	size_t i, n;

	memset(snap, 0, sizeof(*snap));
	if (!json_object_is_type(ret, json_type_array))
		return er_fail(err, ER_NO_OFFSET, "query-stats: the return is not an array");
	if (!json_object_is_type(cpus, json_type_array))
		return er_fail(err, ER_NO_OFFSET, "query-cpus-fast: the return is not an array");
	n = json_object_array_length(ret);
	if (n == 0)
		return er_fail(err, ER_NO_OFFSET, "query-stats: no vCPU results");
	if (n > QMP_MAX_VCPUS || n != json_object_array_length(cpus))
		return er_fail(err, ER_NO_OFFSET, "query-stats: %zu vCPU results for %zu vCPUs", n,
			       json_object_array_length(cpus));
	snap->v = calloc(n, sizeof(*snap->v));
	if (!snap->v)
		return er_fail(err, ER_NO_OFFSET, "out of memory");
	for (i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(ret, i);

		if (!json_object_is_type(r, json_type_object) || !same(str_member(r, "provider"), "kvm"))
			return er_fail(err, ER_NO_OFFSET, "query-stats: result %zu is not kvm's", i);
		if (parse_result(r, cpus, sc, kernel_order, &snap->v[i], err) < 0)
			return -1;
		snap->n++;
	}
	qsort(snap->v, n, sizeof(*snap->v), vcpu_cmp);
	for (i = 1; i < n; i++)
		if (snap->v[i].vcpu == snap->v[i - 1].vcpu)
			return er_fail(err, ER_NO_OFFSET, "query-stats: vCPU %u twice", snap->v[i].vcpu);
	return 0;
}

static struct json_object *stats_args(const struct qmp_schema *sc)
{
	struct json_object *args = json_object_new_object(), *prov = json_object_new_object();
	struct json_object *provs = json_object_new_array(), *names = json_object_new_array();
	int i;

	for (i = 0; i < QS_NSTOCK; i++)
		if (sc->stock[i])
			json_object_array_add(names, json_object_new_string(stock_names[i]));
	for (i = 0; sc->exit_stats && i < X_N; i++)
		json_object_array_add(names, json_object_new_string(exit_wants[i].name));
	json_object_object_add(prov, "provider", json_object_new_string("kvm"));
	json_object_object_add(prov, "names", names);
	json_object_array_add(provs, prov);
	json_object_object_add(args, "target", json_object_new_string("vcpu"));
	json_object_object_add(args, "providers", provs);
	return args;
}

int qmp_snap_read(struct qmp *q, const struct qmp_schema *sc, bool kernel_order,
		  struct qmp_snap *snap, struct er_err *err)
{
	struct json_object *ret = NULL, *cpus = NULL;
	struct timespec ts;
	int rc = -1;

	memset(snap, 0, sizeof(*snap));
	if (qmp_exec(q, "query-cpus-fast", NULL, &cpus, err) < 0)
		return -1;
	if (qmp_exec(q, "query-stats", stats_args(sc), &ret, err) == 0)
		rc = qmp_snap_parse(ret, cpus, sc, kernel_order, snap, err);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snap->time_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	json_object_put(ret);
	json_object_put(cpus);
	return rc;
}

static int sub(uint64_t a, uint64_t b, uint64_t *d, uint32_t vcpu, const char *what, size_t i,
	       struct er_err *err)
{
	char at[24] = "";

	if (i != SIZE_MAX)
		snprintf(at, sizeof(at), "[%zu]", i);
	if (b < a)
		return er_fail(err, ER_NO_OFFSET, "vCPU %u: %s%s went back from %llu to %llu", vcpu,
			       what, at, (unsigned long long)a, (unsigned long long)b);
	*d = b - a;
	return 0;
}

int qmp_snap_delta(const struct qmp_snap *a, const struct qmp_snap *b, struct qmp_snap *d,
		   struct er_err *err)
{
	size_t i, j;

	memset(d, 0, sizeof(*d));
	if (a->n != b->n)
		return er_fail(err, ER_NO_OFFSET, "the VM went from %zu to %zu vCPUs", a->n, b->n);
	d->v = calloc(b->n ? b->n : 1, sizeof(*d->v));
	if (!d->v)
		return er_fail(err, ER_NO_OFFSET, "out of memory");
	d->n = b->n;
	d->time_ns = b->time_ns - a->time_ns;
	for (i = 0; i < b->n; i++) {
		const struct qmp_vcpu *x = &a->v[i], *y = &b->v[i];
		struct qmp_vcpu *z = &d->v[i];

		if (x->vcpu != y->vcpu)
			return er_fail(err, ER_NO_OFFSET, "vCPU %u is gone", x->vcpu);
		z->vcpu = y->vcpu;
		z->tid = y->tid;
		for (j = 0; j < QS_NSTOCK; j++)
			if (sub(x->stock[j], y->stock[j], &z->stock[j], y->vcpu, stock_names[j], SIZE_MAX,
				err) < 0)
				return -1;
		for (j = 0; j < EXIT_SLOTS; j++)
			if (sub(x->count[j], y->count[j], &z->count[j], y->vcpu, "exit_stats_count", j,
				err) < 0 ||
			    sub(x->cycles[j], y->cycles[j], &z->cycles[j], y->vcpu,
				"exit_stats_cycles", j, err) < 0)
				return -1;
		for (j = 0; j < QMP_HIST_BUCKETS; j++)
			if (sub(x->hist[j], y->hist[j], &z->hist[j], y->vcpu, "exit_cycles_hist", j,
				err) < 0)
				return -1;
	}
	return 0;
}

void qmp_snap_free(struct qmp_snap *snap)
{
	free(snap->v);
	memset(snap, 0, sizeof(*snap));
}
