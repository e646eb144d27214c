/* load_bench.c - "exitload bench KIND N [REPS]": the guest-measured round
 * trip of one cheap VM-exit, for bench/run.sh.
 *
 * Each repetition executes N exits of KIND back to back between two RDTSCs
 * and prints one line
 *   bench KIND rep R exits N tsc TICKS
 * (TICKS / N = TSC ticks per exit, loop overhead of a few instructions
 * included), after a warm-up pass of up to 100 exits that is not printed.  On an emulated host whose TSC counts instructions (QEMU
 * -icount, Bochs clock: sync=none) TICKS is deterministic, not a time.
 *
 * KIND:
 *   cpuid   CPUID leaf 0 from user space (always intercepted).
 *   vmcall  VMCALL (Intel) / VMMCALL (AMD) from user space: KVM handles the
 *           hypercall exit and, since CPL > 0, returns -KVM_EPERM in RAX
 *           without doing anything else; the cheapest in-kernel exit that
 *           is not CPUID.
 *   msr     RDMSR of IA32_UCODE_REV (0x8B) by the kernel through
 *           pread(/dev/cpu/0/msr): an intercepted RDMSR, plus a syscall.
 *   piok    OUT to port 0x80 by the kernel: one-byte pwrite() at offset 0x80
 *           of /dev/port (CONFIG_DEVPORT), plus a syscall.  KVM passes the
 *           port write on to its user space (QEMU), so the round trip
 *           includes the return to QEMU and its next KVM_RUN.
 *   pio     OUT to port 0x80 after ioperm, from user space.  Run in a child
 *           process: where the OUT faults (#GP, seen on the QEMU/TCG SVM
 *           host) the line says "bench pio unavailable: ..." instead and
 *           the command still succeeds, so one bench run covers all kinds.
 */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <x86intrin.h>

#include "load.h"

#define KVM_EPERM_RET ((unsigned long)-1L)	/* -KVM_EPERM, KVM_EPERM == EPERM == 1 */

static unsigned long long tsc_now(void)
{
	_mm_lfence();
	unsigned long long t = __rdtsc();
	_mm_lfence();
	return t;
}

static int is_amd(void)
{
	unsigned a, b, c, d;

	__cpuid(0, a, b, c, d);
	(void)a;
	/* "AuthenticAMD" and "HygonGenuine": EBX "Auth" / "Hygo" */
	return b == 0x68747541 || b == 0x6f677948;
}

static unsigned long hypercall(int amd)
{
	unsigned long ret = 0;	/* hypercall number 0: never reached at CPL 3 */

	if (amd)
		__asm__ volatile("vmmcall" : "+a"(ret) : : "memory");
	else
		__asm__ volatile("vmcall" : "+a"(ret) : : "memory");
	return ret;
}

/* One repetition of kind k: N exits, the elapsed TSC ticks in *ticks. */
static int run_cpuid(uint64_t n, unsigned long long *ticks)
{
	unsigned long long t0 = tsc_now();

	load_cpuid_exits(n);
	*ticks = tsc_now() - t0;
	return 0;
}

static int run_vmcall(uint64_t n, unsigned long long *ticks)
{
	int amd = is_amd();
	unsigned long long t0;

	/* KVM answers an unprivileged hypercall with -KVM_EPERM; anything else
	 * means this is not the exit we mean to time. */
	if (hypercall(amd) != KVM_EPERM_RET) {
		fprintf(stderr, "exitload bench: %s from user space did not return -KVM_EPERM\n",
			amd ? "VMMCALL" : "VMCALL");
		return -1;
	}
	t0 = tsc_now();
	for (uint64_t i = 0; i < n; i++)
		hypercall(amd);
	*ticks = tsc_now() - t0;
	return 0;
}

static int msr_fd = -1;

static int run_msr(uint64_t n, unsigned long long *ticks)
{
	unsigned long long t0;

	if (msr_fd < 0) {
		if (load_pin_cpu0() != 0)
			return -1;
		msr_fd = open("/dev/cpu/0/msr", O_RDONLY);
		if (msr_fd < 0) {
			fprintf(stderr, "exitload bench: /dev/cpu/0/msr: %s\n", strerror(errno));
			return -1;
		}
	}
	t0 = tsc_now();
	if (load_msr_accesses("bench", msr_fd, n, 0) != 0)
		return -1;
	*ticks = tsc_now() - t0;
	return 0;
}

static int port_fd = -1;

static int run_piok(uint64_t n, unsigned long long *ticks)
{
	unsigned long long t0;

	if (port_fd < 0) {
		port_fd = open("/dev/port", O_WRONLY);
		if (port_fd < 0) {
			fprintf(stderr, "exitload bench: /dev/port: %s\n", strerror(errno));
			return -1;
		}
	}
	t0 = tsc_now();
	if (load_port_writes("bench", port_fd, n) != 0)
		return -1;
	*ticks = tsc_now() - t0;
	return 0;
}

static int run_pio(uint64_t n, unsigned long long *ticks)
{
	unsigned long long t0;

	if (load_ioperm_post("bench") != 0)
		return -1;
	t0 = tsc_now();
	load_out_post(n);
	*ticks = tsc_now() - t0;
	return 0;
}

static int repeat(const char *kind, int (*run)(uint64_t, unsigned long long *), uint64_t n,
		  uint64_t reps)
{
	unsigned long long ticks;

	/* A warm-up pass, not printed: the first exits of a new process also
	 * fault in its code and data. */
	if (run(n < 100 ? n : 100, &ticks) != 0)
		return 1;
	for (uint64_t r = 1; r <= reps; r++) {
		if (run(n, &ticks) != 0)
			return 1;
		printf("bench %s rep %llu exits %llu tsc %llu\n", kind, (unsigned long long)r,
		       (unsigned long long)n, ticks);
		fflush(stdout);
	}
	return 0;
}

/* pio in a child: a #GP at the OUT must not end the whole bench. */
static int repeat_pio(uint64_t n, uint64_t reps)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("exitload bench: fork");
		return 1;
	}
	if (pid == 0)
		_exit(repeat("pio", run_pio, n, reps));
	if (waitpid(pid, &status, 0) < 0) {
		perror("exitload bench: waitpid");
		return 1;
	}
	if (WIFSIGNALED(status)) {
		printf("bench pio unavailable: OUT 0x%x after ioperm killed by signal %d (%s)\n",
		       LOAD_POST_PORT, WTERMSIG(status), strsignal(WTERMSIG(status)));
		return 0;
	}
	return WEXITSTATUS(status);
}

static int number(const char *s, uint64_t *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end || *out == 0 ? -1 : 0;
}

/* argv: KIND N [REPS] */
int load_bench(int argc, char **argv)
{
	uint64_t n, reps = 5;
	const char *kind = argc > 0 ? argv[0] : "";

	if (argc < 2 || argc > 3 || number(argv[1], &n) != 0 ||
	    (argc == 3 && number(argv[2], &reps) != 0)) {
		fputs("usage: exitload bench cpuid|vmcall|msr|piok|pio N [REPS]\n", stderr);
		return 1;
	}
	if (strcmp(kind, "cpuid") == 0)
		return repeat(kind, run_cpuid, n, reps);
	if (strcmp(kind, "vmcall") == 0)
		return repeat(kind, run_vmcall, n, reps);
	if (strcmp(kind, "msr") == 0)
		return repeat(kind, run_msr, n, reps);
	if (strcmp(kind, "piok") == 0)
		return repeat(kind, run_piok, n, reps);
	if (strcmp(kind, "pio") == 0)
		return repeat_pio(n, reps);
	fprintf(stderr, "exitload bench: unknown kind '%s' (cpuid, vmcall, msr, piok, pio)\n", kind);
	return 1;
}
