/* The access log, buffered: a request appends its one JSON line to a
 * shared buffer (a memcpy under a mutex held for that copy only) and a
 * writer thread moves the buffer to the output a few times a second, so no
 * request waits on a write system call or on another request's line. Lines
 * are flushed when the log stops (server shutdown). */
#ifndef MENTORD_ACCESSLOG_H
#define MENTORD_ACCESSLOG_H
#include <stddef.h>
#include <stdio.h>

/* Starts the writer thread on out (stderr for the server). Returns -1 if
 * the thread cannot start. */
int accesslog_start(FILE *out);
/* Appends one line (without its newline); does nothing when not started. */
void accesslog_line(const char *line, size_t n);
/* Writes what is buffered and stops the thread. */
void accesslog_stop(void);

#endif
