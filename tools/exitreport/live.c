/* live.c - exitreport live: options, pacing a replay, cutting the ordered
 * exits into intervals, and handing each closed interval to the outputs.
 *
 * The events come from session.c (the file path's reader, decoder, time
 * ordering and statistics) through its tap: every exit the report counts
 * is seen here first, in time order, and counted into the interval's own
 * struct stats; the session's statistics are the since-start figures.
 * An interval is a window of trace time, --interval seconds times --speed
 * (times 1 with --speed max), so a replay cuts the same windows however
 * fast it runs.
 */
#include "live.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "live_out.h"
#include "live_source_tracefs.h"
#include "live_ui.h"
#include "metrics.h"
#include "metrics_http.h"
#include "optnum.h"
#include "report.h"
#include "session.h"

enum live_format { LF_NONE, LF_TABLE, LF_CSV, LF_JSON };

struct live_opts {
	struct session_opts so;
	const char *replay;
	double speed;		/* 0: as fast as possible */
	double interval_s;
	enum live_format format;
	uint64_t count;		/* 0: no limit */
	double duration_s;	/* 0: no limit */
	const char *openmetrics;
	const char *listen;
	enum sort_key sort;
	bool ui;		/* the interactive view */
};

struct live {
	const struct live_opts *o;
	struct session *s;
	struct stats ist;	/* the open interval */
	uint64_t win_ns;	/* trace ns per interval */
	uint64_t win_start;
	bool started;
	uint64_t closed;	/* intervals closed */
	struct lost_info lost_prev;	/* since-start loss at the last close */
	double mono0;		/* monotonic seconds at the start */
	double replay0;		/* monotonic seconds at the first event */
	uint64_t trace0;
	struct metrics_http *http;
	struct er_err *err;
	bool csv_header_done;
	struct live_ui *ui;
	struct lost_info lost_base;	/* since-start loss at the last reset */
	bool kernel;		/* reading the running kernel, not a replay */
};

static volatile sig_atomic_t g_signalled;

static const char usage_text[] =
	"usage: exitreport live|top [OPTIONS] [--replay FILE]\n"
	"The exit statistics of the running kernel (kvm:exit_timed, or with --stock\n"
	"kvm_exit/kvm_entry, through libtracefs), or of a recording fed at its own pace,\n"
	"cut into intervals: per interval and since the start, lost events always reported.\n"
	"Without --batch, --csv or --json, on a terminal: the interactive view (h: help).\n"
	"\n"
	"  --replay FILE         the perf.data (or '-' for a pipe-mode stream) to replay\n"
	"  --speed X|max         X times real speed (default 1), max: as fast as possible\n"
	"  --interval S          seconds per interval (default 1)\n"
	"  --batch               one table per interval\n"
	"  --csv                 CSV lines per interval (schema: exitreport(1))\n"
	"  --json                one JSON line per interval (schema: exitreport(1))\n"
	"  --count N             stop after N intervals\n"
	"  --duration S          stop after S seconds (with --listen: keep serving until then)\n"
	"  --openmetrics FILE    write the since-start metrics to FILE at the end: OpenMetrics,\n"
	"                        or the Prometheus text format when FILE ends in .prom\n"
	"  --listen ADDR:PORT    serve /metrics (127.x.x.x or [::1] only)\n"
	"  --sort KEY            count (default), cycles, mean, max, p99 or name\n"
	"  --pid PID, --vcpu N, --reason R, --stock   as for exitreport FILE\n"
	"  -h, --help            this text\n"
	"exit status: 0 ok, 2 usage or input error\n";

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double parse_seconds(const char *opt, const char *text)
{
	double v;

	if (!optnum_positive(text, 1e7, &v))
		er_die(ER_PROG, "%s: not a positive number of seconds: '%s'", opt, text);
	return v;
}

static double parse_factor(const char *opt, const char *text)
{
	double v;

	if (!optnum_positive(text, 1e9, &v))
		er_die(ER_PROG, "%s: not a positive number or 'max': '%s'", opt, text);
	return v;
}

static uint64_t parse_count(const char *opt, const char *text)
{
	uint64_t v;

	if (!optnum_uint(text, 10, 1, UINT64_MAX, &v))
		er_die(ER_PROG, "%s: not a positive count: '%s'", opt, text);
	return v;
}

static void set_format(struct live_opts *o, enum live_format f)
{
	if (o->format != LF_NONE && o->format != f)
		er_die(ER_PROG, "give only one of --batch, --csv and --json");
	o->format = f;
}

enum { O_REPLAY = 256, O_SPEED, O_INTERVAL, O_BATCH, O_CSV, O_JSON, O_COUNT, O_DURATION,
       O_OPENMETRICS, O_LISTEN, O_SORT, O_PID, O_VCPU, O_REASON, O_STOCK };

static void apply(struct live_opts *o, int c, const char *arg)
{
	switch (c) {
	case O_REPLAY: o->replay = arg; break;
	case O_SPEED:
		o->speed = strcmp(arg, "max") == 0 ? 0 : parse_factor("--speed", arg);
		break;
	case O_INTERVAL: o->interval_s = parse_seconds("--interval", arg); break;
	case O_BATCH: set_format(o, LF_TABLE); break;
	case O_CSV: set_format(o, LF_CSV); break;
	case O_JSON: set_format(o, LF_JSON); break;
	case O_COUNT: o->count = parse_count("--count", arg); break;
	case O_DURATION: o->duration_s = parse_seconds("--duration", arg); break;
	case O_OPENMETRICS: o->openmetrics = arg; break;
	case O_LISTEN: o->listen = arg; break;
	case O_SORT:
		if (!sort_key_parse(arg, &o->sort))
			er_die(ER_PROG, "--sort: unknown key '%s' (count, cycles, mean, max, p99, name)", arg);
		break;
	case O_PID:
		o->so.filter.by_pid = true;
		if (!optnum_pid(arg, &o->so.filter.pid))
			er_die(ER_PROG, "--pid: not a process id: '%s'", arg);
		break;
	case O_VCPU: {
		uint64_t v;

		if (!optnum_uint(arg, 10, 0, UINT32_MAX, &v))
			er_die(ER_PROG, "--vcpu: not a number: '%s'", arg);
		o->so.filter.by_vcpu = true;
		o->so.filter.vcpu = (uint32_t)v;
		break;
	}
	case O_REASON:
		if (!filter_set_reason(&o->so.filter, arg))
			er_die(ER_PROG, "--reason: no VMX or SVM exit reason '%s'", arg);
		break;
	case O_STOCK: o->so.prefer_stock = true; break;
	}
}

static void parse(struct live_opts *o, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "replay", required_argument, 0, O_REPLAY },
		{ "speed", required_argument, 0, O_SPEED },
		{ "interval", required_argument, 0, O_INTERVAL },
		{ "batch", no_argument, 0, O_BATCH }, { "csv", no_argument, 0, O_CSV },
		{ "json", no_argument, 0, O_JSON }, { "count", required_argument, 0, O_COUNT },
		{ "duration", required_argument, 0, O_DURATION },
		{ "openmetrics", required_argument, 0, O_OPENMETRICS },
		{ "listen", required_argument, 0, O_LISTEN },
		{ "sort", required_argument, 0, O_SORT }, { "pid", required_argument, 0, O_PID },
		{ "vcpu", required_argument, 0, O_VCPU }, { "reason", required_argument, 0, O_REASON },
		{ "stock", no_argument, 0, O_STOCK }, { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 }
	};
	int c;

	o->speed = 1;
	o->interval_s = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			exit(0);
		}
		if (c == '?')
			er_die(ER_PROG, "try 'exitreport live --help'");
		apply(o, c, optarg);
	}
	if (optind != argc)
		er_die(ER_PROG, "live: unexpected argument '%s' (try 'exitreport live --help')",
		       argv[optind]);
	if (!o->replay && o->speed != 1)
		er_die(ER_PROG, "live: --speed needs --replay");
	if (o->format == LF_NONE && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) &&
	    !(o->replay && strcmp(o->replay, "-") == 0))
		o->ui = true;
	else if (o->format == LF_NONE && !o->listen && !o->openmetrics)
		er_die(ER_PROG, "live: the interactive view needs a terminal (and a --replay FILE, not '-'); "
		       "give --batch, --csv, --json, --listen or --openmetrics");
	o->so.path = o->replay ? o->replay : "kernel";
}

/* ---- closing intervals ---- */

static struct lost_info lost_now(const struct session *s)
{
	struct lost_info l = s->lost;

	l.late = s->ro.late;
	return l;
}

static struct lost_info lost_delta(const struct lost_info *a, const struct lost_info *b)
{
	struct lost_info d;

	d.records = a->records - b->records;
	d.events = a->events - b->events;
	d.sample_records = a->sample_records - b->sample_records;
	d.samples = a->samples - b->samples;
	d.unknown_id = a->unknown_id - b->unknown_id;
	d.late = a->late - b->late;
	return d;
}

static int emit(struct live *L, const struct live_interval *li)
{
	switch (L->o->format) {
	case LF_TABLE: live_out_table(stdout, li); break;
	case LF_JSON: live_out_json(stdout, li); break;
	case LF_CSV:
		live_out_csv(stdout, li, !L->csv_header_done);
		L->csv_header_done = true;
		break;
	case LF_NONE: break;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return er_fail(L->err, ER_NO_OFFSET, "writing the output: %s", strerror(errno));
	return 0;
}

/* The view's keys: quit, or reset the since-start figures. */
static void ui_keys(struct live *L, int keys)
{
	struct report irep = { 0 }, srep = { 0 };
	struct live_interval li = { 0 };

	if (keys & UI_QUIT)
		g_signalled = 1;
	if (!(keys & UI_RESET))
		return;
	stats_free(&L->s->st);
	stats_init(&L->s->st);
	L->lost_base = lost_now(L->s);
	if (report_build(&srep, L->s, L->o->sort, L->err) < 0)
		return;
	srep.lost = lost_delta(&L->lost_base, &L->lost_base);
	li.seq = L->closed;
	li.interval = &irep;
	li.since_start = &srep;
	irep.unit = srep.unit;
	irep.source = srep.source;
	live_ui_show(L->ui, &li, &irep, &srep);
	report_free(&irep);
	report_free(&srep);
}

/* Close the interval ending at trace time END: > 0 when --count is reached. */
static int close_interval(struct live *L, uint64_t end)
{
	struct session part = *L->s;
	struct report irep = { 0 }, srep = { 0 };
	struct live_interval li;
	struct lost_info now = lost_now(L->s);
	int rc = 0;

	part.st = L->ist;
	part.first_time = L->win_start;
	part.last_time = end;
	part.have_time = L->started;
	part.lost = lost_delta(&now, &L->lost_prev);
	part.sp.unpaired_exits = 0;
	part.sp.count = 0;
	irep.input = L->o->so.path;
	srep.input = L->o->so.path;
	if (report_build(&irep, &part, L->o->sort, L->err) < 0 ||
	    report_build(&srep, L->s, L->o->sort, L->err) < 0) {
		rc = -1;
		goto out;
	}
	srep.lost = lost_delta(&now, &L->lost_base);
	li.seq = ++L->closed;
	li.unix_time = wall_now();
	li.start_ns = L->win_start;
	li.end_ns = end;
	li.interval = &irep;
	li.since_start = &srep;
	if (emit(L, &li) < 0 || (L->http && metrics_http_update(L->http, &srep) < 0)) {
		rc = er_fail(L->err, ER_NO_OFFSET, "out of memory for the metrics");
		goto out;
	}
	if (L->ui) {
		live_ui_show(L->ui, &li, &irep, &srep);
		ui_keys(L, live_ui_poll(L->ui, 0));
	}
	L->lost_prev = now;
	stats_free(&L->ist);
	stats_init(&L->ist);
	if (L->o->count && L->closed >= L->o->count)
		rc = 1;
out:
	report_free(&irep);
	report_free(&srep);
	return rc;
}

/* ---- pacing ---- */

static bool out_of_time(const struct live *L)
{
	return g_signalled || (L->o->duration_s > 0 && mono_now() - L->mono0 >= L->o->duration_s);
}

/* Wait until trace time T is due; false when the run is over first. */
static bool pace_until(struct live *L, uint64_t t)
{
	double due, now, left;
	struct timespec ts;

	if (L->o->speed <= 0 || L->kernel)
		return !out_of_time(L);
	due = L->replay0 + (double)(t - L->trace0) / 1e9 / L->o->speed;
	for (;;) {
		if (out_of_time(L))
			return false;
		now = mono_now();
		left = due - now;
		if (L->o->duration_s > 0 && L->mono0 + L->o->duration_s - now < left)
			left = L->mono0 + L->o->duration_s - now;
		if (left <= 0)
			return !out_of_time(L) || due <= now;
		if (left > 0.2)
			left = 0.2;	/* notice signals */
		if (L->ui) {
			ui_keys(L, live_ui_poll(L->ui, left * 1000 < 1 ? 1 : (int)(left * 1000)));
			continue;
		}
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
}

static int tap(void *ctx, const struct trace_ev *ev)
{
	struct live *L = ctx;
	int rc;

	if (!L->started) {
		L->started = true;
		L->trace0 = L->s->first_time;
		L->win_start = L->s->first_time;
		L->replay0 = mono_now();
	}
	while (ev->time >= L->win_start + L->win_ns) {
		if (!pace_until(L, L->win_start + L->win_ns))
			return 1;
		rc = close_interval(L, L->win_start + L->win_ns);
		L->win_start += L->win_ns;
		if (rc)
			return rc;
	}
	if (!pace_until(L, ev->time))
		return 1;
	return stats_add(&L->ist, ev, L->err);
}

/* ---- outputs at the end ---- */

/* node-exporter's textfile collector reads *.prom files, in the Prometheus
 * text format: those get that; any other name gets OpenMetrics 1.0. */
static bool prom_suffix(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && strcmp(path + n - 5, ".prom") == 0;
}

static int write_openmetrics(struct live *L)
{
	struct report rep = { 0 };
	char tmp[4096];
	FILE *f;
	int rc;

	if (report_build(&rep, L->s, L->o->sort, L->err) < 0)
		return -1;
	rep.lost = lost_now(L->s);
	rep.input = L->o->so.path;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", L->o->openmetrics) >= (int)sizeof(tmp)) {
		report_free(&rep);
		return er_fail(L->err, ER_NO_OFFSET, "--openmetrics: path too long");
	}
	f = fopen(tmp, "w");
	if (!f) {
		report_free(&rep);
		return er_fail(L->err, ER_NO_OFFSET, "--openmetrics %s: %s", tmp, strerror(errno));
	}
	metrics_write(f, &rep, !prom_suffix(L->o->openmetrics));
	report_free(&rep);
	rc = ferror(f);
	if (fclose(f) != 0 || rc || rename(tmp, L->o->openmetrics) != 0) {
		rc = errno;
		unlink(tmp);
		return er_fail(L->err, ER_NO_OFFSET, "--openmetrics %s: %s", L->o->openmetrics,
			       strerror(rc));
	}
	return 0;
}

/* The running kernel: intervals close by the clock (trace_clock mono is
 * CLOCK_MONOTONIC), LAG after their end so the events of the last poll
 * rounds have been released in time order. */
#define KERNEL_POLL_MS 100
#define KERNEL_LAG_NS 500000000ull

static int close_due(struct live *L)
{
	struct timespec ts;
	uint64_t now;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	if (!L->started) {
		L->started = true;
		L->trace0 = L->win_start = now;
	}
	while (now >= L->win_start + L->win_ns + KERNEL_LAG_NS) {
		rc = close_interval(L, L->win_start + L->win_ns);
		L->win_start += L->win_ns;
		if (rc)
			return rc;
	}
	return 0;
}

static int run_kernel(struct live *L, struct session *s, struct session_opts *so,
		      struct er_err *err)
{
	struct timespec pause = { 0, KERNEL_POLL_MS * 1000000L };
	struct live_tracefs *t = live_tracefs_open(s, so, err);
	int rc = 0;

	if (!t)
		return -1;
	L->kernel = true;
	while (!out_of_time(L) && !s->stopped) {
		if (live_tracefs_poll(t) < 0 || (rc = close_due(L)) < 0) {
			rc = -1;
			break;
		}
		if (rc > 0)
			break;
		if (L->ui)
			ui_keys(L, live_ui_poll(L->ui, KERNEL_POLL_MS));
		else
			nanosleep(&pause, NULL);
	}
	if (live_tracefs_close(t) < 0)
		rc = -1;
	if (rc > 0)
		s->stopped = true;
	return rc < 0 ? -1 : 0;
}

static void on_signal(int sig)
{
	(void)sig;
	g_signalled = 1;
}

static void serve_until_done(struct live *L)
{
	struct timespec ts = { 0, 100000000 };

	while (!g_signalled && !(L->o->duration_s > 0 && mono_now() - L->mono0 >= L->o->duration_s))
		nanosleep(&ts, NULL);
}

int live_main(int argc, char **argv)
{
	struct live_opts o = { 0 };
	struct er_err err = { 0 };
	struct session s;
	struct live L = { 0 };
	struct sigaction sa = { 0 };
	int rc;

	parse(&o, argc, argv);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	L.o = &o;
	L.s = &s;
	L.err = &err;
	L.mono0 = mono_now();
	L.win_ns = (uint64_t)llround(o.interval_s * (o.speed > 0 ? o.speed : 1) * 1e9);
	if (L.win_ns == 0)
		er_die(ER_PROG, "--interval: too short");
	stats_init(&L.ist);
	o.so.tap = tap;
	o.so.tap_ctx = &L;
	if (o.listen) {
		L.http = metrics_http_start(o.listen, &err);
		if (!L.http)
			er_die(ER_PROG, "--listen %s: %s", o.listen, err.what);
	}
	if (o.ui && !(L.ui = live_ui_start(o.so.path)))
		er_die(ER_PROG, "live: cannot start the terminal view");
	rc = o.replay ? session_run(&s, &o.so, &err) : run_kernel(&L, &s, &o.so, &err);
	if (rc < 0) {
		if (L.ui)
			live_ui_stop(L.ui);
		if (!o.replay)
			er_die(ER_PROG, "live: %s", err.what);
		er_die_input(ER_PROG, o.replay, &err);
	}
	/* the open interval, even when empty: lost events are always reported */
	if (!(o.count && L.closed >= o.count) && !(g_signalled && o.replay)) {
		if (!L.started)
			L.win_start = s.first_time;
		L.started = true;
		if (close_interval(&L, s.last_time >= L.win_start ? s.last_time : L.win_start) < 0) {
			if (L.ui)
				live_ui_stop(L.ui);
			er_die(ER_PROG, "%s: %s", o.so.path, err.what);
		}
	}
	if (L.ui) {
		live_ui_ended(L.ui);
		while (!out_of_time(&L))
			ui_keys(&L, live_ui_poll(L.ui, 200));
		live_ui_stop(L.ui);
	}
	if (o.openmetrics && write_openmetrics(&L) < 0)
		er_die(ER_PROG, "%s", err.what);
	if (L.http) {
		if (!L.closed) {
			struct report rep = { 0 };

			if (report_build(&rep, &s, o.sort, &err) == 0)
				metrics_http_update(L.http, &rep);
			report_free(&rep);
		}
		serve_until_done(&L);
		metrics_http_stop(L.http);
	}
	stats_free(&L.ist);
	session_free(&s);
	return 0;
}
