/* test_kernel_names.c - every reason the kernel names (and exit-stats.rst defines)
 * carries exactly the kernel's name in the shared table. */
#include "check.h"
#include "exit_reasons.h"
#include "kernel_reason_names.h"

#include <string.h>

static void compare(const char *test, enum exit_isa isa,
		    const struct kernel_reason *k, size_t len, size_t want_matched)
{
	size_t matched = 0;

	test_begin(test);
	for (size_t i = 0; i < len; i++) {
		uint32_t r = (uint32_t)k[i].value;
		const char *ours = exit_reason_name(isa, r);

		/* SEV-ES VMGEXIT software codes (0x8000xxxx) are not hardware
		 * exit reasons and not in the ABI set. */
		if (!ours) {
			check_that(isa == EXIT_ISA_SVM && (r & 0xf0000000u) == 0x80000000u,
				   "kernel names %s reason 0x%x (%s) which is undefined here",
				   exit_isa_name(isa), r, k[i].name);
			continue;
		}
		matched++;
		check_that(strcmp(ours, k[i].name) == 0, "%s 0x%x: ours \"%s\", kernel \"%s\"",
			   exit_isa_name(isa), r, ours, k[i].name);
	}
	check_that(matched == want_matched, "%zu kernel names matched, expected %zu",
		   matched, want_matched);
	test_end();
}

int main(void)
{
	/* 6.12: 62 VMX names; 108 SVM entries of which 10 are VMGEXIT codes. */
	compare("exit_reasons: VMX names equal the kernel's VMX_EXIT_REASONS", EXIT_ISA_VMX,
		kernel_vmx_reasons, kernel_vmx_reasons_len, kernel_vmx_reasons_len);
	compare("exit_reasons: SVM names equal the kernel's SVM_EXIT_REASONS", EXIT_ISA_SVM,
		kernel_svm_reasons, kernel_svm_reasons_len, kernel_svm_reasons_len - 10);
	return check_exit_status();
}
