/* exit_event.c - field offsets from the parsed formats; samples to events. */
#include "exit_event.h"

#include <string.h>

#include <event-parse.h>

#include "bytes.h"
#include "perf_abi.h"

struct source_desc {
	const char *name;
	const char *fields[EV_MAX_FIELDS];
	const char *opt[EV_MAX_OPT];
};

static const struct source_desc sources[EV_SRC_COUNT] = {
	[EV_SRC_EXIT_TIMED] = { "exit_timed",
		{ "vcpu_id", "isa", "exit_reason", "fastpath", "cycles", "exit_seq" },
		{ "nested", "userspace" } },
	/* kvm_exit has had vcpu_id since Linux 5.7: optional */
	[EV_SRC_KVM_EXIT] = { "kvm_exit", { "exit_reason", "isa" }, { "vcpu_id" } },
	[EV_SRC_KVM_ENTRY] = { "kvm_entry", { "vcpu_id" } },
	[EV_SRC_KVM_CPUID] = { "kvm_cpuid", { "function", "index", "rax", "rbx", "rcx", "rdx" } },
	/* qualifiers: field 0 the value, 1 the direction or type, 2 the size */
	[EV_SRC_KVM_MSR] = { "kvm_msr", { "ecx", "write", "exception" } },
	[EV_SRC_KVM_PIO] = { "kvm_pio", { "port", "rw", "size" } },
	[EV_SRC_KVM_MMIO] = { "kvm_mmio", { "gpa", "type", "len" } },
	[EV_SRC_KVM_HYPERCALL] = { "kvm_hypercall", { "nr" } },
	[EV_SRC_KVM_CR] = { "kvm_cr", { "cr", "rw" } },
	[EV_SRC_KVM_PAGE_FAULT] = { "kvm_page_fault", { "fault_address", "error_code" } },
	[EV_SRC_KVM_USERSPACE_EXIT] = { "kvm_userspace_exit", { "reason" } },
};

enum { TIMED_VCPU, TIMED_ISA, TIMED_REASON, TIMED_FASTPATH, TIMED_CYCLES, TIMED_SEQ };
enum { KEXIT_REASON, KEXIT_ISA };
enum { KEXIT_OPT_VCPU };
enum { KENTRY_VCPU };
enum { CPUID_FUNCTION, CPUID_INDEX, CPUID_RAX, CPUID_RBX, CPUID_RCX, CPUID_RDX };

#define VMX_BASIC_REASON_MASK 0xffffu

static int field_ref(struct tep_event *event, struct tep_format_field *field, const char *name,
		     struct ev_field *ref, uint64_t off, struct er_err *err)
{
	if (!field)
		return er_fail(err, off, "tracing data: kvm:%s has no field '%s'", event->name, name);
	if (field->size != 1 && field->size != 2 && field->size != 4 && field->size != 8)
		return er_fail(err, off, "tracing data: kvm:%s field '%s' has size %d",
			       event->name, name, field->size);
	if (field->offset < 0 || field->offset > 65535)
		return er_fail(err, off, "tracing data: kvm:%s field '%s' has offset %d",
			       event->name, name, field->offset);
	ref->offset = field->offset;
	ref->size = field->size;
	ref->load_at = field->offset + field->size - 8;
	ref->shift = 64 - 8 * field->size;
	return 0;
}

/* Whether every field of FMT can be read by an 8-byte load that ends where
 * the field ends: it then starts inside the raw data (the common fields
 * come first), and the check of fields_end keeps its end inside too. */
static bool one_load_fits(const struct ev_format *fmt)
{
	int i;

	for (i = 0; i < EV_MAX_FIELDS; i++)
		if (fmt->f[i].size && fmt->f[i].load_at < 0)
			return false;
	for (i = 0; i < EV_MAX_OPT; i++)
		if (fmt->has_opt[i] && fmt->opt[i].load_at < 0)
			return false;
	return true;
}

/* The first source that is a qualifier. */
#define EV_SRC_QUAL_FIRST EV_SRC_KVM_MSR

static int format_init(struct ev_format *fmt, const struct source_desc *desc,
		       struct tep_handle *tep, uint64_t off, struct er_err *err)
{
	struct tep_event *event = tep_find_event_by_name(tep, "kvm", desc->name);
	int i;

	fmt->id = -1;
	if (!event)
		return 0;
	fmt->common_type.offset = -1;
	if (tep_find_common_field(event, "common_type") &&
	    field_ref(event, tep_find_common_field(event, "common_type"), "common_type",
		      &fmt->common_type, off, err) < 0)
		return -1;
	fmt->fields_end = 0;
	for (i = 0; i < EV_MAX_FIELDS && desc->fields[i]; i++) {
		if (field_ref(event, tep_find_field(event, desc->fields[i]), desc->fields[i],
			      &fmt->f[i], off, err) < 0)
			return -1;
		if ((uint32_t)(fmt->f[i].offset + fmt->f[i].size) > fmt->fields_end)
			fmt->fields_end = (uint32_t)(fmt->f[i].offset + fmt->f[i].size);
	}
	for (i = 0; i < EV_MAX_OPT && desc->opt[i]; i++) {
		struct tep_format_field *field = tep_find_field(event, desc->opt[i]);

		if (!field)
			continue;
		if (field_ref(event, field, desc->opt[i], &fmt->opt[i], off, err) < 0)
			return -1;
		fmt->has_opt[i] = true;
		if ((uint32_t)(fmt->opt[i].offset + fmt->opt[i].size) > fmt->fields_end)
			fmt->fields_end = (uint32_t)(fmt->opt[i].offset + fmt->opt[i].size);
	}
	fmt->id = event->id;
	fmt->one_load = one_load_fits(fmt);
	return 0;
}

int ev_decoder_init(struct ev_decoder *d, struct tep_handle *tep, uint64_t off,
		    struct er_err *err)
{
	int src;

	memset(d, 0, sizeof(*d));
	d->formats[EV_SRC_OTHER].id = -1;
	for (src = EV_SRC_OTHER + 1; src < EV_SRC_COUNT; src++)
		if (format_init(&d->formats[src], &sources[src], tep, off, err) < 0)
			return -1;
	d->swap = tep_is_file_bigendian(tep) != host_is_big_endian();
	d->ready = true;
	return 0;
}

void ev_decoder_classify(struct ev_decoder *d, const struct perf_file *pf)
{
	int src;

	for (; d->nattrs < pf->nattrs; d->nattrs++) {
		const struct pf_attr *a = &pf->attrs[d->nattrs];

		d->attr_source[d->nattrs] = EV_SRC_OTHER;
		if (a->type != PERF_TYPE_TRACEPOINT || !(a->sample_type & PERF_SAMPLE_RAW))
			continue;
		for (src = EV_SRC_OTHER + 1; src < EV_SRC_COUNT; src++)
			if (d->formats[src].id >= 0 && (uint64_t)d->formats[src].id == a->config)
				d->attr_source[d->nattrs] = (unsigned char)src;
	}
}

bool ev_decoder_exit_has_vcpu(const struct ev_decoder *d)
{
	return d->formats[EV_SRC_KVM_EXIT].has_opt[KEXIT_OPT_VCPU];
}

bool ev_decoder_has(const struct ev_decoder *d, enum ev_source src)
{
	size_t i;

	for (i = 0; i < d->nattrs; i++)
		if (d->attr_source[i] == src)
			return true;
	return false;
}

static inline __attribute__((always_inline)) uint64_t
read_field(const uint8_t *raw, const struct ev_field *f, bool swap)
{
	const uint8_t *p = raw + f->offset;

	switch (f->size) {
	case 1:
		return *p;
	case 2:
		return rd16(p, swap);
	case 4:
		return rd32(p, swap);
	default:
		return rd64(p, swap);
	}
}

/* read_field() for a format that is one_load, in the host's byte order
 * (little-endian): the field is the top SIZE bytes of the load. */
static inline __attribute__((always_inline)) uint64_t
read_field_fast(const uint8_t *raw, const struct ev_field *f)
{
	uint64_t v;

	memcpy(&v, raw + f->load_at, sizeof(v));
	return v >> f->shift;
}

/* A field as the format says, by one load when FAST (a constant where
 * this is inlined, so each decoder below has a fast and a general body). */
static inline __attribute__((always_inline)) uint64_t
get(const uint8_t *raw, const struct ev_field *f, bool swap, bool fast)
{
	return fast ? read_field_fast(raw, f) : read_field(raw, f, swap);
}

static int check_raw(const struct ev_format *fmt, const struct pf_sample *s,
		     uint64_t offset, struct er_err *err)
{
	if (!s->raw)
		return er_fail(err, offset, "tracepoint sample without raw data");
	if (fmt->fields_end > s->raw_size)
		return er_fail(err, offset, "raw data of %u bytes too short for its format",
			       s->raw_size);
	if (fmt->common_type.offset >= 0) {
		if ((uint32_t)(fmt->common_type.offset + fmt->common_type.size) > s->raw_size)
			return er_fail(err, offset, "raw data too short for common_type");
	}
	return 0;
}

static int check_common_type(const struct ev_decoder *d, const struct ev_format *fmt,
			     const struct pf_sample *s, uint64_t offset, struct er_err *err)
{
	uint64_t type;

	if (fmt->common_type.offset < 0)
		return 0;
	type = read_field(s->raw, &fmt->common_type, d->swap);	/* at 0: never one load */
	if (type != (uint64_t)fmt->id)
		return er_fail(err, offset, "sample's common_type %llu is not event id %d",
			       (unsigned long long)type, fmt->id);
	return 0;
}

static inline __attribute__((always_inline)) void
decode_exit_timed_as(const struct ev_format *fmt, const uint8_t *raw, bool swap, bool fast,
		     struct trace_ev *ev)
{
	const struct ev_field *f = fmt->f;

	ev->kind = EV_EXIT;
	ev->u.exit.vcpu = (uint32_t)get(raw, &f[TIMED_VCPU], swap, fast);
	ev->u.exit.isa = (uint32_t)get(raw, &f[TIMED_ISA], swap, fast);
	ev->u.exit.reason = (uint32_t)get(raw, &f[TIMED_REASON], swap, fast);
	ev->u.exit.fastpath = get(raw, &f[TIMED_FASTPATH], swap, fast) != 0;
	ev->u.exit.cycles = get(raw, &f[TIMED_CYCLES], swap, fast);
	ev->u.exit.seq = get(raw, &f[TIMED_SEQ], swap, fast);
	ev->u.exit.nested = fmt->has_opt[EV_OPT_NESTED] &&
			    get(raw, &fmt->opt[EV_OPT_NESTED], swap, fast) != 0;
	ev->u.exit.userspace = fmt->has_opt[EV_OPT_USERSPACE] &&
			       get(raw, &fmt->opt[EV_OPT_USERSPACE], swap, fast) != 0;
}

static void decode_exit_timed(const struct ev_decoder *d, const uint8_t *raw, bool fast,
			      struct trace_ev *ev)
{
	const struct ev_format *fmt = &d->formats[EV_SRC_EXIT_TIMED];

	if (fast)
		decode_exit_timed_as(fmt, raw, false, true, ev);
	else
		decode_exit_timed_as(fmt, raw, d->swap, false, ev);
}

static inline __attribute__((always_inline)) void
decode_kvm_exit_as(const struct ev_format *fmt, const uint8_t *raw, bool swap, bool fast,
		   struct trace_ev *ev)
{
	ev->kind = EV_STOCK_EXIT;
	ev->u.exit.reason = (uint32_t)get(raw, &fmt->f[KEXIT_REASON], swap, fast);
	ev->u.exit.isa = (uint32_t)get(raw, &fmt->f[KEXIT_ISA], swap, fast);
	ev->u.exit.vcpu = fmt->has_opt[KEXIT_OPT_VCPU]
		? (uint32_t)get(raw, &fmt->opt[KEXIT_OPT_VCPU], swap, fast)
		: EV_VCPU_UNKNOWN;
	if (ev->u.exit.isa == 1)
		ev->u.exit.reason &= VMX_BASIC_REASON_MASK;
}

static void decode_kvm_exit(const struct ev_decoder *d, const uint8_t *raw, bool fast,
			    struct trace_ev *ev)
{
	const struct ev_format *fmt = &d->formats[EV_SRC_KVM_EXIT];

	if (fast)
		decode_kvm_exit_as(fmt, raw, false, true, ev);
	else
		decode_kvm_exit_as(fmt, raw, d->swap, false, ev);
}

static void decode_kvm_entry(const struct ev_decoder *d, const uint8_t *raw, bool fast,
			     struct trace_ev *ev)
{
	const struct ev_field *vcpu = &d->formats[EV_SRC_KVM_ENTRY].f[KENTRY_VCPU];

	ev->kind = EV_STOCK_ENTRY;
	ev->u.exit.vcpu = (uint32_t)(fast ? read_field_fast(raw, vcpu) : read_field(raw, vcpu, d->swap));
}

static void decode_qual(const struct ev_decoder *d, enum ev_source src, const uint8_t *raw,
			struct trace_ev *ev)
{
	const struct ev_field *f = d->formats[src].f;
	struct ev_qual *q = &ev->u.qual;

	ev->kind = EV_QUAL;
	memset(q, 0, sizeof(*q));
	q->by = (uint32_t)(src - EV_SRC_QUAL_FIRST);
	q->value = read_field(raw, &f[0], d->swap);
	switch (src) {
	case EV_SRC_KVM_MSR:
		q->sub = read_field(raw, &f[1], d->swap) != 0;
		q->flags = (uint32_t)read_field(raw, &f[2], d->swap);
		break;
	case EV_SRC_KVM_PIO:
	case EV_SRC_KVM_MMIO:
		q->sub = (uint32_t)read_field(raw, &f[1], d->swap);
		q->size = (uint32_t)read_field(raw, &f[2], d->swap);
		break;
	case EV_SRC_KVM_CR:
		q->sub = read_field(raw, &f[1], d->swap) != 0;
		break;
	case EV_SRC_KVM_PAGE_FAULT:
		q->sub = (uint32_t)read_field(raw, &f[1], d->swap);	/* error code */
		break;
	default:
		break;
	}
}

static void decode_kvm_cpuid(const struct ev_decoder *d, const uint8_t *raw, struct trace_ev *ev)
{
	const struct ev_field *f = d->formats[EV_SRC_KVM_CPUID].f;

	ev->kind = EV_CPUID;
	ev->u.cpuid.function = (uint32_t)read_field(raw, &f[CPUID_FUNCTION], d->swap);
	ev->u.cpuid.index = (uint32_t)read_field(raw, &f[CPUID_INDEX], d->swap);
	ev->u.cpuid.rax = read_field(raw, &f[CPUID_RAX], d->swap);
	ev->u.cpuid.rbx = read_field(raw, &f[CPUID_RBX], d->swap);
	ev->u.cpuid.rcx = read_field(raw, &f[CPUID_RCX], d->swap);
	ev->u.cpuid.rdx = read_field(raw, &f[CPUID_RDX], d->swap);
}

int ev_decode(const struct ev_decoder *d, size_t attr, const struct pf_sample *s,
	      uint64_t offset, struct trace_ev *ev, struct er_err *err)
{
	enum ev_source src = attr < d->nattrs ? d->attr_source[attr] : EV_SRC_OTHER;
	const struct ev_format *fmt = &d->formats[src];
	bool fast = fmt->one_load && !d->swap && !host_is_big_endian();

	if (src == EV_SRC_OTHER)
		return 0;
	if (check_raw(fmt, s, offset, err) < 0 ||
	    check_common_type(d, fmt, s, offset, err) < 0)
		return -1;
	ev->time = s->time;
	ev->offset = offset;
	ev->pid = s->pid;
	ev->tid = s->tid;
	ev->cpu = s->cpu;
	switch (src) {
	case EV_SRC_EXIT_TIMED:
		decode_exit_timed(d, s->raw, fast, ev);
		break;
	case EV_SRC_KVM_EXIT:
		decode_kvm_exit(d, s->raw, fast, ev);
		break;
	case EV_SRC_KVM_ENTRY:
		decode_kvm_entry(d, s->raw, fast, ev);
		break;
	case EV_SRC_KVM_MSR:
	case EV_SRC_KVM_PIO:
	case EV_SRC_KVM_MMIO:
	case EV_SRC_KVM_HYPERCALL:
	case EV_SRC_KVM_CR:
	case EV_SRC_KVM_PAGE_FAULT:
		decode_qual(d, src, s->raw, ev);
		break;
	case EV_SRC_KVM_USERSPACE_EXIT:
		ev->kind = EV_USER_EXIT;
		memset(&ev->u, 0, sizeof(ev->u));
		ev->u.user.reason = (uint32_t)read_field(s->raw, &fmt->f[0], d->swap);
		break;
	default:
		decode_kvm_cpuid(d, s->raw, ev);
		break;
	}
	return 1;
}
