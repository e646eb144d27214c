/* vmchurn.c - creates and destroys small KVM VMs in a loop, for the stress
 * stage of the virtual host (tests/e2e/stage-stress.sh):
 *   vmchurn SECONDS [LIMIT_SECONDS [PAUSE_MS]]
 * Each VM lives in a child process of its own (so that the trace keys it by
 * its own pid): two vCPUs in real mode, whose code reads an MSR KVM handles
 * (RDMSR of IA32_BIOS_SIGN_ID), then the exit statistics leaf 0x4FFFFFFF
 * (CPUID), and reports to user space with an OUT, then HLTs.
 * Every second VM is killed (SIGKILL) while its second vCPU loops over CPUID
 * inside KVM_RUN, so that it is torn down in the middle of its exits.  Runs
 * for SECONDS or until SIGTERM (the VM in progress ends first), with PAUSE_MS
 * (default 0) between VMs, then prints one line of figures; exits 1 when a
 * VM failed or did not end within LIMIT_SECONDS (default 30). */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MEM_SIZE 0x10000
#define CODE_REPORT 0x1000	/* RDMSR 0x8B; CPUID 0x4FFFFFFF; OUT 0x10; again */
#define CODE_LOOP 0x1100	/* CPUID 0x4FFFFFFF forever, inside KVM */
#define CODE_HLT 0x1200
#define REPORT_PORT 0x10
#define ROUNDS 4
#define NR_VCPUS 2

static const uint8_t code_report[] = {
	0x66, 0xb9, 0x8b, 0x00, 0x00, 0x00,	/* mov $0x8b, %ecx (IA32_BIOS_SIGN_ID) */
	0x0f, 0x32,				/* rdmsr */
	0x66, 0xb8, 0xff, 0xff, 0xff, 0x4f,	/* mov $0x4fffffff, %eax */
	0x0f, 0xa2,				/* cpuid */
	0xe6, REPORT_PORT,			/* out %al, $0x10 */
	0xeb, 0xec,				/* jmp CODE_REPORT */
};
static const uint8_t code_loop[] = {
	0x66, 0xb8, 0xff, 0xff, 0xff, 0x4f,	/* mov $0x4fffffff, %eax */
	0x0f, 0xa2,				/* cpuid */
	0xeb, 0xf6,				/* jmp CODE_LOOP */
};
static const uint8_t code_hlt[] = { 0xf4 };

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* A failure inside a VM's child: one line naming the step, exit 1. */
static void die(const char *what)
{
	fprintf(stderr, "vmchurn: %s: %s\n", what, strerror(errno));
	_exit(1);
}

static int vcpu_enter(int vcpu, uint64_t rip)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return -1;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		return -1;
	memset(&regs, 0, sizeof(regs));
	regs.rip = rip;
	regs.rflags = 2;
	return ioctl(vcpu, KVM_SET_REGS, &regs);
}

/* ROUNDS reports through the OUT, each reading a count no smaller than the
 * one before (the count stands still while kvm.exit_stats is off), then HLT. */
static void vcpu_report(int vcpu, struct kvm_run *run)
{
	struct kvm_regs regs;
	uint32_t last = 0;

	if (vcpu_enter(vcpu, CODE_REPORT) < 0)
		die("setting up a vCPU");
	for (int i = 0; i < ROUNDS; i++) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			die("KVM_RUN");
		if (run->exit_reason != KVM_EXIT_IO || run->io.port != REPORT_PORT) {
			errno = EPROTO;
			die("KVM_RUN: not the OUT of the report");
		}
		if (ioctl(vcpu, KVM_GET_REGS, &regs) < 0)
			die("KVM_GET_REGS");
		if ((uint32_t)regs.rax < last) {
			errno = ERANGE;
			die("leaf 0x4FFFFFFF: the VM's exit count went down");
		}
		last = (uint32_t)regs.rax;
	}
	if (vcpu_enter(vcpu, CODE_HLT) < 0 || ioctl(vcpu, KVM_RUN, 0) < 0)
		die("KVM_RUN of the HLT");
	if (run->exit_reason != KVM_EXIT_HLT) {
		errno = EPROTO;
		die("KVM_RUN: no HLT exit");
	}
}

/* The child: one VM.  With READY >= 0 (a VM to be killed), vCPU 1 loops in
 * KVM_RUN after a byte on READY tells the parent. */
static void vm_life(int ready)
{
	int kvm, vm, mmap_size;
	uint8_t *mem;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM");
	mmap_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size <= 0)
		die("KVM_GET_VCPU_MMAP_SIZE");
	/* Needed on VMX without unrestricted guests; harmless elsewhere. */
	if (ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000ul) < 0)
		die("KVM_SET_TSS_ADDR");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap of the guest memory");
	memcpy(mem + CODE_REPORT, code_report, sizeof(code_report));
	memcpy(mem + CODE_LOOP, code_loop, sizeof(code_loop));
	memcpy(mem + CODE_HLT, code_hlt, sizeof(code_hlt));
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = MEM_SIZE,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION");
	for (int id = 0; id < NR_VCPUS; id++) {
		int vcpu = ioctl(vm, KVM_CREATE_VCPU, id);
		struct kvm_run *run;

		if (vcpu < 0)
			die("KVM_CREATE_VCPU");
		run = mmap(NULL, (size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
		if (run == MAP_FAILED)
			die("mmap of kvm_run");
		if (ready >= 0 && id == NR_VCPUS - 1) {
			if (vcpu_enter(vcpu, CODE_LOOP) < 0)
				die("setting up the looping vCPU");
			if (write(ready, "r", 1) != 1)
				die("telling the parent");
			ioctl(vcpu, KVM_RUN, 0);
			die("KVM_RUN of the CPUID loop returned");
		}
		vcpu_report(vcpu, run);
	}
	/* Closing every file (at exit) destroys the VM. */
	_exit(0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for CHILD for at most LIMIT seconds; its status, or -1 (with CHILD
 * killed and reaped) when it did not end in time. */
static int reap(pid_t child, double limit)
{
	double until = now() + limit;
	int status;

	while (waitpid(child, &status, WNOHANG) == 0) {
		if (now() > until) {
			kill(child, SIGKILL);
			waitpid(child, &status, 0);
			return -1;
		}
		usleep(1000);
	}
	return status;
}

struct figures {
	unsigned long created, ended, killed;
};

/* One VM: 0, or -1 after printing why. */
static int churn_one(struct figures *f, int kill_it, double limit)
{
	int fds[2] = { -1, -1 };
	pid_t child;
	int status;

	if (kill_it && pipe(fds) < 0) {
		perror("vmchurn: pipe");
		return -1;
	}
	child = fork();
	if (child < 0) {
		perror("vmchurn: fork");
		return -1;
	}
	if (child == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGTERM, SIG_DFL);
		if (kill_it)
			close(fds[0]);
		vm_life(kill_it ? fds[1] : -1);
	}
	f->created++;
	if (kill_it) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		char c;

		close(fds[1]);
		/* Ready (or dead: then the byte never comes and read gives 0). */
		if (poll(&p, 1, (int)(limit * 1000)) == 1 && read(fds[0], &c, 1) == 1) {
			usleep(1000 + (unsigned)(f->created % 7) * 1000);
			kill(child, SIGKILL);
		}
		close(fds[0]);
	}
	status = reap(child, limit);
	if (status < 0) {
		fprintf(stderr, "vmchurn: VM %lu (pid %d) did not end within %.0f s\n", f->created,
			(int)child, limit);
		return -1;
	}
	if (kill_it && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
		f->killed++;
	} else if (kill_it || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "vmchurn: VM %lu (pid %d) ended with status 0x%x\n", f->created,
			(int)child, (unsigned)status);
		return -1;
	}
	f->ended++;
	return 0;
}

int main(int argc, char **argv)
{
	struct figures f = { 0 };
	double seconds, limit = 30, pause = 0, t0;
	sigset_t term;
	char *end;
	int rc = 0;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: vmchurn SECONDS [LIMIT_SECONDS [PAUSE_MS]]\n");
		return 2;
	}
	seconds = strtod(argv[1], &end);
	if (*end || !(seconds > 0)) {
		fprintf(stderr, "vmchurn: SECONDS: not a positive number: '%s'\n", argv[1]);
		return 2;
	}
	if (argc >= 3 && (limit = strtod(argv[2], &end), *end || !(limit > 0))) {
		fprintf(stderr, "vmchurn: LIMIT_SECONDS: not a positive number: '%s'\n", argv[2]);
		return 2;
	}
	if (argc == 4 && (pause = strtod(argv[3], &end), *end || pause < 0 || pause > 10000)) {
		fprintf(stderr, "vmchurn: PAUSE_MS: not a number from 0 to 10000: '%s'\n", argv[3]);
		return 2;
	}
	signal(SIGTERM, on_term);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	t0 = now();
	while (!stop && now() - t0 < seconds) {
		int failed;

		/* A SIGTERM waits until this VM has ended: one that came in while
		 * the parent waited for the ready byte used to close the pipe
		 * under the child, which then died of SIGPIPE. */
		sigprocmask(SIG_BLOCK, &term, NULL);
		failed = churn_one(&f, (int)(f.created % 2), limit) < 0;
		sigprocmask(SIG_UNBLOCK, &term, NULL);
		if (failed) {
			rc = 1;
			break;
		}
		if (pause > 0)
			usleep((useconds_t)(pause * 1000));
	}
	printf("vmchurn: %lu VMs created, %lu destroyed (%lu killed while running), "
	       "%d vCPUs each, %.1f s\n", f.created, f.ended, f.killed, NR_VCPUS, now() - t0);
	return rc;
}
