/* exit_report.c - build a report from a reading; which rows are shown. */
#include "exit_report.h"

#include <string.h>

void exit_report_from_reading(const struct exit_reading *r, struct exit_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->isa = r->isa;
	rep->n = r->n;
	for (size_t i = 0; i < r->n; i++) {
		rep->rows[i].reason = r->rows[i].reason;
		rep->rows[i].status = r->rows[i].status;
		rep->rows[i].count = (int64_t)r->rows[i].count;
		rep->rows[i].cycles = (int64_t)r->rows[i].cycles;
	}
	rep->total_count = (int64_t)r->total_count;
	rep->total_cycles = (int64_t)r->total_cycles;
}

bool exit_report_row_shown(const struct exit_report_row *row, bool all)
{
	return all || row->count != 0 || row->cycles != 0 ||
	       row->status == EXIT_STATUS_UNDEFINED || row->status == EXIT_STATUS_INVALID;
}
