/* exit_diff.c - delta of two readings minus the readings' own CPUID exits. */
#include "exit_diff.h"

#include <string.h>

static enum exit_status combine(enum exit_status a, enum exit_status b)
{
	if (a == EXIT_STATUS_INVALID || b == EXIT_STATUS_INVALID)
		return EXIT_STATUS_INVALID;
	if (a == EXIT_STATUS_UNDEFINED || b == EXIT_STATUS_UNDEFINED)
		return EXIT_STATUS_UNDEFINED;
	if (a == EXIT_STATUS_OK || b == EXIT_STATUS_OK)
		return EXIT_STATUS_OK;
	return EXIT_STATUS_UNHANDLED;
}

/* Cycles of `exits` reading CPUIDs at the mean cost seen between the marks. */
static uint64_t self_cycles(const struct exit_reading *a, const struct exit_reading *b,
			    uint64_t exits)
{
	uint64_t n = (uint32_t)(a->close.count_lo32 - a->open.count_lo32) +
		     (uint64_t)(uint32_t)(b->close.count_lo32 - b->open.count_lo32);
	uint64_t cyc = (a->close.cycles - a->open.cycles) + (b->close.cycles - b->open.cycles);

	if (n == 0)
		return 0;
	/* round(cyc * exits / n) without overflowing: rem < n, exits small */
	return cyc / n * exits + ((cyc % n) * exits + n / 2) / n;
}

void exit_diff(const struct exit_reading *a, const struct exit_reading *b,
	       struct exit_report *d)
{
	uint32_t cpuid_reason = exit_reason_cpuid(b->isa);

	memset(d, 0, sizeof(*d));
	d->isa = b->isa;
	d->delta = true;
	d->n = b->n;
	d->self_count = a->queries;
	d->self_cycles = self_cycles(a, b, d->self_count);
	for (size_t i = 0; i < b->n; i++) {
		struct exit_report_row *row = &d->rows[i];

		row->reason = b->rows[i].reason;
		row->status = combine(a->rows[i].status, b->rows[i].status);
		row->count = (int64_t)(b->rows[i].count - a->rows[i].count);
		row->cycles = (int64_t)(b->rows[i].cycles - a->rows[i].cycles);
		if (row->reason == cpuid_reason) {
			row->count -= (int64_t)d->self_count;
			row->cycles -= (int64_t)d->self_cycles;
		}
	}
	d->total_count = (int64_t)(b->total_count - a->total_count - d->self_count);
	d->total_cycles = (int64_t)(b->total_cycles - a->total_cycles - d->self_cycles);
}

enum exit_diff_result exit_diff_measure(const struct cpuid_backend *cpu, enum exit_isa isa,
					void (*between)(void *arg), void *arg,
					struct exit_reading *a, struct exit_reading *b,
					struct exit_report *d)
{
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	memset(d, 0, sizeof(*d));
	if (exit_read(cpu, isa, a) != 0)
		return EXIT_DIFF_FIRST_FAILED;
	between(arg);
	if (exit_read(cpu, isa, b) != 0)
		return EXIT_DIFF_SECOND_FAILED;
	exit_diff(a, b, d);
	return EXIT_DIFF_OK;
}
