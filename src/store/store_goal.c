/* Goals, their mentor confirmation and progress check-ins. */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "core/timeutil.h"

#define N(a) ((int)(sizeof(a) / sizeof(a[0])))

static const col_t goal_cols[] = {
	{"id", COL_INT}, {"relationship_id", COL_INT}, {"title", COL_TEXT}, {"outcome", COL_TEXT},
	{"term", COL_TEXT}, {"metric", COL_TEXT}, {"baseline", COL_OPT_REAL}, {"target", COL_OPT_REAL},
	{"due_on", COL_OPT_TEXT}, {"relevance", COL_TEXT}, {"status", COL_TEXT},
	{"confirmed_by", COL_OPT_INT}, {"confirmed_at", COL_OPT_TIME}, {"created_by", COL_INT},
	{"created_at", COL_TIME}, {"updated_at", COL_TIME}, {"current", COL_OPT_REAL}};
#define GOAL_SELECT "SELECT g.id, g.relationship_id, g.title, g.outcome, g.term, g.metric, " \
	"g.baseline, g.target, g.due_on, g.relevance, g.status, g.confirmed_by, g.confirmed_at, " \
	"g.created_by, g.created_at, g.updated_at, (SELECT p.value FROM goal_progress p " \
	"WHERE p.goal_id = g.id ORDER BY p.at DESC, p.id DESC LIMIT 1) FROM goals g "

static db_val_t opt_real(bool has, double v)
{
	return has ? DB_REAL(v) : DB_NULL;
}

int store_goal_insert(db_t *db, const goal_row_t *g, int64_t by, int64_t *id)
{
	int64_t now = time_now();
	return db_query_int(db, id, NULL,
		"INSERT INTO goals (relationship_id, title, outcome, term, metric, baseline, target, due_on, "
		"relevance, created_by, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
		DB_ARGS(DB_INT(g->relationship_id), DB_TEXT(g->title), DB_TEXT(g->outcome), DB_TEXT(g->term),
			DB_TEXT(g->metric), opt_real(g->has_baseline, g->baseline),
			opt_real(g->has_target, g->target), DB_TEXT(g->due_on), DB_TEXT(g->relevance),
			DB_INT(by), DB_INT(now)));
}

int store_goal_update(db_t *db, const goal_row_t *g, bool unconfirm)
{
	return db_exec(db,
		"UPDATE goals SET title = $2, outcome = $3, term = $4, metric = $5, baseline = $6, "
		"target = $7, due_on = $8, relevance = $9, status = $10, updated_at = $11, "
		"confirmed_by = CASE WHEN $12 = 1 THEN NULL ELSE confirmed_by END, "
		"confirmed_at = CASE WHEN $12 = 1 THEN NULL ELSE confirmed_at END WHERE id = $1",
		DB_ARGS(DB_INT(g->id), DB_TEXT(g->title), DB_TEXT(g->outcome), DB_TEXT(g->term),
			DB_TEXT(g->metric), opt_real(g->has_baseline, g->baseline),
			opt_real(g->has_target, g->target), DB_TEXT(g->due_on), DB_TEXT(g->relevance),
			DB_TEXT(g->status), DB_INT(time_now()), DB_INT(unconfirm ? 1 : 0)));
}

int store_goal_get(db_t *db, arena_t *a, int64_t id, goal_row_t **out)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s,
		"SELECT id, relationship_id, title, outcome, term, metric, baseline, target, due_on, "
		"relevance, status, COALESCE(confirmed_by, 0) FROM goals WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		goal_row_t *g = arena_alloc(a, sizeof(*g));
		g->id = db_col_int(s, 0);
		g->relationship_id = db_col_int(s, 1);
		g->title = arena_strdup(a, db_col_text(s, 2));
		g->outcome = arena_strdup(a, db_col_text(s, 3));
		g->term = arena_strdup(a, db_col_text(s, 4));
		g->metric = arena_strdup(a, db_col_text(s, 5));
		g->has_baseline = !db_col_null(s, 6);
		g->baseline = db_col_real(s, 6);
		g->has_target = !db_col_null(s, 7);
		g->target = db_col_real(s, 7);
		g->due_on = arena_strdup(a, db_col_text(s, 8));
		g->relevance = arena_strdup(a, db_col_text(s, 9));
		g->status = arena_strdup(a, db_col_text(s, 10));
		g->confirmed_by = db_col_int(s, 11);
		*out = g;
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_goal_json(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, goal_cols, N(goal_cols), GOAL_SELECT "WHERE g.id = $1",
			 DB_ARGS(DB_INT(id)));
}

int store_goal_list(db_t *db, int64_t rel_id, json_t **out)
{
	return store_rows(db, out, goal_cols, N(goal_cols),
			  GOAL_SELECT "WHERE g.relationship_id = $1 ORDER BY g.id", DB_ARGS(DB_INT(rel_id)));
}

int store_goal_confirm(db_t *db, int64_t id, int64_t by)
{
	return db_exec(db, "UPDATE goals SET confirmed_by = $2, confirmed_at = $3, updated_at = $3 WHERE id = $1",
		       DB_ARGS(DB_INT(id), DB_INT(by), DB_INT(time_now())));
}

int store_goal_progress_add(db_t *db, int64_t goal_id, double value, const char *note, int64_t by,
			    int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO goal_progress (goal_id, value, note, author_id, at) VALUES ($1, $2, $3, $4, $5) "
		"RETURNING id",
		DB_ARGS(DB_INT(goal_id), DB_REAL(value), DB_TEXT(note ? note : ""), DB_INT(by),
			DB_INT(time_now())));
}

int store_goal_progress_list(db_t *db, int64_t goal_id, json_t **out)
{
	static const col_t cols[] = {{"id", COL_INT}, {"value", COL_REAL}, {"note", COL_TEXT},
				     {"author_id", COL_INT}, {"at", COL_TIME}};
	return store_rows(db, out, cols, N(cols),
		"SELECT id, value, note, author_id, at FROM goal_progress WHERE goal_id = $1 ORDER BY at, id",
		DB_ARGS(DB_INT(goal_id)));
}

int store_goal_count_confirmed(db_t *db, int64_t rel_id, int64_t *n)
{
	return db_query_int(db, n, NULL,
		"SELECT COUNT(*) FROM goals WHERE relationship_id = $1 AND confirmed_at IS NOT NULL "
		"AND status <> 'dropped'", DB_ARGS(DB_INT(rel_id)));
}
