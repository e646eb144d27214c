/* keymap.c - linear probing with a multiplicative hash. */
#include "keymap.h"

#include <stdlib.h>

static int keymap_grow(struct keymap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16, i, h;
	struct keymap_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < m->cap; i++) {
		if (!m->slots[i].value)
			continue;
		for (h = keymap_slot_of(m->slots[i].key, cap); slots[h].value; h = (h + 1) & (cap - 1))
			;
		slots[h] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int keymap_put(struct keymap *m, uint64_t key, uint32_t index)
{
	size_t h;

	if ((m->count + 1) * 2 > m->cap && keymap_grow(m) < 0)
		return -1;
	for (h = keymap_slot_of(key, m->cap); m->slots[h].value; h = (h + 1) & (m->cap - 1)) {
		if (m->slots[h].key == key) {
			m->slots[h].value = index + 1;
			return 0;
		}
	}
	m->slots[h].key = key;
	m->slots[h].value = index + 1;
	m->count++;
	return 0;
}

void keymap_free(struct keymap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}
