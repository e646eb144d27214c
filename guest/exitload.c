/* exitload.c - workloads with known VM-exit mixes, for checking exitstat:
 *   exitstat -- exitload cpuid 100000
 * Sub-commands in load_*.c; output grammar in load.h. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

int load_bench(int argc, char **argv);	/* load_bench.c */

static const char usage_text[] =
	"usage: exitload cpuid N        N x CPUID (any user)\n"
	"       exitload pio N [user|kernel]  N x OUT to port 0x80 (root): from user\n"
	"                               space after ioperm (default), or by the kernel\n"
	"                               through N 1-byte writes to /dev/port\n"
	"       exitload hlt MS         sleep MS ms: the idle vCPU HLTs\n"
	"       exitload msr N [r|rw]   N x RDMSR (rw: and N x WRMSR) of 0x8B via\n"
	"                               /dev/cpu/0/msr (root, msr module)\n"
	"       exitload touch MB       write every 4 KiB page of MB new MiB\n"
	"       exitload timer N [US]   N sleeps of US microseconds (default 100)\n"
	"       exitload bench KIND N [REPS]  REPS (5) x N exits of KIND (cpuid, vmcall,\n"
	"                               msr, piok, pio), each timed with RDTSC (load_bench.c)\n"
	"Prints what it did and lines 'expect ISA REASON COUNT KIND # why'\n"
	"(KIND exact, min, max or approx) to compare with exitstat's delta.\n";

void load_expect(enum exit_isa isa, const char *reason, uint64_t count, const char *kind,
		 const char *why)
{
	uint32_t r;

	if (exit_reason_parse(isa, reason, &r) != 0) {
		fprintf(stderr, "exitload: internal error: no %s reason \"%s\"\n",
			exit_isa_name(isa), reason);
		exit(1);
	}
	printf("expect %s %s %llu %s # %s\n", exit_isa_name(isa), exit_reason_name(isa, r),
	       (unsigned long long)count, kind, why);
}

int load_pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0) {
		fprintf(stderr, "exitload: cannot run on CPU 0: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* A decimal count argument; -1 if absent or not a number. */
static int number(const char *s, uint64_t *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t n, us = 100;
	const char *cmd = argc > 1 ? argv[1] : "";

	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "bench") == 0)
		return load_bench(argc - 2, argv + 2);
	if (argc < 3 || argc > 4 || number(argv[2], &n) != 0)
		goto usage;
	if (strcmp(cmd, "cpuid") == 0 && argc == 3)
		return load_cpuid(n);
	if (strcmp(cmd, "pio") == 0)
		return load_pio(n, argc == 4 ? argv[3] : NULL);
	if (strcmp(cmd, "hlt") == 0 && argc == 3)
		return load_hlt(n);
	if (strcmp(cmd, "msr") == 0)
		return load_msr(n, argc == 4 ? argv[3] : NULL);
	if (strcmp(cmd, "touch") == 0 && argc == 3)
		return load_touch(n);
	if (strcmp(cmd, "timer") == 0 && (argc == 3 || number(argv[3], &us) == 0))
		return load_timer(n, us);
usage:
	fputs(usage_text, stderr);
	return 1;
}
