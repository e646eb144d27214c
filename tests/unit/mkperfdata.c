/* mkperfdata.c - test-only writer of perf.data files with known events.
 *
 * Reads a scenario (see tests/fixtures/exitreport/README.md) on stdin and
 * writes perf.data to the file given as argument, in file or pipe mode and
 * either byte order, with a tracing-data section holding the formats of
 * kvm:exit_timed, kvm:kvm_exit, kvm:kvm_entry and kvm:kvm_cpuid as the
 * kernel prints them.  Independent of exitreport: it shares no code with it
 * except the exit-reason table used to write the print formats.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zstd.h>

#include "exit_reasons.h"

enum ev { EV_TIMED, EV_KEXIT, EV_KENTRY, EV_CPUID, EV_MSR, EV_PIO, EV_HCALL, EV_UEXIT, EV_CR, EV_MMIO, EV_PF, EV_DUMMY, EV_N };

static const int ev_ids[EV_N] = { 2000, 103, 115, 108, 120, 121, 122, 123, 124, 125, 126, 0 };
static const char *const ev_names[EV_N] = { "exit_timed", "kvm_exit", "kvm_entry", "kvm_cpuid",
					     "kvm_msr", "kvm_pio", "kvm_hypercall",
					     "kvm_userspace_exit", "kvm_cr", "kvm_mmio", "kvm_page_fault", "" };

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static bool big;		/* write big-endian */
static bool pipe_mode;
static int layout = 1;		/* exit_timed field layout variant */
static bool l2_fields;		/* exit_timed has nested and userspace (after fastpath) */
static bool with_identifier = true;
static bool with_tracing = true;
static bool want[EV_N];
static char cpudesc[128];
static size_t compress_chunk;	/* 'perf record -z': bytes per compressed record, 0 off */
static uint32_t comp_type = 1;	/* HEADER_COMPRESSED's type (1 zstd) */
static size_t compress_cut;	/* bytes cut off the end of the last compressed run */
static size_t nthreads;		/* 'perf record --threads': data.N files, 0 one file */
static bool old_kexit;		/* kvm_exit as before Linux 5.7: no vcpu_id */
static struct buf data;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mkperfdata: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory");
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_n(struct buf *b, uint64_t v, int size)
{
	uint8_t o[8];
	int i;

	for (i = 0; i < size; i++)
		o[i] = big ? (uint8_t)(v >> (8 * (size - 1 - i))) : (uint8_t)(v >> (8 * i));
	put(b, o, (size_t)size);
}

static void put8(struct buf *b, uint8_t v) { put_n(b, v, 1); }
static void put16(struct buf *b, uint16_t v) { put_n(b, v, 2); }
static void put32(struct buf *b, uint32_t v) { put_n(b, v, 4); }
static void put64(struct buf *b, uint64_t v) { put_n(b, v, 8); }

static void set_n(struct buf *b, size_t at, uint64_t v, int size)
{
	size_t keep = b->len;

	b->len = at;
	put_n(b, v, size);
	b->len = keep;
}

static void pad8(struct buf *b)
{
	while (b->len % 8)
		put8(b, 0);
}

/* ---- formats ---- */

static void symbolic(struct buf *b, enum exit_isa isa)
{
	size_t i;
	char item[80];

	for (i = 0; i < exit_reason_count(isa); i++) {
		uint32_t r = exit_reason_at(isa, i);

		snprintf(item, sizeof(item), ", { %d, \"%s\" }", isa == EXIT_ISA_SVM ? (int)r : (int)r,
			 exit_reason_name(isa, r));
		put(b, item, strlen(item));
	}
}

static const char common_fields[] =
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

struct field {
	const char *decl;
	int offset, size, sign;
};

/* exit_timed offsets per layout: vcpu_id isa exit_reason fastpath cycles exit_seq */
static const int timed_off[3][6] = { { 0 }, { 8, 12, 16, 20, 24, 32 }, { 24, 28, 32, 36, 8, 16 } };

static void put_fields(struct buf *b, const struct field *f, size_t n)
{
	char line[160];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "\tfield:%s;\toffset:%d;\tsize:%d;\tsigned:%d;\n",
			 f[i].decl, f[i].offset, f[i].size, f[i].sign);
		put(b, line, strlen(line));
	}
}

static void put_str(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void format_head(struct buf *b, enum ev e)
{
	char line[64];

	snprintf(line, sizeof(line), "name: %s\nID: %d\nformat:\n", ev_names[e], ev_ids[e]);
	put_str(b, line);
	put_str(b, common_fields);
}

static void format_timed(struct buf *b)
{
	const int *o = timed_off[layout];
	struct field f[] = { { "unsigned int vcpu_id", o[0], 4, 0 }, { "u32 isa", o[1], 4, 0 },
			     { "u32 exit_reason", o[2], 4, 0 }, { "bool fastpath", o[3], 1, 0 },
			     { "u64 cycles", o[4], 8, 0 }, { "u64 exit_seq", o[5], 8, 0 } };

	struct field extra[] = { { "bool nested", o[3] + 1, 1, 0 },
				 { "bool userspace", o[3] + 2, 1, 0 } };

	format_head(b, EV_TIMED);
	put_fields(b, f, 6);
	if (l2_fields)
		put_fields(b, extra, 2);
	put_str(b, l2_fields ? "\nprint fmt: \"vcpu %u reason %s%s%s cycles %llu seq %llu%s%s%s\", "
		   : "\nprint fmt: \"vcpu %u reason %s%s%s cycles %llu seq %llu%s\", ");
	put_str(b, "REC->vcpu_id, (REC->isa == 1) ? __print_symbolic(REC->exit_reason & 0xffff");
	symbolic(b, EXIT_ISA_VMX);
	put_str(b, ") : __print_symbolic(REC->exit_reason");
	symbolic(b, EXIT_ISA_SVM);
	put_str(b, "), \"\", \"\", REC->cycles, REC->exit_seq, REC->fastpath ? \" fastpath\" : \"\"");
	if (l2_fields)
		put_str(b, ", REC->nested ? \" nested\" : \"\", REC->userspace ? \" userspace\" : \"\"");
	put_str(b, "\n");
}

static void format_kexit(struct buf *b)
{
	struct field f[] = { { "unsigned int exit_reason", 8, 4, 0 }, { "unsigned long guest_rip", 16, 8, 0 },
			     { "u32 isa", 24, 4, 0 }, { "u64 info1", 32, 8, 0 }, { "u64 info2", 40, 8, 0 },
			     { "u32 intr_info", 48, 4, 0 }, { "u32 error_code", 52, 4, 0 },
			     { "unsigned int vcpu_id", 56, 4, 0 } };

	format_head(b, EV_KEXIT);
	put_fields(b, f, old_kexit ? 5 : 8);
	if (old_kexit)
		put_str(b, "\nprint fmt: \"reason %s rip 0x%lx\", (REC->isa == 1) ? "
			   "__print_symbolic(REC->exit_reason & 0xffff");
	else
		put_str(b, "\nprint fmt: \"vcpu %u reason %s rip 0x%lx\", REC->vcpu_id, (REC->isa == 1) ? "
			   "__print_symbolic(REC->exit_reason & 0xffff");
	symbolic(b, EXIT_ISA_VMX);
	put_str(b, ") : __print_symbolic(REC->exit_reason");
	symbolic(b, EXIT_ISA_SVM);
	put_str(b, "), REC->guest_rip\n");
}

static void format_kentry(struct buf *b)
{
	struct field f[] = { { "unsigned int vcpu_id", 8, 4, 0 }, { "unsigned long rip", 16, 8, 0 },
			     { "bool immediate_exit", 24, 1, 0 } };

	format_head(b, EV_KENTRY);
	put_fields(b, f, 3);
	put_str(b, "\nprint fmt: \"vcpu %u, rip 0x%lx%s\", REC->vcpu_id, REC->rip, "
		   "REC->immediate_exit ? \"[immediate exit]\" : \"\"\n");
}

static void format_cpuid(struct buf *b)
{
	struct field f[] = { { "unsigned int function", 8, 4, 0 }, { "unsigned int index", 12, 4, 0 },
			     { "unsigned long rax", 16, 8, 0 }, { "unsigned long rbx", 24, 8, 0 },
			     { "unsigned long rcx", 32, 8, 0 }, { "unsigned long rdx", 40, 8, 0 },
			     { "bool found", 48, 1, 0 }, { "bool used_max_basic", 49, 1, 0 } };

	format_head(b, EV_CPUID);
	put_fields(b, f, 8);
	put_str(b, "\nprint fmt: \"func %x idx %x rax %lx rbx %lx rcx %lx rdx %lx, cpuid entry %s%s\", "
		   "REC->function, REC->index, REC->rax, REC->rbx, REC->rcx, REC->rdx, "
		   "REC->found ? \"found\" : \"not found\", REC->used_max_basic ? \", used max basic\" : \"\"\n");
}

/* kvm:kvm_msr, kvm:kvm_pio, kvm:kvm_hypercall as in Linux 6.12 */
static void format_msr(struct buf *b)
{
	struct field f[] = { { "unsigned write", 8, 4, 0 }, { "u32 ecx", 12, 4, 0 },
			     { "u64 data", 16, 8, 0 }, { "u8 exception", 24, 1, 0 } };

	format_head(b, EV_MSR);
	put_fields(b, f, 4);
	put_str(b, "\nprint fmt: \"msr_%s %x = 0x%llx%s\", REC->write ? \"write\" : \"read\", "
		   "REC->ecx, (unsigned long long)REC->data, REC->exception ? \" (#GP)\" : \"\"\n");
}

static void format_pio(struct buf *b)
{
	struct field f[] = { { "unsigned int rw", 8, 4, 0 }, { "unsigned int port", 12, 4, 0 },
			     { "unsigned int size", 16, 4, 0 }, { "unsigned int count", 20, 4, 0 },
			     { "unsigned int val", 24, 4, 0 } };

	format_head(b, EV_PIO);
	put_fields(b, f, 5);
	put_str(b, "\nprint fmt: \"pio_%s at 0x%x size %d count %d val 0x%x %s\", "
		   "REC->rw ? \"write\" : \"read\", REC->port, REC->size, REC->count, REC->val, "
		   "REC->count > 1 ? \"(...)\" : \"\"\n");
}

static void format_hcall(struct buf *b)
{
	struct field f[] = { { "unsigned long nr", 8, 8, 0 }, { "unsigned long a0", 16, 8, 0 },
			     { "unsigned long a1", 24, 8, 0 }, { "unsigned long a2", 32, 8, 0 },
			     { "unsigned long a3", 40, 8, 0 } };

	format_head(b, EV_HCALL);
	put_fields(b, f, 5);
	put_str(b, "\nprint fmt: \"nr 0x%lx a0 0x%lx a1 0x%lx a2 0x%lx a3 0x%lx\", REC->nr, "
		   "REC->a0, REC->a1, REC->a2, REC->a3\n");
}

static void format_uexit(struct buf *b)
{
	struct field f[] = { { "__u32 reason", 8, 4, 0 }, { "int errno", 12, 4, 1 } };

	format_head(b, EV_UEXIT);
	put_fields(b, f, 2);
	put_str(b, "\nprint fmt: \"reason %u (%d)\", REC->reason, REC->errno\n");
}

/* kvm:kvm_cr, kvm:kvm_mmio, kvm:kvm_page_fault as in Linux 6.12 */
static void format_cr(struct buf *b)
{
	struct field f[] = { { "unsigned int rw", 8, 4, 0 }, { "unsigned int cr", 12, 4, 0 },
			     { "unsigned long val", 16, 8, 0 } };

	format_head(b, EV_CR);
	put_fields(b, f, 3);
	put_str(b, "\nprint fmt: \"cr_%s %x = 0x%lx\", REC->rw ? \"write\" : \"read\", REC->cr, "
		   "REC->val\n");
}

static void format_mmio(struct buf *b)
{
	struct field f[] = { { "u32 type", 8, 4, 0 }, { "u32 len", 12, 4, 0 },
			     { "u64 gpa", 16, 8, 0 }, { "u64 val", 24, 8, 0 } };

	format_head(b, EV_MMIO);
	put_fields(b, f, 4);
	put_str(b, "\nprint fmt: \"mmio type %u len %u gpa 0x%llx val 0x%llx\", REC->type, "
		   "REC->len, REC->gpa, REC->val\n");
}

static void format_pf(struct buf *b)
{
	struct field f[] = { { "unsigned int vcpu_id", 8, 4, 0 }, { "unsigned long guest_rip", 16, 8, 0 },
			     { "u64 fault_address", 24, 8, 0 }, { "u64 error_code", 32, 8, 0 } };

	format_head(b, EV_PF);
	put_fields(b, f, 4);
	put_str(b, "\nprint fmt: \"vcpu %u rip 0x%lx address 0x%016llx error_code 0x%llx\", "
		   "REC->vcpu_id, REC->guest_rip, REC->fault_address, REC->error_code\n");
}

static void tracing_data(struct buf *b)
{
	static const uint8_t magic[] = { 23, 8, 68, 't', 'r', 'a', 'c', 'i', 'n', 'g' };
	static const char header_page[] =
		"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
		"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
		"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
		"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";
	static const char header_event[] = "# compressed entry header\n\ttype_len    :    5 bits\n";
	void (*writers[EV_N])(struct buf *) = { format_timed, format_kexit, format_kentry, format_cpuid,
						format_msr, format_pio, format_hcall, format_uexit,
						format_cr, format_mmio, format_pf, NULL };
	int e, n = 0;

	put(b, magic, sizeof(magic));
	put(b, "0.6", 4);
	put8(b, big);
	put8(b, 8);
	put32(b, 4096);
	put(b, "header_page", 12);
	put64(b, sizeof(header_page) - 1);
	put_str(b, header_page);
	put(b, "header_event", 13);
	put64(b, sizeof(header_event) - 1);
	put_str(b, header_event);
	put32(b, 0);		/* ftrace formats */
	for (e = 0; e < EV_DUMMY; e++)
		n += want[e];
	put32(b, n ? 1 : 0);	/* systems */
	if (n) {
		put(b, "kvm", 4);
		put32(b, (uint32_t)n);
		for (e = 0; e < EV_DUMMY; e++) {
			struct buf f = { 0 };

			if (!want[e])
				continue;
			writers[e](&f);
			put64(b, f.len);
			put(b, f.p, f.len);
			free(f.p);
		}
	}
	put32(b, 0);		/* kallsyms */
	put32(b, 0);		/* ftrace_printk */
	put64(b, 0);		/* saved cmdlines */
}

/* ---- attributes ---- */

#define ST_IP 1u
#define ST_TID 2u
#define ST_TIME 4u
#define ST_ID 64u
#define ST_CPU 128u
#define ST_PERIOD 256u
#define ST_RAW 1024u
#define ST_IDENTIFIER 65536u
#define ATTR_SIZE 128

static int nattrs(void)
{
	int e, n = 0;

	for (e = 0; e < EV_N; e++)
		n += want[e];
	return n;
}

static uint64_t sample_type(enum ev e)
{
	uint64_t st = ST_IP | ST_TID | ST_TIME | ST_CPU | ST_PERIOD;

	if (e != EV_DUMMY)
		st |= ST_RAW;
	if (with_identifier)
		st |= ST_IDENTIFIER;
	else if (nattrs() > 1)
		st |= ST_ID;
	return st;
}

static uint64_t attr_id(enum ev e)
{
	return 1000 + (uint64_t)e;
}

static void put_attr(struct buf *b, enum ev e)
{
	size_t start = b->len;
	uint8_t flags[8] = { 0 };

	put32(b, e == EV_DUMMY ? 1 : 2);	/* software or tracepoint */
	put32(b, ATTR_SIZE);
	put64(b, e == EV_DUMMY ? 9 : (uint64_t)ev_ids[e]);
	put64(b, 1);				/* sample_period */
	put64(b, sample_type(e));
	put64(b, 0);				/* read_format */
	/* bitfield: sample_id_all is bit 18; big-endian numbers bits from the top */
	flags[2] = big ? 0x20 : 0x04;
	put(b, flags, 8);
	while (b->len < start + ATTR_SIZE)
		put8(b, 0);
}

/* ---- records ---- */

struct sample {
	uint64_t time;
	uint32_t pid, tid, cpu;
};

static size_t rec_begin(struct buf *b, uint32_t type)
{
	size_t at = b->len;

	put32(b, type);
	put16(b, 0);
	put16(b, 0);
	return at;
}

static void rec_end(struct buf *b, size_t at)
{
	pad8(b);
	set_n(b, at + 6, b->len - at, 2);
}

static void sample_front(struct buf *b, enum ev e, const struct sample *s)
{
	uint64_t st = sample_type(e);

	if (st & ST_IDENTIFIER)
		put64(b, attr_id(e));
	put64(b, 0xffffffff81000000ull);	/* ip */
	put32(b, s->pid);
	put32(b, s->tid);
	put64(b, s->time);
	if (st & ST_ID)
		put64(b, attr_id(e));
	put32(b, s->cpu);
	put32(b, 0);
	put64(b, 1);				/* period */
}

static void raw_common(struct buf *r, enum ev e, const struct sample *s)
{
	put16(r, (uint16_t)ev_ids[e]);
	put8(r, 0);
	put8(r, 0);
	put32(r, s->tid);
}

static void raw_at(struct buf *r, size_t size, int offset, uint64_t v, int width)
{
	while (r->len < size)
		put8(r, 0);
	set_n(r, (size_t)offset, v, width);
}

static void emit_sample(enum ev e, const struct sample *s, const struct buf *raw)
{
	size_t at = rec_begin(&data, 9);
	uint32_t raw_size = (uint32_t)raw->len;

	sample_front(&data, e, s);
	if (e != EV_DUMMY) {
		/* the u32 size and the raw bytes together end on 8 bytes */
		while ((raw_size + 4) % 8)
			raw_size++;
		put32(&data, raw_size);
		put(&data, raw->p, raw->len);
		while (data.len % 8)
			put8(&data, 0);
	}
	rec_end(&data, at);
}

static uint64_t kv(const char *line, const char *key, bool need)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(line, pat);
	if (!p) {
		if (need)
			die("'%s' lacks %s=", line, key);
		return 0;
	}
	return strtoull(p + strlen(pat), NULL, 0);
}

static void sample_of(const char *line, struct sample *s)
{
	s->time = kv(line, "time", true);
	s->pid = (uint32_t)kv(line, "pid", true);
	s->tid = (uint32_t)kv(line, "tid", true);
	s->cpu = (uint32_t)kv(line, "cpu", false);
}

static void line_timed(const char *line)
{
	const int *o = timed_off[layout];
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_TIMED, &s);
	raw_at(&r, 40, o[0], kv(line, "vcpu", true), 4);
	raw_at(&r, 40, o[1], kv(line, "isa", true), 4);
	raw_at(&r, 40, o[2], kv(line, "reason", true), 4);
	raw_at(&r, 40, o[3], kv(line, "fastpath", false), 1);
	if (l2_fields) {
		raw_at(&r, 40, o[3] + 1, kv(line, "nested", false), 1);
		raw_at(&r, 40, o[3] + 2, kv(line, "userspace", false), 1);
	}
	raw_at(&r, 40, o[4], kv(line, "cycles", true), 8);
	raw_at(&r, 40, o[5], kv(line, "seq", true), 8);
	emit_sample(EV_TIMED, &s, &r);
	free(r.p);
}

static void line_kexit(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_KEXIT, &s);
	raw_at(&r, 64, 8, kv(line, "reason", true), 4);
	raw_at(&r, 64, 24, kv(line, "isa", true), 4);
	if (!old_kexit)
		raw_at(&r, 64, 56, kv(line, "vcpu", true), 4);
	emit_sample(EV_KEXIT, &s, &r);
	free(r.p);
}

static void line_kentry(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_KENTRY, &s);
	raw_at(&r, 32, 8, kv(line, "vcpu", true), 4);
	emit_sample(EV_KENTRY, &s, &r);
	free(r.p);
}

static void line_cpuid(const char *line)
{
	static const char *const regs[] = { "rax", "rbx", "rcx", "rdx" };
	struct buf r = { 0 };
	struct sample s;
	int i;

	sample_of(line, &s);
	raw_common(&r, EV_CPUID, &s);
	raw_at(&r, 56, 8, kv(line, "function", true), 4);
	raw_at(&r, 56, 12, kv(line, "index", false), 4);
	for (i = 0; i < 4; i++)
		raw_at(&r, 56, 16 + 8 * i, kv(line, regs[i], false), 8);
	raw_at(&r, 56, 48, 1, 1);
	emit_sample(EV_CPUID, &s, &r);
	free(r.p);
}

static void line_msr(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_MSR, &s);
	raw_at(&r, 32, 8, kv(line, "write", false), 4);
	raw_at(&r, 32, 12, kv(line, "ecx", true), 4);
	raw_at(&r, 32, 16, kv(line, "data", false), 8);
	raw_at(&r, 32, 24, kv(line, "exception", false), 1);
	emit_sample(EV_MSR, &s, &r);
	free(r.p);
}

static void line_pio(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_PIO, &s);
	raw_at(&r, 32, 8, kv(line, "rw", false), 4);
	raw_at(&r, 32, 12, kv(line, "port", true), 4);
	raw_at(&r, 32, 16, kv(line, "size", true), 4);
	raw_at(&r, 32, 20, 1, 4);
	raw_at(&r, 32, 24, kv(line, "val", false), 4);
	emit_sample(EV_PIO, &s, &r);
	free(r.p);
}

static void line_hcall(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_HCALL, &s);
	raw_at(&r, 48, 8, kv(line, "nr", true), 8);
	emit_sample(EV_HCALL, &s, &r);
	free(r.p);
}

static void line_uexit(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_UEXIT, &s);
	raw_at(&r, 16, 8, kv(line, "reason", true), 4);
	emit_sample(EV_UEXIT, &s, &r);
	free(r.p);
}

static void line_cr(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_CR, &s);
	raw_at(&r, 24, 8, kv(line, "rw", false), 4);
	raw_at(&r, 24, 12, kv(line, "cr", true), 4);
	raw_at(&r, 24, 16, kv(line, "val", false), 8);
	emit_sample(EV_CR, &s, &r);
	free(r.p);
}

static void line_mmio(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_MMIO, &s);
	raw_at(&r, 32, 8, kv(line, "type", true), 4);
	raw_at(&r, 32, 12, kv(line, "len", true), 4);
	raw_at(&r, 32, 16, kv(line, "gpa", true), 8);
	emit_sample(EV_MMIO, &s, &r);
	free(r.p);
}

static void line_pf(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	raw_common(&r, EV_PF, &s);
	raw_at(&r, 40, 8, kv(line, "vcpu", false), 4);
	raw_at(&r, 40, 24, kv(line, "address", true), 8);
	raw_at(&r, 40, 32, kv(line, "error", false), 8);
	emit_sample(EV_PF, &s, &r);
	free(r.p);
}

static void line_dummy(const char *line)
{
	struct buf r = { 0 };
	struct sample s;

	sample_of(line, &s);
	emit_sample(EV_DUMMY, &s, &r);
}

/* sample_id_all trailer: TID TIME [ID] CPU [IDENTIFIER] */
static void trailer(struct buf *b, enum ev e, const struct sample *s)
{
	uint64_t st = sample_type(e);

	put32(b, s->pid);
	put32(b, s->tid);
	put64(b, s->time);
	if (st & ST_ID)
		put64(b, attr_id(e));
	put32(b, s->cpu);
	put32(b, 0);
	if (st & ST_IDENTIFIER)
		put64(b, attr_id(e));
}

static enum ev first_event(void)
{
	int e;

	for (e = 0; e < EV_N; e++)
		if (want[e])
			return (enum ev)e;
	die("no events");
	return EV_N;
}

static void line_lost(const char *line, bool samples)
{
	size_t at = rec_begin(&data, samples ? 13 : 2);
	struct sample s = { kv(line, "time", false), 0, 0, 0 };

	if (!samples)
		put64(&data, attr_id(first_event()));
	put64(&data, kv(line, "count", true));
	trailer(&data, first_event(), &s);
	rec_end(&data, at);
}

static void line_round(void)
{
	rec_end(&data, rec_begin(&data, 68));
}

static void line_raw_record(const char *line)
{
	size_t at = rec_begin(&data, (uint32_t)kv(line, "type", true));
	uint64_t i, n = kv(line, "bytes", false);

	for (i = 0; i < n; i++)
		put8(&data, 0);
	rec_end(&data, at);
}

static void setting(const char *line)
{
	char word[32], value[128];
	int e;

	if (sscanf(line, "%31s %127[^\n]", word, value) != 2)
		die("bad setting '%s'", line);
	while (strlen(value) && strchr(" \t\r", value[strlen(value) - 1]))
		value[strlen(value) - 1] = '\0';
	if (strcmp(word, "endian") == 0)
		big = strcmp(value, "be") == 0;
	else if (strcmp(word, "mode") == 0)
		pipe_mode = strcmp(value, "pipe") == 0;
	else if (strcmp(word, "layout") == 0)
		layout = atoi(value) == 2 ? 2 : 1;
	else if (strcmp(word, "l2fields") == 0)
		l2_fields = atoi(value) != 0;
	else if (strcmp(word, "identifier") == 0)
		with_identifier = atoi(value) != 0;
	else if (strcmp(word, "tracing") == 0)
		with_tracing = atoi(value) != 0;
	else if (strcmp(word, "compress") == 0)
		compress_chunk = strtoul(value, NULL, 0);
	else if (strcmp(word, "oldkexit") == 0)
		old_kexit = atoi(value) != 0;
	else if (strcmp(word, "threads") == 0)
		nthreads = strtoul(value, NULL, 0);
	else if (strcmp(word, "compresscut") == 0)
		compress_cut = strtoul(value, NULL, 0);
	else if (strcmp(word, "comptype") == 0)
		comp_type = (uint32_t)strtoul(value, NULL, 0);
	else if (strcmp(word, "cpudesc") == 0)
		snprintf(cpudesc, sizeof(cpudesc), "%s", value);
	else if (strcmp(word, "events") == 0) {
		for (e = 0; e < EV_N; e++)
			want[e] = strstr(value, e == EV_DUMMY ? "dummy" : ev_names[e]) != NULL;
	} else
		die("unknown setting '%s'", word);
}

static void scenario_line(char *line)
{
	char word[32];

	line[strcspn(line, "\n#")] = '\0';
	if (sscanf(line, "%31s", word) != 1)
		return;
	strcat(line, " ");
	if (strcmp(word, "exit") == 0)
		line_timed(line);
	else if (strcmp(word, "kexit") == 0)
		line_kexit(line);
	else if (strcmp(word, "kentry") == 0)
		line_kentry(line);
	else if (strcmp(word, "cpuid") == 0)
		line_cpuid(line);
	else if (strcmp(word, "msr") == 0)
		line_msr(line);
	else if (strcmp(word, "pio") == 0)
		line_pio(line);
	else if (strcmp(word, "hypercall") == 0)
		line_hcall(line);
	else if (strcmp(word, "uexit") == 0)
		line_uexit(line);
	else if (strcmp(word, "cr") == 0)
		line_cr(line);
	else if (strcmp(word, "mmio") == 0)
		line_mmio(line);
	else if (strcmp(word, "pagefault") == 0)
		line_pf(line);
	else if (strcmp(word, "dummy") == 0)
		line_dummy(line);
	else if (strcmp(word, "lost") == 0)
		line_lost(line, false);
	else if (strcmp(word, "lostsamples") == 0)
		line_lost(line, true);
	else if (strcmp(word, "round") == 0)
		line_round();
	else if (strcmp(word, "record") == 0)
		line_raw_record(line);
	else
		setting(line);
}

/* ---- perf record -z ---- */

/* Kernel records as perf writes them with -z: in compressed records of
 * @compress_chunk decompressed bytes each, one zstd frame per record, split
 * wherever the chunk ends (so records straddle compressed ones). */
static void flush_compressed(struct buf *out, const uint8_t *p, size_t n)
{
	size_t at, len, bound, zn;
	uint8_t *z;

	for (at = 0; at < n; at += len) {
		len = n - at < compress_chunk ? n - at : compress_chunk;
		bound = ZSTD_compressBound(len);
		z = malloc(bound);
		if (!z)
			die("out of memory");
		zn = ZSTD_compress(z, bound, p + at, len, 1);
		if (ZSTD_isError(zn) || zn + 8 > 0xffff)
			die("compress: chunk of %zu bytes does not fit a record", len);
		put32(out, 81);
		put16(out, 0);
		put16(out, (uint16_t)(8 + zn));
		put(out, z, zn);
		free(z);
	}
}

/* The type and size of the record at @at of @b. */
static uint32_t rec_type(const struct buf *b, size_t at)
{
	const uint8_t *p = b->p + at;

	return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		   : (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static size_t rec_size(const struct buf *b, size_t at)
{
	const uint8_t *p = b->p + at;
	size_t size = big ? (size_t)p[6] << 8 | p[7] : (size_t)p[6] | (size_t)p[7] << 8;

	if (size < 8 || at + size > b->len)
		die("bad record at %zu", at);
	return size;
}

/* perf's own records (type 64 and up, e.g. rounds) stay outside. */
static void compress_buf(struct buf *b)
{
	struct buf out = { 0 }, run = { 0 };
	size_t at, size;

	for (at = 0; at + 8 <= b->len; at += size) {
		size = rec_size(b, at);
		if (rec_type(b, at) >= 64) {
			flush_compressed(&out, run.p, run.len);
			run.len = 0;
			put(&out, b->p + at, size);
		} else {
			put(&run, b->p + at, size);
		}
	}
	run.len -= compress_cut < run.len ? compress_cut : run.len;
	flush_compressed(&out, run.p, run.len);
	free(run.p);
	free(b->p);
	*b = out;
}

/* ---- perf record --threads ---- */

/* The kernel's records go to data.0 ... data.N-1 in turn (each file keeps
 * their order), perf's own stay in data, which ends with FINISHED_INIT. */
static void split_threads(struct buf *thread)
{
	struct buf own = { 0 };
	size_t at, size, n = 0;

	for (at = 0; at + 8 <= data.len; at += size) {
		size = rec_size(&data, at);
		if (rec_type(&data, at) >= 64)
			put(&own, data.p + at, size);
		else
			put(&thread[n++ % nthreads], data.p + at, size);
	}
	rec_end(&own, rec_begin(&own, 82));
	free(data.p);
	data = own;
}

static void write_buf(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(b->p, 1, b->len, f) != b->len || fclose(f) != 0)
		die("cannot write %s", path);
}

/* HEADER_COMPRESSED: version, type, level, ratio, mmap_len */
static void compressed_feature(struct buf *b)
{
	put32(b, 0);
	put32(b, comp_type);
	put32(b, 1);
	put32(b, 4);
	put32(b, 528384);
}

/* ---- the two file layouts ---- */

static void put_magic(struct buf *b)
{
	put(b, big ? "2ELIFREP" : "PERFILE2", 8);
}

static void cpudesc_feature(struct buf *b)
{
	uint32_t len = (uint32_t)((strlen(cpudesc) + 1 + 63) / 64 * 64);
	size_t start;

	put32(b, len);
	start = b->len;
	put_str(b, cpudesc);
	while (b->len < start + len)
		put8(b, 0);
}

static void write_pipe(struct buf *out)
{
	struct buf td = { 0 };
	size_t at;
	int e;

	put_magic(out);
	put64(out, 16);
	for (e = 0; e < EV_N; e++) {
		if (!want[e])
			continue;
		at = rec_begin(out, 64);
		put_attr(out, (enum ev)e);
		put64(out, attr_id((enum ev)e));
		rec_end(out, at);
	}
	if (with_tracing) {
		tracing_data(&td);
		pad8(&td);
		at = rec_begin(out, 66);
		put32(out, (uint32_t)td.len);
		put32(out, 0);
		rec_end(out, at);
		put(out, td.p, td.len);
	}
	if (cpudesc[0]) {
		at = rec_begin(out, 80);
		put64(out, 8);
		cpudesc_feature(out);
		rec_end(out, at);
	}
	if (compress_chunk) {
		at = rec_begin(out, 80);
		put64(out, 27);
		compressed_feature(out);
		rec_end(out, at);
	}
	put(out, data.p, data.len);
	free(td.p);
}

static void write_file(struct buf *out)
{
	struct buf td = { 0 }, cd = { 0 }, zd = { 0 };
	size_t attrs_off = 104, ids_off, data_off, feat_off, n = (size_t)nattrs(), i = 0;
	uint64_t bits0 = 0;
	int e;

	tracing_data(&td);
	cpudesc_feature(&cd);
	compressed_feature(&zd);
	ids_off = attrs_off + n * (ATTR_SIZE + 16);
	data_off = ids_off + n * 8;
	put_magic(out);
	put64(out, 104);
	put64(out, ATTR_SIZE + 16);
	put64(out, attrs_off);
	put64(out, n * (ATTR_SIZE + 16));
	put64(out, data_off);
	put64(out, data.len);
	put64(out, 0);
	put64(out, 0);
	if (with_tracing)
		bits0 |= 1ull << 1;
	if (cpudesc[0])
		bits0 |= 1ull << 8;
	if (nthreads)
		bits0 |= 1ull << 24;
	if (compress_chunk)
		bits0 |= 1ull << 27;
	put64(out, bits0);
	put64(out, 0);
	put64(out, 0);
	put64(out, 0);
	for (e = 0; e < EV_N; e++) {
		if (!want[e])
			continue;
		put_attr(out, (enum ev)e);
		put64(out, ids_off + 8 * i++);
		put64(out, 8);
	}
	for (e = 0; e < EV_N; e++)
		if (want[e])
			put64(out, attr_id((enum ev)e));
	put(out, data.p, data.len);
	feat_off = out->len + 16 * (size_t)(with_tracing + !!cpudesc[0] + !!nthreads + !!compress_chunk);
	if (with_tracing) {
		put64(out, feat_off);
		put64(out, td.len);
		feat_off += td.len;
	}
	if (cpudesc[0]) {
		put64(out, feat_off);
		put64(out, cd.len);
		feat_off += cd.len;
	}
	if (nthreads) {		/* HEADER_DIR_FORMAT: u64 version 1 */
		put64(out, feat_off);
		put64(out, 8);
		feat_off += 8;
	}
	if (compress_chunk) {
		put64(out, feat_off);
		put64(out, zd.len);
	}
	if (with_tracing)
		put(out, td.p, td.len);
	if (cpudesc[0])
		put(out, cd.p, cd.len);
	if (nthreads)
		put64(out, 1);
	if (compress_chunk)
		put(out, zd.p, zd.len);
	free(td.p);
	free(cd.p);
	free(zd.p);
}

int main(int argc, char **argv)
{
	struct buf out = { 0 }, *thread;
	char line[1024], path[4096];
	size_t i;
	FILE *f;

	if (argc != 2)
		die("usage: mkperfdata OUT.data < SCENARIO   (a directory OUT.data with 'threads N')");
	want[EV_TIMED] = true;
	while (fgets(line, sizeof(line) - 2, stdin))
		scenario_line(line);
	if (nthreads && pipe_mode)
		die("threads: perf record --threads writes file mode only");
	thread = calloc(nthreads ? nthreads : 1, sizeof(*thread));
	if (!thread)
		die("out of memory");
	if (nthreads)
		split_threads(thread);
	for (i = 0; i < nthreads; i++)
		if (compress_chunk)
			compress_buf(&thread[i]);
	if (compress_chunk)
		compress_buf(&data);
	if (pipe_mode)
		write_pipe(&out);
	else
		write_file(&out);
	if (nthreads) {
		if (mkdir(argv[1], 0755) < 0 && errno != EEXIST)
			die("cannot make directory %s", argv[1]);
		snprintf(path, sizeof(path), "%s/data", argv[1]);
		write_buf(path, &out);
		for (i = 0; i < nthreads; i++) {
			snprintf(path, sizeof(path), "%s/data.%zu", argv[1], i);
			write_buf(path, &thread[i]);
			free(thread[i].p);
		}
	} else {
		f = strcmp(argv[1], "-") == 0 ? stdout : fopen(argv[1], "wb");
		if (!f || fwrite(out.p, 1, out.len, f) != out.len || fclose(f) != 0)
			die("cannot write %s", argv[1]);
	}
	free(thread);
	free(out.p);
	free(data.p);
	return 0;
}
