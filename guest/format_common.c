/* format_common.c - helpers shared by the table, CSV and JSON formatters. */
#include "exit_format.h"

#include <sys/wait.h>

void format_reason_number(char *buf, size_t len, enum exit_isa isa, uint32_t reason)
{
	if (isa == EXIT_ISA_SVM)
		snprintf(buf, len, "0x%03x", reason);
	else
		snprintf(buf, len, "%u", reason);
}

void format_command_end(int wait_status, const char **kind, int *code)
{
	if (WIFSIGNALED(wait_status)) {
		*kind = "signaled";
		*code = WTERMSIG(wait_status);
	} else {
		*kind = "exited";
		*code = WEXITSTATUS(wait_status);
	}
}
