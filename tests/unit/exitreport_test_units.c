/* exitreport_test_units.c - keymap, reorder, JSON reader, filters, exit_seq. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/exit_reasons.h"
#include "filter.h"
#include "../../tools/exitreport/check.h"	/* not tests/unit/check.h */
#include "keymap.h"
#include "reorder.h"
#include "stats.h"
#include "student_t.h"

static int failures;

static void expect(int ok, const char *name)
{
	printf(ok ? "PASS: %s\n" : "FAIL: %s: wrong result\n", name);
	failures += !ok;
}

static void test_keymap(void)
{
	struct keymap m = { 0 };
	uint32_t i;
	int ok = 1;

	for (i = 0; i < 10000; i++)
		ok &= keymap_put(&m, (uint64_t)i * 7919 << 20, i) == 0;
	for (i = 0; i < 10000; i++)
		ok &= keymap_get(&m, (uint64_t)i * 7919 << 20) == (long)i;
	ok &= keymap_get(&m, 12345) == -1;
	keymap_free(&m);
	expect(ok, "keymap: 10000 keys found, absent key not");
}

static uint64_t seen[16];
static int nseen;

static int collect(void *ctx, const struct trace_ev *ev)
{
	(void)ctx;
	if (nseen < 16)
		seen[nseen++] = ev->time;
	return 0;
}

static void test_reorder(void)
{
	static const uint64_t round1[] = { 10, 30, 20 }, round2[] = { 25, 40, 35 };
	struct reorder r;
	struct trace_ev ev = { 0 };
	int i, ok;

	reorder_init(&r, collect, NULL);
	for (i = 0; i < 3; i++) {
		ev.time = round1[i];
		reorder_push(&r, &ev);
	}
	reorder_round(&r);	/* nothing before the first round's end is safe yet */
	ok = nseen == 0;
	for (i = 0; i < 3; i++) {
		ev.time = round2[i];
		reorder_push(&r, &ev);
	}
	reorder_round(&r);	/* releases up to 30, the newest of round 1 */
	ok &= nseen == 4 && seen[0] == 10 && seen[1] == 20 && seen[2] == 25 && seen[3] == 30;
	reorder_flush(&r);
	ok &= nseen == 6 && seen[4] == 35 && seen[5] == 40 && r.late == 0;
	reorder_free(&r);
	expect(ok, "reorder: FINISHED_ROUND releases up to the previous round's newest time");
}

/* What one way of pushing released: the (time, offset) of each event. */
struct released {
	uint64_t *time, *offset;
	size_t n;
};

static int keep_released(void *ctx, const struct trace_ev *ev)
{
	struct released *out = ctx;

	out->time[out->n] = ev->time;
	out->offset[out->n++] = ev->offset;
	return 0;
}

/* N events with times partly out of order and ties, a round every 1000;
 * built in place by reorder_slot() when IN_PLACE, else copied in. */
static void reorder_stream(size_t n, bool in_place, struct released *out, uint64_t *late)
{
	struct reorder r;
	struct trace_ev ev = { 0 };
	uint64_t x = 88172645463325252ull;
	size_t i;

	reorder_init(&r, keep_released, out);
	for (i = 0; i < n; i++) {
		struct trace_ev *e = in_place ? reorder_slot(&r) : &ev;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		memset(e, 0, sizeof(*e));
		/* mostly rising, one in 8 up to 5000 back, one in 16 a tie */
		e->time = 1000000 + i * 10 - (x % 8 == 0 ? x % 5000 : 0) - (x % 16 == 1 ? 10 : 0);
		e->offset = i;
		if (in_place)
			reorder_push_slot(&r);
		else
			reorder_push(&r, e);
		if (i % 1000 == 999)
			reorder_round(&r);
	}
	reorder_flush(&r);
	*late = r.late;
	reorder_free(&r);
}

static void test_reorder_in_place(void)
{
	/* more than REORDER_MAX events between two rounds too: the oldest go early */
	static const size_t sizes[] = { 100000, REORDER_MAX + 5000 };
	struct released a, b;
	uint64_t late_a, late_b;
	size_t k, n;
	int ok = 1;

	for (k = 0; k < 2; k++) {
		n = sizes[k];
		a.time = calloc(n, 8), a.offset = calloc(n, 8), b.time = calloc(n, 8), b.offset = calloc(n, 8);
		a.n = b.n = 0;
		if (k == 1) {
			/* no round at all: everything waits until REORDER_MAX forces it out */
			struct reorder r;
			struct trace_ev *e;
			size_t i;

			reorder_init(&r, keep_released, &a);
			for (i = 0; i < n; i++) {
				e = reorder_slot(&r);
				memset(e, 0, sizeof(*e));
				e->time = (i * 7919) % n;
				e->offset = i;
				reorder_push_slot(&r);
			}
			ok &= a.n == n - REORDER_MAX;
			reorder_flush(&r);
			ok &= a.n == n && r.late > 0;
			reorder_free(&r);
		} else {
			reorder_stream(n, false, &a, &late_a);
			reorder_stream(n, true, &b, &late_b);
			ok &= a.n == n && b.n == n && late_a == late_b;
			ok &= memcmp(a.time, b.time, n * 8) == 0 && memcmp(a.offset, b.offset, n * 8) == 0;
			for (size_t i = 1; i < n; i++)
				ok &= a.time[i - 1] <= a.time[i] || late_a > 0;
		}
		free(a.time), free(a.offset), free(b.time), free(b.offset);
	}
	expect(ok, "reorder: events built in place are released as copied ones, "
	       "REORDER_MAX forces the oldest out");
}

/* write TEXT to a file and load it as exitstat JSON */
static int load_text(const char *text, struct check *c, struct er_err *err)
{
	char path[] = "/tmp/exitreport-json-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		return -2;
	fputs(text, f);
	fclose(f);
	check_init(c);
	memset(err, 0, sizeof(*err));
	rc = check_load_guest(c, path, err);
	unlink(path);
	return rc;
}

#define SNAP(count) "{\"schema\": \"exitstat/1\", \"mode\": \"snapshot\", \"isa\": \"vmx\", " \
	"\"reasons\": [{\"reason\": 48, \"count\": 1, \"cycles\": 2}], " \
	"\"total\": {\"count\": " count ", \"cycles\": 2}}"

static void test_json(void)
{
	struct check c;
	struct er_err err;
	int ok;

	ok = load_text(SNAP("18446744073709551614") "\n" SNAP("3"), &c, &err) == 0 &&
	     c.nguests == 2 && c.guests[0].total_count == UINT64_MAX - 1 &&
	     c.guests[1].total_count == 3 && c.guests[0].nrows == 1 &&
	     c.guests[0].rows[0].reason == 48 && c.guests[0].isa == EXIT_ISA_VMX;
	check_free(&c);
	expect(ok, "json: exitstat snapshots, 64-bit numbers, several documents");
	ok = load_text("{\"schema\": \"exitstat/1\", \"reasons\": [1, 2", &c, &err) < 0 &&
	     err.set && strstr(err.what, "truncated");
	check_free(&c);
	ok &= load_text("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
			&c, &err) < 0 && err.set;
	check_free(&c);
	ok &= load_text(SNAP("-1"), &c, &err) < 0 && strstr(err.what, "total");
	check_free(&c);
	ok &= load_text(SNAP("18446744073709551616"), &c, &err) < 0;
	check_free(&c);
	expect(ok, "json: truncated, too deep, negative and too large input refused");
}

static void test_filter(void)
{
	struct filter f = { 0 };
	struct trace_ev ev = { 0 };
	int ok;

	ok = filter_set_reason(&f, "npf");
	ev.u.exit.isa = EXIT_ISA_SVM;
	ev.u.exit.reason = 0x400;
	ok &= filter_keeps_reason(&f, &ev);
	ev.u.exit.isa = EXIT_ISA_VMX;
	ev.u.exit.reason = 0x400;
	ok &= !filter_keeps_reason(&f, &ev);
	ok &= filter_set_reason(&f, "48");
	ev.u.exit.reason = 48;
	ok &= filter_keeps_reason(&f, &ev);
	ok &= !filter_set_reason(&f, "NOT_A_REASON");
	ok &= filter_set_time(&f, "1.5,") && f.start_ns == 1500000000ull && f.end_ns == UINT64_MAX;
	ok &= !filter_set_time(&f, "2,1") && !filter_set_time(&f, "x");
	expect(ok, "filter: reasons per ISA, numbers, time windows");
}

static void test_seq(void)
{
	static const uint64_t seqs[] = { 7, 3, 4, 9, 4 };	/* out of order, 5 6 8 missing, 4 twice */
	struct stats st;
	struct trace_ev ev = { 0 };
	struct er_err err = { 0 };
	size_t i;
	int ok = 1;

	stats_init(&st);
	ev.kind = EV_EXIT;
	ev.u.exit.isa = EXIT_ISA_VMX;
	for (i = 0; i < 5; i++) {
		ev.u.exit.seq = seqs[i];
		ok &= stats_add(&st, &ev, &err) == 0;
	}
	/* span 3..9: 5, 6 and 8 never arrived, 4 arrived twice */
	ok &= st.nvcpus == 1 && vcpu_seq_missing(&st.vcpus[0]) == 3 &&
	      vcpu_seq_duplicate(&st.vcpus[0]) == 1;
	ev.u.exit.vcpu = 1;
	for (i = 1; i <= 3; i++) {
		ev.u.exit.seq = i == 3 ? 9 : i;
		ok &= stats_add(&st, &ev, &err) == 0;
	}
	ok &= st.nvcpus == 2 && vcpu_seq_missing(&st.vcpus[1]) == 6;
	/* 1,2,2,4: one gap and one duplicate, neither hiding the other */
	ev.u.exit.vcpu = 2;
	for (i = 0; i < 4; i++) {
		static const uint64_t s2[] = { 1, 2, 2, 4 };

		ev.u.exit.seq = s2[i];
		ok &= stats_add(&st, &ev, &err) == 0;
	}
	ok &= st.nvcpus == 3 && vcpu_seq_missing(&st.vcpus[2]) == 1 &&
	      vcpu_seq_duplicate(&st.vcpus[2]) == 1;
	/* arriving in any order, runs merge: 10, 8, 9 leave none missing */
	ev.u.exit.vcpu = 3;
	for (i = 0; i < 3; i++) {
		ev.u.exit.seq = i == 0 ? 10 : 7 + i;
		ok &= stats_add(&st, &ev, &err) == 0;
	}
	ok &= st.nvcpus == 4 && vcpu_seq_missing(&st.vcpus[3]) == 0 &&
	      vcpu_seq_duplicate(&st.vcpus[3]) == 0 && st.vcpus[3].seq.nruns == 1;
	stats_free(&st);
	expect(ok, "stats: exit_seq gaps and duplicates counted apart, whatever the order");
}

static void test_budget(void)
{
	struct stats st;
	struct trace_ev ev = { 0 };
	struct er_err err = { 0 };
	uint32_t v;
	int rc = 0, ok;

	stats_init(&st);
	ok = st.budget == STATS_MAX_BYTES;
	st.budget = 256u << 10;	/* 256 KB: a few hundred vCPUs */
	ev.kind = EV_EXIT;
	ev.u.exit.isa = EXIT_ISA_VMX;
	ev.u.exit.cycles = 300;
	for (v = 0; v < 100000 && rc == 0; v++) {
		ev.u.exit.vcpu = v;
		ev.offset = v;
		rc = stats_add(&st, &ev, &err);
	}
	/* refused early, with the reason, and within what was allowed */
	ok &= rc < 0 && v < 10000 && strstr(err.what, "memory budget") != NULL &&
	      st.bytes <= st.budget + (st.cap * sizeof(*st.vcpus));
	stats_free(&st);
	expect(ok, "stats: absurd numbers of vCPUs fail early on the memory budget");
}

/* Student's t against the printed tables (two-sided 95%, and the 0.1%
 * and 0.01% points, which Bonferroni over many rows reaches) */
static void test_student_t(void)
{
	static const struct { unsigned int df; double alpha, t; } known[] = {
		{ 1, 0.05, 12.7062 }, { 2, 0.05, 4.3027 }, { 3, 0.05, 3.1824 },
		{ 4, 0.05, 2.7764 }, { 7, 0.05, 2.3646 }, { 10, 0.05, 2.2281 },
		{ 30, 0.05, 2.0423 }, { 120, 0.05, 1.9799 }, { 2, 0.001, 31.5991 },
		{ 5, 0.001, 6.8688 }, { 10, 0.001, 4.5869 }, { 1, 0.0001, 6366.1977 },
		{ 6, 0.0001, 9.0823 },
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		double t = t_quantile(known[i].alpha, known[i].df);

		if (fabs(t - known[i].t) > 5e-5 * known[i].t) {
			printf("student_t: df %u alpha %g: %.6f, the table says %.4f\n",
			       known[i].df, known[i].alpha, t, known[i].t);
			ok = 0;
		}
	}
	ok &= fabs(t_central(0, 3)) < 1e-15 && fabs(t_central(1e9, 4) - 1) < 1e-12;
	expect(ok, "student_t: quantiles equal the printed tables (df 1..120, 95% to 99.99%)");
}

int main(void)
{
	test_keymap();
	test_reorder();
	test_reorder_in_place();
	test_json();
	test_filter();
	test_seq();
	test_budget();
	test_student_t();
	return failures != 0;
}
