/* exit_event.h - a tracepoint sample into a struct trace_ev.
 *
 * Which attribute is which event comes from attr.config (the tracepoint
 * id) matched against the formats parsed from the file; fields are read at
 * the offsets libtraceevent found in those formats, never at fixed ones.
 */
#ifndef ER_EXIT_EVENT_H
#define ER_EXIT_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "perf_file.h"
#include "perf_sample.h"
#include "trace_ev.h"

struct tep_handle;

enum ev_source {
	EV_SRC_OTHER = 0,
	EV_SRC_EXIT_TIMED,
	EV_SRC_KVM_EXIT,
	EV_SRC_KVM_ENTRY,
	EV_SRC_KVM_CPUID,
	EV_SRC_KVM_MSR,		/* qualifiers (qualifier.h), in enum qual_by order */
	EV_SRC_KVM_PIO,
	EV_SRC_KVM_MMIO,
	EV_SRC_KVM_HYPERCALL,
	EV_SRC_KVM_CR,
	EV_SRC_KVM_PAGE_FAULT,
	EV_SRC_KVM_USERSPACE_EXIT,	/* for --vmm (vmm_time.h) */
	EV_SRC_COUNT
};

#define EV_MAX_FIELDS 6
#define EV_MAX_OPT 2		/* fields newer kernels add: absent in older recordings */

struct ev_field {
	int offset;
	int size;
	int load_at;		/* offset + size - 8: one 8-byte load ends with the field */
	int shift;		/* 64 - 8 * size: what of that load is not the field */
};

struct ev_format {
	int id;			/* tracepoint id, -1 when absent from the file */
	struct ev_field common_type;
	struct ev_field f[EV_MAX_FIELDS];
	struct ev_field opt[EV_MAX_OPT];
	bool has_opt[EV_MAX_OPT];
	uint32_t fields_end;	/* end of the furthest field: raw data must reach it */
	bool one_load;		/* every field read by one 8-byte load (read_field_fast) */
};

struct ev_decoder {
	struct ev_format formats[EV_SRC_COUNT];
	unsigned char attr_source[PF_MAX_ATTRS];	/* enum ev_source per attribute */
	size_t nattrs;		/* attributes classified so far */
	bool swap;		/* raw data byte order differs from ours */
	bool ready;		/* formats known */
};

/* Learn the formats from a parsed tracing-data handle. */
int ev_decoder_init(struct ev_decoder *d, struct tep_handle *tep, uint64_t off,
		    struct er_err *err);

/* kvm:kvm_exit carries vcpu_id (Linux 5.7 and later); without it the
 * decoded exits have vcpu EV_VCPU_UNKNOWN. */
bool ev_decoder_exit_has_vcpu(const struct ev_decoder *d);

/* Classify attributes added since the last call. */
void ev_decoder_classify(struct ev_decoder *d, const struct perf_file *pf);

/* exit_timed's optional fields, in ev_format.opt[] order */
enum { EV_OPT_NESTED, EV_OPT_USERSPACE };

/* Which sources the file's attributes carry. */
bool ev_decoder_has(const struct ev_decoder *d, enum ev_source src);

/* Decode a sample of attribute ATTR: 1 = *ev filled, 0 = not ours, -1 = err. */
int ev_decode(const struct ev_decoder *d, size_t attr, const struct pf_sample *s,
	      uint64_t offset, struct trace_ev *ev, struct er_err *err);

#endif
