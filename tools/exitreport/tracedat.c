/* tracedat.c - trace.dat through libtracecmd into the session. */
#include "tracedat.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <trace-cmd.h>

#include "session.h"

/* "\027\010\104tracing" */
static const char tracedat_magic[10] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

/* Records between two rounds: libtracecmd hands them out in time order. */
#define TRACEDAT_ROUND 4096u

bool tracedat_is(const char *path)
{
	char magic[sizeof(tracedat_magic)];
	int fd = strcmp(path, "-") == 0 ? -1 : open(path, O_RDONLY);
	bool is;

	if (fd < 0)
		return false;
	is = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	     memcmp(magic, tracedat_magic, sizeof(magic)) == 0;
	close(fd);
	return is;
}

struct tracedat {
	struct session *s;
	struct tep_handle *tep;
	int src_of_id[1 << 16];	/* event id -> enum ev_source, 0 other */
	uint64_t seen[EV_SRC_COUNT];
	uint64_t records;
	int rc;
};

static void map_ids(struct tracedat *t, const struct ev_decoder *dec)
{
	int src;

	memset(t->src_of_id, 0, sizeof(t->src_of_id));
	for (src = EV_SRC_OTHER + 1; src < EV_SRC_COUNT; src++)
		if (dec->formats[src].id >= 0 && dec->formats[src].id < (1 << 16))
			t->src_of_id[dec->formats[src].id] = src;
}

static int source_of(const struct tracedat *t, struct tep_record *rec)
{
	int id = tep_data_type(t->tep, rec);

	return id >= 0 && id < (1 << 16) ? t->src_of_id[id] : EV_SRC_OTHER;
}

/* First pass: which events the file holds, to choose the source. */
static int count_one(struct tracecmd_input *h, struct tep_record *rec, int cpu, void *data)
{
	struct tracedat *t = data;

	(void)h;
	(void)cpu;
	t->seen[source_of(t, rec)]++;
	return 0;
}

static int feed_one(struct tracecmd_input *h, struct tep_record *rec, int cpu, void *data)
{
	struct tracedat *t = data;
	int src = source_of(t, rec);
	struct pf_sample smp;

	(void)h;
	if (rec->missed_events > 0)
		session_note_lost(t->s, (uint64_t)rec->missed_events);
	if (src == EV_SRC_OTHER)
		return 0;
	memset(&smp, 0, sizeof(smp));
	smp.tid = (uint32_t)tep_data_pid(t->tep, rec);
	smp.pid = smp.tid;	/* no process ids in ftrace: a VM per thread */
	smp.time = rec->ts;
	smp.has_time = true;
	smp.cpu = (uint32_t)cpu;
	smp.raw = rec->data;
	smp.raw_size = rec->size > 0 ? (uint32_t)rec->size : 0;
	if (session_push_sample(t->s, (size_t)src, &smp) < 0 ||
	    (++t->records % TRACEDAT_ROUND == 0 && session_round(t->s) < 0)) {
		t->rc = -1;
		return 1;	/* stop */
	}
	return 0;
}

static int choose(const struct tracedat *t, const struct session_opts *opts, struct er_err *err,
		  enum source_kind *source)
{
	bool stock = t->seen[EV_SRC_KVM_EXIT] && t->seen[EV_SRC_KVM_ENTRY];

	if (t->seen[EV_SRC_EXIT_TIMED] && !opts->prefer_stock)
		*source = SOURCE_EXIT_TIMED;
	else if (stock)
		*source = SOURCE_STOCK;
	else if (opts->prefer_stock)
		return er_fail(err, ER_NO_OFFSET, "no kvm:kvm_exit and kvm:kvm_entry events recorded");
	else
		return er_fail(err, ER_NO_OFFSET,
			       "no kvm:exit_timed (or kvm:kvm_exit + kvm:kvm_entry) events recorded");
	return 0;
}

static struct tracecmd_input *open_file(const char *path, struct er_err *err)
{
	struct tracecmd_input *h;

	tracecmd_set_loglevel(TEP_LOG_NONE);
	h = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS | TRACECMD_FL_LOAD_NO_SYSTEM_PLUGINS);
	if (!h)
		er_fail(err, ER_NO_OFFSET, "not a readable trace.dat file (libtracecmd refused it)");
	return h;
}

/* The first pass runs in a child: libtracecmd 1.3 crashes on some cut
 * files (in tracecmd_open's own clean-up), and a crash must be a one-line
 * error, not ours.  The child sends what it counted; the second pass then
 * reads a file the library has read whole once already. */
static int count_in_child(struct tracedat *t, const char *path, struct er_err *err)
{
	int fds[2], status;
	ssize_t got;
	pid_t pid;

	if (pipe(fds) < 0)
		return er_fail(err, ER_NO_OFFSET, "cannot make a pipe for the first pass");
	pid = fork();
	if (pid < 0)
		return er_fail(err, ER_NO_OFFSET, "cannot fork for the first pass");
	if (pid == 0) {
		struct tracecmd_input *h;
		struct ev_decoder probe;
		struct er_err cerr = { 0 };

		close(fds[0]);
		h = open_file(path, &cerr);
		if (!h)
			_exit(3);
		t->tep = tracecmd_get_tep(h);
		if (ev_decoder_init(&probe, t->tep, ER_NO_OFFSET, &cerr) < 0)
			_exit(4);
		map_ids(t, &probe);
		tracecmd_iterate_events(h, NULL, 0, count_one, t);
		tracecmd_close(h);
		_exit(write(fds[1], t->seen, sizeof(t->seen)) == (ssize_t)sizeof(t->seen) ? 0 : 5);
	}
	close(fds[1]);
	got = read(fds[0], t->seen, sizeof(t->seen));
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		;
	if (WIFSIGNALED(status))
		return er_fail(err, ER_NO_OFFSET,
			       "libtracecmd crashed reading it (signal %d): the file is cut short or corrupt",
			       WTERMSIG(status));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		return er_fail(err, ER_NO_OFFSET, "not a readable trace.dat file (libtracecmd refused it)");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 4)
		return er_fail(err, ER_NO_OFFSET, "its event formats cannot be used (a kvm event lacks a field)");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got != (ssize_t)sizeof(t->seen))
		return er_fail(err, ER_NO_OFFSET, "the first pass over it failed");
	return 0;
}

int tracedat_run(struct session *s, const struct session_opts *opts, struct er_err *err)
{
	static struct tracedat t;	/* 256 KiB of ids: not on the stack */
	struct tracecmd_input *h;
	enum source_kind source = SOURCE_NONE;

	memset(&t, 0, sizeof(t));
	if (count_in_child(&t, opts->path, err) < 0 || choose(&t, opts, err, &source) < 0)
		return -1;
	/* again from the start, into the session, which keeps the formats */
	h = open_file(opts->path, err);
	if (!h)
		return -1;
	t.tep = tracecmd_get_tep(h);
	tep_ref(t.tep);
	if (session_start_fed_sources(s, opts, t.tep, source, err) < 0) {
		tracecmd_close(h);
		return -1;
	}
	map_ids(&t, &s->dec);
	s->vm_per_thread = true;
	t.s = s;
	tracecmd_iterate_events(h, NULL, 0, feed_one, &t);
	tracecmd_close(h);
	if (t.rc < 0)
		return -1;
	return session_finish_fed(s);
}
