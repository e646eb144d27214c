/* exitstat_main.c - exitstat on the real CPUID instruction. */
#include <stdio.h>

#include "exitstat_cli.h"

int main(int argc, char **argv)
{
	return exitstat_main(argc, argv, &cpuid_hardware, stdout, stderr);
}
