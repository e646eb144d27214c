/* out_vmm.h - the --vmm view as a table, CSV and JSON (vmm_time.h). */
#ifndef ER_OUT_VMM_H
#define ER_OUT_VMM_H

#include <stdio.h>

#include "report.h"
#include "vmm_time.h"

/* Sort the rows by their exit-to-reentry time (call once). */
void vmm_sort(struct vmm_state *v);

void out_vmm_table(const struct report *rep, const struct vmm_state *v, FILE *f);
void out_vmm_csv(const struct report *rep, const struct vmm_state *v, FILE *f);
void out_vmm_json(const struct report *rep, const struct vmm_state *v, FILE *f);

#endif
