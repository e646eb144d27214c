/* perf_file.h - perf.data (file and pipe mode): header, attributes,
 * feature sections and the record stream.
 *
 * Byte order is decided once from the magic (swap); every multi-byte value
 * is read through bytes.h with that flag.  Records are handed out one at a
 * time and point into the input, so nothing is copied or kept.
 */
#ifndef ER_PERF_FILE_H
#define ER_PERF_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "input.h"
#include "keymap.h"
#include "pf_zstd.h"

#define PF_MAX_ATTRS 1024u
#define PF_MAX_IDS (1u << 20)

/* Where a sample's fields sit when nothing of variable size comes before
 * its raw data (perf_sample.c): offsets from the end of the record header. */
struct pf_sample_layout {
	bool fixed;		/* false: the sample is walked field by field */
	int16_t tid, time, cpu, raw;	/* -1 when the sample has no such field */
	uint16_t front;		/* bytes before the raw data (or in all, without it) */
};

struct pf_attr {
	uint32_t type;
	uint64_t config;
	uint64_t sample_type;
	uint64_t read_format;
	bool sample_id_all;
	struct pf_sample_layout layout;
};

enum pf_rec_kind {
	PF_REC_SAMPLE,
	PF_REC_LOST,		/* PERF_RECORD_LOST: lost = count */
	PF_REC_LOST_SAMPLES,	/* PERF_RECORD_LOST_SAMPLES */
	PF_REC_TRACING_DATA,	/* payload = the tracing-data section */
	PF_REC_FINISHED_ROUND,
	PF_REC_TIME_CONV,	/* time_shift, time_mult */
	PF_REC_UNKNOWN,		/* a record type this reader does not know (newer perf) */
	PF_REC_OTHER,
	PF_REC_COMPRESSED,	/* fed to the decompressor; never handed out */
};

struct pf_record {
	enum pf_rec_kind kind;
	uint32_t type;
	const uint8_t *data;	/* the whole record, header included */
	uint32_t size;
	uint64_t offset;
	const uint8_t *payload;	/* PF_REC_TRACING_DATA */
	size_t payload_size;
	uint64_t lost;		/* PF_REC_LOST, PF_REC_LOST_SAMPLES */
	uint64_t time_shift;	/* PF_REC_TIME_CONV */
	uint64_t time_mult;
};

struct perf_file {
	struct input *in;
	bool pipe_mode;
	bool swap;		/* file byte order differs from ours */
	bool big_endian;	/* the file's byte order */
	uint64_t pos;		/* offset of the next record */
	uint64_t data_end;	/* UINT64_MAX in pipe mode */
	struct pf_attr *attrs;
	size_t nattrs;
	struct keymap ids;	/* event id -> index in attrs */
	int sample_id_pos;	/* u64 index of the id in samples, -1 none */
	int trailer_id_pos;	/* u64 index from the end of sample_id_all trailers */
	bool id_layout_mixed;	/* attributes disagree on where the id is */
	/* file-mode feature sections */
	const uint8_t *tracing_data;
	size_t tracing_size;
	uint64_t tracing_off;
	char cpudesc[128];
	/* 'perf record -z': the records inside the compressed ones */
	uint32_t comp_type;	/* HEADER_COMPRESSED's type, 0 when absent */
	struct pf_zstd *zstd;	/* from the first compressed record on */
	uint64_t zstd_off;	/* offset of the last compressed record */
	uint64_t compressed_records;
};

/* Read the header (and in file mode the attributes and feature sections). */
int perf_file_open(struct perf_file *pf, struct input *in, struct er_err *err);

/* A file of records only, read with the header and attributes of MAIN:
 * a data.N file of a 'perf record --threads' directory. */
int perf_file_open_records(struct perf_file *pf, struct input *in, const struct perf_file *main,
			   struct er_err *err);

/* Next record: 1 when *rec is filled, 0 at the end, -1 on error. */
int perf_file_next(struct perf_file *pf, struct pf_record *rec, struct er_err *err);

/* The attribute a sample (or a record with a sample_id_all trailer) belongs
 * to; -1 with err set when it cannot be told. */
int perf_file_sample_attr(const struct perf_file *pf, const struct pf_record *rec,
			  struct er_err *err);
int perf_file_trailer_attr(const struct perf_file *pf, const struct pf_record *rec);

void perf_file_close(struct perf_file *pf);

#endif
