/* kernel_reason_names.h - the kernel's own VMX_EXIT_REASONS / SVM_EXIT_REASONS
 * tables, compiled from the uapi headers of the kernel source tree. */
#ifndef KERNEL_REASON_NAMES_H
#define KERNEL_REASON_NAMES_H

#include <stddef.h>

struct kernel_reason {
	unsigned long long value; /* as the kernel's macro gives it (SVM_EXIT_ERR is -1) */
	const char *name;
};

extern const struct kernel_reason kernel_vmx_reasons[];
extern const size_t kernel_vmx_reasons_len;
extern const struct kernel_reason kernel_svm_reasons[];
extern const size_t kernel_svm_reasons_len;

#endif
