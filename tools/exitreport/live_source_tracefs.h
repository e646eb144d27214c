/* live_source_tracefs.h - kvm:exit_timed (or kvm_exit + kvm_entry) from the
 * running kernel on all CPUs, through libtracefs, into a fed session. */
#ifndef ER_LIVE_SOURCE_TRACEFS_H
#define ER_LIVE_SOURCE_TRACEFS_H

#include "err.h"
#include "session.h"

struct live_tracefs;

/* Check tracefs, the events and the permissions, start a session on S and
 * start tracing in an instance of our own.  NULL with ERR set on failure. */
struct live_tracefs *live_tracefs_open(struct session *s, const struct session_opts *opts,
				       struct er_err *err);

/* Feed what the ring buffers hold now into the session; -1 on error. */
int live_tracefs_poll(struct live_tracefs *t);

/* Stop tracing, remove the instance, flush the session. */
int live_tracefs_close(struct live_tracefs *t);

#endif
