/* The rules a profile must follow, independent of how it arrived: a known
 * time zone, availability windows that make sense, bounded lists without
 * duplicates, known enumerations. */
#ifndef MENTORD_PROFILE_H
#define MENTORD_PROFILE_H
#include "core/arena.h"
#include "core/model.h"
#include "core/verr.h"

#define PROFILE_LIST_MAX 30
#define PROFILE_ITEM_MAX 64
#define PROFILE_AVAIL_MAX 42

/* Checks p and records every problem in v under the API field names. */
void profile_validate(const profile_t *p, verr_t *v, arena_t *a);
/* The case-folded, space-collapsed key used to compare list items. */
char *profile_norm(arena_t *a, const char *s);
bool profile_channel_valid(const char *s);
bool profile_style_valid(const char *s);

#endif
