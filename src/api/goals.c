/* SMART goals with the mentor's confirmation and progress check-ins (the
 * agreement they are judged against is svc/agreement.c's). A goal that misses any of specific,
 * measurable, relevant or time-bound is refused with 422 naming exactly
 * which (error.smart); attainable is the mentor's confirmation, so a new
 * goal always reports it as pending until POST /goals/{id}/confirm. */
#include "api/rel.h"
#include "core/goal.h"
#include "core/timeutil.h"

#include <math.h>
#include <string.h>

static const char *const terms[] = {"short", "long", NULL};
static const char *const statuses[] = {"active", "achieved", "dropped", NULL};

/* ---- goals ---- */

static bool read_real(jin_t *in, const char *key, bool *has, double *out)
{
	json_t *v = json_object_get(in->root, key);
	if (!v)
		return false;
	if (json_is_null(v)) {
		*has = false;
		return true;
	}
	if (!json_is_number(v) || !isfinite(json_number_value(v))) {
		verr_add(&in->errs, key, "must be a number");
		return false;
	}
	*has = true;
	*out = json_number_value(v);
	return true;
}

static void read_goal(jin_t *in, goal_row_t *g, bool create)
{
	int f = create ? JIN_REQUIRED : 0;
	jin_str(in, "title", f, 200, &g->title);
	jin_str(in, "outcome", 0, 2000, &g->outcome);
	jin_enum(in, "term", f, terms, &g->term);
	jin_str(in, "metric", 0, 200, &g->metric);
	read_real(in, "baseline", &g->has_baseline, &g->baseline);
	read_real(in, "target", &g->has_target, &g->target);
	jin_date(in, "due_on", JIN_NULLABLE, &g->due_on);
	jin_str(in, "relevance", 0, 2000, &g->relevance);
	if (!create)
		jin_enum(in, "status", 0, statuses, &g->status);
}

/* The context a goal is judged in: today, the relationship's end, whether
 * the agreement has a purpose. */
static int smart_of(req_t *r, const relationship_t *rel, const goal_row_t *g, smart_t *s)
{
	json_t *ag = NULL;
	int st = store_agreement_get(r->db, rel->id, &ag);
	if (st != DB_OK)
		return st;
	char today[32];
	time_format(time_now(), today, sizeof(today));
	today[10] = '\0';
	const char *ends = rel->program_ends_on;
	if (ag) {
		/* The agreement's duration bounds the relationship when it is earlier. */
		int64_t start_days = rel->created_at / 86400;
		int64_t end_days = start_days + 7 * json_integer_value(json_object_get(ag, "duration_weeks"));
		char end[32];
		time_format(end_days * 86400, end, sizeof(end));
		end[10] = '\0';
		if (strcmp(end, ends) < 0)
			ends = arena_strdup(r->arena, end);
	}
	goal_context_t ctx = {today, ends, ag && *json_string_value(json_object_get(ag, "purpose"))};
	goal_input_t in = {g->title, g->outcome, g->metric, g->relevance, g->due_on, g->has_baseline,
			   g->has_target, g->baseline, g->target, g->confirmed_by != 0};
	json_decref(ag);
	goal_smart_check(&in, &ctx, s);
	return DB_OK;
}

static json_t *smart_json(const smart_t *s)
{
	json_t *o = json_object(), *missing = json_array();
	for (int k = 0; k < SMART_N; k++) {
		json_object_set_new(o, smart_names[k], json_boolean(s->ok[k]));
		if (!s->ok[k])
			json_array_append_new(missing, json_pack("{s:s, s:s}", "criterion", smart_names[k],
								 "why", s->why[k]));
	}
	json_object_set_new(o, "missing", missing);
	return o;
}

/* 422 naming the missing criteria (all but attainable). */
static void smart_refuse(req_t *r, const smart_t *s)
{
	json_t *fields = json_object(), *missing = json_array();
	static const char *const field_of[SMART_N] = {"outcome", "metric", "", "relevance", "due_on"};
	for (int k = 0; k < SMART_N; k++)
		if (!s->ok[k] && k != SMART_A) {
			json_array_append_new(missing, json_string(smart_names[k]));
			json_object_set_new(fields, field_of[k], json_string(s->why[k]));
		}
	resp_json(r, 422, json_pack("{s:{s:s, s:s, s:o, s:o}}", "error", "code", "not_smart", "message",
				    "the goal is not SMART yet", "smart", missing, "fields", fields));
}

static json_t *goal_with_smart(req_t *r, const relationship_t *rel, json_t *g)
{
	goal_row_t *row = NULL;
	smart_t s;
	if (store_goal_get(r->db, r->arena, json_integer_value(json_object_get(g, "id")), &row) == DB_OK &&
	    row && smart_of(r, rel, row, &s) == DB_OK)
		json_object_set_new(g, "smart", smart_json(&s));
	return g;
}

static void goals_list(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	json_t *items = NULL;
	if (!rel)
		return;
	int st = store_goal_list(r->db, rel->id, &items);
	for (size_t i = 0; st == DB_OK && i < json_array_size(items); i++)
		goal_with_smart(r, rel, json_array_get(items, i));
	rel_items(r, st, items);
}

static void goal_create(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_GOAL))
		return;
	jin_t in;
	goal_row_t g = {.relationship_id = rel->id, .outcome = "", .metric = "", .relevance = "",
			.status = "active"};
	if (!jin_open(&in, r))
		return;
	read_goal(&in, &g, true);
	jin_close(&in);
	if (jin_failed(&in))
		return;
	smart_t s;
	int st = smart_of(r, rel, &g, &s);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (!goal_ready_for_mentor(&s)) {
		smart_refuse(r, &s);
		return;
	}
	int64_t id = 0;
	if (!api_begin(r))
		return;
	st = store_goal_insert(r->db, &g, r->who.user_id, &id);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *out = NULL;
	st = store_goal_json(r->db, id, &out);
	rel_created(r, st, out ? goal_with_smart(r, rel, out) : NULL);
}

/* Loads goal r->id[0] and its relationship for a member of the pair. */
static goal_row_t *goal_access(req_t *r, relationship_t **rel)
{
	goal_row_t *g = NULL;
	int st = store_goal_get(r->db, r->arena, r->id[0], &g);
	*rel = rel_child_access(r, st, g != NULL, g ? g->relationship_id : 0, "goal", r->id[0]);
	return *rel ? g : NULL;
}

static void goal_get(req_t *r)
{
	relationship_t *rel;
	goal_row_t *g = goal_access(r, &rel);
	json_t *out = NULL, *progress = NULL;
	if (!g)
		return;
	int st = store_goal_json(r->db, g->id, &out);
	if (st == DB_OK)
		st = store_goal_progress_list(r->db, g->id, &progress);
	if (st != DB_OK || !out) {
		json_decref(out);
		json_decref(progress);
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	json_object_set_new(out, "progress", progress);
	resp_json(r, 200, goal_with_smart(r, rel, out));
}

static void goal_patch(req_t *r)
{
	relationship_t *rel;
	goal_row_t *g = goal_access(r, &rel);
	if (!g || !rel_phase_allows(r, rel, ACT_GOAL))
		return;
	goal_row_t before = *g;
	jin_t in;
	if (!jin_open(&in, r))
		return;
	read_goal(&in, g, false);
	jin_close(&in);
	if (jin_failed(&in))
		return;
	/* Changing what the mentor confirmed needs a new confirmation. */
	bool changed = strcmp(before.outcome, g->outcome) || strcmp(before.metric, g->metric) ||
		       before.target != g->target || before.baseline != g->baseline ||
		       before.has_target != g->has_target || before.has_baseline != g->has_baseline ||
		       (before.due_on ? !g->due_on || strcmp(before.due_on, g->due_on) : g->due_on != NULL);
	if (changed)
		g->confirmed_by = 0;
	smart_t s;
	int st = smart_of(r, rel, g, &s);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (!strcmp(g->status, "active") && !goal_ready_for_mentor(&s)) {
		smart_refuse(r, &s);
		return;
	}
	if (!api_begin(r))
		return;
	st = store_goal_update(r->db, g, changed);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		goal_get(r);
}

static void goal_confirm(req_t *r)
{
	relationship_t *rel;
	goal_row_t *g = goal_access(r, &rel);
	if (!g || !rel_phase_allows(r, rel, ACT_GOAL))
		return;
	if (!rel_is_mentor(r, rel)) {
		resp_error(r, 403, "forbidden", "only the mentor confirms that a goal is attainable and realistic");
		return;
	}
	if (!api_begin(r))
		return;
	int st = store_goal_confirm(r->db, g->id, r->who.user_id);
	if (st == DB_OK)
		st = store_rel_event(r->db, rel->id, r->who.user_id, "goal_confirmed", g->title);
	if (st == DB_OK)
		st = rel_maybe_start_working(r, rel);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		goal_get(r);
}

static void goal_progress(req_t *r)
{
	relationship_t *rel;
	goal_row_t *g = goal_access(r, &rel);
	if (!g || !rel_phase_allows(r, rel, ACT_GOAL))
		return;
	jin_t in;
	bool has = false;
	double value = 0;
	const char *note = "";
	if (!jin_open(&in, r))
		return;
	if (!read_real(&in, "value", &has, &value) && !verr_has(&in.errs, "value"))
		verr_add(&in.errs, "value", "is required: a number toward the target");
	else if (!has && !verr_has(&in.errs, "value"))
		verr_add(&in.errs, "value", "must be a number, not null");
	jin_str(&in, "note", 0, 2000, &note);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	int st = store_goal_progress_add(r->db, g->id, value, note, r->who.user_id, &id);
	if (st == DB_OK && g->has_target && g->has_baseline && !strcmp(g->status, "active") &&
	    ((g->target >= g->baseline && value >= g->target) || (g->target < g->baseline && value <= g->target))) {
		/* Reaching the target achieves the goal: celebrate it. */
		g->status = "achieved";
		st = store_goal_update(r->db, g, false);
		if (st == DB_OK)
			st = store_win_add(r->db, rel->id, r->who.user_id,
					   arena_printf(r->arena, "Goal achieved: %s", g->title), g->id, 0, &id);
	}
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	r->status = 201;
	goal_get(r);
	if (r->status == 200)
		r->status = 201;
}

void api_goals_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/relationships/{id}/goals", goals_list, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/goals", goal_create, 0, NULL},
		{"GET", "/api/v1/goals/{id}", goal_get, 0, NULL},
		{"PATCH", "/api/v1/goals/{id}", goal_patch, 0, NULL},
		{"POST", "/api/v1/goals/{id}/confirm", goal_confirm, 0, NULL},
		{"POST", "/api/v1/goals/{id}/progress", goal_progress, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
