/* The request fuzz targets' stand-in for libmicrohttpd's connection: what
 * http_header, http_cookie and the query readers look up (conn.c). One
 * request at a time; strings are copied into the request's arena. */
#ifndef MENTORD_FUZZ_CONN_H
#define MENTORD_FUZZ_CONN_H
#include "core/arena.h"

/* Empties the connection; returns it, for req_t.conn. */
void *fz_conn_reset(void);
/* Adds a request header; a Cookie header also gives its cookies. */
void fz_conn_header(arena_t *a, const char *name, const char *value);
/* Adds the query string's arguments as libmicrohttpd splits and decodes
 * them: at '&', '+' and %XX decoded (an encoded NUL too), a name without
 * '=' has no value. */
void fz_conn_query(arena_t *a, const char *query);

#endif
