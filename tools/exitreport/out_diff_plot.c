/* out_diff_plot.c - the comparison chart: exits per second and mean cost
 * per reason, A beside B, on log scales whose floor sits below the smallest
 * value so a reason with a single exit still shows (plots/diff.gp). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "out_diff.h"

static int run_gnuplot(const char *script, const char *settings, struct er_err *err)
{
	pid_t pid;
	int status;

	if (access(script, R_OK) != 0)
		return er_fail(err, ER_NO_OFFSET, "no gnuplot script %s", script);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return er_fail(err, ER_NO_OFFSET, "fork: %s", strerror(errno));
	if (pid == 0) {
		execlp("gnuplot", "gnuplot", "-e", settings, script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return er_fail(err, ER_NO_OFFSET, "waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return er_fail(err, ER_NO_OFFSET, "gnuplot failed on %s (status %d)", script,
			       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

static double floor_of(double cur, double v)
{
	return v > 0 && (cur <= 0 || v < cur) ? v : cur;
}

/* One line per reason of the all-VMs scope:
 * "name*" value_a value_b mean_a mean_b (0 when absent). */
static int write_data(const struct diff *d, const char *dir, double *ymin_rate,
		      double *ymin_mean, struct er_err *err)
{
	const struct diff_scope *s = &d->scopes[0];
	char path[4200];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/diff.dat", dir);
	f = fopen(path, "w");
	if (!f)
		return er_fail(err, ER_NO_OFFSET, "cannot write %s: %s", path, strerror(errno));
	fprintf(f, "# reason (* significant) %s_a %s_b mean_a mean_b (%s)\n",
		s->rows && s->rows[0].rate.valid ? "rate" : "count",
		s->rows && s->rows[0].rate.valid ? "rate" : "count", d->a.unit);
	for (i = 0; i < s->nrows; i++) {
		const struct diff_row *r = &s->rows[i];
		double va = r->rate.valid ? r->rate_a : (double)(r->a ? r->a->count : 0);
		double vb = r->rate.valid ? r->rate_b : (double)(r->b ? r->b->count : 0);
		double ma = r->a ? r->a->mean : 0, mb = r->b ? r->b->mean : 0;

		fprintf(f, "\"%s%s\" %.6g %.6g %.6g %.6g\n", r->name,
			r->sig_rate || r->sig_p50 ? "*" : "", va, vb, ma, mb);
		*ymin_rate = floor_of(floor_of(*ymin_rate, va), vb);
		*ymin_mean = floor_of(floor_of(*ymin_mean, ma), mb);
	}
	if (fclose(f) != 0)
		return er_fail(err, ER_NO_OFFSET, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

int out_diff_plot(const struct diff *d, const char *dir, const char *scripts_dir,
		  struct er_err *err)
{
	static const char *const formats[] = { "png", "svg" };
	char script[4200], settings[4608];
	double ymin_rate = 0, ymin_mean = 0;
	size_t i;

	if (strchr(dir, '\'') || strlen(dir) > 4000 || strchr(d->a.path, '\'') ||
	    strchr(d->b.path, '\'') || strlen(d->a.path) + strlen(d->b.path) > 400)
		return er_fail(err, ER_NO_OFFSET, "unusable directory or input name for gnuplot");
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return er_fail(err, ER_NO_OFFSET, "cannot create: %s", strerror(errno));
	if (!d->nscopes || !d->scopes[0].nrows)
		return er_fail(err, ER_NO_OFFSET, "nothing to plot: no exits on either side");
	if (write_data(d, dir, &ymin_rate, &ymin_mean, err) < 0)
		return -1;
	snprintf(script, sizeof(script), "%s/diff.gp", scripts_dir);
	for (i = 0; i < 2; i++) {
		snprintf(settings, sizeof(settings),
			 "datadir='%s'; outfmt='%s'; unit='%s'; label_a='%s'; label_b='%s'; "
			 "per='%s'; ymin_rate=%.6g; ymin_mean=%.6g", dir, formats[i], d->a.unit,
			 d->a.path, d->b.path,
			 d->scopes[0].rows[0].rate.valid ? "exits/s" : "exits",
			 ymin_rate > 0 ? ymin_rate / 2 : 0.5, ymin_mean > 0 ? ymin_mean / 2 : 0.5);
		if (run_gnuplot(script, settings, err) < 0)
			return -1;
	}
	return 0;
}
