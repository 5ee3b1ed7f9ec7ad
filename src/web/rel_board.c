/* The cooperation board as a page, walking the steps of cooperation:
 * concerns, ideas credited to their authors (only an idea's author sees the
 * control that hands the credit to the other person), the plan chosen from
 * an idea, action items with an owner, a due date and a goal, and the wins
 * feed. Beside it the relationship's streams: the message thread, pulse
 * check-ins and the two-way learning log. Every page and form calls the
 * board's and the streams' services (svc/board.c, svc/stream.c), which
 * check every rule; a form's fields are the API's own schemas (declared in
 * pages/board.json). A form about one item carries its relationship's id
 * ("rel" in the query) only to find the way back to the board; the service
 * still checks access to the item itself. */
#include "web/rel_shared.h"
#include "web/page_types.h"
#include "svc/board.h"
#include "core/timeutil.h"

#include <stdio.h>
#include <string.h>

static const char *const bdone[] = {
	"concern", "The concern is on the board. Now brainstorm ideas.",
	"idea", "Your idea has been added and credited to you.",
	"credit", "The credit for the idea has been changed.",
	"plan", "The plan has been chosen. Turn it into action items.",
	"action", "The action item has been added.", "action_status", "The action item has been updated.",
	"resolved", "The concern is resolved. Celebrate it in the wins feed!",
	"win", "Well done! The win is in the feed.", NULL};

/* An instant as the viewer's local time. */
static const char *when(req_t *r, const relp_t *rp, int64_t t)
{
	char text[32];
	time_format(t, text, sizeof(text));
	return relp_when(r, rp->tz, text);
}

/* A form's refusal on its way back to the page: the problems of its own
 * fields (errs, read at the edge) or the service's refusal, 422 field
 * problems next to their fields and anything else as an alert. */
static void refused(relform_t *f, const verr_t *errs, const svc_t *s, int st)
{
	if (errs->n) {
		f->status = 422;
		f->errs = *errs;
	} else if (st == SVC_INVALID) {
		f->status = 422;
		page_add_errors(&f->errs, s);
	} else {
		f->status = st;
		f->alert = s->err.message ? s->err.message : "Something went wrong. Please try again.";
	}
}

/* ---- the board ---- */

/* A select's options for the pair, the viewer first. */
static json_t *owner_options(req_t *r, const relp_t *rp, const char *current)
{
	int64_t other = rp->is_mentor ? rp->mentee_id : rp->mentor_id;
	const char *me = arena_printf(r->arena, "%lld", (long long)r->who.user_id);
	const char *them = arena_printf(r->arena, "%lld", (long long)other);
	page_opt_t opts[] = {{me, "Me"}, {them, relp_name(rp, other)}, {NULL, NULL}};
	return relp_options(opts, current && *current ? current : me);
}

static json_t *goal_options(req_t *r, const board_view_t *v, const char *current)
{
	page_opt_t *opts = arena_alloc(r->arena, sizeof(page_opt_t) * (size_t)(v->n_goals + 2));
	opts[0] = (page_opt_t){"", "No goal"};
	for (int i = 0; i < v->n_goals; i++)
		opts[i + 1] = (page_opt_t){arena_printf(r->arena, "%lld", (long long)v->goals[i].id), v->goals[i].title};
	opts[v->n_goals + 1] = (page_opt_t){NULL, NULL};
	return relp_options(opts, current ? current : "");
}

static const char *goal_title(const board_view_t *v, const Action_t *a)
{
	for (int i = 0; !a->goal_id_null && i < v->n_goals; i++)
		if (v->goals[i].id == a->goal_id)
			return v->goals[i].title;
	return NULL;
}

/* What was typed into the form that failed, to show it again. */
typedef struct btyped {
	const char *a, *b, *c, *d;
} btyped_t;

static json_t *idea_json(req_t *r, const relp_t *rp, const Idea_t *idea, const Concern_t *c)
{
	int64_t other = rp->is_mentor ? rp->mentee_id : rp->mentor_id;
	bool mine = idea->credited_to == r->who.user_id;
	return json_pack("{s:I, s:o, s:o, s:o, s:b, s:b, s:I, s:o, s:I, s:b}",
		"id", (json_int_t)idea->id, "text", page_str(idea->text),
		"author", page_str(relp_who(r, rp, idea->author_id)),
		"credited", page_str(relp_who(r, rp, idea->credited_to)),
		"moved", idea->credited_to != idea->author_id, "is_author", idea->author_id == r->who.user_id,
		"credit_to", (json_int_t)(mine ? other : r->who.user_id),
		"credit_label", page_str(mine ? arena_printf(r->arena, "Credit this idea to %s", relp_name(rp, other))
					      : "Take the credit back"),
		"changes", (json_int_t)idea->credit_changes,
		"chosen", !c->plan_idea_id_null && idea->id == c->plan_idea_id);
}

static json_t *action_json(req_t *r, const relp_t *rp, const Action_t *a, const board_view_t *v)
{
	const char *goal = goal_title(v, a);
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:b}", "id", (json_int_t)a->id,
		"title", page_str(a->title), "owner", page_str(relp_who(r, rp, a->owner_id)),
		"due_on", page_str(a->due_on), "goal", goal ? page_str(goal) : json_null(),
		"status", !strcmp(a->status, "done") ? "Done" : !strcmp(a->status, "dropped") ? "Dropped" : "Open",
		"open", !strcmp(a->status, "open"));
}

static json_t *concern_json(req_t *r, const relp_t *rp, const Concern_t *c, const board_view_t *v,
			    const relform_t *f, const btyped_t *t)
{
	json_t *ideas = json_array(), *actions = json_array(), *x;
	for (int i = 0; i < c->ideas.n; i++)
		json_array_append_new(ideas, idea_json(r, rp, &c->ideas.v[i], c));
	for (int i = 0; i < c->actions.n; i++)
		json_array_append_new(actions, action_json(r, rp, &c->actions.v[i], v));
	long long cid = (long long)c->id;
	const char *w_idea = arena_printf(r->arena, "idea-%lld", cid);
	const char *w_plan = arena_printf(r->arena, "plan-%lld", cid);
	const char *w_action = arena_printf(r->arena, "action-%lld", cid);
	const char *which = f && f->which ? f->which : "";
	bool m_idea = !strcmp(which, w_idea), m_plan = !strcmp(which, w_plan), m_action = !strcmp(which, w_action);
	json_t *o = json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:b, s:b}", "id", (json_int_t)c->id,
		"title", page_str(c->title), "detail", page_str(c->detail),
		"status", !strcmp(c->status, "resolved") ? "Resolved" : !strcmp(c->status, "planned") ? "Plan chosen" : "Open",
		"plan", c->plan ? page_str(c->plan) : json_null(), "ideas", ideas, "actions", actions,
		"resolved", !strcmp(c->status, "resolved"), "has_ideas", c->ideas.n > 0);
	json_object_set_new(o, "f_idea", relp_field("text", arena_printf(r->arena, "f-idea-%lld", cid),
		"Your idea", m_idea ? t->a : "", NULL, f, w_idea));
	x = relp_field("plan", arena_printf(r->arena, "f-plan-%lld", cid), "The plan", m_plan ? t->a : "",
		       "What you will do, in a sentence or two.", f, w_plan);
	json_object_set_new(x, "rows", json_integer(2));
	json_object_set_new(o, "f_plan", x);
	json_object_set_new(o, "f_action_title", relp_field("title", arena_printf(r->arena, "f-action-title-%lld",
		cid), "Action", m_action ? t->a : "", NULL, f, w_action));
	x = relp_field("due_on", arena_printf(r->arena, "f-action-due-%lld", cid), "Due on", m_action ? t->c : "",
		       NULL, f, w_action);
	json_object_set_new(x, "type", json_string("date"));
	json_object_set_new(o, "f_action_due", x);
	json_object_set_new(o, "owner_options", owner_options(r, rp, m_action ? t->b : NULL));
	json_object_set_new(o, "goal_options", goal_options(r, v, m_action ? t->d : NULL));
	return o;
}

static void board_labels(req_t *r, const relform_t *f, page_label_t *l)
{
	const char *w = f && f->which ? f->which : "", *id = strchr(w, '-');
	id = id ? id + 1 : "";
	int n = 0;
	if (!strncmp(w, "idea-", 5))
		l[n++] = (page_label_t){"text", "Idea", arena_printf(r->arena, "f-idea-%s", id)};
	if (!strncmp(w, "plan-", 5)) {
		l[n++] = (page_label_t){"plan", "Plan", arena_printf(r->arena, "f-plan-%s", id)};
		l[n++] = (page_label_t){"idea_id", "Chosen idea", arena_printf(r->arena, "f-plan-%s", id)};
	}
	if (!strncmp(w, "action-", 7)) {
		l[n++] = (page_label_t){"title", "Action", arena_printf(r->arena, "f-action-title-%s", id)};
		l[n++] = (page_label_t){"owner_id", "Owner", arena_printf(r->arena, "f-action-owner-%s", id)};
		l[n++] = (page_label_t){"due_on", "Due on", arena_printf(r->arena, "f-action-due-%s", id)};
		l[n++] = (page_label_t){"goal_id", "Goal", arena_printf(r->arena, "f-action-goal-%s", id)};
	}
	if (!strcmp(w, "concern")) {
		l[n++] = (page_label_t){"title", "Concern", "f-concern-title"};
		l[n++] = (page_label_t){"detail", "Details", "f-concern-detail"};
	}
	if (!strcmp(w, "win"))
		l[n++] = (page_label_t){"text", "Win", "f-win-text"};
	l[n] = (page_label_t){NULL, NULL, NULL};
}

/* The board, with the form f names shown again (typed, its problems) when
 * it comes back refused. */
static void board_show(req_t *r, relp_t *rp, const btyped_t *typed, const relform_t *f)
{
	static const btyped_t none = {"", "", "", ""};
	const btyped_t *t = typed ? typed : &none;
	svc_t s;
	board_view_t v;
	page_svc(r, &s);
	int st = svc_board_view(&s, rp->id, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = relp_ctx(r, rp, "Cooperation board", "board"), *list = json_array(), *feed = json_array();
	for (int i = 0; i < v.concerns.n; i++)
		json_array_append_new(list, concern_json(r, rp, &v.concerns.v[i], &v, f, t));
	json_object_set_new(ctx, "concerns", list);
	for (int i = 0; i < v.wins.n; i++)
		json_array_append_new(feed, json_pack("{s:o, s:o, s:o}", "text", page_str(v.wins.v[i].text),
			"who", page_str(relp_who(r, rp, v.wins.v[i].author_id)),
			"when", page_str(when(r, rp, v.wins.v[i].created_at))));
	json_object_set_new(ctx, "wins", feed);
	const char *which = f && f->which ? f->which : "";
	bool mc = !strcmp(which, "concern"), mw = !strcmp(which, "win");
	json_t *fl = json_object(), *x;
	json_object_set_new(fl, "concern_title", relp_field("title", "f-concern-title", "Concern", mc ? t->a : "",
		"What is in the way? Name it first.", f, "concern"));
	x = relp_field("detail", "f-concern-detail", "Details", mc ? t->b : "", "Optional.", f, "concern");
	json_object_set_new(x, "rows", json_integer(2));
	json_object_set_new(fl, "concern_detail", x);
	json_object_set_new(fl, "win_text", relp_field("text", "f-win-text", "A win to celebrate", mw ? t->a : "",
		NULL, f, "win"));
	json_object_set_new(ctx, "f", fl);
	page_label_t labels[8];
	board_labels(r, f, labels);
	relp_notice(r, ctx, bdone);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "rel_board", ctx);
}

void page_board(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageBoard_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	board_show(r, &rp, NULL, NULL);
	relp_free(&rp);
}

/* The relationship of a form about one of its items, from "rel". */
static bool item_rel(req_t *r, int64_t rel, const verr_t *errs, relp_t *rp)
{
	if (!rel || verr_has(errs, "rel")) {
		web_error(r, 400, "This form is missing the relationship it belongs to. Please go back and try again.");
		return false;
	}
	return relp_load(r, rel, rp);
}

/* Ends a board form: back to the board with the notice done when the
 * service (answer st) took it, else the board again with form which
 * refused and what was typed into it. */
static void board_end(req_t *r, relp_t *rp, const verr_t *errs, const svc_t *s, int st, const char *which,
		      const char *done, const btyped_t *t)
{
	if (!errs->n && st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/board?done=%s", (long long)rp->id, done));
	} else {
		relform_t f = {.which = which};
		refused(&f, errs, s, st);
		board_show(r, rp, t, &f);
	}
	relp_free(rp);
}

void page_concern_add(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageConcernAdd_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	Concern_t out;
	page_svc(r, &s);
	int st = errs->n ? SVC_INVALID : svc_concern_create(&s, &(in_addConcern_t){.id = in->id, .body = in->body}, &out);
	btyped_t t = {page_raw(r, "title"), page_raw(r, "detail"), "", ""};
	board_end(r, &rp, errs, &s, st, "concern", "concern", &t);
}

void page_idea_add(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageIdeaAdd_t *in = in_;
	relp_t rp;
	if (!item_rel(r, in->rel, errs, &rp))
		return;
	svc_t s;
	Idea_t out;
	page_svc(r, &s);
	int st = errs->n ? SVC_INVALID : svc_idea_create(&s, &(in_addIdea_t){.id = in->id, .body = in->body}, &out);
	btyped_t t = {page_raw(r, "text"), "", "", ""};
	board_end(r, &rp, errs, &s, st, arena_printf(r->arena, "idea-%lld", (long long)in->id), "idea", &t);
}

void page_idea_credit(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageIdeaCredit_t *in = in_;
	relp_t rp;
	if (!item_rel(r, in->rel, errs, &rp))
		return;
	svc_t s;
	Idea_t out;
	page_svc(r, &s);
	int st = svc_idea_credit(&s, &(in_creditIdea_t){.id = in->id, .body = in->body}, &out);
	board_end(r, &rp, errs, &s, st, "credit", "credit", NULL);
}

void page_plan_set(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePlanSet_t *in = in_;
	relp_t rp;
	if (!item_rel(r, in->rel, errs, &rp))
		return;
	svc_t s;
	Concern_t out;
	page_svc(r, &s);
	int st = errs->n ? SVC_INVALID
			 : svc_concern_set_plan(&s, &(in_setConcernPlan_t){.id = in->id, .body = in->body}, &out);
	btyped_t t = {page_raw(r, "plan"), page_raw(r, "idea_id"), "", ""};
	board_end(r, &rp, errs, &s, st, arena_printf(r->arena, "plan-%lld", (long long)in->id), "plan", &t);
}

void page_concern_resolve(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageConcernResolve_t *in = in_;
	relp_t rp;
	if (!item_rel(r, in->rel, errs, &rp))
		return;
	svc_t s;
	Concern_t out;
	page_svc(r, &s);
	int st = svc_concern_update(&s, &(in_updateConcern_t){.id = in->id, .body = {.status = "resolved"}}, &out);
	board_end(r, &rp, errs, &s, st, "resolve", "resolved", NULL);
}

void page_action_add(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageActionAdd_t *in = in_;
	relp_t rp;
	if (!item_rel(r, in->rel, errs, &rp))
		return;
	svc_t s;
	Action_t out;
	page_svc(r, &s);
	int st = errs->n ? SVC_INVALID : svc_action_create(&s, &(in_addAction_t){.id = in->id, .body = in->body}, &out);
	btyped_t t = {page_raw(r, "title"), page_raw(r, "owner_id"), page_raw(r, "due_on"), page_raw(r, "goal_id")};
	board_end(r, &rp, errs, &s, st, arena_printf(r->arena, "action-%lld", (long long)in->id), "action", &t);
}

void page_action_status(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageActionStatus_t *in = in_;
	relp_t rp;
	if (!item_rel(r, in->rel, errs, &rp))
		return;
	svc_t s;
	Action_t out;
	page_svc(r, &s);
	int st = svc_action_update(&s, &(in_updateAction_t){.id = in->id, .body = in->body}, &out);
	board_end(r, &rp, errs, &s, st, "action_status", "action_status", NULL);
}

void page_win_add(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageWinAdd_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	Win_t out;
	page_svc(r, &s);
	int st = errs->n ? SVC_INVALID : svc_win_create(&s, &(in_addWin_t){.id = in->id, .body = in->body}, &out);
	btyped_t t = {page_raw(r, "text"), "", "", ""};
	board_end(r, &rp, errs, &s, st, "win", "win", &t);
}

/* ---- streams: messages, check-ins, learning log ---- */

static const page_opt_t moods[] = {
	{"", "Choose 1 to 5"}, {"5", "5 – great"}, {"4", "4 – good"}, {"3", "3 – okay"},
	{"2", "2 – struggling"}, {"1", "1 – stuck"}, {NULL, NULL}};

typedef enum { ST_MESSAGES, ST_CHECKINS, ST_LEARNING } stream_kind_t;

static const struct stream {
	const char *key, *title, *tmpl, *done;
} streams[] = {
	[ST_MESSAGES] = {"messages", "Messages", "rel_messages", "Your message has been sent."},
	[ST_CHECKINS] = {"checkins", "Check-ins", "rel_checkins", "Your check-in has been recorded."},
	[ST_LEARNING] = {"learning", "Learning log", "rel_learning", "Added to the learning log."},
};

/* One entry of a stream: who wrote it (and whether the viewer did), when. */
static json_t *stream_item(req_t *r, const relp_t *rp, int64_t author, int64_t at)
{
	return json_pack("{s:o, s:b, s:o}", "who", page_str(relp_who(r, rp, author)),
			 "mine", author == r->who.user_id, "when", page_str(when(r, rp, at)));
}

/* The entries of stream k through its service, or NULL with *st the refusal. */
static json_t *stream_items(req_t *r, const relp_t *rp, stream_kind_t k, svc_t *s, int *st)
{
	json_t *list, *o;
	if (k == ST_MESSAGES) {
		MessageList_t l = {0};
		if ((*st = svc_message_list(s, &(in_listMessages_t){.id = rp->id}, &l)))
			return NULL;
		list = json_array();
		for (int i = 0; i < l.items.n; i++) {
			json_array_append_new(list, o = stream_item(r, rp, l.items.v[i].author_id, l.items.v[i].created_at));
			json_object_set_new(o, "body", page_str(l.items.v[i].body));
		}
	} else if (k == ST_CHECKINS) {
		CheckinList_t l = {0};
		if ((*st = svc_checkin_list(s, &(in_listCheckins_t){.id = rp->id}, &l)))
			return NULL;
		list = json_array();
		for (int i = 0; i < l.items.n; i++) {
			json_array_append_new(list, o = stream_item(r, rp, l.items.v[i].author_id, l.items.v[i].created_at));
			json_object_set_new(o, "mood", json_integer(l.items.v[i].mood));
			json_object_set_new(o, "note", page_str(l.items.v[i].note));
		}
	} else {
		LearningList_t l = {0};
		if ((*st = svc_learning_list(s, &(in_listLearnings_t){.id = rp->id}, &l)))
			return NULL;
		const char *mentor = relp_name(rp, rp->mentor_id), *mentee = relp_name(rp, rp->mentee_id);
		list = json_array();
		for (int i = 0; i < l.items.n; i++) {
			const Learning_t *it = &l.items.v[i];
			json_array_append_new(list, o = stream_item(r, rp, it->author_id, it->created_at));
			json_object_set_new(o, "text", page_str(it->text));
			json_object_set_new(o, "direction", page_str(!strcmp(it->direction, "to_mentor") ?
				arena_printf(r->arena, "What %s (mentor) learned from %s", mentor, mentee) :
				arena_printf(r->arena, "What %s (mentee) learned from %s", mentee, mentor)));
		}
	}
	return list;
}

/* The stream's form: its fields with what was typed (v) and their problems. */
static json_t *stream_form(req_t *r, const relp_t *rp, stream_kind_t k, const char *const *v, const verr_t *errs)
{
	json_t *fl = json_object(), *x;
	if (k == ST_MESSAGES) {
		x = page_field("body", "Message", v[0], NULL, errs);
		json_object_set_new(x, "rows", json_integer(3));
		json_object_set_new(fl, "body", x);
	} else if (k == ST_CHECKINS) {
		json_object_set_new(fl, "mood", page_select("mood", "How is the mentoring going for you?", moods, v[0], NULL, errs));
		json_object_set_new(fl, "note", page_field("note", "Note", v[1], "Optional: a sentence on why.", errs));
	} else {
		page_opt_t dirs[] = {
			{"to_mentor", arena_printf(r->arena, "What the mentor (%s) learned from the mentee", relp_name(rp, rp->mentor_id))},
			{"to_mentee", arena_printf(r->arena, "What the mentee (%s) learned from the mentor", relp_name(rp, rp->mentee_id))},
			{NULL, NULL}};
		const char *mine = rp->is_mentor ? "to_mentor" : "to_mentee";
		json_object_set_new(fl, "direction", page_select("direction", "Who learned", dirs, *v[1] ? v[1] : mine, NULL, errs));
		x = page_field("text", "What was learned", v[0], "Give back: mentees teach their mentors too.", errs);
		json_object_set_new(x, "rows", json_integer(3));
		json_object_set_new(fl, "text", x);
	}
	return fl;
}

static void stream_show(req_t *r, relp_t *rp, stream_kind_t k, const char *const *typed, const relform_t *f)
{
	static const page_label_t labels[][4] = {
		[ST_MESSAGES] = {{"body", "Message", NULL}, {"form", "Message", "f-body"}, {NULL, NULL, NULL}},
		[ST_CHECKINS] = {{"mood", "Mood", NULL}, {"note", "Note", NULL}, {"form", "Check-in", "f-mood"}, {NULL, NULL, NULL}},
		[ST_LEARNING] = {{"text", "What was learned", NULL}, {"direction", "Who learned", NULL},
				 {"form", "Learning", "f-text"}, {NULL, NULL, NULL}},
	};
	static const char *const none[2] = {"", ""};
	svc_t s;
	int st;
	page_svc(r, &s);
	json_t *items = stream_items(r, rp, k, &s, &st);
	if (!items) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = relp_ctx(r, rp, streams[k].title, streams[k].key);
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "f", stream_form(r, rp, k, typed ? typed : none, f && f->errs.n ? &f->errs : NULL));
	const char *done = http_query(r, "done");
	if (done && !strcmp(done, "1"))
		json_object_set_new(ctx, "notice", page_str(streams[k].done));
	relp_summary(ctx, f, labels[k]);
	page_render(r, f && f->status ? f->status : 200, streams[k].tmpl, ctx);
}

static void stream_page(req_t *r, int64_t id, stream_kind_t k)
{
	relp_t rp;
	if (!relp_load(r, id, &rp))
		return;
	stream_show(r, &rp, k, NULL, NULL);
	relp_free(&rp);
}

/* Ends a stream's form: back to the stream with its notice when the
 * service took it, else the stream again with the problems. */
static void stream_end(req_t *r, relp_t *rp, stream_kind_t k, const verr_t *errs, const svc_t *s, int st,
		       const char *const *typed)
{
	if (!errs->n && st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/%s?done=1", (long long)rp->id, streams[k].key));
	} else {
		relform_t f = {.which = streams[k].key};
		refused(&f, errs, s, st);
		stream_show(r, rp, k, typed, &f);
	}
	relp_free(rp);
}

/* Opening the thread reads it: its messages leave the member's inbox
 * (a manager is refused the content before anything is marked). */
void page_messages(req_t *r, const void *in, const verr_t *errs)
{
	int64_t id = ((const in_pageMessages_t *)in)->id;
	relp_t rp;
	if (!relp_load(r, id, &rp))
		return;
	if (rp.member) {
		svc_t s;
		Inbox_t after;
		page_svc(r, &s);
		if (svc_message_mark_read(&s, &(in_markMessagesRead_t){.id = id}, &after) != SVC_OK)
			fprintf(stderr, "{\"level\":\"warn\",\"msg\":\"messages not marked read\"}\n");
	}
	stream_show(r, &rp, ST_MESSAGES, NULL, NULL);
	relp_free(&rp);
}

void page_checkins(req_t *r, const void *in, const verr_t *errs)
{
	stream_page(r, ((const in_pageCheckins_t *)in)->id, ST_CHECKINS);
}

void page_learning(req_t *r, const void *in, const verr_t *errs)
{
	stream_page(r, ((const in_pageLearning_t *)in)->id, ST_LEARNING);
}

void page_message_send(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMessageSend_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	Message_t out;
	page_svc(r, &s);
	int st = errs->n ? SVC_INVALID : svc_message_send(&s, &(in_sendMessage_t){.id = in->id, .body = in->body}, &out);
	const char *typed[2] = {page_raw(r, "body"), ""};
	stream_end(r, &rp, ST_MESSAGES, errs, &s, st, typed);
}

void page_checkin_add(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageCheckinAdd_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	Checkin_t out;
	page_svc(r, &s);
	int st = errs->n ? SVC_INVALID : svc_checkin_create(&s, &(in_addCheckin_t){.id = in->id, .body = in->body}, &out);
	const char *typed[2] = {page_raw(r, "mood"), page_raw(r, "note")};
	stream_end(r, &rp, ST_CHECKINS, errs, &s, st, typed);
}

void page_learning_add(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageLearningAdd_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	svc_t s;
	Learning_t out;
	page_svc(r, &s);
	int st = errs->n ? SVC_INVALID : svc_learning_create(&s, &(in_addLearning_t){.id = in->id, .body = in->body}, &out);
	const char *typed[2] = {page_raw(r, "text"), page_raw(r, "direction")};
	stream_end(r, &rp, ST_LEARNING, errs, &s, st, typed);
}
