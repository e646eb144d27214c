/* load_msr.c - N x RDMSR (and optionally WRMSR) of IA32_UCODE_REV (0x8B)
 * through /dev/cpu/0/msr.  Why this MSR: KVM emulates it and intercepts it on
 * both VMX and SVM (never passed through), reading has no side effect on
 * either vendor, and KVM ignores guest writes to it (x86.c kvm_set_msr_common:
 * only host-initiated writes change microcode_version), so writing 0 changes
 * nothing.  The guest's msr driver taints its kernel (CPU_OUT_OF_SPEC) and
 * warns on any write, so writes are opt-in ("rw").  We pin to CPU 0 so the
 * driver executes the instruction locally, not by an IPI (which would add
 * APIC exits).  The loops sit between two trace marks (load_mark()): the
 * guest kernel reads 0x8B itself at boot, the marks tell those apart. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "load.h"

int load_msr(uint64_t n, const char *mode)
{
	int rw = mode && strcmp(mode, "rw") == 0, fd;

	if (mode && !rw && strcmp(mode, "r") != 0) {
		fprintf(stderr, "exitload msr: mode must be r or rw\n");
		return 1;
	}
	if (load_pin_cpu0() != 0)
		return 1;
	fd = open("/dev/cpu/0/msr", rw ? O_RDWR : O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "exitload msr: /dev/cpu/0/msr: %s (needs root and the msr "
			"module: modprobe msr)\n", strerror(errno));
		return 1;
	}
	load_mark(LOAD_MARK_BEGIN);
	if (load_msr_accesses("msr", fd, n, 0) != 0 ||
	    (rw && load_msr_accesses("msr", fd, n, 1) != 0)) {
		load_mark(LOAD_MARK_END);
		close(fd);
		return 1;
	}
	load_mark(LOAD_MARK_END);
	close(fd);
	printf("exitload msr: %llu RDMSR%s of MSR 0x%x (IA32_UCODE_REV) on CPU 0\n",
	       (unsigned long long)n, rw ? " and as many WRMSR" : "", LOAD_MSR_UCODE_REV);
	load_expect(EXIT_ISA_VMX, "MSR_READ", n, "exact", "RDMSR 0x8B is always intercepted");
	if (rw)
		load_expect(EXIT_ISA_VMX, "MSR_WRITE", n, "exact", "WRMSR 0x8B, ignored by KVM");
	load_expect(EXIT_ISA_SVM, "msr", rw ? 2 * n : n, "exact",
		    "SVM has one reason for RDMSR and WRMSR");
	return 0;
}
