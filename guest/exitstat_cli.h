/* exitstat_cli.h - exitstat's command line, on any cpuid_backend (tests pass
 * a fake hypervisor; exitstat_main.c passes cpuid_hardware). */
#ifndef EXITSTAT_CLI_H
#define EXITSTAT_CLI_H

#include <stdio.h>

#include "cpuid_backend.h"

#define EXITSTAT_VERSION "1.0"

/* Exit codes besides diff mode's command exit code, as exitreport's: 2 a
 * usage error, 1 an error at run time (no statistics, a file, a command). */
#define EXITSTAT_EXIT_ERROR 1
#define EXITSTAT_EXIT_USAGE 2

/* Returns the process exit code.  Reports go to out (or --output), messages to err. */
int exitstat_main(int argc, char **argv, const struct cpuid_backend *cpu, FILE *out, FILE *err);

#endif
