/* Goals: the SMART goals a pair sets inside its relationship, the mentor's
 * confirmation that one is attainable and realistic, and progress check-ins
 * toward the target. A goal that misses any of specific, measurable,
 * relevant or time-bound is refused with 422 not_smart, naming the missing
 * criteria (s->err.smart) and what to add to which field (s->fields);
 * attainable is the mentor's confirmation, so a new goal always reports it
 * as pending. A confirmation with the agreement signed by both starts the
 * working phase; reaching the target achieves the goal and records a win.
 * Only the mentor and the mentee see goals (svc/rel.h). Goals are read
 * through the store's record (store_goal_*), their progress with its named
 * statement. */
#include "svc/svc.h"
#include "svc/rel.h"
#include "core/goal.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

/* What a goal is judged against: today, the relationship's last day (the
 * program's end, or the agreement's duration from the start when that is
 * earlier) and whether the agreement states a purpose. */
static int context_of(svc_t *s, const relationship_t *rel, goal_context_t *ctx)
{
	row_goal_terms_t *terms;
	int st = sql_goal_terms(s->db, s->arena, rel->id, &terms);
	if (st != DB_OK)
		return st;
	char day[32];
	time_format(time_now(), day, sizeof(day));
	day[10] = '\0';
	*ctx = (goal_context_t){arena_strdup(s->arena, day), rel->program_ends_on, terms && *terms->purpose};
	if (terms) {
		int64_t end_days = rel->created_at / 86400 + 7 * terms->duration_weeks;
		time_format(end_days * 86400, day, sizeof(day));
		day[10] = '\0';
		if (strcmp(day, ctx->ends_on) < 0)
			ctx->ends_on = arena_strdup(s->arena, day);
	}
	return DB_OK;
}

static void judge(const goal_row_t *g, const goal_context_t *ctx, smart_t *out)
{
	goal_input_t in = {g->title, g->outcome, g->metric, g->relevance, g->due_on, g->has_baseline,
			   g->has_target, g->baseline, g->target, g->confirmed_by != 0};
	goal_smart_check(&in, ctx, out);
}

/* 422 not_smart: the missing criteria but attainable (the mentor's to
 * confirm), each with what to add to its field. */
static int refuse_not_smart(svc_t *s, const smart_t *sm)
{
	static const char *const field_of[SMART_N] = {"outcome", "metric", NULL, "relevance", "due_on"};
	const char **missing = arena_alloc(s->arena, sizeof(char *) * SMART_N);
	int n = 0;
	for (int k = 0; k < SMART_N; k++)
		if (!sm->ok[k] && k != SMART_A) {
			missing[n++] = smart_names[k];
			svc_field(s, field_of[k], "%s", sm->why[k]);
		}
	s->err.smart = (strlist_t){missing, n};
	s->err.has_smart = true;
	return svc_fail(s, SVC_INVALID, "not_smart", "the goal is not SMART yet");
}

static void smart_out(svc_t *s, const smart_t *sm, SmartReport_t *out)
{
	*out = (SmartReport_t){.specific = sm->ok[SMART_S], .measurable = sm->ok[SMART_M],
			       .attainable = sm->ok[SMART_A], .relevant = sm->ok[SMART_R],
			       .time_bound = sm->ok[SMART_T]};
	out->missing.v = arena_alloc(s->arena, sizeof(SmartReport_missing_t) * SMART_N);
	for (int k = 0; k < SMART_N; k++)
		if (!sm->ok[k])
			out->missing.v[out->missing.n++] = (SmartReport_missing_t){smart_names[k], sm->why[k]};
}

/* The goal as the API shows it, with its SMART report. */
static void goal_out(svc_t *s, const goal_row_t *g, const goal_context_t *ctx, Goal_t *out)
{
	bool confirmed = g->confirmed_by != 0;
	*out = (Goal_t){.id = g->id, .relationship_id = g->relationship_id, .title = g->title,
			.outcome = g->outcome, .term = g->term, .metric = g->metric,
			.baseline = g->baseline, .baseline_null = !g->has_baseline,
			.target = g->target, .target_null = !g->has_target,
			.due_on = g->due_on, .due_on_null = !g->due_on, .relevance = g->relevance,
			.status = g->status, .confirmed_by = g->confirmed_by, .confirmed_by_null = !confirmed,
			.confirmed_at = g->confirmed_at, .confirmed_at_null = !confirmed,
			.created_by = g->created_by, .created_at = g->created_at, .updated_at = g->updated_at,
			.current = g->current, .current_null = !g->has_current, .has_smart = true};
	smart_t sm;
	judge(g, ctx, &sm);
	smart_out(s, &sm, &out->smart);
}

/* Goal id freshly read, with (detail) its progress, oldest first. */
static int answer(svc_t *s, const relationship_t *rel, int64_t id, bool detail, Goal_t *out)
{
	goal_row_t *g;
	goal_context_t ctx;
	row_goal_progress_t *rows = NULL;
	int n = 0;
	int st = store_goal_get(s->db, s->arena, id, &g);
	if (st == DB_OK && !g)
		st = DB_ERROR;
	if (st == DB_OK)
		st = context_of(s, rel, &ctx);
	if (st == DB_OK && detail)
		st = sql_goal_progress_list(s->db, s->arena, id, &rows, &n);
	if (st != DB_OK)
		return svc_db(s, st);
	goal_out(s, g, &ctx, out);
	if (detail) {
		out->has_progress = true;
		out->progress.v = arena_alloc(s->arena, sizeof(Progress_t) * (size_t)(n + 1));
		out->progress.n = n;
		for (int i = 0; i < n; i++)
			out->progress.v[i] = (Progress_t){rows[i].id, rows[i].value, rows[i].note, rows[i].author_id,
							  rows[i].at};
	}
	return SVC_OK;
}

/* Goal id and its relationship, for a member of the pair, in a phase that
 * allows working on goals. */
static int goal_access(svc_t *s, int64_t id, goal_row_t **g, relationship_t **rel)
{
	int db = store_goal_get(s->db, s->arena, id, g);
	int st = svc_rel_child_access(s, db, *g != NULL, *g ? (*g)->relationship_id : 0, "goal", id, rel);
	return st ? st : svc_rel_phase(s, *rel, ACT_GOAL);
}

int svc_goal_list(svc_t *s, const in_listGoals_t *in, GoalList_t *out)
{
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	goal_row_t *items;
	goal_context_t ctx;
	int n = 0, db = store_goal_list(s->db, s->arena, rel->id, &items, &n);
	if (db == DB_OK)
		db = context_of(s, rel, &ctx);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Goal_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		goal_out(s, &items[i], &ctx, &out->items.v[i]);
	return SVC_OK;
}

int svc_goal_get(svc_t *s, const in_getGoal_t *in, Goal_t *out)
{
	goal_row_t *g;
	relationship_t *rel;
	int db = store_goal_get(s->db, s->arena, in->id, &g);
	int st = svc_rel_child_access(s, db, g != NULL, g ? g->relationship_id : 0, "goal", in->id, &rel);
	return st ? st : answer(s, rel, g->id, true, out);
}

/* Refuses g unless it is SMART but for the mentor's confirmation. */
static int check_smart(svc_t *s, const relationship_t *rel, const goal_row_t *g)
{
	goal_context_t ctx;
	int db = context_of(s, rel, &ctx);
	if (db != DB_OK)
		return svc_db(s, db);
	smart_t sm;
	judge(g, &ctx, &sm);
	return goal_ready_for_mentor(&sm) ? SVC_OK : refuse_not_smart(s, &sm);
}

int svc_goal_create(svc_t *s, const in_createGoal_t *in, Goal_t *out)
{
	const GoalCreate_t *b = &in->body;
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st || (st = svc_rel_phase(s, rel, ACT_GOAL)))
		return st;
	goal_row_t g = {.relationship_id = rel->id, .title = b->title, .term = b->term,
			.outcome = b->has_outcome ? b->outcome : "", .metric = b->has_metric ? b->metric : "",
			.relevance = b->has_relevance ? b->relevance : "", .status = "active",
			.has_baseline = b->has_baseline && !b->baseline_null, .baseline = b->baseline,
			.has_target = b->has_target && !b->target_null, .target = b->target,
			.due_on = b->has_due_on && !b->due_on_null ? b->due_on : NULL};
	if ((st = check_smart(s, rel, &g)) || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	int db = store_goal_insert(s->db, &g, s->uid, &id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, rel, id, false, out);
}

static bool same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

int svc_goal_update(svc_t *s, const in_updateGoal_t *in, Goal_t *out)
{
	const GoalPatch_t *b = &in->body;
	goal_row_t *g;
	relationship_t *rel;
	int st = goal_access(s, in->id, &g, &rel);
	if (st)
		return st;
	goal_row_t before = *g;
	if (b->has_title)
		g->title = b->title;
	if (b->has_outcome)
		g->outcome = b->outcome;
	if (b->has_term)
		g->term = b->term;
	if (b->has_metric)
		g->metric = b->metric;
	if (b->has_baseline) {
		g->has_baseline = !b->baseline_null;
		g->baseline = b->baseline_null ? 0 : b->baseline;
	}
	if (b->has_target) {
		g->has_target = !b->target_null;
		g->target = b->target_null ? 0 : b->target;
	}
	if (b->has_due_on)
		g->due_on = b->due_on_null ? NULL : b->due_on;
	if (b->has_relevance)
		g->relevance = b->relevance;
	if (b->has_status)
		g->status = b->status;
	/* Changing what the mentor confirmed needs a new confirmation. */
	bool changed = !same_text(before.outcome, g->outcome) || !same_text(before.metric, g->metric) ||
		       before.has_baseline != g->has_baseline || before.baseline != g->baseline ||
		       before.has_target != g->has_target || before.target != g->target ||
		       !same_text(before.due_on, g->due_on);
	if (changed)
		g->confirmed_by = 0;
	/* A goal that is achieved or dropped need not stay SMART. */
	if (!strcmp(g->status, "active") && (st = check_smart(s, rel, g)))
		return st;
	if ((st = svc_begin(s)))
		return st;
	int db = store_goal_update(s->db, g, changed);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, rel, g->id, true, out);
}

int svc_goal_confirm(svc_t *s, const in_confirmGoal_t *in, Goal_t *out)
{
	goal_row_t *g;
	relationship_t *rel;
	int st = goal_access(s, in->id, &g, &rel);
	if (st)
		return st;
	if (!svc_rel_is_mentor(s, rel))
		return svc_fail(s, SVC_FORBIDDEN, "forbidden",
				"only the mentor confirms that a goal is attainable and realistic");
	if ((st = svc_begin(s)))
		return st;
	int db = store_goal_confirm(s->db, g->id, s->uid);
	if (db == DB_OK)
		db = store_rel_event(s->db, rel->id, s->uid, "goal_confirmed", g->title);
	if (db == DB_OK)
		db = svc_rel_maybe_start_working(s, rel);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, rel, g->id, true, out);
}

/* Whether value reaches the target, going from the baseline toward it. */
static bool reaches_target(const goal_row_t *g, double value)
{
	if (!g->has_target || !g->has_baseline)
		return false;
	return g->target >= g->baseline ? value >= g->target : value <= g->target;
}

int svc_goal_progress_add(svc_t *s, const in_addGoalProgress_t *in, Goal_t *out)
{
	const ProgressCreate_t *b = &in->body;
	goal_row_t *g;
	relationship_t *rel;
	int st = goal_access(s, in->id, &g, &rel);
	if (st || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	int db = store_goal_progress_add(s->db, g->id, b->value, b->has_note ? b->note : "", s->uid, &id);
	if (db == DB_OK && !strcmp(g->status, "active") && reaches_target(g, b->value)) {
		/* Reaching the target achieves the goal: celebrate it. */
		g->status = "achieved";
		db = store_goal_update(s->db, g, false);
		if (db == DB_OK)
			db = store_win_add(s->db, rel->id, s->uid, arena_printf(s->arena, "Goal achieved: %s", g->title),
					   g->id, 0, &id);
	}
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, rel, g->id, true, out);
}
