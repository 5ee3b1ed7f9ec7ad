/* Storage for relationships and everything inside them. Part of the store
 * interface (store.h includes it). The relationship itself, which the rules
 * read, and the goal and meeting records other floors share are structs of
 * core/model.h and here; the many small records inside a relationship are
 * the generated rows of their named statements (store/stmts.h). Same
 * conventions as store.h. */
#ifndef MENTORD_STORE_REL_H
#define MENTORD_STORE_REL_H
#include "core/arena.h"
#include "core/model.h"
#include "store/db.h"
#include "store/stmts.h"

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

/* Goals and meetings: the records other floors share (the services read
 * the smaller records inside a meeting with their named statements,
 * sql/goal.sql and sql/meeting.sql). */
typedef struct goal_row {
	int64_t id, relationship_id;
	const char *title, *outcome, *term, *metric, *relevance, *status;
	const char *due_on;           /* YYYY-MM-DD, NULL when none */
	bool has_baseline, has_target;
	double baseline, target;
	int64_t confirmed_by;         /* 0: not confirmed by the mentor */
	/* Set by the store when it reads a goal. */
	int64_t confirmed_at, created_by, created_at, updated_at;
	bool has_current;             /* the latest progress value */
	double current;
} goal_row_t;
int store_goal_insert(db_t *db, const goal_row_t *g, int64_t by, int64_t *id);
/* Saves what can change; unconfirm clears the mentor's confirmation. */
int store_goal_update(db_t *db, const goal_row_t *g, bool unconfirm);
int store_goal_get(db_t *db, arena_t *a, int64_t id, goal_row_t **out);
/* A relationship's goals, oldest first. */
int store_goal_list(db_t *db, arena_t *a, int64_t rel_id, goal_row_t **items, int *n);
int store_goal_confirm(db_t *db, int64_t id, int64_t by);
/* Goals the mentor confirmed and that were not dropped. */
int store_goal_count_confirmed(db_t *db, int64_t rel_id, int64_t *n);
int store_goal_progress_add(db_t *db, int64_t goal_id, double value, const char *note, int64_t by,
			    int64_t *id);

typedef struct meeting_row {
	int64_t id, relationship_id, starts_at, created_by;
	int duration_min, sequence;
	const char *channel, *kind, *status;
	const char *rrule;            /* NULL for a single meeting */
	bool in_mentee_hours, in_mentor_hours;
	int64_t created_at, updated_at; /* set by the store when it reads one */
} meeting_row_t;
int store_meeting_insert(db_t *db, const meeting_row_t *m, int64_t *id);
int store_meeting_get(db_t *db, arena_t *a, int64_t id, meeting_row_t **out);
/* A relationship's meetings in the order they take place. */
int store_meeting_list(db_t *db, arena_t *a, int64_t rel_id, meeting_row_t **items, int *n);
int store_meeting_update(db_t *db, const meeting_row_t *m);
int store_reschedule_add(db_t *db, int64_t meeting_id, int64_t from, int64_t to, int64_t by,
			 const char *reason);
int store_agenda_add(db_t *db, int64_t meeting_id, int64_t by, const char *text, bool question,
		     int64_t *id);
int store_note_add(db_t *db, int64_t meeting_id, int64_t by, const char *body, bool private_,
		   int64_t *id);
/* tags comma-joined; DB_CONSTRAINT when from already gave feedback on it. */
int store_feedback_add(db_t *db, int64_t meeting_id, int64_t from, int64_t to, int rating,
		       const char *comment, const char *tags, int64_t *id);

/* The cooperation board (sql/board.sql). Its records are the statements'
 * generated rows (store/stmts.h): row_concern_t, row_idea_t (with its
 * concern's relationship and the size of its credit ledger), row_action_t.
 * Lists are allocated in the arena, *n long. */
int store_concern_add(db_t *db, int64_t rel_id, int64_t by, const char *title, const char *detail,
		      int64_t *id);
int store_concern_get(db_t *db, arena_t *a, int64_t id, row_concern_t **out);
int store_concern_list(db_t *db, arena_t *a, int64_t rel_id, row_concern_t **items, int *n);
/* Sets the plan (NULL for none), the idea it comes from (0 for none) and the status. */
int store_concern_plan(db_t *db, int64_t id, const char *plan, int64_t idea_id, const char *status);
int store_idea_add(db_t *db, int64_t concern_id, int64_t by, const char *text, int64_t *id);
int store_idea_get(db_t *db, arena_t *a, int64_t id, row_idea_t **out);
int store_idea_list(db_t *db, arena_t *a, int64_t concern_id, row_idea_t **items, int *n);
/* Every idea of a relationship's board, ordered by concern. */
int store_idea_list_rel(db_t *db, arena_t *a, int64_t rel_id, row_idea_t **items, int *n);
/* Moves an idea's credit from one person to another and records the move,
 * and who made it, in the credit ledger. */
int store_idea_credit(db_t *db, int64_t id, int64_t from, int64_t to, int64_t by);
/* concern_id and goal_id may be 0 (none). */
int store_action_add(db_t *db, int64_t rel_id, int64_t concern_id, const char *title,
		     int64_t owner, const char *due_on, int64_t goal_id, int64_t by, int64_t *id);
int store_action_get(db_t *db, arena_t *a, int64_t id, row_action_t **out);
/* A relationship's action items, or (concern_id > 0) one concern's, by due date. */
int store_action_list(db_t *db, arena_t *a, int64_t rel_id, int64_t concern_id, row_action_t **items,
		      int *n);
int store_action_update(db_t *db, int64_t id, const char *title, int64_t owner, const char *due_on,
			int64_t goal_id, const char *status);
/* The relationship goal_id belongs to (*rel_id 0 when there is no such goal). */
int store_board_goal_rel(db_t *db, int64_t goal_id, int64_t *rel_id);
/* The goals of a relationship an action item may be linked to, by id. */
int store_board_goals(db_t *db, arena_t *a, int64_t rel_id, row_board_goal_t **items, int *n);

/* The relationship's streams (sql/stream.sql): wins (newest first),
 * messages (a page after a message id, oldest first), check-ins (newest
 * first), learnings. goal_id and idea_id of a win may be 0 (none). */
int store_win_add(db_t *db, int64_t rel_id, int64_t by, const char *text, int64_t goal_id,
		  int64_t idea_id, int64_t *id);
int store_win_list(db_t *db, arena_t *a, int64_t rel_id, row_win_t **items, int *n);
int store_message_add(db_t *db, int64_t rel_id, int64_t by, const char *body, int64_t *id);
int store_message_list(db_t *db, arena_t *a, int64_t rel_id, int64_t after, int limit,
		       row_message_t **items, int *n);
int store_checkin_add(db_t *db, int64_t rel_id, int64_t by, int mood, const char *note, int64_t *id);
int store_checkin_list(db_t *db, arena_t *a, int64_t rel_id, row_checkin_t **items, int *n);
int store_learning_add(db_t *db, int64_t rel_id, int64_t by, const char *direction,
		       const char *text, int64_t *id);
int store_learning_list(db_t *db, arena_t *a, int64_t rel_id, row_learning_t **items, int *n);


#endif
