/* String interning: maps strings to dense int32 ids and back, so the
 * matching engine compares skills and departments as integers. Strings and
 * the table live in the arena given at creation. */
#ifndef MENTORD_INTERN_H
#define MENTORD_INTERN_H
#include <stdint.h>
#include "core/arena.h"

typedef struct intern intern_t;

intern_t *intern_new(arena_t *a);
/* The id of s, adding it if new; ids start at 1 (0 means "none"). */
int32_t intern_id(intern_t *t, const char *s);
/* The same, keyed by key but shown as display (the first display given for
 * a key is kept): case-folded matching, human spelling. */
int32_t intern_id_shown(intern_t *t, const char *key, const char *display);
/* The display string of an id (or its key), or "" for an unknown id. */
const char *intern_str(const intern_t *t, int32_t id);

#endif
