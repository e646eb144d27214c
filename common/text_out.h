/* text_out.h - quoting for the machine-readable outputs (JSON strings and
 * CSV fields), shared by exitstat and exitreport. */
#ifndef COMMON_TEXT_OUT_H
#define COMMON_TEXT_OUT_H

#include <stdbool.h>
#include <stdio.h>

/* Writes S as a JSON string: quotes, backslash escapes, \u00XX for controls. */
void text_put_json_string(FILE *f, const char *s);

/* Writes S as a CSV field (RFC 4180): quoted when ALWAYS_QUOTE or when S holds
 * a comma, quote or line break; inner quotes doubled. */
void text_put_csv_field(FILE *f, const char *s, bool always_quote);

#endif
