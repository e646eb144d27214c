/* load_hlt.c - sleep MS milliseconds without work: the idle vCPU HLTs. */
#include <stdio.h>
#include <time.h>

#include "load.h"

int load_hlt(uint64_t ms)
{
	struct timespec t = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) != 0)
		;
	printf("exitload hlt: slept %llu ms\n", (unsigned long long)ms);
	load_expect(EXIT_ISA_VMX, "HLT", 1, "min", "the idle vCPU halts; about one HLT per wake-up");
	load_expect(EXIT_ISA_SVM, "hlt", 1, "min", "the idle vCPU halts; about one hlt per wake-up");
	printf("note: 0 HLT if the VM runs with HLT exits disabled (QEMU -overcommit "
	       "cpu-pm=on) or the guest idles by MWAIT or cpuidle-haltpoll polling; "
	       "other vCPUs and guest tasks add HLTs\n");
	return 0;
}
