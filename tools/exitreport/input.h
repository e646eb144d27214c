/* input.h - the bytes of the input: a mapped regular file or a stream.
 *
 * Regular files are mapped whole; pipes (stdin, "-") are read into a window
 * that only keeps what the reader has not released yet, so memory stays
 * bounded by the largest record, never by the size of the input.
 */
#ifndef ER_INPUT_H
#define ER_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Largest span a stream will hold at once (a tracing-data section). */
#define INPUT_MAX_SPAN (256u << 20)

struct input {
	int fd;
	bool own_fd;
	bool seekable;		/* mapped: any offset can be read */
	const uint8_t *map;
	uint64_t size;		/* mapped size; for streams: bytes read so far */
	uint8_t *buf;		/* stream window, holds [buf_off, buf_off + len) */
	size_t cap;
	size_t len;
	uint64_t buf_off;
	uint64_t released;	/* stream bytes before this are no longer needed */
	bool own_map;		/* map is our mmap of the file */
	uint64_t dropped;	/* mapped pages before this were given back */
	bool eof;
};

/* Open PATH ("-" is standard input). */
int input_open(struct input *in, const char *path, struct er_err *err);

/* Open a memory buffer (the fuzz harness, tests). */
void input_open_memory(struct input *in, const uint8_t *data, size_t size);

/* Pointer to LEN bytes at OFF, or NULL when the input ends before them
 * (err untouched) or on a read error / too large a span (err set).
 * Inline for mapped files: the reader asks twice for every record. */
const uint8_t *input_get_stream(struct input *in, uint64_t off, size_t len, struct er_err *err);

static inline const uint8_t *input_get(struct input *in, uint64_t off, size_t len,
				       struct er_err *err)
{
	if (!in->seekable)
		return input_get_stream(in, off, len, err);
	if (off > in->size || len > in->size - off)
		return NULL;
	return in->map + off;
}

/* A hint that the bytes at OFF will be asked for soon: a mapped file's
 * cache line is fetched ahead (reading records one after the other, each
 * at an offset its predecessor gives, otherwise waits for memory at every
 * new line).  Never faults; nothing for streams.  always_inline: GCC finds
 * a function that only prefetches free of effects and drops its calls. */
static inline __attribute__((always_inline)) void
input_prefetch(const struct input *in, uint64_t off)
{
	if (in->map && in->seekable && off < in->size)
		__builtin_prefetch(in->map + off);
}

/* Mapped files give back the pages behind the reader every INPUT_DROP_STEP. */
#define INPUT_DROP_STEP (8u << 20)

void input_release_more(struct input *in, uint64_t off);

/* Bytes before OFF will not be asked for again.  Inline: called for every
 * record, it has work to do once in megabytes of a mapped file. */
static inline void input_release(struct input *in, uint64_t off)
{
	if (off <= in->released)
		return;
	if (in->seekable && off <= in->dropped + INPUT_DROP_STEP) {
		in->released = off;
		return;
	}
	input_release_more(in, off);
}

/* Total size when known (mapped input), else UINT64_MAX. */
uint64_t input_known_size(const struct input *in);

void input_close(struct input *in);

#endif
