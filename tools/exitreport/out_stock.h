/* out_stock.h - `exitreport stats --stock`: KVM's stock per-vCPU counters
 * (exits, halt_exits, io_exits, ...) of a QMP snapshot, as they are: no
 * per-reason figures, and labelled so. */
#ifndef ER_OUT_STOCK_H
#define ER_OUT_STOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "qmp_stats.h"

struct stock_view {
	const char *input;
	uint32_t pid;
	const struct qmp_schema *sc;
	const struct qmp_snap *snap;
	uint64_t first_ns;	/* with interval: the snapshot the deltas start from */
	bool interval;		/* snap holds deltas over snap->time_ns */
};

void out_stock_table(const struct stock_view *v, FILE *f);
void out_stock_csv(const struct stock_view *v, FILE *f);
void out_stock_json(const struct stock_view *v, FILE *f);

#endif
