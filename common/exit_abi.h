/* exit_abi.h - the guest ABI of the exit statistics: its CPUID leaves and
 * the answers of an undefined reason (the series' Documentation/virt/kvm/x86/
 * exit-stats.rst, kernel/patches/0001).  Shared by exitstat, exitload,
 * exitreport's cross-check and the tests. */
#ifndef EXIT_ABI_H
#define EXIT_ABI_H

/* EAX exits lo32, EBX cycles hi32, ECX cycles lo32, EDX exits hi32 */
#define EXIT_LEAF_TOTALS 0x4FFFFFFFu
/* ECX=reason: EAX exits lo32, EBX exits hi32, ECX 0, EDX 0 */
#define EXIT_LEAF_COUNT 0x4FFFFFFEu
/* ECX=reason: EAX exits lo32, EBX cycles hi32, ECX cycles lo32, EDX 0 */
#define EXIT_LEAF_COUNT_CYCLES 0x4FFFFFFDu

/* Undefined reason: EAX=EBX=ECX=0, EDX=EXIT_UNDEFINED_EDX.
 * Defined but unhandled: all four 0. */
#define EXIT_UNDEFINED_EDX 0xFFFFFFFFu

/* A reason no ISA defines, used to probe for the undefined-reason signature. */
#define EXIT_PROBE_UNDEFINED_REASON 0xFFFF0000u

#endif
