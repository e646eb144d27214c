/* pf_zstd.c - the records inside perf's compressed records. */
#include "pf_zstd.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

struct pf_zstd {
	ZSTD_DStream *ds;
	uint8_t *buf;
	size_t len;	/* decompressed bytes in buf */
	size_t head;	/* of which delivered */
	size_t cap;
};

struct pf_zstd *pf_zstd_new(void)
{
	struct pf_zstd *z = calloc(1, sizeof(*z));

	if (!z)
		return NULL;
	z->ds = ZSTD_createDStream();
	if (!z->ds || ZSTD_isError(ZSTD_initDStream(z->ds))) {
		pf_zstd_free(z);
		return NULL;
	}
	return z;
}

void pf_zstd_free(struct pf_zstd *z)
{
	if (!z)
		return;
	ZSTD_freeDStream(z->ds);
	free(z->buf);
	free(z);
}

/* Room for at least @need more bytes after len, within the limit. */
static int reserve(struct pf_zstd *z, size_t need, size_t limit, uint64_t off,
		   struct er_err *err)
{
	size_t cap = z->cap ? z->cap : 1u << 16;
	uint8_t *p;

	if (z->len + need <= z->cap)
		return 0;
	if (z->len + need > limit)
		return er_fail(err, off, "compressed record decompresses to more than %u MiB",
			       (unsigned int)(PF_ZSTD_MAX_OUT >> 20));
	while (cap < z->len + need)
		cap *= 2;
	p = realloc(z->buf, cap);
	if (!p)
		return er_fail(err, off, "out of memory decompressing a compressed record");
	z->buf = p;
	z->cap = cap;
	return 0;
}

/* Moves the undelivered bytes (an incomplete record) to the front. */
static void compact(struct pf_zstd *z)
{
	if (z->head == 0)
		return;
	memmove(z->buf, z->buf + z->head, z->len - z->head);
	z->len -= z->head;
	z->head = 0;
}

int pf_zstd_feed(struct pf_zstd *z, const uint8_t *payload, size_t size, uint64_t off,
		 struct er_err *err)
{
	ZSTD_inBuffer in = { payload, size, 0 };
	size_t limit, rc;

	compact(z);
	limit = z->len + PF_ZSTD_MAX_OUT;
	do {
		ZSTD_outBuffer out;

		if (reserve(z, ZSTD_DStreamOutSize(), limit, off, err) < 0)
			return -1;
		size_t in_was = in.pos;

		out = (ZSTD_outBuffer){ z->buf, z->cap, z->len };
		rc = ZSTD_decompressStream(z->ds, &out, &in);
		if (ZSTD_isError(rc))
			return er_fail(err, off, "compressed record: zstd: %s", ZSTD_getErrorName(rc));
		if (in.pos == in_was && out.pos == z->len)
			return er_fail(err, off, "compressed record: zstd makes no progress");
		z->len = out.pos;
		/* a full output buffer may hold back more: go round again */
		if (in.pos == in.size && out.pos < out.size)
			break;
	} while (1);
	return 0;
}

const uint8_t *pf_zstd_pending(const struct pf_zstd *z, size_t *len)
{
	*len = z->len - z->head;
	return z->buf + z->head;
}

void pf_zstd_take(struct pf_zstd *z, size_t n)
{
	z->head += n;
}

int pf_zstd_finish(const struct pf_zstd *z, uint64_t off, struct er_err *err)
{
	if (z->len > z->head)
		return er_fail(err, off, "the compressed records end inside a record (%zu bytes left)",
			       z->len - z->head);
	return 0;
}
