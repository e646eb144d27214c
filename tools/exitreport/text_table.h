/* text_table.h - collecting cells and printing them in aligned columns. */
#ifndef ER_TEXT_TABLE_H
#define ER_TEXT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#define TT_MAX_COLS 24
#define TT_CELL 48

struct text_table {
	size_t ncols;
	size_t nrows;
	size_t cap;
	char (*cells)[TT_CELL];	/* nrows * ncols */
	size_t width[TT_MAX_COLS];
};

int tt_init(struct text_table *t, size_t ncols);

/* tt_init() with one column per HEAD[i] and a first row holding HEAD. */
int tt_init_head(struct text_table *t, const char *const *head, size_t ncols);

/* Start a new row; cells are then set with tt_set / tt_printf.  Returns 0;
 * out of memory it exits with a message rather than cut the table short. */
int tt_row(struct text_table *t);

void tt_set(struct text_table *t, size_t col, const char *text);
void tt_printf(struct text_table *t, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Column 0 left-aligned, the others right-aligned; each line indented. */
void tt_print(const struct text_table *t, FILE *f, const char *indent);

void tt_free(struct text_table *t);

#endif
