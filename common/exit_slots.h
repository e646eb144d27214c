/* exit_slots.h - the slot map of the exit statistics: which counter of a
 * vCPU's 176 holds which exit reason.  The same map indexes KVM's
 * exit_stats_count / exit_stats_cycles binary stats (array stats, one element
 * per slot) and the counters the CPUID leaves read (the series'
 * arch/x86/include/asm/kvm_host.h, kernel/patches/0002):
 *   0x00-0xa6  the low codes (VMX basic exit reasons, SVM exit codes up to
 *              IDLE_HLT) map to themselves when the vendor defines them; a
 *              slot of an undefined code stays 0
 *   0xa7-0xaa  SVM 0x400-0x403 (NPF, AVIC_INCOMPLETE_IPI, AVIC_NOACCEL, VMGEXIT)
 *   0xab-0xae  SVM -1..-4 (INVALID, BUSY, IDLE_REQUIRED, INVALID_PMC)
 *   0xaf       "other": every code the manual does not define (0x80000000)
 * Pure C11, header only. */
#ifndef EXIT_SLOTS_H
#define EXIT_SLOTS_H

#include <stdint.h>

#define EXIT_SLOTS 176u
#define EXIT_SLOT_NR_LOW 0xa7u
#define EXIT_SLOT_HIGH 0xa7u		/* SVM 0x400.. */
#define EXIT_SLOT_HIGH_BASE 0x400u
#define EXIT_SLOT_NR_HIGH 4u
#define EXIT_SLOT_NEG 0xabu		/* SVM -1, -2, ... */
#define EXIT_SLOT_NR_NEG 4u
#define EXIT_SLOT_OTHER 0xafu
#define EXIT_REASON_OTHER 0x80000000u	/* the "other" reason of exit_reasons.h */

/* The exit reason slot SLOT (< EXIT_SLOTS) counts, whatever the vendor:
 * callers check exit_reason_defined() for theirs. */
static inline uint32_t exit_slot_reason(uint32_t slot)
{
	if (slot < EXIT_SLOT_NR_LOW)
		return slot;
	if (slot < EXIT_SLOT_NEG)
		return EXIT_SLOT_HIGH_BASE + (slot - EXIT_SLOT_HIGH);
	if (slot < EXIT_SLOT_OTHER)
		return ~(slot - EXIT_SLOT_NEG);
	return EXIT_REASON_OTHER;
}

#endif
