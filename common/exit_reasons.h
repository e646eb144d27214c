/* exit_reasons.h - the table of hardware VM-exit reasons for VMX and SVM.
 *
 * The set of "defined" reasons is the one of the series'
 * Documentation/virt/kvm/x86/exit-stats.rst (kernel/patches/0001):
 *   VMX: 0-34, 36, 37, 39-41, 43-70, 72-81, 84, 85, 0x80000000 (other)
 *   SVM: 0x00-0xA6, 0x400-0x403, 0x80000000 (other), 0xFFFFFFFC-0xFFFFFFFF
 * "other" is not a hardware reason: the kernel counts there every exit whose
 * code the manual does not define.
 * Names are the strings the kernel's tracepoints print (VMX_EXIT_REASONS in
 * arch/x86/include/uapi/asm/vmx.h, SVM_EXIT_REASONS in .../svm.h); reasons the
 * kernel does not name get names in the same style (SDM / APM mnemonics).
 * Pure C11, no dependencies besides the C library.
 */
#ifndef EXIT_REASONS_H
#define EXIT_REASONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Values are the kernel's KVM_ISA_VMX / KVM_ISA_SVM (arch/x86/kvm/trace.h). */
enum exit_isa { EXIT_ISA_UNKNOWN = 0, EXIT_ISA_VMX = 1, EXIT_ISA_SVM = 2 };

/* Reasons the tools need by number. */
#define EXIT_VMX_CPUID 10u
#define EXIT_SVM_CPUID 0x72u

/* Name of a defined reason; NULL when the reason is not defined for isa. */
const char *exit_reason_name(enum exit_isa isa, uint32_t reason);

bool exit_reason_defined(enum exit_isa isa, uint32_t reason);

/* Number of defined reasons (0 for EXIT_ISA_UNKNOWN). */
size_t exit_reason_count(enum exit_isa isa);

/* The i-th defined reason in ascending order, for i < exit_reason_count(isa).
 * An out-of-range i gives UINT32_MAX, which is also a defined SVM reason:
 * bound i by exit_reason_count() rather than testing the result. */
uint32_t exit_reason_at(enum exit_isa isa, size_t i);

/* "vmx", "svm"; "unknown" for anything else (never NULL). */
const char *exit_isa_name(enum exit_isa isa);

/* The reason of the CPUID instruction exit (VMX 10, SVM 0x72); 0 if unknown isa. */
uint32_t exit_reason_cpuid(enum exit_isa isa);

/* Parse a reason: its name (case-insensitive; '_' and ' ' match each other,
 * so "de_excp" finds "DE excp"; SVM also accepts the aliases "vmmcall" and
 * "err"), or a number in decimal or 0x-hex.  The result must be a defined
 * reason of isa.  Returns 0 and sets *reason, else -1 (*reason untouched). */
int exit_reason_parse(enum exit_isa isa, const char *text, uint32_t *reason);

#endif
