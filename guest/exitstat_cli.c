/* exitstat_cli.c - options, presence check, snapshot or diff mode, output. */
#include "exitstat_cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "exit_diff.h"
#include "exit_format.h"
#include "exit_abi.h"
#include "presence.h"
#include "run_command.h"

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct options {
	enum format format;
	bool all;
	enum exit_isa isa;
	const char *output;
	char **command; /* NULL: snapshot mode */
};

static const char usage_text[] =
	"usage: exitstat [--csv|--json] [--all] [--isa=vmx|svm] [--output=FILE]\n"
	"       exitstat [options] -- COMMAND [ARGS...]\n"
	"Print this VM's KVM exit counts and cycles per exit reason (CPUID leaves\n"
	"0x4FFFFFFD-0x4FFFFFFF of a patched KVM host).  With a COMMAND, print what\n"
	"changed while it ran (exitstat's own CPUID exits removed) and exit with\n"
	"its exit code.\n"
	"  -c, --csv          CSV output\n"
	"  -j, --json         JSON output (schema exitstat/1, see exitstat(1))\n"
	"  -a, --all          every defined reason, also unhandled/zero ones\n"
	"  -i, --isa=ISA      vmx or svm instead of guessing from the CPU vendor\n"
	"  -o, --output=FILE  write the report to FILE\n"
	"  -h, --help         this text\n"
	"  -V, --version      version\n"
	"exit: 0 ok, 1 statistics not available or another error, 2 usage error;\n"
	"diff mode: the command's exit code (128+signal if killed).\n";

/* Options ended the run: the caller exits with *exit_code. */
static int stop(int *exit_code, int code)
{
	*exit_code = code;
	return -1;
}

static int parse_options(int argc, char **argv, struct options *o, FILE *out, FILE *err,
			 int *exit_code)
{
	static const struct option longs[] = {
		{ "csv", no_argument, 0, 'c' },      { "json", no_argument, 0, 'j' },
		{ "all", no_argument, 0, 'a' },      { "isa", required_argument, 0, 'i' },
		{ "output", required_argument, 0, 'o' }, { "help", no_argument, 0, 'h' },
		{ "version", no_argument, 0, 'V' },  { 0, 0, 0, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 0; /* glibc: full re-initialisation, exitstat_main may run twice */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+cjai:o:hV", longs, NULL)) != -1) {
		switch (c) {
		case 'c':
		case 'j':
			if (o->format != FORMAT_TABLE) {
				fprintf(err, "exitstat: give only one of --csv and --json\n");
				return stop(exit_code, EXITSTAT_EXIT_USAGE);
			}
			o->format = c == 'c' ? FORMAT_CSV : FORMAT_JSON;
			break;
		case 'a':
			o->all = true;
			break;
		case 'i':
			o->isa = strcasecmp(optarg, "vmx") == 0	  ? EXIT_ISA_VMX
				 : strcasecmp(optarg, "svm") == 0 ? EXIT_ISA_SVM
								  : EXIT_ISA_UNKNOWN;
			if (o->isa == EXIT_ISA_UNKNOWN) {
				fprintf(err, "exitstat: --isa must be vmx or svm\n");
				return stop(exit_code, EXITSTAT_EXIT_USAGE);
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'h':
			fputs(usage_text, out);
			return stop(exit_code, 0);
		case 'V':
			fprintf(out, "exitstat %s (exit-statistics CPUID leaves 0x%08X-0x%08X)\n",
				EXITSTAT_VERSION, EXIT_LEAF_COUNT_CYCLES, EXIT_LEAF_TOTALS);
			return stop(exit_code, 0);
		default:
			fprintf(err, "exitstat: bad option %s\n%s", argv[optind - 1], usage_text);
			return stop(exit_code, EXITSTAT_EXIT_USAGE);
		}
	}
	if (optind < argc)
		o->command = argv + optind;
	return 0;
}

static void print_report(FILE *f, const struct options *o, const struct exit_report *r)
{
	if (o->format == FORMAT_CSV)
		format_csv(f, r, o->all);
	else if (o->format == FORMAT_JSON)
		format_json(f, r, o->all);
	else
		format_table(f, r, o->all);
}

struct command_run {
	char **argv;
	int wait_status;
};

static void run_between(void *arg)
{
	struct command_run *run = arg;

	run->wait_status = run_command(run->argv);
}

struct buffers {
	struct exit_reading a, b;
	struct exit_report report;
};

/* Snapshot or diff into bufs->report; returns 0 or an exit code. */
static int measure(const struct cpuid_backend *cpu, const struct options *o,
		   const struct presence *p, struct buffers *bufs, FILE *err)
{
	struct command_run run = { o->command, -1 };
	enum exit_diff_result res;

	if (!o->command) {
		if (exit_read(cpu, p->isa, &bufs->a) != 0) {
			fprintf(err, "exitstat: exit-statistics leaves stopped answering "
				"(kvm.exit_stats=N?)\n");
			return EXITSTAT_EXIT_ERROR;
		}
		exit_report_from_reading(&bufs->a, &bufs->report);
		return 0;
	}
	res = exit_diff_measure(cpu, p->isa, run_between, &run, &bufs->a, &bufs->b,
				&bufs->report);
	if (res != EXIT_DIFF_OK) {
		fprintf(err, "exitstat: exit-statistics leaves stopped answering %s "
			"(kvm.exit_stats=N?)\n", res == EXIT_DIFF_FIRST_FAILED
			? "before the command ran" : "while the command ran");
		return EXITSTAT_EXIT_ERROR;
	}
	if (run.wait_status == -1) {
		fprintf(err, "exitstat: cannot start %s\n", o->command[0]);
		return EXITSTAT_EXIT_ERROR;
	}
	bufs->report.argv = o->command;
	bufs->report.wait_status = run.wait_status;
	return 0;
}

int exitstat_main(int argc, char **argv, const struct cpuid_backend *cpu, FILE *out, FILE *err)
{
	static struct buffers bufs;
	struct options o;
	struct presence p;
	FILE *f = out;
	int code;
	char msg[256];

	if (parse_options(argc, argv, &o, out, err, &code) != 0)
		return code;
	presence_detect(cpu, o.isa, &p);
	if (p.state != PRESENCE_OK) {
		presence_message(&p, msg, sizeof(msg));
		fprintf(err, "exitstat: %s\n", msg);
		return EXITSTAT_EXIT_ERROR;
	}
	if (o.output && !(f = fopen(o.output, "w"))) {
		fprintf(err, "exitstat: cannot write %s\n", o.output);
		return EXITSTAT_EXIT_ERROR;
	}
	code = measure(cpu, &o, &p, &bufs, err);
	if (code == 0) {
		memcpy(bufs.report.vendor, p.vendor, sizeof(p.vendor));
		print_report(f, &o, &bufs.report);
		if (o.command)
			code = run_command_exit_code(bufs.report.wait_status);
	}
	if (f != out && fclose(f) != 0) {
		fprintf(err, "exitstat: error writing %s\n", o.output);
		return code ? code : EXITSTAT_EXIT_ERROR;
	}
	return code;
}
