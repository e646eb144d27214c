/* session.h - one pass over a perf.data file: records -> samples -> events
 * -> time order -> statistics (and the cross-check, when asked).
 */
#ifndef ER_SESSION_H
#define ER_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "err.h"
#include "lost_info.h"
#include "exit_event.h"
#include "filter.h"
#include "input.h"
#include "outliers.h"
#include "perf_dir.h"
#include "perf_file.h"
#include "perf_sample.h"
#include "qualifier.h"
#include "reorder.h"
#include "stats.h"
#include "stock_pair.h"
#include "timeline.h"
#include "vmm_time.h"

enum source_kind { SOURCE_NONE, SOURCE_EXIT_TIMED, SOURCE_STOCK };

struct session_opts {
	const char *path;
	bool prefer_stock;	/* use kvm_exit/kvm_entry even when exit_timed is there */
	bool progress;		/* print progress on stderr */
	struct filter filter;
	struct check *check;	/* NULL: no cross-check */
	/* exitreport live: called with every exit the report counts, in time
	 * order, before it is counted; < 0 fails (err set), > 0 stops reading. */
	int (*tap)(void *ctx, const struct trace_ev *ev);
	void *tap_ctx;
	struct qual_state *qual;	/* NULL: no --by */
	struct outliers *slow;		/* NULL: no --slower-than */
	struct vmm_state *vmm;		/* NULL: no --vmm */
	double tsc_mhz;			/* --tsc-mhz, 0 none (for --slower-than TIME) */
};

struct session {
	const struct session_opts *opts;
	struct input in;
	struct perf_file pf;	/* the file, or a --threads directory's "data" */
	struct perf_dir dir;	/* a --threads directory: all its files */
	bool is_dir;
	struct tep_handle *tep;
	struct ev_decoder dec;
	struct reorder ro;
	struct stock_pair sp;
	struct stats st;
	struct timeline tl;
	enum source_kind source;
	struct lost_info lost;
	bool have_time;
	bool have_nested;	/* exit_timed has its nested field */
	bool have_userspace;	/* and its userspace field */
	uint64_t first_time;	/* of the first event in time order */
	uint64_t last_time;
	uint64_t samples;	/* samples of our events */
	double time_conv_mhz;	/* from PERF_RECORD_TIME_CONV, 0 if none */
	uint64_t next_progress;
	bool stopped;		/* the tap asked to stop */
	bool plain;		/* no filter, view, check or tap (the usual report) */
	bool vm_per_thread;	/* trace.dat: no process ids, each thread its own VM */
	struct er_err *err;
};

int session_run(struct session *s, const struct session_opts *opts, struct er_err *err);

/* A session fed by the caller instead of a file (live_source_tracefs.c):
 * TEP holds the event formats (the session frees it); events are pushed
 * as decoded samples of "attributes" 0 = exit_timed, 1 = kvm_exit,
 * 2 = kvm_entry; a round releases what came before the previous one. */
enum { SESSION_ATTR_EXIT_TIMED, SESSION_ATTR_KVM_EXIT, SESSION_ATTR_KVM_ENTRY, SESSION_NATTRS };
int session_start_fed(struct session *s, const struct session_opts *opts, struct tep_handle *tep,
		      struct er_err *err);
/* The same, with every event the decoder knows as "attribute" enum
 * ev_source, and SOURCE as the chosen source (tracedat.c). */
int session_start_fed_sources(struct session *s, const struct session_opts *opts,
			      struct tep_handle *tep, enum source_kind source, struct er_err *err);
int session_push_sample(struct session *s, size_t attr, const struct pf_sample *smp);
int session_round(struct session *s);
void session_note_lost(struct session *s, uint64_t events);
int session_finish_fed(struct session *s);

void session_free(struct session *s);

#endif
