/* The people directory and the organisation's counts, as the pages show
 * them. Part of the store interface (store.h includes it); records are
 * allocated in the arena passed in. */
#ifndef MENTORD_STORE_DIRECTORY_H
#define MENTORD_STORE_DIRECTORY_H
#include "core/arena.h"
#include "core/model.h"
#include "store/db.h"

/* One row of the people directory: the account's status ("invited",
 * "active", "deactivated"), and its latest invitation (when sent, 0 for
 * none; when its link expires while unused, 0 when none is live). */
typedef struct store_person {
	int64_t id;
	const char *name, *email, *department, *headline, *status;
	role_t role;
	bool active;
	int64_t invited_at, invite_expires_at;
} store_person_t;

/* What narrows the directory: q on name, email and department; a role and
 * a status (NULL or "" for any). */
typedef struct store_people_filter {
	const char *q, *role, *status;
} store_people_filter_t;

/* People ordered by name, then id, after the person with id after (0 for
 * the first page), as f narrows them. */
int store_people_search(db_t *db, arena_t *a, const store_people_filter_t *f, int64_t after, int limit,
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
