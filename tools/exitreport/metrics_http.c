/* metrics_http.c - GET /metrics through libmicrohttpd's own thread.
 *
 * The socket is bound here (so "address in use" is our one-line error),
 * then handed to libmicrohttpd.  Only loopback addresses are accepted.
 * The reply is OpenMetrics when the scraper asks for it (Prometheus does),
 * else the Prometheus text format 0.0.4.
 */
#define _GNU_SOURCE
#include "metrics_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "metrics.h"

struct metrics_http {
	struct MHD_Daemon *d;
	int fd;
	pthread_mutex_t lock;
	char *om, *prom;
	size_t om_len, prom_len;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int code, const char *type,
			     const char *body, size_t len)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	rc = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **req_cls)
{
	struct metrics_http *h = cls;
	const char *accept;
	enum MHD_Result rc;
	bool om;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)req_cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", "GET only\n", 9);
	if (strcmp(url, "/metrics") != 0)
		return reply(c, MHD_HTTP_NOT_FOUND, "text/plain", "see /metrics\n", 13);
	accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	om = accept && strstr(accept, "application/openmetrics-text");
	pthread_mutex_lock(&h->lock);
	if (om)
		rc = reply(c, MHD_HTTP_OK, "application/openmetrics-text; version=1.0.0; charset=utf-8",
			   h->om ? h->om : "# EOF\n", h->om ? h->om_len : 6);
	else
		rc = reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
			   h->prom ? h->prom : "", h->prom ? h->prom_len : 0);
	pthread_mutex_unlock(&h->lock);
	return rc;
}

static int parse_addr(const char *text, struct sockaddr_storage *ss, socklen_t *len,
		      struct er_err *err)
{
	char host[64];
	const char *colon, *p;
	char *end;
	unsigned long port;
	size_t n;

	if (text[0] == '[') {
		p = strchr(text, ']');
		if (!p || p[1] != ':')
			return er_fail(err, ER_NO_OFFSET, "expected ADDR:PORT or [ADDR]:PORT");
		n = (size_t)(p - text - 1);
		colon = p + 1;
		text++;
	} else {
		colon = strrchr(text, ':');
		if (!colon)
			return er_fail(err, ER_NO_OFFSET, "expected ADDR:PORT");
		n = (size_t)(colon - text);
	}
	if (n == 0 || n >= sizeof(host))
		return er_fail(err, ER_NO_OFFSET, "expected ADDR:PORT");
	memcpy(host, text, n);
	host[n] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || *end || !colon[1] || port > 65535 || colon[1] == '-')
		return er_fail(err, ER_NO_OFFSET, "bad port '%s'", colon + 1);
	memset(ss, 0, sizeof(*ss));
	{
		struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
			if ((ntohl(in4->sin_addr.s_addr) >> 24) != 127)
				return er_fail(err, ER_NO_OFFSET,
					       "not a loopback address (only 127.0.0.0/8 and ::1)");
			in4->sin_family = AF_INET;
			in4->sin_port = htons((uint16_t)port);
			*len = sizeof(*in4);
		} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
			if (!IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
				return er_fail(err, ER_NO_OFFSET,
					       "not a loopback address (only 127.0.0.0/8 and ::1)");
			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons((uint16_t)port);
			*len = sizeof(*in6);
		} else {
			return er_fail(err, ER_NO_OFFSET, "not a numeric IP address: '%s'", host);
		}
	}
	return 0;
}

struct metrics_http *metrics_http_start(const char *addr_port, struct er_err *err)
{
	struct sockaddr_storage ss;
	socklen_t len = 0;
	struct metrics_http *h;
	int one = 1;

	if (parse_addr(addr_port, &ss, &len, err) < 0)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (!h) {
		er_fail(err, ER_NO_OFFSET, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&h->lock, NULL);
	h->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (h->fd < 0 || setsockopt(h->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(h->fd, (struct sockaddr *)&ss, len) < 0 || listen(h->fd, 16) < 0) {
		er_fail(err, ER_NO_OFFSET, "%s", strerror(errno));
		goto fail;
	}
	h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handle, h,
				MHD_OPTION_LISTEN_SOCKET, h->fd, MHD_OPTION_END);
	if (!h->d) {
		er_fail(err, ER_NO_OFFSET, "libmicrohttpd could not start");
		goto fail;
	}
	return h;
fail:
	if (h->fd >= 0)
		close(h->fd);
	pthread_mutex_destroy(&h->lock);
	free(h);
	return NULL;
}

int metrics_http_update(struct metrics_http *h, const struct report *rep)
{
	size_t om_len, prom_len;
	char *om = metrics_text(rep, true, &om_len);
	char *prom = metrics_text(rep, false, &prom_len);

	if (!om || !prom) {
		free(om);
		free(prom);
		return -1;
	}
	pthread_mutex_lock(&h->lock);
	free(h->om);
	free(h->prom);
	h->om = om;
	h->om_len = om_len;
	h->prom = prom;
	h->prom_len = prom_len;
	pthread_mutex_unlock(&h->lock);
	return 0;
}

void metrics_http_stop(struct metrics_http *h)
{
	MHD_stop_daemon(h->d);
	close(h->fd);
	pthread_mutex_destroy(&h->lock);
	free(h->om);
	free(h->prom);
	free(h);
}
