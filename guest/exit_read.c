/* exit_read.c - read all reasons and the totals through a cpuid_backend. */
#include "exit_read.h"

#include "exit_abi.h"

const char *exit_status_name(enum exit_status s)
{
	switch (s) {
	case EXIT_STATUS_OK:
		return "ok";
	case EXIT_STATUS_UNHANDLED:
		return "unhandled";
	case EXIT_STATUS_UNDEFINED:
		return "undefined";
	default:
		return "invalid";
	}
}

unsigned exit_read_queries(enum exit_isa isa)
{
	return 2u * (unsigned)exit_reason_count(isa) + 4u;
}

static uint64_t u64_of(uint32_t hi, uint32_t lo)
{
	return (uint64_t)hi << 32 | lo;
}

static int is_undefined(struct cpuid_regs r)
{
	return !r.eax && !r.ebx && !r.ecx && r.edx == EXIT_UNDEFINED_EDX;
}

/* Classify one reason from its 0x4FFFFFFE (c) and 0x4FFFFFFD (cc) results,
 * read in that order.  The 64-bit count at the 0x4FFFFFFD read is the
 * 0x4FFFFFFE count plus the lo32 difference (fewer than 2^32 exits between). */
static void classify(struct exit_reading_row *row, struct cpuid_regs c, struct cpuid_regs cc)
{
	row->count = 0;
	row->cycles = 0;
	if (is_undefined(c) && is_undefined(cc)) {
		row->status = EXIT_STATUS_UNDEFINED;
	} else if (!c.ecx && !c.edx && !cc.edx) {
		row->count = u64_of(c.ebx, c.eax) + (uint32_t)(cc.eax - c.eax);
		row->cycles = u64_of(cc.ebx, cc.ecx);
		row->status = row->count || row->cycles ? EXIT_STATUS_OK
							: EXIT_STATUS_UNHANDLED;
	} else {
		row->status = EXIT_STATUS_INVALID;
	}
}

/* cpuid_query() that counts the CPUIDs of the reading. */
static struct cpuid_regs query(const struct cpuid_backend *b, uint32_t leaf,
			       uint32_t subleaf, struct exit_reading *out)
{
	out->queries++;
	return cpuid_query(b, leaf, subleaf);
}

/* The CPUID reason always counts the reading CPUID itself: never all zero. */
static int read_mark(const struct cpuid_backend *b, uint32_t cpuid_reason,
		     struct exit_cpuid_mark *m, struct exit_reading *out)
{
	struct cpuid_regs r = query(b, EXIT_LEAF_COUNT_CYCLES, cpuid_reason, out);

	m->count_lo32 = r.eax;
	m->cycles = u64_of(r.ebx, r.ecx);
	return r.edx == 0 && (r.eax || r.ebx || r.ecx) ? 0 : -1;
}

int exit_read(const struct cpuid_backend *b, enum exit_isa isa, struct exit_reading *out)
{
	uint32_t cpuid_reason = exit_reason_cpuid(isa);
	struct cpuid_regs t, probe;
	int bad = 0;

	out->isa = isa;
	out->queries = 0;
	out->n = exit_reason_count(isa);
	if (out->n == 0 || out->n > EXIT_READ_MAX)
		return -1;
	bad |= read_mark(b, cpuid_reason, &out->open, out);
	t = query(b, EXIT_LEAF_TOTALS, 0, out);
	out->total_count = u64_of(t.edx, t.eax);
	out->total_cycles = u64_of(t.ebx, t.ecx);
	for (size_t i = 0; i < out->n; i++) {
		uint32_t reason = exit_reason_at(isa, i);
		struct cpuid_regs c = query(b, EXIT_LEAF_COUNT, reason, out);
		struct cpuid_regs cc = query(b, EXIT_LEAF_COUNT_CYCLES, reason, out);

		out->rows[i].reason = reason;
		classify(&out->rows[i], c, cc);
	}
	probe = query(b, EXIT_LEAF_COUNT, EXIT_PROBE_UNDEFINED_REASON, out);
	bad |= read_mark(b, cpuid_reason, &out->close, out);
	return bad || !is_undefined(probe) ? -1 : 0;
}
