/* exit_read.h - one full reading of the exit-statistics leaves. */
#ifndef EXIT_READ_H
#define EXIT_READ_H

#include <stddef.h>
#include <stdint.h>

#include "cpuid_backend.h"
#include "exit_reasons.h"

/* Upper bound of exit_reason_count() over the ISAs (SVM: 176). */
#define EXIT_READ_MAX 256

enum exit_status {
	EXIT_STATUS_OK,        /* counted; count > 0 */
	EXIT_STATUS_UNHANDLED, /* all four registers 0: unhandled by KVM (or never taken) */
	EXIT_STATUS_UNDEFINED, /* the host says undefined (EDX=0xFFFFFFFF) */
	EXIT_STATUS_INVALID,   /* registers fit none of the ABI's patterns */
};

const char *exit_status_name(enum exit_status s); /* "ok", "unhandled", ... */

struct exit_reading_row {
	uint32_t reason;
	enum exit_status status;
	uint64_t count;  /* 64-bit: hi32 from 0x4FFFFFFE, lo32 from 0x4FFFFFFD */
	uint64_t cycles; /* from 0x4FFFFFFD */
};

/* Count and cycles of the CPUID reason, from 0x4FFFFFFD. */
struct exit_cpuid_mark {
	uint64_t count_lo32;
	uint64_t cycles;
};

struct exit_reading {
	enum exit_isa isa;
	size_t n;                           /* = exit_reason_count(isa) */
	struct exit_reading_row rows[EXIT_READ_MAX]; /* ascending reason order */
	uint64_t total_count, total_cycles; /* 0x4FFFFFFF */
	struct exit_cpuid_mark open, close; /* first and last CPUID of the reading */
	unsigned queries;                   /* CPUIDs executed = exit_read_queries() */
};

/* CPUID instructions one reading executes: open mark, totals, 0x4FFFFFFE and
 * 0x4FFFFFFD per defined reason, undefined-reason probe, close mark. */
unsigned exit_read_queries(enum exit_isa isa);

/* Read everything.  Returns 0, or -1 when the leaves are gone (the probe or
 * the marks do not match the ABI: e.g. kvm.exit_stats was set to N). */
int exit_read(const struct cpuid_backend *b, enum exit_isa isa, struct exit_reading *out);

#endif
