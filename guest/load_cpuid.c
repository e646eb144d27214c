/* load_cpuid.c - N x CPUID: each one exits (VMX unconditionally, SVM because
 * KVM always intercepts it). */
#include <stdio.h>

#include "load.h"

int load_cpuid(uint64_t n)
{
	load_cpuid_exits(n);
	printf("exitload cpuid: executed %llu CPUID (leaf 0)\n", (unsigned long long)n);
	load_expect(EXIT_ISA_VMX, "CPUID", n, "exact", "one exit per CPUID");
	load_expect(EXIT_ISA_SVM, "cpuid", n, "exact", "one exit per CPUID");
	printf("note: program start-up executes some CPUIDs too (the same for every N): "
	       "compare with `exitload cpuid 0`\n");
	return 0;
}
