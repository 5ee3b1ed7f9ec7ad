/* The store's first records: migrations, users, sessions and tokens,
 * profiles, programs and their participants, the audit log. Part of the
 * storage interface (store.h includes it). Conventions of every store_
 * function:
 *  - Functions return a DB_ status (DB_OK, DB_CONSTRAINT, ...).
 *  - Lookups set *out to NULL when nothing matches; records and their strings
 *    are allocated in the arena passed in and owned by it.
 *  - Writes do not open transactions themselves: the caller (one API request,
 *    one CLI command) wraps its whole unit of work in db_begin/db_commit so it
 *    lands entirely or not at all. */
#ifndef MENTORD_STORE_BASE_H
#define MENTORD_STORE_BASE_H
#include "core/arena.h"
#include "core/model.h"
#include "store/db.h"

/* Applies pending migrations, each in its own transaction. */
int store_migrate(db_t *db, char **err);
int store_schema_version(db_t *db, int *version);

/* Users. password_hash may be NULL (no password login). */
int store_user_insert(db_t *db, const user_t *u, const char *password_hash, int64_t *id);
int store_user_get(db_t *db, arena_t *a, int64_t id, user_t **out);
int store_user_by_email(db_t *db, arena_t *a, const char *email, user_t **out,
			const char **password_hash);
struct store_people_filter;
/* Lists users with id > after, at most limit, as f narrows them (q on
 * name and email, role, status; see store_directory.h). */
int store_user_list(db_t *db, arena_t *a, const struct store_people_filter *f, int64_t after, int limit,
		    user_t **items, int *n);
int store_user_update(db_t *db, const user_t *u);
/* What signing someone out ended: sessions and API tokens. */
typedef struct store_signout {
	int sessions, tokens;
} store_signout_t;
/* Sets the password, and ends every session of the person but the one
 * whose CSRF token is keep_csrf (NULL: all), revokes every API token and
 * every pending link (reset, invitation). out (optional) counts what ended. */
int store_user_set_password(db_t *db, int64_t id, const char *password_hash, const char *keep_csrf,
			    store_signout_t *out);
/* Revokes every live single-use link of the person (resets, invitations):
 * a new password, a new email, a deactivation. */
int store_user_links_revoke(db_t *db, int64_t id);
/* Ends every session and revokes every API token of the person. */
int store_user_sign_out(db_t *db, int64_t id, store_signout_t *out);
/* Deactivates and revokes every session, token and pending link of the user. */
int store_user_deactivate(db_t *db, int64_t id);
int store_user_count(db_t *db, int64_t *n);

/* Sessions and tokens: only hashes of secrets are stored. A credential as
 * a request presents it: whose it is, and for a token its scope ("api" or
 * "metrics"); for a session its CSRF token and whether the organisation
 * requires a two-factor setup this person has not done. */
typedef struct auth_row {
	int64_t user_id, session_id, token_id;
	role_t role;
	const char *name, *email, *csrf_token, *scope;
	bool must_setup;
} auth_row_t;
int store_session_insert(db_t *db, const char *token_hash, int64_t user_id, const char *csrf_token,
			 int64_t expires_at, const char *ip, const char *user_agent);
/* Looks a live session up at time now, and records its use from ip when
 * the last one is a minute old. */
int store_session_lookup(db_t *db, arena_t *a, const char *token_hash, int64_t now, const char *ip,
			 auth_row_t **out);
int store_session_delete(db_t *db, const char *token_hash);
/* A new token: expires_at 0 never expires; created_by 0 is the owner. */
typedef struct store_token_new {
	int64_t user_id;
	const char *name, *token_hash, *scope;
	/* created_at: the time expires_at counts from (0: now) */
	int64_t created_at, expires_at, created_by;
} store_token_new_t;
int store_token_insert(db_t *db, const store_token_new_t *t, int64_t *id);
/* Looks a live token up at time now, and records its use from ip when the
 * last one is a minute old. */
int store_token_lookup(db_t *db, arena_t *a, const char *token_hash, int64_t now, const char *ip,
		       auth_row_t **out);
/* Revokes token id if it is user_id's and still active; *changes says so. */
int store_token_revoke(db_t *db, int64_t id, int64_t user_id, int64_t now, int *changes);

/* Profiles. get returns an empty default profile for a user without one. */
int store_profile_get(db_t *db, arena_t *a, int64_t user_id, profile_t **out);
int store_profile_put(db_t *db, arena_t *a, const profile_t *p);
/* Whether making manager_id the manager of user_id would close a loop. */
int store_manager_would_cycle(db_t *db, int64_t user_id, int64_t manager_id, bool *cycle);

/* Programs and their participants. A program's weights are written from
 * weights_json; store_weights_text makes that text from a list (keys are
 * criteria, checked by the caller). */
const char *store_weights_text(arena_t *a, const kvlist_t *w);
int store_program_insert(db_t *db, const program_t *p, int64_t created_by, int64_t *id);
int store_program_get(db_t *db, arena_t *a, int64_t id, program_t **out);
int store_program_update(db_t *db, const program_t *p);
int store_program_set_managers(db_t *db, int64_t program_id, const int64_t *ids, int n);
/* Writes the program's self-enrolment rules (open_to, eligibility). */
int store_program_set_enrolment(db_t *db, arena_t *a, const program_t *p);
/* Archives (by the user by) or restores a program; *changed is false when
 * it already was archived or restored. */
int store_program_set_archived(db_t *db, int64_t id, bool archived, int64_t by, bool *changed);
/* A page of the programs open for self-enrolment that end on or after
 * today (YYYY-MM-DD), not archived, in id order. */
int store_program_open_list(db_t *db, arena_t *a, int64_t after, const char *today, int limit,
			    program_t **items, int *n);
/* A list of text as a JSON array (the eligibility columns); arena-owned. */
const char *store_texts_json(arena_t *a, const strlist_t *l);
/* Programs visible to a user: admin all, otherwise managed or enrolled in. */
int store_program_list(db_t *db, arena_t *a, int64_t user_id, role_t role, int64_t after,
		       int limit, program_t **items, int *n);
int store_program_is_manager(db_t *db, int64_t program_id, int64_t user_id, bool *yes);
int store_program_is_participant(db_t *db, int64_t program_id, int64_t user_id, bool *yes);

int store_participant_insert(db_t *db, const participant_t *p, int64_t *id);
/* Whether mentor_id is a mentor in a program user_id takes part in. */
int store_is_fellow_mentor(db_t *db, int64_t user_id, int64_t mentor_id, bool *yes);
int store_participant_get(db_t *db, arena_t *a, int64_t program_id, int64_t user_id,
			  const char *role, participant_t **out);
/* The enrolment with this id (*out NULL when there is none). */
int store_participant_by_id(db_t *db, arena_t *a, int64_t id, participant_t **out);
/* role may be NULL for both roles. */
int store_participant_list(db_t *db, arena_t *a, int64_t program_id, const char *role,
			   int64_t after, int limit, participant_t **items, int *n);

int store_audit(db_t *db, int64_t actor_id, const char *action, const char *object_type,
		int64_t object_id, const char *detail);

#endif
