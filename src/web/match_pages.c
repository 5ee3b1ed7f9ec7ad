/* Matching as pages (src/web/pages/match.json). For a program's managers:
 * run matching (optimal or stable), review a run — each pair with its score
 * and the reasons behind it, each unmatched mentee with the reason in words
 * — change a pair's mentor or remove the pair, and publish the run, which
 * creates the relationships (the pairs that no longer fit are listed); or
 * pair two people by hand. For self-match programs: a mentee's ranked
 * recommendations with "ask this mentor", and a mentor's requests to accept
 * or decline. Every rule is the services' (svc/matching.c,
 * svc/mentor_request.c); a form they refuse comes back with the problems. */
#include "web/rel_shared.h"
#include "web/page_types.h"
#include "svc/matching.h"
#include "core/timeutil.h"
#include "web/program_nav.h"

#include <stdlib.h>
#include <string.h>

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
		"blocked_by_rules", "The fitting mentors are ruled out (own manager or management chain, a repeat pair, "
				    "no common language).",
		"removed_by_manager", "Removed from the run by a manager.", NULL};
	for (int i = 0; words[i]; i += 2)
		if (reason && !strcmp(reason, words[i]))
			return words[i + 1];
	return reason ? reason : "";
}

static json_t *reasons_json(const MatchReason_list_t *reasons)
{
	json_t *out = json_array();
	for (int i = 0; i < reasons->n; i++)
		json_array_append_new(out, json_pack("{s:s, s:I, s:o}", "criterion",
			criterion_label(reasons->v[i].criterion), "points", (json_int_t)reasons->v[i].points,
			"detail", page_str(reasons->v[i].detail)));
	return out;
}

/* An instant in the viewer's time zone: "Mon 30 Nov 2026, 10:00". */
static const char *when(req_t *r, const char *tz, int64_t t)
{
	char rfc[32];
	time_format(t, rfc, sizeof(rfc));
	return relp_when(r, tz, rfc);
}

/* Sets "notice" when done names an entry of table {key, sentence, ..., NULL}. */
static void notice(json_t *ctx, const char *done, const char *const *table)
{
	for (int i = 0; done && table[i]; i += 2)
		if (!strcmp(table[i], done))
			json_object_set_new(ctx, "notice", page_str(table[i + 1]));
}

/* A form the service refused: its problems go back to the form (true), or
 * the refusal is not the form's (access, an internal error) and has been
 * answered with an error page (false). */
static bool form_refused(req_t *r, const svc_t *s, int st, relform_t *f)
{
	if (st != SVC_INVALID && st != SVC_CONFLICT) {
		page_refuse(r, s, st);
		return false;
	}
	f->status = st;
	if (s->fields.n)
		page_add_errors(&f->errs, s);
	else
		f->alert = s->err.message;
	return true;
}

/* The program's people as select options, the one with id selected. */
static json_t *people_json(const participant_t *p, int n, int64_t selected)
{
	json_t *out = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(out, json_pack("{s:I, s:o, s:o, s:b}", "id", (json_int_t)p[i].user_id,
			"name", page_str(p[i].name), "email", page_str(p[i].email), "selected", p[i].user_id == selected));
	return out;
}

/* ---- the matching page ---- */

static const char *const mdone[] = {"published", "The run has been published: the relationships exist now.", NULL};

static void matching_show(req_t *r, int64_t program_id, const char *done, const char *algorithm, int64_t mentor,
			  int64_t mentee, relform_t *f)
{
	svc_t s;
	page_svc(r, &s);
	match_page_t v;
	int st = svc_match_page(&s, program_id, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	const program_t *prog = v.program;
	const char *tz = relp_viewer_tz(r);
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Matching · %s", prog->name), "programs");
	json_t *list = json_array();
	for (int i = 0; i < v.runs.n; i++) {
		const MatchRun_t *x = &v.runs.v[i];
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:I, s:I, s:o, s:b}", "id", (json_int_t)x->id,
			"algorithm", x->algorithm, "pairs", (json_int_t)x->pairs, "unmatched", (json_int_t)x->unmatched_count,
			"total", (json_int_t)x->total_score, "when", page_str(when(r, tz, x->created_at)),
			"published", !strcmp(x->status, "published")));
	}
	json_object_set_new(ctx, "runs", list);
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o, s:s, s:b}", "id", (json_int_t)prog->id,
		"name", page_str(prog->name), "matching", page_matching_label(prog->matching),
		"self", !strcmp(prog->matching, "self")));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	web_program_nav(ctx, prog->id, true, false, "matching");
	const verr_t *errs = f && f->which && !strcmp(f->which, "run") ? &f->errs : NULL;
	json_object_set_new(ctx, "f_algorithm", page_select("algorithm", "Algorithm", algorithms,
		algorithm && *algorithm ? algorithm : strcmp(prog->matching, "stable") ? "optimal" : "stable", NULL, errs));
	json_object_set_new(ctx, "mentors", people_json(v.mentors, v.n_mentors, mentor));
	json_object_set_new(ctx, "mentees", people_json(v.mentees, v.n_mentees, mentee));
	bool pair_err = f && f->which && !strcmp(f->which, "pair");
	for (int k = 0; pair_err && k < f->errs.n; k++)
		json_object_set_new(ctx, !strcmp(f->errs.e[k].field, "mentor_id") ? "mentor_error" : "mentee_error",
				    page_str(f->errs.e[k].msg));
	static const page_label_t labels[] = {
		{"algorithm", "Algorithm", NULL}, {"weights", "Weights", "f-algorithm"},
		{"mentor_id", "Mentor", "f-pair-mentor"}, {"mentee_id", "Mentee", "f-pair-mentee"},
		{"program_id", "Program", "f-pair-mentor"}, {NULL, NULL, NULL}};
	notice(ctx, done, mdone);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "match_program", ctx);
}

void page_matching(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMatching_t *in = in_;
	(void)errs;
	matching_show(r, in->id, in->has_done ? in->done : NULL, NULL, 0, 0, NULL);
}

void page_match_run_create(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMatchRunCreate_t *in = in_;
	relform_t f = {.status = 422, .which = "run", .errs = *errs};
	if (!errs->n) {
		svc_t s;
		page_svc(r, &s);
		MatchRun_t run;
		const MatchRunForm_t *b = &in->body;
		int st = svc_match_run_create(&s, &(in_runMatching_t){.id = in->id, .has_body = true,
			.body = {.has_algorithm = b->has_algorithm, .algorithm = b->algorithm}}, &run);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/programs/%lld/matching/runs/%lld", (long long)in->id,
						      (long long)run.id));
			return;
		}
		if (!form_refused(r, &s, st, &f))
			return;
	}
	matching_show(r, in->id, NULL, page_raw(r, "algorithm"), 0, 0, &f);
}

/* Pairing two people by hand creates a relationship, through the same
 * service as POST /api/v1/relationships; a refusal comes back to the
 * matching page with the pair still chosen. */
void page_program_pair(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageProgramPair_t *in = in_;
	relform_t f = {.which = "pair", .errs = *errs};
	if (!errs->n) {
		svc_t s;
		page_svc(r, &s);
		in_createRelationship_t c = {.body = {.program_id = in->id, .mentor_id = in->body.mentor_id,
						      .mentee_id = in->body.mentee_id}};
		Relationship_t made;
		int st = svc_relationship_create(&s, &c, &made);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/relationships/%lld?done=created", (long long)made.id));
			return;
		}
		if (!form_refused(r, &s, st, &f))
			return;
	}
	if (!f.status)
		f.status = 422;
	matching_show(r, in->id, NULL, NULL, in->body.mentor_id, in->body.mentee_id, &f);
}

/* ---- one run ---- */

static const char *const rdone[] = {
	"changed", "The pair has been changed.", "removed", "The pair has been removed from the run.", NULL};

/* Whether the run's total is the best possible, in words for the page. */
static const char *certificate_words(const MatchRun_t *run)
{
	if (run->certified_optimal)
		return "Certified optimal: no other pairing of this program's people scores higher in total.";
	if (!run->certified_optimal_reason)
		return NULL; /* a run from before certification */
	if (!strcmp(run->certified_optimal_reason, "stable_algorithm"))
		return "A stable run: nobody would rather swap, but the total is not the highest possible.";
	if (!strcmp(run->certified_optimal_reason, "time_limit"))
		return "Not certified optimal: the time limit ran out first; this is the best total found.";
	return "Not certified optimal.";
}

static json_t *run_json(req_t *r, const MatchRun_t *run)
{
	const MatchRun_stats_t *t = &run->stats;
	bool draft = !strcmp(run->status, "draft");
	json_t *o = json_pack("{s:I, s:s, s:I, s:I, s:I, s:b, s:o, s:o, s:o}", "id", (json_int_t)run->id,
		"algorithm", run->algorithm, "total", (json_int_t)run->total_score, "n_pairs", (json_int_t)run->pairs,
		"n_unmatched", (json_int_t)run->unmatched_count, "draft", draft,
		"published_at", page_str(run->published_at_null ? "" : when(r, relp_viewer_tz(r), run->published_at)),
		"candidate_arcs", t->has_candidate_arcs ? json_integer(t->candidate_arcs) : json_null(),
		"solve_ms", t->has_solve_ms ? json_real(t->solve_ms) : json_null());
	const char *cert = certificate_words(run);
	if (cert)
		json_object_set_new(o, "certificate", page_str(cert));
	return o;
}

static void run_show(req_t *r, int64_t program_id, int64_t run_id, const char *done,
		     const PairConflict_list_t *conflicts, relform_t *f)
{
	svc_t s;
	page_svc(r, &s);
	match_run_page_t v;
	int st = svc_match_run_page(&s, program_id, run_id, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	const MatchRun_t *run = &v.run;
	bool draft = !strcmp(run->status, "draft");
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Match run %lld · %s", (long long)run_id, v.program->name),
			       "programs");
	json_t *pairs = json_array(), *unmatched = json_array();
	for (int i = 0; i < run->matches.n; i++) {
		const MatchPair_t *x = &run->matches.v[i];
		json_t *p = json_pack("{s:I, s:o, s:I, s:o, s:I, s:o, s:b}", "mentee_id", (json_int_t)x->mentee_id,
			"mentee", page_str(x->mentee_name), "mentor_id", (json_int_t)x->mentor_id,
			"mentor", page_str(x->mentor_name), "score", (json_int_t)x->score,
			"reasons", reasons_json(&x->reasons), "edited", x->edited);
		if (draft)
			json_object_set_new(p, "options", people_json(v.mentors, v.n_mentors, x->mentor_id));
		json_array_append_new(pairs, p);
	}
	for (int i = 0; i < run->unmatched.n; i++)
		json_array_append_new(unmatched, json_pack("{s:I, s:o, s:s}", "mentee_id",
			(json_int_t)run->unmatched.v[i].mentee_id, "mentee", page_str(run->unmatched.v[i].mentee_name),
			"reason", unmatched_words(run->unmatched.v[i].reason)));
	json_object_set_new(ctx, "run", run_json(r, run));
	json_object_set_new(ctx, "pairs", pairs);
	json_object_set_new(ctx, "unmatched", unmatched);
	json_object_set_new(ctx, "mentors", people_json(v.mentors, v.n_mentors, 0));
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)program_id,
		"name", page_str(v.program->name)));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	if (conflicts) {
		json_t *list = json_array();
		for (int i = 0; i < conflicts->n; i++)
			json_array_append_new(list, json_pack("{s:o}", "reason", page_str(conflicts->v[i].reason)));
		json_object_set_new(ctx, "has_conflicts", json_boolean(conflicts->n > 0));
		json_object_set_new(ctx, "conflicts", list);
	}
	static const page_label_t labels[] = {
		{"mentor_id", "Mentor", "pairs-title"}, {"mentee_id", "Mentee", "pairs-title"}, {NULL, NULL, NULL}};
	notice(ctx, done, rdone);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "match_run", ctx);
}

void page_match_run(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMatchRun_t *in = in_;
	(void)errs;
	run_show(r, in->id, in->run, in->has_done ? in->done : NULL, NULL, NULL);
}

void page_match_run_edit(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMatchRunEdit_t *in = in_;
	const MatchPairForm_t *b = &in->body;
	relform_t f = {.status = 422, .which = "edit", .errs = *errs};
	if (!f.errs.n && !b->has_remove && !b->has_mentor_id)
		verr_add(&f.errs, "mentor_id", "choose a mentor from the list");
	if (!f.errs.n) {
		svc_t s;
		page_svc(r, &s);
		MatchRun_t out;
		int st = svc_match_run_edit(&s, &(in_editMatchRun_t){.id = in->run, .body = {.mentee_id = b->mentee_id,
			.mentor_id = b->mentor_id, .mentor_id_null = b->has_remove}}, &out);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/programs/%lld/matching/runs/%lld?done=%s", (long long)in->id,
						      (long long)in->run, b->has_remove ? "removed" : "changed"));
			return;
		}
		if (!form_refused(r, &s, st, &f))
			return;
	}
	run_show(r, in->id, in->run, NULL, NULL, &f);
}

void page_match_run_publish(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMatchRunPublish_t *in = in_;
	(void)errs;
	svc_t s;
	page_svc(r, &s);
	MatchRun_t out;
	int st = svc_match_run_publish(&s, &(in_publishMatchRun_t){.id = in->run}, &out);
	if (st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld/matching?done=published", (long long)in->id));
		return;
	}
	relform_t f = {.which = "publish"};
	if (form_refused(r, &s, st, &f))
		run_show(r, in->id, in->run, NULL, s.err.has_pairs ? &s.err.pairs : NULL, &f);
}

/* ---- self-match: recommendations and requests ---- */

static const char *const sdone[] = {"asked", "Your request has been sent. The mentor accepts or declines it.", NULL};

static json_t *request_json(req_t *r, const MentorRequest_t *q, bool as_mentor, const char *tz)
{
	bool pending = !strcmp(q->status, "pending");
	return json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:b, s:o, s:o}", "id", (json_int_t)q->id,
		"mentee", page_str(q->mentee_name), "mentor", page_str(q->mentor_name), "message", page_str(q->message),
		"status", pending ? "Waiting for an answer" : !strcmp(q->status, "accepted") ? "Accepted" : "Declined",
		"answer", page_str(q->answer), "pending", pending && as_mentor,
		"relationship_id", q->relationship_id_null ? json_null() : json_integer(q->relationship_id),
		"when", page_str(when(r, tz, q->created_at)));
}

/* The recommendations page; mentor and message are what the mentee asked
 * with when f brings the form back. */
static void recs_show(req_t *r, int64_t program_id, const char *done, int64_t mentor, const char *message,
		      relform_t *f)
{
	svc_t s;
	page_svc(r, &s);
	program_t *prog;
	RecommendationList_t recs;
	MentorRequestList_t mine;
	int st = svc_program_access(&s, program_id, false, &prog);
	if (!st)
		st = svc_recommendation_list(&s, &(in_getRecommendations_t){.id = program_id}, &recs);
	if (!st)
		st = svc_mentor_request_list(&s, &(in_listMentorRequests_t){.id = program_id}, &mine);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Find a mentor · %s", prog->name), "programs");
	json_t *list = json_array();
	for (int i = 0; i < recs.items.n; i++) {
		const Recommendation_t *x = &recs.items.v[i];
		bool asked = f && mentor == x->mentor_id;
		json_t *o = json_pack("{s:I, s:i, s:o, s:I, s:o}", "mentor_id", (json_int_t)x->mentor_id, "rank", i + 1,
			"name", page_str(x->name), "score", (json_int_t)x->score, "reasons", reasons_json(&x->reasons));
		json_t *fm = relp_field("message", arena_printf(r->arena, "f-message-%lld", (long long)x->mentor_id),
			"Message to the mentor", asked ? message : "", "Optional: why you would like them as your mentor.",
			f, asked ? f->which : "none");
		json_object_set_new(fm, "rows", json_integer(2));
		json_object_set_new(o, "f_message", fm);
		json_array_append_new(list, o);
	}
	const char *tz = relp_viewer_tz(r);
	json_t *reqs = json_array();
	for (int i = 0; i < mine.items.n; i++)
		json_array_append_new(reqs, request_json(r, &mine.items.v[i], false, tz));
	json_object_set_new(ctx, "recs", list);
	json_object_set_new(ctx, "requests", reqs);
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)prog->id, "name", page_str(prog->name)));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	page_label_t labels[] = {
		{"message", "Message", mentor ? arena_printf(r->arena, "f-message-%lld", (long long)mentor) : NULL},
		{"mentor_id", "Mentor", "recs-title"}, {NULL, NULL, NULL}};
	notice(ctx, done, sdone);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "match_recommendations", ctx);
}

void page_recommendations(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageRecommendations_t *in = in_;
	(void)errs;
	recs_show(r, in->id, in->has_done ? in->done : NULL, 0, NULL, NULL);
}

void page_mentor_request_create(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMentorRequestCreate_t *in = in_;
	const MentorRequestForm_t *b = &in->body;
	relform_t f = {.status = 422, .which = "ask", .errs = *errs};
	if (!errs->n) {
		svc_t s;
		page_svc(r, &s);
		MentorRequest_t out;
		int st = svc_mentor_request_create(&s, &(in_requestMentor_t){.id = in->id, .body = {
			.mentor_id = b->mentor_id, .has_message = b->has_message, .message = b->message}}, &out);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/programs/%lld/recommendations?done=asked", (long long)in->id));
			return;
		}
		if (!form_refused(r, &s, st, &f))
			return;
	}
	recs_show(r, in->id, NULL, b->mentor_id, page_raw(r, "message"), &f);
}

json_t *relp_requests_to_me(req_t *r, int *pending)
{
	svc_t s;
	page_svc(r, &s);
	mentor_request_inbox_t *items;
	int n;
	json_t *out = page_json(r, json_array());
	*pending = 0;
	if (svc_mentor_request_inbox(&s, &items, &n, pending) != SVC_OK)
		return out;
	const char *tz = relp_viewer_tz(r);
	for (int i = 0; i < n; i++) {
		json_t *o = request_json(r, &items[i].request, true, tz);
		json_object_set_new(o, "program", page_str(items[i].program_name));
		json_array_append_new(out, o);
	}
	return out;
}

static const char *const qdone[] = {
	"accepted", "You have accepted. The relationship has started: welcome your mentee.",
	"declined", "You have declined the request.", NULL};

static void requests_show(req_t *r, const char *done, relform_t *f)
{
	int pending;
	json_t *ctx = page_ctx(r, "Mentor requests", "relationships");
	json_object_set(ctx, "requests", relp_requests_to_me(r, &pending));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	notice(ctx, done, qdone);
	relp_summary(ctx, f, NULL);
	page_render(r, f && f->status ? f->status : 200, "match_requests", ctx);
}

void page_mentor_requests(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMentorRequests_t *in = in_;
	(void)errs;
	requests_show(r, in->has_done ? in->done : NULL, NULL);
}

static void answer(req_t *r, int64_t id, const MentorRequestAnswerForm_t *b, bool accept, const verr_t *errs)
{
	relform_t f = {.status = 422, .which = "answer", .errs = *errs};
	if (!errs->n) {
		svc_t s;
		page_svc(r, &s);
		MentorRequest_t out;
		MentorRequestAnswer_t body = {.has_answer = b->has_answer, .answer = b->answer};
		int st = accept ? svc_mentor_request_accept(&s, &(in_acceptMentorRequest_t){id, body, true}, &out)
				: svc_mentor_request_decline(&s, &(in_declineMentorRequest_t){id, body, true}, &out);
		if (st == SVC_OK && accept && !out.relationship_id_null)
			resp_redirect(r, arena_printf(r->arena, "/relationships/%lld?done=accepted",
						      (long long)out.relationship_id));
		else if (st == SVC_OK)
			resp_redirect(r, arena_printf(r->arena, "/requests?done=%s", accept ? "accepted" : "declined"));
		if (st == SVC_OK || !form_refused(r, &s, st, &f))
			return;
	}
	requests_show(r, NULL, &f);
}

void page_mentor_request_accept(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMentorRequestAccept_t *in = in_;
	answer(r, in->id, &in->body, true, errs);
}

void page_mentor_request_decline(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMentorRequestDecline_t *in = in_;
	answer(r, in->id, &in->body, false, errs);
}
