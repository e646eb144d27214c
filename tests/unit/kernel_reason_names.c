/* kernel_reason_names.c - expands the kernel's reason tables.  Build with
 *   -include $(KSRC)/arch/x86/include/uapi/asm/vmx.h
 *   -include $(KSRC)/arch/x86/include/uapi/asm/svm.h
 * (they include nothing; the raw uapi tree cannot be put on the include path
 * before headers_install).  The exception vector numbers SVM_EXIT_REASONS uses
 * come from the installed <asm/kvm.h>. */
#include <asm/kvm.h>

#if !defined(VMX_EXIT_REASONS) || !defined(SVM_EXIT_REASONS)
#error "build with -include .../uapi/asm/vmx.h -include .../uapi/asm/svm.h"
#endif

#include "kernel_reason_names.h"

const struct kernel_reason kernel_vmx_reasons[] = { VMX_EXIT_REASONS };
const size_t kernel_vmx_reasons_len = sizeof(kernel_vmx_reasons) / sizeof(kernel_vmx_reasons[0]);
const struct kernel_reason kernel_svm_reasons[] = { SVM_EXIT_REASONS };
const size_t kernel_svm_reasons_len = sizeof(kernel_svm_reasons) / sizeof(kernel_svm_reasons[0]);
