/* load_touch.c - write one byte to every 4 KiB page of MB fresh anonymous
 * MiB.  A guest-physical page the host has not mapped yet faults in the host:
 * EPT violation (VMX) / nested page fault (SVM). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "load.h"

#define PAGE 4096u

int load_touch(uint64_t mb)
{
	size_t len = (size_t)mb << 20;
	volatile unsigned char *p;
	uint64_t pages = len / PAGE;
	/* one page-table page per 2 MiB, plus up to 3 upper-level ones */
	uint64_t most = pages + (pages + 511) / 512 + 3;

	if (mb == 0 || mb > (1u << 20)) {
		fprintf(stderr, "exitload touch: MB must be 1..1048576\n");
		return 1;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "exitload touch: mmap %llu MiB: %s\n", (unsigned long long)mb,
			strerror(errno));
		return 1;
	}
	for (uint64_t i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	munmap((void *)p, len);
	printf("exitload touch: wrote %llu pages (%llu MiB)\n", (unsigned long long)pages,
	       (unsigned long long)mb);
	load_expect(EXIT_ISA_VMX, "EPT_VIOLATION", most, "max",
		    "one per 4 KiB page and page-table page");
	load_expect(EXIT_ISA_SVM, "npf", most, "max", "one per 4 KiB page and page-table page");
	printf("note: only guest pages the host has not backed yet fault: near %llu on "
	       "the first touch of memory since boot, near 0 for recycled guest pages or "
	       "preallocated guest RAM; one per 2 MiB if the host backs the guest with "
	       "huge pages\n", (unsigned long long)pages);
	return 0;
}
