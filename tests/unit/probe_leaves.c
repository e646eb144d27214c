/* probe_leaves.c - independent of exitstat's code: does this machine answer
 * CPUID 0x4FFFFFFE with an undefined ECX by the ABI's undefined-reason
 * signature (EAX=EBX=ECX=0, EDX=0xFFFFFFFF)?  Prints "present" or "absent". */
#include <cpuid.h>
#include <stdio.h>

#include "exit_abi.h"

int main(void)
{
	unsigned a, b, c, d;

	__cpuid_count(EXIT_LEAF_COUNT, EXIT_PROBE_UNDEFINED_REASON, a, b, c, d);
	puts(!a && !b && !c && d == EXIT_UNDEFINED_EDX ? "present" : "absent");
	return 0;
}
