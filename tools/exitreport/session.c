/* session.c - driving the reader and feeding the ordered events onward. */
#include "session.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event-parse.h>

#include "perf_sample.h"
#include "tracedat.h"
#include "tracing_data.h"

#define PROGRESS_STEP (64u << 20)

/* ---- ordered events ---- */

/* The TSC rate as main.c chooses it: the option, PERF_RECORD_TIME_CONV
 * (written before the samples), the '@ N GHz' of the CPU description. */
static double slow_mhz(const struct session *s)
{
	const char *at = strstr(s->pf.cpudesc, "@ ");
	double ghz;

	if (s->opts->tsc_mhz > 0)
		return s->opts->tsc_mhz;
	if (s->time_conv_mhz > 0)
		return s->time_conv_mhz;
	if (at && sscanf(at + 2, "%lfGHz", &ghz) == 1 && ghz > 0 && ghz < 100)
		return ghz * 1000.0;
	return 0;
}

static int note_slow(struct session *s, const struct trace_ev *ev)
{
	const struct qual_state *q = s->opts->qual;

	if (outliers_resolve(s->opts->slow, s->source == SOURCE_STOCK, slow_mhz(s), s->err) < 0)
		return -1;
	outliers_add(s->opts->slow, ev, q && q->last_valid ? &q->last : NULL);
	return 0;
}

/* When the exit began, in perf time: the kvm_exit of the stock view; for
 * exit_timed (traced when KVM's handling ends) its time less the handling,
 * with 2% to spare for the TSC rate; 0 when unknown. */
static uint64_t exit_begin(const struct session *s, const struct trace_ev *ev)
{
	double mhz, ns;

	if (s->source == SOURCE_STOCK)
		return ev->time;
	mhz = slow_mhz(s);
	if (!(mhz > 0))
		return 0;
	ns = (double)ev->u.exit.cycles * 1000.0 / mhz * 1.02;
	return ns < (double)ev->time ? ev->time - (uint64_t)ns : 0;
}

/* The optional views (--by, --slower-than, --vmm) see every exit; @kept says
 * whether the filters keep it. */
static int note_views(struct session *s, const struct trace_ev *ev, bool kept)
{
	const struct session_opts *o = s->opts;

	if (o->qual && qual_exit(o->qual, ev, kept, exit_begin(s, ev), s->have_userspace, s->err) < 0)
		return -1;
	if (!kept)
		return 0;
	if (o->slow && note_slow(s, ev) < 0)
		return -1;
	if (o->vmm && s->source == SOURCE_EXIT_TIMED && vmm_exit(o->vmm, ev, false, s->err) < 0)
		return -1;
	return 0;
}

static int count_exit(struct session *s, const struct trace_ev *ev)
{
	const struct filter *f = &s->opts->filter;
	bool keeps_vcpu, keeps_reason;
	int rc;

	if (s->stopped)
		return 0;
	/* Each filter once per exit: this runs for every event of the file. */
	keeps_vcpu = filter_keeps_vcpu(f, ev, ev->time - s->first_time);
	keeps_reason = keeps_vcpu && filter_keeps_reason(f, ev);
	if (note_views(s, ev, keeps_reason) < 0)
		return -1;
	if (!keeps_vcpu)
		return 0;
	if (!keeps_reason)
		return stats_note_seq(&s->st, ev, s->err);
	if (s->opts->tap) {
		rc = s->opts->tap(s->opts->tap_ctx, ev);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			s->stopped = true;
			return 0;
		}
	}
	timeline_add(&s->tl, ev->time);
	return stats_add(&s->st, ev, s->err);
}

/* The usual report's counting of an exit, all of it inlined here. */
static __attribute__((flatten)) int count_plain(struct session *s, const struct trace_ev *ev)
{
	timeline_add(&s->tl, ev->time);
	return stats_add(&s->st, ev, s->err);
}

static int on_exit_event(struct session *s, const struct trace_ev *ev)
{
	if (s->plain)
		return count_plain(s, ev);
	if (s->opts->check && check_event(s->opts->check, ev, s->err) < 0)
		return -1;
	return count_exit(s, ev);
}

/* No filter, view, check or tap: every exit is simply counted. */
static bool plain_counting(const struct session_opts *o)
{
	const struct filter *f = &o->filter;

	return !o->check && !o->tap && !o->qual && !o->slow && !o->vmm &&
	       !f->by_pid && !f->by_vcpu && !f->by_reason && !f->by_time;
}

static int on_ordered(void *ctx, const struct trace_ev *ev)
{
	struct session *s = ctx;
	struct trace_ev paired;
	int rc;

	if (!s->have_time && ev->kind != EV_LOST) {
		s->have_time = true;
		s->first_time = ev->time;
	}
	if (ev->kind != EV_LOST && ev->time > s->last_time)
		s->last_time = ev->time;
	switch (ev->kind) {
	case EV_EXIT:
		return on_exit_event(s, ev);
	case EV_STOCK_ENTRY:
		if (s->opts->vmm && s->source == SOURCE_EXIT_TIMED) {
			double mhz = slow_mhz(s);

			if (!(mhz > 0))
				return er_fail(s->err, ev->offset, "--vmm needs the TSC rate (--tsc-mhz)");
			return vmm_entry(s->opts->vmm, ev, mhz, s->err);
		}
		/* fall through */
	case EV_STOCK_EXIT:
		rc = stock_pair_feed(&s->sp, ev, &paired, s->err);
		return rc <= 0 ? rc : on_exit_event(s, &paired);
	case EV_QUAL:
		return s->opts->qual ? qual_feed(s->opts->qual, ev, s->err) : 0;
	case EV_USER_EXIT:
		return s->opts->vmm ? vmm_user_exit(s->opts->vmm, ev, s->err) : 0;
	default:
		return s->opts->check ? check_event(s->opts->check, ev, s->err) : 0;
	}
}

/* ---- records ---- */

static int choose_source(struct session *s, uint64_t off)
{
	ev_decoder_classify(&s->dec, &s->pf);
	if (s->source != SOURCE_NONE)
		return 0;
	if (ev_decoder_has(&s->dec, EV_SRC_EXIT_TIMED) && !s->opts->prefer_stock) {
		const struct ev_format *f = &s->dec.formats[EV_SRC_EXIT_TIMED];

		s->source = SOURCE_EXIT_TIMED;
		s->have_nested = f->has_opt[EV_OPT_NESTED];
		s->have_userspace = f->has_opt[EV_OPT_USERSPACE];
	} else if (ev_decoder_has(&s->dec, EV_SRC_KVM_EXIT) && ev_decoder_has(&s->dec, EV_SRC_KVM_ENTRY))
		s->source = SOURCE_STOCK;
	else if (s->opts->prefer_stock)
		return er_fail(s->err, off, "no kvm:kvm_exit and kvm:kvm_entry events recorded");
	else
		return er_fail(s->err, off,
			       "no kvm:exit_timed (or kvm:kvm_exit + kvm:kvm_entry) events recorded");
	return 0;
}

/* Whether samples of attribute A feed this run: the chosen source's events,
 * and kvm_cpuid for the cross-check.  Others are not even parsed. */
static bool source_wants(const struct session *s, size_t a)
{
	switch (s->dec.attr_source[a]) {
	case EV_SRC_EXIT_TIMED:
		return s->source == SOURCE_EXIT_TIMED;
	case EV_SRC_KVM_EXIT:
		return s->source == SOURCE_STOCK;
	case EV_SRC_KVM_ENTRY:
		return s->source == SOURCE_STOCK || s->opts->vmm;
	case EV_SRC_KVM_USERSPACE_EXIT:
		return s->opts->vmm != NULL;
	case EV_SRC_KVM_CPUID:
		return s->opts->check != NULL;
	case EV_SRC_KVM_MSR:
	case EV_SRC_KVM_PIO:
	case EV_SRC_KVM_MMIO:
	case EV_SRC_KVM_HYPERCALL:
	case EV_SRC_KVM_CR:
	case EV_SRC_KVM_PAGE_FAULT:
		return s->opts->qual &&
		       s->dec.attr_source[a] - EV_SRC_KVM_MSR == (int)s->opts->qual->by;
	default:
		return false;
	}
}

static int load_tracing_data(struct session *s, const uint8_t *blob, size_t size, uint64_t off)
{
	if (s->tep)
		return 0;	/* perf inject may append more; the first one rules */
	if (tracing_data_parse(blob, size, off, &s->tep, s->err) < 0 ||
	    ev_decoder_init(&s->dec, s->tep, off, s->err) < 0)
		return -1;
	s->sp.by_thread = !ev_decoder_exit_has_vcpu(&s->dec);
	return 0;
}

/* A sample of attribute A that this run wants: parsed, decoded in place
 * where the ordering keeps it, and queued.  All of it inlined here. */
static __attribute__((flatten, noinline)) int take_sample(struct session *s,
							   const struct pf_record *rec, int a)
{
	const struct pf_attr *attr = &s->pf.attrs[a];
	struct pf_sample smp;
	struct trace_ev *ev;
	int rc;

	if (pf_sample_parse(&s->pf, attr, rec, &smp, s->err) < 0)
		return -1;
	ev = reorder_slot(&s->ro);
	if (!ev)
		return er_fail(s->err, rec->offset, "out of memory ordering events");
	rc = ev_decode(&s->dec, (size_t)a, &smp, rec->offset, ev, s->err);
	if (rc <= 0)
		return rc;
	s->samples++;
	if (reorder_push_slot(&s->ro) < 0)
		return er_fail(s->err, rec->offset, "out of memory ordering events");
	return 0;
}

static int on_sample(struct session *s, const struct pf_record *rec)
{
	const struct pf_attr *attr;
	int a;

	a = perf_file_sample_attr(&s->pf, rec, s->err);
	if (a < 0) {
		if (s->err->set)
			return -1;
		s->lost.unknown_id++;
		return 0;
	}
	attr = &s->pf.attrs[a];
	if (attr->type != 2 /* PERF_TYPE_TRACEPOINT */)
		return 0;
	if (!s->dec.ready)
		return er_fail(s->err, rec->offset,
			       "tracepoint sample but no tracing data (event formats) before it");
	if (s->dec.nattrs < s->pf.nattrs && choose_source(s, rec->offset) < 0)
		return -1;
	if (!source_wants(s, (size_t)a))
		return 0;
	return take_sample(s, rec, a);
}

static int on_lost(struct session *s, const struct pf_record *rec)
{
	struct trace_ev ev;
	int a = perf_file_trailer_attr(&s->pf, rec);

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_LOST;
	ev.offset = rec->offset;
	ev.u.lost.count = rec->lost;
	ev.u.lost.samples = rec->kind == PF_REC_LOST_SAMPLES;
	if (a >= 0)
		ev.u.lost.has_time = pf_trailer_time(&s->pf, &s->pf.attrs[a], rec, &ev.time);
	if (rec->kind == PF_REC_LOST) {
		s->lost.records++;
		s->lost.events += rec->lost;
	} else {
		s->lost.sample_records++;
		s->lost.samples += rec->lost;
	}
	if (!s->opts->check)
		return 0;
	if (reorder_push(&s->ro, &ev) < 0)
		return er_fail(s->err, rec->offset, "out of memory ordering events");
	return 0;
}

static void on_time_conv(struct session *s, const struct pf_record *rec)
{
	/* ns = cycles * mult >> shift, so cycles per ns = 2^shift / mult */
	if (rec->time_mult && rec->time_shift < 64)
		s->time_conv_mhz = 1000.0 * (double)(1ULL << rec->time_shift) / (double)rec->time_mult;
}

static int on_record(struct session *s, const struct pf_record *rec)
{
	switch (rec->kind) {
	case PF_REC_SAMPLE:
		return on_sample(s, rec);
	case PF_REC_LOST:
	case PF_REC_LOST_SAMPLES:
		return on_lost(s, rec);
	case PF_REC_TRACING_DATA:
		return load_tracing_data(s, rec->payload, rec->payload_size, rec->offset + rec->size);
	case PF_REC_FINISHED_ROUND:
		return reorder_round(&s->ro);
	case PF_REC_TIME_CONV:
		on_time_conv(s, rec);
		return 0;
	case PF_REC_UNKNOWN:
		s->lost.unknown_records++;
		return 0;
	default:
		return 0;
	}
}

static void show_progress(struct session *s, uint64_t pos, bool done)
{
	uint64_t size;

	if (!s->opts->progress)
		return;
	if (done) {
		if (s->next_progress > PROGRESS_STEP)
			fprintf(stderr, "\r%*s\r", 40, "");
		return;
	}
	if (pos < s->next_progress)
		return;
	s->next_progress = pos + PROGRESS_STEP;
	if (pos < PROGRESS_STEP)
		return;
	size = s->is_dir ? perf_dir_size(&s->dir) : input_known_size(&s->in);
	if (size != UINT64_MAX && size)
		fprintf(stderr, "\rexitreport: %3u%%", (unsigned int)(pos * 100 / size));
	else
		fprintf(stderr, "\rexitreport: %llu MiB", (unsigned long long)(pos >> 20));
}

/* The next record of the file, or of all files of a directory in time
 * order; *part names the directory's file it came from, NULL for a file. */
static __attribute__((flatten)) int next_record(struct session *s, struct pf_record *rec,
						const char **part)
{
	*part = NULL;
	if (!s->is_dir)
		return perf_file_next(&s->pf, rec, s->err);
	return perf_dir_next(&s->dir, rec, part, s->err);
}

static uint64_t read_pos(const struct session *s)
{
	return s->is_dir ? perf_dir_pos(&s->dir) : s->pf.pos;
}

/* An error in a file of a directory names that file. */
static int failed_in(struct session *s, const char *part)
{
	if (part && !s->err->part[0])
		snprintf(s->err->part, sizeof(s->err->part), "%s", part);
	return -1;
}

static int read_all(struct session *s)
{
	struct pf_record rec;
	const char *part;
	int rc = 0;

	if (s->pf.tracing_data &&
	    load_tracing_data(s, s->pf.tracing_data, s->pf.tracing_size, s->pf.tracing_off) < 0)
		return -1;
	if (!s->pf.pipe_mode && !s->dec.ready)
		return er_fail(s->err, ER_NO_OFFSET, "no tracing data (HEADER_TRACING_DATA) in the file");
	while (!s->stopped && (rc = next_record(s, &rec, &part)) > 0) {
		if (on_record(s, &rec) < 0)
			return failed_in(s, part);
		show_progress(s, read_pos(s), false);
	}
	show_progress(s, read_pos(s), true);
	if (rc < 0)
		return failed_in(s, part);
	if (!s->dec.ready)
		return er_fail(s->err, s->pf.pos, "no tracing data (event formats) in the stream");
	if (s->source == SOURCE_NONE && choose_source(s, s->pf.pos) < 0)
		return -1;
	if (reorder_flush(&s->ro) < 0)
		return -1;
	if (s->opts->qual)
		qual_finish(s->opts->qual);
	if (s->opts->vmm)
		vmm_finish(s->opts->vmm);
	s->lost.late = s->ro.late;
	return 0;
}

/* perf record --threads: DIR/data, then every DIR/data.N beside it. */
static int open_dir(struct session *s, const char *dir)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/data", dir) >= sizeof(path))
		return er_fail(s->err, ER_NO_OFFSET, "directory name too long");
	s->is_dir = true;
	if (input_open(&s->in, path, s->err) < 0 || perf_file_open(&s->pf, &s->in, s->err) < 0)
		return failed_in(s, "data");
	if (perf_dir_open(&s->dir, dir, &s->pf, s->err) < 0)
		return -1;
	return read_all(s);
}

int session_run(struct session *s, const struct session_opts *opts, struct er_err *err)
{
	memset(s, 0, sizeof(*s));
	s->opts = opts;
	s->err = err;
	s->plain = plain_counting(opts);
	stats_init(&s->st);
	stock_pair_init(&s->sp);
	timeline_init(&s->tl, 1000000ull);	/* 1 ms, doubled as the trace grows */
	reorder_init(&s->ro, on_ordered, s);
	tep_set_loglevel(TEP_LOG_NONE);
	if (perf_dir_is(opts->path))
		return open_dir(s, opts->path);
	if (tracedat_is(opts->path))
		return tracedat_run(s, opts, err);
	if (input_open(&s->in, opts->path, err) < 0)
		return -1;
	if (perf_file_open(&s->pf, &s->in, err) < 0)
		return -1;
	return read_all(s);
}

void session_free(struct session *s)
{
	reorder_free(&s->ro);
	stock_pair_free(&s->sp);
	stats_free(&s->st);
	if (s->tep)
		tep_free(s->tep);
	if (s->is_dir)
		perf_dir_close(&s->dir);
	perf_file_close(&s->pf);
	input_close(&s->in);
}

/* ---- fed by the caller (the running kernel's trace) ---- */

int session_start_fed(struct session *s, const struct session_opts *opts, struct tep_handle *tep,
		      struct er_err *err)
{
	memset(s, 0, sizeof(*s));
	s->opts = opts;
	s->err = err;
	s->plain = plain_counting(opts);
	s->in.fd = -1;
	stats_init(&s->st);
	stock_pair_init(&s->sp);
	timeline_init(&s->tl, 1000000ull);
	reorder_init(&s->ro, on_ordered, s);
	s->tep = tep;
	if (ev_decoder_init(&s->dec, tep, ER_NO_OFFSET, err) < 0)
		return -1;
	s->dec.attr_source[SESSION_ATTR_EXIT_TIMED] = EV_SRC_EXIT_TIMED;
	s->dec.attr_source[SESSION_ATTR_KVM_EXIT] = EV_SRC_KVM_EXIT;
	s->dec.attr_source[SESSION_ATTR_KVM_ENTRY] = EV_SRC_KVM_ENTRY;
	s->dec.nattrs = SESSION_NATTRS;
	s->sp.by_thread = !ev_decoder_exit_has_vcpu(&s->dec);
	s->source = opts->prefer_stock ? SOURCE_STOCK : SOURCE_EXIT_TIMED;
	return 0;
}

int session_start_fed_sources(struct session *s, const struct session_opts *opts,
			      struct tep_handle *tep, enum source_kind source, struct er_err *err)
{
	int src;

	if (session_start_fed(s, opts, tep, err) < 0)
		return -1;
	for (src = 0; src < EV_SRC_COUNT; src++)
		s->dec.attr_source[src] = (unsigned char)src;
	s->dec.nattrs = EV_SRC_COUNT;
	s->source = source;
	return 0;
}

int session_push_sample(struct session *s, size_t attr, const struct pf_sample *smp)
{
	struct trace_ev ev;
	int rc;

	if (s->stopped || !source_wants(s, attr))
		return 0;
	rc = ev_decode(&s->dec, attr, smp, ER_NO_OFFSET, &ev, s->err);
	if (rc <= 0)
		return rc;
	s->samples++;
	if (reorder_push(&s->ro, &ev) < 0)
		return er_fail(s->err, ER_NO_OFFSET, "out of memory ordering events");
	return 0;
}

int session_round(struct session *s)
{
	return reorder_round(&s->ro);
}

void session_note_lost(struct session *s, uint64_t events)
{
	s->lost.records++;
	s->lost.events += events;
}

int session_finish_fed(struct session *s)
{
	if (reorder_flush(&s->ro) < 0)
		return -1;
	s->lost.late = s->ro.late;
	return 0;
}
