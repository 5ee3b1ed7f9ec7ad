/* The "Program managers" page of a relationship (/relationships/{id}/
 * step-in, issue 13): for the pair, the conversation with their program's
 * managers and a reply form; for the program's managers and administrators
 * also how the relationship is doing (its flags in words), their own notes
 * (never shown to the pair), ending it with a reason and giving the mentee
 * another mentor from the matching engine's recommendations. Every form
 * posts to its own address and comes back here; a refusal shows the page
 * again with the problem next to its form. What may be seen and done is the
 * services' decision (svc/stepin.c, svc_relationship_end). */
#include "web/rel_shared.h"
#include "web/page_types.h"
#include "svc/relationship.h"
#include "svc/stepin.h"

#include <string.h>

static const char *const sdone[] = {
	"sent", "Your message has been sent: everyone else in this conversation gets it by mail.",
	"noted", "Your note has been added. Only the program's managers see it.",
	"ended", "The relationship has ended. Both of the pair have been told why by mail.", NULL};

static const page_label_t slabels[] = {
	{"body", "Message", "f-message"}, {"reason", "Reason", "f-end-reason"},
	{"mentor_id", "Mentor", "rematch-title"}, {NULL, NULL, NULL}};

/* A text area for the template's field_textarea. */
static json_t *area(json_t *f, int rows)
{
	json_object_set_new(f, "rows", json_integer(rows));
	return f;
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

static json_t *messages_json(req_t *r, const relp_t *rp, const ManagerMessageList_t *l)
{
	json_t *out = json_array();
	for (int i = 0; i < l->items.n; i++) {
		const ManagerMessage_t *m = &l->items.v[i];
		const char *who = !m->author_id_null && m->author_id == r->who.user_id ? "You"
				  : *m->author_name ? m->author_name : "A former member";
		json_array_append_new(out, json_pack("{s:o, s:s, s:o, s:o}", "who", page_str(who),
			"role", m->from_manager ? "program manager" : !m->author_id_null && m->author_id == rp->mentor_id
			? "mentor" : "mentee", "when", page_str(relp_at(r, rp->tz, m->created_at)), "body", page_str(m->body)));
	}
	return out;
}

static json_t *notes_json(req_t *r, const relp_t *rp, const ManagerNoteList_t *l)
{
	json_t *out = json_array();
	for (int i = 0; i < l->items.n; i++) {
		const ManagerNote_t *n = &l->items.v[i];
		json_array_append_new(out, json_pack("{s:o, s:o, s:o}", "who",
			page_str(*n->author_name ? n->author_name : "A former manager"), "when",
			page_str(relp_at(r, rp->tz, n->created_at)), "body", page_str(n->body)));
	}
	return out;
}

static json_t *flags_json(const RelationshipHealth_t *h)
{
	json_t *out = json_array();
	for (int i = 0; i < h->flags.n; i++)
		json_array_append_new(out, json_pack("{s:o, s:o}", "title", page_str(h->flags.v[i].title),
			"message", page_str(h->flags.v[i].message_null ? "" : h->flags.v[i].message)));
	return out;
}

static const char *state_words(const RelationshipHealth_t *h)
{
	const char *st = h->state ? h->state : "";
	return !strcmp(st, "at_risk") ? "At risk" : !strcmp(st, "on_track") ? "On track"
		: !strcmp(st, "not_started") ? "Not started: the pair has not met yet" : "Ended";
}

static json_t *options_json(req_t *r, const RecommendationList_t *l)
{
	json_t *out = json_array();
	for (int i = 0; i < l->items.n; i++) {
		const Recommendation_t *o = &l->items.v[i];
		json_t *reasons = json_array();
		for (int k = 0; k < o->reasons.n; k++)
			json_array_append_new(reasons, json_pack("{s:s, s:I, s:o}", "criterion",
				criterion_label(o->reasons.v[k].criterion), "points", (json_int_t)o->reasons.v[k].points,
				"detail", page_str(o->reasons.v[k].detail ? o->reasons.v[k].detail : "")));
		json_array_append_new(out, json_pack("{s:I, s:o, s:I, s:o, s:s}", "mentor_id", (json_int_t)o->mentor_id,
			"name", page_str(o->name), "score", (json_int_t)o->score, "reasons", reasons,
			"id", arena_printf(r->arena, "mentor-%lld", (long long)o->mentor_id)));
	}
	return out;
}

/* The page, with f the form coming back (NULL: none) and typed what was in
 * it. */
static void stepin_show(req_t *r, int64_t id, const relform_t *f, const char *typed)
{
	relp_t rp;
	if (!relp_load(r, id, &rp))
		return;
	svc_t s;
	page_svc(r, &s);
	json_t *ctx = relp_ctx(r, &rp, rp.member ? "Program managers" : "Step in", "stepin");
	const char *which = f ? f->which : "";
	json_object_set_new(ctx, "manager", json_boolean(!rp.member));
	if (rp.member) {
		ManagerMessageList_t msgs;
		int st = svc_stepin_messages(&s, &(in_listManagerMessages_t){.id = id}, &msgs);
		if (st) {
			relp_refuse(r, &s, st);
			return;
		}
		json_object_set_new(ctx, "messages", messages_json(r, &rp, &msgs));
	} else {
		stepin_view_t v;
		int st = svc_stepin_view(&s, id, &v);
		if (st) {
			relp_refuse(r, &s, st);
			return;
		}
		RecommendationList_t opts = {0};
		if (svc_stepin_rematch_options(&s, &(in_getRematchRecommendations_t){.id = id}, &opts) != SVC_OK)
			opts.items.n = 0; /* the rest of the page still helps */
		json_object_set_new(ctx, "messages", messages_json(r, &rp, &v.messages));
		json_object_set_new(ctx, "notes", notes_json(r, &rp, &v.notes));
		json_object_set_new(ctx, "active", json_boolean(v.active));
		json_object_set_new(ctx, "has_health", json_boolean(v.has_health));
		if (v.has_health) {
			json_object_set_new(ctx, "state", page_str(state_words(&v.health)));
			json_object_set_new(ctx, "at_risk", json_boolean(v.health.at_risk));
			json_object_set_new(ctx, "score", v.health.score_null ? json_null() : json_integer(v.health.score));
			json_object_set_new(ctx, "flags", flags_json(&v.health));
			json_object_set_new(ctx, "has_flags", json_boolean(v.health.flags.n > 0));
		}
		if (v.ended.ended)
			json_object_set_new(ctx, "ended", json_pack("{s:o, s:o, s:o}", "reason", page_str(v.ended.reason),
				"by", page_str(*v.ended.by ? v.ended.by : "a program manager"),
				"when", page_str(relp_at(r, rp.tz, v.ended.at))));
		json_object_set_new(ctx, "options", options_json(r, &opts));
		json_object_set_new(ctx, "has_options", json_boolean(opts.items.n > 0));
		json_object_set_new(ctx, "mentee_name", page_str(relp_name(&rp, rp.mentee_id)));
		json_object_set_new(ctx, "note", area(relp_field("body", "f-note", "Note", !strcmp(which, "note") ? typed : "",
			"Only the program's managers and administrators see notes; the pair never does.", f, "note"), 3));
		json_object_set_new(ctx, "end_reason", area(relp_field("reason", "f-end-reason", "Reason",
			!strcmp(which, "end") ? typed : "", "Both of the pair read it, by mail and in the history.", f, "end"), 3));
		json_object_set_new(ctx, "rematch_reason", area(relp_field("reason", "f-rematch-reason",
			"Why the current relationship ends", !strcmp(which, "rematch") ? typed : "",
			"Both of the pair read it. The new pair gets an introduction by mail.", f, "rematch"), 3));
	}
	json_object_set_new(ctx, "message", area(relp_field("body", "f-message", rp.member ? "Your message" : "Message to the pair",
		!strcmp(which, "message") ? typed : "", rp.member ? "The program's managers and your "
		"mentoring partner read it. Your own messages to each other stay private." :
		"Both of the pair read it and get it by mail. Their own messages to each other stay private.", f, "message"), 4));
	relp_summary(ctx, f, slabels);
	relp_notice(r, ctx, sdone);
	page_render(r, f && f->status != SVC_OK ? (f->status == SVC_CONFLICT ? 409 : 422) : 200, "rel_stepin", ctx);
}

void page_step_in(req_t *r, const void *in_, const verr_t *errs)
{
	(void)errs;
	const in_pageStepIn_t *in = in_;
	stepin_show(r, in->id, NULL, NULL);
}

/* After a service's answer: on success to where, else the page again with
 * the problem next to form which (or the error page when it is not a
 * form's problem). */
static void answered(req_t *r, int64_t id, svc_t *s, int st, const verr_t *errs, const char *which,
		     const char *typed, const char *where)
{
	if (st == SVC_OK) {
		resp_redirect(r, where);
		return;
	}
	if (st != SVC_INVALID && st != SVC_CONFLICT) {
		relp_refuse(r, s, st);
		return;
	}
	relform_t f = {.status = st, .which = which};
	if (errs)
		f.errs = *errs;
	page_add_errors(&f.errs, s);
	if (st == SVC_CONFLICT) {
		f.errs.n = 0;
		f.alert = s->err.message;
	}
	stepin_show(r, id, &f, typed);
}

void page_step_in_message(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageStepInMessage_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_INVALID;
	if (!errs->n) {
		ManagerMessage_t out;
		st = svc_stepin_message_send(&s, &(in_sendManagerMessage_t){.id = in->id, .body = in->body}, &out);
	}
	answered(r, in->id, &s, st, errs, "message", page_raw(r, "body"),
		 arena_printf(r->arena, "/relationships/%lld/step-in?done=sent#conversation-title", (long long)in->id));
}

void page_step_in_note(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageStepInNote_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_INVALID;
	if (!errs->n) {
		ManagerNote_t out;
		st = svc_stepin_note_add(&s, &(in_addManagerNote_t){.id = in->id, .body = in->body}, &out);
	}
	answered(r, in->id, &s, st, errs, "note", page_raw(r, "body"),
		 arena_printf(r->arena, "/relationships/%lld/step-in?done=noted#notes-title", (long long)in->id));
}

void page_step_in_end(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageStepInEnd_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_INVALID;
	if (!errs->n) {
		Relationship_t out;
		st = svc_relationship_end(&s, &(in_endRelationship_t){.id = in->id, .body = in->body}, &out);
	}
	answered(r, in->id, &s, st, errs, "end", page_raw(r, "reason"),
		 arena_printf(r->arena, "/relationships/%lld/step-in?done=ended", (long long)in->id));
}

void page_step_in_rematch(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageStepInRematch_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_INVALID;
	Relationship_t out = {0};
	if (!errs->n)
		st = svc_stepin_rematch(&s, &(in_rematchMentee_t){.id = in->id, .body = in->body}, &out);
	answered(r, in->id, &s, st, errs, "rematch", page_raw(r, "reason"),
		 arena_printf(r->arena, "/relationships/%lld?done=rematched", (long long)out.id));
}
