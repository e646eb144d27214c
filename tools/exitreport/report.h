/* report.h - what every output prints, built once from the statistics:
 * rows per (VM, reason), per (vCPU, reason) and overall, with percentages,
 * means and percentiles computed and the rows sorted by the chosen key.
 */
#ifndef ER_REPORT_H
#define ER_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hist.h"
#include "lost_info.h"

struct check;
struct stats;
struct filter;
struct session;
struct timeline;

enum sort_key { SORT_COUNT, SORT_CYCLES, SORT_MEAN, SORT_MAX, SORT_P99, SORT_NAME };

struct row {
	uint32_t isa;
	uint32_t reason;
	char name[40];
	uint64_t count;
	uint64_t sum;
	uint64_t min;
	uint64_t max;
	uint64_t min_count;	/* samples equal to min */
	uint64_t max_count;	/* samples equal to max */
	uint64_t fastpath;
	uint64_t l2;		/* exits of an L2 guest: see report.have_nested */
	uint64_t user;		/* completed in userspace: see report.have_userspace */
	double mean;
	uint64_t p50, p90, p99, p999;
	double count_pct;	/* of the scope's exits */
	double sum_pct;		/* of the scope's cycles */
	struct hist hist;	/* merged rows own a histogram */
};

#define REPORT_LOG2_BUCKETS 32

struct vcpu_report {
	uint32_t vcpu;
	uint32_t tid;
	uint64_t exits;
	uint64_t sum;
	const uint64_t *log2_hist;	/* exitreport stats: KVM's exit_cycles_hist, NULL none */
	uint64_t seq_first, seq_last, seq_missing, seq_duplicate;
	struct row *rows;
	size_t nrows;
};

struct vm_report {
	uint32_t pid;
	uint32_t isa;
	uint64_t exits;
	uint64_t sum;
	uint64_t seq_missing;
	bool have_log2;
	uint64_t log2_hist[REPORT_LOG2_BUCKETS];	/* the vCPUs' summed */
	struct row *rows;
	size_t nrows;
	struct vcpu_report *vcpus;
	size_t nvcpus;
};

struct report {
	const char *input;
	const char *source;	/* "exit_timed", "kvm_exit_entry" or "qmp" */
	const char *unit;	/* "cycles" or "ns" */
	bool vcpu_from_entry;	/* kvm_exit without vcpu_id: vCPUs of the closing kvm_entry */
	bool vm_per_thread;	/* trace.dat: each thread a VM, its "pid" the thread id */
	double tsc_mhz;		/* 0: unknown */
	const char *tsc_from;	/* "option", "time_conv", "cpudesc" or NULL */
	uint64_t first_time, last_time;
	bool have_time;
	bool windowed;		/* --time: the figures cover only this part of the recording */
	uint64_t window_start, window_end;	/* absolute ns, clipped to the recording */
	uint64_t exits;
	uint64_t sum;
	struct row *rows;	/* all VMs together */
	size_t nrows;
	struct vm_report *vms;
	size_t nvms;
	struct lost_info lost;
	uint64_t seq_missing;
	uint64_t seq_duplicate;
	uint64_t unpaired;	/* exit-to-entry view: exits without an entry */
	const struct filter *filter;
	const struct timeline *timeline;
	const struct check *check;	/* NULL without --check */
	bool per_vcpu;
	bool counts_only;	/* rows from counters: no min, max, percentiles (qmp) */
	bool have_nested;	/* the events carry exit_timed's nested: rows' l2 is real */
	bool have_userspace;	/* the events carry userspace: rows' user is real */
	const char *since;	/* no time span: what the figures count from, or NULL */
};

int report_build(struct report *rep, const struct session *s, enum sort_key key,
		 struct er_err *err);

/* The rows of statistics ST alone; the caller sets the other fields. */
int report_build_stats(struct report *rep, const struct stats *st, enum sort_key key,
		       struct er_err *err);

/* Anything lost: records, samples or exit_seq gaps. */
bool report_has_loss(const struct report *rep);

/* Cycles (or ns values) in ns; < 0 when the TSC rate is unknown. */
double report_ns(const struct report *rep, double value);

bool sort_key_parse(const char *text, enum sort_key *key);

void report_free(struct report *rep);

#endif
