/* Storage for matching: loading a program's people in bulk for the engine,
 * and match runs with their pairs, whose weights, stats and reasons are kept
 * as JSON text and handed out as records. The simpler statements of runs
 * and mentor requests are used directly (store/stmts.h, sql/match.sql).
 * Part of the store interface (store.h includes it). */
#ifndef MENTORD_STORE_MATCH_H
#define MENTORD_STORE_MATCH_H
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

/* A match run as stored, its weights and stats read back from their JSON
 * text. Optional integers are 0 when not set. */
typedef struct match_run_rec {
	int64_t id, program_id;
	const char *algorithm, *status; /* "optimal" | "stable", "draft" | "published" */
	kvlist_t weights;               /* criterion -> points, every criterion */
	int64_t total_score;
	bool has_stats;                 /* runs made before stats were kept have none */
	int64_t mentees, mentors, candidate_arcs;
	double load_ms, solve_ms;
	/* The optimality certificate (runs made before it existed have none). */
	bool has_certificate, certified;
	const char *cert_reason;        /* NULL when certified */
	int64_t cert_rounds, pairs_checked, pairs_added;
	double certify_ms;
	int64_t created_by, created_at, published_at;
	int64_t pairs, unmatched_count;
	/* The mentors' places when the run was made (runs made before these
	 * were kept have has_places false): every place of the mentors who
	 * took part, and those already taken by relationships. */
	bool has_places;
	int64_t places, places_taken;
} match_run_rec_t;

/* One reason of a pair's score. */
typedef struct match_reason_rec {
	const char *criterion, *detail;
	int64_t points;
} match_reason_rec_t;

/* One pair of a run with its reasons (names are read, not written;
 * department is the mentee's). */
typedef struct match_pair_rec {
	int64_t mentee_id, mentor_id, score;
	const char *mentee_name, *mentor_name, *department;
	bool edited;
	match_reason_rec_t *reasons;
	int n_reasons;
} match_pair_rec_t;

/* Stores a new draft run (algorithm, weights, total_score and stats of r). */
int store_match_run_insert(db_t *db, arena_t *a, const match_run_rec_t *r, int64_t created_by, int64_t *id);
/* The run, or *out = NULL. */
int store_match_run_get(db_t *db, arena_t *a, int64_t id, match_run_rec_t **out);
/* A program's runs, newest first. */
int store_match_run_list(db_t *db, arena_t *a, int64_t program_id, match_run_rec_t **items, int *n);
/* Sets the mentee's pair in the run (new or changed). */
int store_match_pair_put(db_t *db, arena_t *a, int64_t run_id, const match_pair_rec_t *p);
/* A run's pairs, best score first. */
int store_match_pair_list(db_t *db, arena_t *a, int64_t run_id, match_pair_rec_t **items, int *n);
/* A page of at most limit pairs of a run scoring min_score or more (of one
 * department of mentees when department is not NULL), best first, after
 * the pair (before_score, before_mentee) in that order: a keyset, so any
 * page costs the same. */
int store_match_pair_page(db_t *db, arena_t *a, int64_t run_id, const char *department, int64_t min_score,
			  int64_t before_score, int64_t before_mentee, int limit, match_pair_rec_t **items, int *n);
/* The reasons of a pair as stored (JSON text) into p. */
void store_match_reasons_read(arena_t *a, const char *text, match_pair_rec_t *p);

#endif
