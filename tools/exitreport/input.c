/* input.c - mapped files and bounded stream windows. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int input_map(struct input *in, uint64_t size, struct er_err *err)
{
	void *map;

	in->seekable = true;
	in->size = size;
	if (size == 0)
		return 0;
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, in->fd, 0);
	if (map == MAP_FAILED)
		return er_fail(err, ER_NO_OFFSET, "cannot map: %s", strerror(errno));
	madvise(map, size, MADV_SEQUENTIAL);
	madvise(map, size, MADV_WILLNEED);
	in->map = map;
	in->own_map = true;
	return 0;
}

int input_open(struct input *in, const char *path, struct er_err *err)
{
	struct stat st;

	memset(in, 0, sizeof(*in));
	in->fd = -1;
	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0)
			return er_fail(err, ER_NO_OFFSET, "cannot open: %s", strerror(errno));
		in->own_fd = true;
	}
	if (fstat(in->fd, &st) < 0)
		return er_fail(err, ER_NO_OFFSET, "cannot stat: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return er_fail(err, ER_NO_OFFSET, "is a directory");
	if (S_ISREG(st.st_mode))
		return input_map(in, (uint64_t)st.st_size, err);
	return 0;
}

void input_open_memory(struct input *in, const uint8_t *data, size_t size)
{
	memset(in, 0, sizeof(*in));
	in->fd = -1;
	in->seekable = true;
	in->map = data;
	in->size = size;
}

static int window_reserve(struct input *in, size_t need, struct er_err *err)
{
	size_t cap = in->cap ? in->cap : 1u << 20;
	uint8_t *buf;

	if (need <= in->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	buf = realloc(in->buf, cap);
	if (!buf)
		return er_fail(err, in->buf_off, "out of memory for a %zu-byte span", need);
	in->buf = buf;
	in->cap = cap;
	return 0;
}

static void window_drop_released(struct input *in)
{
	size_t drop;

	if (in->released <= in->buf_off)
		return;
	drop = in->released - in->buf_off;
	if (drop > in->len)
		drop = in->len;
	memmove(in->buf, in->buf + drop, in->len - drop);
	in->len -= drop;
	in->buf_off += drop;
}

static int window_fill(struct input *in, size_t want, struct er_err *err)
{
	while (in->len < want && !in->eof) {
		ssize_t n = read(in->fd, in->buf + in->len, in->cap - in->len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return er_fail(err, in->buf_off + in->len, "read error: %s", strerror(errno));
		if (n == 0)
			in->eof = true;
		in->len += (size_t)n;
		in->size += (uint64_t)n;
	}
	return 0;
}

static const uint8_t *stream_get(struct input *in, uint64_t off, size_t len, struct er_err *err)
{
	uint64_t end_off;
	size_t need;

	if (off < in->buf_off) {
		er_fail(err, off, "internal: stream offset already released");
		return NULL;
	}
	if (len > INPUT_MAX_SPAN) {
		er_fail(err, off, "span of %zu bytes is too large", len);
		return NULL;
	}
	end_off = off + len;
	if (end_off <= in->buf_off + in->len)
		return in->buf + (off - in->buf_off);
	window_drop_released(in);
	if (off < in->buf_off) {
		er_fail(err, off, "internal: stream offset already released");
		return NULL;
	}
	need = (size_t)(end_off - in->buf_off);
	if (need > INPUT_MAX_SPAN + (1u << 20)) {
		er_fail(err, off, "span of %zu bytes is too large", need);
		return NULL;
	}
	if (window_reserve(in, need < (1u << 20) ? (1u << 20) : need, err) < 0)
		return NULL;
	if (window_fill(in, need, err) < 0)
		return NULL;
	if (in->len < need)
		return NULL;
	return in->buf + (off - in->buf_off);
}

const uint8_t *input_get_stream(struct input *in, uint64_t off, size_t len, struct er_err *err)
{
	return stream_get(in, off, len, err);
}

/* Mapped files: give back the pages behind the reader every so often, so the
 * resident set stays flat however large the file.  The mapping is read-only
 * and private, so a page touched again is simply faulted in from the file. */
static void map_drop_released(struct input *in)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t end = in->released & ~(page - 1);

	if (end <= in->dropped + INPUT_DROP_STEP)
		return;
	madvise((void *)(in->map + in->dropped), (size_t)(end - in->dropped), MADV_DONTNEED);
	in->dropped = end;
}

void input_release_more(struct input *in, uint64_t off)
{
	if (off > in->released) {
		in->released = off;
		if (in->seekable && in->own_map && off > in->dropped + INPUT_DROP_STEP)
			map_drop_released(in);
	}
}

uint64_t input_known_size(const struct input *in)
{
	return in->seekable ? in->size : UINT64_MAX;
}

void input_close(struct input *in)
{
	if (in->own_map)
		munmap((void *)in->map, in->size);
	if (in->own_fd)
		close(in->fd);
	free(in->buf);
	memset(in, 0, sizeof(*in));
	in->fd = -1;
}
