/* check_guest.h - internals shared by check.c and check_guest.c. */
#ifndef ER_CHECK_GUEST_H
#define ER_CHECK_GUEST_H

#include "check.h"

void check_note(struct check *c, const struct trace_ev *ev, uint32_t isa, const char *what,
		uint64_t got, uint64_t expected);

/* The trace's count (including a CPUID exit in progress) and cycles of REASON. */
void check_expected(const struct check_vm *vm, uint32_t isa, uint32_t reason,
		    uint64_t *count, uint64_t *cycles);

/* (b): follow the readings of the guests' snapshots. */
void check_guest_on_cpuid(struct check *c, const struct trace_ev *ev, const struct check_vm *vm,
			  uint32_t isa);
void check_guest_finish(struct check *c);

#endif
