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
#include "core/buf.h"
#include "core/timeutil.h"
#include "web/program_nav.h"

#include <stdlib.h>
#include <string.h>

static const page_opt_t algorithms[] = {
	{"optimal", "Best overall fit: the pairs that fit best in total, within each mentor's places"},
	{"stable", "Nobody would rather swap: no mentee and mentor would both rather be paired with each other"},
	{NULL, NULL}};

static const char *fit_label(const char *fit)
{
	return !strcmp(fit, "excellent") ? "Excellent fit" : !strcmp(fit, "good") ? "Good fit"
		: !strcmp(fit, "fair") ? "Fair fit" : "Weak fit";
}

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
		"no_candidates", "No mentor has enough in common with them",
		"all_candidates_full", "Every mentor who fits them is full in this run",
		"blocked_by_rules", "The hard rules rule out every mentor who would fit them (their management chain, "
				    "a past pair, someone they asked to avoid, no common language)",
		"removed_by_manager", "A manager removed their pair from this run", NULL};
	for (int i = 0; words[i]; i += 2)
		if (reason && !strcmp(reason, words[i]))
			return words[i + 1];
	return "No mentor in this run";
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
		svc_match_bands_t b;
		svc_match_fit_bands(&x->weights, &b);
		int64_t avg = x->pairs ? (x->total_score + x->pairs / 2) / x->pairs : 0;
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:I, s:o, s:o, s:b}", "id", (json_int_t)x->id,
			"algorithm", strcmp(x->algorithm, "stable") ? "Best overall fit" : "Nobody would rather swap",
			"pairs", (json_int_t)x->pairs, "unmatched", (json_int_t)x->unmatched_count,
			"average", page_str(x->pairs ? arena_printf(r->arena, "%s (%lld of %lld points)",
				fit_label(svc_match_fit(&b, avg)), (long long)avg, (long long)b.max) : "No pairs"),
			"when", page_str(relp_at(r, tz, x->created_at)), "published", !strcmp(x->status, "published")));
	}
	json_object_set_new(ctx, "runs", list);
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o, s:s, s:b}", "id", (json_int_t)prog->id,
		"name", page_str(prog->name), "matching", page_matching_label(prog->matching),
		"self", !strcmp(prog->matching, "self")));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	web_program_nav(ctx, prog->id, true, false, "matching");
	const verr_t *errs = f && f->which && !strcmp(f->which, "run") ? &f->errs : NULL;
	json_object_set_new(ctx, "f_algorithm", page_select("algorithm", "How to pair people", algorithms,
		algorithm && *algorithm ? algorithm : strcmp(prog->matching, "stable") ? "optimal" : "stable", NULL, errs));
	json_object_set_new(ctx, "mentors", people_json(v.mentors, v.n_mentors, mentor));
	json_object_set_new(ctx, "mentees", people_json(v.mentees, v.n_mentees, mentee));
	bool pair_err = f && f->which && !strcmp(f->which, "pair");
	for (int k = 0; pair_err && k < f->errs.n; k++)
		json_object_set_new(ctx, !strcmp(f->errs.e[k].field, "mentor_id") ? "mentor_error" : "mentee_error",
				    page_str(f->errs.e[k].msg));
	static const page_label_t labels[] = {
		{"algorithm", "How to pair people", NULL}, {"weights", "Weights", "f-algorithm"},
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

#define PAIRS_PER_PAGE 25
#define UNMATCHED_FIRST 10

static const char *const rdone[] = {
	"changed", "The pair has been changed.", "removed", "The pair has been removed from the run.", NULL};

/* A query value as it goes into a URL. */
static const char *qenc(arena_t *a, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_t b = BUF_INIT;
	for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("-_.~", *c))
			buf_putc(&b, (char)*c);
		else
			buf_printf(&b, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
	}
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* Whether the run's total is the best possible, in words for the page. */
static const char *certificate_words(const MatchRun_t *run)
{
	if (run->certified_optimal)
		return "Proven best: no other way of pairing these people fits better in total.";
	if (!run->certified_optimal_reason)
		return NULL; /* a run from before certification */
	if (!strcmp(run->certified_optimal_reason, "stable_algorithm"))
		return "Nobody would rather swap; the total fit is not necessarily the highest possible.";
	if (!strcmp(run->certified_optimal_reason, "time_limit"))
		return "The time limit ran out before this could be proven the best possible: it is the best found.";
	return "Not proven the best possible.";
}

/* "Every mentor who fits is full": an unmatched reason in words. */
static json_t *reasons_words(const MatchRunSummary_unmatched_by_reason_t *u)
{
	const struct {
		int64_t n;
		const char *why;
	} all[] = {
		{u->all_candidates_full, "every mentor who fits them is full"},
		{u->blocked_by_rules, "the hard rules rule out every mentor who would fit"},
		{u->no_candidates, "no mentor has enough in common with them"},
		{u->removed_by_manager, "removed from the run by a manager"},
	};
	json_t *out = json_array();
	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++)
		if (all[k].n)
			json_array_append_new(out, json_pack("{s:I, s:s}", "n", (json_int_t)all[k].n, "why", all[k].why));
	return out;
}

/* The run's address with the filters of q (and cursor, when given). */
static const char *run_url(req_t *r, int64_t program_id, int64_t run_id, const match_review_q_t *q,
			   const char *fit, const char *cursor)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "/programs/%lld/matching/runs/%lld", (long long)program_id, (long long)run_id);
	char sep = '?';
	if (fit) {
		buf_printf(&b, "%cfit=%s", sep, fit);
		sep = '&';
	}
	if (q->department) {
		buf_printf(&b, "%cdepartment=%s", sep, qenc(r->arena, q->department));
		sep = '&';
	}
	if (q->unmatched_only) {
		buf_printf(&b, "%cshow=unmatched", sep);
		sep = '&';
	}
	if (cursor)
		buf_printf(&b, "%ccursor=%s", sep, cursor);
	const char *s = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static json_t *summary_json(req_t *r, int64_t program_id, const match_review_t *v, const match_review_q_t *q)
{
	const MatchRunSummary_t *m = &v->run.summary;
	json_t *fits = json_array();
	static const char *const keys[] = {"excellent", "good", "fair", "weak"};
	const int64_t counts[] = {m->fit.excellent, m->fit.good, m->fit.fair, m->fit.weak};
	const int64_t mins[] = {m->fit_min.excellent, m->fit_min.good, m->fit_min.fair, 0};
	for (int k = 0; k < 4; k++)
		json_array_append_new(fits, json_pack("{s:s, s:I, s:o, s:s}", "label", fit_label(keys[k]),
			"n", (json_int_t)counts[k], "range", page_str(k < 3 ? arena_printf(r->arena, "from %lld points",
				(long long)mins[k]) : arena_printf(r->arena, "below %lld points", (long long)mins[2])),
			"href", run_url(r, program_id, v->run.id, &(match_review_q_t){0}, keys[k], NULL)));
	json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:I, s:o, s:o, s:I, s:o}",
		"pairs", (json_int_t)m->pairs, "unmatched", (json_int_t)m->unmatched,
		"average", page_str(m->average_fit_null ? "no pairs" : arena_printf(r->arena, "%.1f of %lld points",
			m->average_score, (long long)m->max_score)),
		"average_fit", page_str(m->average_fit_null ? "" : fit_label(m->average_fit)),
		"mentors_used", (json_int_t)m->mentors_used,
		"mentors", v->run.stats.has_mentors ? json_integer(v->run.stats.mentors) : json_null(),
		"capacity_left", m->capacity_left_null ? json_null() : json_integer(m->capacity_left),
		"edited", (json_int_t)m->edited, "fits", fits);
	json_object_set_new(o, "reasons", reasons_words(&m->unmatched_by_reason));
	json_object_set_new(o, "has_reasons", json_boolean(m->unmatched > 0));
	json_object_set_new(o, "has_capacity", json_boolean(!m->capacity_left_null));
	json_object_set_new(o, "unmatched_href", page_str(run_url(r, program_id, v->run.id,
		&(match_review_q_t){.unmatched_only = true}, NULL, NULL)));
	(void)q;
	return o;
}

static json_t *run_json(req_t *r, const MatchRun_t *run)
{
	bool draft = !strcmp(run->status, "draft");
	bool stable = !strcmp(run->algorithm, "stable");
	json_t *o = json_pack("{s:I, s:b, s:s, s:s, s:o, s:o}", "id", (json_int_t)run->id, "draft", draft,
		"algorithm", stable ? "Nobody would rather swap" : "Best overall fit",
		"algorithm_long", stable ? "No mentee and mentor would both rather be paired with each other than with "
					   "the one the run gave them."
					 : "The pairs that fit best in total, within each mentor's places.",
		"when", page_str(relp_at(r, relp_viewer_tz(r), run->created_at)),
		"published_at", page_str(run->published_at_null ? "" : relp_at(r, relp_viewer_tz(r), run->published_at)));
	const char *cert = certificate_words(run);
	if (cert)
		json_object_set_new(o, "certificate", page_str(cert));
	return o;
}

static json_t *pair_json(req_t *r, int64_t program_id, int64_t run_id, const MatchPair_t *x, bool draft)
{
	json_t *p = json_pack("{s:I, s:o, s:o, s:o, s:I, s:s, s:o, s:b, s:b}", "mentee_id", (json_int_t)x->mentee_id,
		"mentee", page_str(x->mentee_name), "department", page_str(x->department), "mentor", page_str(x->mentor_name),
		"score", (json_int_t)x->score, "fit", fit_label(x->fit), "reasons", reasons_json(&x->reasons),
		"edited", x->edited, "draft", draft);
	json_object_set_new(p, "href", page_str(arena_printf(r->arena, "/programs/%lld/matching/runs/%lld/mentees/%lld",
		(long long)program_id, (long long)run_id, (long long)x->mentee_id)));
	return p;
}

static json_t *unmatched_json(req_t *r, int64_t program_id, int64_t run_id, const Unmatched_t *u)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o}", "mentee_id", (json_int_t)u->mentee_id,
		"mentee", page_str(u->mentee_name), "department", page_str(u->department),
		"reason", unmatched_words(u->reason), "help", page_str(u->help),
		"href", page_str(arena_printf(r->arena, "/programs/%lld/matching/runs/%lld/mentees/%lld",
			(long long)program_id, (long long)run_id, (long long)u->mentee_id)));
}

/* The filters' form: every choice with the current one selected. */
static json_t *filters_json(const match_review_t *v, const match_review_q_t *q)
{
	json_t *fits = json_array(), *depts = json_array();
	static const page_opt_t fit_opts[] = {{"", "Every fit"}, {"excellent", "Excellent fit"}, {"good", "Good fit"},
					      {"fair", "Fair fit"}, {"weak", "Weak fit"}, {NULL, NULL}};
	for (const page_opt_t *o = fit_opts; o->value; o++)
		json_array_append_new(fits, json_pack("{s:s, s:s, s:b}", "value", o->value, "label", o->label,
			"selected", q->fit ? !strcmp(q->fit, o->value) : !*o->value));
	json_array_append_new(depts, json_pack("{s:s, s:s, s:b}", "value", "", "label", "Every department",
					       "selected", q->department == NULL));
	const MatchRunDepartment_list_t *d = &v->run.summary.departments;
	for (int i = 0; i < d->n; i++)
		if (*d->v[i].department)
			json_array_append_new(depts, json_pack("{s:o, s:o, s:b}", "value", page_str(d->v[i].department),
				"label", page_str(d->v[i].department),
				"selected", q->department && !strcmp(q->department, d->v[i].department)));
	return json_pack("{s:o, s:o, s:b}", "fits", fits, "departments", depts, "unmatched_only", q->unmatched_only);
}

static void run_show(req_t *r, int64_t program_id, int64_t run_id, const match_review_q_t *q, const char *done,
		     const PairConflict_list_t *conflicts, relform_t *f)
{
	svc_t s;
	page_svc(r, &s);
	match_review_t v;
	int st = svc_match_run_review(&s, program_id, run_id, q, &v);
	if (st == SVC_INVALID) {
		web_error(r, 422, "This page of the run cannot be shown: follow the links or choose the filters again.");
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	const MatchRun_t *run = &v.run;
	bool draft = !strcmp(run->status, "draft");
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Match run %lld · %s", (long long)run_id, v.program->name),
			       "programs");
	json_t *pairs = json_array(), *unmatched = json_array();
	for (int i = 0; i < v.pairs.n; i++)
		json_array_append_new(pairs, pair_json(r, program_id, run_id, &v.pairs.v[i], draft));
	for (int i = 0; i < v.unmatched.n; i++)
		json_array_append_new(unmatched, unmatched_json(r, program_id, run_id, &v.unmatched.v[i]));
	json_object_set_new(ctx, "run", run_json(r, run));
	json_object_set_new(ctx, "summary", summary_json(r, program_id, &v, q));
	json_object_set_new(ctx, "filters", filters_json(&v, q));
	json_object_set_new(ctx, "filtered", json_boolean(q->fit || q->department || q->unmatched_only));
	json_object_set_new(ctx, "pairs", pairs);
	json_object_set_new(ctx, "has_pairs", json_boolean(v.pairs.n > 0));
	json_object_set_new(ctx, "page_size", json_integer(PAIRS_PER_PAGE));
	json_object_set_new(ctx, "unmatched", unmatched);
	json_object_set_new(ctx, "has_unmatched", json_boolean(v.unmatched.n > 0));
	json_object_set_new(ctx, "unmatched_only", json_boolean(q->unmatched_only));
	json_object_set_new(ctx, "show_pairs", json_boolean(!q->unmatched_only));
	json_object_set_new(ctx, "show_unmatched", json_boolean(q->unmatched_only || (!q->fit && v.unmatched.n > 0)));
	if (v.more_unmatched)
		json_object_set_new(ctx, "more_unmatched", page_str(run_url(r, program_id, run_id,
			&(match_review_q_t){.department = q->department, .unmatched_only = true}, NULL, NULL)));
	if (v.next)
		json_object_set_new(ctx, "next_url", page_str(run_url(r, program_id, run_id, q, q->fit, v.next)));
	if (q->cursor)
		json_object_set_new(ctx, "first_url", page_str(run_url(r, program_id, run_id, q, q->fit, NULL)));
	json_object_set_new(ctx, "clear_url", page_str(arena_printf(r->arena, "/programs/%lld/matching/runs/%lld",
		(long long)program_id, (long long)run_id)));
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)program_id,
		"name", page_str(v.program->name)));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	web_program_nav(ctx, program_id, true, false, "matching");
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

static match_review_q_t review_q(const in_pageMatchRun_t *in)
{
	return (match_review_q_t){.fit = in->has_fit ? in->fit : NULL,
				  .department = in->has_department ? in->department : NULL,
				  .unmatched_only = in->has_show, .cursor = in->has_cursor ? in->cursor : NULL,
				  .limit = PAIRS_PER_PAGE, .unmatched_first = UNMATCHED_FIRST};
}

void page_match_run(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMatchRun_t *in = in_;
	(void)errs;
	match_review_q_t q = review_q(in);
	run_show(r, in->id, in->run, &q, in->has_done ? in->done : NULL, NULL, NULL);
}

/* A run page with no filters, for the forms that come back to it. */
static const match_review_q_t first_page = {.limit = PAIRS_PER_PAGE, .unmatched_first = UNMATCHED_FIRST};

/* ---- one mentee of a run ---- */

static json_t *option_json(req_t *r, const match_option_t *o)
{
	json_t *x = json_pack("{s:I, s:o, s:o, s:I, s:s, s:o, s:i, s:b, s:b}", "mentor_id", (json_int_t)o->mentor_id,
		"name", page_str(o->name), "department", page_str(o->department), "score", (json_int_t)o->score,
		"fit", fit_label(o->fit), "reasons", reasons_json(&o->reasons), "places_left", o->places_left,
		"current", o->current, "can_choose", !o->current && !o->ruled_out && o->places_left > 0);
	json_object_set_new(x, "places", page_str(o->places_left == 0 ? "full in this run" : o->places_left == 1
		? "1 place left" : arena_printf(r->arena, "%d places left", o->places_left)));
	if (o->ruled_out)
		json_object_set_new(x, "ruled_out", page_str(o->ruled_out));
	return x;
}

static void mentee_show(req_t *r, int64_t program_id, int64_t run_id, int64_t mentee_id, const char *q, relform_t *f)
{
	svc_t s;
	page_svc(r, &s);
	match_mentee_view_t v;
	int st = svc_match_run_mentee(&s, program_id, run_id, mentee_id, q, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	bool draft = !strcmp(v.run.status, "draft");
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "%s · match run %lld", v.mentee_name, (long long)run_id),
			       "programs");
	json_t *best = json_array(), *found = json_array();
	for (int i = 0; i < v.n_best; i++)
		json_array_append_new(best, option_json(r, &v.best[i]));
	for (int i = 0; i < v.n_found; i++)
		json_array_append_new(found, option_json(r, &v.found[i]));
	json_object_set_new(ctx, "mentee", json_pack("{s:I, s:o, s:o, s:b}", "id", (json_int_t)v.mentee_id,
		"name", page_str(v.mentee_name), "department", page_str(v.department), "paired", v.paired));
	if (v.paired)
		json_object_set_new(ctx, "pair", pair_json(r, program_id, run_id, &v.pair, draft));
	else
		json_object_set_new(ctx, "unpaired", json_pack("{s:s, s:o}", "reason", unmatched_words(v.reason),
							       "help", page_str(v.help)));
	json_object_set_new(ctx, "best", best);
	json_object_set_new(ctx, "has_best", json_boolean(v.n_best > 0));
	json_object_set_new(ctx, "found", found);
	json_object_set_new(ctx, "searched", json_boolean(q && *q));
	json_object_set_new(ctx, "q", page_str(q ? q : ""));
	json_object_set_new(ctx, "draft", json_boolean(draft));
	json_object_set_new(ctx, "run", json_pack("{s:I, s:b}", "id", (json_int_t)run_id, "draft", draft));
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)program_id,
		"name", page_str(v.program->name)));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	web_program_nav(ctx, program_id, true, false, "matching");
	static const page_label_t labels[] = {
		{"mentor_id", "Mentor", "best-title"}, {"mentee_id", "Mentee", "best-title"}, {NULL, NULL, NULL}};
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "match_mentee", ctx);
}

void page_match_run_mentee(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMatchRunMentee_t *in = in_;
	(void)errs;
	mentee_show(r, in->id, in->run, in->mentee, in->has_q ? in->q : NULL, NULL);
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
	/* Back to the mentee's page, where the choice was made. */
	if (b->mentee_id > 0)
		mentee_show(r, in->id, in->run, b->mentee_id, NULL, &f);
	else
		run_show(r, in->id, in->run, &first_page, NULL, NULL, &f);
}

/* ---- publishing ---- */

void page_match_run_publish_confirm(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMatchRunPublishConfirm_t *in = in_;
	(void)errs;
	svc_t s;
	page_svc(r, &s);
	match_review_t v;
	match_review_q_t q = {.unmatched_only = true, .limit = UNMATCHED_FIRST};
	int st = svc_match_run_review(&s, in->id, in->run, &q, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	const MatchRunSummary_t *m = &v.run.summary;
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Publish match run %lld · %s", (long long)in->run,
					       v.program->name), "programs");
	json_t *unmatched = json_array();
	for (int i = 0; i < v.unmatched.n; i++)
		json_array_append_new(unmatched, unmatched_json(r, in->id, in->run, &v.unmatched.v[i]));
	json_object_set_new(ctx, "draft", json_boolean(!strcmp(v.run.status, "draft")));
	json_object_set_new(ctx, "run", json_pack("{s:I}", "id", (json_int_t)in->run));
	json_object_set_new(ctx, "pairs", json_integer(m->pairs));
	json_object_set_new(ctx, "no_pairs", json_boolean(m->pairs == 0));
	json_object_set_new(ctx, "relationships", page_str(m->pairs == 1 ? "1 relationship"
		: arena_printf(r->arena, "%lld relationships", (long long)m->pairs)));
	json_object_set_new(ctx, "mentees_mail", page_str(m->pairs == 1 ? "1 mentee"
		: arena_printf(r->arena, "%lld mentees", (long long)m->pairs)));
	json_object_set_new(ctx, "mentors_mail", page_str(m->mentors_used == 1 ? "1 mentor"
		: arena_printf(r->arena, "%lld mentors", (long long)m->mentors_used)));
	json_object_set_new(ctx, "n_unmatched", json_integer(m->unmatched));
	json_object_set_new(ctx, "unmatched_count", page_str(m->unmatched == 1 ? "1 mentee stays"
		: arena_printf(r->arena, "%lld mentees stay", (long long)m->unmatched)));
	json_object_set_new(ctx, "unmatched", unmatched);
	json_object_set_new(ctx, "more_unmatched", json_boolean(v.next != NULL));
	json_object_set_new(ctx, "unmatched_href", page_str(run_url(r, in->id, in->run,
		&(match_review_q_t){.unmatched_only = true}, NULL, NULL)));
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)in->id,
		"name", page_str(v.program->name)));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	web_program_nav(ctx, in->id, true, false, "matching");
	page_render(r, 200, "match_publish", ctx);
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
		run_show(r, in->id, in->run, &first_page, NULL, s.err.has_pairs ? &s.err.pairs : NULL, &f);
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
