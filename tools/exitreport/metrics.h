/* metrics.h - a report as Prometheus metrics: the OpenMetrics 1.0 text
 * format, or the Prometheus text format 0.0.4 (names in exitreport(1)). */
#ifndef ER_METRICS_H
#define ER_METRICS_H

#include <stdbool.h>
#include <stdio.h>

#include "report.h"

void metrics_write(FILE *f, const struct report *rep, bool openmetrics);

/* The same into a malloc'ed string; NULL when out of memory. */
char *metrics_text(const struct report *rep, bool openmetrics, size_t *len);

#endif
