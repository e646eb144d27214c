/* tracedat.h - trace-cmd's trace.dat files, read through libtracecmd.
 *
 * The same events as in perf.data (kvm:exit_timed, kvm_exit/kvm_entry,
 * kvm_cpuid and the qualifiers) feed the same session as samples, in the
 * time order libtracecmd merges the CPUs' buffers in.  ftrace records the
 * thread of an event but not its process, so each vCPU thread is reported
 * as a VM of its own, whose "pid" is the thread id; the report says so.
 */
#ifndef ER_TRACEDAT_H
#define ER_TRACEDAT_H

#include <stdbool.h>

#include "err.h"

struct session;
struct session_opts;

/* PATH starts with trace-cmd's magic. */
bool tracedat_is(const char *path);

/* session_run() for a trace.dat file. */
int tracedat_run(struct session *s, const struct session_opts *opts, struct er_err *err);

#endif
