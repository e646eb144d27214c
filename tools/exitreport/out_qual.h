/* out_qual.h - the --by view: exits per qualifier value (qualifier.h). */
#ifndef ER_OUT_QUAL_H
#define ER_OUT_QUAL_H

#include <stdio.h>

#include "qualifier.h"
#include "report.h"

/* Sort the rows (by cycles, then value) and fill in nothing else: call once. */
void qual_sort(struct qual_state *q);

void out_qual_table(const struct report *rep, const struct qual_state *q, FILE *f);
void out_qual_csv(const struct report *rep, const struct qual_state *q, FILE *f);
void out_qual_json(const struct report *rep, const struct qual_state *q, FILE *f);

/* "N kvm:kvm_msr events: A attributed, ..." */
void qual_summary_sentence(const struct qual_state *q, char *buf, size_t len);

#endif
