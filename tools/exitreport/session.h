/* session.h - one pass over a perf.data file: records -> samples -> events
 * -> time order -> statistics (and the cross-check, when asked).
 */
#ifndef ER_SESSION_H
#define ER_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "err.h"
#include "exit_event.h"
#include "filter.h"
#include "input.h"
#include "outliers.h"
#include "perf_file.h"
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
	struct qual_state *qual;	/* NULL: no --by */
	struct outliers *slow;		/* NULL: no --slower-than */
	struct vmm_state *vmm;		/* NULL: no --vmm */
	double tsc_mhz;			/* --tsc-mhz, 0 none (for --slower-than TIME) */
};

struct lost_info {
	uint64_t records;	/* PERF_RECORD_LOST records */
	uint64_t events;	/* events they say were lost */
	uint64_t sample_records;	/* PERF_RECORD_LOST_SAMPLES records */
	uint64_t samples;
	uint64_t unknown_id;	/* samples whose id matches no attribute */
	uint64_t late;		/* events that arrived out of time order */
};

struct session {
	const struct session_opts *opts;
	struct input in;
	struct perf_file pf;
	struct tep_handle *tep;
	struct ev_decoder dec;
	struct reorder ro;
	struct stock_pair sp;
	struct stats st;
	struct timeline tl;
	enum source_kind source;
	struct lost_info lost;
	bool have_time;
	uint64_t first_time;	/* of the first event in time order */
	uint64_t last_time;
	uint64_t samples;	/* samples of our events */
	double time_conv_mhz;	/* from PERF_RECORD_TIME_CONV, 0 if none */
	uint64_t next_progress;
	struct er_err *err;
};

int session_run(struct session *s, const struct session_opts *opts, struct er_err *err);

void session_free(struct session *s);

#endif
