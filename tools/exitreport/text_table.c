/* text_table.c - a grid of short strings. */
#include "text_table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tt_init(struct text_table *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols < TT_MAX_COLS ? ncols : TT_MAX_COLS;
	return 0;
}

int tt_init_head(struct text_table *t, const char *const *head, size_t ncols)
{
	size_t c;

	if (tt_init(t, ncols) < 0 || tt_row(t) < 0)
		return -1;
	for (c = 0; c < ncols; c++)
		tt_set(t, c, head[c]);
	return 0;
}

int tt_row(struct text_table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		char (*cells)[TT_CELL] = realloc(t->cells, cap * t->ncols * TT_CELL);

		/* a table cut short would read as complete: never that */
		if (!cells) {
			fprintf(stderr, "exitreport: out of memory for a table of %zu rows\n", cap);
			exit(1);
		}
		t->cells = cells;
		t->cap = cap;
	}
	memset(t->cells[t->nrows * t->ncols], 0, t->ncols * TT_CELL);
	t->nrows++;
	return 0;
}

void tt_set(struct text_table *t, size_t col, const char *text)
{
	tt_printf(t, col, "%s", text);
}

void tt_printf(struct text_table *t, size_t col, const char *fmt, ...)
{
	char *cell;
	size_t len;
	va_list ap;

	if (!t->nrows || col >= t->ncols)
		return;
	cell = t->cells[(t->nrows - 1) * t->ncols + col];
	va_start(ap, fmt);
	vsnprintf(cell, TT_CELL, fmt, ap);
	va_end(ap);
	len = strlen(cell);
	if (len > t->width[col])
		t->width[col] = len;
}

void tt_print(const struct text_table *t, FILE *f, const char *indent)
{
	size_t r, c;

	char line[TT_MAX_COLS * (TT_CELL + 2) + 1];
	size_t n;

	for (r = 0; r < t->nrows; r++) {
		n = 0;
		for (c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];

			n += (size_t)snprintf(line + n, sizeof(line) - n, c ? "  %*s" : "%-*s",
					      (int)t->width[c], cell);
			if (n >= sizeof(line))
				n = sizeof(line) - 1;
		}
		while (n > 0 && line[n - 1] == ' ')
			n--;
		line[n] = '\0';
		fprintf(f, "%s%s\n", indent, line);
	}
}

void tt_free(struct text_table *t)
{
	free(t->cells);
	memset(t, 0, sizeof(*t));
}
