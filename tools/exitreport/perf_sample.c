/* perf_sample.c - walking a sample record in sample_type order. */
#include "perf_sample.h"

#include "bytes.h"
#include "perf_abi.h"

struct cursor {
	const uint8_t *p;
	const uint8_t *end;
	bool swap;
};

static bool take(struct cursor *c, size_t n, const uint8_t **at)
{
	if ((size_t)(c->end - c->p) < n)
		return false;
	*at = c->p;
	c->p += n;
	return true;
}

static bool take_u64(struct cursor *c, uint64_t *v)
{
	const uint8_t *at;

	if (!take(c, 8, &at))
		return false;
	*v = rd64(at, c->swap);
	return true;
}

static bool skip_u64s(struct cursor *c, uint64_t n)
{
	const uint8_t *at;

	if (n > (uint64_t)(c->end - c->p) / 8)
		return false;
	return take(c, (size_t)n * 8, &at);
}

static bool skip_read_values(struct cursor *c, uint64_t read_format)
{
	uint64_t per_value = 1 + !!(read_format & PERF_FORMAT_ID) + !!(read_format & PERF_FORMAT_LOST);
	uint64_t times = !!(read_format & PERF_FORMAT_TOTAL_TIME_ENABLED) +
			 !!(read_format & PERF_FORMAT_TOTAL_TIME_RUNNING);
	uint64_t nr;

	if (!(read_format & PERF_FORMAT_GROUP))
		return skip_u64s(c, per_value + times);
	if (!take_u64(c, &nr) || nr > 1u << 16)
		return false;
	return skip_u64s(c, times + nr * per_value);
}

static bool take_front(struct cursor *c, uint64_t st, struct pf_sample *s)
{
	const uint8_t *at;

	if ((st & PERF_SAMPLE_IDENTIFIER) && !skip_u64s(c, 1))
		return false;
	if ((st & PERF_SAMPLE_IP) && !skip_u64s(c, 1))
		return false;
	if (st & PERF_SAMPLE_TID) {
		if (!take(c, 8, &at))
			return false;
		s->pid = rd32(at, c->swap);
		s->tid = rd32(at + 4, c->swap);
	}
	if (st & PERF_SAMPLE_TIME) {
		if (!take_u64(c, &s->time))
			return false;
		s->has_time = true;
	}
	if ((st & PERF_SAMPLE_ADDR) && !skip_u64s(c, 1))
		return false;
	if ((st & PERF_SAMPLE_ID) && !skip_u64s(c, 1))
		return false;
	if ((st & PERF_SAMPLE_STREAM_ID) && !skip_u64s(c, 1))
		return false;
	if (st & PERF_SAMPLE_CPU) {
		if (!take(c, 8, &at))
			return false;
		s->cpu = rd32(at, c->swap);
	}
	if ((st & PERF_SAMPLE_PERIOD) && !skip_u64s(c, 1))
		return false;
	return true;
}

static bool take_raw(struct cursor *c, struct pf_sample *s)
{
	const uint8_t *at;

	if (!take(c, 4, &at))
		return false;
	s->raw_size = rd32(at, c->swap);
	return take(c, s->raw_size, &s->raw);
}

/* Where the walk below finds a sample's fields, when that depends on the
 * attribute alone (no callchain, no group read values).  The layout is
 * taken from the walk itself, so the two cannot disagree: in a probe sample
 * every 32-bit word holds the offset of its 8-byte field, and the fields the
 * walk takes read back where they sit. */
void pf_sample_layout(struct pf_attr *attr)
{
	uint32_t probe[64];	/* more than the front fields and read values take */
	struct pf_sample_layout *l = &attr->layout;
	uint64_t st = attr->sample_type, rf = attr->read_format;
	struct pf_sample s = { 0 };
	struct cursor c = { (const uint8_t *)probe, (const uint8_t *)(probe + 64), false };

	*l = (struct pf_sample_layout){ .tid = -1, .time = -1, .cpu = -1, .raw = -1 };
	if ((st & PERF_SAMPLE_CALLCHAIN) || ((st & PERF_SAMPLE_READ) && (rf & PERF_FORMAT_GROUP)))
		return;
	for (unsigned int i = 0; i < 64; i++)
		probe[i] = i / 2 * 8;
	if (!take_front(&c, st, &s) || ((st & PERF_SAMPLE_READ) && !skip_read_values(&c, rf)))
		return;
	l->tid = (st & PERF_SAMPLE_TID) ? (int16_t)s.pid : -1;
	l->time = (st & PERF_SAMPLE_TIME) ? (int16_t)(uint32_t)s.time : -1;
	l->cpu = (st & PERF_SAMPLE_CPU) ? (int16_t)s.cpu : -1;
	l->front = (uint16_t)(c.p - (const uint8_t *)probe);
	l->raw = (st & PERF_SAMPLE_RAW) ? (int16_t)l->front : -1;
	l->fixed = true;
}

/* A sample of fixed layout that holds all its fields: false when it does
 * not, and the walk below says what is wrong with it. */
static bool parse_fixed(const struct pf_sample_layout *l, const uint8_t *p, uint32_t len,
			bool swap, struct pf_sample *s)
{
	if (len < l->front)
		return false;
	if (l->raw >= 0) {
		uint32_t raw_size;

		if (len - l->front < 4)
			return false;
		raw_size = rd32(p + l->raw, swap);
		if (raw_size > len - l->front - 4)
			return false;
		s->raw = p + l->raw + 4;
		s->raw_size = raw_size;
	}
	if (l->tid >= 0) {
		s->pid = rd32(p + l->tid, swap);
		s->tid = rd32(p + l->tid + 4, swap);
	}
	if (l->time >= 0) {
		s->time = rd64(p + l->time, swap);
		s->has_time = true;
	}
	if (l->cpu >= 0)
		s->cpu = rd32(p + l->cpu, swap);
	return true;
}

int pf_sample_parse(const struct perf_file *pf, const struct pf_attr *attr,
		    const struct pf_record *rec, struct pf_sample *s, struct er_err *err)
{
	struct cursor c = { rec->data + 8, rec->data + rec->size, pf->swap };
	uint64_t st = attr->sample_type, nr;

	s->pid = s->tid = s->cpu = 0;
	s->time = 0;
	s->has_time = false;
	s->raw = NULL;
	s->raw_size = 0;
	if (attr->layout.fixed && parse_fixed(&attr->layout, c.p, (uint32_t)(c.end - c.p), pf->swap, s))
		return 0;
	if (!take_front(&c, st, s))
		return er_fail(err, rec->offset, "sample too short for its fields");
	if ((st & PERF_SAMPLE_READ) && !skip_read_values(&c, attr->read_format))
		return er_fail(err, rec->offset, "sample too short for its read values");
	if (st & PERF_SAMPLE_CALLCHAIN) {
		if (!take_u64(&c, &nr) || !skip_u64s(&c, nr))
			return er_fail(err, rec->offset, "sample too short for its callchain");
	}
	if ((st & PERF_SAMPLE_RAW) && !take_raw(&c, s))
		return er_fail(err, rec->offset, "sample too short for its raw data");
	return 0;
}

bool pf_trailer_time(const struct perf_file *pf, const struct pf_attr *attr,
		     const struct pf_record *rec, uint64_t *time)
{
	uint64_t st = attr->sample_type;
	size_t back;

	if (!attr->sample_id_all || !(st & PERF_SAMPLE_TIME))
		return false;
	/* trailer: TID TIME ID STREAM_ID CPU IDENTIFIER */
	back = 8 * (1 + __builtin_popcountll(st & (PERF_SAMPLE_ID | PERF_SAMPLE_STREAM_ID |
						  PERF_SAMPLE_CPU | PERF_SAMPLE_IDENTIFIER)));
	if (back > rec->size - 8u)
		return false;
	*time = rd64(rec->data + rec->size - back, pf->swap);
	return true;
}
