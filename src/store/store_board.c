/* The cooperation board (concerns, ideas with their credit ledger, plans,
 * action items) and the relationship's streams (wins, messages, pulse
 * check-ins, the two-way learning log), composed from the named statements
 * of sql/board.sql and sql/stream.sql; and, until they move with the
 * relationships, closing responses. */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "core/timeutil.h"

#define N(a) ((int)(sizeof(a) / sizeof(a[0])))

/* ---- the board ---- */

int store_concern_add(db_t *db, int64_t rel_id, int64_t by, const char *title, const char *detail,
		      int64_t *id)
{
	return sql_concern_insert(db, rel_id, by, title, detail ? detail : "", time_now(), id, NULL);
}

int store_concern_get(db_t *db, arena_t *a, int64_t id, row_concern_t **out)
{
	return sql_concern_get(db, a, id, out);
}

int store_concern_list(db_t *db, arena_t *a, int64_t rel_id, row_concern_t **items, int *n)
{
	return sql_concern_list(db, a, rel_id, items, n);
}

int store_concern_plan(db_t *db, int64_t id, const char *plan, int64_t idea_id, const char *status)
{
	return sql_concern_set_plan(db, id, plan, idea_id, status, time_now(), NULL);
}

int store_idea_add(db_t *db, int64_t concern_id, int64_t by, const char *text, int64_t *id)
{
	return sql_idea_insert(db, concern_id, by, text, time_now(), id, NULL);
}

int store_idea_get(db_t *db, arena_t *a, int64_t id, row_idea_t **out)
{
	return sql_idea_get(db, a, id, out);
}

int store_idea_list(db_t *db, arena_t *a, int64_t concern_id, row_idea_t **items, int *n)
{
	return sql_idea_list(db, a, concern_id, items, n);
}

int store_idea_list_rel(db_t *db, arena_t *a, int64_t rel_id, row_idea_t **items, int *n)
{
	return sql_idea_list_rel(db, a, rel_id, items, n);
}

int store_idea_credit(db_t *db, int64_t id, int64_t from, int64_t to, int64_t by)
{
	int st = sql_idea_set_credit(db, id, to, NULL);
	if (st == DB_OK)
		st = sql_idea_credit_log(db, id, from, to, by, time_now());
	return st;
}

int store_action_add(db_t *db, int64_t rel_id, int64_t concern_id, const char *title,
		     int64_t owner, const char *due_on, int64_t goal_id, int64_t by, int64_t *id)
{
	return sql_action_insert(db, rel_id, concern_id, title, owner, due_on, goal_id, by, time_now(), id, NULL);
}

int store_action_get(db_t *db, arena_t *a, int64_t id, row_action_t **out)
{
	return sql_action_get(db, a, id, out);
}

int store_action_list(db_t *db, arena_t *a, int64_t rel_id, int64_t concern_id, row_action_t **items,
		      int *n)
{
	if (concern_id > 0)
		return sql_action_list_concern(db, a, rel_id, concern_id, items, n);
	return sql_action_list(db, a, rel_id, items, n);
}

int store_action_update(db_t *db, int64_t id, const char *title, int64_t owner, const char *due_on,
			int64_t goal_id, const char *status)
{
	return sql_action_update(db, id, title, owner, due_on, goal_id, status, time_now(), NULL);
}

int store_board_goal_rel(db_t *db, int64_t goal_id, int64_t *rel_id)
{
	*rel_id = 0;
	return sql_board_goal_relationship(db, goal_id, rel_id, NULL);
}

int store_board_goals(db_t *db, arena_t *a, int64_t rel_id, row_board_goal_t **items, int *n)
{
	return sql_board_goals(db, a, rel_id, items, n);
}

/* ---- the streams ---- */

int store_win_add(db_t *db, int64_t rel_id, int64_t by, const char *text, int64_t goal_id,
		  int64_t idea_id, int64_t *id)
{
	return sql_win_insert(db, rel_id, by, text, goal_id, idea_id, time_now(), id, NULL);
}

int store_win_list(db_t *db, arena_t *a, int64_t rel_id, row_win_t **items, int *n)
{
	return sql_win_list(db, a, rel_id, items, n);
}

int store_message_add(db_t *db, int64_t rel_id, int64_t by, const char *body, int64_t *id)
{
	return sql_message_insert(db, rel_id, by, body, time_now(), id, NULL);
}

int store_message_list(db_t *db, arena_t *a, int64_t rel_id, int64_t after, int limit,
		       row_message_t **items, int *n)
{
	return sql_message_list(db, a, rel_id, after, limit, items, n);
}

int store_checkin_add(db_t *db, int64_t rel_id, int64_t by, int mood, const char *note, int64_t *id)
{
	return sql_checkin_insert(db, rel_id, by, mood, note ? note : "", time_now(), id, NULL);
}

int store_checkin_list(db_t *db, arena_t *a, int64_t rel_id, row_checkin_t **items, int *n)
{
	return sql_checkin_list(db, a, rel_id, items, n);
}

int store_learning_add(db_t *db, int64_t rel_id, int64_t by, const char *direction,
		       const char *text, int64_t *id)
{
	return sql_learning_insert(db, rel_id, by, direction, text, time_now(), id, NULL);
}

int store_learning_list(db_t *db, arena_t *a, int64_t rel_id, row_learning_t **items, int *n)
{
	return sql_learning_list(db, a, rel_id, items, n);
}
