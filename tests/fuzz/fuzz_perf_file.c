/* fuzz_perf_file.c - libFuzzer harness over the perf.data reader and the
 * event decoder: header, attributes, feature sections, tracing data
 * (through libtraceevent), records, samples and raw tracepoint data.
 * Any crash, hang, sanitizer report or huge allocation is a bug; errors
 * must come back as a set struct er_err.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>
#include <json-c/json.h>

#include "exit_event.h"
#include "input.h"
#include "perf_file.h"
#include "perf_sample.h"
#include "qmp_stats.h"
#include "tracing_data.h"

/* An input that starts with '{' is QMP replies instead: {"stats": the return of
 * query-stats, "cpus": that of query-cpus-fast}, through the snapshot parser. */
static void fuzz_qmp(const uint8_t *data, size_t size)
{
	struct qmp_schema sc = { .exit_stats = true, .stock = { [QS_EXITS] = true, [QS_HALT] = true } };
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o = tok ? json_tokener_parse_ex(tok, (const char *)data, (int)size) : NULL;
	struct json_object *stats = NULL, *cpus = NULL;
	struct er_err err = { 0 };
	struct qmp_snap snap;

	json_object_object_get_ex(o, "stats", &stats);
	json_object_object_get_ex(o, "cpus", &cpus);
	if (qmp_snap_parse(stats, cpus, &sc, false, &snap, &err) < 0 && !err.what[0])
		abort();	/* an error must say what */
	qmp_snap_free(&snap);
	json_object_put(o);
	if (tok)
		json_tokener_free(tok);
}

static int load_tracing(struct tep_handle **tep, struct ev_decoder *dec, const uint8_t *blob,
			size_t size, uint64_t off, struct er_err *err)
{
	if (*tep)
		return 0;
	if (tracing_data_parse(blob, size, off, tep, err) < 0)
		return -1;
	return ev_decoder_init(dec, *tep, off, err);
}

static int on_sample(struct perf_file *pf, struct ev_decoder *dec, const struct pf_record *rec,
		     struct er_err *err)
{
	struct pf_sample s;
	struct trace_ev ev;
	int a = perf_file_sample_attr(pf, rec, err);

	if (a < 0)
		return err->set ? -1 : 0;
	if (pf_sample_parse(pf, &pf->attrs[a], rec, &s, err) < 0)
		return -1;
	if (!dec->ready)
		return 0;
	ev_decoder_classify(dec, pf);
	return ev_decode(dec, (size_t)a, &s, rec->offset, &ev, err) < 0 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ev_decoder dec;
	struct tep_handle *tep = NULL;
	struct er_err err = { 0 };
	struct perf_file pf;
	struct pf_record rec;
	struct input in;
	uint64_t t;

	if (size && data[0] == '{' && size < INT32_MAX) {
		fuzz_qmp(data, size);
		return 0;
	}
	tep_set_loglevel(TEP_LOG_NONE);
	memset(&dec, 0, sizeof(dec));
	input_open_memory(&in, data, size);
	if (perf_file_open(&pf, &in, &err) < 0)
		goto out;
	if (pf.tracing_data &&
	    load_tracing(&tep, &dec, pf.tracing_data, pf.tracing_size, pf.tracing_off, &err) < 0)
		goto out;
	while (perf_file_next(&pf, &rec, &err) > 0) {
		int rc = 0;

		if (rec.kind == PF_REC_SAMPLE)
			rc = on_sample(&pf, &dec, &rec, &err);
		else if (rec.kind == PF_REC_TRACING_DATA)
			rc = load_tracing(&tep, &dec, rec.payload, rec.payload_size, rec.offset, &err);
		else if ((rec.kind == PF_REC_LOST || rec.kind == PF_REC_LOST_SAMPLES) &&
			 perf_file_trailer_attr(&pf, &rec) >= 0)
			pf_trailer_time(&pf, &pf.attrs[perf_file_trailer_attr(&pf, &rec)], &rec, &t);
		if (rc < 0)
			break;
	}
out:
	if (err.set && !err.what[0])
		abort();	/* an error must say what */
	if (tep)
		tep_free(tep);
	perf_file_close(&pf);
	input_close(&in);
	return 0;
}
