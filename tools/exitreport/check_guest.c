/* check_guest.c - (b): exitstat --json snapshots against the trace. */
#include "check_guest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/exit_abi.h"
#include "../../common/exit_reasons.h"
#include "json_in.h"

#define GUEST_JSON_MAX (16u << 20)
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

static int guest_rows(const struct json_doc *doc, int reasons, struct check_guest *g,
		      struct er_err *err)
{
	int r;

	for (r = doc->nodes[reasons].child; r >= 0; r = doc->nodes[r].next) {
		struct check_guest_row *row = &g->rows[g->nrows];
		uint64_t reason;

		if (g->nrows >= CHECK_MAX_GUEST_ROWS)
			return er_fail(err, 0, "exitstat JSON: too many reasons");
		if (!json_u64(doc, json_member(doc, r, "reason"), &reason) || reason > UINT32_MAX ||
		    !json_u64(doc, json_member(doc, r, "count"), &row->count) ||
		    !json_u64(doc, json_member(doc, r, "cycles"), &row->cycles))
			return er_fail(err, 0, "exitstat JSON: a reason lacks reason/count/cycles");
		row->reason = (uint32_t)reason;
		g->nrows++;
	}
	return 0;
}

static int guest_from_json(const struct json_doc *doc, int root, struct check_guest *g,
			   struct er_err *err)
{
	int total = json_member(doc, root, "total");
	int reasons = json_member(doc, root, "reasons");
	int isa = json_member(doc, root, "isa");

	memset(g, 0, sizeof(*g));
	if (!json_string_is(doc, json_member(doc, root, "schema"), "exitstat/1"))
		return er_fail(err, 0, "not exitstat JSON (schema \"exitstat/1\" expected)");
	if (!json_string_is(doc, json_member(doc, root, "mode"), "snapshot"))
		return er_fail(err, 0, "exitstat JSON: only snapshot readings can be checked "
				       "(run exitstat --json without a command)");
	g->isa = json_string_is(doc, isa, "vmx") ? EXIT_ISA_VMX
		 : json_string_is(doc, isa, "svm") ? EXIT_ISA_SVM : EXIT_ISA_UNKNOWN;
	if (!json_u64(doc, json_member(doc, total, "count"), &g->total_count) ||
	    !json_u64(doc, json_member(doc, total, "cycles"), &g->total_cycles))
		return er_fail(err, 0, "exitstat JSON: no total count/cycles");
	if (reasons < 0 || doc->nodes[reasons].type != JSON_ARRAY)
		return er_fail(err, 0, "exitstat JSON: no reasons array");
	return guest_rows(doc, reasons, g, err);
}

int check_load_guest(struct check *c, const char *path, struct er_err *err)
{
	struct json_doc doc;
	char *text = NULL;
	size_t len = 0;
	int i, rc = -1;

	if (read_text(path, &text, &len, err) < 0)
		return -1;
	if (json_parse(&doc, text, len, err) < 0)
		goto out;
	c->guests = calloc(CHECK_MAX_GUESTS, sizeof(*c->guests));
	if (!c->guests) {
		er_fail(err, ER_NO_OFFSET, "out of memory");
		goto out;
	}
	for (i = 0; i < doc.nroots && c->nguests < CHECK_MAX_GUESTS; i++)
		if (guest_from_json(&doc, doc.roots[i], &c->guests[c->nguests++], err) < 0)
			goto out;
	c->sum.guests = c->nguests;
	rc = 0;
out:
	json_free(&doc);
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
