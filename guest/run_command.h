/* run_command.h - run a command to completion (diff mode). */
#ifndef RUN_COMMAND_H
#define RUN_COMMAND_H

/* Fork, execvp(argv[0], argv), wait.  Returns the wait status, or -1 if fork
 * or waitpid failed.  A child that cannot exec prints why and exits 127 (not found) or
 * 126 (other errors).  SIGINT and SIGQUIT are ignored by the caller while the
 * command runs, so ^C stops the command and the delta is still printed. */
int run_command(char *const argv[]);

/* Shell-style exit code for a wait status: the exit status, or 128+signal. */
int run_command_exit_code(int wait_status);

#endif
