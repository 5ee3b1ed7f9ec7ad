/* Matching as pages. For a program's managers: run matching (optimal or
 * stable), review a run — each pair with its score and the reasons behind
 * it, each unmatched mentee with the reason in words — change a pair's
 * mentor or remove the pair, and publish the run, which creates the
 * relationships (conflicts listed when pairs no longer fit); or pair two
 * people by hand. For self-match programs: a mentee's ranked
 * recommendations with "ask this mentor", and a mentor's requests to
 * accept or decline. Every rule is the API's, called in process. */
#include "web/rel_shared.h"
#include "store/store.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MENTOR_OPTIONS 500

static const page_opt_t algorithms[] = {
	{"optimal", "Optimal: the best total fit under mentor capacity"},
	{"stable", "Stable: no mentee and mentor would both rather be together"}, {NULL, NULL}};

static const char *criterion_label(const char *c)
{
	static const char *const labels[] = {
		"skills", "Skills wanted and offered", "interests", "Shared interests", "languages", "Languages",
		"seniority", "Seniority gap", "department", "Department", "timezone", "Time zones",
		"availability", "Availability overlap", "preferences", "Stated preferences", NULL};
	for (int i = 0; labels[i]; i += 2)
		if (c && !strcmp(c, labels[i]))
			return labels[i + 1];
	return c ? c : "";
}

static const char *unmatched_words(const char *reason)
{
	static const char *const words[] = {
		"no_candidates", "No mentor reaches the minimum score: the profiles have too little in common.",
		"all_candidates_full", "Every fitting mentor is at capacity.",
		"blocked_by_rules", "The fitting mentors are ruled out (own manager or management chain, a repeat pair, no common language).",
		"removed_by_manager", "Removed from the run by a manager.", NULL};
	for (int i = 0; words[i]; i += 2)
		if (reason && !strcmp(reason, words[i]))
			return words[i + 1];
	return reason ? reason : "";
}

static json_t *reasons_json(json_t *reasons)
{
	json_t *out = json_array(), *x;
	size_t i;
	json_array_foreach(reasons, i, x)
		json_array_append_new(out, json_pack("{s:s, s:O, s:O}", "criterion",
			criterion_label(json_string_value(json_object_get(x, "criterion"))),
			"points", json_object_get(x, "points"), "detail", json_object_get(x, "detail")));
	return out;
}

/* The program's participants in role as select options (id, name). */
static int people_options(req_t *r, int64_t program_id, const char *role, json_t **out)
{
	participant_t *items;
	int n;
	int st = store_participant_list(r->db, r->arena, program_id, role, 0, MENTOR_OPTIONS, &items, &n);
	if (st != DB_OK)
		return st;
	*out = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(*out, json_pack("{s:I, s:o, s:o}", "id", (json_int_t)items[i].user_id,
			"name", page_str(items[i].name), "email", page_str(items[i].email)));
	return DB_OK;
}

/* The mentors as options of one pair's select, its mentor selected. */
static json_t *mentor_options(json_t *mentors, json_t *current)
{
	json_t *out = json_array(), *m;
	size_t i;
	json_array_foreach(mentors, i, m)
		json_array_append_new(out, json_pack("{s:O, s:O, s:b}", "id", json_object_get(m, "id"),
			"name", json_object_get(m, "name"),
			"selected", json_integer_value(json_object_get(m, "id")) == json_integer_value(current)));
	return out;
}

/* ---- the matching page ---- */

static const char *const mdone[] = {"published", "The run has been published: the relationships exist now.", NULL};

static void matching_show(req_t *r, const program_t *prog, const char *algorithm, const char *mentor,
			  const char *mentee, relform_t *f)
{
	json_t *runs = relp_get_items(r, arena_printf(r->arena, "/api/v1/programs/%lld/match-runs", (long long)prog->id));
	if (!runs)
		return;
	json_t *mentors = NULL, *mentees = NULL;
	int st = people_options(r, prog->id, "mentor", &mentors);
	if (st == DB_OK)
		st = people_options(r, prog->id, "mentee", &mentees);
	if (st != DB_OK) {
		json_decref(runs);
		json_decref(mentors);
		page_db_error(r, st);
		return;
	}
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Matching · %s", prog->name), "programs"), *list = json_array(), *x;
	size_t i;
	json_array_foreach(runs, i, x)
		json_array_append_new(list, json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:b}", "id", json_object_get(x, "id"),
			"algorithm", json_object_get(x, "algorithm"), "pairs", json_object_get(x, "pairs"),
			"unmatched", json_object_get(x, "unmatched_count"), "total", json_object_get(x, "total_score"),
			"when", page_str(relp_when(r, relp_viewer_tz(r), json_string_value(json_object_get(x, "created_at")))),
			"published", !strcmp(json_string_value(json_object_get(x, "status")), "published")));
	json_decref(runs);
	json_object_set_new(ctx, "runs", list);
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o, s:s, s:b}", "id", (json_int_t)prog->id,
		"name", page_str(prog->name), "matching", page_matching_label(prog->matching),
		"self", !strcmp(prog->matching, "self")));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	const verr_t *errs = f && f->which && !strcmp(f->which, "run") ? &f->errs : NULL;
	json_object_set_new(ctx, "f_algorithm", page_select("algorithm", "Algorithm", algorithms,
		algorithm ? algorithm : strcmp(prog->matching, "stable") ? "optimal" : "stable", NULL, errs));
	json_object_set_new(ctx, "mentors", mentors);
	json_object_set_new(ctx, "mentees", mentees);
	char buf[24];
	json_array_foreach(mentors, i, x) {
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(json_object_get(x, "id")));
		json_object_set_new(x, "selected", json_boolean(mentor && !strcmp(mentor, buf)));
	}
	json_array_foreach(mentees, i, x) {
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(json_object_get(x, "id")));
		json_object_set_new(x, "selected", json_boolean(mentee && !strcmp(mentee, buf)));
	}
	bool pair_err = f && f->which && !strcmp(f->which, "pair");
	for (int k = 0; pair_err && k < f->errs.n; k++)
		json_object_set_new(ctx, !strcmp(f->errs.e[k].field, "mentor_id") ? "mentor_error" : "mentee_error",
				    page_str(f->errs.e[k].msg));
	static const page_label_t labels[] = {
		{"algorithm", "Algorithm", NULL}, {"weights", "Weights", "f-algorithm"},
		{"mentor_id", "Mentor", "f-pair-mentor"}, {"mentee_id", "Mentee", "f-pair-mentee"},
		{"program_id", "Program", "f-pair-mentor"}, {NULL, NULL, NULL}};
	relp_notice(r, ctx, mdone);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "match_program", ctx);
}

static void matching(req_t *r)
{
	program_t *prog;
	bool manage;
	if (page_program_access(r, r->id[0], true, &prog, &manage))
		matching_show(r, prog, NULL, NULL, NULL, NULL);
}

static void run_create(req_t *r)
{
	program_t *prog;
	bool manage;
	relform_t f = {0};
	if (!page_program_access(r, r->id[0], true, &prog, &manage))
		return;
	const char *algorithm = page_form_text(r, "algorithm", 20, &f.errs);
	json_t *body = json_object(), *run = NULL;
	relp_put_text(body, "algorithm", algorithm);
	bool ok = relp_call(r, "POST", arena_printf(r->arena, "/api/v1/programs/%lld/match-runs", (long long)prog->id),
			    body, "run", &f, &run);
	json_decref(body);
	if (ok)
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld/matching/runs/%lld", (long long)prog->id,
			(long long)json_integer_value(json_object_get(run, "id"))));
	else
		matching_show(r, prog, algorithm, NULL, NULL, &f);
	json_decref(run);
}

static void pair_create(req_t *r)
{
	program_t *prog;
	bool manage;
	relform_t f = {0};
	if (!page_program_access(r, r->id[0], true, &prog, &manage))
		return;
	const char *mentor = page_form_text(r, "mentor_id", 20, &f.errs);
	const char *mentee = page_form_text(r, "mentee_id", 20, &f.errs);
	json_t *body = json_pack("{s:I}", "program_id", (json_int_t)prog->id), *made = NULL;
	relp_put_number(body, "mentor_id", mentor);
	relp_put_number(body, "mentee_id", mentee);
	bool ok = relp_call(r, "POST", "/api/v1/relationships", body, "pair", &f, &made);
	json_decref(body);
	if (ok)
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld?done=created",
			(long long)json_integer_value(json_object_get(made, "id"))));
	else
		matching_show(r, prog, NULL, mentor, mentee, &f);
	json_decref(made);
}

/* ---- one run ---- */

static const char *const rdone[] = {
	"changed", "The pair has been changed.", "removed", "The pair has been removed from the run.", NULL};

static void run_show(req_t *r, const program_t *prog, json_t *conflicts, relform_t *f)
{
	api_result_t res;
	web_api(r, "GET", arena_printf(r->arena, "/api/v1/match-runs/%lld", (long long)r->id[1]), NULL, &res);
	if (res.status == 200 && json_integer_value(json_object_get(res.body, "program_id")) != prog->id)
		res.status = 404; /* a run of another program under this program's address */
	if (res.status != 200) {
		relp_fail(r, &res);
		api_result_free(&res);
		return;
	}
	json_t *run = res.body, *mentors = NULL, *x;
	int st = people_options(r, prog->id, "mentor", &mentors);
	if (st != DB_OK) {
		api_result_free(&res);
		page_db_error(r, st);
		return;
	}
	bool draft = !strcmp(json_string_value(json_object_get(run, "status")), "draft");
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Match run %lld · %s", (long long)r->id[1], prog->name), "programs");
	json_t *pairs = json_array(), *unmatched = json_array();
	size_t i;
	json_array_foreach(json_object_get(run, "matches"), i, x) {
		json_t *p = json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:O}",
			"mentee_id", json_object_get(x, "mentee_id"), "mentee", json_object_get(x, "mentee_name"),
			"mentor_id", json_object_get(x, "mentor_id"), "mentor", json_object_get(x, "mentor_name"),
			"score", json_object_get(x, "score"), "reasons", reasons_json(json_object_get(x, "reasons")),
			"edited", json_object_get(x, "edited"));
		if (draft)
			json_object_set_new(p, "options", mentor_options(mentors, json_object_get(x, "mentor_id")));
		json_array_append_new(pairs, p);
	}
	json_array_foreach(json_object_get(run, "unmatched"), i, x)
		json_array_append_new(unmatched, json_pack("{s:O, s:O, s:s}", "mentee_id", json_object_get(x, "mentee_id"),
			"mentee", json_object_get(x, "mentee_name"),
			"reason", unmatched_words(json_string_value(json_object_get(x, "reason")))));
	json_t *stats = json_object_get(run, "stats");
	json_object_set_new(ctx, "run", json_pack("{s:I, s:O, s:O, s:O, s:O, s:b, s:o, s:O, s:O}",
		"id", (json_int_t)r->id[1], "algorithm", json_object_get(run, "algorithm"),
		"total", json_object_get(run, "total_score"), "n_pairs", json_object_get(run, "pairs"),
		"n_unmatched", json_object_get(run, "unmatched_count"), "draft", draft,
		"published_at", page_str(relp_when(r, relp_viewer_tz(r), json_string_value(json_object_get(run, "published_at")))),
		"candidate_arcs", json_object_get(stats, "candidate_arcs") ? json_object_get(stats, "candidate_arcs") : json_null(),
		"solve_ms", json_object_get(stats, "solve_ms") ? json_object_get(stats, "solve_ms") : json_null()));
	json_object_set_new(ctx, "pairs", pairs);
	json_object_set_new(ctx, "unmatched", unmatched);
	json_object_set_new(ctx, "mentors", mentors);
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)prog->id, "name", page_str(prog->name)));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	if (conflicts) {
		json_t *list = json_array();
		json_array_foreach(conflicts, i, x)
			json_array_append_new(list, json_pack("{s:O}", "reason", json_object_get(x, "reason")));
		json_object_set_new(ctx, "has_conflicts", json_boolean(json_array_size(list) > 0));
		json_object_set_new(ctx, "conflicts", list);
	}
	api_result_free(&res);
	static const page_label_t labels[] = {
		{"mentor_id", "Mentor", "pairs-title"}, {"mentee_id", "Mentee", "pairs-title"}, {NULL, NULL, NULL}};
	relp_notice(r, ctx, rdone);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "match_run", ctx);
}

static void run_page(req_t *r)
{
	program_t *prog;
	bool manage;
	if (page_program_access(r, r->id[0], true, &prog, &manage))
		run_show(r, prog, NULL, NULL);
}

static void run_edit(req_t *r)
{
	program_t *prog;
	bool manage;
	relform_t f = {0};
	if (!page_program_access(r, r->id[0], true, &prog, &manage))
		return;
	const char *mentee = page_form_text(r, "mentee_id", 20, &f.errs);
	const char *mentor = page_form_text(r, "mentor_id", 20, &f.errs);
	bool remove = http_form(r, "remove") != NULL;
	json_t *body = json_object();
	relp_put_number(body, "mentee_id", mentee);
	if (remove)
		json_object_set_new(body, "mentor_id", json_null());
	else
		relp_put_number(body, "mentor_id", mentor);
	bool ok = relp_call(r, "PATCH", arena_printf(r->arena, "/api/v1/match-runs/%lld", (long long)r->id[1]),
			    body, "edit", &f, NULL);
	json_decref(body);
	if (ok)
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld/matching/runs/%lld?done=%s", (long long)prog->id,
					      (long long)r->id[1], remove ? "removed" : "changed"));
	else
		run_show(r, prog, NULL, &f);
}

static void run_publish(req_t *r)
{
	program_t *prog;
	bool manage;
	if (!page_program_access(r, r->id[0], true, &prog, &manage))
		return;
	api_result_t res;
	web_api(r, "POST", arena_printf(r->arena, "/api/v1/match-runs/%lld/publish", (long long)r->id[1]), NULL, &res);
	if (res.status == 200) {
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld/matching?done=published", (long long)prog->id));
	} else {
		relform_t f = {.status = res.status == 409 ? 409 : res.status, .which = "publish", .alert = res.message};
		run_show(r, prog, json_object_get(json_object_get(res.body, "error"), "pairs"), &f);
	}
	api_result_free(&res);
}

/* ---- self-match: recommendations and requests ---- */

static const char *const sdone[] = {"asked", "Your request has been sent. The mentor accepts or declines it.", NULL};

static json_t *request_json(req_t *r, json_t *q, bool as_mentor)
{
	const char *status = json_string_value(json_object_get(q, "status"));
	json_t *rel = json_object_get(q, "relationship_id");
	return json_pack("{s:O, s:O, s:O, s:O, s:s, s:O, s:b, s:O, s:o}", "id", json_object_get(q, "id"),
		"mentee", json_object_get(q, "mentee_name"), "mentor", json_object_get(q, "mentor_name"),
		"message", json_object_get(q, "message"),
		"status", !strcmp(status, "pending") ? "Waiting for an answer" : !strcmp(status, "accepted") ? "Accepted" : "Declined",
		"answer", json_object_get(q, "answer"), "pending", !strcmp(status, "pending") && as_mentor,
		"relationship_id", rel ? rel : json_null(),
		"when", page_str(relp_when(r, relp_viewer_tz(r), json_string_value(json_object_get(q, "created_at")))));
}

static void recs_show(req_t *r, const program_t *prog, const char *mentor, const char *message, relform_t *f)
{
	api_result_t res;
	web_api(r, "GET", arena_printf(r->arena, "/api/v1/programs/%lld/recommendations", (long long)prog->id), NULL, &res);
	if (res.status != 200) {
		relp_fail(r, &res);
		api_result_free(&res);
		return;
	}
	json_t *mine = relp_get_items(r, arena_printf(r->arena, "/api/v1/programs/%lld/mentor-requests", (long long)prog->id));
	if (!mine) {
		api_result_free(&res);
		return;
	}
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Find a mentor · %s", prog->name), "programs");
	json_t *recs = json_array(), *x;
	size_t i;
	json_array_foreach(json_object_get(res.body, "items"), i, x) {
		json_int_t id = json_integer_value(json_object_get(x, "mentor_id"));
		bool m = f && mentor && id == (json_int_t)strtoll(mentor, NULL, 10);
		json_t *o = json_pack("{s:I, s:i, s:O, s:O, s:o}", "mentor_id", id, "rank", (int)i + 1,
			"name", json_object_get(x, "name"), "score", json_object_get(x, "score"),
			"reasons", reasons_json(json_object_get(x, "reasons")));
		json_object_set_new(o, "f_message", relp_field("message", arena_printf(r->arena, "f-message-%lld", (long long)id),
			"Message to the mentor", m ? message : "", "Optional: why you would like them as your mentor.", f,
			m ? f->which : "none"));
		json_object_set_new(json_object_get(o, "f_message"), "rows", json_integer(2));
		json_array_append_new(recs, o);
	}
	json_t *reqs = json_array();
	json_array_foreach(mine, i, x)
		json_array_append_new(reqs, request_json(r, x, false));
	json_decref(mine);
	json_object_set_new(ctx, "recs", recs);
	json_object_set_new(ctx, "requests", reqs);
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)prog->id, "name", page_str(prog->name)));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	api_result_free(&res);
	page_label_t labels[] = {{"message", "Message", mentor ? arena_printf(r->arena, "f-message-%s", mentor) : NULL},
				 {"mentor_id", "Mentor", "recs-title"}, {NULL, NULL, NULL}};
	relp_notice(r, ctx, sdone);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "match_recommendations", ctx);
}

static void recommendations(req_t *r)
{
	program_t *prog;
	bool manage;
	if (page_program_access(r, r->id[0], false, &prog, &manage))
		recs_show(r, prog, NULL, NULL, NULL);
}

static void ask(req_t *r)
{
	program_t *prog;
	bool manage;
	relform_t f = {0};
	if (!page_program_access(r, r->id[0], false, &prog, &manage))
		return;
	const char *mentor = page_form_text(r, "mentor_id", 20, &f.errs);
	const char *message = page_form_text(r, "message", 2000, &f.errs);
	json_t *body = json_object();
	relp_put_number(body, "mentor_id", mentor);
	relp_put_text(body, "message", message);
	bool ok = relp_call(r, "POST", arena_printf(r->arena, "/api/v1/programs/%lld/mentor-requests", (long long)prog->id),
			    body, "ask", &f, NULL);
	json_decref(body);
	if (ok)
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld/recommendations?done=asked", (long long)prog->id));
	else
		recs_show(r, prog, mentor, message, &f);
}

json_t *relp_requests_to_me(req_t *r, int *pending)
{
	program_t *items;
	int n;
	json_t *out = json_array();
	*pending = 0;
	if (store_program_list(r->db, r->arena, r->who.user_id, ROLE_MEMBER, 0, 200, &items, &n) != DB_OK)
		return out;
	for (int i = 0; i < n; i++) {
		bool mentor = false, mentee = false;
		if (strcmp(items[i].matching, "self") != 0 ||
		    store_roles_in(r->db, items[i].id, r->who.user_id, &mentor, &mentee) != DB_OK || !mentor)
			continue;
		api_result_t res;
		web_api(r, "GET", arena_printf(r->arena, "/api/v1/programs/%lld/mentor-requests", (long long)items[i].id),
			NULL, &res);
		json_t *q;
		size_t k;
		json_array_foreach(json_object_get(res.body, "items"), k, q) {
			if (json_integer_value(json_object_get(q, "mentor_id")) != r->who.user_id)
				continue;
			json_t *o = request_json(r, q, true);
			json_object_set_new(o, "program", page_str(items[i].name));
			*pending += json_is_true(json_object_get(o, "pending"));
			json_array_append_new(out, o);
		}
		api_result_free(&res);
	}
	return out;
}

static const char *const qdone[] = {
	"accepted", "You have accepted. The relationship has started: welcome your mentee.",
	"declined", "You have declined the request.", NULL};

static void requests_show(req_t *r, relform_t *f)
{
	int pending;
	json_t *ctx = page_ctx(r, "Mentor requests", "relationships");
	json_object_set_new(ctx, "requests", relp_requests_to_me(r, &pending));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	relp_notice(r, ctx, qdone);
	relp_summary(ctx, f, NULL);
	page_render(r, f && f->status ? f->status : 200, "match_requests", ctx);
}

static void requests(req_t *r)
{
	requests_show(r, NULL);
}

static void answer(req_t *r, bool accept)
{
	relform_t f = {0};
	json_t *body = json_object(), *out = NULL;
	relp_put_text(body, "answer", page_form_text(r, "answer", 2000, &f.errs));
	bool ok = relp_call(r, "POST", arena_printf(r->arena, "/api/v1/mentor-requests/%lld/%s", (long long)r->id[0],
			    accept ? "accept" : "decline"), body, "answer", &f, &out);
	json_decref(body);
	json_t *rel = json_object_get(out, "relationship_id");
	if (ok && accept && json_is_integer(rel))
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld?done=accepted", (long long)json_integer_value(rel)));
	else if (ok)
		resp_redirect(r, arena_printf(r->arena, "/requests?done=%s", accept ? "accepted" : "declined"));
	else
		requests_show(r, &f);
	json_decref(out);
}

static void accept(req_t *r)
{
	answer(r, true);
}

static void decline(req_t *r)
{
	answer(r, false);
}

void web_match_register(void)
{
	static const route_t routes[] = {
		{"GET", "/programs/{id}/matching", matching, ROUTE_WEB, NULL},
		{"POST", "/programs/{id}/matching", run_create, ROUTE_WEB, NULL},
		{"POST", "/programs/{id}/relationships", pair_create, ROUTE_WEB, NULL},
		{"GET", "/programs/{id}/matching/runs/{id}", run_page, ROUTE_WEB, NULL},
		{"POST", "/programs/{id}/matching/runs/{id}/pairs", run_edit, ROUTE_WEB, NULL},
		{"POST", "/programs/{id}/matching/runs/{id}/publish", run_publish, ROUTE_WEB, NULL},
		{"GET", "/programs/{id}/recommendations", recommendations, ROUTE_WEB, NULL},
		{"POST", "/programs/{id}/mentor-requests", ask, ROUTE_WEB, NULL},
		{"GET", "/requests", requests, ROUTE_WEB, NULL},
		{"POST", "/requests/{id}/accept", accept, ROUTE_WEB, NULL},
		{"POST", "/requests/{id}/decline", decline, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
