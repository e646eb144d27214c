/* live_source_tracefs.c - reading the running kernel's trace.
 *
 * Why libtracefs and not perf_event_open ring buffers: the events are
 * tracepoints whose formats the decoder already takes from libtraceevent
 * (exit_event.c); libtracefs hands over those formats from the running
 * kernel (tracefs_local_events_system) and the raw records of every CPU's
 * ring buffer merged in time order (tracefs_iterate_raw_events), with the
 * ring buffer's own count of missed events.  The raw record is the same
 * bytes a perf sample's PERF_SAMPLE_RAW carries, so each one is decoded by
 * ev_decode exactly as in a file.  Tracing runs in an instance of our own
 * (exitreport-PID), with trace_clock mono, so other users of tracefs are
 * not disturbed and the times are CLOCK_MONOTONIC ns.
 */
#define _GNU_SOURCE
#include "live_source_tracefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event-parse.h>
#include <tracefs.h>

#include "keymap.h"

struct live_tracefs {
	struct session *s;
	struct tracefs_instance *inst;
	int ids[SESSION_NATTRS];
	struct keymap tgid;	/* tid -> tgid (the QEMU pid) */
	int rc;
};

static uint32_t tgid_of(struct live_tracefs *t, uint32_t tid)
{
	char path[64], line[128];
	long i = keymap_get(&t->tgid, tid);
	uint32_t tgid = tid;
	FILE *f;

	if (i >= 0)
		return (uint32_t)i;
	snprintf(path, sizeof(path), "/proc/%u/status", tid);
	f = fopen(path, "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "Tgid: %u", &tgid) == 1)
				break;
		fclose(f);
	}
	keymap_put(&t->tgid, tid, tgid);
	return tgid;
}

static int on_record(struct tep_event *event, struct tep_record *rec, int cpu, void *ctx)
{
	struct live_tracefs *t = ctx;
	struct pf_sample smp;
	unsigned long long tid = 0;
	size_t a;

	if (rec->missed_events > 0)
		session_note_lost(t->s, (uint64_t)rec->missed_events);
	for (a = 0; a < SESSION_NATTRS; a++)
		if (t->ids[a] == event->id)
			break;
	if (a == SESSION_NATTRS)
		return 0;
	tep_read_number_field(tep_find_common_field(event, "common_pid"), rec->data, &tid);
	memset(&smp, 0, sizeof(smp));
	smp.tid = (uint32_t)tid;
	smp.pid = tgid_of(t, smp.tid);
	smp.time = rec->ts;
	smp.has_time = true;
	smp.cpu = (uint32_t)cpu;
	smp.raw = rec->data;
	smp.raw_size = (uint32_t)rec->size;
	if (session_push_sample(t->s, a, &smp) < 0) {
		t->rc = -1;
		tracefs_iterate_stop(t->inst);
		return 1;
	}
	return 0;
}

static int fail_errno(struct er_err *err, const char *what, const char *path)
{
	int e = errno;

	if (e == EACCES || e == EPERM)
		return er_fail(err, ER_NO_OFFSET, "%s: %s: permission denied (needs root or CAP_SYS_ADMIN)",
			       path, what);
	return er_fail(err, ER_NO_OFFSET, "%s: %s: %s", path, what, strerror(e ? e : EIO));
}

struct live_tracefs *live_tracefs_open(struct session *s, const struct session_opts *opts,
				       struct er_err *err)
{
	static const char *const systems[] = { "kvm", NULL };
	const char *names[SESSION_NATTRS] = { "exit_timed", "kvm_exit", "kvm_entry" };
	const char *dir = tracefs_tracing_dir();
	struct live_tracefs *t;
	struct tep_handle *tep;
	char path[4096], iname[64];
	size_t a;

	if (!dir) {
		er_fail(err, ER_NO_OFFSET, "no tracefs: mount it (mount -t tracefs nodev /sys/kernel/tracing)");
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/events", dir);
	if (access(path, R_OK | X_OK) != 0 || access(dir, W_OK) != 0) {
		fail_errno(err, "cannot use tracefs", dir);
		return NULL;
	}
	tep = tracefs_local_events_system(dir, systems);
	if (!tep) {
		fail_errno(err, "cannot read the kvm event formats", dir);
		return NULL;
	}
	for (a = opts->prefer_stock ? 1 : 0; a < (opts->prefer_stock ? 3u : 1u); a++)
		if (!tep_find_event_by_name(tep, "kvm", names[a])) {
			er_fail(err, ER_NO_OFFSET, "unknown event kvm:%s in %s (%s)", names[a], dir,
				a ? "is the kvm module loaded?"
				  : "not a kernel with the exit-statistics series; --stock uses kvm_exit/kvm_entry");
			tep_free(tep);
			return NULL;
		}
	t = calloc(1, sizeof(*t));
	if (!t) {
		tep_free(tep);
		er_fail(err, ER_NO_OFFSET, "out of memory");
		return NULL;
	}
	for (a = 0; a < SESSION_NATTRS; a++) {
		struct tep_event *e = tep_find_event_by_name(tep, "kvm", names[a]);

		t->ids[a] = e ? e->id : -1;
	}
	t->s = s;
	if (session_start_fed(s, opts, tep, err) < 0) {
		free(t);
		return NULL;
	}
	snprintf(iname, sizeof(iname), "exitreport-%d", (int)getpid());
	t->inst = tracefs_instance_create(iname);
	if (!t->inst) {
		fail_errno(err, "cannot create a tracing instance", dir);
		free(t);
		return NULL;
	}
	errno = 0;
	if (tracefs_instance_file_write(t->inst, "trace_clock", "mono") < 0 ||
	    (opts->prefer_stock ? tracefs_event_enable(t->inst, "kvm", "kvm_exit") < 0 ||
				  tracefs_event_enable(t->inst, "kvm", "kvm_entry") < 0
				: tracefs_event_enable(t->inst, "kvm", "exit_timed") < 0) ||
	    tracefs_trace_on(t->inst) < 0) {
		fail_errno(err, "cannot enable the kvm events", dir);
		tracefs_instance_destroy(t->inst);
		tracefs_instance_free(t->inst);
		free(t);
		return NULL;
	}
	return t;
}

int live_tracefs_poll(struct live_tracefs *t)
{
	if (tracefs_iterate_raw_events(t->s->tep, t->inst, NULL, 0, on_record, t) < 0 && !t->rc)
		return er_fail(t->s->err, ER_NO_OFFSET, "reading the trace: %s", strerror(errno));
	if (t->rc < 0)
		return -1;
	return session_round(t->s);
}

int live_tracefs_close(struct live_tracefs *t)
{
	int rc;

	tracefs_trace_off(t->inst);
	tracefs_event_disable(t->inst, "kvm", NULL);
	tracefs_instance_destroy(t->inst);
	tracefs_instance_free(t->inst);
	keymap_free(&t->tgid);
	rc = session_finish_fed(t->s);
	free(t);
	return rc;
}
