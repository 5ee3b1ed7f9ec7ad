/* The relationship pages around the lifecycle: the list of my
 * relationships (or, for a program's managers, the program's), the
 * relationship's overview with the phase progress, what the two have in
 * common, conversation starters and both people's meeting preferences; the
 * mentoring agreement both sign; the closing with reflection, survey and
 * thank-you note, then keep-in-touch; and the history. Every read and write
 * goes through the relationship services (svc/relationship.c,
 * svc/agreement.c), so phases and privacy are the services' rules, not the
 * page's. */
#include "web/rel_shared.h"
#include "web/page_types.h"
#include "core/phase.h"
#include "svc/program.h"
#include "web/program_nav.h"

#include <string.h>

#define REL_PAGE 50

/* ---- the list ---- */

static json_t *list_row(req_t *r, const Relationship_t *rel, bool manager_view)
{
	bool i_mentor = rel->mentor_id == r->who.user_id;
	return json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:o}",
		"id", (json_int_t)rel->id, "program_id", (json_int_t)rel->program_id,
		"program_name", page_str(rel->program_name),
		"other", page_str(i_mentor ? rel->mentee.name : rel->mentor.name),
		"my_role", manager_view ? "" : i_mentor ? "Your mentee" : "Your mentor",
		"phase_label", relp_state_label(rel), "mentor", page_str(rel->mentor.name),
		"mentee", page_str(rel->mentee.name), "next_step", page_str(rel->next_step));
}

void page_relationships(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageRelationships_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	in_listRelationships_t q = {.has_program_id = in->has_program_id, .program_id = in->program_id,
				    .has_limit = true, .limit = REL_PAGE, .has_cursor = in->has_cursor,
				    .cursor = arena_printf(r->arena, "%lld", (long long)in->cursor)};
	RelationshipList_t list = {0};
	int st = svc_relationship_page(&s, &q, false, &list);
	program_view_t prog = {0};
	if (st == SVC_OK && in->has_program_id)
		st = svc_program_view(&s, in->program_id, &prog);
	if (st) {
		if (st == SVC_NOT_FOUND)
			web_error(r, 404, "There is no program at this address, or you are not part of it.");
		else
			page_refuse(r, &s, st);
		return;
	}
	const program_t *p = prog.program;
	json_t *ctx = page_ctx(r, p ? arena_printf(r->arena, "Relationships in %s", p->name) : "My relationships",
			       "relationships");
	json_t *rows = json_array();
	for (int i = 0; i < list.items.n; i++)
		json_array_append_new(rows, list_row(r, &list.items.v[i], p != NULL));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "has_rows", json_boolean(list.items.n > 0));
	if (p) {
		json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)p->id,
							      "name", page_str(p->name)));
		web_program_nav(ctx, p->id, prog.can_manage, prog.can_ask, "relationships");
	}
	if (list.next)
		json_object_set_new(ctx, "next_url", page_str(p ?
			arena_printf(r->arena, "/relationships?program_id=%lld&cursor=%s", (long long)p->id, list.next) :
			arena_printf(r->arena, "/relationships?cursor=%s", list.next)));
	page_render(r, 200, "rel_list", ctx);
}

void page_program_relationships(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageProgramRelationships_t *in = in_;
	resp_redirect(r, arena_printf(r->arena, "/relationships?program_id=%lld", (long long)in->id));
}

/* ---- the overview ---- */

static const char *common_label(const char *kind)
{
	static const char *const labels[] = {
		"learning_match", "Can learn from each other", "skill", "Shared skill",
		"interest", "Shared interest", "language", "Language in common",
		"availability", "Overlapping availability", "channel", "Same preferred channel",
		"department", "Same department", "location", "Same location", "background", "Shared background",
		"style", "Same meeting style", NULL};
	for (int i = 0; labels[i]; i += 2)
		if (kind && strcmp(kind, labels[i]) == 0)
			return labels[i + 1];
	return kind ? kind : "";
}

static json_t *prefs_json(const MeetingPreference_t *p, const char *who, const char *name)
{
	return json_pack("{s:s, s:o, s:s, s:s, s:o}", "who", who, "name", page_str(name),
			 "channel", p->channel_null ? "No preference" : page_channel_label(p->channel),
			 "style", p->style_null ? "No preference" : page_style_label(p->style),
			 "notes", page_str(p->notes && *p->notes ? p->notes : "—"));
}

static const char *const hub_done[] = {
	"created", "The relationship has been created. The two can start getting to know each other.",
	"accepted", "You have accepted the request. Welcome your mentee and propose the kickoff meeting.", NULL};

void page_relationship(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageRelationship_t *in = in_;
	relp_t rp;
	if (!relp_open(r, in->id, true, &rp))
		return;
	const Relationship_t *rel = &rp.view.out;
	json_t *ctx = relp_ctx(r, &rp, "Overview", "overview");
	json_t *common = json_array(), *starters = json_array();
	for (int i = 0; i < rel->commonalities.n; i++)
		json_array_append_new(common, json_pack("{s:s, s:o}", "label",
			common_label(rel->commonalities.v[i].kind), "value", page_str(rel->commonalities.v[i].value)));
	for (int i = 0; i < rel->conversation_starters.n; i++)
		json_array_append_new(starters, page_str(rel->conversation_starters.v[i]));
	json_object_set_new(ctx, "common", common);
	json_object_set_new(ctx, "starters", starters);
	json_object_set_new(ctx, "prefs", json_pack("[o, o]",
		prefs_json(&rel->preferences.mentee, "Mentee", relp_name(&rp, rp.mentee_id)),
		prefs_json(&rel->preferences.mentor, "Mentor", relp_name(&rp, rp.mentor_id))));
	json_object_set_new(ctx, "kickoff_phase", json_boolean(strcmp(rp.phase, "getting_to_know") == 0));
	json_object_set_new(ctx, "alumni_phase", json_boolean(strcmp(rp.phase, "completed") == 0 ||
							       strcmp(rp.phase, "alumni") == 0));
	json_object_set_new(ctx, "started", page_str(relp_at(r, rp.tz, rel->created_at)));
	relp_notice(r, ctx, hub_done);
	page_render(r, 200, "rel_overview", ctx);
}

/* ---- the agreement ---- */

enum { A_PURPOSE, A_RESULTS, A_CADENCE, A_WEEKS, A_CONF, A_COUNT };
static const struct {
	const char *name, *label, *hint;
	size_t max;
} afields[A_COUNT] = {
	[A_PURPOSE] = {"purpose", "Purpose", "Why you are working together; goals must be relevant to it.", 2000},
	[A_RESULTS] = {"expected_results", "Expected results", "What should be different at the end.", 2000},
	[A_CADENCE] = {"cadence_days", "Meet every (days)", "For example 14 for every two weeks.", 4},
	[A_WEEKS] = {"duration_weeks", "Duration (weeks)", "How long the mentoring runs; goals are due inside it.", 4},
	[A_CONF] = {"confidentiality", "Confidentiality", "What stays between you, and what may be shared.", 2000},
};
static const page_label_t alabels[] = {
	{"purpose", "Purpose", NULL}, {"expected_results", "Expected results", NULL},
	{"cadence_days", "Meet every (days)", NULL}, {"duration_weeks", "Duration (weeks)", NULL},
	{"confidentiality", "Confidentiality", NULL}, {"form", "Agreement", "f-purpose"}, {NULL, NULL, NULL}};
static const char *const adone[] = {
	"saved", "The agreement has been saved. Both of you sign it again.",
	"signed", "You have signed the agreement.", NULL};

/* A form on its way back after a refusal: field problems for form which,
 * anything else (a wrong phase, a conflict) as an alert. */
static relform_t refused(const svc_t *s, int st, const char *which, const verr_t *errs)
{
	relform_t f = {.status = st, .which = which};
	if (errs)
		f.errs = *errs;
	page_add_errors(&f.errs, s);
	if (st != SVC_INVALID) {
		f.errs.n = 0;
		f.alert = s->err.message;
	}
	return f;
}

/* A refusal the page cannot show next to its form (not found, not
 * allowed, our failure) becomes the error page; true when it did. */
static bool refused_whole(req_t *r, const svc_t *s, int st)
{
	if (st == SVC_OK || st == SVC_INVALID || st == SVC_CONFLICT)
		return false;
	relp_refuse(r, s, st);
	return true;
}

static void agreement_show(req_t *r, relp_t *rp, const char **typed, const relform_t *f)
{
	svc_t s;
	Agreement_t ag;
	page_svc(r, &s);
	in_getAgreement_t q = {.id = rp->id};
	int st = svc_agreement_get(&s, &q, &ag);
	bool have = st == SVC_OK;
	if (st && st != SVC_NOT_FOUND) {
		relp_refuse(r, &s, st);
		return;
	}
	json_t *ctx = relp_ctx(r, rp, "Agreement", "agreement"), *fl = json_object();
	const char *current[A_COUNT] = {"", "", "", "", ""};
	if (have) {
		current[A_PURPOSE] = ag.purpose;
		current[A_RESULTS] = ag.expected_results;
		current[A_CADENCE] = arena_printf(r->arena, "%lld", (long long)ag.cadence_days);
		current[A_WEEKS] = arena_printf(r->arena, "%lld", (long long)ag.duration_weeks);
		current[A_CONF] = ag.confidentiality;
	}
	for (int i = 0; i < A_COUNT; i++) {
		json_t *x = relp_field(afields[i].name, arena_printf(r->arena, "f-%s", afields[i].name),
				       afields[i].label, typed ? typed[i] : current[i], afields[i].hint, f, "agreement");
		if (i == A_CADENCE || i == A_WEEKS) {
			json_object_set_new(x, "inputmode", json_string("numeric"));
		} else {
			json_object_set_new(x, "rows", json_integer(3));
			json_object_set_new(x, "maxlength", json_integer((json_int_t)afields[i].max));
		}
		json_object_set_new(fl, afields[i].name, x);
	}
	json_object_set_new(ctx, "f", fl);
	if (have) {
		bool mine = rp->is_mentor ? !ag.mentor_signed_at_null : !ag.mentee_signed_at_null;
		json_object_set_new(ctx, "agreement", json_pack("{s:o, s:o, s:o, s:o, s:b, s:b, s:I}",
			"mentor_signed", ag.mentor_signed_at_null ? json_null() : page_str(relp_at(r, rp->tz, ag.mentor_signed_at)),
			"mentee_signed", ag.mentee_signed_at_null ? json_null() : page_str(relp_at(r, rp->tz, ag.mentee_signed_at)),
			"mentor", page_str(relp_name(rp, rp->mentor_id)), "mentee", page_str(relp_name(rp, rp->mentee_id)),
			"can_sign", !mine, "both", !ag.mentor_signed_at_null && !ag.mentee_signed_at_null,
			"version", (json_int_t)ag.version));
	}
	relp_notice(r, ctx, adone);
	relp_summary(ctx, f, alabels);
	page_render(r, f && f->status ? f->status : 200, "rel_agreement", ctx);
}

void page_agreement(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageAgreement_t *in = in_;
	relp_t rp;
	if (relp_load(r, in->id, &rp))
		agreement_show(r, &rp, NULL, NULL);
}

void page_agreement_save(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageAgreementSave_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_INVALID;
	if (!errs->n) {
		in_putAgreement_t put = {.id = rp.id, .body = in->body};
		Agreement_t saved;
		st = svc_agreement_put(&s, &put, &saved);
	}
	if (st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/agreement?done=saved", (long long)rp.id));
		return;
	}
	if (refused_whole(r, &s, st))
		return;
	const char *typed[A_COUNT];
	for (int i = 0; i < A_COUNT; i++)
		typed[i] = page_raw(r, afields[i].name);
	relform_t f = refused(&s, st, "agreement", errs);
	agreement_show(r, &rp, typed, &f);
}

void page_agreement_sign(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageAgreementSign_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	Agreement_t signed_;
	page_svc(r, &s);
	in_signAgreement_t q = {.id = rp.id};
	int st = svc_agreement_sign(&s, &q, &signed_);
	if (st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/agreement?done=signed", (long long)rp.id));
		return;
	}
	if (refused_whole(r, &s, st))
		return;
	relform_t f = refused(&s, st, "sign", NULL);
	agreement_show(r, &rp, NULL, &f);
}

/* ---- closing and keep-in-touch ---- */

enum { C_REFLECTION, C_SATISFACTION, C_GOALS, C_IMPORTANT, C_RECOMMEND, C_THANKS, C_EVERY, C_COUNT };
static const char *const cnames[C_EVERY] = {"reflection", "satisfaction", "goals_met", "mentor_important",
					    "would_recommend", "thank_you_note"};
static const page_label_t clabels[] = {
	{"reflection", "Your reflection", NULL}, {"satisfaction", "Satisfaction", NULL},
	{"goals_met", "Goals met", NULL}, {"mentor_important", "Was your mentor important to your success?", NULL},
	{"would_recommend", "Would you recommend mentoring?", NULL}, {"thank_you_note", "Thank-you note", NULL},
	{"every_days", "Remind us every (days)", NULL}, {"form", "Closing", "f-reflection"}, {NULL, NULL, NULL}};
static const char *const cdone[] = {
	"closed", "Thank you. Your reflection and thank-you note have been saved.",
	"alumni", "You are now an alumni connection. Meet for a coffee now and then.", NULL};
static const page_opt_t yes_no[] = {{"", "Choose"}, {"yes", "Yes"}, {"no", "No"}, {NULL, NULL}};
static const page_opt_t every_opts[] = {
	{"30", "Every 30 days"}, {"60", "Every 60 days"}, {"90", "Every 90 days"},
	{"0", "No reminders"}, {NULL, NULL}};

static json_t *optional_int(int64_t v, bool null)
{
	return null ? json_null() : json_integer((json_int_t)v);
}

static json_t *closure_json(req_t *r, const relp_t *rp, const Closure_t *c)
{
	return json_pack("{s:o, s:s, s:o, s:I, s:o, s:o, s:s, s:o, s:o}",
		"who", page_str(c->user_id == r->who.user_id ? "You" : relp_name(rp, c->user_id)),
		"role", c->user_id == rp->mentor_id ? "mentor" : "mentee", "reflection", page_str(c->reflection),
		"satisfaction", (json_int_t)c->satisfaction, "goals_met", optional_int(c->goals_met, c->goals_met_null),
		"mentor_important", optional_int(c->mentor_important, c->mentor_important_null),
		"recommend", c->would_recommend_null ? "—" : c->would_recommend ? "Yes" : "No",
		"thank_you_note", page_str(c->thank_you_note), "when", page_str(relp_at(r, rp->tz, c->created_at)));
}

static void closing_show(req_t *r, relp_t *rp, const char **typed, const relform_t *f)
{
	svc_t s;
	ClosureList_t list;
	page_svc(r, &s);
	in_listClosures_t q = {.id = rp->id};
	int st = svc_relationship_closures(&s, &q, &list);
	if (st) {
		relp_refuse(r, &s, st);
		return;
	}
	json_t *ctx = relp_ctx(r, rp, "Closing", "closing"), *closures = json_array();
	bool mine = false;
	for (int i = 0; i < list.items.n; i++) {
		mine |= list.items.v[i].user_id == r->who.user_id;
		json_array_append_new(closures, closure_json(r, rp, &list.items.v[i]));
	}
	json_object_set_new(ctx, "closures", closures);
	bool ended = !strcmp(rp->phase, "completed") || !strcmp(rp->phase, "alumni");
	const Relationship_t *rel = &rp->view.out;
	const char *v[C_COUNT] = {"", "", "", "", "", "", rel->keep_in_touch_days_null ? "30" :
		arena_printf(r->arena, "%lld", (long long)rel->keep_in_touch_days)};
	for (int k = 0; typed && k < C_COUNT; k++)
		if (typed[k]) /* NULL: what is saved */
			v[k] = typed[k];
	const verr_t *close_errs = f && f->which && !strcmp(f->which, "close") ? &f->errs : NULL;
	json_t *fl = json_object();
	json_t *x = relp_field("reflection", "f-reflection", "Your reflection", v[C_REFLECTION],
		"What changed for you, what worked, what you would do differently.", f, "close");
	json_object_set_new(x, "rows", json_integer(5));
	json_object_set_new(fl, "reflection", x);
	json_object_set_new(fl, "satisfaction", page_select("satisfaction", "How satisfied are you with the mentoring?",
		relp_ratings, v[C_SATISFACTION], NULL, close_errs));
	json_object_set_new(fl, "goals_met", page_select("goals_met", "How well were your goals met?",
		relp_ratings, v[C_GOALS], "Optional.", close_errs));
	if (rp->is_mentee)
		json_object_set_new(fl, "mentor_important", page_select("mentor_important",
			"Was your mentor important to your success?", relp_ratings, v[C_IMPORTANT],
			"1 = not at all, 5 = essential.", close_errs));
	json_object_set_new(fl, "would_recommend", page_select("would_recommend",
		"Would you recommend mentoring to a colleague?", yes_no, v[C_RECOMMEND], NULL, close_errs));
	x = relp_field("thank_you_note", "f-thank_you_note", "Thank-you note", v[C_THANKS],
		arena_printf(r->arena, "Say thank you to %s. It is sent by email and kept in your history.",
			     rp->is_mentor ? relp_name(rp, rp->mentee_id) : relp_name(rp, rp->mentor_id)), f, "close");
	json_object_set_new(x, "rows", json_integer(4));
	json_object_set_new(fl, "thank_you_note", x);
	json_object_set_new(fl, "every_days", page_select("every_days", "Remind us to keep in touch",
		every_opts, v[C_EVERY], NULL, f && f->which && !strcmp(f->which, "keep") ? &f->errs : NULL));
	json_object_set_new(ctx, "f", fl);
	json_object_set_new(ctx, "can_close", json_boolean(!mine && !ended && rp->member));
	json_object_set_new(ctx, "i_closed", json_boolean(mine));
	json_object_set_new(ctx, "ended", json_boolean(ended));
	json_object_set_new(ctx, "is_alumni", json_boolean(!strcmp(rp->phase, "alumni")));
	relp_notice(r, ctx, cdone);
	relp_summary(ctx, f, clabels);
	page_render(r, f && f->status ? f->status : 200, "rel_closing", ctx);
}

void page_closing(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageClosing_t *in = in_;
	relp_t rp;
	if (relp_load(r, in->id, &rp))
		closing_show(r, &rp, NULL, NULL);
}

void page_close(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageClose_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_INVALID;
	if (!errs->n) {
		in_closeRelationship_t q = {.id = rp.id, .body = in->body};
		CloseResult_t done;
		st = svc_relationship_close(&s, &q, &done);
	}
	if (st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/closing?done=closed", (long long)rp.id));
		return;
	}
	if (refused_whole(r, &s, st))
		return;
	const char *typed[C_COUNT] = {NULL};
	for (int i = 0; i < C_EVERY; i++)
		typed[i] = page_raw(r, cnames[i]);
	relform_t f = refused(&s, st, "close", errs);
	closing_show(r, &rp, typed, &f);
}

void page_keep_in_touch(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageKeepInTouch_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_INVALID;
	if (!errs->n) {
		in_keepInTouch_t q = {.id = rp.id, .body = in->body};
		Relationship_t done;
		st = svc_relationship_keep_in_touch(&s, &q, &done);
	}
	if (st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/closing?done=alumni", (long long)rp.id));
		return;
	}
	if (refused_whole(r, &s, st))
		return;
	const char *typed[C_COUNT] = {"", "", "", "", "", "", page_raw(r, "every_days")};
	relform_t f = refused(&s, st, "keep", errs);
	closing_show(r, &rp, typed, &f);
}

/* ---- history ---- */

static const char *event_label(const char *kind)
{
	static const char *const labels[] = {
		"created", "Relationship created", "phase", "Phase changed", "agreement", "Agreement saved",
		"agreement_signed", "Agreement signed", "goal_confirmed", "Goal confirmed by the mentor",
		"thank_you", "Thank-you note", "keep_in_touch", "Keep-in-touch set",
		"ended", "Ended by a program manager", NULL};
	for (int i = 0; labels[i]; i += 2)
		if (kind && strcmp(kind, labels[i]) == 0)
			return labels[i + 1];
	return "Changed";
}

/* An event's detail in words: how a relationship was made (its origin),
 * a phase by its name; anything else is already a person's words. */
static const char *event_detail(const char *kind, const char *detail)
{
	static const char *const origins[] = {
		"manual", "Paired by a program manager", "match", "From a published match run",
		"request", "The mentee asked and the mentor accepted", NULL};
	if (kind && detail && !strcmp(kind, "created"))
		for (int i = 0; origins[i]; i += 2)
			if (!strcmp(detail, origins[i]))
				return origins[i + 1];
	if (kind && detail && !strcmp(kind, "phase") && phase_parse(detail) >= 0)
		return relp_phase_label(detail);
	return detail ? detail : "";
}

void page_history(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageHistory_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	EventList_t list;
	page_svc(r, &s);
	in_getRelationshipHistory_t q = {.id = rp.id};
	int st = svc_relationship_history(&s, &q, &list);
	if (st) {
		relp_refuse(r, &s, st);
		return;
	}
	json_t *ctx = relp_ctx(r, &rp, "History", "history"), *events = json_array();
	for (int i = 0; i < list.items.n; i++) {
		const Event_t *e = &list.items.v[i];
		const char *who = e->actor_id_null ? "" : relp_who(r, &rp, e->actor_id);
		json_array_append_new(events, json_pack("{s:s, s:o, s:o, s:o}", "label", event_label(e->kind),
			"detail", page_str(event_detail(e->kind, e->detail)),
			"who", page_str(*who ? who : !e->actor_id_null ? "a program manager" : "mentord"),
			"when", page_str(relp_at(r, rp.tz, e->at))));
	}
	json_object_set_new(ctx, "events", events);
	page_render(r, 200, "rel_history", ctx);
}

