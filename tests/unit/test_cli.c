/* test_cli.c - exitstat_main end to end on fake hosts: exit codes, messages,
 * diff mode running real commands (which cannot touch the in-process fake, so
 * the delta must be exactly zero: all of exitstat's own exits removed). */
#include "check.h"
#include "exitstat_cli.h"
#include "fake_hv.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char stock_amd_message[] =
	"exitstat: KVM exit-statistics CPUID leaves 0x4FFFFFFD-0x4FFFFFFF not present "
	"(KVM, AuthenticAMD): stock KVM, a VM that does not expose them "
	"(kvm.exit_stats_guest) or kvm.exit_stats=N\n";

struct result {
	int code;
	char *out, *err;
};

/* Run exitstat_main with a NULL-terminated argument list; the command's own
 * stderr (the real fd 2) goes to /dev/null so only test lines are printed. */
static struct result run(struct fake_hv *hv, const char *arg0, ...)
{
	char *argv[16] = { "exitstat" };
	int argc = 1, saved = dup(2), null = open("/dev/null", O_WRONLY);
	size_t ol = 0, el = 0;
	struct result r = { 0, NULL, NULL };
	FILE *out = open_memstream(&r.out, &ol), *err = open_memstream(&r.err, &el);
	struct cpuid_backend b = fake_hv_backend(hv);
	va_list ap;

	va_start(ap, arg0);
	for (const char *a = arg0; a && argc < 15; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	dup2(null, 2);
	r.code = exitstat_main(argc, argv, &b, out, err);
	dup2(saved, 2);
	close(saved);
	close(null);
	fclose(out);
	fclose(err);
	return r;
}

static void done(struct result *r)
{
	free(r->out);
	free(r->err);
}

static void test_stock(void)
{
	struct fake_hv hv;
	struct result r;
	char marker[] = "/tmp/exitstat-test-XXXXXX", cmd[128];
	int fd = mkstemp(marker);

	test_begin("cli: stock host prints the one-line message, exits 1, runs nothing");
	close(fd);
	unlink(marker);
	fake_hv_init(&hv, "AuthenticAMD", false);
	r = run(&hv, NULL);
	check_that(r.code == 1 && strcmp(r.err, stock_amd_message) == 0 && !r.out[0],
		   "code %d err \"%s\" out \"%s\"", r.code, r.err, r.out);
	done(&r);
	snprintf(cmd, sizeof(cmd), "touch %s", marker);
	r = run(&hv, "--json", "--", "/bin/sh", "-c", cmd, NULL);
	check_that(r.code == 1 && strcmp(r.err, stock_amd_message) == 0, "diff mode: %d", r.code);
	check_that(access(marker, F_OK) != 0, "the command ran");
	unlink(marker);
	done(&r);
	test_end();
}

static void test_snapshot(void)
{
	struct fake_hv hv;
	struct result r;

	test_begin("cli: snapshot as table and CSV on a patched Intel host");
	fake_hv_init(&hv, "GenuineIntel", true);
	fake_hv_set(&hv, 48, 42, 4200);
	r = run(&hv, NULL);
	check_that(r.code == 0 && !r.err[0], "code %d err %s", r.code, r.err);
	check_that(strncmp(r.out, "KVM exit statistics: vmx (GenuineIntel)\n", 40) == 0,
		   "title: %s", r.out);
	check_that(strstr(r.out, "EPT_VIOLATION") && strstr(r.out, "CPUID"), "rows: %s", r.out);
	done(&r);
	r = run(&hv, "--csv", NULL);
	check_that(r.code == 0 && strncmp(r.out, "isa,reason,name,status,count,cycles\n", 36) == 0,
		   "csv: %s", r.out);
	check_that(strstr(r.out, "\nvmx,48,EPT_VIOLATION,ok,42,4200\n") != NULL, "csv row: %s",
		   r.out);
	done(&r);
	test_end();
}

static void test_diff_zero(void)
{
	struct fake_hv hv;
	struct result r;

	test_begin("cli: diff mode on a quiet host gives an exactly zero delta");
	fake_hv_init(&hv, "AuthenticAMD", true);
	hv.cpuid_jitter = 0;
	r = run(&hv, "--json", "--", "/bin/sh", "-c", "exit 3", NULL);
	check_that(r.code == 3, "code %d (%s)", r.code, r.err);
	check_that(strstr(r.out, "\"reasons\": [],") != NULL, "reasons not empty:\n%s", r.out);
	check_that(strstr(r.out, "\"total\": {\"count\": 0, \"cycles\": 0}") != NULL,
		   "total not zero:\n%s", r.out);
	check_that(strstr(r.out, "\"command\": {\"argv\": [\"/bin/sh\", \"-c\", \"exit 3\"], "
				 "\"exited\": true, \"exit_status\": 3, \"signal\": null}") != NULL,
		   "command:\n%s", r.out);
	done(&r);
	test_end();
}

static void test_diff_exit_codes(void)
{
	struct fake_hv hv;
	struct result r;

	test_begin("cli: diff mode exit codes (signal, not found)");
	fake_hv_init(&hv, "GenuineIntel", true);
	r = run(&hv, "--csv", "--", "/bin/sh", "-c", "kill -TERM $$", NULL);
	check_that(r.code == 128 + 15, "signal: code %d", r.code);
	check_that(strstr(r.out, ",signaled,15,\n") != NULL, "csv: %s", r.out);
	done(&r);
	r = run(&hv, "--", "/nonexistent/command", NULL);
	check_that(r.code == 127, "not found: code %d", r.code);
	check_that(strstr(r.out, "command exited with status 127") != NULL, "table: %s", r.out);
	done(&r);
	test_end();
}

static void test_options(void)
{
	struct fake_hv hv;
	struct result r;
	char path[] = "/tmp/exitstat-out-XXXXXX", buf[64] = "";
	int fd = mkstemp(path);
	FILE *f;

	test_begin("cli: options (--help, --version, conflicts, --isa, --output)");
	close(fd);
	fake_hv_init(&hv, "FancyNewCPU!", true);
	hv.isa = EXIT_ISA_SVM;
	r = run(&hv, "--help", NULL);
	check_that(r.code == 0 && strncmp(r.out, "usage: exitstat", 15) == 0, "help");
	done(&r);
	r = run(&hv, "--version", NULL);
	check_that(r.code == 0 && strncmp(r.out, "exitstat 1.0 ", 13) == 0, "version");
	done(&r);
	r = run(&hv, "--csv", "--json", NULL);
	check_that(r.code == 2 && strstr(r.err, "only one of"), "csv+json: %d", r.code);
	done(&r);
	r = run(&hv, "--isa=arm", NULL);
	check_that(r.code == 2, "bad isa: %d", r.code);
	done(&r);
	r = run(&hv, "--bogus", NULL);
	check_that(r.code == 2 && strstr(r.err, "bad option --bogus"), "bad option: %d", r.code);
	done(&r);
	r = run(&hv, NULL);
	check_that(r.code == 1 && strstr(r.err, "give --isa=vmx or --isa=svm"), "unknown vendor");
	done(&r);
	r = run(&hv, "--isa=svm", "--csv", "--output", path, NULL);
	check_that(r.code == 0 && !r.out[0], "--isa/--output: %d %s", r.code, r.err);
	done(&r);
	f = fopen(path, "r");
	check_that(f && fgets(buf, sizeof(buf), f) &&
			   strcmp(buf, "isa,reason,name,status,count,cycles\n") == 0,
		   "output file: \"%s\"", buf);
	if (f)
		fclose(f);
	unlink(path);
	test_end();
}

int main(void)
{
	test_stock();
	test_snapshot();
	test_diff_zero();
	test_diff_exit_codes();
	test_options();
	return check_exit_status();
}
