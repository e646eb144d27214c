/* probe_leaves.c - independent of exitstat's code: does this machine answer
 * CPUID 0x4FFFFFFE with an undefined ECX by the ABI's undefined-reason
 * signature (EAX=EBX=ECX=0, EDX=0xFFFFFFFF)?  Prints "present" or "absent". */
#include <cpuid.h>
#include <stdio.h>

int main(void)
{
	unsigned a, b, c, d;

	__cpuid_count(0x4FFFFFFE, 0xFFFF0000, a, b, c, d);
	puts(!a && !b && !c && d == 0xFFFFFFFF ? "present" : "absent");
	return 0;
}
