/* Goals as the domain's record (goal_row_t, store_rel.h), composed from the
 * named statements of sql/goal.sql: the goal, its latest progress value,
 * and the writes the services, the demo and the tests share. */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "store/stmts.h"
#include "core/timeutil.h"

static void from_row(const row_goal_t *r, goal_row_t *g)
{
	*g = (goal_row_t){.id = r->id, .relationship_id = r->relationship_id, .title = r->title,
			  .outcome = r->outcome, .term = r->term, .metric = r->metric,
			  .relevance = r->relevance, .status = r->status, .due_on = r->due_on,
			  .has_baseline = !r->baseline_null, .baseline = r->baseline,
			  .has_target = !r->target_null, .target = r->target,
			  .confirmed_by = r->confirmed_by_null ? 0 : r->confirmed_by,
			  .confirmed_at = r->confirmed_at_null ? 0 : r->confirmed_at,
			  .created_by = r->created_by, .created_at = r->created_at, .updated_at = r->updated_at,
			  .has_current = !r->current_null, .current = r->current};
}

int store_goal_insert(db_t *db, const goal_row_t *g, int64_t by, int64_t *id)
{
	return sql_goal_insert(db, g->relationship_id, g->title, g->outcome ? g->outcome : "", g->term,
			       g->metric ? g->metric : "", g->has_baseline, g->baseline, g->has_target,
			       g->target, g->due_on, g->relevance ? g->relevance : "", by, time_now(), id, NULL);
}

int store_goal_update(db_t *db, const goal_row_t *g, bool unconfirm)
{
	return sql_goal_update(db, g->id, g->title, g->outcome, g->term, g->metric, g->has_baseline,
			       g->baseline, g->has_target, g->target, g->due_on, g->relevance, g->status,
			       unconfirm, time_now(), NULL);
}

int store_goal_get(db_t *db, arena_t *a, int64_t id, goal_row_t **out)
{
	row_goal_t *r;
	*out = NULL;
	int st = sql_goal_get(db, a, id, &r);
	if (st != DB_OK || !r)
		return st;
	*out = arena_alloc(a, sizeof(**out));
	from_row(r, *out);
	return DB_OK;
}

int store_goal_list(db_t *db, arena_t *a, int64_t rel_id, goal_row_t **items, int *n)
{
	row_goal_t *rows;
	int st = sql_goal_list(db, a, rel_id, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(goal_row_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		from_row(&rows[i], &(*items)[i]);
	return DB_OK;
}

int store_goal_confirm(db_t *db, int64_t id, int64_t by)
{
	return sql_goal_confirm(db, id, by, time_now(), NULL);
}

int store_goal_count_confirmed(db_t *db, int64_t rel_id, int64_t *n)
{
	return sql_goal_count_confirmed(db, rel_id, n, NULL);
}

int store_goal_progress_add(db_t *db, int64_t goal_id, double value, const char *note, int64_t by,
			    int64_t *id)
{
	return sql_goal_progress_add(db, goal_id, value, note ? note : "", by, time_now(), id, NULL);
}
