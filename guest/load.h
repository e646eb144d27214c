/* load.h - exitload's workloads.  Each does its work, then prints what it
 * should have caused as lines (see exitload.c):
 *   expect ISA REASON COUNT KIND # why
 * KIND: exact (the workload loop causes exactly COUNT), min, max, approx. */
#ifndef LOAD_H
#define LOAD_H

#include <cpuid.h>
#include <stdint.h>

#include "exit_reasons.h"

/* Print one expectation line.  reason is looked up in the shared table
 * (exit_reason_parse) and printed by its table name. */
void load_expect(enum exit_isa isa, const char *reason, uint64_t count, const char *kind,
		 const char *why);

/* Pin the calling thread to CPU 0 (for /dev/cpu/0/msr); 0 or -1. */
int load_pin_cpu0(void);

/* Port 0x80, the POST/delay port (load_pio.c), and IA32_UCODE_REV, the MSR
 * of load_msr.c: the targets of the exit loops. */
#define LOAD_POST_PORT 0x80
#define LOAD_MSR_UCODE_REV 0x8B

/* The exit loops (load_loops.c), N exits each; shared by the workloads and
 * exitload bench.  0, or -1 after printing "exitload WHO: why" to stderr. */
int load_ioperm_post(const char *who);
int load_port_writes(const char *who, int fd, uint64_t n);	/* fd: /dev/port */
int load_msr_accesses(const char *who, int fd, uint64_t n, int write); /* /dev/cpu/0/msr */

/* N x CPUID leaf 0: N exits on VMX and SVM. */
static inline void load_cpuid_exits(uint64_t n)
{
	unsigned a, b, c, d;

	for (uint64_t i = 0; i < n; i++)
		__cpuid_count(0, 0, a, b, c, d);
}

/* A mark in the host's trace around a workload's loop: CPUID leaf 0 (which
 * ignores ECX) with ECX = LOAD_MARK_BEGIN or LOAD_MARK_END, as kvm:kvm_cpuid
 * shows it ("func 0 idx 4d52534c").  The host counts the loop's exits of
 * its kind between the two (tests/e2e/check-trace.sh), exactly, whatever
 * else the guest does around it.  One CPUID exit each. */
#define LOAD_MARK_BEGIN 0x4d52534cu	/* "LSRM" */
#define LOAD_MARK_END 0x4d52534du
static inline void load_mark(uint32_t mark)
{
	unsigned a, b, c, d;

	__cpuid_count(0, mark, a, b, c, d);
}

/* N x OUT to port 0x80 from user space, after load_ioperm_post(). */
static inline void load_out_post(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		__asm__ volatile("outb %b0, %w1" : : "a"((unsigned char)0), "Nd"(LOAD_POST_PORT));
}

/* The workloads: 0 on success, else 1 after printing why to stderr. */
int load_cpuid(uint64_t n);
int load_pio(uint64_t n, const char *mode);
int load_hlt(uint64_t ms);
int load_msr(uint64_t n, const char *mode);
int load_touch(uint64_t mb);
int load_timer(uint64_t n, uint64_t us);

#endif
