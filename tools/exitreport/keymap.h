/* keymap.h - a small open-addressing map from a 64-bit key to an index. */
#ifndef ER_KEYMAP_H
#define ER_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

struct keymap_slot {
	uint64_t key;
	uint32_t value;		/* index + 1; 0 = empty */
};

struct keymap {
	struct keymap_slot *slots;
	size_t cap;		/* power of two */
	size_t count;
};

static inline size_t keymap_slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 29;
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
}

/* Index stored for KEY, or -1.  Inline: it is on the per-event path of the
 * reader (event ids), the pairing of stock events and the statistics. */
static inline long keymap_get(const struct keymap *m, uint64_t key)
{
	size_t h;

	if (!m->cap)
		return -1;
	for (h = keymap_slot_of(key, m->cap); m->slots[h].value; h = (h + 1) & (m->cap - 1))
		if (m->slots[h].key == key)
			return (long)m->slots[h].value - 1;
	return -1;
}

/* Store KEY -> INDEX (INDEX < UINT32_MAX); -1 when out of memory. */
int keymap_put(struct keymap *m, uint64_t key, uint32_t index);

void keymap_free(struct keymap *m);

#endif
