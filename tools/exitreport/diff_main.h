/* diff_main.h - the `exitreport diff A B` command line. */
#ifndef ER_DIFF_MAIN_H
#define ER_DIFF_MAIN_H

/* ARGV[0] is "diff"; SCRIPTS_DIR holds the gnuplot scripts. Exit status. */
int diff_main(int argc, char **argv, const char *scripts_dir);

#endif
