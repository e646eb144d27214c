/* load_pio.c - N x OUT to port 0x80, the POST/delay port: QEMU decodes it as
 * a no-op device, Firecracker ignores it, no real device listens.
 *   user    OUT from user space after ioperm (root / CAP_SYS_RAWIO)
 *   kernel  N one-byte pwrite()s at offset 0x80 of /dev/port: the kernel
 *           executes each OUT (root; CONFIG_DEVPORT).  Useful where a
 *           user-space OUT is not possible, e.g. QEMU TCG's nested SVM
 *           raises #GP for it in an L2 guest. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "load.h"

static int pio_user(uint64_t n)
{
	if (load_ioperm_post("pio") != 0)
		return 1;
	load_out_post(n);
	return 0;
}

static int pio_kernel(uint64_t n)
{
	int fd = open("/dev/port", O_WRONLY), rc;

	if (fd < 0) {
		fprintf(stderr, "exitload pio: /dev/port: %s\n", strerror(errno));
		return 1;
	}
	rc = load_port_writes("pio", fd, n) != 0;
	close(fd);
	return rc;
}

int load_pio(uint64_t n, const char *mode)
{
	int kernel = mode && strcmp(mode, "kernel") == 0;
	int rc;

	if (mode && !kernel && strcmp(mode, "user") != 0) {
		fprintf(stderr, "exitload pio: mode must be user or kernel, not '%s'\n", mode);
		return 1;
	}
	rc = kernel ? pio_kernel(n) : pio_user(n);
	if (rc != 0)
		return rc;
	printf("exitload pio: executed %llu OUT to port 0x%x (%s)\n", (unsigned long long)n,
	       LOAD_POST_PORT, kernel ? "kernel, /dev/port" : "user space");
	load_expect(EXIT_ISA_VMX, "IO_INSTRUCTION", n, "exact", "IO_INSTRUCTION per OUT");
	load_expect(EXIT_ISA_SVM, "io", n, "exact", "io (IOIO) per OUT");
	printf("note: port 0x80 is the POST/delay port: no device decodes it (QEMU "
	       "has a no-op handler, Firecracker ignores it); the guest kernel may "
	       "write it for I/O delays itself (rest of the VM)\n");
	return 0;
}
