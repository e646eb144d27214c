/* qmp.h - a QEMU Machine Protocol client over a unix socket.
 *
 * Every read and write waits at most the timeout given to qmp_open() (no
 * hang when QEMU never answers), a reply may be at most QMP_MAX_REPLY bytes,
 * and asynchronous events between replies are skipped.  Errors fill a
 * struct er_err naming the command; the caller prints it with the socket.
 */
#ifndef ER_QMP_H
#define ER_QMP_H

#include <stdint.h>
#include <sys/types.h>

#include "err.h"

struct json_object;

#define QMP_MAX_REPLY (16u << 20)

struct qmp {
	int fd;
	int timeout_ms;
	pid_t peer_pid;		/* the QEMU process (SO_PEERCRED), 0 unknown */
	char *buf;		/* bytes received and not yet parsed */
	size_t len, cap;
	unsigned int next_id;
	char version[32];	/* "7.2.22" from the greeting */
};

/* Connect, read the greeting, negotiate capabilities. */
int qmp_open(struct qmp *q, const char *path, int timeout_ms, struct er_err *err);

/* Run CMD with ARGS (owned by the call, may be NULL); *ret is the "return"
 * value (the caller puts it).  A QEMU error reply is an error naming CMD. */
int qmp_exec(struct qmp *q, const char *cmd, struct json_object *args, struct json_object **ret,
	     struct er_err *err);

void qmp_close(struct qmp *q);

#endif
