/* perf_abi.h - the numbers of the perf.data format this reader needs.
 * From include/uapi/linux/perf_event.h and tools/perf/util/header.h.
 */
#ifndef ER_PERF_ABI_H
#define ER_PERF_ABI_H

#define PERF_MAGIC2_LE 0x32454c4946524550ULL	/* "PERFILE2" read little-endian */
#define PERF_MAGIC1_STR "PERFFILE"

#define PF_FILE_HEADER_SIZE 104u
#define PF_FILE_HEADER_SIZE_NOFEAT 72u
#define PF_PIPE_HEADER_SIZE 16u
#define PF_ATTR_SIZE_VER0 64u
#define PF_FEAT_BITS 256u

/* header.h feature bits */
#define HEADER_TRACING_DATA 1
#define HEADER_HOSTNAME 3
#define HEADER_CPUDESC 8
#define HEADER_COMPRESSED 27	/* u32 version, type, level, ratio, mmap_len */
#define PERF_COMP_ZSTD 1

/* perf_event_attr */
#define PERF_TYPE_TRACEPOINT 2
#define PF_ATTR_OFF_TYPE 0
#define PF_ATTR_OFF_SIZE 4
#define PF_ATTR_OFF_CONFIG 8
#define PF_ATTR_OFF_SAMPLE_TYPE 24
#define PF_ATTR_OFF_READ_FORMAT 32
#define PF_ATTR_OFF_FLAGS 40
#define PF_ATTR_FLAG_SAMPLE_ID_ALL 18

/* sample_type bits */
#define PERF_SAMPLE_IP (1u << 0)
#define PERF_SAMPLE_TID (1u << 1)
#define PERF_SAMPLE_TIME (1u << 2)
#define PERF_SAMPLE_ADDR (1u << 3)
#define PERF_SAMPLE_READ (1u << 4)
#define PERF_SAMPLE_CALLCHAIN (1u << 5)
#define PERF_SAMPLE_ID (1u << 6)
#define PERF_SAMPLE_CPU (1u << 7)
#define PERF_SAMPLE_PERIOD (1u << 8)
#define PERF_SAMPLE_STREAM_ID (1u << 9)
#define PERF_SAMPLE_RAW (1u << 10)
#define PERF_SAMPLE_IDENTIFIER (1u << 16)

/* read_format bits */
#define PERF_FORMAT_TOTAL_TIME_ENABLED (1u << 0)
#define PERF_FORMAT_TOTAL_TIME_RUNNING (1u << 1)
#define PERF_FORMAT_ID (1u << 2)
#define PERF_FORMAT_GROUP (1u << 3)
#define PERF_FORMAT_LOST (1u << 4)

/* record types */
#define PERF_RECORD_LOST 2
#define PERF_RECORD_SAMPLE 9
#define PERF_RECORD_LOST_SAMPLES 13
#define PERF_RECORD_KERNEL_MAX 21	/* AUX_OUTPUT_HW_ID */
#define PERF_RECORD_HEADER_ATTR 64
#define PERF_RECORD_HEADER_TRACING_DATA 66
#define PERF_RECORD_FINISHED_ROUND 68
#define PERF_RECORD_AUXTRACE 71
#define PERF_RECORD_TIME_CONV 79
#define PERF_RECORD_HEADER_FEATURE 80
#define PERF_RECORD_COMPRESSED 81
#define PERF_RECORD_FINISHED_INIT 82
#define PERF_RECORD_COMPRESSED2 83

#endif
