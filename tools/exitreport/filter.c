/* filter.c - parsing and applying the selection options. */
#include "filter.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/exit_reasons.h"

bool filter_set_reason(struct filter *f, const char *text)
{
	int isa;

	f->by_reason = true;
	for (isa = EXIT_ISA_UNKNOWN; isa <= EXIT_ISA_SVM; isa++)
		f->reason_ok[isa] = false;
	for (isa = EXIT_ISA_VMX; isa <= EXIT_ISA_SVM; isa++)
		f->reason_ok[isa] = exit_reason_parse(isa, text, &f->reason[isa]) == 0;
	/* a plain number also selects reasons of an unknown ISA */
	if (text[0] >= '0' && text[0] <= '9') {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(text, &end, 0);
		if (!errno && !*end && v <= UINT32_MAX) {
			f->reason_ok[EXIT_ISA_UNKNOWN] = true;
			f->reason[EXIT_ISA_UNKNOWN] = (uint32_t)v;
			for (isa = EXIT_ISA_VMX; isa <= EXIT_ISA_SVM; isa++) {
				f->reason_ok[isa] = true;
				f->reason[isa] = (uint32_t)v;
			}
		}
	}
	return f->reason_ok[0] || f->reason_ok[1] || f->reason_ok[2];
}

static bool parse_seconds(const char *s, size_t len, uint64_t *ns, uint64_t dflt)
{
	char buf[64];
	char *end;
	double v;

	if (len == 0) {
		*ns = dflt;
		return true;
	}
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod(buf, &end);
	if (*end || !isfinite(v) || v < 0 || v > 1e9)
		return false;
	*ns = (uint64_t)llround(v * 1e9);
	return true;
}

bool filter_set_time(struct filter *f, const char *text)
{
	const char *comma = strchr(text, ',');

	if (!comma)
		return false;
	f->by_time = true;
	return parse_seconds(text, (size_t)(comma - text), &f->start_ns, 0) &&
	       parse_seconds(comma + 1, strlen(comma + 1), &f->end_ns, UINT64_MAX) &&
	       f->start_ns <= f->end_ns;
}

bool filter_keeps_vcpu(const struct filter *f, const struct trace_ev *ev, uint64_t rel_ns)
{
	if (f->by_pid && ev->pid != f->pid)
		return false;
	if (f->by_vcpu && ev->u.exit.vcpu != f->vcpu)
		return false;
	if (f->by_time && (rel_ns < f->start_ns || rel_ns > f->end_ns))
		return false;
	return true;
}

bool filter_keeps_reason(const struct filter *f, const struct trace_ev *ev)
{
	uint32_t isa = ev->u.exit.isa <= EXIT_ISA_SVM ? ev->u.exit.isa : EXIT_ISA_UNKNOWN;

	if (!f->by_reason)
		return true;
	return f->reason_ok[isa] && f->reason[isa] == ev->u.exit.reason;
}
