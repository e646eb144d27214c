/* cpuid_hardware.c - cpuid_backend that executes the CPUID instruction. */
#include "cpuid_backend.h"

#include <cpuid.h>

static struct cpuid_regs hardware_query(void *ctx, uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	(void)ctx;
	__cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
	return r;
}

const struct cpuid_backend cpuid_hardware = { hardware_query, 0 };
