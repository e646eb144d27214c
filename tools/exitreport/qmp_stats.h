/* qmp_stats.h - KVM's per-vCPU binary stats as QEMU's query-stats serves
 * them: the exit statistics (exit_stats_count, exit_stats_cycles: one element
 * per slot of common/exit_slots.h; exit_cycles_hist: a log2 histogram) and a
 * few stock counters, checked against query-stats-schemas.
 *
 * QEMU (7.2, accel/kvm/kvm-all.c add_kvmstat_entry) lists an array stat's
 * elements last first; qmp_snap_read() puts them back in the kernel's order
 * unless told otherwise.
 */
#ifndef ER_QMP_STATS_H
#define ER_QMP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../common/exit_slots.h"
#include "err.h"
#include "qmp.h"

#define QMP_HIST_BUCKETS 32u	/* like halt_wait_hist: KVM's LOGHIST_SIZE_LARGE */
#define QMP_MAX_VCPUS 4096u

/* stock counters, in this order in qmp_vcpu.stock[] */
enum qmp_stock { QS_EXITS, QS_HALT, QS_IO, QS_MMIO, QS_IRQ, QS_IRQ_WINDOW, QS_NMI_WINDOW,
		 QS_SIGNAL, QS_REQUEST_IRQ, QS_HYPERCALLS, QS_INSN_EMULATION, QS_NSTOCK };

struct qmp_vcpu {
	uint32_t vcpu;		/* cpu-index */
	uint32_t tid;		/* thread-id */
	uint64_t stock[QS_NSTOCK];
	uint64_t count[EXIT_SLOTS];
	uint64_t cycles[EXIT_SLOTS];
	uint64_t hist[QMP_HIST_BUCKETS];	/* bucket 0: 0, bucket i: [2^(i-1), 2^i) */
};

struct qmp_schema {
	bool exit_stats;	/* exit_stats_count, _cycles and exit_cycles_hist exist */
	bool stock[QS_NSTOCK];
};

struct qmp_snap {
	struct qmp_vcpu *v;	/* by cpu-index */
	size_t n;
	uint64_t time_ns;	/* CLOCK_MONOTONIC when read */
};

const char *qmp_stock_name(enum qmp_stock s);

/* Check the stats this reader uses in query-stats-schemas: absent is noted in
 * *sc, present with another type, unit or base is an error naming the stat. */
int qmp_schema_read(struct qmp *q, struct qmp_schema *sc, struct er_err *err);

/* One query-stats of the vCPUs (and query-cpus-fast for their index and
 * thread).  KERNEL_ORDER: QEMU already lists array elements first to last. */
int qmp_snap_read(struct qmp *q, const struct qmp_schema *sc, bool kernel_order,
		  struct qmp_snap *snap, struct er_err *err);

/* D = B - A, vCPU by vCPU; a vCPU set that changed or a counter that went
 * back is an error. */
int qmp_snap_delta(const struct qmp_snap *a, const struct qmp_snap *b, struct qmp_snap *d,
		   struct er_err *err);

/* Parse a snapshot from replies already in hand (the fuzz harness). */
int qmp_snap_parse(struct json_object *stats, struct json_object *cpus,
		   const struct qmp_schema *sc, bool kernel_order, struct qmp_snap *snap,
		   struct er_err *err);

void qmp_snap_free(struct qmp_snap *snap);

#endif
