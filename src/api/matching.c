/* Matching through the API: a program's managers run the engine (optimal or
 * stable), review each proposed pair with its score and reasons and every
 * unmatched mentee with the reason, edit pairs, and publish the run, which
 * creates the relationships in one transaction. In self-match programs a
 * mentee sees ranked recommendations and asks a mentor, who accepts or
 * declines. */
#include "api/rel.h"
#include "svc/match_input.h"
#include "core/timeutil.h"

#include <string.h>
#include <time.h>

static const char *const algorithms[] = {"optimal", "stable", NULL};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Explains pair (i, j) and stores it. */
static int save_pair(db_t *db, arena_t *a, const match_input_t *in, int64_t run_id, uint32_t i,
		     uint32_t j, bool edited, struct match_explanation *e)
{
	if (match_explain(in->inst, &in->cfg, i, j, e) != MATCH_OK)
		return DB_ERROR;
	json_t *reasons = match_reasons_json(in, e, a);
	char *s = json_dumps(reasons, JSON_COMPACT);
	json_decref(reasons);
	int st = store_match_pair_put(db, run_id, in->mentee_uid[i], in->mentor_uid[j], e->score,
				      s ? s : "[]", edited);
	free(s);
	return st;
}

int api_match_run(db_t *db, arena_t *a, const program_t *prog, const char *algorithm,
		  json_t *weights, int64_t by, int64_t *run_id, const char **why)
{
	match_input_t in;
	struct match_graph *g = NULL;
	struct match_result *res = NULL;
	double t0 = now_ms();
	int st = match_input_load(db, a, prog, weights, &in, why);
	if (st != DB_OK)
		return st;
	double t1 = now_ms();
	int ms = match_graph_build(in.inst, &in.cfg, &g);
	if (ms == MATCH_OK)
		ms = match_solve(g, strcmp(algorithm, "stable") ? MATCH_ALGO_OPTIMAL : MATCH_ALGO_STABLE, &res);
	double t2 = now_ms();
	if (ms != MATCH_OK) {
		*why = match_strerror(ms);
		st = DB_ERROR;
		goto done;
	}
	json_t *w = match_weights_json(&in.cfg);
	char *wtext = json_dumps(w, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(w);
	char *stats = NULL;
	json_t *sj = json_pack("{s:i, s:i, s:I, s:f, s:f}", "mentees", (int)in.n_mentees, "mentors",
			       (int)in.n_mentors, "candidate_arcs", (json_int_t)match_graph_arc_count(g),
			       "load_ms", t1 - t0, "solve_ms", t2 - t1);
	stats = json_dumps(sj, JSON_COMPACT);
	json_decref(sj);
	st = store_match_run_insert(db, prog->id, algorithm, wtext ? wtext : "{}",
				    match_result_total_score(res), stats ? stats : "{}", by, run_id);
	free(wtext);
	free(stats);
	const struct match_pair *pairs;
	size_t np = match_result_pairs(res, &pairs);
	struct match_explanation e;
	for (size_t k = 0; st == DB_OK && k < np; k++)
		st = save_pair(db, a, &in, *run_id, pairs[k].mentee, pairs[k].mentor, false, &e);
	const struct match_unmatched *un;
	size_t nu = match_result_unmatched(res, &un);
	for (size_t k = 0; st == DB_OK && k < nu; k++)
		st = store_match_unmatched_put(db, *run_id, un[k].mentee_uid, match_unmatched_name(un[k].reason));
	if (st == DB_OK)
		st = store_match_run_total(db, *run_id);
done:
	match_result_free(res);
	match_graph_free(g);
	match_input_free(&in);
	return st;
}

static void runs_list(req_t *r)
{
	program_t *prog;
	json_t *items = NULL;
	if (api_program_access(r, r->id[0], true, &prog)) {
		int st = store_match_run_list(r->db, prog->id, &items);
		rel_items(r, st, items);
	}
}

static void run_respond(req_t *r, int status, int64_t id)
{
	json_t *run = NULL;
	int st = store_match_run_get(r->db, id, &run);
	if (st != DB_OK || !run)
		resp_db(r, st == DB_OK ? DB_ERROR : st);
	else
		resp_json(r, status, run);
}

static void run_create(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], true, &prog))
		return;
	jin_t in;
	const char *algorithm = !strcmp(prog->matching, "stable") ? "stable" : "optimal";
	json_t *weights = NULL;
	if (r->body_len) {
		if (!jin_open(&in, r))
			return;
		jin_enum(&in, "algorithm", 0, algorithms, &algorithm);
		weights = json_object_get(in.root, "weights");
		if (weights && !json_is_object(weights))
			verr_add(&in.errs, "weights", "must be an object of criterion: points");
		json_incref(weights);
		jin_close(&in);
		if (jin_failed(&in)) {
			json_decref(weights);
			return;
		}
	}
	const char *why = NULL;
	int64_t id = 0;
	if (!api_begin(r)) {
		json_decref(weights);
		return;
	}
	int st = api_match_run(r->db, r->arena, prog, algorithm, weights, r->who.user_id, &id, &why);
	json_decref(weights);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "match.run", "program", prog->id, algorithm);
	if (st != DB_OK) {
		db_rollback(r->db);
		if (why) {
			verr_t v = {0};
			verr_add(&v, "weights", why);
			resp_invalid(r, &v);
		} else {
			resp_db(r, st);
		}
		return;
	}
	if (api_commit(r))
		run_respond(r, 201, id);
}

/* Loads run r->id[0] for a manager of its program. */
static json_t *run_access(req_t *r, program_t **prog)
{
	json_t *run = NULL;
	int st = store_match_run_get(r->db, r->id[0], &run);
	if (st != DB_OK) {
		resp_db(r, st);
		return NULL;
	}
	if (!run) {
		resp_error(r, 404, "not_found", "no match run %lld", (long long)r->id[0]);
		return NULL;
	}
	if (!api_program_access(r, json_integer_value(json_object_get(run, "program_id")), true, prog)) {
		/* Name the run, not its program, when the caller cannot see either. */
		if (r->status == 404)
			resp_error(r, 404, "not_found", "no match run %lld", (long long)r->id[0]);
		json_decref(run);
		return NULL;
	}
	return run;
}

static void run_get(req_t *r)
{
	program_t *prog;
	json_t *run = run_access(r, &prog);
	if (run)
		resp_json(r, 200, run);
}

static bool run_is_draft(req_t *r, json_t *run)
{
	if (!strcmp(json_string_value(json_object_get(run, "status")), "draft"))
		return true;
	resp_error(r, 409, "conflict", "this run is already published");
	return false;
}

/* PATCH /match-runs/{id} {mentee_id, mentor_id | null}: change or remove a pair. */
static void run_patch(req_t *r)
{
	program_t *prog;
	json_t *run = run_access(r, &prog);
	if (!run)
		return;
	bool draft = run_is_draft(r, run);
	json_t *matches = json_object_get(run, "matches");
	if (!draft) {
		json_decref(run);
		return;
	}
	jin_t in;
	int64_t mentee = 0, mentor = 0;
	if (!jin_open(&in, r)) {
		json_decref(run);
		return;
	}
	jin_int(&in, "mentee_id", JIN_REQUIRED, 1, INT64_MAX, &mentee);
	if (!jin_has(&in, "mentor_id"))
		verr_add(&in.errs, "mentor_id", "is required (null removes the pair)");
	jin_int(&in, "mentor_id", JIN_NULLABLE, 1, INT64_MAX, &mentor);
	jin_close(&in);
	if (jin_failed(&in)) {
		json_decref(run);
		return;
	}
	/* The new mentor's load within this run, besides the pair being edited. */
	int in_run = 0;
	for (size_t k = 0; k < json_array_size(matches); k++) {
		json_t *m = json_array_get(matches, k);
		if (json_integer_value(json_object_get(m, "mentor_id")) == mentor &&
		    json_integer_value(json_object_get(m, "mentee_id")) != mentee)
			in_run++;
	}
	json_decref(run);
	match_input_t mi;
	const char *why = NULL;
	int st = match_input_load(r->db, r->arena, prog, NULL, &mi, &why);
	if (st != DB_OK) {
		if (why)
			resp_error(r, 422, "validation_failed", "%s", why);
		else
			resp_db(r, st);
		return;
	}
	uint32_t i = match_input_mentee_index(&mi, mentee), j = mentor ? match_input_mentor_index(&mi, mentor) : MATCH_NONE;
	verr_t v = {0};
	struct match_explanation e = {0};
	if (i == MATCH_NONE)
		verr_add(&v, "mentee_id", "is not a mentee waiting for a mentor in this program");
	else if (mentor && j == MATCH_NONE)
		verr_add(&v, "mentor_id", "is not a mentor taking mentees in this program");
	else if (mentor && match_explain(mi.inst, &mi.cfg, i, j, &e) == MATCH_OK && e.blocked != MATCH_BLOCK_NONE)
		verr_addf(&v, r->arena, "mentor_id", "this pair breaks a hard rule: %s", match_block_name(e.blocked));
	const char *conflict = NULL;
	if (!v.n && mentor) {
		participant_t *mp = NULL;
		st = store_participant_get(r->db, r->arena, prog->id, mentor, "mentor", &mp);
		if (st == DB_OK && mp && in_run >= mp->capacity)
			conflict = arena_printf(r->arena, "the mentor's %d places are taken in this run", mp->capacity);
	}
	if (v.n || conflict || st != DB_OK) {
		match_input_free(&mi);
		if (st != DB_OK)
			resp_db(r, st);
		else if (v.n)
			resp_invalid(r, &v);
		else
			resp_error(r, 409, "conflict", "%s", conflict);
		return;
	}
	if (!api_begin(r)) {
		match_input_free(&mi);
		return;
	}
	if (mentor) {
		st = save_pair(r->db, r->arena, &mi, r->id[0], i, j, true, &e);
		if (st == DB_OK)
			st = store_match_unmatched_delete(r->db, r->id[0], mentee);
	} else {
		st = store_match_pair_delete(r->db, r->id[0], mentee);
		if (st == DB_OK)
			st = store_match_unmatched_put(r->db, r->id[0], mentee, "removed_by_manager");
	}
	match_input_free(&mi);
	if (st == DB_OK)
		st = store_match_run_total(r->db, r->id[0]);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		run_respond(r, 200, r->id[0]);
}

static void run_publish(req_t *r)
{
	program_t *prog;
	json_t *run = run_access(r, &prog);
	if (!run)
		return;
	if (!run_is_draft(r, run) || !api_begin(r)) {
		json_decref(run);
		return;
	}
	json_t *matches = json_object_get(run, "matches"), *conflicts = json_array();
	int st = DB_OK, changes = 0;
	size_t created = 0;
	for (size_t k = 0; st == DB_OK && k < json_array_size(matches); k++) {
		json_t *m = json_array_get(matches, k);
		int64_t mentee = json_integer_value(json_object_get(m, "mentee_id"));
		int64_t mentor = json_integer_value(json_object_get(m, "mentor_id"));
		verr_t v = {0};
		const char *conflict = NULL;
		st = api_rel_check_pair(r, prog, mentor, mentee, &v, &conflict);
		if (st == DB_OK && (v.n || conflict)) {
			json_array_append_new(conflicts, json_pack("{s:I, s:I, s:s}", "mentee_id", (json_int_t)mentee,
				"mentor_id", (json_int_t)mentor, "reason", conflict ? conflict : v.e[0].msg));
			continue;
		}
		relationship_t rel = {.program_id = prog->id, .mentor_id = mentor, .mentee_id = mentee,
				      .origin = "match"};
		int64_t id;
		if (st == DB_OK)
			st = store_rel_insert(r->db, &rel, r->who.user_id, &id);
		created++;
	}
	json_decref(run);
	if (st == DB_OK && json_array_size(conflicts)) {
		db_rollback(r->db);
		resp_json(r, 409, json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "conflict", "message",
			"some pairs no longer fit (relationships changed since the run); edit them and publish again",
			"pairs", conflicts));
		return;
	}
	json_decref(conflicts);
	if (st == DB_OK)
		st = store_match_run_publish(r->db, r->id[0], &changes);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "match.publish", "match_run", r->id[0],
				 arena_printf(r->arena, "%zu relationships", created));
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		run_respond(r, 200, r->id[0]);
}

/* ---- self-match ---- */

/* The caller as a mentee of a self-match program. */
static bool self_mentee(req_t *r, program_t **prog)
{
	if (!api_program_access(r, r->id[0], false, prog))
		return false;
	if (strcmp((*prog)->matching, "self") != 0) {
		resp_error(r, 409, "conflict", "in this program the managers match mentees to mentors");
		return false;
	}
	participant_t *p = NULL;
	int st = store_participant_get(r->db, r->arena, (*prog)->id, r->who.user_id, "mentee", &p);
	if (st != DB_OK || !p) {
		if (st != DB_OK)
			resp_db(r, st);
		else
			resp_error(r, 403, "forbidden", "only the program's mentees ask for mentors");
		return false;
	}
	return true;
}

static void recommendations(req_t *r)
{
	program_t *prog;
	if (!self_mentee(r, &prog))
		return;
	match_input_t mi;
	const char *why = NULL;
	int st = match_input_load(r->db, r->arena, prog, NULL, &mi, &why);
	if (st != DB_OK) {
		if (why)
			resp_error(r, 500, "internal", "%s", why);
		else
			resp_db(r, st);
		return;
	}
	json_t *items = json_array();
	uint32_t i = match_input_mentee_index(&mi, r->who.user_id);
	struct match_recommendation recs[10];
	size_t n = 0;
	if (i != MATCH_NONE && match_recommend(mi.inst, &mi.cfg, i, recs, 10, &n) == MATCH_OK) {
		for (size_t k = 0; k < n; k++)
			json_array_append_new(items, json_pack("{s:I, s:s, s:i, s:o}",
				"mentor_id", (json_int_t)recs[k].mentor_uid, "name", mi.mentor_names[recs[k].mentor],
				"score", recs[k].why.score, "reasons", match_reasons_json(&mi, &recs[k].why, r->arena)));
	}
	match_input_free(&mi);
	resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

static void requests_list(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], false, &prog))
		return;
	bool manager = r->who.role == ROLE_ADMIN;
	if (!manager && r->who.role >= ROLE_MANAGER &&
	    store_program_is_manager(r->db, prog->id, r->who.user_id, &manager) != DB_OK)
		manager = false;
	json_t *items = NULL;
	int st = store_request_list(r->db, prog->id, manager ? 0 : r->who.user_id, &items);
	rel_items(r, st, items);
}

static void request_create(req_t *r)
{
	program_t *prog;
	if (!self_mentee(r, &prog))
		return;
	jin_t in;
	int64_t mentor = 0;
	const char *message = "";
	if (!jin_open(&in, r))
		return;
	jin_int(&in, "mentor_id", JIN_REQUIRED, 1, INT64_MAX, &mentor);
	jin_str(&in, "message", 0, 2000, &message);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	verr_t v = {0};
	const char *conflict = NULL;
	json_t *mine = NULL;
	int st = api_rel_check_pair(r, prog, mentor, r->who.user_id, &v, &conflict);
	if (st == DB_OK)
		st = store_request_list(r->db, prog->id, r->who.user_id, &mine);
	for (size_t k = 0; st == DB_OK && !conflict && k < json_array_size(mine); k++) {
		json_t *q = json_array_get(mine, k);
		if (json_integer_value(json_object_get(q, "mentor_id")) == mentor &&
		    !strcmp(json_string_value(json_object_get(q, "status")), "pending"))
			conflict = "you already asked this mentor; wait for the answer";
	}
	json_decref(mine);
	if (st != DB_OK || v.n || conflict) {
		db_rollback(r->db);
		if (st != DB_OK)
			resp_db(r, st);
		else if (v.n)
			resp_invalid(r, &v);
		else
			resp_error(r, 409, "conflict", "%s", conflict);
		return;
	}
	int64_t id = 0;
	st = store_request_insert(r->db, prog->id, r->who.user_id, mentor, message, &id);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *out = NULL;
	st = store_request_get(r->db, id, &out);
	rel_created(r, st, out);
}

static void request_answer(req_t *r, bool accept)
{
	json_t *q = NULL;
	int st = store_request_get(r->db, r->id[0], &q);
	if (st != DB_OK || !q) {
		if (st != DB_OK)
			resp_db(r, st);
		else
			resp_error(r, 404, "not_found", "no mentor request %lld", (long long)r->id[0]);
		return;
	}
	int64_t mentor = json_integer_value(json_object_get(q, "mentor_id"));
	int64_t mentee = json_integer_value(json_object_get(q, "mentee_id"));
	int64_t pid = json_integer_value(json_object_get(q, "program_id"));
	bool pending = !strcmp(json_string_value(json_object_get(q, "status")), "pending");
	json_decref(q);
	if (r->who.user_id != mentor) {
		if (r->who.user_id == mentee)
			resp_error(r, 403, "forbidden", "only the mentor answers a request");
		else
			resp_error(r, 404, "not_found", "no mentor request %lld", (long long)r->id[0]);
		return;
	}
	if (!pending) {
		resp_error(r, 409, "conflict", "this request has already been answered");
		return;
	}
	const char *answer = "";
	if (r->body_len) {
		jin_t in;
		if (!jin_open(&in, r))
			return;
		jin_str(&in, "answer", 0, 2000, &answer);
		jin_close(&in);
		if (jin_failed(&in))
			return;
	}
	program_t *prog = NULL;
	if ((st = store_program_get(r->db, r->arena, pid, &prog)) != DB_OK || !prog) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	if (!api_begin(r))
		return;
	int64_t rel_id = 0;
	int changes = 0;
	if (accept) {
		verr_t v = {0};
		const char *conflict = NULL;
		st = api_rel_check_pair(r, prog, mentor, mentee, &v, &conflict);
		if (st == DB_OK && (v.n || conflict)) {
			db_rollback(r->db);
			resp_error(r, 409, "conflict", "%s", conflict ? conflict : v.e[0].msg);
			return;
		}
		relationship_t rel = {.program_id = pid, .mentor_id = mentor, .mentee_id = mentee, .origin = "request"};
		if (st == DB_OK)
			st = store_rel_insert(r->db, &rel, r->who.user_id, &rel_id);
	}
	if (st == DB_OK)
		st = store_request_answer(r->db, r->id[0], accept ? "accepted" : "declined", answer, rel_id, &changes);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *out = NULL;
	st = store_request_get(r->db, r->id[0], &out);
	if (st != DB_OK || !out)
		resp_db(r, st == DB_OK ? DB_ERROR : st);
	else
		resp_json(r, 200, out);
}

static void request_accept(req_t *r)
{
	request_answer(r, true);
}

static void request_decline(req_t *r)
{
	request_answer(r, false);
}

void api_matching_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/programs/{id}/match-runs", runs_list, 0, NULL},
		{"POST", "/api/v1/programs/{id}/match-runs", run_create, 0, NULL},
		{"GET", "/api/v1/match-runs/{id}", run_get, 0, NULL},
		{"PATCH", "/api/v1/match-runs/{id}", run_patch, 0, NULL},
		{"POST", "/api/v1/match-runs/{id}/publish", run_publish, 0, NULL},
		{"GET", "/api/v1/programs/{id}/recommendations", recommendations, 0, NULL},
		{"GET", "/api/v1/programs/{id}/mentor-requests", requests_list, 0, NULL},
		{"POST", "/api/v1/programs/{id}/mentor-requests", request_create, 0, NULL},
		{"POST", "/api/v1/mentor-requests/{id}/accept", request_accept, 0, NULL},
		{"POST", "/api/v1/mentor-requests/{id}/decline", request_decline, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
