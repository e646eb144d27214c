/* live_ui.c - the interactive view: VMs -> vCPUs -> reasons, each row with
 * the last interval's exits and the since-start figures; sort, filter to
 * one VM (pid or QEMU -name), reset, pause, help.  Redrawn when an
 * interval closes, on a key and on a resize; fits 80x24.
 */
#include "live_ui.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/exit_reasons.h"

enum level { L_VMS, L_VCPUS, L_REASONS };
enum ukey { K_COUNT, K_INTERVAL, K_CYCLES, K_MEAN, K_NAME, K_NKEYS };
static const char *const key_names[K_NKEYS] = { "count", "interval", "cycles", "mean", "name" };

struct item {
	char label[48];
	uint64_t id;		/* pid, vcpu or isa<<32|reason */
	uint64_t icount;	/* in the last interval */
	uint64_t count, sum;	/* since start */
	uint64_t p99, max;
	bool has_pct;
};

struct live_ui {
	const char *input;
	struct report irep, srep;
	bool have;
	struct live_interval li;
	enum level level;
	uint32_t vm_pid, vcpu;
	int sel;
	enum ukey key;
	bool paused, help, ended;
	bool filtered;
	uint32_t filter_pid;
	char msg[80];
	struct item *items;
	size_t nitems;
};

static enum ukey g_key;

/* The QEMU -name of PID ("-name guest=NAME,..." or "-name NAME"), or "". */
static void vm_name(uint32_t pid, char *buf, size_t len)
{
	char path[64], cmd[4096];
	size_t n, i;
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%u/cmdline", pid);
	f = fopen(path, "r");
	if (!f)
		return;
	n = fread(cmd, 1, sizeof(cmd) - 1, f);
	fclose(f);
	cmd[n] = '\0';
	for (i = 0; i < n; i += strlen(cmd + i) + 1) {
		if (strcmp(cmd + i, "-name") == 0 && i + 6 < n) {
			const char *v = cmd + i + 6;

			if (strncmp(v, "guest=", 6) == 0)
				v += 6;
			snprintf(buf, len, "%.*s", (int)strcspn(v, ","), v);
			return;
		}
	}
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	double ma = a->count ? (double)a->sum / (double)a->count : 0;
	double mb = b->count ? (double)b->sum / (double)b->count : 0;
	int c = 0;

	switch (g_key) {
	case K_COUNT: c = (a->count < b->count) - (a->count > b->count); break;
	case K_INTERVAL: c = (a->icount < b->icount) - (a->icount > b->icount); break;
	case K_CYCLES: c = (a->sum < b->sum) - (a->sum > b->sum); break;
	case K_MEAN: c = (ma < mb) - (ma > mb); break;
	case K_NAME: c = strcmp(a->label, b->label); break;
	case K_NKEYS: break;
	}
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

static const struct vm_report *find_vm(const struct report *r, uint32_t pid)
{
	size_t i;

	for (i = 0; i < r->nvms; i++)
		if (r->vms[i].pid == pid)
			return &r->vms[i];
	return NULL;
}

static const struct vcpu_report *find_vcpu(const struct vm_report *vm, uint32_t vcpu)
{
	size_t i;

	for (i = 0; vm && i < vm->nvcpus; i++)
		if (vm->vcpus[i].vcpu == vcpu)
			return &vm->vcpus[i];
	return NULL;
}

static const struct row *find_row(const struct row *rows, size_t n, uint64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((uint64_t)rows[i].isa << 32 | rows[i].reason) == id)
			return &rows[i];
	return NULL;
}

static struct item *add_item(struct live_ui *ui)
{
	struct item *n = realloc(ui->items, (ui->nitems + 1) * sizeof(*n));

	if (!n)
		return NULL;
	ui->items = n;
	memset(&n[ui->nitems], 0, sizeof(*n));
	return &n[ui->nitems++];
}

static void build_items(struct live_ui *ui)
{
	const struct vm_report *svm = find_vm(&ui->srep, ui->vm_pid);
	const struct vm_report *ivm = find_vm(&ui->irep, ui->vm_pid);
	const struct vcpu_report *sv = find_vcpu(svm, ui->vcpu), *iv = find_vcpu(ivm, ui->vcpu);
	struct item *it;
	size_t i;

	ui->nitems = 0;
	if (ui->level == L_VMS) {
		for (i = 0; i < ui->srep.nvms; i++) {
			const struct vm_report *v = &ui->srep.vms[i], *w = find_vm(&ui->irep, v->pid);
			char name[32];

			if (ui->filtered && v->pid != ui->filter_pid)
				continue;
			if (!(it = add_item(ui)))
				return;
			vm_name(v->pid, name, sizeof(name));
			snprintf(it->label, sizeof(it->label), "%u %s", v->pid,
				 name[0] ? name : exit_isa_name((enum exit_isa)v->isa));
			it->id = v->pid;
			it->count = v->exits;
			it->sum = v->sum;
			it->icount = w ? w->exits : 0;
		}
	} else if (ui->level == L_VCPUS && svm) {
		for (i = 0; i < svm->nvcpus; i++) {
			const struct vcpu_report *v = &svm->vcpus[i], *w = find_vcpu(ivm, v->vcpu);

			if (!(it = add_item(ui)))
				return;
			snprintf(it->label, sizeof(it->label), "vcpu %u (tid %u)", v->vcpu, v->tid);
			it->id = v->vcpu;
			it->count = v->exits;
			it->sum = v->sum;
			it->icount = w ? w->exits : 0;
		}
	} else if (ui->level == L_REASONS && sv) {
		for (i = 0; i < sv->nrows; i++) {
			const struct row *r = &sv->rows[i];
			uint64_t id = (uint64_t)r->isa << 32 | r->reason;
			const struct row *w = iv ? find_row(iv->rows, iv->nrows, id) : NULL;

			if (!(it = add_item(ui)))
				return;
			snprintf(it->label, sizeof(it->label), "%s", r->name);
			it->id = id;
			it->count = r->count;
			it->sum = r->sum;
			it->p99 = r->p99;
			it->max = r->max;
			it->has_pct = true;
			it->icount = w ? w->count : 0;
		}
	}
	g_key = ui->key;
	qsort(ui->items, ui->nitems, sizeof(*ui->items), item_cmp);
	if (ui->sel >= (int)ui->nitems)
		ui->sel = ui->nitems ? (int)ui->nitems - 1 : 0;
}

static void draw_help(void)
{
	static const char *const lines[] = {
		"exitreport top - keys",
		"",
		"  Up/Down      select a row",
		"  Enter, d     drill down: VMs -> vCPUs -> reasons",
		"  Backspace, u back up",
		"  s            next sort key (count, interval, cycles, mean, name)",
		"  f            filter to one VM: pid or QEMU -name (empty: all)",
		"  r            reset the since-start figures",
		"  p            pause / resume the display",
		"  h, ?         this help (any key closes it)",
		"  q            quit",
	};
	size_t i;

	erase();
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		mvaddnstr((int)i + 1, 2, lines[i], COLS - 3);
	refresh();
}

static void draw(struct live_ui *ui)
{
	const struct report *s = &ui->srep;
	char line[256], where[64];
	uint64_t lost = s->lost.events + s->lost.samples;
	int y, row0 = 4, rows;
	size_t i;

	if (ui->help) {
		draw_help();
		return;
	}
	build_items(ui);
	erase();
	snprintf(line, sizeof(line), "exitreport top  %s  #%" PRIu64 "%s%s", ui->input,
		 ui->li.seq, ui->ended ? "  (input ended)" : "", ui->paused ? "  PAUSED" : "");
	mvaddnstr(0, 0, line, COLS);
	snprintf(line, sizeof(line), "since start: %" PRIu64 " exits, %" PRIu64 " %s   interval: %"
		 PRIu64 " exits", s->exits, s->sum, s->unit ? s->unit : "", ui->irep.exits);
	mvaddnstr(1, 0, line, COLS);
	if (ui->level == L_VMS)
		snprintf(where, sizeof(where), "VMs%s", ui->filtered ? " (filtered)" : "");
	else if (ui->level == L_VCPUS)
		snprintf(where, sizeof(where), "VM %u: vCPUs", ui->vm_pid);
	else
		snprintf(where, sizeof(where), "VM %u vCPU %u: reasons", ui->vm_pid, ui->vcpu);
	if (lost || s->seq_missing)
		attron(A_REVERSE);
	snprintf(line, sizeof(line), "LOST %" PRIu64 " (seq gaps %" PRIu64 ")", lost, s->seq_missing);
	mvaddnstr(2, 0, line, COLS);
	attroff(A_REVERSE);
	snprintf(line, sizeof(line), "  %s  sort: %s  h: help", where, key_names[ui->key]);
	addnstr(line, COLS - getcurx(stdscr) > 0 ? COLS - getcurx(stdscr) : 0);
	attron(A_BOLD);
	snprintf(line, sizeof(line), "%-22s %9s %9s %13s %11s %10s", ui->level == L_REASONS ?
		 "reason" : ui->level == L_VCPUS ? "vcpu" : "vm", "interval", "exits",
		 s->unit ? s->unit : "", "mean", ui->level == L_REASONS ? "p99" : "");
	mvaddnstr(3, 0, line, COLS);
	attroff(A_BOLD);
	rows = LINES - row0 - 1;
	for (i = 0, y = row0; i < ui->nitems && (int)i < rows + (ui->sel >= rows ? ui->sel - rows + 1 : 0); i++) {
		const struct item *it = &ui->items[i];
		size_t first = ui->sel >= rows ? (size_t)(ui->sel - rows + 1) : 0;
		char p99[16] = "";

		if (i < first)
			continue;
		if (it->has_pct)
			snprintf(p99, sizeof(p99), "%" PRIu64, it->p99);
		snprintf(line, sizeof(line), "%-22.22s %9" PRIu64 " %9" PRIu64 " %13" PRIu64
			 " %11.1f %10s", it->label, it->icount, it->count, it->sum,
			 it->count ? (double)it->sum / (double)it->count : 0.0, p99);
		if ((int)i == ui->sel)
			attron(A_REVERSE);
		mvaddnstr(y++, 0, line, COLS);
		attroff(A_REVERSE);
	}
	if (!ui->nitems)
		mvaddnstr(row0, 0, ui->filtered ? "no such VM (f: change the filter)" : "no exits yet", COLS);
	mvaddnstr(LINES - 1, 0, ui->msg[0] ? ui->msg :
		  "Enter: drill down  u: up  s: sort  f: filter  r: reset  p: pause  q: quit", COLS);
	refresh();
}

struct live_ui *live_ui_start(const char *input)
{
	struct live_ui *ui = calloc(1, sizeof(*ui));

	if (!ui)
		return NULL;
	ui->input = input;
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	draw(ui);
	return ui;
}

void live_ui_show(struct live_ui *ui, const struct live_interval *li, struct report *interval,
		  struct report *since_start)
{
	if (ui->paused) {
		report_free(interval);
		report_free(since_start);
		return;
	}
	if (ui->have) {
		report_free(&ui->irep);
		report_free(&ui->srep);
	}
	ui->irep = *interval;
	ui->srep = *since_start;
	memset(interval, 0, sizeof(*interval));
	memset(since_start, 0, sizeof(*since_start));
	ui->li = *li;
	ui->have = true;
	draw(ui);
}

void live_ui_ended(struct live_ui *ui)
{
	ui->ended = true;
	draw(ui);
}

static void set_filter(struct live_ui *ui)
{
	char text[64] = "", name[64];
	char *end;
	unsigned long pid;
	size_t i;

	move(LINES - 1, 0);
	clrtoeol();
	addstr("filter VM (pid or -name, empty: all): ");
	echo();
	curs_set(1);
	getnstr(text, sizeof(text) - 1);
	noecho();
	curs_set(0);
	ui->msg[0] = '\0';
	ui->level = L_VMS;
	ui->sel = 0;
	if (!text[0]) {
		ui->filtered = false;
		return;
	}
	pid = strtoul(text, &end, 10);
	if (!*end) {
		ui->filtered = true;
		ui->filter_pid = (uint32_t)pid;
		return;
	}
	for (i = 0; i < ui->srep.nvms; i++) {
		vm_name(ui->srep.vms[i].pid, name, sizeof(name));
		if (strcmp(name, text) == 0) {
			ui->filtered = true;
			ui->filter_pid = ui->srep.vms[i].pid;
			return;
		}
	}
	ui->filtered = true;
	ui->filter_pid = UINT32_MAX;
	snprintf(ui->msg, sizeof(ui->msg), "no VM named '%s'", text);
}

static int on_key(struct live_ui *ui, int c)
{
	if (ui->help) {
		ui->help = false;
		return 0;
	}
	switch (c) {
	case 'q': case 'Q': return UI_QUIT;
	case 'h': case '?': ui->help = true; break;
	case 'p': ui->paused = !ui->paused; break;
	case 's': ui->key = (enum ukey)((ui->key + 1) % K_NKEYS); break;
	case 'r':
		snprintf(ui->msg, sizeof(ui->msg), "since-start figures reset");
		ui->paused = false;
		return UI_RESET;
	case 'f': set_filter(ui); break;
	case KEY_UP: if (ui->sel > 0) ui->sel--; break;
	case KEY_DOWN: if (ui->sel + 1 < (int)ui->nitems) ui->sel++; break;
	case '\n': case KEY_ENTER: case 'd':
		if (ui->sel < (int)ui->nitems && ui->level == L_VMS) {
			ui->vm_pid = (uint32_t)ui->items[ui->sel].id;
			ui->level = L_VCPUS;
			ui->sel = 0;
		} else if (ui->sel < (int)ui->nitems && ui->level == L_VCPUS) {
			ui->vcpu = (uint32_t)ui->items[ui->sel].id;
			ui->level = L_REASONS;
			ui->sel = 0;
		}
		break;
	case KEY_BACKSPACE: case 127: case 8: case 'u':
		if (ui->level > L_VMS)
			ui->level--;
		ui->sel = 0;
		break;
	case KEY_RESIZE: break;
	default: return 0;
	}
	return 0;
}

int live_ui_poll(struct live_ui *ui, int ms)
{
	int c, rc = 0;

	timeout(ms);
	c = getch();
	while (c != ERR) {
		rc |= on_key(ui, c);
		draw(ui);
		timeout(0);
		c = getch();
	}
	return rc;
}

void live_ui_stop(struct live_ui *ui)
{
	endwin();
	if (ui->have) {
		report_free(&ui->irep);
		report_free(&ui->srep);
	}
	free(ui->items);
	free(ui);
}
