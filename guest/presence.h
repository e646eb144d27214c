/* presence.h - is this a VM whose KVM exposes the exit-statistics leaves,
 * and which ISA (VMX or SVM) do its exit reasons belong to? */
#ifndef PRESENCE_H
#define PRESENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpuid_backend.h"
#include "exit_reasons.h"

enum presence_state {
	PRESENCE_OK,             /* leaves present, isa known */
	PRESENCE_NO_HYPERVISOR,  /* CPUID.1:ECX[31] clear: not in a VM */
	PRESENCE_NO_LEAVES,      /* stock KVM, kvm.exit_stats=N, or not KVM */
	PRESENCE_UNKNOWN_VENDOR, /* leaves present, vendor maps to no ISA */
};

struct presence {
	enum presence_state state;
	enum exit_isa isa;
	char vendor[13];      /* CPUID.0 vendor string */
	char hv_signature[13]; /* of the first hypervisor leaf base, "" if none */
	uint32_t kvm_base;    /* leaf base with "KVMKVMKVM\0\0\0", 0 if none */
};

/* ISA for a CPUID vendor string; EXIT_ISA_UNKNOWN if not known. */
enum exit_isa presence_isa_of_vendor(const char *vendor);

/* The ABI's signature checks: an undefined reason gives EAX=EBX=ECX=0,
 * EDX=0xFFFFFFFF, and (isa known) the CPUID reason has a 64-bit count >= 1
 * with ECX=EDX=0 (the reading CPUID itself is counted).  Executes 1 or 2 CPUIDs. */
bool presence_leaves_ok(const struct cpuid_backend *b, enum exit_isa isa);

/* Detect all of the above.  forced_isa != EXIT_ISA_UNKNOWN overrides the vendor. */
void presence_detect(const struct cpuid_backend *b, enum exit_isa forced_isa,
		     struct presence *p);

/* One-line explanation for a state other than PRESENCE_OK (no newline). */
void presence_message(const struct presence *p, char *buf, size_t len);

#endif
