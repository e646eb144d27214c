/* perf_dir.c - the files of a 'perf record --threads' directory, merged. */
#include "perf_dir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "perf_sample.h"

bool perf_dir_is(const char *path)
{
	struct stat st;

	return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int open_stream(struct perf_dir *d, const char *dir, size_t i, struct er_err *err)
{
	struct pd_file *f = &d->files[d->nfiles];
	char path[4096];

	snprintf(f->name, sizeof(f->name), "data.%zu", i);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, f->name) >= sizeof(path))
		return er_fail(err, ER_NO_OFFSET, "directory name too long");
	if (input_open(&f->in, path, err) < 0)
		return -1;
	if (perf_file_open_records(&f->own, &f->in, d->main, err) < 0) {
		input_close(&f->in);
		return er_fail(err, ER_NO_OFFSET, "%s: not a regular file", f->name);
	}
	f->pf = &f->own;
	d->nfiles++;
	return 0;
}

int perf_dir_open(struct perf_dir *d, const char *dir, struct perf_file *main,
		  struct er_err *err)
{
	char path[4096];
	struct stat st;
	size_t i;

	memset(d, 0, sizeof(*d));
	d->main = main;
	d->files = calloc(PERF_DIR_MAX_FILES + 1, sizeof(*d->files));
	if (!d->files)
		return er_fail(err, ER_NO_OFFSET, "out of memory for the directory's files");
	d->files[0].pf = main;
	snprintf(d->files[0].name, sizeof(d->files[0].name), "data");
	d->nfiles = 1;
	for (i = 0;; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/data.%zu", dir, i) >= sizeof(path))
			return er_fail(err, ER_NO_OFFSET, "directory name too long");
		if (stat(path, &st) < 0 && errno == ENOENT)
			break;
		if (i == PERF_DIR_MAX_FILES)
			return er_fail(err, ER_NO_OFFSET, "more than %u data.N files", PERF_DIR_MAX_FILES);
		if (open_stream(d, dir, i, err) < 0)
			return -1;
	}
	return 0;
}

/* The time a record is merged by: a sample's own, else 0 (at once). */
static uint64_t merge_time(const struct perf_dir *d, const struct pf_record *rec)
{
	struct er_err scratch = { 0 };
	struct pf_sample smp;
	int a;

	if (rec->kind != PF_REC_SAMPLE)
		return 0;
	a = perf_file_sample_attr(d->main, rec, &scratch);
	if (a < 0 || pf_sample_parse(d->main, &d->main->attrs[a], rec, &smp, &scratch) < 0 ||
	    !smp.has_time)
		return 0;	/* the session reports what is wrong with it */
	return smp.time;
}

static int peek(struct perf_dir *d, struct pd_file *f, struct er_err *err)
{
	int rc;

	if (f->peeked || f->done)
		return 0;
	rc = perf_file_next(f->pf, &f->next, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		f->done = true;
		return 0;
	}
	f->peeked = true;
	f->time = merge_time(d, &f->next);
	return 0;
}

int perf_dir_next(struct perf_dir *d, struct pf_record *rec, const char **name,
		  struct er_err *err)
{
	struct pd_file *best = NULL;
	size_t i;

	for (i = 0; i < d->nfiles; i++) {
		struct pd_file *f = &d->files[i];

		if (peek(d, f, err) < 0) {
			*name = f->name;
			return -1;
		}
		if (f->peeked && (!best || f->time < best->time))
			best = f;
	}
	if (!best)
		return 0;
	*rec = best->next;
	*name = best->name;
	best->peeked = false;
	return 1;
}

uint64_t perf_dir_pos(const struct perf_dir *d)
{
	uint64_t pos = 0;
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		pos += d->files[i].pf->pos;
	return pos;
}

uint64_t perf_dir_size(const struct perf_dir *d)
{
	uint64_t size = 0;
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		size += input_known_size(d->files[i].pf->in);
	return size;
}

void perf_dir_close(struct perf_dir *d)
{
	size_t i;

	for (i = 1; i < d->nfiles; i++) {
		perf_file_close(&d->files[i].own);
		input_close(&d->files[i].in);
	}
	free(d->files);
	memset(d, 0, sizeof(*d));
}
