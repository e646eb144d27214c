/* load.h - exitload's workloads.  Each does its work, then prints what it
 * should have caused as lines (see exitload.c):
 *   expect ISA REASON COUNT KIND # why
 * KIND: exact (the workload loop causes exactly COUNT), min, max, approx. */
#ifndef LOAD_H
#define LOAD_H

#include <stdint.h>

#include "exit_reasons.h"

/* Print one expectation line.  reason is looked up in the shared table
 * (exit_reason_parse) and printed by its table name. */
void load_expect(enum exit_isa isa, const char *reason, uint64_t count, const char *kind,
		 const char *why);

/* Pin the calling thread to CPU 0 (for /dev/cpu/0/msr); 0 or -1. */
int load_pin_cpu0(void);

/* The workloads: 0 on success, else 1 after printing why to stderr. */
int load_cpuid(uint64_t n);
int load_pio(uint64_t n, const char *mode);
int load_hlt(uint64_t ms);
int load_msr(uint64_t n, const char *mode);
int load_touch(uint64_t mb);
int load_timer(uint64_t n, uint64_t us);

#endif
