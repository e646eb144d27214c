/* live.h - exitreport live (alias top): the file path's reader, decoder and
 * statistics, cut into intervals and printed (or served) as they close.
 */
#ifndef ER_LIVE_H
#define ER_LIVE_H

/* ARGV[0] is "live" or "top".  Returns the exit status. */
int live_main(int argc, char **argv);

#endif
