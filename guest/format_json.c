/* format_json.c - JSON, schema "exitstat/1" (see exitstat.1). */
#include "exit_format.h"

#include <inttypes.h>

#include "text_out.h"

static void json_command(FILE *f, const struct exit_report *r)
{
	const char *kind;
	int code;

	format_command_end(r->wait_status, &kind, &code);
	fprintf(f, ",\n  \"self\": {\"count\": %" PRIu64 ", \"cycles\": %" PRIu64 "},\n",
		r->self_count, r->self_cycles);
	fputs("  \"command\": {\"argv\": [", f);
	for (char *const *a = r->argv; a && *a; a++) {
		if (a != r->argv)
			fputs(", ", f);
		text_put_json_string(f, *a);
	}
	if (kind[0] == 'e')
		fprintf(f, "], \"exited\": true, \"exit_status\": %d, \"signal\": null}", code);
	else
		fprintf(f, "], \"exited\": false, \"exit_status\": null, \"signal\": %d}", code);
}

void format_json(FILE *f, const struct exit_report *r, bool all)
{
	bool first = true;

	fprintf(f, "{\n  \"schema\": \"exitstat/1\",\n  \"mode\": \"%s\",\n  \"isa\": \"%s\",\n"
		"  \"vendor\": ", r->delta ? "delta" : "snapshot", exit_isa_name(r->isa));
	text_put_json_string(f, r->vendor);
	fputs(",\n  \"reasons\": [", f);
	for (size_t i = 0; i < r->n; i++) {
		const struct exit_report_row *row = &r->rows[i];

		if (!exit_report_row_shown(row, all))
			continue;
		fprintf(f, "%s\n    {\"reason\": %u, \"name\": ", first ? "" : ",", row->reason);
		text_put_json_string(f, exit_reason_name(r->isa, row->reason));
		fprintf(f, ", \"status\": \"%s\", \"count\": %" PRId64 ", \"cycles\": %" PRId64 "}",
			exit_status_name(row->status), row->count, row->cycles);
		first = false;
	}
	fprintf(f, "%s],\n  \"total\": {\"count\": %" PRId64 ", \"cycles\": %" PRId64 "}",
		first ? "" : "\n  ", r->total_count, r->total_cycles);
	if (r->delta)
		json_command(f, r);
	fputs("\n}\n", f);
}
