/* tracing_data.c - walking the tracing-data layout of
 * tools/perf/util/trace-event-read.c with bounds checks on every step.
 */
#include "tracing_data.h"

#include <stdbool.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "bytes.h"

struct td_cursor {
	const uint8_t *base;
	size_t size;
	size_t pos;
	uint64_t off;		/* file offset of base */
	bool swap;
	struct er_err *err;
};

static const char *const wanted_events[] = { "exit_timed", "kvm_exit", "kvm_entry", "kvm_cpuid",
					     /* the qualifiers of --by (qualifier.h) */
					     "kvm_msr", "kvm_pio", "kvm_mmio", "kvm_hypercall",
					     "kvm_cr", "kvm_page_fault",
					     /* --vmm */
					     "kvm_userspace_exit" };

static uint64_t here(const struct td_cursor *c)
{
	return c->off + c->pos;
}

static const uint8_t *td_take(struct td_cursor *c, uint64_t n, const char *what)
{
	const uint8_t *p;

	if (n > c->size - c->pos) {
		er_fail(c->err, here(c), "tracing data: %s truncated", what);
		return NULL;
	}
	p = c->base + c->pos;
	c->pos += (size_t)n;
	return p;
}

static int td_u32(struct td_cursor *c, const char *what, uint32_t *v)
{
	const uint8_t *p = td_take(c, 4, what);

	if (!p)
		return -1;
	*v = rd32(p, c->swap);
	return 0;
}

static int td_u64(struct td_cursor *c, const char *what, uint64_t *v)
{
	const uint8_t *p = td_take(c, 8, what);

	if (!p)
		return -1;
	*v = rd64(p, c->swap);
	return 0;
}

static const char *td_string(struct td_cursor *c, const char *what)
{
	const uint8_t *start = c->base + c->pos;
	const uint8_t *nul = memchr(start, 0, c->size - c->pos);

	if (!nul) {
		er_fail(c->err, here(c), "tracing data: %s is not terminated", what);
		return NULL;
	}
	c->pos += (size_t)(nul - start) + 1;
	return (const char *)start;
}

static int td_expect(struct td_cursor *c, const char *tag, size_t len)
{
	uint64_t at = here(c);
	const uint8_t *p = td_take(c, len, tag);

	if (!p)
		return -1;
	if (memcmp(p, tag, len) != 0)
		return er_fail(c->err, at, "tracing data: missing '%s'", tag);
	return 0;
}

static int read_preamble(struct td_cursor *c, struct tep_handle *tep)
{
	static const uint8_t magic[] = { 23, 8, 68, 't', 'r', 'a', 'c', 'i', 'n', 'g' };
	const uint8_t *p;
	uint32_t page_size;
	bool big;

	const uint8_t *got = td_take(c, sizeof(magic), "magic");

	if (!got)
		return -1;
	if (memcmp(got, magic, sizeof(magic)) != 0)
		return er_fail(c->err, c->off, "tracing data: bad magic");
	if (!td_string(c, "version"))
		return -1;
	p = td_take(c, 2, "byte order and long size");
	if (!p)
		return -1;
	big = p[0] != 0;
	if (p[1] != 4 && p[1] != 8)
		return er_fail(c->err, here(c) - 1, "tracing data: long size %u is absurd", p[1]);
	c->swap = big != host_is_big_endian();
	tep_set_file_bigendian(tep, big ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, host_is_big_endian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(tep, p[1]);
	if (td_u32(c, "page size", &page_size) < 0)
		return -1;
	if (page_size == 0 || page_size > (1u << 24))
		return er_fail(c->err, here(c) - 4, "tracing data: page size %u is absurd", page_size);
	tep_set_page_size(tep, (int)page_size);
	return 0;
}

static int read_headers(struct td_cursor *c, struct tep_handle *tep)
{
	uint64_t size;
	const uint8_t *page;

	if (td_expect(c, "header_page", 12) < 0 || td_u64(c, "header_page size", &size) < 0)
		return -1;
	page = td_take(c, size, "header_page");
	if (!page)
		return -1;
	if (tep_parse_header_page(tep, (char *)page, (unsigned long)size,
				  tep_get_long_size(tep)) == 0)
		tep_set_long_size(tep, tep_get_header_page_size(tep));
	if (td_expect(c, "header_event", 13) < 0 || td_u64(c, "header_event size", &size) < 0)
		return -1;
	return td_take(c, size, "header_event") ? 0 : -1;
}

static int skip_ftrace_formats(struct td_cursor *c)
{
	uint32_t count, i;
	uint64_t size;

	if (td_u32(c, "ftrace format count", &count) < 0)
		return -1;
	for (i = 0; i < count; i++)
		if (td_u64(c, "ftrace format size", &size) < 0 ||
		    !td_take(c, size, "ftrace format"))
			return -1;
	return 0;
}

static bool is_wanted(const char *sys, const uint8_t *fmt, uint64_t size)
{
	size_t i, n;

	if (strcmp(sys, "kvm") != 0 || size < 7 || memcmp(fmt, "name: ", 6) != 0)
		return false;
	for (i = 0; i < sizeof(wanted_events) / sizeof(wanted_events[0]); i++) {
		n = strlen(wanted_events[i]);
		if (size > 6 + n && memcmp(fmt + 6, wanted_events[i], n) == 0 &&
		    (fmt[6 + n] == '\n' || fmt[6 + n] == '\r'))
			return true;
	}
	return false;
}

/* Accepts a line of the field list exactly as the kernel writes it:
 * "\tfield:TYPE NAME;\toffset:N;\tsize:N;\tsigned:N;" with printable text. */
static bool is_field_line(const char *line, size_t n)
{
	static const char *const keys[] = { "\toffset:", "\tsize:", "\tsigned:" };
	size_t i = 0, k, start;

	if (n < 7 || memcmp(line, "\tfield:", 7) != 0)
		return false;
	for (i = 7, start = i; i < n && line[i] != ';'; i++)
		if (line[i] < 0x20 || line[i] > 0x7e)
			return false;
	if (i == n || i == start || !memchr(line + start, ' ', i - start))
		return false;
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t klen = strlen(keys[k]);

		i++;
		if (n - i < klen || memcmp(line + i, keys[k], klen) != 0)
			return false;
		for (i += klen, start = i; i < n && line[i] >= '0' && line[i] <= '9'; i++)
			;
		if (i == start || i - start > 9 || i == n || line[i] != ';')
			return false;
	}
	return i + 1 == n;
}

static bool is_header_line(const char *line, size_t n)
{
	size_t i;

	if (n == 7 && memcmp(line, "format:", 7) == 0)
		return true;
	if (n > 6 && memcmp(line, "name: ", 6) == 0) {
		for (i = 6; i < n; i++)
			if (!isalnum((unsigned char)line[i]) && line[i] != '_')
				return false;
		return true;
	}
	if (n > 4 && memcmp(line, "ID: ", 4) == 0 && n - 4 <= 9) {
		for (i = 4; i < n; i++)
			if (line[i] < '0' || line[i] > '9')
				return false;
		return true;
	}
	return false;
}

/* The fields are all this tool reads.  libtraceevent's parsers dereference
 * NULL on malformed text (fuzzing found two such places in 1.7.1), so they
 * only ever see a format rebuilt from lines checked here: the name, ID and
 * field lines as the kernel writes them, and an empty print format.
 * Returns NULL with *bad_line set when a line does not check. */
static char *checked_format(const uint8_t *fmt, uint64_t size, size_t *len, size_t *bad_line)
{
	static const char empty_print[] = "\nprint fmt: \"\"\n";
	static const char marker[] = "print fmt:";
	const char *p = (const char *)fmt, *end = (const char *)fmt + size;
	size_t line_no = 0, out = 0;
	/* each line gets its newline back, the last one too */
	char *text = malloc(size + 1 + sizeof(empty_print));

	*bad_line = 0;
	if (!text)
		return NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		line_no++;
		if (n >= sizeof(marker) - 1 && memcmp(p, marker, sizeof(marker) - 1) == 0)
			break;
		if (n != 0 && !is_header_line(p, n) && !is_field_line(p, n)) {
			free(text);
			*bad_line = line_no;
			return NULL;
		}
		memcpy(text + out, p, n);
		out += n;
		text[out++] = '\n';
		p += n + (nl ? 1 : 0);
	}
	memcpy(text + out, empty_print, sizeof(empty_print));
	*len = out + sizeof(empty_print) - 1;
	return text;
}

static int parse_format(struct td_cursor *c, struct tep_handle *tep, const char *sys,
			const uint8_t *fmt, uint64_t size, uint64_t at)
{
	char msg[128];
	enum tep_errno rc;
	size_t len, bad_line;
	char *text;

	if (!is_wanted(sys, fmt, size))
		return 0;
	text = checked_format(fmt, size, &len, &bad_line);
	if (!text && bad_line)
		return er_fail(c->err, at, "tracing data: malformed line %zu in the %s event format",
			       bad_line, sys);
	if (!text)
		return er_fail(c->err, at, "out of memory for an event format");
	rc = tep_parse_event(tep, text, (unsigned long)len, sys);
	free(text);
	if (rc == 0)
		return 0;
	if (tep_strerror(tep, rc, msg, sizeof(msg)) != 0)
		snprintf(msg, sizeof(msg), "error %d", (int)rc);
	return er_fail(c->err, at, "tracing data: cannot parse a %s event format: %s", sys, msg);
}

static int read_event_formats(struct td_cursor *c, struct tep_handle *tep)
{
	uint32_t systems, count, i, j;
	const char *sys;
	const uint8_t *fmt;
	uint64_t size, at;

	if (td_u32(c, "system count", &systems) < 0)
		return -1;
	for (i = 0; i < systems; i++) {
		sys = td_string(c, "system name");
		if (!sys || td_u32(c, "event format count", &count) < 0)
			return -1;
		for (j = 0; j < count; j++) {
			if (td_u64(c, "event format size", &size) < 0)
				return -1;
			at = here(c);
			fmt = td_take(c, size, "event format");
			if (!fmt || parse_format(c, tep, sys, fmt, size, at) < 0)
				return -1;
		}
	}
	return 0;
}

int tracing_data_parse(const uint8_t *blob, size_t size, uint64_t off,
		       struct tep_handle **tepp, struct er_err *err)
{
	struct td_cursor c = { blob, size, 0, off, false, err };
	struct tep_handle *tep = tep_alloc();

	if (!tep)
		return er_fail(err, off, "out of memory for libtraceevent");
	if (read_preamble(&c, tep) < 0 || read_headers(&c, tep) < 0 ||
	    skip_ftrace_formats(&c) < 0 || read_event_formats(&c, tep) < 0)
		goto fail;
	*tepp = tep;
	return 0;
fail:
	tep_free(tep);
	return -1;
}
