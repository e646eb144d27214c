/* out_outliers.h - the --slower-than list as a table, CSV and JSON. */
#ifndef ER_OUT_OUTLIERS_H
#define ER_OUT_OUTLIERS_H

#include <stdio.h>

#include "outliers.h"
#include "report.h"

void out_outliers_table(const struct report *rep, const struct outliers *o, FILE *f);
void out_outliers_csv(const struct report *rep, const struct outliers *o, FILE *f);
void out_outliers_json(const struct report *rep, const struct outliers *o, FILE *f);

#endif
