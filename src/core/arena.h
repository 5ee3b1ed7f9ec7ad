/* A region allocator: one arena per request (or per CLI command), freed in one
 * go at its end, so handlers rarely call free(). Memory handed out by an arena
 * is owned by the arena and lives until arena_free(). Allocation never fails
 * (see xalloc.h). An arena is not thread-safe; each thread uses its own. */
#ifndef MENTORD_ARENA_H
#define MENTORD_ARENA_H
#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena_t;

arena_t *arena_new(void);
void arena_free(arena_t *a);

/* Zeroed memory, aligned for any type. */
void *arena_alloc(arena_t *a, size_t n);
char *arena_strdup(arena_t *a, const char *s);
char *arena_strndup(arena_t *a, const char *s, size_t n);
char *arena_printf(arena_t *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena_t *a, const char *fmt, va_list ap);

/* Run fn(arg) when the arena is freed: ties foreign objects (jansson values,
 * SQL statements) to the request's lifetime. */
void arena_defer(arena_t *a, void (*fn)(void *), void *arg);

/* Bytes handed out so far; for metrics and tests. */
size_t arena_used(const arena_t *a);

#endif
