/* perf_file.c - reading perf.data headers, attributes and records. */
#include "perf_file.h"

#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "perf_abi.h"
#include "perf_sample.h"

#define REC_HEADER_SIZE 8u
#define SKIP_CHUNK (1u << 20)
/* How far ahead of the next record the reader has memory fetched. */
#define PREFETCH_AHEAD 4096u

/* ---- attributes and ids ---- */

static int sample_id_pos_of(uint64_t sample_type)
{
	if (sample_type & PERF_SAMPLE_IDENTIFIER)
		return 0;
	if (!(sample_type & PERF_SAMPLE_ID))
		return -1;
	return __builtin_popcountll(sample_type & (PERF_SAMPLE_IP | PERF_SAMPLE_TID |
						   PERF_SAMPLE_TIME | PERF_SAMPLE_ADDR));
}

static int trailer_id_pos_of(uint64_t sample_type)
{
	if (sample_type & PERF_SAMPLE_IDENTIFIER)
		return 1;
	if (!(sample_type & PERF_SAMPLE_ID))
		return -1;
	return 1 + __builtin_popcountll(sample_type & (PERF_SAMPLE_STREAM_ID | PERF_SAMPLE_CPU));
}

static void update_id_layout(struct perf_file *pf)
{
	size_t i;

	pf->sample_id_pos = sample_id_pos_of(pf->attrs[0].sample_type);
	pf->trailer_id_pos = trailer_id_pos_of(pf->attrs[0].sample_type);
	pf->id_layout_mixed = false;
	for (i = 1; i < pf->nattrs; i++) {
		if (sample_id_pos_of(pf->attrs[i].sample_type) != pf->sample_id_pos ||
		    trailer_id_pos_of(pf->attrs[i].sample_type) != pf->trailer_id_pos)
			pf->id_layout_mixed = true;
	}
}

static int ids_add(struct perf_file *pf, uint64_t id, size_t attr, uint64_t off, struct er_err *err)
{
	if (pf->ids.count >= PF_MAX_IDS && keymap_get(&pf->ids, id) < 0)
		return er_fail(err, off, "more than %u event ids", PF_MAX_IDS);
	if (keymap_put(&pf->ids, id, (uint32_t)attr) < 0)
		return er_fail(err, off, "out of memory for event ids");
	return 0;
}

static int ids_find(const struct perf_file *pf, uint64_t id)
{
	return (int)keymap_get(&pf->ids, id);
}

/* p points at a perf_event_attr of at least PF_ATTR_SIZE_VER0 bytes */
static int attr_add(struct perf_file *pf, const uint8_t *p, uint64_t off, struct er_err *err)
{
	struct pf_attr *a;
	uint8_t flags2;

	if (pf->nattrs >= PF_MAX_ATTRS)
		return er_fail(err, off, "more than %u event attributes", PF_MAX_ATTRS);
	if (!pf->attrs) {
		pf->attrs = calloc(PF_MAX_ATTRS, sizeof(*pf->attrs));
		if (!pf->attrs)
			return er_fail(err, off, "out of memory for attributes");
	}
	a = &pf->attrs[pf->nattrs++];
	a->type = rd32(p + PF_ATTR_OFF_TYPE, pf->swap);
	a->config = rd64(p + PF_ATTR_OFF_CONFIG, pf->swap);
	a->sample_type = rd64(p + PF_ATTR_OFF_SAMPLE_TYPE, pf->swap);
	a->read_format = rd64(p + PF_ATTR_OFF_READ_FORMAT, pf->swap);
	/* bitfields keep their bytes; a big-endian file numbers bits from the top */
	flags2 = p[PF_ATTR_OFF_FLAGS + PF_ATTR_FLAG_SAMPLE_ID_ALL / 8];
	a->sample_id_all = pf->big_endian ? (flags2 >> (7 - PF_ATTR_FLAG_SAMPLE_ID_ALL % 8)) & 1
					  : (flags2 >> (PF_ATTR_FLAG_SAMPLE_ID_ALL % 8)) & 1;
	pf_sample_layout(a);
	update_id_layout(pf);
	return 0;
}

static uint32_t attr_own_size(const struct perf_file *pf, const uint8_t *p)
{
	uint32_t size = rd32(p + PF_ATTR_OFF_SIZE, pf->swap);

	return size ? size : PF_ATTR_SIZE_VER0;
}

/* ---- file-mode header ---- */

static int read_section(const struct perf_file *pf, const uint8_t *p, uint64_t off,
			const char *what, uint64_t *s_off, uint64_t *s_size, struct er_err *err)
{
	uint64_t file_size = input_known_size(pf->in);

	*s_off = rd64(p, pf->swap);
	*s_size = rd64(p + 8, pf->swap);
	if (*s_off > file_size || *s_size > file_size - *s_off)
		return er_fail(err, off, "%s section [%llu, +%llu) beyond end of file (%llu bytes)",
			       what, (unsigned long long)*s_off, (unsigned long long)*s_size,
			       (unsigned long long)file_size);
	return 0;
}

static int read_attr_ids(struct perf_file *pf, const uint8_t *entry, uint64_t entry_off,
			 size_t attr_index, struct er_err *err)
{
	uint64_t ids_off, ids_size, i;
	const uint8_t *ids;

	if (read_section(pf, entry, entry_off, "attribute ids", &ids_off, &ids_size, err) < 0)
		return -1;
	if (ids_size % 8)
		return er_fail(err, entry_off, "attribute id section size %llu is not a multiple of 8",
			       (unsigned long long)ids_size);
	ids = input_get(pf->in, ids_off, ids_size, err);
	if (!ids)
		return er_fail(err, ids_off, "attribute ids truncated");
	for (i = 0; i < ids_size / 8; i++)
		if (ids_add(pf, rd64(ids + 8 * i, pf->swap), attr_index, ids_off + 8 * i, err) < 0)
			return -1;
	return 0;
}

static int read_attrs(struct perf_file *pf, uint64_t attr_size, uint64_t sec_off,
		      uint64_t sec_size, struct er_err *err)
{
	const uint8_t *sec;
	uint64_t n, i;

	if (attr_size < PF_ATTR_SIZE_VER0 + 16 || attr_size > 4096)
		return er_fail(err, 16, "attribute size %llu is absurd", (unsigned long long)attr_size);
	if (sec_size % attr_size)
		return er_fail(err, 24, "attribute section size %llu is not a multiple of %llu",
			       (unsigned long long)sec_size, (unsigned long long)attr_size);
	n = sec_size / attr_size;
	if (n == 0)
		return er_fail(err, 24, "no event attributes");
	sec = input_get(pf->in, sec_off, sec_size, err);
	if (!sec)
		return er_fail(err, sec_off, "attribute section truncated");
	for (i = 0; i < n; i++) {
		const uint8_t *entry = sec + i * attr_size;
		uint64_t entry_off = sec_off + i * attr_size;

		if (attr_own_size(pf, entry) > attr_size - 16 ||
		    attr_own_size(pf, entry) < PF_ATTR_SIZE_VER0)
			return er_fail(err, entry_off + 4, "attribute size %u does not fit its entry",
				       attr_own_size(pf, entry));
		if (attr_add(pf, entry, entry_off, err) < 0 ||
		    read_attr_ids(pf, entry + attr_size - 16, entry_off + attr_size - 16,
				  pf->nattrs - 1, err) < 0)
			return -1;
	}
	return 0;
}

static void parse_cpudesc(struct perf_file *pf, const uint8_t *p, uint64_t size)
{
	uint32_t len;
	size_t i;

	if (size < 4)
		return;
	len = rd32(p, pf->swap);
	if (len > size - 4)
		len = (uint32_t)(size - 4);
	for (i = 0; i < len && i + 1 < sizeof(pf->cpudesc) && p[4 + i]; i++)
		pf->cpudesc[i] = (char)p[4 + i];
	pf->cpudesc[i] = '\0';
}

/* HEADER_COMPRESSED: u32 version, type, level, ratio, mmap_len */
static void parse_compressed(struct perf_file *pf, const uint8_t *p, uint64_t size)
{
	if (p && size >= 8)
		pf->comp_type = rd32(p + 4, pf->swap);
}

static void read_feature_bits(const struct perf_file *pf, const uint8_t *p, uint64_t bits[4])
{
	int i;

	for (i = 0; i < 4; i++)
		bits[i] = rd64(p + 8 * i, pf->swap);
	/* a 32-bit big-endian writer stored unsigned longs of 4 bytes */
	if (pf->swap && !(bits[0] & (1ULL << HEADER_HOSTNAME)) && pf->big_endian) {
		for (i = 0; i < 4; i++) {
			uint64_t lo = rd32(p + 8 * i, true), hi = rd32(p + 8 * i + 4, true);

			bits[i] = lo | hi << 32;
		}
	}
}

static int read_features(struct perf_file *pf, const uint8_t *hdr, uint64_t data_end,
			 struct er_err *err)
{
	uint64_t bits[4];
	unsigned int bit, nsec = 0;
	const uint8_t *secs;

	read_feature_bits(pf, hdr + 72, bits);
	for (bit = 1; bit < PF_FEAT_BITS; bit++)
		nsec += (bits[bit / 64] >> (bit % 64)) & 1;
	secs = input_get(pf->in, data_end, (size_t)nsec * 16, err);
	if (!secs)
		return er_fail(err, data_end, "feature section table truncated (%u features)", nsec);
	for (bit = 1, nsec = 0; bit < PF_FEAT_BITS; bit++) {
		uint64_t s_off, s_size, off = data_end + 16 * nsec;

		if (!((bits[bit / 64] >> (bit % 64)) & 1))
			continue;
		if (read_section(pf, secs + 16 * nsec++, off, "feature", &s_off, &s_size, err) < 0)
			return -1;
		if (bit == HEADER_TRACING_DATA) {
			pf->tracing_data = input_get(pf->in, s_off, s_size, err);
			pf->tracing_size = s_size;
			pf->tracing_off = s_off;
		} else if (bit == HEADER_CPUDESC) {
			parse_cpudesc(pf, input_get(pf->in, s_off, s_size, err), s_size);
		} else if (bit == HEADER_COMPRESSED) {
			parse_compressed(pf, input_get(pf->in, s_off, s_size, err), s_size);
		}
	}
	return 0;
}

static int read_file_header(struct perf_file *pf, struct er_err *err)
{
	uint64_t hdr_size, attr_size, a_off, a_size, d_off, d_size;
	const uint8_t *hdr;

	hdr = input_get(pf->in, 0, PF_FILE_HEADER_SIZE_NOFEAT, err);
	if (!hdr)
		return er_fail(err, 0, "file header truncated");
	hdr_size = rd64(hdr + 8, pf->swap);
	if (hdr_size != PF_FILE_HEADER_SIZE && hdr_size != PF_FILE_HEADER_SIZE_NOFEAT)
		return er_fail(err, 8, "unsupported header size %llu", (unsigned long long)hdr_size);
	hdr = input_get(pf->in, 0, hdr_size, err);
	if (!hdr)
		return er_fail(err, 0, "file header truncated");
	attr_size = rd64(hdr + 16, pf->swap);
	if (read_section(pf, hdr + 24, 24, "attribute", &a_off, &a_size, err) < 0 ||
	    read_section(pf, hdr + 40, 40, "data", &d_off, &d_size, err) < 0)
		return -1;
	if (d_size == 0)
		return er_fail(err, 48, "data size is 0: the recording was not finished");
	if (d_off < hdr_size)
		return er_fail(err, 40, "data section overlaps the header");
	if (read_attrs(pf, attr_size, a_off, a_size, err) < 0)
		return -1;
	pf->pos = d_off;
	pf->data_end = d_off + d_size;
	if (hdr_size == PF_FILE_HEADER_SIZE)
		return read_features(pf, hdr, pf->data_end, err);
	return 0;
}

static int detect_byte_order(struct perf_file *pf, const uint8_t *magic, struct er_err *err)
{
	uint64_t le = rd64(magic, host_is_big_endian());

	if (le == PERF_MAGIC2_LE) {
		pf->big_endian = false;
	} else if (__builtin_bswap64(le) == PERF_MAGIC2_LE) {
		pf->big_endian = true;
	} else if (memcmp(magic, PERF_MAGIC1_STR, 8) == 0) {
		return er_fail(err, 0, "perf.data version 1 is not supported");
	} else {
		return er_fail(err, 0, "not a perf.data file (bad magic)");
	}
	pf->swap = pf->big_endian != host_is_big_endian();
	return 0;
}

int perf_file_open(struct perf_file *pf, struct input *in, struct er_err *err)
{
	const uint8_t *hdr;

	memset(pf, 0, sizeof(*pf));
	pf->in = in;
	pf->sample_id_pos = -1;
	pf->trailer_id_pos = -1;
	hdr = input_get(in, 0, 16, err);
	if (!hdr)
		return err->set ? -1 : er_fail(err, 0, "file is too short for a perf.data header");
	if (detect_byte_order(pf, hdr, err) < 0)
		return -1;
	if (rd64(hdr + 8, pf->swap) == PF_PIPE_HEADER_SIZE) {
		pf->pipe_mode = true;
		pf->pos = PF_PIPE_HEADER_SIZE;
		pf->data_end = UINT64_MAX;
		return 0;
	}
	if (!in->seekable)
		return er_fail(err, 8, "file-mode perf.data cannot be read from a pipe");
	return read_file_header(pf, err);
}

int perf_file_open_records(struct perf_file *pf, struct input *in, const struct perf_file *main,
			   struct er_err *err)
{
	memset(pf, 0, sizeof(*pf));
	pf->in = in;
	pf->swap = main->swap;
	pf->big_endian = main->big_endian;
	pf->comp_type = main->comp_type;
	pf->sample_id_pos = -1;
	pf->trailer_id_pos = -1;
	if (!in->seekable)
		return er_fail(err, 0, "not a regular file");
	pf->data_end = input_known_size(in);
	return 0;
}

/* ---- records ---- */

static int header_attr_record(struct perf_file *pf, const struct pf_record *rec,
			      struct er_err *err)
{
	const uint8_t *attr = rec->data + REC_HEADER_SIZE;
	uint32_t attr_size, i, nids;

	if (rec->size < REC_HEADER_SIZE + PF_ATTR_SIZE_VER0)
		return er_fail(err, rec->offset, "attribute record too short (%u bytes)", rec->size);
	attr_size = attr_own_size(pf, attr);
	if (attr_size < PF_ATTR_SIZE_VER0 || attr_size > rec->size - REC_HEADER_SIZE)
		return er_fail(err, rec->offset, "attribute size %u does not fit its record", attr_size);
	if (attr_add(pf, attr, rec->offset, err) < 0)
		return -1;
	nids = (rec->size - REC_HEADER_SIZE - attr_size) / 8;
	for (i = 0; i < nids; i++)
		if (ids_add(pf, rd64(attr + attr_size + 8 * i, pf->swap), pf->nattrs - 1,
			    rec->offset, err) < 0)
			return -1;
	return 0;
}

static int skip_payload(struct perf_file *pf, uint64_t size, struct er_err *err)
{
	uint64_t end = pf->pos + size;

	if (size > pf->data_end - pf->pos)
		return er_fail(err, pf->pos, "payload of %llu bytes beyond end of data",
			       (unsigned long long)size);
	while (pf->pos < end) {
		size_t chunk = end - pf->pos > SKIP_CHUNK ? SKIP_CHUNK : (size_t)(end - pf->pos);

		input_release(pf->in, pf->pos);
		if (!input_get(pf->in, pf->pos, chunk, err))
			return er_fail(err, pf->pos, "payload truncated");
		pf->pos += chunk;
	}
	return 0;
}

static int tracing_data_record(struct perf_file *pf, struct pf_record *rec, struct er_err *err)
{
	uint32_t size;

	if (rec->size < 16)
		return er_fail(err, rec->offset, "tracing-data record too short");
	size = rd32(rec->data + 8, pf->swap);
	if (size > pf->data_end - pf->pos)
		return er_fail(err, rec->offset, "tracing data of %u bytes beyond end of data", size);
	rec->payload = input_get(pf->in, pf->pos, size, err);
	if (!rec->payload)
		return er_fail(err, pf->pos, "tracing data truncated (%u bytes announced)", size);
	/* the window may have moved: the record header is re-read by offset */
	rec->data = input_get(pf->in, rec->offset, rec->size, err);
	rec->payload = input_get(pf->in, pf->pos, size, err);
	rec->payload_size = size;
	pf->pos += size;
	return 0;
}

static void feature_record(struct perf_file *pf, const struct pf_record *rec)
{
	uint64_t feature;

	if (rec->size < 16)
		return;
	feature = rd64(rec->data + 8, pf->swap);
	if (feature == HEADER_CPUDESC)
		parse_cpudesc(pf, rec->data + 16, rec->size - 16);
	else if (feature == HEADER_COMPRESSED)
		parse_compressed(pf, rec->data + 16, rec->size - 16);
}

/* PERF_RECORD_COMPRESSED: the header, then zstd bytes; COMPRESSED2 puts
 * their number in a u64 first and pads the record to 8 bytes. */
static int compressed_record(struct perf_file *pf, struct pf_record *rec, struct er_err *err)
{
	const uint8_t *payload = rec->data + REC_HEADER_SIZE;
	size_t size = rec->size - REC_HEADER_SIZE;

	if (pf->comp_type && pf->comp_type != PERF_COMP_ZSTD)
		return er_fail(err, rec->offset, "compression type %u is not zstd (%u)",
			       pf->comp_type, PERF_COMP_ZSTD);
	if (rec->type == PERF_RECORD_COMPRESSED2) {
		uint64_t data_size;

		if (rec->size < 16)
			return er_fail(err, rec->offset, "compressed record too short");
		data_size = rd64(rec->data + 8, pf->swap);
		if (data_size > rec->size - 16u)
			return er_fail(err, rec->offset, "compressed data of %llu bytes does not fit its record",
				       (unsigned long long)data_size);
		payload += 8;
		size = (size_t)data_size;
	}
	if (!pf->zstd && !(pf->zstd = pf_zstd_new()))
		return er_fail(err, rec->offset, "out of memory for the zstd decompressor");
	rec->kind = PF_REC_COMPRESSED;
	pf->zstd_off = rec->offset;
	pf->compressed_records++;
	return pf_zstd_feed(pf->zstd, payload, size, rec->offset, err);
}

static int classify_user_record(struct perf_file *pf, struct pf_record *rec, struct er_err *err)
{
	switch (rec->type) {
	case PERF_RECORD_HEADER_ATTR:
		return header_attr_record(pf, rec, err);
	case PERF_RECORD_HEADER_TRACING_DATA:
		rec->kind = PF_REC_TRACING_DATA;
		return tracing_data_record(pf, rec, err);
	case PERF_RECORD_FINISHED_ROUND:
		rec->kind = PF_REC_FINISHED_ROUND;
		return 0;
	case PERF_RECORD_AUXTRACE:
		if (rec->size < 16)
			return er_fail(err, rec->offset, "auxtrace record too short");
		return skip_payload(pf, rd64(rec->data + 8, pf->swap), err);
	case PERF_RECORD_TIME_CONV:
		if (rec->size < 24)
			return er_fail(err, rec->offset, "time-conversion record too short");
		rec->kind = PF_REC_TIME_CONV;
		rec->time_shift = rd64(rec->data + 8, pf->swap);
		rec->time_mult = rd64(rec->data + 16, pf->swap);
		return 0;
	case PERF_RECORD_HEADER_FEATURE:
		feature_record(pf, rec);
		return 0;
	case PERF_RECORD_COMPRESSED:
	case PERF_RECORD_COMPRESSED2:
		return compressed_record(pf, rec, err);
	default:
		/* a type newer than this reader: its size was checked like any record's */
		if (rec->type > PERF_RECORD_FINISHED_INIT)
			rec->kind = PF_REC_UNKNOWN;
		return 0;
	}
}

static int classify_record(struct perf_file *pf, struct pf_record *rec, struct er_err *err)
{
	rec->kind = PF_REC_OTHER;
	switch (rec->type) {
	case PERF_RECORD_SAMPLE:
		rec->kind = PF_REC_SAMPLE;
		return 0;
	case PERF_RECORD_LOST:
		if (rec->size < 24)
			return er_fail(err, rec->offset, "lost record too short");
		rec->kind = PF_REC_LOST;
		rec->lost = rd64(rec->data + 16, pf->swap);
		return 0;
	case PERF_RECORD_LOST_SAMPLES:
		if (rec->size < 16)
			return er_fail(err, rec->offset, "lost-samples record too short");
		rec->kind = PF_REC_LOST_SAMPLES;
		rec->lost = rd64(rec->data + 8, pf->swap);
		return 0;
	}
	if (rec->type == 0)
		return er_fail(err, rec->offset, "record type 0");
	if (rec->type > PERF_RECORD_KERNEL_MAX && rec->type < 64) {
		rec->kind = PF_REC_UNKNOWN;
		return 0;
	}
	if (rec->type >= 64)
		return classify_user_record(pf, rec, err);
	return 0;
}

/* next_outer() for a sample of a mapped file that is whole: 1, or 0 to
 * leave the record (any other, or a broken one) to the general path. */
static inline int next_mapped_sample(struct perf_file *pf, struct pf_record *rec)
{
	const struct input *in = pf->in;
	uint64_t end = pf->data_end < in->size ? pf->data_end : in->size;
	const uint8_t *hdr;
	uint16_t size;

	if (!in->seekable || pf->pos >= end || end - pf->pos < REC_HEADER_SIZE)
		return 0;
	hdr = in->map + pf->pos;
	size = rd16(hdr + 6, pf->swap);
	if (rd32(hdr, pf->swap) != PERF_RECORD_SAMPLE || size < REC_HEADER_SIZE ||
	    size > end - pf->pos)
		return 0;
	if (end - pf->pos > PREFETCH_AHEAD)
		__builtin_prefetch(hdr + PREFETCH_AHEAD);
	rec->kind = PF_REC_SAMPLE;	/* its other fields are not read */
	rec->type = PERF_RECORD_SAMPLE;
	rec->data = hdr;
	rec->size = size;
	rec->offset = pf->pos;
	pf->pos += size;
	return 1;
}

/* The next record from the file itself. */
static int next_outer(struct perf_file *pf, struct pf_record *rec, struct er_err *err)
{
	const uint8_t *hdr;
	uint16_t size;

	input_release(pf->in, pf->pos);
	if (next_mapped_sample(pf, rec))
		return 1;
	if (pf->pos >= pf->data_end)
		return 0;
	input_prefetch(pf->in, pf->pos + PREFETCH_AHEAD);
	hdr = input_get(pf->in, pf->pos, REC_HEADER_SIZE, err);
	if (!hdr) {
		if (err->set)
			return -1;
		if (pf->pipe_mode && !input_get(pf->in, pf->pos, 1, err) && !err->set)
			return 0;	/* a stream ends between records */
		return er_fail(err, pf->pos, "record header truncated");
	}
	memset(rec, 0, sizeof(*rec));
	rec->type = rd32(hdr, pf->swap);
	size = rd16(hdr + 6, pf->swap);
	rec->offset = pf->pos;
	rec->size = size;
	if (size < REC_HEADER_SIZE)
		return er_fail(err, pf->pos, "record size %u is smaller than its header", size);
	if (size > pf->data_end - pf->pos)
		return er_fail(err, pf->pos, "record of %u bytes crosses the end of the data section", size);
	rec->data = input_get(pf->in, pf->pos, size, err);
	if (!rec->data)
		return err->set ? -1 : er_fail(err, pf->pos, "record truncated (%u bytes announced)", size);
	pf->pos += size;
	return classify_record(pf, rec, err) < 0 ? -1 : 1;
}

/* The next whole record decompressed from the compressed ones: 1, or 0 when
 * none is complete yet.  Its offset is that of its compressed record. */
static int next_inner(struct perf_file *pf, struct pf_record *rec, struct er_err *err)
{
	const uint8_t *p;
	size_t len;
	uint16_t size;

	p = pf_zstd_pending(pf->zstd, &len);
	if (len < REC_HEADER_SIZE)
		return 0;
	size = rd16(p + 6, pf->swap);
	if (size < REC_HEADER_SIZE)
		return er_fail(err, pf->zstd_off,
			       "record size %u inside a compressed record is smaller than its header", size);
	if (size > len)
		return 0;
	memset(rec, 0, sizeof(*rec));
	rec->type = rd32(p, pf->swap);
	rec->offset = pf->zstd_off;
	rec->size = size;
	rec->data = p;
	pf_zstd_take(pf->zstd, size);
	/* perf compresses what the kernel wrote: its own records stay outside */
	if (rec->type >= PERF_RECORD_HEADER_ATTR)
		return er_fail(err, rec->offset, "record type %u inside a compressed record", rec->type);
	return classify_record(pf, rec, err) < 0 ? -1 : 1;
}

int perf_file_next(struct perf_file *pf, struct pf_record *rec, struct er_err *err)
{
	int rc;

	for (;;) {
		if (pf->zstd) {
			rc = next_inner(pf, rec, err);
			if (rc)
				return rc;
		}
		rc = next_outer(pf, rec, err);
		if (rc == 0 && pf->zstd && pf_zstd_finish(pf->zstd, pf->pos, err) < 0)
			return -1;
		if (rc <= 0 || rec->kind != PF_REC_COMPRESSED)
			return rc;
	}
}

/* ---- which attribute a record belongs to ---- */

int perf_file_sample_attr(const struct perf_file *pf, const struct pf_record *rec,
			  struct er_err *err)
{
	uint64_t id;
	size_t at;

	if (pf->nattrs == 0)
		return er_fail(err, rec->offset, "sample before any event attribute");
	if (pf->nattrs == 1)
		return 0;
	if (pf->id_layout_mixed)
		return er_fail(err, rec->offset, "events disagree on where samples carry their id");
	if (pf->sample_id_pos < 0)
		return er_fail(err, rec->offset, "several events but samples carry no id");
	at = REC_HEADER_SIZE + 8 * (size_t)pf->sample_id_pos;
	if (at + 8 > rec->size)
		return er_fail(err, rec->offset, "sample too short for its id");
	id = rd64(rec->data + at, pf->swap);
	return ids_find(pf, id);	/* -1: unknown id, err not set */
}

int perf_file_trailer_attr(const struct perf_file *pf, const struct pf_record *rec)
{
	size_t back;

	if (pf->nattrs == 1)
		return 0;
	if (pf->nattrs == 0 || pf->id_layout_mixed || pf->trailer_id_pos < 0 ||
	    !pf->attrs[0].sample_id_all)
		return -1;
	back = 8 * (size_t)pf->trailer_id_pos;
	if (back > rec->size - REC_HEADER_SIZE)
		return -1;
	return ids_find(pf, rd64(rec->data + rec->size - back, pf->swap));
}

void perf_file_close(struct perf_file *pf)
{
	free(pf->attrs);
	keymap_free(&pf->ids);
	pf_zstd_free(pf->zstd);
	memset(pf, 0, sizeof(*pf));
}
