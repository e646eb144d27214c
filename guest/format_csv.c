/* format_csv.c - CSV: isa,reason,name,status,count,cycles (RFC 4180 quoting). */
#include "exit_format.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "text_out.h"

static void csv_command(FILE *f, const struct exit_report *r)
{
	const char *kind;
	int code;
	size_t len = 1;
	char *line, *p;

	for (char *const *a = r->argv; a && *a; a++)
		len += strlen(*a) + 1;
	p = line = calloc(len, 1);
	if (!line)
		return;
	for (char *const *a = r->argv; a && *a; a++)
		p += sprintf(p, "%s%s", p == line ? "" : " ", *a);
	format_command_end(r->wait_status, &kind, &code);
	fprintf(f, "%s,command,", exit_isa_name(r->isa));
	text_put_csv_field(f, line, false);
	fprintf(f, ",%s,%d,\n", kind, code);
	free(line);
}

void format_csv(FILE *f, const struct exit_report *r, bool all)
{
	const char *isa = exit_isa_name(r->isa);

	fputs("isa,reason,name,status,count,cycles\n", f);
	for (size_t i = 0; i < r->n; i++) {
		const struct exit_report_row *row = &r->rows[i];

		if (!exit_report_row_shown(row, all))
			continue;
		fprintf(f, "%s,%u,", isa, row->reason);
		text_put_csv_field(f, exit_reason_name(r->isa, row->reason), false);
		fprintf(f, ",%s,%" PRId64 ",%" PRId64 "\n", exit_status_name(row->status),
			row->count, row->cycles);
	}
	fprintf(f, "%s,total,,ok,%" PRId64 ",%" PRId64 "\n", isa, r->total_count,
		r->total_cycles);
	if (r->delta) {
		fprintf(f, "%s,self,,subtracted,%" PRIu64 ",%" PRIu64 "\n", isa, r->self_count,
			r->self_cycles);
		csv_command(f, r);
	}
}
