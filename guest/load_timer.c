/* load_timer.c - N sleeps of US microseconds: each arms the guest's LAPIC
 * timer (TSC-deadline WRMSR, or x2APIC TMICT WRMSR), the vCPU idles (HLT)
 * and is woken by the timer interrupt. */
#include <stdio.h>
#include <sys/prctl.h>
#include <time.h>

#include "load.h"

int load_timer(uint64_t n, uint64_t us)
{
	struct timespec t = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000L };

	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL); /* no 50 us slack merging */
	for (uint64_t i = 0; i < n; i++) {
		struct timespec left = t;

		while (nanosleep(&left, &left) != 0)
			;
	}
	printf("exitload timer: %llu sleeps of %llu us\n", (unsigned long long)n,
	       (unsigned long long)us);
	load_expect(EXIT_ISA_VMX, "MSR_WRITE", n, "min", "timer arming, >= 1 per sleep");
	load_expect(EXIT_ISA_VMX, "HLT", n, "approx", "the vCPU idles in each sleep");
	load_expect(EXIT_ISA_VMX, "PREEMPTION_TIMER", n, "approx",
		    "timer expiry; EXTERNAL_INTERRUPT instead without the VMX preemption timer");
	load_expect(EXIT_ISA_SVM, "msr", n, "min", "timer arming, >= 1 per sleep");
	load_expect(EXIT_ISA_SVM, "hlt", n, "approx", "the vCPU idles in each sleep");
	load_expect(EXIT_ISA_SVM, "interrupt", n, "approx", "host timer interrupt at expiry");
	printf("note: an xAPIC (not x2APIC) guest arms its timer by MMIO (APIC_ACCESS / "
	       "npf or avic_unaccelerated_access) instead of WRMSR; with APICv/AVIC "
	       "some of these exits disappear\n");
	return 0;
}
