/* qmp.c - QMP over a unix socket: bounded, timed reads of one JSON object
 * per reply (see qmp.h). */
#define _GNU_SOURCE
#include "qmp.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for EVENTS until DEADLINE: 0 ready, -1 timed out or failed. */
static int wait_fd(const struct qmp *q, short events, int64_t deadline, const char *what,
		   struct er_err *err)
{
	struct pollfd p = { .fd = q->fd, .events = events };
	int left, r;

	for (;;) {
		left = (int)(deadline - now_ms());
		if (left <= 0)
			return er_fail(err, ER_NO_OFFSET, "%s: no answer within %d ms", what,
				       q->timeout_ms);
		r = poll(&p, 1, left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return er_fail(err, ER_NO_OFFSET, "%s: poll: %s", what, strerror(errno));
	}
}

static int send_all(struct qmp *q, const char *text, const char *what, struct er_err *err)
{
	int64_t deadline = now_ms() + q->timeout_ms;
	size_t len = strlen(text), done = 0;

	while (done < len) {
		ssize_t n;

		if (wait_fd(q, POLLOUT, deadline, what, err) < 0)
			return -1;
		n = send(q->fd, text + done, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return er_fail(err, ER_NO_OFFSET, "%s: sending: %s", what, strerror(errno));
		done += (size_t)n;
	}
	return 0;
}

/* Receive more bytes into the buffer; -1 at end of stream, timeout, error. */
static int recv_more(struct qmp *q, int64_t deadline, const char *what, struct er_err *err)
{
	ssize_t n;

	if (q->len >= QMP_MAX_REPLY)
		return er_fail(err, ER_NO_OFFSET, "%s: reply longer than %u bytes", what,
			       QMP_MAX_REPLY);
	if (q->cap - q->len < 65536) {
		size_t cap = q->cap ? q->cap * 2 : 65536 * 2;
		char *grown = realloc(q->buf, cap + 1);

		if (!grown)
			return er_fail(err, ER_NO_OFFSET, "%s: out of memory", what);
		q->buf = grown;
		q->cap = cap;
	}
	for (;;) {
		if (wait_fd(q, POLLIN, deadline, what, err) < 0)
			return -1;
		n = recv(q->fd, q->buf + q->len, q->cap - q->len, MSG_DONTWAIT);
		if (n > 0)
			break;
		if (n == 0)
			return er_fail(err, ER_NO_OFFSET, "%s: QEMU closed the connection", what);
		if (errno != EINTR && errno != EAGAIN)
			return er_fail(err, ER_NO_OFFSET, "%s: receiving: %s", what, strerror(errno));
	}
	q->len += (size_t)n;
	return 0;
}

/* One JSON value filling LINE (LEN bytes, trailing white space allowed), or NULL. */
static struct json_object *parse_line(const char *line, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;
	size_t used;

	if (!tok || len > INT32_MAX)
		return NULL;
	obj = json_tokener_parse_ex(tok, line, (int)len);
	used = json_tokener_get_error(tok) == json_tokener_success ? json_tokener_get_parse_end(tok) : 0;
	json_tokener_free(tok);
	while (obj && used < len && strchr(" \t\r", line[used]) && line[used])
		used++;
	if (obj && used != len) {
		json_object_put(obj);
		obj = NULL;
	}
	return obj;
}

/* The next JSON object QEMU sent (one per line): *obj, the caller puts it. */
static int read_object(struct qmp *q, const char *what, struct json_object **obj,
		       struct er_err *err)
{
	int64_t deadline = now_ms() + q->timeout_ms;
	size_t skip = 0;
	char *nl;

	for (;;) {
		nl = q->len ? memchr(q->buf, '\n', q->len) : NULL;
		if (nl)
			break;
		if (recv_more(q, deadline, what, err) < 0)
			return -1;
	}
	skip = (size_t)(nl - q->buf) + 1;
	*obj = parse_line(q->buf, skip - 1);
	if (!*obj || !json_object_is_type(*obj, json_type_object)) {
		json_object_put(*obj);
		*obj = NULL;
		er_fail(err, ER_NO_OFFSET, "%s: the reply is not a JSON object", what);
	}
	memmove(q->buf, q->buf + skip, q->len - skip);
	q->len -= skip;
	return *obj ? 0 : -1;
}

static const char *error_text(struct json_object *e, char *buf, size_t len)
{
	struct json_object *cls = NULL, *desc = NULL;

	json_object_object_get_ex(e, "class", &cls);
	json_object_object_get_ex(e, "desc", &desc);
	snprintf(buf, len, "%s: %s",
		 json_object_is_type(cls, json_type_string) ? json_object_get_string(cls) : "?",
		 json_object_is_type(desc, json_type_string) ? json_object_get_string(desc) : "?");
	/* one line, whatever QEMU put into the description */
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return buf;
}

int qmp_exec(struct qmp *q, const char *cmd, struct json_object *args, struct json_object **ret,
	     struct er_err *err)
{
	struct json_object *req = json_object_new_object(), *reply = NULL, *v, *id;
	char text[1024];
	unsigned int want = ++q->next_id;
	int rc;

	*ret = NULL;
	json_object_object_add(req, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(req, "arguments", args);
	json_object_object_add(req, "id", json_object_new_int64(want));
	rc = send_all(q, json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN), cmd, err);
	if (rc == 0)
		rc = send_all(q, "\n", cmd, err);
	json_object_put(req);
	while (rc == 0) {
		rc = read_object(q, cmd, &reply, err);
		if (rc < 0)
			break;
		if (json_object_object_get_ex(reply, "event", NULL)) {
			json_object_put(reply);	/* asynchronous: not our answer */
			continue;
		}
		if (!json_object_object_get_ex(reply, "id", &id) ||
		    !json_object_is_type(id, json_type_int) || json_object_get_int64(id) != want)
			rc = er_fail(err, ER_NO_OFFSET, "%s: a reply without our id %u", cmd, want);
		else if (json_object_object_get_ex(reply, "error", &v))
			rc = er_fail(err, ER_NO_OFFSET, "%s: QEMU error %s", cmd,
				     error_text(v, text, sizeof(text)));
		else if (!json_object_object_get_ex(reply, "return", &v))
			rc = er_fail(err, ER_NO_OFFSET, "%s: a reply with neither return nor error",
				     cmd);
		else
			*ret = json_object_get(v);
		json_object_put(reply);
		break;
	}
	return rc;
}

static void note_version(struct qmp *q, struct json_object *greeting)
{
	struct json_object *v = NULL;
	const char *keys[] = { "version", "qemu" };
	size_t i;
	int maj = -1, min = -1, mic = -1;
	struct json_object *n;

	for (i = 0; i < 2 && greeting; i++)
		if (!json_object_object_get_ex(greeting, keys[i], &greeting))
			greeting = NULL;
	v = greeting;
	if (v && json_object_object_get_ex(v, "major", &n))
		maj = json_object_get_int(n);
	if (v && json_object_object_get_ex(v, "minor", &n))
		min = json_object_get_int(n);
	if (v && json_object_object_get_ex(v, "micro", &n))
		mic = json_object_get_int(n);
	if (maj >= 0)
		snprintf(q->version, sizeof(q->version), "%d.%d.%d", maj, min, mic);
}

static int connect_unix(struct qmp *q, const char *path, struct er_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cred;
	socklen_t clen = sizeof(cred);

	if (strlen(path) >= sizeof(sa.sun_path))
		return er_fail(err, ER_NO_OFFSET, "socket path longer than %zu bytes",
			       sizeof(sa.sun_path) - 1);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0)
		return er_fail(err, ER_NO_OFFSET, "socket: %s", strerror(errno));
	if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return er_fail(err, ER_NO_OFFSET, "connect: %s", strerror(errno));
	if (getsockopt(q->fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == 0)
		q->peer_pid = cred.pid;
	return 0;
}

int qmp_open(struct qmp *q, const char *path, int timeout_ms, struct er_err *err)
{
	struct json_object *greeting = NULL, *qmp = NULL, *ret = NULL;

	memset(q, 0, sizeof(*q));
	q->fd = -1;
	q->timeout_ms = timeout_ms;
	if (connect_unix(q, path, err) < 0)
		return -1;
	if (read_object(q, "greeting", &greeting, err) < 0)
		return -1;
	if (!json_object_object_get_ex(greeting, "QMP", &qmp) ||
	    !json_object_is_type(qmp, json_type_object)) {
		json_object_put(greeting);
		return er_fail(err, ER_NO_OFFSET, "greeting: no \"QMP\" object: not a QMP socket");
	}
	note_version(q, qmp);
	json_object_put(greeting);
	if (qmp_exec(q, "qmp_capabilities", NULL, &ret, err) < 0)
		return -1;
	json_object_put(ret);
	return 0;
}

void qmp_close(struct qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	free(q->buf);
	memset(q, 0, sizeof(*q));
	q->fd = -1;
}
