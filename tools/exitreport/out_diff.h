/* out_diff.h - printing a comparison (diff.h): table, CSV, JSON, plot. */
#ifndef ER_OUT_DIFF_H
#define ER_OUT_DIFF_H

#include <stdio.h>

#include "diff.h"
#include "err.h"

void out_diff_table(const struct diff *d, FILE *f);
void out_diff_csv(const struct diff *d, FILE *f);
void out_diff_json(const struct diff *d, FILE *f);

/* diff.dat and diff.gp rendered to diff.png and diff.svg in DIR. */
int out_diff_plot(const struct diff *d, const char *dir, const char *scripts_dir,
		  struct er_err *err);

/* "bootstrap: ..." - how the intervals were made, for every output. */
void diff_method_sentence(const struct diff *d, char *buf, size_t len);

#endif
