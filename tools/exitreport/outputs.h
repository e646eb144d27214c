/* outputs.h - the report printers. */
#ifndef ER_OUTPUTS_H
#define ER_OUTPUTS_H

#include <stdio.h>

#include "err.h"
#include "report.h"

void out_table(const struct report *rep, FILE *f);
void out_csv(const struct report *rep, FILE *f);
void out_json(const struct report *rep, FILE *f);

/* Data files, gnuplot scripts from SCRIPTS_DIR rendered to PNG and SVG in DIR. */
int out_plot(const struct report *rep, const char *dir, const char *scripts_dir,
	     struct er_err *err);

#endif
