/* lost_info.h - what the reader lost, skipped or saw out of order: counted
 * by the session, printed by every output. */
#ifndef ER_LOST_INFO_H
#define ER_LOST_INFO_H

#include <stdint.h>

struct lost_info {
	uint64_t records;	/* PERF_RECORD_LOST records */
	uint64_t events;	/* events they say were lost */
	uint64_t sample_records;	/* PERF_RECORD_LOST_SAMPLES records */
	uint64_t samples;
	uint64_t unknown_id;	/* samples whose id matches no attribute */
	uint64_t late;		/* events that arrived out of time order */
	uint64_t unknown_records;	/* records of types this reader does not know, skipped */
};

#endif
