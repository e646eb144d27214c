/* live_ui.h - the interactive view of exitreport live (ncurses). */
#ifndef ER_LIVE_UI_H
#define ER_LIVE_UI_H

#include <stdbool.h>

#include "live_out.h"

struct live_ui;

enum { UI_QUIT = 1, UI_RESET = 2 };

struct live_ui *live_ui_start(const char *input);

/* Show a closed interval; the UI takes the two reports over (and frees them). */
void live_ui_show(struct live_ui *ui, const struct live_interval *li, struct report *interval,
		  struct report *since_start);

/* Note that the input has ended. */
void live_ui_ended(struct live_ui *ui);

/* Wait up to MS milliseconds for keys; returns UI_QUIT / UI_RESET bits. */
int live_ui_poll(struct live_ui *ui, int ms);

void live_ui_stop(struct live_ui *ui);

#endif
