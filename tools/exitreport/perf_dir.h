/* perf_dir.h - 'perf record --threads' recordings: a directory whose file
 * "data" holds the header, the attributes and perf's own records, and whose
 * files "data.0" ... "data.N-1" hold the records each of perf's threads read
 * from its ring buffers (HEADER_DIR_FORMAT).
 *
 * The records of all files are merged into one stream: a sample goes when
 * its time is the smallest of the files' next samples, any other record as
 * soon as it is next in its file.  Each thread's file is ordered by time as
 * far as its ring buffers are, so the merged stream is as ordered as one
 * file of perf record without --threads; the session's reordering does the
 * rest.
 */
#ifndef ER_PERF_DIR_H
#define ER_PERF_DIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "input.h"
#include "perf_file.h"

#define PERF_DIR_MAX_FILES 4096u

struct pd_file {
	struct perf_file *pf;	/* files[0]: the caller's, the "data" file */
	struct input in;	/* the others' own */
	struct perf_file own;
	struct pf_record next;
	bool peeked;
	bool done;
	uint64_t time;		/* of the peeked record, 0 when not a sample */
	char name[16];		/* "data", "data.N" */
};

struct perf_dir {
	struct pd_file *files;
	size_t nfiles;
	const struct perf_file *main;
};

/* True when PATH is a directory (a --threads recording). */
bool perf_dir_is(const char *path);

/* Opens DIR/data.N for N = 0, 1, ... next to MAIN (DIR/data, already opened
 * by the caller and read through files[0]). */
int perf_dir_open(struct perf_dir *d, const char *dir, struct perf_file *main,
		  struct er_err *err);

/* The next record in the merged order: 1, 0 at the end of every file, -1.
 * *name is the file it came from. */
int perf_dir_next(struct perf_dir *d, struct pf_record *rec, const char **name,
		  struct er_err *err);

/* Bytes read so far over all files, and their total size. */
uint64_t perf_dir_pos(const struct perf_dir *d);
uint64_t perf_dir_size(const struct perf_dir *d);

void perf_dir_close(struct perf_dir *d);

#endif
