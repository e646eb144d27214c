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

static int write_reasons(const struct report *rep, const char *dir, struct er_err *err)
{
	FILE *f = open_data(dir, "reasons.dat", err);
	size_t i;

	if (!f)
		return -1;
	fprintf(f, "# reason count total(%s)\n", rep->unit);
	for (i = 0; i < rep->nrows; i++)
		fprintf(f, "\"%s\" %" PRIu64 " %" PRIu64 "\n", rep->rows[i].name, rep->rows[i].count,
			rep->rows[i].sum);
	return close_data(f, "reasons.dat", err);
}

static void bucket_line(void *ctx, const struct hist_bucket *b)
{
	fprintf(ctx, "%" PRIu64 " %" PRIu64 " %" PRIu64 "\n", b->lo, b->hi, b->count);
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
		fprintf(f, "lo hi \"%s\"\n", top[i]->name);
		hist_foreach(&top[i]->hist, bucket_line, f);
		if (close_data(f, name, err) < 0)
			return -1;
	}
	return 0;
}

static int write_rate(const struct report *rep, const char *dir, struct er_err *err)
{
	const struct timeline *t = rep->timeline;
	FILE *f = open_data(dir, "rate.dat", err);
	double width = (double)t->width / 1e9;
	size_t i;

	if (!f)
		return -1;
	fputs("# seconds exits_per_second\n", f);
	for (i = 0; i < t->used; i++)
		fprintf(f, "%.3f %.3f\n", (double)i * width, (double)t->count[i] / width);
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
		  size_t nhist, struct er_err *err)
{
	static const char *const formats[] = { "png", "svg" };
	char settings[8704];
	size_t s, fmt;

	for (s = 0; s < sizeof(scripts) / sizeof(scripts[0]); s++) {
		if (strcmp(scripts[s], "hist") == 0 && nhist == 0)
			continue;
		for (fmt = 0; fmt < 2; fmt++) {
			snprintf(settings, sizeof(settings),
				 "datadir='%s'; scriptdir='%s'; outfmt='%s'; unit='%s'; nhist=%zu", dir,
				 scripts_dir, formats[fmt], rep->unit, nhist);
			if (run_gnuplot(scripts_dir, scripts[s], settings, err) < 0)
				return -1;
		}
	}
	return 0;
}

int out_plot(const struct report *rep, const char *dir, const char *scripts_dir,
	     struct er_err *err)
{
	size_t nhist;

	/* both names go into gnuplot single-quoted strings; no shell is involved */
	if (strchr(dir, '\'') || strlen(dir) > 4000)
		return er_fail(err, ER_NO_OFFSET, "unusable directory name for gnuplot");
	if (strchr(scripts_dir, '\'') || strlen(scripts_dir) > 4000)
		return er_fail(err, ER_NO_OFFSET, "unusable plot scripts directory for gnuplot: %s",
			       scripts_dir);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return er_fail(err, ER_NO_OFFSET, "cannot create: %s", strerror(errno));
	if (write_reasons(rep, dir, err) < 0 || write_hists(rep, dir, &nhist, err) < 0 ||
	    write_rate(rep, dir, err) < 0)
		return -1;
	return render(rep, dir, scripts_dir, nhist, err);
}
