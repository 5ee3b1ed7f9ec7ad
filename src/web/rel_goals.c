/* Goals as pages: each goal with its SMART checklist (what is missing and
 * why, as the goal service judges it), progress as value of target, the
 * mentor's confirmation that it is attainable and realistic, and a progress
 * check-in; and the form for a new goal, which the service refuses with 422
 * naming the missing criteria (error.smart) when it is not SMART yet. The
 * forms are the API's own shapes (GoalCreate, ProgressCreate), read and
 * checked at the edge; every rule is the goal services' (svc/goal.c). */
#include "web/page_types.h"
#include "web/rel_refusal.h"

#include <math.h>
#include <string.h>

static const struct {
	const char *key, *label, *field;
} criteria[] = {
	{"specific", "Specific: a concrete outcome", "outcome"},
	{"measurable", "Measurable: a metric, a baseline and a target", "metric"},
	{"attainable", "Attainable and realistic: confirmed by the mentor", NULL},
	{"relevant", "Relevant: tied to the agreement's purpose", "relevance"},
	{"time_bound", "Time-bound: a due date inside the relationship", "due_on"},
};
#define NCRIT (int)(sizeof(criteria) / sizeof(criteria[0]))

enum { G_TITLE, G_OUTCOME, G_TERM, G_METRIC, G_BASELINE, G_TARGET, G_DUE, G_RELEVANCE, G_N };
static const struct {
	const char *name, *label, *hint;
	size_t max;
} gfields[G_N] = {
	[G_TITLE] = {"title", "Title", "A short name for the goal.", 200},
	[G_OUTCOME] = {"outcome", "Outcome", "Specific: what concretely will be different, in a sentence.", 2000},
	[G_TERM] = {"term", "Term", NULL, 10},
	[G_METRIC] = {"metric", "Metric", "Measurable: what you count, e.g. talks given.", 200},
	[G_BASELINE] = {"baseline", "Baseline", "Where you are today.", 30},
	[G_TARGET] = {"target", "Target", "Where you want to be.", 30},
	[G_DUE] = {"due_on", "Due on", "Time-bound: inside the relationship's duration.", 10},
	[G_RELEVANCE] = {"relevance", "Relevance", "Relevant: how it serves the purpose of your agreement.", 2000},
};
static const page_opt_t terms[] = {{"short", "Short-term"}, {"long", "Long-term"}, {NULL, NULL}};
static const page_label_t glabels[] = {
	{"title", "Title", NULL}, {"outcome", "Outcome", NULL}, {"term", "Term", NULL},
	{"metric", "Metric", NULL}, {"baseline", "Baseline", NULL}, {"target", "Target", NULL},
	{"due_on", "Due on", NULL}, {"relevance", "Relevance", NULL},
	{"value", "Progress value", NULL}, {"note", "Progress note", NULL},
	{"form", "Goal", "f-title"}, {NULL, NULL, NULL}};
static const char *const gdone[] = {
	"created", "The goal has been saved. The mentor confirms that it is attainable and realistic.",
	"confirmed", "You have confirmed the goal.", "progress", "Your progress has been recorded.", NULL};

/* A number as people write it: 4, 2.5. */
static const char *num(req_t *r, double d)
{
	if (d == floor(d) && fabs(d) < 1e15)
		return arena_printf(r->arena, "%.0f", d);
	return arena_printf(r->arena, "%g", d);
}

static bool smart_ok(const SmartReport_t *sm, int k)
{
	const bool ok[] = {sm->specific, sm->measurable, sm->attainable, sm->relevant, sm->time_bound};
	return ok[k];
}

static json_t *checklist(const SmartReport_t *sm)
{
	json_t *list = json_array();
	for (int k = 0; k < NCRIT; k++) {
		const char *why = NULL;
		for (int i = 0; i < sm->missing.n; i++)
			if (!strcmp(sm->missing.v[i].criterion, criteria[k].key))
				why = sm->missing.v[i].why;
		json_array_append_new(list, json_pack("{s:s, s:b, s:o}", "label", criteria[k].label,
						      "ok", smart_ok(sm, k), "why", page_str(why)));
	}
	return list;
}

static json_t *goal_json(req_t *r, const relp_t *rp, const Goal_t *g, const relform_t *f, const char **typed)
{
	const char *current = g->current_null ? NULL : num(r, g->current);
	const char *target = g->target_null ? NULL : num(r, g->target);
	const char *baseline = g->baseline_null ? NULL : num(r, g->baseline);
	const char *now = current ? current : baseline ? baseline : "0";
	const char *which = arena_printf(r->arena, "progress-%lld", (long long)g->id);
	bool confirmed = !g->confirmed_by_null, active = !strcmp(g->status, "active");
	json_t *o = json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:s, s:b}",
		"id", (json_int_t)g->id, "title", page_str(g->title), "outcome", page_str(g->outcome),
		"term", strcmp(g->term, "long") ? "Short-term" : "Long-term", "metric", page_str(g->metric),
		"due_on", g->due_on_null ? json_null() : page_str(relp_date(r, g->due_on)), "current", page_str(now),
		"target", target ? page_str(target) : json_null(), "baseline", page_str(baseline ? baseline : "—"),
		"checklist", checklist(&g->smart), "confirmed", confirmed,
		"can_confirm", rp->is_mentor && !confirmed && active,
		"status", active ? "Active" : !strcmp(g->status, "achieved") ? "Achieved" : "Dropped", "active", active);
	if (target) {
		double c = current ? g->current : baseline ? g->baseline : 0;
		json_object_set_new(o, "max", page_str(target));
		json_object_set_new(o, "value", page_str(now));
		json_object_set_new(o, "meter", json_boolean(g->target > 0 && c >= 0));
	}
	bool mine = f && f->which && !strcmp(f->which, which);
	json_t *v = relp_field("value", arena_printf(r->arena, "f-value-%lld", (long long)g->id), "Value now",
			       mine && typed ? typed[0] : "", target ? arena_printf(r->arena, "Toward %s.", target) : NULL,
			       f, which);
	json_object_set_new(v, "inputmode", json_string("decimal"));
	json_object_set_new(o, "f_value", v);
	json_object_set_new(o, "f_note", relp_field("note", arena_printf(r->arena, "f-note-%lld", (long long)g->id),
						    "Note", mine && typed ? typed[1] : "", NULL, f, which));
	return o;
}

static json_t *goal_form(req_t *r, const char **typed, const relform_t *f)
{
	const char *v[G_N] = {"", "", "short", "", "", "", "", ""};
	for (int k = 0; typed && k < G_N; k++)
		v[k] = typed[k];
	json_t *fl = json_object();
	for (int k = 0; k < G_N; k++) {
		json_t *x;
		if (k == G_TERM) {
			x = page_select("term", "Term", terms, v[k], NULL,
					f && f->which && !strcmp(f->which, "goal") ? &f->errs : NULL);
		} else {
			x = relp_field(gfields[k].name, arena_printf(r->arena, "f-%s", gfields[k].name), gfields[k].label,
				       v[k], gfields[k].hint, f, "goal");
			json_object_set_new(x, "maxlength", json_integer((json_int_t)gfields[k].max));
		}
		if (k == G_OUTCOME || k == G_RELEVANCE)
			json_object_set_new(x, "rows", json_integer(2));
		if (k == G_DUE)
			json_object_set_new(x, "type", json_string("date"));
		if (k == G_BASELINE || k == G_TARGET)
			json_object_set_new(x, "inputmode", json_string("decimal"));
		if (k == G_TITLE)
			json_object_set_new(x, "required", json_true());
		json_object_set_new(fl, gfields[k].name, x);
	}
	return fl;
}

/* The refused goal's checklist: the missing criteria, each with why and a
 * link to its field. */
static json_t *not_smart(req_t *r, const strlist_t *missing, const relform_t *f)
{
	json_t *list = json_array();
	for (int i = 0; i < missing->n; i++)
		for (int k = 0; k < NCRIT; k++) {
			if (strcmp(missing->v[i], criteria[k].key) != 0)
				continue;
			const char *why = NULL;
			for (int e = 0; criteria[k].field && e < f->errs.n; e++)
				if (!strcmp(f->errs.e[e].field, criteria[k].field))
					why = f->errs.e[e].msg;
			json_array_append_new(list, json_pack("{s:s, s:o, s:s}", "label", criteria[k].label,
				"why", page_str(why), "anchor",
				arena_printf(r->arena, "f-%s", criteria[k].field ? criteria[k].field : "title")));
		}
	return list;
}

/* The goals page, with what was typed into the new goal's form (typed) or a
 * goal's progress form (ptyped) and its problems (f) after a refusal. */
static void goals_show(req_t *r, relp_t *rp, const char **typed, const char **ptyped, relform_t *f,
		       const strlist_t *missing)
{
	svc_t s;
	page_svc(r, &s);
	GoalList_t list = {0};
	int st = svc_goal_list(&s, &(in_listGoals_t){.id = rp->id}, &list);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = relp_ctx(r, rp, "Goals", "goals"), *goals = json_array();
	for (int i = 0; i < list.items.n; i++)
		json_array_append_new(goals, goal_json(r, rp, &list.items.v[i], f, ptyped));
	json_object_set_new(ctx, "goals", goals);
	json_object_set_new(ctx, "f", goal_form(r, typed, f));
	if (missing && missing->n) {
		json_object_set_new(ctx, "has_not_smart", json_true());
		json_object_set_new(ctx, "not_smart", not_smart(r, missing, f));
	}
	relp_notice(r, ctx, gdone);
	page_label_t labels[sizeof(glabels) / sizeof(glabels[0])];
	memcpy(labels, glabels, sizeof(glabels));
	if (f && f->which && !strncmp(f->which, "progress-", 9))
		for (size_t k = 0; labels[k].field; k++)
			if (!strcmp(labels[k].field, "value") || !strcmp(labels[k].field, "note"))
				labels[k].anchor = arena_printf(r->arena, "f-%s-%s", labels[k].field, f->which + 9);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "rel_goals", ctx);
}

void page_goals(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGoals_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	goals_show(r, &rp, NULL, NULL, NULL, NULL);
	relp_free(&rp);
}

void page_goal_create(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGoalCreate_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	relform_t f = {.status = 422, .which = "goal", .errs = *errs};
	strlist_t missing = {0};
	if (!f.errs.n) {
		svc_t s;
		page_svc(r, &s);
		Goal_t made;
		int st = svc_goal_create(&s, &(in_createGoal_t){.id = rp.id, .body = in->body}, &made);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/goals?done=created", (long long)rp.id));
			relp_free(&rp);
			return;
		}
		if (!relp_refused(r, &s, st, "goal", &f)) {
			relp_free(&rp);
			return;
		}
		if (s.err.has_smart)
			missing = s.err.smart;
	}
	const char *v[G_N];
	for (int i = 0; i < G_N; i++)
		v[i] = page_raw(r, gfields[i].name);
	goals_show(r, &rp, v, NULL, &f, &missing);
	relp_free(&rp);
}

/* Goal id's relationship, for the pages that act on one goal; answers the
 * error page itself when the goal is not the viewer's. */
static bool goal_rel(req_t *r, int64_t id, relp_t *rp)
{
	svc_t s;
	page_svc(r, &s);
	Goal_t g;
	int st = svc_goal_get(&s, &(in_getGoal_t){.id = id}, &g);
	if (st) {
		page_refuse(r, &s, st);
		return false;
	}
	return relp_load(r, g.relationship_id, rp);
}

void page_goal_confirm(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGoalConfirm_t *in = in_;
	relp_t rp;
	if (!goal_rel(r, in->id, &rp))
		return;
	svc_t s;
	page_svc(r, &s);
	Goal_t g;
	relform_t f = {0};
	int st = svc_goal_confirm(&s, &(in_confirmGoal_t){.id = in->id}, &g);
	if (st == SVC_OK)
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/goals?done=confirmed", (long long)rp.id));
	else if (relp_refused(r, &s, st, "confirm", &f))
		goals_show(r, &rp, NULL, NULL, &f, NULL);
	relp_free(&rp);
}

void page_goal_progress(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGoalProgress_t *in = in_;
	relp_t rp;
	if (!goal_rel(r, in->id, &rp))
		return;
	const char *which = arena_printf(r->arena, "progress-%lld", (long long)in->id);
	relform_t f = {.status = 422, .which = which, .errs = *errs};
	if (!f.errs.n) {
		svc_t s;
		page_svc(r, &s);
		Goal_t g;
		int st = svc_goal_progress_add(&s, &(in_addGoalProgress_t){.id = in->id, .body = in->body}, &g);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/goals?done=progress", (long long)rp.id));
			relp_free(&rp);
			return;
		}
		if (!relp_refused(r, &s, st, which, &f)) {
			relp_free(&rp);
			return;
		}
	}
	const char *typed[2] = {page_raw(r, "value"), page_raw(r, "note")};
	goals_show(r, &rp, NULL, typed, &f, NULL);
	relp_free(&rp);
}

