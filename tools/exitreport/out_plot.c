/* out_plot.c - data files for gnuplot and the rendering of the scripts in
 * plots/ (counts.gp, cycles.gp, hist.gp, rate.gp) to PNG and SVG.
 */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outputs.h"
#include "timeline.h"

#define PLOT_TOP_HIST 4

static const char *const scripts[] = { "counts", "cycles", "hist", "rate" };

static FILE *open_data(const char *dir, const char *name, struct er_err *err)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		er_fail(err, ER_NO_OFFSET, "cannot write %s: %s", path, strerror(errno));
	return f;
}

static int close_data(FILE *f, const char *name, struct er_err *err)
{
	if (fclose(f) != 0)
		return er_fail(err, ER_NO_OFFSET, "cannot write %s: %s", name, strerror(errno));
	return 0;
}

static int row_by_sum(const void *pa, const void *pb)
{
	const struct row *a = *(const struct row *const *)pa;
	const struct row *b = *(const struct row *const *)pb;

	if (a->sum != b->sum)
		return a->sum > b->sum ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* NAME: the report's rows in its order, or with BY_SUM the most time first
 * (reasons-by-time.dat, for cycles.gp). */
static int write_reasons(const struct report *rep, const char *dir, const char *name, bool by_sum,
			 struct er_err *err)
{
	const struct row **rows;
	FILE *f;
	size_t i;

	rows = malloc((rep->nrows ? rep->nrows : 1) * sizeof(*rows));
	if (!rows)
		return er_fail(err, ER_NO_OFFSET, "out of memory");
	for (i = 0; i < rep->nrows; i++)
		rows[i] = &rep->rows[i];
	if (by_sum && rep->nrows > 1)
		qsort(rows, rep->nrows, sizeof(*rows), row_by_sum);
	f = open_data(dir, name, err);
	if (!f) {
		free(rows);
		return -1;
	}
	fprintf(f, "# reason count total(%s)\n", rep->unit);
	for (i = 0; i < rep->nrows; i++)
		fprintf(f, "\"%s\" %" PRIu64 " %" PRIu64 "\n", rows[i]->name, rows[i]->count,
			rows[i]->sum);
	free(rows);
	return close_data(f, name, err);
}

struct cdf {
	FILE *f;
	uint64_t total, seen;
};

/* The distribution function rises across a bucket (how the values lie inside
 * it is unknown) and stays flat between buckets: (lo, before), (hi+1, after). */
static void cdf_points(void *ctx, const struct hist_bucket *b)
{
	struct cdf *c = ctx;
	double before = 100.0 * (double)c->seen / (double)c->total;

	c->seen += b->count;
	fprintf(c->f, "%" PRIu64 " %.6f\n%" PRIu64 " %.6f\n", b->lo, before, b->hi + 1,
		100.0 * (double)c->seen / (double)c->total);
}

/* The rows with the most cycles, best first. */
static size_t top_rows(const struct report *rep, const struct row **top)
{
	size_t n, i, j;

	for (n = 0; n < PLOT_TOP_HIST && n < rep->nrows; n++) {
		const struct row *best = NULL;

		for (i = 0; i < rep->nrows; i++) {
			bool taken = false;

			for (j = 0; j < n; j++)
				taken |= top[j] == &rep->rows[i];
			if (!taken && (!best || rep->rows[i].sum > best->sum))
				best = &rep->rows[i];
		}
		top[n] = best;
	}
	return n;
}

static int write_hists(const struct report *rep, const char *dir, size_t *nhist,
		       struct er_err *err)
{
	const struct row *top[PLOT_TOP_HIST];
	char name[32];
	size_t i;

	*nhist = top_rows(rep, top);
	for (i = 0; i < *nhist; i++) {
		FILE *f;

		snprintf(name, sizeof(name), "hist_%zu.dat", i + 1);
		f = open_data(dir, name, err);
		if (!f)
			return -1;
		struct cdf c = { f, top[i]->count, 0 };

		fprintf(f, "value \"%s\"\n", top[i]->name);
		if (top[i]->count)
			hist_foreach(&top[i]->hist, cdf_points, &c);
		if (close_data(f, name, err) < 0)
			return -1;
	}
	return 0;
}

/* The time unit of the rate plot's x axis for a recording of SPAN ns. */
static void rate_unit(uint64_t span, const char **name, double *ns)
{
	if (span >= 1000000000ull) {
		*name = "s";
		*ns = 1e9;
	} else if (span >= 1000000ull) {
		*name = "ms";
		*ns = 1e6;
	} else {
		*name = "us";
		*ns = 1e3;
	}
}

/* Each bucket as a flat segment (start, rate), (end, rate).  The last
 * bucket ends at the recording's last event, not at its full width, so a
 * recording shorter than a bucket gets its real rate. */
static int write_rate(const struct report *rep, const char *dir, const char **unit,
		      struct er_err *err)
{
	const struct timeline *t = rep->timeline;
	uint64_t end_all = rep->have_time ? rep->last_time : t->start;
	FILE *f = open_data(dir, "rate.dat", err);
	const char *uname;
	double uns;
	size_t i;

	if (!f)
		return -1;
	rate_unit(end_all > t->start ? end_all - t->start : 0, &uname, &uns);
	*unit = uname;
	fprintf(f, "# %s_since_first_exit exits_per_second\n", uname);
	for (i = 0; i < t->used; i++) {
		uint64_t lo = (uint64_t)i * t->width, hi = lo + t->width;

		if (i + 1 == t->used && end_all > t->start && end_all - t->start < hi &&
		    end_all - t->start > lo)
			hi = end_all - t->start;
		fprintf(f, "%.6f %.3f\n%.6f %.3f\n", (double)lo / uns,
			(double)t->count[i] * 1e9 / (double)(hi - lo), (double)hi / uns,
			(double)t->count[i] * 1e9 / (double)(hi - lo));
	}
	if (!t->used)
		fputs("0 0\n", f);
	return close_data(f, "rate.dat", err);
}

static int run_gnuplot(const char *scripts_dir, const char *script, const char *settings,
		       struct er_err *err)
{
	char path[4096];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/%s.gp", scripts_dir, script);
	if (access(path, R_OK) != 0)
		return er_fail(err, ER_NO_OFFSET, "no gnuplot script %s", path);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return er_fail(err, ER_NO_OFFSET, "fork: %s", strerror(errno));
	if (pid == 0) {
		execlp("gnuplot", "gnuplot", "-e", settings, path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return er_fail(err, ER_NO_OFFSET, "waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return er_fail(err, ER_NO_OFFSET, "gnuplot failed on %s (status %d)%s", path,
			       WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			       WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ": is gnuplot installed?" : "");
	return 0;
}

static int render(const struct report *rep, const char *dir, const char *scripts_dir,
		  size_t nhist, const char *tunit, struct er_err *err)
{
	static const char *const formats[] = { "png", "svg" };
	char settings[8704];
	size_t s, fmt;

	for (s = 0; s < sizeof(scripts) / sizeof(scripts[0]); s++) {
		if (strcmp(scripts[s], "hist") == 0 && nhist == 0)
			continue;
		for (fmt = 0; fmt < 2; fmt++) {
			snprintf(settings, sizeof(settings),
				 "datadir='%s'; scriptdir='%s'; outfmt='%s'; unit='%s'; nhist=%zu; "
				 "tunit='%s'", dir, scripts_dir, formats[fmt], rep->unit, nhist, tunit);
			if (run_gnuplot(scripts_dir, scripts[s], settings, err) < 0)
				return -1;
		}
	}
	return 0;
}

int out_plot(const struct report *rep, const char *dir, const char *scripts_dir,
	     struct er_err *err)
{
	const char *tunit = "s";
	size_t nhist;

	/* both names go into gnuplot single-quoted strings; no shell is involved */
	if (strchr(dir, '\'') || strlen(dir) > 4000)
		return er_fail(err, ER_NO_OFFSET, "unusable directory name for gnuplot");
	if (strchr(scripts_dir, '\'') || strlen(scripts_dir) > 4000)
		return er_fail(err, ER_NO_OFFSET, "unusable plot scripts directory for gnuplot: %s",
			       scripts_dir);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return er_fail(err, ER_NO_OFFSET, "cannot create: %s", strerror(errno));
	if (write_reasons(rep, dir, "reasons.dat", false, err) < 0 ||
	    write_reasons(rep, dir, "reasons-by-time.dat", true, err) < 0 ||
	    write_hists(rep, dir, &nhist, err) < 0 ||
	    write_rate(rep, dir, &tunit, err) < 0)
		return -1;
	return render(rep, dir, scripts_dir, nhist, tunit, err);
}
