/* Storage for matching: loading a program's people in bulk for the engine,
 * match runs with their pairs and unmatched mentees, and self-match mentor
 * requests. Part of the store interface (store.h includes it). */
#ifndef MENTORD_STORE_MATCH_H
#define MENTORD_STORE_MATCH_H
#include <jansson.h>
#include "core/arena.h"
#include "core/model.h"
#include "store/db.h"

/* One participant as the matching engine needs them; list items are as the
 * person wrote them (the engine's input compares their normalised forms). */
typedef struct match_person_row {
	int64_t user_id, manager_id;
	bool mentor;
	int capacity;
	int active; /* active relationships in the program */
	int seniority;
	const char *name, *department, *timezone;
	strlist_t skills_offered, skills_wanted, interests, languages;
	avail_t *avail;
	int n_avail;
	/* A mentee's stated mentor preferences (see profile_t). */
	strlist_t pref_departments, pref_languages;
	int64_t *pref_mentors, *avoid;
	int n_pref_mentors, n_avoid;
} match_person_row_t;

typedef struct match_people {
	match_person_row_t *v;
	int n;
	int64_t (*past)[2]; /* {mentee, mentor} of every relationship ever */
	int npast;
	int64_t (*managers)[2]; /* {user, manager} for everyone with a manager */
	int nmanagers;
} match_people_t;

/* Loads every participant of the program (both roles) with their profile. */
int store_match_people(db_t *db, arena_t *a, int64_t program_id, match_people_t *out);

int store_match_run_insert(db_t *db, int64_t program_id, const char *algorithm, const char *weights,
			   int64_t total, const char *stats, int64_t by, int64_t *id);
int store_match_pair_put(db_t *db, int64_t run_id, int64_t mentee, int64_t mentor, int score,
			 const char *reasons, bool edited);
int store_match_pair_delete(db_t *db, int64_t run_id, int64_t mentee);
int store_match_unmatched_put(db_t *db, int64_t run_id, int64_t mentee, const char *reason);
int store_match_unmatched_delete(db_t *db, int64_t run_id, int64_t mentee);
int store_match_run_total(db_t *db, int64_t run_id);
/* The run with its pairs (names, reasons) and unmatched, or *out = NULL. */
int store_match_run_get(db_t *db, int64_t id, json_t **out);
int store_match_run_list(db_t *db, int64_t program_id, json_t **out);
int store_match_run_publish(db_t *db, int64_t id, int *changes);

int store_request_insert(db_t *db, int64_t program_id, int64_t mentee, int64_t mentor,
			 const char *message, int64_t *id);
int store_request_get(db_t *db, int64_t id, json_t **out);
/* user_id 0 lists the whole program (for its managers). */
int store_request_list(db_t *db, int64_t program_id, int64_t user_id, json_t **out);
int store_request_answer(db_t *db, int64_t id, const char *status, const char *answer,
			 int64_t relationship_id, int *changes);

#endif
