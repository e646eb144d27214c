/* load_loops.c - the exit loops of exitload, shared by its workloads
 * (load_pio.c, load_msr.c) and by exitload bench (load_bench.c), which times
 * the same loops. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <unistd.h>

#include "load.h"

int load_ioperm_post(const char *who)
{
	if (ioperm(LOAD_POST_PORT, 1, 1) != 0) {
		fprintf(stderr, "exitload %s: ioperm(0x%x): %s%s\n", who, LOAD_POST_PORT,
			strerror(errno), errno == EPERM ? " (needs root / CAP_SYS_RAWIO)" : "");
		return -1;
	}
	return 0;
}

int load_port_writes(const char *who, int fd, uint64_t n)
{
	const unsigned char zero = 0;

	for (uint64_t i = 0; i < n; i++) {
		if (pwrite(fd, &zero, 1, LOAD_POST_PORT) != 1) {
			fprintf(stderr, "exitload %s: write to /dev/port: %s\n", who, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int load_msr_accesses(const char *who, int fd, uint64_t n, int write)
{
	uint64_t v = 0;

	for (uint64_t i = 0; i < n; i++) {
		ssize_t r = write ? pwrite(fd, &v, sizeof(v), LOAD_MSR_UCODE_REV)
				  : pread(fd, &v, sizeof(v), LOAD_MSR_UCODE_REV);

		if (r != (ssize_t)sizeof(v)) {
			fprintf(stderr, "exitload %s: %s of MSR 0x%x: %s\n", who,
				write ? "write" : "read", LOAD_MSR_UCODE_REV,
				r < 0 ? strerror(errno) : "short");
			return -1;
		}
		v = 0;
	}
	return 0;
}
