/* Matching runs: a program's managers run the engine (optimal or stable),
 * which proposes a draft run — every pair with its score and the reasons
 * behind it, every unmatched mentee with why — then review it, change or
 * remove pairs, and publish it, which creates the relationships in one
 * transaction or, when some pairs no longer fit, none at all. In self-match
 * programs a mentee sees the mentors that fit them best instead. */
#include "svc/matching.h"
#include "svc/match_help.h"
#include "svc/match_input.h"
#include "svc/program.h"
#include "svc/rel.h"
#include "notify/program_notices.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RECOMMENDATIONS 10
#define PEOPLE_OPTIONS 500

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static const char *default_algorithm(const program_t *prog)
{
	return strcmp(prog->matching, "stable") ? "optimal" : "stable";
}

/* ---- fit: a score in words ---- */

/* The highest score a pair can have under weights: their sum. */
static int64_t max_score_of(const kvlist_t *weights)
{
	int64_t max = 0;
	for (int i = 0; i < weights->n; i++)
		max += weights->num[i] > 0 ? weights->num[i] : 0;
	return max > 0 ? max : 100;
}

void svc_match_fit_bands(const kvlist_t *weights, svc_match_bands_t *out)
{
	int64_t max = max_score_of(weights);
	/* Rounded up: a band starts at its share of the maximum or above. */
	*out = (svc_match_bands_t){.max = max, .excellent = (max * 3 + 3) / 4, .good = (max + 1) / 2,
				   .fair = (max + 3) / 4};
}

const char *svc_match_fit(const svc_match_bands_t *b, int64_t score)
{
	return score >= b->excellent ? "excellent" : score >= b->good ? "good" : score >= b->fair ? "fair" : "weak";
}

/* ---- runs as the API shows them ---- */

static void run_out(const match_run_rec_t *r, MatchRun_t *out)
{
	*out = (MatchRun_t){.id = r->id, .program_id = r->program_id, .algorithm = r->algorithm,
			    .status = r->status, .weights = r->weights, .total_score = r->total_score,
			    .created_by = r->created_by, .created_by_null = r->created_by == 0,
			    .created_at = r->created_at, .published_at = r->published_at,
			    .published_at_null = r->published_at == 0, .pairs = r->pairs,
			    .unmatched_count = r->unmatched_count};
	if (r->has_stats)
		out->stats = (MatchRun_stats_t){
			.mentees = r->mentees, .has_mentees = true, .mentors = r->mentors, .has_mentors = true,
			.candidate_arcs = r->candidate_arcs, .has_candidate_arcs = true, .load_ms = r->load_ms,
			.has_load_ms = true, .solve_ms = r->solve_ms, .has_solve_ms = true};
	out->certified_optimal = r->has_certificate && r->certified;
	out->certified_optimal_reason = r->has_certificate ? r->cert_reason : NULL;
	if (r->has_certificate) {
		MatchRun_stats_t *t = &out->stats;
		t->certify_ms = r->certify_ms;
		t->has_certify_ms = true;
		t->certificate_rounds = r->cert_rounds;
		t->has_certificate_rounds = true;
		t->pairs_checked = r->pairs_checked;
		t->has_pairs_checked = true;
		t->pairs_added = r->pairs_added;
		t->has_pairs_added = true;
	}
}

static void pair_out(arena_t *a, const svc_match_bands_t *bands, const match_pair_rec_t *p, MatchPair_t *out)
{
	*out = (MatchPair_t){.mentee_id = p->mentee_id, .mentee_name = p->mentee_name, .mentor_id = p->mentor_id,
			     .mentor_name = p->mentor_name, .score = p->score, .edited = p->edited,
			     .fit = svc_match_fit(bands, p->score), .department = p->department ? p->department : ""};
	out->reasons.v = arena_alloc(a, sizeof(MatchReason_t) * (size_t)(p->n_reasons + 1));
	out->reasons.n = p->n_reasons;
	for (int i = 0; i < p->n_reasons; i++)
		out->reasons.v[i] = (MatchReason_t){.criterion = p->reasons[i].criterion,
						    .points = p->reasons[i].points, .detail = p->reasons[i].detail};
}

static Unmatched_t unmatched_out(const row_match_unmatched_t *u)
{
	return (Unmatched_t){.mentee_id = u->mentee_id, .mentee_name = u->mentee_name, .reason = u->reason,
			     .department = u->department, .help = u->help};
}

/* A stored run's figures, counted over the whole run in a few aggregate
 * queries (one pass over its pairs, one over its unmatched mentees). */
static int run_summary(svc_t *s, const match_run_rec_t *run, MatchRunSummary_t *out)
{
	svc_match_bands_t b;
	svc_match_fit_bands(&run->weights, &b);
	row_match_run_summary_t *sum = NULL;
	row_match_reason_count_t *reasons;
	row_match_department_count_t *depts;
	int nr = 0, nd = 0;
	int db = sql_match_run_summary(s->db, s->arena, run->id, b.excellent, b.good, b.fair, &sum);
	if (db == DB_OK)
		db = sql_match_unmatched_reasons(s->db, s->arena, run->id, &reasons, &nr);
	if (db == DB_OK)
		db = sql_match_run_departments(s->db, s->arena, run->id, &depts, &nd);
	if (db != DB_OK || !sum)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	*out = (MatchRunSummary_t){.pairs = sum->pairs, .max_score = b.max, .mentors_used = sum->mentors_used,
				   .edited = sum->edited, .average_fit_null = sum->pairs == 0,
				   .fit = {sum->excellent, sum->good, sum->fair,
					   sum->pairs - sum->excellent - sum->good - sum->fair},
				   .fit_min = {b.excellent, b.good, b.fair}, .capacity_left_null = !run->has_places};
	if (sum->pairs) {
		double avg = (double)sum->score_sum / (double)sum->pairs;
		out->average_score = (double)(int64_t)(avg * 10 + 0.5) / 10;
		out->average_fit = svc_match_fit(&b, (int64_t)(avg + 0.5));
	}
	if (run->has_places) {
		int64_t left = run->places - run->places_taken - sum->pairs;
		out->capacity_left = left > 0 ? left : 0;
	}
	for (int i = 0; i < nr; i++) {
		MatchRunSummary_unmatched_by_reason_t *u = &out->unmatched_by_reason;
		out->unmatched += reasons[i].n;
		const char *r = reasons[i].reason;
		*(!strcmp(r, "no_candidates") ? &u->no_candidates : !strcmp(r, "all_candidates_full")
			? &u->all_candidates_full : !strcmp(r, "blocked_by_rules") ? &u->blocked_by_rules
			: &u->removed_by_manager) += reasons[i].n;
	}
	out->departments = (MatchRunDepartment_list_t){
		arena_alloc(s->arena, sizeof(MatchRunDepartment_t) * (size_t)(nd + 1)), nd};
	for (int i = 0; i < nd; i++)
		out->departments.v[i] = (MatchRunDepartment_t){depts[i].department, depts[i].pairs, depts[i].unmatched};
	return SVC_OK;
}

/* The stored run with its summary, its pairs and unmatched mentees. */
static int run_answer(svc_t *s, const match_run_rec_t *run, MatchRun_t *out)
{
	match_pair_rec_t *pairs;
	row_match_unmatched_t *un;
	int np, nu;
	int db = store_match_pair_list(s->db, s->arena, run->id, &pairs, &np);
	if (db == DB_OK)
		db = sql_match_unmatched_list(s->db, s->arena, run->id, &un, &nu);
	if (db != DB_OK)
		return svc_db(s, db);
	run_out(run, out);
	int st = run_summary(s, run, &out->summary);
	if (st)
		return st;
	out->has_summary = true;
	svc_match_bands_t bands;
	svc_match_fit_bands(&run->weights, &bands);
	out->matches = (MatchPair_list_t){arena_alloc(s->arena, sizeof(MatchPair_t) * (size_t)(np + 1)), np};
	out->has_matches = true;
	for (int i = 0; i < np; i++)
		pair_out(s->arena, &bands, &pairs[i], &out->matches.v[i]);
	out->unmatched = (Unmatched_list_t){arena_alloc(s->arena, sizeof(Unmatched_t) * (size_t)(nu + 1)), nu};
	out->has_unmatched = true;
	for (int i = 0; i < nu; i++)
		out->unmatched.v[i] = unmatched_out(&un[i]);
	return SVC_OK;
}

static int answer_id(svc_t *s, int64_t id, MatchRun_t *out)
{
	match_run_rec_t *run;
	int db = store_match_run_get(s->db, s->arena, id, &run);
	if (db != DB_OK || !run)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	return run_answer(s, run, out);
}

/* Loads run id for a manager of its program; a run whose program the
 * caller may not see is "no match run", like one that does not exist. */
static int run_access(svc_t *s, int64_t id, match_run_rec_t **run, program_t **prog)
{
	int db = store_match_run_get(s->db, s->arena, id, run);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!*run)
		return svc_not_found(s, "match run", id);
	int st = svc_program_access(s, (*run)->program_id, true, prog);
	if (st == SVC_NOT_FOUND)
		return svc_not_found(s, "match run", id);
	return st;
}

static int run_draft(svc_t *s, const match_run_rec_t *run)
{
	if (!strcmp(run->status, "draft"))
		return SVC_OK;
	return svc_fail(s, SVC_CONFLICT, "conflict", "this run is already published");
}

/* ---- running the engine ---- */

/* An engine error or bad weights: the weights are what the caller can change. */
static int load_refused(svc_t *s, int db, const char *why)
{
	if (!why)
		return svc_db(s, db);
	svc_field(s, "weights", "%s", why);
	return svc_check(s);
}

static int explained(svc_t *s, const match_input_t *in, uint32_t i, uint32_t j, struct match_explanation *e)
{
	int ms = match_explain(in->inst, &in->cfg, i, j, e);
	if (ms == MATCH_OK)
		return SVC_OK;
	s->detail = match_strerror(ms);
	return svc_fail(s, SVC_ERROR, "internal", "internal error");
}

static const char *department_of(const match_input_t *in, uint32_t mentee)
{
	return mentee < in->n_mentees && in->mentee_rows[mentee] ? in->mentee_rows[mentee]->department : "";
}

/* Fills out with the engine's result: pairs in the engine's order, each
 * unmatched mentee with what would help them (svc/match_help.c). */
static int result_out(svc_t *s, const match_input_t *in, const struct match_graph *g,
		      const struct match_result *res, MatchRun_t *out)
{
	kvlist_t weights;
	svc_match_bands_t bands;
	match_input_weights(&in->cfg, s->arena, &weights);
	svc_match_fit_bands(&weights, &bands);
	const struct match_pair *pairs;
	const struct match_unmatched *un;
	size_t np = match_result_pairs(res, &pairs), nu = match_result_unmatched(res, &un);
	out->matches = (MatchPair_list_t){arena_alloc(s->arena, sizeof(MatchPair_t) * (np + 1)), (int)np};
	out->unmatched = (Unmatched_list_t){arena_alloc(s->arena, sizeof(Unmatched_t) * (nu + 1)), (int)nu};
	out->has_matches = out->has_unmatched = true;
	out->pairs = (int64_t)np;
	out->unmatched_count = (int64_t)nu;
	for (size_t k = 0; k < np; k++) {
		struct match_explanation e;
		int st = explained(s, in, pairs[k].mentee, pairs[k].mentor, &e);
		if (st)
			return st;
		MatchPair_t *p = &out->matches.v[k];
		*p = (MatchPair_t){.mentee_id = pairs[k].mentee_uid, .mentee_name = in->mentee_names[pairs[k].mentee],
				   .mentor_id = pairs[k].mentor_uid, .mentor_name = in->mentor_names[pairs[k].mentor],
				   .score = e.score, .fit = svc_match_fit(&bands, e.score),
				   .department = department_of(in, pairs[k].mentee)};
		match_input_reasons(in, &e, s->arena, &p->reasons);
		out->total_score += e.score; /* the sum of the explained scores, as an edit recounts it */
	}
	const char **help = arena_alloc(s->arena, sizeof(char *) * (nu + 1));
	match_help_compute(in, g, res, s->arena, help);
	for (size_t k = 0; k < nu; k++)
		out->unmatched.v[k] = (Unmatched_t){.mentee_id = un[k].mentee_uid,
						    .mentee_name = in->mentee_names[un[k].mentee],
						    .reason = match_unmatched_name(un[k].reason),
						    .department = department_of(in, un[k].mentee),
						    .help = help[k] ? help[k] : ""};
	return SVC_OK;
}

/* Runs the engine for prog into *out as a draft that is not yet stored.
 * Reads only: the run is checked again when it is edited or published. */
static int compute(svc_t *s, const program_t *prog, const char *algorithm, const kvlist_t *weights,
		   uint32_t time_limit_ms, MatchRun_t *out, int64_t places[2])
{
	match_input_t in;
	struct match_graph *g = NULL;
	struct match_result *res = NULL;
	const char *why = NULL;
	double t0 = now_ms();
	int db = match_input_load(s->db, s->arena, prog, weights, &in, &why);
	if (db != DB_OK)
		return load_refused(s, db, why);
	double t1 = now_ms();
	in.cfg.time_limit_ms = time_limit_ms;
	int st = SVC_OK, ms = match_graph_build(in.inst, &in.cfg, &g);
	if (ms == MATCH_OK)
		ms = match_solve(g, strcmp(algorithm, "stable") ? MATCH_ALGO_OPTIMAL : MATCH_ALGO_STABLE, &res);
	double t2 = now_ms();
	if (ms != MATCH_OK) {
		st = load_refused(s, DB_ERROR, match_strerror(ms));
		goto done;
	}
	*out = (MatchRun_t){.program_id = prog->id, .algorithm = algorithm, .status = "draft",
			    .created_by = s->uid, .created_by_null = s->uid == 0, .created_at = time_now(),
			    .published_at_null = true};
	match_input_weights(&in.cfg, s->arena, &out->weights);
	out->stats = (MatchRun_stats_t){
		.mentees = in.n_mentees, .has_mentees = true, .mentors = in.n_mentors, .has_mentors = true,
		.candidate_arcs = (int64_t)match_graph_arc_count(g), .has_candidate_arcs = true,
		.load_ms = t1 - t0, .has_load_ms = true, .solve_ms = t2 - t1, .has_solve_ms = true};
	struct match_certificate cert;
	match_result_certificate(res, &cert);
	out->certified_optimal = cert.certified;
	out->certified_optimal_reason = match_cert_reason_name(cert.reason);
	out->stats.certify_ms = cert.certify_seconds * 1e3;
	out->stats.has_certify_ms = true;
	out->stats.certificate_rounds = cert.rounds;
	out->stats.has_certificate_rounds = true;
	out->stats.pairs_checked = (int64_t)cert.pairs_checked;
	out->stats.has_pairs_checked = true;
	out->stats.pairs_added = (int64_t)cert.arcs_added;
	out->stats.has_pairs_added = true;
	places[0] = in.places;
	places[1] = in.places_taken;
	st = result_out(s, &in, g, res, out);
done:
	match_result_free(res);
	match_graph_free(g);
	match_input_free(&in);
	return st;
}

static int put_pair(svc_t *s, int64_t run_id, const MatchPair_t *p)
{
	match_pair_rec_t rec = {.mentee_id = p->mentee_id, .mentor_id = p->mentor_id, .score = p->score,
				.edited = p->edited, .n_reasons = p->reasons.n, .department = p->department};
	rec.reasons = arena_alloc(s->arena, sizeof(match_reason_rec_t) * (size_t)(p->reasons.n + 1));
	for (int i = 0; i < p->reasons.n; i++)
		rec.reasons[i] = (match_reason_rec_t){p->reasons.v[i].criterion, p->reasons.v[i].detail,
						      p->reasons.v[i].points};
	return store_match_pair_put(s->db, s->arena, run_id, &rec);
}

/* Stores a computed run as a draft (a store status). */
static int save(svc_t *s, const MatchRun_t *run, const int64_t places[2], int64_t *id)
{
	const MatchRun_stats_t *t = &run->stats;
	match_run_rec_t rec = {.program_id = run->program_id, .algorithm = run->algorithm, .weights = run->weights,
			       .total_score = run->total_score, .has_stats = true, .mentees = t->mentees,
			       .mentors = t->mentors, .candidate_arcs = t->candidate_arcs, .load_ms = t->load_ms,
			       .solve_ms = t->solve_ms, .has_certificate = true, .certified = run->certified_optimal,
			       .cert_reason = run->certified_optimal_reason, .cert_rounds = t->certificate_rounds,
			       .pairs_checked = t->pairs_checked, .pairs_added = t->pairs_added,
			       .certify_ms = t->certify_ms, .has_places = true, .places = places[0],
			       .places_taken = places[1]};
	int db = store_match_run_insert(s->db, s->arena, &rec, s->uid, id);
	for (int k = 0; db == DB_OK && k < run->matches.n; k++)
		db = put_pair(s, *id, &run->matches.v[k]);
	for (int k = 0; db == DB_OK && k < run->unmatched.n; k++) {
		const Unmatched_t *u = &run->unmatched.v[k];
		db = sql_match_unmatched_put(s->db, *id, u->mentee_id, u->reason, u->department, u->help);
	}
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "match.run", "program", run->program_id, run->algorithm);
	return db;
}

int svc_match_run_create(svc_t *s, const in_runMatching_t *in, MatchRun_t *out)
{
	const MatchRunCreate_t *b = &in->body;
	program_t *prog;
	int st = svc_program_access(s, in->id, true, &prog);
	if (st || (st = svc_program_writable(s, prog)))
		return st;
	MatchRun_t run;
	int64_t places[2];
	st = compute(s, prog, b->has_algorithm ? b->algorithm : default_algorithm(prog),
		     b->has_weights ? &b->weights : NULL, b->has_time_limit_ms ? (uint32_t)b->time_limit_ms : 0, &run,
		     places);
	if (st || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	int db = save(s, &run, places, &id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer_id(s, id, out);
}

static int by_score(const void *x, const void *y)
{
	const MatchPair_t *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->mentee_id < b->mentee_id ? -1 : a->mentee_id > b->mentee_id;
}

static int by_mentee(const void *x, const void *y)
{
	const Unmatched_t *a = x, *b = y;
	return a->mentee_id < b->mentee_id ? -1 : a->mentee_id > b->mentee_id;
}

int svc_match_run_preview(svc_t *s, int64_t program_id, const char *algorithm, uint32_t time_limit_ms,
			  MatchRun_t *out)
{
	program_t *prog;
	int64_t places[2];
	int st = svc_program_access(s, program_id, true, &prog);
	if (st || (st = compute(s, prog, algorithm ? algorithm : default_algorithm(prog), NULL, time_limit_ms, out,
				places)))
		return st;
	/* In the order a stored run is read back. */
	qsort(out->matches.v, (size_t)out->matches.n, sizeof(MatchPair_t), by_score);
	qsort(out->unmatched.v, (size_t)out->unmatched.n, sizeof(Unmatched_t), by_mentee);
	return SVC_OK;
}

/* ---- reviewing, editing, publishing ---- */

/* A program's runs, newest first, without their pairs. */
static int runs_of(svc_t *s, int64_t program_id, MatchRun_list_t *out)
{
	match_run_rec_t *runs;
	int n;
	int db = store_match_run_list(s->db, s->arena, program_id, &runs, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	*out = (MatchRun_list_t){arena_alloc(s->arena, sizeof(MatchRun_t) * (size_t)(n + 1)), n};
	for (int i = 0; i < n; i++)
		run_out(&runs[i], &out->v[i]);
	return SVC_OK;
}

int svc_match_run_list(svc_t *s, const in_listMatchRuns_t *in, MatchRunList_t *out)
{
	program_t *prog;
	int st = svc_program_access(s, in->id, true, &prog);
	return st ? st : runs_of(s, prog->id, &out->items);
}

int svc_match_run_get(svc_t *s, const in_getMatchRun_t *in, MatchRun_t *out)
{
	match_run_rec_t *run;
	program_t *prog;
	int st = run_access(s, in->id, &run, &prog);
	return st ? st : run_answer(s, run, out);
}

/* ---- the review, a page at a time ---- */

/* The score range of a fit: [lo, hi], hi INT64_MAX - 1 for the top band. */
static bool fit_range(const svc_match_bands_t *b, const char *fit, int64_t *lo, int64_t *hi)
{
	*lo = INT64_MIN / 2;
	*hi = INT64_MAX - 1;
	if (!fit)
		return true;
	if (!strcmp(fit, "excellent"))
		*lo = b->excellent;
	else if (!strcmp(fit, "good"))
		*lo = b->good, *hi = b->excellent - 1;
	else if (!strcmp(fit, "fair"))
		*lo = b->fair, *hi = b->good - 1;
	else if (!strcmp(fit, "weak"))
		*hi = b->fair - 1;
	else
		return false;
	return true;
}

/* A pairs cursor "SCORE-MENTEE" (the last pair of the previous page). */
static bool pair_cursor(const char *c, int64_t *score, int64_t *mentee)
{
	char *end;
	if (!c || !*c)
		return false;
	long long sc = strtoll(c, &end, 10);
	if (end == c || *end != '-')
		return false;
	const char *m = end + 1;
	long long me = strtoll(m, &end, 10);
	if (end == m || *end || me < 1)
		return false;
	*score = sc;
	*mentee = me;
	return true;
}

/* A page of pairs: at most limit of those scoring in the fit, of one
 * department of mentees (or all), after cursor; *next for the page after. */
static int pairs_page(svc_t *s, const match_run_rec_t *run, const svc_match_bands_t *b, const char *fit,
		      const char *department, const char *cursor, int limit, MatchPair_list_t *out, const char **next)
{
	int64_t lo, hi, bs, bm;
	if (!fit_range(b, fit, &lo, &hi))
		svc_field(s, "fit", "must be excellent, good, fair or weak");
	/* Strictly before (hi + 1, 0): every score up to hi, any mentee. */
	int64_t before_score = hi + 1, before_mentee = 0;
	if (cursor && *cursor && !pair_cursor(cursor, &bs, &bm))
		svc_field(s, "cursor", "must be the next value of a previous page");
	else if (cursor && *cursor && (bs < before_score || (bs == before_score && bm < before_mentee)))
		before_score = bs, before_mentee = bm;
	int st = svc_check(s);
	if (st)
		return st;
	match_pair_rec_t *rows;
	int n;
	int db = store_match_pair_page(s->db, s->arena, run->id, department, lo, before_score, before_mentee,
				       limit + 1, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	*next = NULL;
	if (n > limit) {
		n = limit;
		*next = arena_printf(s->arena, "%lld-%lld", (long long)rows[n - 1].score, (long long)rows[n - 1].mentee_id);
	}
	*out = (MatchPair_list_t){arena_alloc(s->arena, sizeof(MatchPair_t) * (size_t)(n + 1)), n};
	for (int i = 0; i < n; i++)
		pair_out(s->arena, b, &rows[i], &out->v[i]);
	return SVC_OK;
}

/* A page of unmatched mentees after the mentee id cursor. */
static int unmatched_page(svc_t *s, const match_run_rec_t *run, const char *department, const char *cursor,
			  int limit, Unmatched_list_t *out, const char **next)
{
	int64_t after = 0;
	if (!svc_cursor(cursor, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	row_match_unmatched_t *rows;
	int n;
	int db = department ? sql_match_unmatched_page_department(s->db, s->arena, run->id, department, after,
								   limit + 1, &rows, &n)
			    : sql_match_unmatched_page(s->db, s->arena, run->id, after, limit + 1, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	*next = NULL;
	if (n > limit) {
		n = limit;
		*next = arena_printf(s->arena, "%lld", (long long)rows[n - 1].mentee_id);
	}
	*out = (Unmatched_list_t){arena_alloc(s->arena, sizeof(Unmatched_t) * (size_t)(n + 1)), n};
	for (int i = 0; i < n; i++)
		out->v[i] = unmatched_out(&rows[i]);
	return SVC_OK;
}

int svc_match_run_pairs(svc_t *s, const in_listMatchRunPairs_t *in, MatchPairList_t *out)
{
	match_run_rec_t *run;
	program_t *prog;
	svc_match_bands_t b;
	int st = run_access(s, in->id, &run, &prog);
	if (st)
		return st;
	svc_match_fit_bands(&run->weights, &b);
	st = pairs_page(s, run, &b, in->has_fit ? in->fit : NULL, in->has_department ? in->department : NULL,
			in->has_cursor ? in->cursor : NULL, in->has_limit ? (int)in->limit : 50, &out->items, &out->next);
	out->next_null = out->next == NULL;
	return st;
}

int svc_match_run_unmatched(svc_t *s, const in_listMatchRunUnmatched_t *in, UnmatchedList_t *out)
{
	match_run_rec_t *run;
	program_t *prog;
	int st = run_access(s, in->id, &run, &prog);
	if (st)
		return st;
	st = unmatched_page(s, run, in->has_department ? in->department : NULL, in->has_cursor ? in->cursor : NULL,
			    in->has_limit ? (int)in->limit : 50, &out->items, &out->next);
	out->next_null = out->next == NULL;
	return st;
}

/* The run of program_id (a run of another program is "not found"). */
static int program_run(svc_t *s, int64_t program_id, int64_t run_id, program_t **prog, match_run_rec_t **run)
{
	int st = svc_program_access(s, program_id, true, prog);
	if (st)
		return st;
	int db = store_match_run_get(s->db, s->arena, run_id, run);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!*run || (*run)->program_id != program_id)
		return svc_not_found(s, "match run", run_id);
	return SVC_OK;
}

int svc_match_run_review(svc_t *s, int64_t program_id, int64_t run_id, const match_review_q_t *q,
			 match_review_t *out)
{
	memset(out, 0, sizeof(*out));
	match_run_rec_t *run;
	int st = program_run(s, program_id, run_id, &out->program, &run);
	if (st)
		return st;
	run_out(run, &out->run);
	if ((st = run_summary(s, run, &out->run.summary)))
		return st;
	out->run.has_summary = true;
	svc_match_fit_bands(&run->weights, &out->bands);
	if (q->unmatched_only)
		return unmatched_page(s, run, q->department, q->cursor, q->limit, &out->unmatched, &out->next);
	const char *more = NULL;
	if (q->unmatched_first > 0 && !q->fit &&
	    (st = unmatched_page(s, run, q->department, NULL, q->unmatched_first, &out->unmatched, &more)))
		return st;
	out->more_unmatched = more != NULL;
	return pairs_page(s, run, &out->bands, q->fit, q->department, q->cursor, q->limit, &out->pairs, &out->next);
}

/* ---- one mentee of a run ---- */

#define BEST_ASKED 40
#define BEST_SHOWN 8
#define FOUND_SHOWN 20

static const char *rule_words(enum match_block b)
{
	switch (b) {
	case MATCH_BLOCK_SELF:
		return "the same person";
	case MATCH_BLOCK_MANAGER_CHAIN:
		return "in the mentee's management chain";
	case MATCH_BLOCK_REPEAT:
		return "was their mentor before";
	case MATCH_BLOCK_AVOIDED:
		return "the mentee asked not to be matched with them";
	case MATCH_BLOCK_NO_LANGUAGE:
		return "no language in common";
	case MATCH_BLOCK_FULL:
		return "no place left";
	default:
		return NULL;
	}
}

/* Option k of places[]: the pair with mentee i scored and explained. */
static void option_of(svc_t *s, const match_input_t *mi, const svc_match_bands_t *b, uint32_t i,
		      const row_match_mentor_place_t *p, int64_t current, match_option_t *o)
{
	/* The mentee's own pair gives its place back when it changes. */
	int left = (int)(p->capacity - p->active - p->in_run) + (p->user_id == current);
	*o = (match_option_t){.mentor_id = p->user_id, .name = p->name, .department = p->department,
			      .places_left = left > 0 ? left : 0, .current = p->user_id == current, .fit = "weak"};
	uint32_t j = match_input_mentor_index(mi, p->user_id);
	struct match_explanation e;
	if (i == MATCH_NONE || j == MATCH_NONE || match_explain(mi->inst, &mi->cfg, i, j, &e) != MATCH_OK) {
		o->ruled_out = "takes no mentees in this program now";
		return;
	}
	o->score = e.score;
	o->fit = svc_match_fit(b, e.score);
	o->ruled_out = rule_words(e.blocked);
	match_input_reasons(mi, &e, s->arena, &o->reasons);
}

/* The mentors of a JSON array of ids (or the search q) with their places. */
static int places_of(svc_t *s, const match_run_rec_t *run, const char *ids, const char *q,
		     row_match_mentor_place_t **rows, int *n)
{
	if (ids)
		return sql_match_run_mentors_of(s->db, s->arena, run->id, run->program_id, ids, rows, n);
	buf_t b = BUF_INIT;
	buf_putc(&b, '%');
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c);
	}
	buf_putc(&b, '%');
	const char *pattern = arena_strdup(s->arena, buf_cstr(&b));
	buf_free(&b);
	return sql_match_run_mentor_search(s->db, s->arena, run->id, run->program_id, pattern, FOUND_SHOWN, rows, n);
}

/* The engine's recommendations for mentee i, kept when the mentor still
 * has a place in this run. */
static int best_for(svc_t *s, const match_input_t *mi, const svc_match_bands_t *b, const match_run_rec_t *run,
		    uint32_t i, int64_t current, match_mentee_view_t *out)
{
	struct match_recommendation recs[BEST_ASKED];
	size_t n = 0;
	out->best = arena_alloc(s->arena, sizeof(match_option_t) * BEST_SHOWN);
	if (i == MATCH_NONE || match_recommend(mi->inst, &mi->cfg, i, recs, BEST_ASKED, &n) != MATCH_OK || !n)
		return SVC_OK;
	buf_t ids = BUF_INIT;
	buf_putc(&ids, '[');
	for (size_t k = 0; k < n; k++)
		buf_printf(&ids, "%s%lld", k ? "," : "", (long long)recs[k].mentor_uid);
	buf_putc(&ids, ']');
	row_match_mentor_place_t *rows;
	int nr = 0;
	int db = places_of(s, run, arena_strdup(s->arena, buf_cstr(&ids)), NULL, &rows, &nr);
	buf_free(&ids);
	if (db != DB_OK)
		return svc_db(s, db);
	/* In the engine's order, best first. */
	for (size_t k = 0; k < n && out->n_best < BEST_SHOWN; k++)
		for (int r = 0; r < nr; r++) {
			if (rows[r].user_id != recs[k].mentor_uid)
				continue;
			match_option_t o;
			option_of(s, mi, b, i, &rows[r], current, &o);
			if (o.places_left > 0 && !o.ruled_out && !o.current)
				out->best[out->n_best++] = o;
		}
	return SVC_OK;
}

int svc_match_run_mentee(svc_t *s, int64_t program_id, int64_t run_id, int64_t mentee_id, const char *q,
			 match_mentee_view_t *out)
{
	memset(out, 0, sizeof(*out));
	match_run_rec_t *run;
	row_match_run_mentee_t *m = NULL;
	int st = program_run(s, program_id, run_id, &out->program, &run);
	if (st)
		return st;
	int db = sql_match_run_mentee(s->db, s->arena, run->id, mentee_id, &m);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!m)
		return svc_not_found(s, "mentee in this run", mentee_id);
	run_out(run, &out->run);
	svc_match_bands_t b;
	svc_match_fit_bands(&run->weights, &b);
	*out = (match_mentee_view_t){.program = out->program, .run = out->run, .mentee_id = m->mentee_id,
				     .mentee_name = m->mentee_name, .department = m->department,
				     .paired = !m->mentor_id_null, .reason = m->reason, .help = m->help};
	if (out->paired) {
		match_pair_rec_t p = {.mentee_id = m->mentee_id, .mentee_name = m->mentee_name,
				      .mentor_id = m->mentor_id, .mentor_name = m->mentor_name, .score = m->score,
				      .edited = m->edited, .department = m->department};
		store_match_reasons_read(s->arena, m->reasons, &p);
		pair_out(s->arena, &b, &p, &out->pair);
	}
	match_input_t mi;
	const char *why = NULL;
	db = match_input_load(s->db, s->arena, out->program, run->weights.n ? &run->weights : NULL, &mi, &why);
	if (db != DB_OK)
		return why ? svc_fail(s, SVC_ERROR, "internal", "%s", why) : svc_db(s, db);
	uint32_t i = match_input_mentee_index(&mi, mentee_id);
	int64_t current = out->paired ? out->pair.mentor_id : 0;
	st = best_for(s, &mi, &b, run, i, current, out);
	row_match_mentor_place_t *rows = NULL;
	int nr = 0;
	if (!st && q && *q && (db = places_of(s, run, NULL, q, &rows, &nr)) != DB_OK)
		st = svc_db(s, db);
	out->found = arena_alloc(s->arena, sizeof(match_option_t) * (size_t)(nr + 1));
	for (int r = 0; !st && r < nr; r++)
		option_of(s, &mi, &b, i, &rows[r], current, &out->found[out->n_found++]);
	match_input_free(&mi);
	return st;
}

/* The problems of giving mentee the mentor (0: removing the pair) in run;
 * fills *pair with the re-explained pair. */
static int edit_check(svc_t *s, const match_run_rec_t *run, const program_t *prog, int64_t mentee,
		      int64_t mentor, MatchPair_t *pair, const char **department)
{
	match_input_t mi;
	const char *why = NULL;
	/* Re-explained with the run's own weights, so its scores stay comparable. */
	int db = match_input_load(s->db, s->arena, prog, run->weights.n ? &run->weights : NULL, &mi, &why);
	if (db != DB_OK)
		return why ? svc_fail(s, SVC_INVALID, "validation_failed", "%s", why) : svc_db(s, db);
	uint32_t i = match_input_mentee_index(&mi, mentee);
	uint32_t j = mentor ? match_input_mentor_index(&mi, mentor) : MATCH_NONE;
	struct match_explanation e = {0};
	int st = SVC_OK;
	if (i == MATCH_NONE)
		svc_field(s, "mentee_id", "is not a mentee waiting for a mentor in this program");
	else if (mentor && j == MATCH_NONE)
		svc_field(s, "mentor_id", "is not a mentor taking mentees in this program");
	else if (mentor)
		st = explained(s, &mi, i, j, &e);
	if (!st && e.blocked != MATCH_BLOCK_NONE)
		svc_field(s, "mentor_id", "this pair breaks a hard rule: %s", match_block_name(e.blocked));
	if (!st)
		st = svc_check(s);
	if (!st && i != MATCH_NONE)
		*department = department_of(&mi, i);
	if (!st && mentor) {
		*pair = (MatchPair_t){.mentee_id = mentee, .mentor_id = mentor, .score = e.score, .edited = true,
				      .department = *department};
		match_input_reasons(&mi, &e, s->arena, &pair->reasons);
	}
	match_input_free(&mi);
	if (st || !mentor)
		return st;
	/* The mentor's places in this run, besides the pair being edited. */
	int64_t in_run = 0;
	participant_t *mp = NULL;
	db = sql_match_pair_mentor_load(s->db, run->id, mentor, mentee, &in_run, NULL);
	if (db == DB_OK)
		db = store_participant_get(s->db, s->arena, prog->id, mentor, "mentor", &mp);
	if (db != DB_OK)
		return svc_db(s, db);
	if (mp && in_run >= mp->capacity)
		return svc_fail(s, SVC_CONFLICT, "conflict", "the mentor's %d places are taken in this run", mp->capacity);
	return SVC_OK;
}

int svc_match_run_edit(svc_t *s, const in_editMatchRun_t *in, MatchRun_t *out)
{
	const MatchRunPatch_t *b = &in->body;
	int64_t mentor = b->mentor_id_null ? 0 : b->mentor_id;
	match_run_rec_t *run;
	program_t *prog;
	MatchPair_t pair;
	const char *department = "";
	int st = run_access(s, in->id, &run, &prog);
	if (st || (st = svc_program_writable(s, prog)) || (st = run_draft(s, run)) ||
	    (st = edit_check(s, run, prog, b->mentee_id, mentor, &pair, &department)) || (st = svc_begin(s)))
		return st;
	int db;
	if (mentor) {
		db = put_pair(s, run->id, &pair);
		if (db == DB_OK)
			db = sql_match_unmatched_delete(s->db, run->id, b->mentee_id);
	} else {
		db = sql_match_pair_delete(s->db, run->id, b->mentee_id);
		if (db == DB_OK)
			db = sql_match_unmatched_put(s->db, run->id, b->mentee_id, "removed_by_manager", department,
						     match_help_removed);
	}
	if (db == DB_OK)
		db = sql_match_run_total(s->db, run->id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer_id(s, run->id, out);
}

/* Creates the relationship of every pair that still fits; the others are
 * listed in s->err.pairs. Inside the transaction, so that each pair counts
 * the places the pairs before it took. */
static int publish_pairs(svc_t *s, const program_t *prog, int64_t run_id, int *created)
{
	match_pair_rec_t *pairs;
	int n;
	int db = store_match_pair_list(s->db, s->arena, run_id, &pairs, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	PairConflict_t *bad = arena_alloc(s->arena, sizeof(PairConflict_t) * (size_t)(n + 1));
	int nbad = 0;
	for (int k = 0; k < n; k++) {
		const char *conflict = NULL;
		int st = svc_rel_check_pair(s, prog, pairs[k].mentor_id, pairs[k].mentee_id, &conflict);
		if (st)
			return st;
		if (s->fields.n || conflict) {
			bad[nbad++] = (PairConflict_t){pairs[k].mentee_id, pairs[k].mentor_id,
						       conflict ? conflict : s->fields.e[0].msg};
			s->fields.n = 0; /* a pair's problem, not the request's */
			continue;
		}
		relationship_t rel = {.program_id = prog->id, .mentor_id = pairs[k].mentor_id,
				      .mentee_id = pairs[k].mentee_id, .origin = "match"};
		int64_t id;
		if ((db = store_rel_insert(s->db, &rel, s->uid, &id)) != DB_OK)
			return svc_db(s, db);
		/* Each of the two learns they have been matched, and with whom. */
		notify_pair_t np = {.rel_id = id, .program_name = prog->name, .mentor_id = pairs[k].mentor_id,
				    .mentee_id = pairs[k].mentee_id, .mentor_name = pairs[k].mentor_name,
				    .mentee_name = pairs[k].mentee_name};
		if ((db = notify_matched(s->db, s->arena, &np)) != DB_OK)
			return svc_db(s, db);
		(*created)++;
	}
	if (!nbad)
		return SVC_OK;
	s->err.pairs = (PairConflict_list_t){bad, nbad};
	s->err.has_pairs = true;
	return svc_fail(s, SVC_CONFLICT, "conflict",
			"some pairs no longer fit (relationships changed since the run); edit them and publish again");
}

int svc_match_run_publish(svc_t *s, const in_publishMatchRun_t *in, MatchRun_t *out)
{
	match_run_rec_t *run;
	program_t *prog;
	int created = 0, changes = 0;
	int st = run_access(s, in->id, &run, &prog);
	if (st || (st = svc_program_writable(s, prog)) || (st = run_draft(s, run)) || (st = svc_begin(s)))
		return st;
	if ((st = publish_pairs(s, prog, run->id, &created)))
		return svc_abort(s, st);
	int db = sql_match_run_publish(s->db, run->id, time_now(), &changes);
	if (db == DB_OK && changes == 0)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict", "this run is already published"));
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "match.publish", "match_run", run->id,
				 arena_printf(s->arena, "%d relationships", created));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer_id(s, run->id, out);
}

/* ---- self-match ---- */

int svc_match_self_mentee(svc_t *s, int64_t program_id, program_t **prog)
{
	int st = svc_program_access(s, program_id, false, prog);
	if (st)
		return st;
	if (strcmp((*prog)->matching, "self") != 0)
		return svc_fail(s, SVC_CONFLICT, "conflict", "in this program the managers match mentees to mentors");
	participant_t *p = NULL;
	int db = store_participant_get(s->db, s->arena, program_id, s->uid, "mentee", &p);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!p)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only the program's mentees ask for mentors");
	return SVC_OK;
}

int svc_recommendation_list(svc_t *s, const in_getRecommendations_t *in, RecommendationList_t *out)
{
	program_t *prog;
	int st = svc_match_self_mentee(s, in->id, &prog);
	if (st)
		return st;
	match_input_t mi;
	const char *why = NULL;
	int db = match_input_load(s->db, s->arena, prog, NULL, &mi, &why);
	if (db != DB_OK && !why)
		return svc_db(s, db);
	if (db != DB_OK) { /* the program's own weights: ours to fix, not the mentee's */
		s->detail = why;
		return svc_fail(s, SVC_ERROR, "internal", "%s", why);
	}
	struct match_recommendation recs[RECOMMENDATIONS];
	size_t n = 0;
	uint32_t i = match_input_mentee_index(&mi, s->uid);
	if (i == MATCH_NONE || match_recommend(mi.inst, &mi.cfg, i, recs, RECOMMENDATIONS, &n) != MATCH_OK)
		n = 0;
	out->items = (Recommendation_list_t){arena_alloc(s->arena, sizeof(Recommendation_t) * (n + 1)), (int)n};
	for (size_t k = 0; k < n; k++) {
		Recommendation_t *r = &out->items.v[k];
		*r = (Recommendation_t){.mentor_id = recs[k].mentor_uid, .name = mi.mentor_names[recs[k].mentor],
					.score = recs[k].why.score};
		match_input_reasons(&mi, &recs[k].why, s->arena, &r->reasons);
	}
	match_input_free(&mi);
	return SVC_OK;
}

/* ---- the pages' views ---- */

int svc_match_page(svc_t *s, int64_t program_id, match_page_t *out)
{
	memset(out, 0, sizeof(*out));
	int st = svc_program_access(s, program_id, true, &out->program);
	if (st || (st = runs_of(s, program_id, &out->runs)))
		return st;
	int db = store_participant_list(s->db, s->arena, program_id, "mentor", 0, PEOPLE_OPTIONS, &out->mentors,
					&out->n_mentors);
	if (db == DB_OK)
		db = store_participant_list(s->db, s->arena, program_id, "mentee", 0, PEOPLE_OPTIONS, &out->mentees,
					    &out->n_mentees);
	return svc_db(s, db);
}

int svc_match_run_page(svc_t *s, int64_t program_id, int64_t run_id, match_run_page_t *out)
{
	memset(out, 0, sizeof(*out));
	int st = svc_program_access(s, program_id, true, &out->program);
	if (st)
		return st;
	match_run_rec_t *run;
	int db = store_match_run_get(s->db, s->arena, run_id, &run);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!run || run->program_id != program_id) /* a run of another program under this one's address */
		return svc_not_found(s, "match run", run_id);
	if ((st = run_answer(s, run, &out->run)))
		return st;
	db = store_participant_list(s->db, s->arena, program_id, "mentor", 0, PEOPLE_OPTIONS, &out->mentors,
				    &out->n_mentors);
	return svc_db(s, db);
}
