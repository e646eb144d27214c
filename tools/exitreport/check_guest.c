/* check_guest.c - (b): exitstat --json snapshots against the trace. */
#include "check_guest.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../../common/exit_abi.h"
#include "../../common/exit_reasons.h"

#define GUEST_JSON_MAX (16u << 20)
#define GUEST_JSON_DEPTH 32
#define LO32 0xFFFFFFFFull

static int read_text(const char *path, char **text, size_t *len, struct er_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n;

	if (!f)
		return er_fail(err, ER_NO_OFFSET, "cannot open: %s", strerror(errno));
	buf = malloc(GUEST_JSON_MAX + 1);
	if (!buf)
		goto fail;
	n = fread(buf, 1, GUEST_JSON_MAX + 1, f);
	if (ferror(f) || n > GUEST_JSON_MAX)
		goto fail;
	fclose(f);
	*text = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	fclose(f);
	return er_fail(err, ER_NO_OFFSET, "cannot read (or larger than %u bytes)", GUEST_JSON_MAX);
}

/* An unsigned integer member KEY of object O, 64 bits exact.  json-c
 * saturates larger numbers to UINT64_MAX, so that value is refused too. */
static bool member_u64(struct json_object *o, const char *key, uint64_t *v)
{
	struct json_object *m;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &m) ||
	    !json_object_is_type(m, json_type_int) || json_object_get_int64(m) < 0)
		return false;
	*v = json_object_get_uint64(m);
	return *v != UINT64_MAX;
}

static bool member_is(struct json_object *o, const char *key, const char *s)
{
	struct json_object *m;

	return json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &m) &&
	       json_object_is_type(m, json_type_string) && strcmp(json_object_get_string(m), s) == 0;
}

static int guest_rows(struct json_object *reasons, struct check_guest *g, struct er_err *err)
{
	size_t i, n = json_object_array_length(reasons);

	for (i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(reasons, i);
		struct check_guest_row *row = &g->rows[g->nrows];
		uint64_t reason;

		if (g->nrows >= CHECK_MAX_GUEST_ROWS)
			return er_fail(err, 0, "exitstat JSON: too many reasons");
		if (!member_u64(r, "reason", &reason) || reason > UINT32_MAX ||
		    !member_u64(r, "count", &row->count) || !member_u64(r, "cycles", &row->cycles))
			return er_fail(err, 0, "exitstat JSON: a reason lacks reason/count/cycles");
		row->reason = (uint32_t)reason;
		g->nrows++;
	}
	return 0;
}

static int guest_from_json(struct json_object *root, struct check_guest *g, struct er_err *err)
{
	struct json_object *total = NULL, *reasons = NULL;

	memset(g, 0, sizeof(*g));
	if (!member_is(root, "schema", "exitstat/1"))
		return er_fail(err, 0, "not exitstat JSON (schema \"exitstat/1\" expected)");
	if (!member_is(root, "mode", "snapshot"))
		return er_fail(err, 0, "exitstat JSON: only snapshot readings can be checked "
				       "(run exitstat --json without a command)");
	g->isa = member_is(root, "isa", "vmx") ? EXIT_ISA_VMX
		 : member_is(root, "isa", "svm") ? EXIT_ISA_SVM : EXIT_ISA_UNKNOWN;
	json_object_object_get_ex(root, "total", &total);
	if (!member_u64(total, "count", &g->total_count) ||
	    !member_u64(total, "cycles", &g->total_cycles))
		return er_fail(err, 0, "exitstat JSON: no total count/cycles");
	if (!json_object_object_get_ex(root, "reasons", &reasons) ||
	    !json_object_is_type(reasons, json_type_array))
		return er_fail(err, 0, "exitstat JSON: no reasons array");
	return guest_rows(reasons, g, err);
}

/* The next top-level value of TEXT from *POS on (NULL at the end, or on an
 * error, which is then set in ERR). */
static struct json_object *next_value(struct json_tokener *tok, const char *text, size_t len,
				      size_t *pos, struct er_err *err)
{
	struct json_object *o;
	enum json_tokener_error e;

	while (*pos < len && strchr(" \t\r\n", text[*pos]))
		(*pos)++;
	if (*pos >= len)
		return NULL;
	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, text + *pos, (int)(len - *pos));
	e = json_tokener_get_error(tok);
	if (!o || e != json_tokener_success) {
		er_fail(err, *pos + json_tokener_get_parse_end(tok), "exitstat JSON: %s",
			e == json_tokener_continue ? "truncated" : json_tokener_error_desc(e));
		json_object_put(o);
		return NULL;
	}
	*pos += json_tokener_get_parse_end(tok);
	return o;
}

int check_load_guest(struct check *c, const char *path, struct er_err *err)
{
	struct json_tokener *tok = json_tokener_new_ex(GUEST_JSON_DEPTH);
	struct json_object *o;
	char *text = NULL;
	size_t len = 0, pos = 0;
	int rc = -1;

	if (!tok)
		return er_fail(err, ER_NO_OFFSET, "out of memory");
	if (read_text(path, &text, &len, err) < 0)
		goto out;
	c->guests = calloc(CHECK_MAX_GUESTS, sizeof(*c->guests));
	if (!c->guests) {
		er_fail(err, ER_NO_OFFSET, "out of memory");
		goto out;
	}
	while ((o = next_value(tok, text, len, &pos, err)) != NULL) {
		if (c->nguests >= CHECK_MAX_GUESTS) {
			json_object_put(o);
			er_fail(err, pos, "exitstat JSON: more than %u snapshots", CHECK_MAX_GUESTS);
			goto out;
		}
		if (guest_from_json(o, &c->guests[c->nguests++], err) < 0) {
			json_object_put(o);
			goto out;
		}
		json_object_put(o);
	}
	if (err->set)
		goto out;
	c->sum.guests = c->nguests;
	rc = 0;
out:
	json_tokener_free(tok);
	free(text);
	return rc;
}

static struct check_guest_row *guest_row(struct check_guest *g, uint32_t reason)
{
	size_t i;

	for (i = 0; i < g->nrows; i++)
		if (g->rows[i].reason == reason)
			return &g->rows[i];
	return NULL;
}

static void guest_start(struct check *c, struct check_guest *g, const struct trace_ev *ev,
			const struct check_vm *vm)
{
	g->matched = g->capturing = true;
	g->pid = ev->pid;
	g->tid = ev->tid;
	g->time = ev->time;
	g->trace_count = vm->exits + 1;
	g->trace_cycles = vm->cycles;
	g->lossy = vm->joined_late || vm->gaps || c->lost;
}

static void guest_capture(struct check *c, struct check_guest *g, const struct trace_ev *ev,
			  const struct check_vm *vm, uint32_t isa)
{
	struct check_guest_row *row = guest_row(g, ev->u.cpuid.index);
	uint64_t count, cycles;

	check_expected(vm, isa, ev->u.cpuid.index, &count, &cycles);
	if (row && !row->traced) {
		row->traced = true;
		row->trace_count = count;
		row->trace_cycles = cycles;
	} else if (!row && (count || cycles) && exit_reason_defined(isa, ev->u.cpuid.index)) {
		g->extra_reasons++;
		check_note(c, ev, isa, "guest-missing-row", 0, count);
	}
}

void check_guest_on_cpuid(struct check *c, const struct trace_ev *ev, const struct check_vm *vm,
			  uint32_t isa)
{
	const struct ev_cpuid *q = &ev->u.cpuid;
	size_t i;

	for (i = 0; i < c->nguests; i++) {
		struct check_guest *g = &c->guests[i];

		if (q->function == EXIT_LEAF_TOTALS) {
			if (g->capturing && g->tid == ev->tid)
				g->capturing = false;
			if (!g->matched && g->total_count == ((q->rdx & LO32) << 32 | (q->rax & LO32)) &&
			    g->total_cycles == ((q->rbx & LO32) << 32 | (q->rcx & LO32)))
				guest_start(c, g, ev, vm);
		} else if (q->function == EXIT_LEAF_COUNT_CYCLES && g->capturing && g->tid == ev->tid) {
			guest_capture(c, g, ev, vm, isa);
		}
	}
}

static bool guest_compare(struct check *c, const struct check_guest *g)
{
	struct trace_ev at = { .time = g->time, .pid = g->pid, .tid = g->tid, .kind = EV_CPUID };
	bool ok = !g->extra_reasons;
	size_t i;

	at.u.cpuid.function = EXIT_LEAF_TOTALS;
	if (g->total_count != g->trace_count || g->total_cycles != g->trace_cycles) {
		ok = false;
		check_note(c, &at, g->isa, g->total_count != g->trace_count ? "guest-total-count"
									  : "guest-total-cycles",
			   g->total_count != g->trace_count ? g->total_count : g->total_cycles,
			   g->total_count != g->trace_count ? g->trace_count : g->trace_cycles);
	}
	at.u.cpuid.function = EXIT_LEAF_COUNT_CYCLES;
	for (i = 0; i < g->nrows; i++) {
		const struct check_guest_row *row = &g->rows[i];

		at.u.cpuid.index = row->reason;
		if (!row->traced) {
			ok = false;
			check_note(c, &at, g->isa, "guest-row-untraced", row->count, 0);
		} else if (row->count != row->trace_count) {
			ok = false;
			check_note(c, &at, g->isa, "guest-count", row->count, row->trace_count);
		} else if (row->cycles != row->trace_cycles) {
			ok = false;
			check_note(c, &at, g->isa, "guest-cycles", row->cycles, row->trace_cycles);
		}
	}
	return ok;
}

void check_guest_finish(struct check *c)
{
	size_t i;

	for (i = 0; i < c->nguests; i++) {
		struct check_guest *g = &c->guests[i];

		if (!g->matched) {
			c->sum.mismatches++;
			check_note(c, NULL, g->isa, "guest-not-in-trace", g->total_count, 0);
		} else if (g->lossy) {
			c->sum.lossy++;
			check_note(c, NULL, g->isa, "guest-vm-not-whole", g->pid, 0);
		} else if (guest_compare(c, g)) {
			c->sum.guests_ok++;
		} else {
			c->sum.mismatches++;
		}
	}
}
