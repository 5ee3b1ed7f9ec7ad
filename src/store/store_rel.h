/* Storage for relationships and everything inside them. Part of the store
 * interface (store.h includes it). The many small records inside a
 * relationship (goals, meetings, board items, messages...) are handed out
 * as jansson objects built from typed column lists, so a record reaches the
 * API without a hand-written struct per table; the relationship itself,
 * which the rules read, is a struct. Same conventions as store.h. */
#ifndef MENTORD_STORE_REL_H
#define MENTORD_STORE_REL_H
#include <jansson.h>
#include "core/arena.h"
#include "core/model.h"
#include "store/db.h"

/* Column kinds for building JSON from rows. */
typedef enum { COL_INT, COL_OPT_INT, COL_TEXT, COL_OPT_TEXT, COL_REAL, COL_OPT_REAL, COL_TIME,
	       COL_OPT_TIME, COL_BOOL, COL_OPT_BOOL, COL_TAGS } col_kind_t; /* TAGS: "a,b" -> ["a","b"] */
typedef struct col {
	const char *name;
	col_kind_t kind;
} col_t;

/* Runs a query and returns its rows as a new JSON array (*out, caller owns). */
int store_rows(db_t *db, json_t **out, const col_t *cols, int ncols, const char *sql,
	       const db_val_t *args, int nargs);
/* The first row as a new JSON object, or *out = NULL when there is none. */
int store_row(db_t *db, json_t **out, const col_t *cols, int ncols, const char *sql,
	      const db_val_t *args, int nargs);

/* Relationships. Their history, agreement and closings are read through
 * the typed statements of sql/relationship.sql (store/stmts.h). */
int store_rel_insert(db_t *db, const relationship_t *r, int64_t created_by, int64_t *id);
int store_rel_get(db_t *db, arena_t *a, int64_t id, relationship_t **out);
/* A page of relationships after id `after`: those user_id is part of, or
 * (program_id > 0) all of a program's. */
int store_rel_list(db_t *db, arena_t *a, int64_t user_id, int64_t program_id, int64_t after,
		   int limit, relationship_t **items, int *n);
/* Active relationships in a program: the mentee's (for max_mentors_per_mentee),
 * this exact pair's, and the mentor's (for capacity). */
int store_rel_active_counts(db_t *db, int64_t program_id, int64_t mentor_id, int64_t mentee_id,
			    int64_t *mentee_active, int64_t *pair_active, int64_t *mentor_active);
/* Moves to phase and records why in the history. */
int store_rel_set_phase(db_t *db, int64_t id, int phase, int64_t actor_id, const char *why);
int store_rel_set_keep_in_touch(db_t *db, int64_t id, int every_days);
/* A line of the history; actor_id 0 is mentord itself. */
int store_rel_event(db_t *db, int64_t rel_id, int64_t actor_id, const char *kind, const char *detail);

/* The agreement. Saving new terms clears both signatures. */
int store_agreement_put(db_t *db, int64_t rel_id, int64_t by, const char *purpose,
			const char *expected, int cadence_days, int duration_weeks,
			const char *confidentiality);
int store_agreement_sign(db_t *db, int64_t rel_id, bool mentor, int64_t at, int *changes);
/* {purpose, duration_weeks} as a new jansson object, or NULL: for
 * src/api/goals.c until the goals move behind their services. */
int store_agreement_get(db_t *db, int64_t rel_id, json_t **out);

/* Goals and progress. */
typedef struct goal_row {
	int64_t id, relationship_id;
	const char *title, *outcome, *term, *metric, *due_on, *relevance, *status;
	bool has_baseline, has_target;
	double baseline, target;
	int64_t confirmed_by;
} goal_row_t;
int store_goal_insert(db_t *db, const goal_row_t *g, int64_t by, int64_t *id);
int store_goal_update(db_t *db, const goal_row_t *g, bool unconfirm);
int store_goal_get(db_t *db, arena_t *a, int64_t id, goal_row_t **out);
int store_goal_json(db_t *db, int64_t id, json_t **out);
int store_goal_list(db_t *db, int64_t rel_id, json_t **out);
int store_goal_confirm(db_t *db, int64_t id, int64_t by);
/* Goals the mentor confirmed and that were not dropped. */
int store_goal_count_confirmed(db_t *db, int64_t rel_id, int64_t *n);
int store_goal_progress_add(db_t *db, int64_t goal_id, double value, const char *note, int64_t by,
			    int64_t *id);
int store_goal_progress_list(db_t *db, int64_t goal_id, json_t **out);

/* Meetings. */
typedef struct meeting_row {
	int64_t id, relationship_id, starts_at, created_by;
	int duration_min, sequence;
	const char *channel, *kind, *rrule, *status;
	bool in_mentee_hours, in_mentor_hours;
} meeting_row_t;
int store_meeting_insert(db_t *db, const meeting_row_t *m, int64_t *id);
int store_meeting_get(db_t *db, arena_t *a, int64_t id, meeting_row_t **out);
int store_meeting_update(db_t *db, const meeting_row_t *m);
int store_meeting_json(db_t *db, int64_t id, json_t **out);
int store_meeting_list(db_t *db, int64_t rel_id, json_t **out);
int store_meeting_count(db_t *db, int64_t rel_id, const char *kind, const char *status, int64_t *n);
int store_reschedule_add(db_t *db, int64_t meeting_id, int64_t from, int64_t to, int64_t by,
			 const char *reason);
int store_reschedule_list(db_t *db, int64_t meeting_id, json_t **out);
int store_agenda_add(db_t *db, int64_t meeting_id, int64_t by, const char *text, bool question,
		     int64_t *id);
int store_agenda_list(db_t *db, int64_t meeting_id, json_t **out);
int store_agenda_get(db_t *db, int64_t id, json_t **out);
int store_note_add(db_t *db, int64_t meeting_id, int64_t by, const char *body, bool private_,
		   int64_t *id);
/* Shared notes and the viewer's own private ones. */
int store_note_list(db_t *db, int64_t meeting_id, int64_t viewer, json_t **out);
int store_note_get(db_t *db, int64_t id, json_t **out);
int store_feedback_add(db_t *db, int64_t meeting_id, int64_t from, int64_t to, int rating,
		       const char *comment, const char *tags, int64_t *id);
int store_feedback_list(db_t *db, int64_t meeting_id, json_t **out);
int store_feedback_get(db_t *db, int64_t id, json_t **out);
int store_feedback_ack(db_t *db, int64_t id, int64_t at);

/* The cooperation board. */
int store_concern_add(db_t *db, int64_t rel_id, int64_t by, const char *title, const char *detail,
		      int64_t *id);
int store_concern_get(db_t *db, int64_t id, json_t **out);
int store_concern_list(db_t *db, int64_t rel_id, json_t **out);
int store_concern_plan(db_t *db, int64_t id, const char *plan, int64_t idea_id, const char *status);
int store_idea_add(db_t *db, int64_t concern_id, int64_t by, const char *text, int64_t *id);
int store_idea_get(db_t *db, int64_t id, json_t **out);
int store_idea_list(db_t *db, int64_t concern_id, json_t **out);
int store_idea_credit(db_t *db, int64_t id, int64_t from, int64_t to, int64_t by);
int store_action_add(db_t *db, int64_t rel_id, int64_t concern_id, const char *title,
		     int64_t owner, const char *due_on, int64_t goal_id, int64_t by, int64_t *id);
int store_action_get(db_t *db, int64_t id, json_t **out);
int store_action_list(db_t *db, int64_t rel_id, int64_t concern_id, json_t **out);
int store_action_update(db_t *db, int64_t id, const char *title, int64_t owner, const char *due_on,
			int64_t goal_id, const char *status);

/* The relationship's streams: wins, messages, check-ins, learnings. */
int store_win_add(db_t *db, int64_t rel_id, int64_t by, const char *text, int64_t goal_id,
		  int64_t idea_id, int64_t *id);
int store_win_list(db_t *db, int64_t rel_id, json_t **out);
int store_win_get(db_t *db, int64_t id, json_t **out);
int store_message_add(db_t *db, int64_t rel_id, int64_t by, const char *body, int64_t *id);
int store_message_list(db_t *db, int64_t rel_id, int64_t after, int limit, json_t **out);
int store_message_get(db_t *db, int64_t id, json_t **out);
int store_checkin_add(db_t *db, int64_t rel_id, int64_t by, int mood, const char *note, int64_t *id);
int store_checkin_list(db_t *db, int64_t rel_id, json_t **out);
int store_checkin_get(db_t *db, int64_t id, json_t **out);
int store_learning_add(db_t *db, int64_t rel_id, int64_t by, const char *direction,
		       const char *text, int64_t *id);
int store_learning_list(db_t *db, int64_t rel_id, json_t **out);
int store_learning_get(db_t *db, int64_t id, json_t **out);

/* Closing, as src/api once wrote and read it. Defined in store_board.c and
 * no longer called: the closing service uses the statements closure_insert
 * and closure_list; left for the owners of store_board.c to delete. */
typedef struct closure_row {
	const char *reflection, *thank_you_note;
	int satisfaction, goals_met, mentor_important, would_recommend; /* 0 = not given; recommend -1 */
} closure_row_t;
int store_closure_add(db_t *db, int64_t rel_id, int64_t user_id, const closure_row_t *c);
int store_closure_list(db_t *db, int64_t rel_id, json_t **out);

#endif
