/* grow.h - doubling the capacity of an array that is full. */
#ifndef ER_GROW_H
#define ER_GROW_H

#include <stdlib.h>

/*
 * ARR holds *CAP elements of SIZE bytes, all used: reallocates it for twice
 * as many (FIRST when it has none yet) and updates *CAP.  Returns the new
 * array, or NULL when out of memory (ARR and *CAP are then unchanged).
 */
static inline void *grow_array(void *arr, size_t *cap, size_t size, size_t first)
{
	size_t want = *cap ? *cap * 2 : first;
	void *grown = realloc(arr, want * size);

	if (grown)
		*cap = want;
	return grown;
}

#endif
