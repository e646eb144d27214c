/* perf_sample.h - the fields of a PERF_RECORD_SAMPLE this tool needs,
 * located by walking the attribute's sample_type in the kernel's order.
 */
#ifndef ER_PERF_SAMPLE_H
#define ER_PERF_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "perf_file.h"

struct pf_sample {
	uint32_t pid;
	uint32_t tid;
	uint64_t time;
	uint32_t cpu;
	bool has_time;
	const uint8_t *raw;	/* tracepoint record, in the file's byte order */
	uint32_t raw_size;
};

/* Parse REC (a sample of ATTR); -1 with err set when it is malformed. */
int pf_sample_parse(const struct perf_file *pf, const struct pf_attr *attr,
		    const struct pf_record *rec, struct pf_sample *s, struct er_err *err);

/* The fixed layout of ATTR's samples, if they have one. */
void pf_sample_layout(struct pf_attr *attr);

/* Time from the sample_id_all trailer of a non-sample record; false if none. */
bool pf_trailer_time(const struct perf_file *pf, const struct pf_attr *attr,
		     const struct pf_record *rec, uint64_t *time);

#endif
