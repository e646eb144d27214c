/* pf_zstd.h - the records inside perf's compressed records ('perf record -z').
 *
 * perf compresses its ring-buffer reads with zstd and writes them as
 * PERF_RECORD_COMPRESSED(2) records of at most 64 KiB each.  The compressed
 * bytes of all of them form one zstd stream, and a record inside it may
 * begin in one compressed record and end in the next, so the decompressed
 * bytes are kept in one buffer: what is left of an incomplete record moves
 * to its front before the next compressed record is appended.  perf 6.1
 * flushes the stream after each record but never ends its frame, so the end
 * of the data may fall inside a frame; it must not fall inside a record.
 */
#ifndef ER_PF_ZSTD_H
#define ER_PF_ZSTD_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* More decompressed bytes than this out of one compressed record: refused. */
#define PF_ZSTD_MAX_OUT (256u << 20)

struct pf_zstd;

struct pf_zstd *pf_zstd_new(void);
void pf_zstd_free(struct pf_zstd *z);

/* Decompresses the payload of the compressed record at file offset @off and
 * appends it after what is left of the previous one. */
int pf_zstd_feed(struct pf_zstd *z, const uint8_t *payload, size_t size, uint64_t off,
		 struct er_err *err);

/* The undelivered decompressed bytes; pf_zstd_take() marks @n of them as
 * delivered.  The pointer is valid until the next pf_zstd_feed(). */
const uint8_t *pf_zstd_pending(const struct pf_zstd *z, size_t *len);
void pf_zstd_take(struct pf_zstd *z, size_t n);

/* At the end of the data: no record may be left incomplete. */
int pf_zstd_finish(const struct pf_zstd *z, uint64_t off, struct er_err *err);

#endif
