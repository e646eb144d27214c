/* format_table.c - the human-readable table. */
#include "exit_format.h"

#include <inttypes.h>

#define ROW_FMT "%10s  %-25s %14s %18s %12s%s%s\n"

static void print_row(FILE *f, const char *reason, const char *name, int64_t count,
		      int64_t cycles, const char *status)
{
	char c[32], y[32], avg[32] = "-";

	snprintf(c, sizeof(c), "%" PRId64, count);
	snprintf(y, sizeof(y), "%" PRId64, cycles);
	if (count > 0)
		snprintf(avg, sizeof(avg), "%" PRId64, cycles / count);
	fprintf(f, ROW_FMT, reason, name, c, y, avg, status[0] ? "  " : "", status);
}

static void print_command(FILE *f, const struct exit_report *r)
{
	const char *kind;
	int code;

	fprintf(f, "readings' own CPUID exits subtracted: %" PRIu64 " exits, %" PRIu64
		" cycles (estimated)\n", r->self_count, r->self_cycles);
	format_command_end(r->wait_status, &kind, &code);
	fprintf(f, "command %s with %s %d\n", kind,
		kind[0] == 'e' ? "status" : "signal", code);
}

void format_table(FILE *f, const struct exit_report *r, bool all)
{
	fprintf(f, "KVM exit %s: %s (%s)", r->delta ? "delta" : "statistics",
		exit_isa_name(r->isa), r->vendor[0] ? r->vendor : "?");
	if (r->delta && r->argv) {
		fprintf(f, " while running:");
		for (char *const *a = r->argv; *a; a++)
			fprintf(f, " %s", *a);
	}
	fputc('\n', f);
	fprintf(f, ROW_FMT, "reason", "name", "count", "cycles", "cycles/exit", "  ", "status");
	for (size_t i = 0; i < r->n; i++) {
		const struct exit_report_row *row = &r->rows[i];
		char num[16];

		if (!exit_report_row_shown(row, all))
			continue;
		format_reason_number(num, sizeof(num), r->isa, row->reason);
		print_row(f, num, exit_reason_name(r->isa, row->reason), row->count, row->cycles,
			  row->status == EXIT_STATUS_OK ? "" : exit_status_name(row->status));
	}
	print_row(f, "total", "(all reasons, 0x4FFFFFFF)", r->total_count, r->total_cycles, "");
	if (r->delta)
		print_command(f, r);
}
