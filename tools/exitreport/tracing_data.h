/* tracing_data.h - the tracing-data section of perf.data into libtraceevent.
 *
 * Only the event formats this tool decodes are parsed (kvm:exit_timed,
 * kvm:kvm_exit, kvm:kvm_entry, kvm:kvm_cpuid); every other format is
 * skipped, so a strange format elsewhere cannot stop a report.
 */
#ifndef ER_TRACING_DATA_H
#define ER_TRACING_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct tep_handle;

/* Parse BLOB (SIZE bytes found at file offset OFF) into a new handle. */
int tracing_data_parse(const uint8_t *blob, size_t size, uint64_t off,
		       struct tep_handle **tep, struct er_err *err);

#endif
