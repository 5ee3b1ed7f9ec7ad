/* The cooperation board (concerns, ideas with their credit ledger, plans,
 * action items, wins) and the relationship's streams: messages, pulse
 * check-ins, the two-way learning log, and closing responses. */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "core/timeutil.h"

#define N(a) ((int)(sizeof(a) / sizeof(a[0])))

static const col_t concern_cols[] = {
	{"id", COL_INT}, {"relationship_id", COL_INT}, {"author_id", COL_INT}, {"title", COL_TEXT},
	{"detail", COL_TEXT}, {"status", COL_TEXT}, {"plan", COL_OPT_TEXT}, {"plan_idea_id", COL_OPT_INT},
	{"created_at", COL_TIME}, {"updated_at", COL_TIME}};
#define CONCERN_SELECT "SELECT id, relationship_id, author_id, title, detail, status, plan, " \
	"plan_idea_id, created_at, updated_at FROM concerns "

int store_concern_add(db_t *db, int64_t rel_id, int64_t by, const char *title, const char *detail,
		      int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO concerns (relationship_id, author_id, title, detail, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
		DB_ARGS(DB_INT(rel_id), DB_INT(by), DB_TEXT(title), DB_TEXT(detail ? detail : ""),
			DB_INT(time_now())));
}

int store_concern_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, concern_cols, N(concern_cols), CONCERN_SELECT "WHERE id = $1",
			 DB_ARGS(DB_INT(id)));
}

int store_concern_list(db_t *db, int64_t rel_id, json_t **out)
{
	return store_rows(db, out, concern_cols, N(concern_cols),
			  CONCERN_SELECT "WHERE relationship_id = $1 ORDER BY id", DB_ARGS(DB_INT(rel_id)));
}

int store_concern_plan(db_t *db, int64_t id, const char *plan, int64_t idea_id, const char *status)
{
	return db_exec(db,
		"UPDATE concerns SET plan = $2, plan_idea_id = $3, status = $4, updated_at = $5 WHERE id = $1",
		DB_ARGS(DB_INT(id), DB_TEXT(plan), DB_OPT_INT(idea_id, idea_id), DB_TEXT(status),
			DB_INT(time_now())));
}

static const col_t idea_cols[] = {
	{"id", COL_INT}, {"concern_id", COL_INT}, {"author_id", COL_INT}, {"credited_to", COL_INT},
	{"text", COL_TEXT}, {"created_at", COL_TIME}, {"credit_changes", COL_INT}};
#define IDEA_SELECT "SELECT i.id, i.concern_id, i.author_id, i.credited_to, i.text, i.created_at, " \
	"(SELECT COUNT(*) FROM idea_credits c WHERE c.idea_id = i.id) FROM ideas i "

int store_idea_add(db_t *db, int64_t concern_id, int64_t by, const char *text, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO ideas (concern_id, author_id, credited_to, text, created_at) "
		"VALUES ($1, $2, $2, $3, $4) RETURNING id",
		DB_ARGS(DB_INT(concern_id), DB_INT(by), DB_TEXT(text), DB_INT(time_now())));
}

int store_idea_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, idea_cols, N(idea_cols), IDEA_SELECT "WHERE i.id = $1",
			 DB_ARGS(DB_INT(id)));
}

int store_idea_list(db_t *db, int64_t concern_id, json_t **out)
{
	return store_rows(db, out, idea_cols, N(idea_cols), IDEA_SELECT "WHERE i.concern_id = $1 ORDER BY i.id",
			  DB_ARGS(DB_INT(concern_id)));
}

int store_idea_credit(db_t *db, int64_t id, int64_t from, int64_t to, int64_t by)
{
	int st = db_exec(db, "UPDATE ideas SET credited_to = $2 WHERE id = $1",
			 DB_ARGS(DB_INT(id), DB_INT(to)));
	if (st == DB_OK)
		st = db_exec(db,
			"INSERT INTO idea_credits (idea_id, from_user, to_user, by_user, at) VALUES ($1, $2, $3, $4, $5)",
			DB_ARGS(DB_INT(id), DB_INT(from), DB_INT(to), DB_INT(by), DB_INT(time_now())));
	return st;
}

static const col_t action_cols[] = {
	{"id", COL_INT}, {"relationship_id", COL_INT}, {"concern_id", COL_OPT_INT}, {"title", COL_TEXT},
	{"owner_id", COL_INT}, {"due_on", COL_TEXT}, {"goal_id", COL_OPT_INT}, {"status", COL_TEXT},
	{"created_by", COL_INT}, {"created_at", COL_TIME}, {"updated_at", COL_TIME}};
#define ACTION_SELECT "SELECT id, relationship_id, concern_id, title, owner_id, due_on, goal_id, " \
	"status, created_by, created_at, updated_at FROM actions "

int store_action_add(db_t *db, int64_t rel_id, int64_t concern_id, const char *title,
		     int64_t owner, const char *due_on, int64_t goal_id, int64_t by, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO actions (relationship_id, concern_id, title, owner_id, due_on, goal_id, "
		"created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
		DB_ARGS(DB_INT(rel_id), DB_OPT_INT(concern_id, concern_id), DB_TEXT(title), DB_INT(owner),
			DB_TEXT(due_on), DB_OPT_INT(goal_id, goal_id), DB_INT(by), DB_INT(time_now())));
}

int store_action_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, action_cols, N(action_cols), ACTION_SELECT "WHERE id = $1",
			 DB_ARGS(DB_INT(id)));
}

int store_action_list(db_t *db, int64_t rel_id, int64_t concern_id, json_t **out)
{
	return store_rows(db, out, action_cols, N(action_cols),
		ACTION_SELECT "WHERE relationship_id = $1 AND ($2 = 0 OR concern_id = $2) ORDER BY due_on, id",
		DB_ARGS(DB_INT(rel_id), DB_INT(concern_id)));
}

int store_action_update(db_t *db, int64_t id, const char *title, int64_t owner, const char *due_on,
			int64_t goal_id, const char *status)
{
	return db_exec(db,
		"UPDATE actions SET title = $2, owner_id = $3, due_on = $4, goal_id = $5, status = $6, "
		"updated_at = $7 WHERE id = $1",
		DB_ARGS(DB_INT(id), DB_TEXT(title), DB_INT(owner), DB_TEXT(due_on),
			DB_OPT_INT(goal_id, goal_id), DB_TEXT(status), DB_INT(time_now())));
}

int store_win_add(db_t *db, int64_t rel_id, int64_t by, const char *text, int64_t goal_id,
		  int64_t idea_id, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO wins (relationship_id, author_id, text, goal_id, idea_id, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		DB_ARGS(DB_INT(rel_id), DB_INT(by), DB_TEXT(text), DB_OPT_INT(goal_id, goal_id),
			DB_OPT_INT(idea_id, idea_id), DB_INT(time_now())));
}

static const col_t win_cols[] = {{"id", COL_INT}, {"relationship_id", COL_INT}, {"author_id", COL_INT},
				 {"text", COL_TEXT}, {"goal_id", COL_OPT_INT}, {"idea_id", COL_OPT_INT},
				 {"created_at", COL_TIME}};
#define WIN_SELECT "SELECT id, relationship_id, author_id, text, goal_id, idea_id, created_at FROM wins "

int store_win_list(db_t *db, int64_t rel_id, json_t **out)
{
	return store_rows(db, out, win_cols, N(win_cols),
		WIN_SELECT "WHERE relationship_id = $1 ORDER BY created_at DESC, id DESC", DB_ARGS(DB_INT(rel_id)));
}

int store_win_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, win_cols, N(win_cols), WIN_SELECT "WHERE id = $1", DB_ARGS(DB_INT(id)));
}

int store_message_add(db_t *db, int64_t rel_id, int64_t by, const char *body, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO messages (relationship_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) "
		"RETURNING id", DB_ARGS(DB_INT(rel_id), DB_INT(by), DB_TEXT(body), DB_INT(time_now())));
}

static const col_t message_cols[] = {{"id", COL_INT}, {"relationship_id", COL_INT}, {"author_id", COL_INT},
				     {"body", COL_TEXT}, {"created_at", COL_TIME}};
#define MESSAGE_SELECT "SELECT id, relationship_id, author_id, body, created_at FROM messages "

int store_message_list(db_t *db, int64_t rel_id, int64_t after, int limit, json_t **out)
{
	return store_rows(db, out, message_cols, N(message_cols),
		MESSAGE_SELECT "WHERE relationship_id = $1 AND id > $2 ORDER BY id LIMIT $3",
		DB_ARGS(DB_INT(rel_id), DB_INT(after), DB_INT(limit)));
}

int store_message_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, message_cols, N(message_cols), MESSAGE_SELECT "WHERE id = $1", DB_ARGS(DB_INT(id)));
}

int store_checkin_add(db_t *db, int64_t rel_id, int64_t by, int mood, const char *note, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO checkins (relationship_id, author_id, mood, note, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id",
		DB_ARGS(DB_INT(rel_id), DB_INT(by), DB_INT(mood), DB_TEXT(note ? note : ""),
			DB_INT(time_now())));
}

static const col_t checkin_cols[] = {{"id", COL_INT}, {"relationship_id", COL_INT}, {"author_id", COL_INT},
				     {"mood", COL_INT}, {"note", COL_TEXT}, {"created_at", COL_TIME}};
#define CHECKIN_SELECT "SELECT id, relationship_id, author_id, mood, note, created_at FROM checkins "

int store_checkin_list(db_t *db, int64_t rel_id, json_t **out)
{
	return store_rows(db, out, checkin_cols, N(checkin_cols),
		CHECKIN_SELECT "WHERE relationship_id = $1 ORDER BY created_at DESC, id DESC", DB_ARGS(DB_INT(rel_id)));
}

int store_checkin_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, checkin_cols, N(checkin_cols), CHECKIN_SELECT "WHERE id = $1", DB_ARGS(DB_INT(id)));
}

int store_learning_add(db_t *db, int64_t rel_id, int64_t by, const char *direction,
		       const char *text, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO learnings (relationship_id, author_id, direction, text, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id",
		DB_ARGS(DB_INT(rel_id), DB_INT(by), DB_TEXT(direction), DB_TEXT(text), DB_INT(time_now())));
}

static const col_t learning_cols[] = {{"id", COL_INT}, {"relationship_id", COL_INT}, {"author_id", COL_INT},
				      {"direction", COL_TEXT}, {"text", COL_TEXT}, {"created_at", COL_TIME}};
#define LEARNING_SELECT "SELECT id, relationship_id, author_id, direction, text, created_at FROM learnings "

int store_learning_list(db_t *db, int64_t rel_id, json_t **out)
{
	return store_rows(db, out, learning_cols, N(learning_cols),
		LEARNING_SELECT "WHERE relationship_id = $1 ORDER BY id", DB_ARGS(DB_INT(rel_id)));
}

int store_learning_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, learning_cols, N(learning_cols), LEARNING_SELECT "WHERE id = $1",
			 DB_ARGS(DB_INT(id)));
}

int store_closure_add(db_t *db, int64_t rel_id, int64_t user_id, const closure_row_t *c)
{
	return db_exec(db,
		"INSERT INTO closures (relationship_id, user_id, reflection, satisfaction, goals_met, "
		"mentor_important, would_recommend, thank_you_note, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		DB_ARGS(DB_INT(rel_id), DB_INT(user_id), DB_TEXT(c->reflection), DB_INT(c->satisfaction),
			DB_OPT_INT(c->goals_met, c->goals_met),
			DB_OPT_INT(c->mentor_important, c->mentor_important),
			c->would_recommend < 0 ? DB_NULL : DB_INT(c->would_recommend),
			DB_TEXT(c->thank_you_note ? c->thank_you_note : ""), DB_INT(time_now())));
}

int store_closure_list(db_t *db, int64_t rel_id, json_t **out)
{
	static const col_t cols[] = {
		{"user_id", COL_INT}, {"reflection", COL_TEXT}, {"satisfaction", COL_INT},
		{"goals_met", COL_OPT_INT}, {"mentor_important", COL_OPT_INT},
		{"would_recommend", COL_OPT_BOOL}, {"thank_you_note", COL_TEXT}, {"created_at", COL_TIME}};
	return store_rows(db, out, cols, N(cols),
		"SELECT user_id, reflection, satisfaction, goals_met, mentor_important, would_recommend, "
		"thank_you_note, created_at FROM closures WHERE relationship_id = $1 ORDER BY created_at",
		DB_ARGS(DB_INT(rel_id)));
}
