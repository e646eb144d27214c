/* exit_format.h - print an exit_report as a table, CSV or JSON
 * (formats documented in exitstat.1). */
#ifndef EXIT_FORMAT_H
#define EXIT_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include "exit_report.h"

void format_table(FILE *f, const struct exit_report *r, bool all);
void format_csv(FILE *f, const struct exit_report *r, bool all);
void format_json(FILE *f, const struct exit_report *r, bool all);

/* Shared by the formatters (format_common.c). */

/* A reason as people write it: VMX decimal "10", SVM hex "0x072". */
void format_reason_number(char *buf, size_t len, enum exit_isa isa, uint32_t reason);

/* How the command ended: *kind "exited" (code = exit status) or "signaled"
 * (code = signal number). */
void format_command_end(int wait_status, const char **kind, int *code);

#endif
