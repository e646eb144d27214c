/* fake_qmp.c - a scripted QMP server for exitreport stats' host tests.
 *
 *   fake_qmp SOCKET SCRIPT
 *
 * Listens on the unix socket SOCKET, serves one connection, then exits.
 * SCRIPT holds one line per thing to send:
 *   G JSON        sent on connect (the greeting)
 *   R CMD JSON    the reply to the next request, which must execute CMD
 *                 (else an error reply "FakeMismatch" is sent and the server
 *                 exits 3); the request's id is put into JSON's object
 *   E JSON        sent as is before the next reply (an asynchronous event)
 *   RAW TEXT      the reply to the next request: TEXT and a newline, as is
 *   HANG          read the next request and never answer
 *   CLOSE         read the next request and close the connection
 *   BIG N         read the next request and answer N bytes without a newline
 * Exit status 0 when the script was played to its end, 3 on a mismatch.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

static int fd = -1;

static void send_text(const char *text)
{
	size_t len = strlen(text), done = 0;

	while (done < len) {
		ssize_t n = send(fd, text + done, len - done, MSG_NOSIGNAL);

		if (n <= 0)
			exit(0);	/* the client went away */
		done += (size_t)n;
	}
}

/* The next request line; NULL when the client closed the connection. */
static char *read_request(void)
{
	static char buf[1 << 16];
	static size_t len;
	static char line[1 << 16];
	char *nl;

	for (;;) {
		nl = memchr(buf, '\n', len);
		if (nl) {
			size_t n = (size_t)(nl - buf);

			memcpy(line, buf, n);
			line[n] = '\0';
			memmove(buf, nl + 1, len - n - 1);
			len -= n + 1;
			return line;
		}
		if (len == sizeof(buf))
			return NULL;
		ssize_t r = recv(fd, buf + len, sizeof(buf) - len, 0);

		if (r <= 0)
			return NULL;
		len += (size_t)r;
	}
}

static void reply(const char *cmd, const char *json, const char *req_text)
{
	struct json_object *req = json_tokener_parse(req_text), *obj, *v, *id = NULL;
	const char *got = NULL;

	if (req && json_object_object_get_ex(req, "execute", &v))
		got = json_object_get_string(v);
	if (req)
		json_object_object_get_ex(req, "id", &id);
	if (!got || strcmp(got, cmd) != 0) {
		char text[512];

		snprintf(text, sizeof(text), "{\"error\": {\"class\": \"FakeMismatch\", \"desc\": "
			 "\"expected %s, got %s\"}}\n", cmd, got ? got : "no command");
		send_text(text);
		exit(3);
	}
	obj = json_tokener_parse(json);
	if (!obj) {
		fprintf(stderr, "fake_qmp: bad JSON in the script: %s\n", json);
		exit(3);
	}
	if (id)
		json_object_object_add(obj, "id", json_object_get(id));
	send_text(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN));
	send_text("\r\n");
	json_object_put(obj);
	json_object_put(req);
}

static void play(FILE *script)
{
	static char line[1 << 22];
	char *req;

	while (fgets(line, sizeof(line), script)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "G ", 2) == 0 || strncmp(line, "E ", 2) == 0) {
			send_text(line + 2);
			send_text("\r\n");
			continue;
		}
		if (!line[0] || line[0] == '#')
			continue;
		req = read_request();
		if (!req)
			exit(0);
		if (strncmp(line, "R ", 2) == 0) {
			char *cmd = line + 2, *json = strchr(cmd, ' ');

			if (!json)
				exit(3);
			*json++ = '\0';
			reply(cmd, json, req);
		} else if (strncmp(line, "RAW ", 4) == 0) {
			send_text(line + 4);
			send_text("\n");
		} else if (strcmp(line, "HANG") == 0) {
			pause();
		} else if (strcmp(line, "CLOSE") == 0) {
			return;
		} else if (strncmp(line, "BIG ", 4) == 0) {
			long n = atol(line + 4);
			char chunk[4096];

			memset(chunk, ' ', sizeof(chunk) - 1);
			chunk[sizeof(chunk) - 1] = '\0';
			send_text("{\"return\": \"");
			for (; n > 0; n -= (long)sizeof(chunk) - 1)
				send_text(chunk);
		} else {
			fprintf(stderr, "fake_qmp: unknown script line: %s\n", line);
			exit(3);
		}
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	FILE *script;
	int lfd;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: fake_qmp SOCKET SCRIPT\n");
		return 2;
	}
	script = fopen(argv[2], "r");
	if (!script) {
		perror(argv[2]);
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	unlink(argv[1]);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 1) < 0) {
		perror(argv[1]);
		return 2;
	}
	fd = accept(lfd, NULL, NULL);
	if (fd < 0) {
		perror("accept");
		return 2;
	}
	play(script);
	close(fd);
	close(lfd);
	unlink(argv[1]);
	return 0;
}
