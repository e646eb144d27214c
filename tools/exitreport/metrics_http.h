/* metrics_http.h - /metrics over HTTP (libmicrohttpd) on a loopback address. */
#ifndef ER_METRICS_HTTP_H
#define ER_METRICS_HTTP_H

#include "err.h"
#include "report.h"

struct metrics_http;

/* Listen on ADDR:PORT (127.x.x.x or [::1] only).  NULL and ERR set on failure. */
struct metrics_http *metrics_http_start(const char *addr_port, struct er_err *err);

/* Serve REP from now on (its text is copied). */
int metrics_http_update(struct metrics_http *h, const struct report *rep);

void metrics_http_stop(struct metrics_http *h);

#endif
