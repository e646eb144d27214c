/* filter.h - which exits the report counts (--pid, --vcpu, --reason, --time). */
#ifndef ER_FILTER_H
#define ER_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "trace_ev.h"

struct filter {
	bool by_pid;
	uint32_t pid;
	bool by_vcpu;
	uint32_t vcpu;
	bool by_reason;
	bool reason_ok[3];	/* per exit_isa: the text named a reason of it */
	uint32_t reason[3];
	bool by_time;
	uint64_t start_ns;	/* relative to the first event */
	uint64_t end_ns;
};

/* Parse "--reason TEXT" for every ISA; false if no ISA knows TEXT. */
bool filter_set_reason(struct filter *f, const char *text);

/* Parse "START,END" seconds (either may be empty); false if malformed. */
bool filter_set_time(struct filter *f, const char *text);

/* Does the window and VM/vCPU selection keep an exit (before --reason)? */
bool filter_keeps_vcpu(const struct filter *f, const struct trace_ev *ev, uint64_t rel_ns);

bool filter_keeps_reason(const struct filter *f, const struct trace_ev *ev);

#endif
