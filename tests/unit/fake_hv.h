/* fake_hv.h - a fake KVM for host unit tests: answers CPUID like stock or
 * patched KVM would for an Intel or AMD guest, and counts every query as a
 * CPUID exit as the patched host does (count at exit start, cycles when the
 * exit finishes, i.e. at the next query). */
#ifndef FAKE_HV_H
#define FAKE_HV_H

#include <stdbool.h>
#include <stdint.h>

#include "cpuid_backend.h"
#include "exit_read.h"

enum fake_reason_state { FAKE_HANDLED = 0, FAKE_UNHANDLED, FAKE_HOST_UNDEFINED };

struct fake_hv {
	/* configuration */
	char vendor[13];          /* CPUID.0, decides VMX or SVM */
	bool hypervisor_bit;      /* CPUID.1:ECX[31] */
	const char *signature;    /* 12 bytes at 0x40000000, NULL: none */
	const char *signature_100; /* 12 bytes at 0x40000100, NULL: none */
	bool patched;             /* kvm.exit_stats leaves present (and =Y) */
	uint32_t max_basic;       /* CPUID.0:EAX; stock Intel answers unknown leaves from it */
	uint32_t apic_id;         /* x2APIC ID seen in leaf 0xB/0x1F EDX */
	uint64_t cpuid_cost;      /* cycles of one CPUID exit */
	uint64_t cpuid_jitter;    /* every other CPUID exit costs this much more */
	enum exit_isa isa;        /* the host's: from the vendor, tests may override */
	/* state, indexed like exit_reason_at(isa, i) */
	enum fake_reason_state state[EXIT_READ_MAX];
	uint64_t count[EXIT_READ_MAX], cycles[EXIT_READ_MAX];
	uint64_t total_count, total_cycles;
	uint64_t pending;         /* cycles of the CPUID exit in progress */
	bool in_exit;
	uint64_t queries;
};

/* Stock (patched=false) or patched KVM for the given guest vendor, a KVM
 * signature at 0x40000000, hypervisor bit set, max basic leaf 0x1F. */
void fake_hv_init(struct fake_hv *hv, const char *vendor, bool patched);

struct cpuid_backend fake_hv_backend(struct fake_hv *hv);

/* n finished exits for reason, cycles_each each (anything but our queries). */
void fake_hv_exits(struct fake_hv *hv, uint32_t reason, uint64_t n, uint64_t cycles_each);

/* Set a reason's counters directly (totals follow the difference). */
void fake_hv_set(struct fake_hv *hv, uint32_t reason, uint64_t count, uint64_t cycles);

void fake_hv_mark(struct fake_hv *hv, uint32_t reason, enum fake_reason_state s);

/* Counters of a reason, for expected values. */
uint64_t fake_hv_count(const struct fake_hv *hv, uint32_t reason);
uint64_t fake_hv_cycles(const struct fake_hv *hv, uint32_t reason);

#endif
