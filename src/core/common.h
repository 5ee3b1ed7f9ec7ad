/* "What you have in common": the overlaps between two profiles that help
 * two people break the ice, each with a conversation starter drawn from it. */
#ifndef MENTORD_COMMON_H
#define MENTORD_COMMON_H
#include <stdint.h>
#include "core/arena.h"
#include "core/model.h"

typedef struct commonality {
	const char *kind;    /* learning_match, skill, interest, language, department,
				location, availability, channel, style */
	const char *value;   /* what is shared, for display */
	const char *starter; /* a question to open the conversation */
} commonality_t;

/* Fills *out (arena-owned) and returns how many. names are for the starters. */
int common_find(const profile_t *mentor, const profile_t *mentee, const char *mentor_name,
		const char *mentee_name, int64_t now, arena_t *a, commonality_t **out);

#endif
