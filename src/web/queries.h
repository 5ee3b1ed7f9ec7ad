/* The few reads only the pages need, written against db.h like the store
 * (prepared statements, $n placeholders, SQL that PostgreSQL also accepts).
 * Records are allocated in the arena passed in. */
#ifndef MENTORD_WEB_QUERIES_H
#define MENTORD_WEB_QUERIES_H
#include "core/arena.h"
#include "core/model.h"
#include "store/db.h"

/* One row of the people directory. */
typedef struct webq_person {
	int64_t id;
	const char *name, *email, *department, *headline;
	role_t role;
	bool active;
} webq_person_t;

/* People ordered by name, then id, after the person with id after (0 for
 * the first page); q filters on name, email and department. */
int webq_people(db_t *db, arena_t *a, const char *q, int64_t after, int limit,
		webq_person_t **items, int *n);

/* Organisation-wide counts for the administrator's dashboard. */
typedef struct webq_counts {
	int64_t people, programs, mentors, mentees;
} webq_counts_t;
int webq_counts(db_t *db, webq_counts_t *out);

/* The roles user_id holds in program_id: mentor, mentee (both in peer
 * programs). */
int webq_roles_in(db_t *db, int64_t program_id, int64_t user_id, bool *mentor, bool *mentee);

#endif
