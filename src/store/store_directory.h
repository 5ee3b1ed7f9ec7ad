/* The people directory and the organisation's counts, as the pages show
 * them. Part of the store interface (store.h includes it); records are
 * allocated in the arena passed in. */
#ifndef MENTORD_STORE_DIRECTORY_H
#define MENTORD_STORE_DIRECTORY_H
#include "core/arena.h"
#include "core/model.h"
#include "store/db.h"

/* One row of the people directory. */
typedef struct store_person {
	int64_t id;
	const char *name, *email, *department, *headline;
	role_t role;
	bool active;
} store_person_t;

/* People ordered by name, then id, after the person with id after (0 for
 * the first page); q filters on name, email and department. */
int store_people_search(db_t *db, arena_t *a, const char *q, int64_t after, int limit,
		store_person_t **items, int *n);

/* Organisation-wide counts for the administrator's dashboard. */
typedef struct store_counts {
	int64_t people, programs, mentors, mentees;
} store_counts_t;
int store_counts(db_t *db, store_counts_t *out);

/* The roles user_id holds in program_id: mentor, mentee (both in peer
 * programs). */
int store_roles_in(db_t *db, int64_t program_id, int64_t user_id, bool *mentor, bool *mentee);

/* "%q%" for LIKE with q's metacharacters taken literally and lower-cased
 * (use with ESCAPE '\\'); NULL when q is empty. */
const char *store_like_pattern(arena_t *a, const char *q);

#endif
