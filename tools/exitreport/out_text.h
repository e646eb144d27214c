/* out_text.h - sentences shared by the outputs and stderr: the loss
 * summary and the cross-check findings.
 */
#ifndef ER_OUT_TEXT_H
#define ER_OUT_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "check.h"
#include "report.h"

/* "LOST: ..." or an empty string when nothing was lost. */
void loss_sentence(const struct report *rep, char *buf, size_t len);

/* The loss sentence as a line of F; nothing when nothing was lost. */
void loss_line(const struct report *rep, FILE *f);

/* Warnings that are not losses (unknown ids, out-of-order events, unpaired). */
void warning_sentence(const struct report *rep, char *buf, size_t len);

/* One finding of the cross-check. */
void check_detail_sentence(const struct check_detail *d, uint64_t first_time, char *buf,
			   size_t len);

/* "check: N readings: V verified, ..." */
void check_summary_sentence(const struct check *c, char *buf, size_t len);

#endif
