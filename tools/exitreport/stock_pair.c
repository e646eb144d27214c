/* stock_pair.c - one open kvm_exit per vCPU, closed by its kvm_entry. */
#include "stock_pair.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

void stock_pair_init(struct stock_pair *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->last = -1;
}

static struct stock_pending *pending_for(struct stock_pair *sp, const struct trace_ev *ev,
					 bool create, struct er_err *err)
{
	uint64_t key = (uint64_t)ev->pid << 32 | (sp->by_thread ? ev->tid : ev->u.exit.vcpu);
	long i;

	/* an exit and its entry come one after the other: the same vCPU */
	if (sp->last >= 0 && sp->last_key == key)
		return &sp->pending[sp->last];
	i = keymap_get(&sp->by_vcpu, key);
	if (i >= 0) {
		sp->last = i;
		sp->last_key = key;
		return &sp->pending[i];
	}
	if (!create)
		return NULL;
	if (sp->count >= STOCK_MAX_VCPUS) {
		er_fail(err, ev->offset, "more than %u vCPUs", STOCK_MAX_VCPUS);
		return NULL;
	}
	if (sp->count == sp->cap) {
		struct stock_pending *n = grow_array(sp->pending, &sp->cap, sizeof(*n), 16);

		if (!n) {
			er_fail(err, ev->offset, "out of memory for vCPUs");
			return NULL;
		}
		sp->pending = n;
	}
	if (keymap_put(&sp->by_vcpu, key, (uint32_t)sp->count) < 0) {
		er_fail(err, ev->offset, "out of memory for vCPUs");
		return NULL;
	}
	sp->pending[sp->count].open = false;
	return &sp->pending[sp->count++];
}

static int close_exit(struct stock_pair *sp, struct stock_pending *p, const struct trace_ev *entry,
		      struct trace_ev *out)
{
	p->open = false;
	if (entry->time < p->exit.time) {
		sp->backwards++;
		return 0;
	}
	*out = p->exit;
	out->kind = EV_EXIT;
	if (sp->by_thread)
		out->u.exit.vcpu = entry->u.exit.vcpu;
	out->u.exit.cycles = entry->time - p->exit.time;
	out->u.exit.seq = 0;
	out->u.exit.fastpath = 0;
	out->u.exit.nested = 0;		/* kvm_exit does not say */
	out->u.exit.userspace = 0;
	return 1;
}

int stock_pair_feed(struct stock_pair *sp, const struct trace_ev *ev, struct trace_ev *out,
		    struct er_err *err)
{
	struct stock_pending *p = pending_for(sp, ev, ev->kind == EV_STOCK_EXIT, err);

	if (ev->kind == EV_STOCK_EXIT) {
		if (!p)
			return -1;
		if (p->open)
			sp->unpaired_exits++;
		p->exit = *ev;
		p->open = true;
		return 0;
	}
	if (!p || !p->open) {
		sp->unpaired_entries++;
		return 0;
	}
	return close_exit(sp, p, ev, out);
}

uint64_t stock_pair_open(const struct stock_pair *sp)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < sp->count; i++)
		n += sp->pending[i].open;
	return n;
}

void stock_pair_free(struct stock_pair *sp)
{
	free(sp->pending);
	keymap_free(&sp->by_vcpu);
	stock_pair_init(sp);
}
