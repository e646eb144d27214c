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

/* Index stored for KEY, or -1. */
long keymap_get(const struct keymap *m, uint64_t key);

/* Store KEY -> INDEX (INDEX < UINT32_MAX); -1 when out of memory. */
int keymap_put(struct keymap *m, uint64_t key, uint32_t index);

void keymap_free(struct keymap *m);

#endif
