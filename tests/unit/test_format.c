/* test_format.c - table, CSV and JSON output of hand-made reports.
 * With a directory argument, also writes the JSON outputs there for the
 * schema check of run-guest.sh. */
#include "check.h"
#include "exit_format.h"

#include <stdlib.h>
#include <string.h>

static struct exit_report rep;
static char *const command_argv[] = { "sh", "-c", "echo \"a,b\"\n", NULL };

static void set_row(enum exit_status s, uint32_t reason, int64_t count, int64_t cycles)
{
	for (size_t i = 0; i < rep.n; i++)
		if (rep.rows[i].reason == reason)
			rep.rows[i] = (struct exit_report_row){ reason, s, count, cycles };
}

/* SVM: DE excp, cpuid, hlt counted; idle-halt unknown to the host; rest unhandled. */
static void make_report(bool delta, int wait_status)
{
	memset(&rep, 0, sizeof(rep));
	rep.isa = EXIT_ISA_SVM;
	memcpy(rep.vendor, "AuthenticAMD", 13);
	rep.n = exit_reason_count(EXIT_ISA_SVM);
	for (size_t i = 0; i < rep.n; i++)
		rep.rows[i] = (struct exit_report_row){ exit_reason_at(EXIT_ISA_SVM, i),
							EXIT_STATUS_UNHANDLED, 0, 0 };
	set_row(EXIT_STATUS_OK, 0x40, 1, 10);
	set_row(EXIT_STATUS_OK, 0x72, 351, 123456);
	set_row(EXIT_STATUS_OK, 0x78, 5, 5000);
	set_row(EXIT_STATUS_UNDEFINED, 0xa6, 0, 0);
	rep.total_count = 357;
	rep.total_cycles = 128466;
	if (delta) {
		rep.delta = true;
		rep.self_count = 349;
		rep.self_cycles = 349000;
		rep.argv = command_argv;
		rep.wait_status = wait_status;
	}
}

static char *render(void (*fmt)(FILE *, const struct exit_report *, bool), bool all)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fmt(f, &rep, all);
	fclose(f);
	return buf;
}

static void expect_text(const char *what, char *got, const char *want)
{
	check_that(strcmp(got, want) == 0, "%s:\n--- got\n%s--- want\n%s", what, got, want);
	free(got);
}

static void test_csv(void)
{
	char *out;
	size_t lines = 0;

	test_begin("format: CSV snapshot, --all and delta");
	make_report(false, 0);
	expect_text("csv", render(format_csv, false),
		    "isa,reason,name,status,count,cycles\n"
		    "svm,64,DE excp,ok,1,10\n"
		    "svm,114,cpuid,ok,351,123456\n"
		    "svm,120,hlt,ok,5,5000\n"
		    "svm,166,idle-halt,undefined,0,0\n"
		    "svm,total,,ok,357,128466\n");
	out = render(format_csv, true);
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	check_that(lines == exit_reason_count(EXIT_ISA_SVM) + 2, "--all lines %zu", lines);
	check_that(strstr(out, "\nsvm,0,read_cr0,unhandled,0,0\n") != NULL, "--all row");
	check_that(strstr(out, "\nsvm,4294967295,invalid_guest_state,unhandled,0,0\n") != NULL,
		   "--all last row");
	free(out);
	make_report(true, 3 << 8);
	expect_text("csv delta", render(format_csv, false),
		    "isa,reason,name,status,count,cycles\n"
		    "svm,64,DE excp,ok,1,10\n"
		    "svm,114,cpuid,ok,351,123456\n"
		    "svm,120,hlt,ok,5,5000\n"
		    "svm,166,idle-halt,undefined,0,0\n"
		    "svm,total,,ok,357,128466\n"
		    "svm,self,,subtracted,349,349000\n"
		    "svm,command,\"sh -c echo \"\"a,b\"\"\n\",exited,3,\n");
	test_end();
}

static void test_json(void)
{
	test_begin("format: JSON snapshot and delta (escaping, signal)");
	make_report(false, 0);
	expect_text("json", render(format_json, false),
		    "{\n  \"schema\": \"exitstat/1\",\n  \"mode\": \"snapshot\",\n"
		    "  \"isa\": \"svm\",\n  \"vendor\": \"AuthenticAMD\",\n  \"reasons\": [\n"
		    "    {\"reason\": 64, \"name\": \"DE excp\", \"status\": \"ok\", \"count\": 1, "
		    "\"cycles\": 10},\n"
		    "    {\"reason\": 114, \"name\": \"cpuid\", \"status\": \"ok\", \"count\": 351, "
		    "\"cycles\": 123456},\n"
		    "    {\"reason\": 120, \"name\": \"hlt\", \"status\": \"ok\", \"count\": 5, "
		    "\"cycles\": 5000},\n"
		    "    {\"reason\": 166, \"name\": \"idle-halt\", \"status\": \"undefined\", "
		    "\"count\": 0, \"cycles\": 0}\n  ],\n"
		    "  \"total\": {\"count\": 357, \"cycles\": 128466}\n}\n");
	make_report(true, 9);
	expect_text("json delta", render(format_json, false),
		    "{\n  \"schema\": \"exitstat/1\",\n  \"mode\": \"delta\",\n"
		    "  \"isa\": \"svm\",\n  \"vendor\": \"AuthenticAMD\",\n  \"reasons\": [\n"
		    "    {\"reason\": 64, \"name\": \"DE excp\", \"status\": \"ok\", \"count\": 1, "
		    "\"cycles\": 10},\n"
		    "    {\"reason\": 114, \"name\": \"cpuid\", \"status\": \"ok\", \"count\": 351, "
		    "\"cycles\": 123456},\n"
		    "    {\"reason\": 120, \"name\": \"hlt\", \"status\": \"ok\", \"count\": 5, "
		    "\"cycles\": 5000},\n"
		    "    {\"reason\": 166, \"name\": \"idle-halt\", \"status\": \"undefined\", "
		    "\"count\": 0, \"cycles\": 0}\n  ],\n"
		    "  \"total\": {\"count\": 357, \"cycles\": 128466},\n"
		    "  \"self\": {\"count\": 349, \"cycles\": 349000},\n"
		    "  \"command\": {\"argv\": [\"sh\", \"-c\", \"echo \\\"a,b\\\"\\u000a\"], "
		    "\"exited\": false, \"exit_status\": null, \"signal\": 9}\n}\n");
	test_end();
}

static void test_table(void)
{
	char *out;

	test_begin("format: table rows, marks, totals, command status");
	make_report(false, 0);
	out = render(format_table, false);
	check_that(strncmp(out, "KVM exit statistics: svm (AuthenticAMD)\n", 40) == 0,
		   "title: %s", out);
	check_that(strstr(out, "    reason  name") != NULL, "header");
	check_that(strstr(out, "     0x072  cpuid                                "
			       "351             123456          351\n") != NULL, "cpuid row\n%s", out);
	check_that(strstr(out, "0x0a6  idle-halt") && strstr(out, "undefined\n"), "undefined mark");
	check_that(strstr(out, "     total  (all reasons, 0x4FFFFFFF)") != NULL, "total row");
	check_that(!strstr(out, "read_cr0"), "unhandled row without --all");
	free(out);
	out = render(format_table, true);
	check_that(strstr(out, "read_cr0") && strstr(out, "unhandled\n"), "--all unhandled rows");
	free(out);
	make_report(true, 3 << 8);
	out = render(format_table, false);
	check_that(strstr(out, "KVM exit delta: svm (AuthenticAMD) while running: sh -c") == out,
		   "delta title");
	check_that(strstr(out, "readings' own CPUID exits subtracted: 349 exits, 349000 cycles"),
		   "self line");
	check_that(strstr(out, "command exited with status 3\n") != NULL, "command line");
	free(out);
	test_end();
}

static void write_json(const char *dir, const char *name, bool delta, int wait_status, bool all)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	f = fopen(path, "w");
	if (!check_that(f != NULL, "cannot write %s", path))
		return;
	make_report(delta, wait_status);
	format_json(f, &rep, all);
	fclose(f);
}

int main(int argc, char **argv)
{
	test_csv();
	test_json();
	test_table();
	if (argc > 1) {
		test_begin("format: JSON samples written for the schema check");
		write_json(argv[1], "snapshot", false, 0, false);
		write_json(argv[1], "snapshot-all", false, 0, true);
		write_json(argv[1], "delta-exited", true, 3 << 8, false);
		write_json(argv[1], "delta-signaled", true, 9, true);
		test_end();
	}
	return check_exit_status();
}
