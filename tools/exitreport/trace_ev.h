/* trace_ev.h - one decoded event, as it flows from the decoder through the
 * time-ordering buffer to the statistics and the cross-check.
 */
#ifndef ER_TRACE_EV_H
#define ER_TRACE_EV_H

#include <stdint.h>

enum ev_kind {
	EV_EXIT,		/* kvm:exit_timed, or a paired kvm_exit/kvm_entry */
	EV_STOCK_EXIT,		/* kvm:kvm_exit */
	EV_STOCK_ENTRY,		/* kvm:kvm_entry */
	EV_CPUID,		/* kvm:kvm_cpuid */
	EV_LOST,		/* PERF_RECORD_LOST / LOST_SAMPLES */
	EV_QUAL,		/* what an exit was about: kvm:kvm_msr, kvm_pio, ... (qualifier.h) */
	EV_USER_EXIT,		/* kvm:kvm_userspace_exit */
};

/* An exit whose vCPU its event does not tell (kvm_exit before Linux 5.7). */
#define EV_VCPU_UNKNOWN UINT32_MAX

struct ev_exit {
	uint32_t vcpu;
	uint32_t isa;
	uint32_t reason;
	uint32_t fastpath;
	uint8_t nested;		/* exit of an L2 guest (0 when the event has no such field) */
	uint8_t userspace;	/* completed in userspace (the same) */
	uint8_t pad[2];
	uint64_t cycles;	/* or ns for the exit-to-entry view */
	uint64_t seq;		/* 0 when the source has none */
};

struct ev_cpuid {
	uint32_t function;
	uint32_t index;
	uint64_t rax, rbx, rcx, rdx;
};

struct ev_qual {
	uint32_t by;		/* enum qual_by */
	uint32_t sub;		/* msr/pio/cr: 1 write, 0 read; mmio: type */
	uint32_t size;		/* pio: bytes; mmio: len */
	uint32_t flags;		/* msr: exception */
	uint64_t value;		/* msr index, port, gpa, hypercall nr, cr number */
};

struct ev_user {
	uint32_t reason;	/* KVM_EXIT_* */
};

struct ev_lost {
	uint64_t count;
	uint32_t samples;	/* 1: PERF_RECORD_LOST_SAMPLES, 0: PERF_RECORD_LOST */
	uint32_t has_time;
};

struct trace_ev {
	uint64_t time;		/* perf sample time, ns */
	uint64_t order;		/* position in the file: ties keep file order */
	uint64_t offset;	/* file offset of the record, for messages */
	uint32_t kind;
	uint32_t pid;
	uint32_t tid;
	uint32_t cpu;
	union {
		struct ev_exit exit;
		struct ev_cpuid cpuid;
		struct ev_lost lost;
		struct ev_qual qual;
		struct ev_user user;
	} u;
};

#endif
