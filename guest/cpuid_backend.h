/* cpuid_backend.h - the one way guest code executes CPUID.  Real programs use
 * cpuid_hardware; host unit tests pass a fake hypervisor instead. */
#ifndef CPUID_BACKEND_H
#define CPUID_BACKEND_H

#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

struct cpuid_backend {
	/* Execute CPUID with EAX=leaf, ECX=subleaf. */
	struct cpuid_regs (*query)(void *ctx, uint32_t leaf, uint32_t subleaf);
	void *ctx;
};

static inline struct cpuid_regs cpuid_query(const struct cpuid_backend *b,
					    uint32_t leaf, uint32_t subleaf)
{
	return b->query(b->ctx, leaf, subleaf);
}

/* The CPUID instruction of the CPU we run on. */
extern const struct cpuid_backend cpuid_hardware;

#endif
