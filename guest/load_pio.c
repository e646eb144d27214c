/* load_pio.c - N x OUT to port 0x80, the POST/delay port: QEMU decodes it as
 * a no-op device, Firecracker ignores it, no real device listens.  Needs
 * ioperm (root / CAP_SYS_RAWIO). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>

#include "load.h"

#define POST_PORT 0x80

int load_pio(uint64_t n)
{
	if (ioperm(POST_PORT, 1, 1) != 0) {
		fprintf(stderr, "exitload pio: ioperm(0x%x): %s%s\n", POST_PORT, strerror(errno),
			errno == EPERM ? " (needs root / CAP_SYS_RAWIO)" : "");
		return 1;
	}
	for (uint64_t i = 0; i < n; i++)
		__asm__ volatile("outb %b0, %w1" : : "a"((unsigned char)0), "Nd"(POST_PORT));
	printf("exitload pio: executed %llu OUT to port 0x%x\n", (unsigned long long)n,
	       POST_PORT);
	load_expect(EXIT_ISA_VMX, "IO_INSTRUCTION", n, "exact", "IO_INSTRUCTION per OUT");
	load_expect(EXIT_ISA_SVM, "io", n, "exact", "io (IOIO) per OUT");
	printf("note: port 0x80 is the POST/delay port: no device decodes it (QEMU "
	       "has a no-op handler, Firecracker ignores it); the guest kernel may "
	       "write it for I/O delays itself (rest of the VM)\n");
	return 0;
}
