/* stats_main.h - `exitreport stats --qmp SOCKET`: KVM's per-vCPU binary
 * stats of a running QEMU, read over QMP, as the report of a recording. */
#ifndef ER_STATS_MAIN_H
#define ER_STATS_MAIN_H

/* ARGV[0] is "stats". Exit status. */
int stats_main(int argc, char **argv);

#endif
