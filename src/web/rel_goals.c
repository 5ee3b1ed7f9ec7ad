/* Goals as pages: each goal with its SMART checklist (what is missing and
 * why, as the API's validator says), progress as value of target, the
 * mentor's confirmation that it is attainable and realistic, and a progress
 * check-in; and the form for a new goal, which the API refuses with 422
 * naming the missing criteria (error.smart) when it is not SMART yet. */
#include "web/rel_shared.h"

#include <math.h>
#include <stdio.h>
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

static const char *num(req_t *r, json_t *v)
{
	if (!json_is_number(v))
		return NULL;
	double d = json_number_value(v);
	if (d == floor(d) && fabs(d) < 1e15)
		return arena_printf(r->arena, "%.0f", d);
	return arena_printf(r->arena, "%g", d);
}

static json_t *checklist(json_t *smart)
{
	json_t *list = json_array();
	for (int k = 0; k < NCRIT; k++) {
		const char *why = NULL;
		json_t *m;
		size_t i;
		json_array_foreach(json_object_get(smart, "missing"), i, m)
			if (!strcmp(json_string_value(json_object_get(m, "criterion")), criteria[k].key))
				why = json_string_value(json_object_get(m, "why"));
		json_array_append_new(list, json_pack("{s:s, s:b, s:o}", "label", criteria[k].label,
			"ok", json_is_true(json_object_get(smart, criteria[k].key)), "why", page_str(why)));
	}
	return list;
}

static json_t *goal_json(req_t *r, const relp_t *rp, json_t *g, const relform_t *f, const char **typed)
{
	const char *current = num(r, json_object_get(g, "current")), *target = num(r, json_object_get(g, "target"));
	const char *baseline = num(r, json_object_get(g, "baseline"));
	json_int_t id = json_integer_value(json_object_get(g, "id"));
	const char *which = arena_printf(r->arena, "progress-%lld", (long long)id);
	bool confirmed = !json_is_null(json_object_get(g, "confirmed_by")) && json_object_get(g, "confirmed_by");
	const char *status = json_string_value(json_object_get(g, "status"));
	bool active = status && !strcmp(status, "active");
	json_t *o = json_pack("{s:I, s:O, s:O, s:s, s:O, s:O, s:o, s:o, s:o, s:o, s:b, s:b, s:s}",
		"id", id, "title", json_object_get(g, "title"), "outcome", json_object_get(g, "outcome"),
		"term", strcmp(json_string_value(json_object_get(g, "term")), "long") ? "Short-term" : "Long-term",
		"metric", json_object_get(g, "metric"), "due_on", json_object_get(g, "due_on"),
		"current", page_str(current ? current : baseline ? baseline : "0"),
		"target", target ? page_str(target) : json_null(), "baseline", page_str(baseline ? baseline : "—"),
		"checklist", checklist(json_object_get(g, "smart")),
		"confirmed", confirmed, "can_confirm", rp->is_mentor && !confirmed && active,
		"status", !active ? (status && !strcmp(status, "achieved") ? "Achieved" : "Dropped") : "Active");
	json_object_set_new(o, "active", json_boolean(active));
	if (target && json_is_number(json_object_get(g, "target"))) {
		double t = json_number_value(json_object_get(g, "target"));
		double c = current ? json_number_value(json_object_get(g, "current")) :
			   baseline ? json_number_value(json_object_get(g, "baseline")) : 0;
		json_object_set_new(o, "max", page_str(target));
		json_object_set_new(o, "value", page_str(current ? current : baseline ? baseline : "0"));
		json_object_set_new(o, "meter", json_boolean(t > 0 && c >= 0));
	}
	bool mine = f && f->which && !strcmp(f->which, which);
	json_t *v = relp_field("value", arena_printf(r->arena, "f-value-%lld", (long long)id), "Value now",
			       mine && typed ? typed[0] : "", target ? arena_printf(r->arena, "Toward %s.", target) : NULL,
			       f, which);
	json_object_set_new(v, "inputmode", json_string("decimal"));
	json_object_set_new(o, "f_value", v);
	json_object_set_new(o, "f_note", relp_field("note", arena_printf(r->arena, "f-note-%lld", (long long)id),
		"Note", mine && typed ? typed[1] : "", NULL, f, which));
	return o;
}

static void goals_show(req_t *r, relp_t *rp, const char **typed, const char **ptyped, relform_t *f,
		       json_t *smart_missing)
{
	json_t *items = relp_get_items(r, arena_printf(r->arena, "/api/v1/relationships/%lld/goals",
						       (long long)rp->id));
	if (!items)
		return;
	json_t *ctx = relp_ctx(r, rp, "Goals", "goals"), *goals = json_array(), *g;
	size_t i;
	json_array_foreach(items, i, g)
		json_array_append_new(goals, goal_json(r, rp, g, f, ptyped));
	json_decref(items);
	json_object_set_new(ctx, "goals", goals);
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
	json_object_set_new(ctx, "f", fl);
	if (smart_missing && json_array_size(smart_missing)) {
		/* The refused goal's checklist: the missing criteria with the why. */
		json_t *list = json_array(), *m;
		json_array_foreach(smart_missing, i, m) {
			const char *key = json_string_value(m);
			for (int k = 0; k < NCRIT; k++) {
				if (!key || strcmp(key, criteria[k].key) != 0)
					continue;
				const char *why = NULL;
				for (int e = 0; criteria[k].field && e < f->errs.n; e++)
					if (!strcmp(f->errs.e[e].field, criteria[k].field))
						why = f->errs.e[e].msg;
				json_array_append_new(list, json_pack("{s:s, s:o, s:s}", "label", criteria[k].label,
					"why", page_str(why), "anchor", arena_printf(r->arena, "f-%s",
						criteria[k].field ? criteria[k].field : "title")));
			}
		}
		json_object_set_new(ctx, "has_not_smart", json_boolean(json_array_size(list) > 0));
		json_object_set_new(ctx, "not_smart", list);
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

static void goals(req_t *r)
{
	relp_t rp;
	if (!relp_load(r, r->id[0], &rp))
		return;
	goals_show(r, &rp, NULL, NULL, NULL, NULL);
	relp_free(&rp);
}

static void goal_create(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	if (!relp_load(r, r->id[0], &rp))
		return;
	const char *v[G_N];
	for (int i = 0; i < G_N; i++)
		v[i] = page_form_text(r, gfields[i].name, gfields[i].max, &f.errs);
	json_t *body = json_object();
	relp_put_text(body, "title", v[G_TITLE]);
	relp_put_text(body, "outcome", v[G_OUTCOME]);
	relp_put_text(body, "term", v[G_TERM]);
	relp_put_text(body, "metric", v[G_METRIC]);
	relp_put_number(body, "baseline", v[G_BASELINE]);
	relp_put_number(body, "target", v[G_TARGET]);
	relp_put_text(body, "due_on", v[G_DUE]);
	relp_put_text(body, "relevance", v[G_RELEVANCE]);
	api_result_t res = {0};
	if (!f.errs.n)
		web_api(r, "POST", arena_printf(r->arena, "/api/v1/relationships/%lld/goals", (long long)rp.id),
			body, &res);
	json_decref(body);
	if (!f.errs.n && res.status == 201) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/goals?done=created", (long long)rp.id));
	} else {
		json_t *smart = NULL;
		f.which = "goal";
		f.status = f.errs.n || res.status == 422 ? 422 : res.status;
		if (!f.errs.n && res.status == 422) {
			web_api_errors(&res, &f.errs, r->arena);
			smart = json_object_get(json_object_get(res.body, "error"), "smart");
		} else if (!f.errs.n) {
			f.alert = res.message;
		}
		goals_show(r, &rp, v, NULL, &f, smart);
	}
	api_result_free(&res);
	relp_free(&rp);
}

/* The goal's relationship, for the pages that act on one goal. */
static bool goal_rel(req_t *r, relp_t *rp)
{
	api_result_t res;
	web_api(r, "GET", arena_printf(r->arena, "/api/v1/goals/%lld", (long long)r->id[0]), NULL, &res);
	if (res.status != 200) {
		relp_fail(r, &res);
		api_result_free(&res);
		return false;
	}
	int64_t rel = json_integer_value(json_object_get(res.body, "relationship_id"));
	api_result_free(&res);
	return relp_load(r, rel, rp);
}

static void goal_confirm(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	if (!goal_rel(r, &rp))
		return;
	if (relp_call(r, "POST", arena_printf(r->arena, "/api/v1/goals/%lld/confirm", (long long)r->id[0]), NULL,
		      "confirm", &f, NULL))
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/goals?done=confirmed", (long long)rp.id));
	else
		goals_show(r, &rp, NULL, NULL, &f, NULL);
	relp_free(&rp);
}

static void goal_progress(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	if (!goal_rel(r, &rp))
		return;
	const char *which = arena_printf(r->arena, "progress-%lld", (long long)r->id[0]);
	const char *pv[2] = {page_form_text(r, "value", 30, &f.errs), page_form_text(r, "note", 2000, &f.errs)};
	json_t *body = json_object();
	relp_put_number(body, "value", pv[0]);
	relp_put_text(body, "note", pv[1]);
	bool ok = !f.errs.n && relp_call(r, "POST", arena_printf(r->arena, "/api/v1/goals/%lld/progress",
		(long long)r->id[0]), body, which, &f, NULL);
	json_decref(body);
	if (ok) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/goals?done=progress", (long long)rp.id));
	} else {
		if (!f.status)
			f = (relform_t){.status = 422, .which = which, .errs = f.errs};
		goals_show(r, &rp, NULL, pv, &f, NULL);
	}
	relp_free(&rp);
}

void web_rel_goals_register(void)
{
	static const route_t routes[] = {
		{"GET", "/relationships/{id}/goals", goals, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/goals", goal_create, ROUTE_WEB, NULL},
		{"POST", "/goals/{id}/confirm", goal_confirm, ROUTE_WEB, NULL},
		{"POST", "/goals/{id}/progress", goal_progress, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
