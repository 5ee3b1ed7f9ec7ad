/* Field-level validation errors collected while checking one input, so a
 * caller can report every bad field at once ("fields": {"due_on": "..."}).
 * Messages are static strings or owned by the arena passed to verr_addf. */
#ifndef MENTORD_VERR_H
#define MENTORD_VERR_H
#include <stdbool.h>
#include "core/arena.h"

#define VERR_MAX 32

typedef struct verr {
	int n;
	struct { const char *field, *msg; } e[VERR_MAX];
} verr_t;

/* The first error per field wins; later ones for the same field are dropped. */
void verr_add(verr_t *v, const char *field, const char *msg);
void verr_addf(verr_t *v, arena_t *a, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool verr_has(const verr_t *v, const char *field);

#endif
