/* test_read_diff.c - readings and diff mode against the fake patched host:
 * values, 64-bit counts, statuses, and exact removal of the readings' own exits. */
#include "check.h"
#include "exit_diff.h"
#include "exit_abi.h"
#include "fake_hv.h"

#include <string.h>

static struct exit_reading ra, rb;
static struct exit_report rep;

static const struct exit_reading_row *row_of(const struct exit_reading *r, uint32_t reason)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->rows[i].reason == reason)
			return &r->rows[i];
	return NULL;
}

static const struct exit_report_row *report_row(const struct exit_report *r, uint32_t reason)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->rows[i].reason == reason)
			return &r->rows[i];
	return NULL;
}

static void test_queries(const char *vendor)
{
	struct fake_hv hv;
	struct cpuid_backend b;
	enum exit_isa isa;
	char name[96];

	snprintf(name, sizeof(name), "read: %s reading executes exit_read_queries() CPUIDs",
		 vendor);
	test_begin(name);
	fake_hv_init(&hv, vendor, true);
	isa = hv.isa;
	b = fake_hv_backend(&hv);
	check_that(exit_read(&b, isa, &ra) == 0, "read failed");
	check_that(hv.queries == ra.queries && ra.queries == exit_read_queries(isa) &&
			   ra.queries == 2 * exit_reason_count(isa) + 4,
		   "fake saw %llu, reading says %u, formula %u", (unsigned long long)hv.queries,
		   ra.queries, exit_read_queries(isa));
	check_that(ra.n == exit_reason_count(isa), "n");
	test_end();
}

static void test_values(void)
{
#define START (0x1ffffffffull - 3 - 2 * cpuid_index)
	struct fake_hv hv;
	struct cpuid_backend b;
	const struct exit_reading_row *r;
	size_t cpuid_index = 0;

	test_begin("read: counts, 64-bit counts, cycles, totals, statuses (vmx)");
	while (exit_reason_at(EXIT_ISA_VMX, cpuid_index) != EXIT_VMX_CPUID)
		cpuid_index++;
	fake_hv_init(&hv, "GenuineIntel", true);
	fake_hv_set(&hv, 12, 0x100000005ull, 0x2300000001ull); /* HLT: beyond 32 bits */
	fake_hv_set(&hv, 48, 77, 7700);                         /* EPT_VIOLATION */
	/* the CPUID row's 0x4FFFFFFE is query 2 + 2*i (0-based) of the reading and
	 * counts itself: make it see lo32 0xffffffff and 0x4FFFFFFD lo32 0 */
	fake_hv_set(&hv, EXIT_VMX_CPUID, START, 0);
	fake_hv_mark(&hv, 5, FAKE_UNHANDLED);
	fake_hv_mark(&hv, 77, FAKE_HOST_UNDEFINED);              /* an older host */
	b = fake_hv_backend(&hv);
	check_that(exit_read(&b, EXIT_ISA_VMX, &ra) == 0, "read failed");
	r = row_of(&ra, 12);
	check_that(r && r->status == EXIT_STATUS_OK && r->count == 0x100000005ull &&
			   r->cycles == 0x2300000001ull, "HLT");
	r = row_of(&ra, 48);
	check_that(r && r->count == 77 && r->cycles == 7700, "EPT_VIOLATION");
	check_that(row_of(&ra, 5)->status == EXIT_STATUS_UNHANDLED, "unhandled IO_SMI");
	check_that(row_of(&ra, 77)->status == EXIT_STATUS_UNDEFINED, "undefined TDCALL");
	check_that(row_of(&ra, 0)->status == EXIT_STATUS_UNHANDLED && row_of(&ra, 0)->count == 0,
		   "never-taken reason reads as all zero");
	r = row_of(&ra, EXIT_VMX_CPUID);
	check_that(r->count == 0x200000000ull, "CPUID count 0x%llx across the lo32 wrap",
		   (unsigned long long)r->count);
	check_that(r->cycles == (2 + 2 * cpuid_index + 1) * hv.cpuid_cost,
		   "CPUID cycles %llu (finished exits only)", (unsigned long long)r->cycles);
	check_that(ra.total_count == 0x100000005ull + 77 + START + 2 &&
			   ra.total_cycles == 0x2300000001ull + 7700 + hv.cpuid_cost,
		   "totals %llu %llu", (unsigned long long)ra.total_count,
		   (unsigned long long)ra.total_cycles);
	test_end();
#undef START
}

static void test_stock_read_fails(void)
{
	struct fake_hv hv;
	struct cpuid_backend b;

	test_begin("read: fails on stock hosts (Intel and AMD)");
	fake_hv_init(&hv, "AuthenticAMD", false);
	b = fake_hv_backend(&hv);
	check_that(exit_read(&b, EXIT_ISA_SVM, &ra) == -1, "stock AMD read succeeded");
	fake_hv_init(&hv, "GenuineIntel", false);
	b = fake_hv_backend(&hv);
	check_that(exit_read(&b, EXIT_ISA_VMX, &ra) == -1, "stock Intel read succeeded");
	test_end();
}

/* What "the command" does between the readings. */
struct workload {
	struct fake_hv *hv;
	int cpuids;                     /* real queries through the backend */
	uint32_t reason[3];
	uint64_t n[3], cyc[3];
	bool disable;                   /* kvm.exit_stats=N while it runs */
};

static void run_workload(void *arg)
{
	struct workload *w = arg;
	struct cpuid_backend b = fake_hv_backend(w->hv);

	for (int i = 0; i < w->cpuids; i++)
		cpuid_query(&b, 0, 0);
	for (int i = 0; i < 3; i++)
		if (w->n[i])
			fake_hv_exits(w->hv, w->reason[i], w->n[i], w->cyc[i]);
	if (w->disable)
		w->hv->patched = false;
}

static void test_diff_exact(const char *vendor, uint32_t r1, uint32_t r2)
{
	struct fake_hv hv;
	struct cpuid_backend b;
	struct workload w;
	enum exit_isa isa;
	uint32_t cpuid;
	char name[128];
	bool others_zero = true;

	snprintf(name, sizeof(name), "diff: %s delta is exactly the command's exits", vendor);
	test_begin(name);
	fake_hv_init(&hv, vendor, true);
	isa = hv.isa;
	cpuid = exit_reason_cpuid(isa);
	fake_hv_set(&hv, r1, 1000, 123456);
	fake_hv_set(&hv, cpuid, 5000, 5000 * 1000);
	b = fake_hv_backend(&hv);
	w = (struct workload){ &hv, 7, { r1, r2, cpuid }, { 5, 3, 2 }, { 1000, 2500, 900 }, false };
	check_that(exit_diff_measure(&b, isa, run_workload, &w, &ra, &rb, &rep) == EXIT_DIFF_OK,
		   "measure failed");
	check_that(rep.delta && rep.self_count == exit_read_queries(isa), "self count %llu",
		   (unsigned long long)rep.self_count);
	check_that(rep.self_cycles == rep.self_count * hv.cpuid_cost, "self cycles %llu",
		   (unsigned long long)rep.self_cycles);
	check_that(report_row(&rep, r1)->count == 5 && report_row(&rep, r1)->cycles == 5000, "r1");
	check_that(report_row(&rep, r2)->count == 3 && report_row(&rep, r2)->cycles == 7500, "r2");
	/* 7 real CPUIDs at cpuid_cost each + 2 injected at 900 */
	check_that(report_row(&rep, cpuid)->count == 9, "CPUID delta %lld",
		   (long long)report_row(&rep, cpuid)->count);
	check_that(report_row(&rep, cpuid)->cycles == (int64_t)(7 * hv.cpuid_cost + 2 * 900),
		   "CPUID cycles delta %lld", (long long)report_row(&rep, cpuid)->cycles);
	for (size_t i = 0; i < rep.n; i++)
		if (rep.rows[i].reason != r1 && rep.rows[i].reason != r2 &&
		    rep.rows[i].reason != cpuid && (rep.rows[i].count || rep.rows[i].cycles))
			others_zero = false;
	check_that(others_zero, "other reasons changed");
	check_that(rep.total_count == 5 + 3 + 9, "total delta %lld", (long long)rep.total_count);
	check_that(rep.total_cycles == (int64_t)(5000 + 7500 + 7 * hv.cpuid_cost + 1800),
		   "total cycles delta %lld", (long long)rep.total_cycles);
	test_end();
}

/* Uneven CPUID costs: counts stay exact, cycles are an estimate. */
static void test_diff_jitter(void)
{
	struct fake_hv hv;
	struct cpuid_backend b;
	struct workload w = { 0 };
	const struct exit_report_row *c;

	test_begin("diff: uneven CPUID exit costs keep counts exact, cycles close");
	fake_hv_init(&hv, "AuthenticAMD", true);
	hv.cpuid_jitter = 300;
	b = fake_hv_backend(&hv);
	w.hv = &hv;
	check_that(exit_diff_measure(&b, EXIT_ISA_SVM, run_workload, &w, &ra, &rb, &rep) ==
			   EXIT_DIFF_OK, "measure failed");
	c = report_row(&rep, EXIT_SVM_CPUID);
	check_that(c->count == 0 && rep.total_count == 0, "count %lld total %lld",
		   (long long)c->count, (long long)rep.total_count);
	check_that(c->cycles >= -300 && c->cycles <= 300, "cycles residue %lld",
		   (long long)c->cycles);
	test_end();
}

static void test_diff_disabled(void)
{
	struct fake_hv hv;
	struct cpuid_backend b;
	struct workload w = { 0 };

	test_begin("diff: kvm.exit_stats=N during the command is reported");
	fake_hv_init(&hv, "GenuineIntel", true);
	b = fake_hv_backend(&hv);
	w.hv = &hv;
	w.disable = true;
	check_that(exit_diff_measure(&b, EXIT_ISA_VMX, run_workload, &w, &ra, &rb, &rep) ==
			   EXIT_DIFF_SECOND_FAILED, "not detected");
	fake_hv_init(&hv, "GenuineIntel", false);
	b = fake_hv_backend(&hv);
	check_that(exit_diff_measure(&b, EXIT_ISA_VMX, run_workload, &w, &ra, &rb, &rep) ==
			   EXIT_DIFF_FIRST_FAILED, "stock not detected");
	test_end();
}

int main(void)
{
	test_queries("GenuineIntel");
	test_queries("AuthenticAMD");
	test_values();
	test_stock_read_fails();
	test_diff_exact("GenuineIntel", 12, 48);   /* HLT, EPT_VIOLATION */
	test_diff_exact("AuthenticAMD", 0x78, 0x400); /* hlt, npf */
	test_diff_jitter();
	test_diff_disabled();
	return check_exit_status();
}
