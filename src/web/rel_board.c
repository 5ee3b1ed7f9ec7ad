/* The cooperation board as a page, walking the steps of cooperation:
 * concerns, ideas credited to their authors (only an idea's author sees the
 * control that hands the credit to the other person), the plan chosen from
 * an idea, action items with an owner, a due date and a goal, and the wins
 * feed. Beside it the relationship's streams: the message thread, pulse
 * check-ins and the two-way learning log. The API checks every rule; forms
 * posted about one item carry the relationship's id ("rel") only to find
 * the way back, and the API still checks access to the item itself. */
#include "web/rel_shared.h"

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

/* A select's options for the pair, the viewer first. */
static json_t *owner_options(req_t *r, const relp_t *rp, const char *current)
{
	int64_t other = rp->is_mentor ? rp->mentee_id : rp->mentor_id;
	const char *me = arena_printf(r->arena, "%lld", (long long)r->who.user_id);
	const char *them = arena_printf(r->arena, "%lld", (long long)other);
	page_opt_t opts[] = {{me, "Me"}, {them, relp_name(rp, other)}, {NULL, NULL}};
	return relp_options(opts, current && *current ? current : me);
}

static json_t *goal_options(json_t *goals, const char *current)
{
	json_t *opts = json_array(), *g;
	size_t i;
	json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label", "No goal",
					      "selected", !current || !*current));
	json_array_foreach(goals, i, g) {
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(g, "id")));
		json_array_append_new(opts, json_pack("{s:s, s:O, s:b}", "value", id, "label",
			json_object_get(g, "title"), "selected", current && !strcmp(current, id)));
	}
	return opts;
}

static const char *goal_title(json_t *goals, json_t *id)
{
	json_t *g;
	size_t i;
	json_array_foreach(goals, i, g)
		if (json_is_integer(id) && json_integer_value(json_object_get(g, "id")) == json_integer_value(id))
			return json_string_value(json_object_get(g, "title"));
	return NULL;
}

/* What was typed into the form that failed, to show it again. */
typedef struct btyped {
	const char *a, *b, *c, *d;
} btyped_t;

static json_t *idea_json(req_t *r, const relp_t *rp, json_t *idea, int64_t plan_idea)
{
	int64_t author = json_integer_value(json_object_get(idea, "author_id"));
	int64_t credited = json_integer_value(json_object_get(idea, "credited_to"));
	int64_t other = rp->is_mentor ? rp->mentee_id : rp->mentor_id;
	json_int_t id = json_integer_value(json_object_get(idea, "id"));
	return json_pack("{s:I, s:O, s:o, s:o, s:b, s:b, s:I, s:o, s:O, s:b}",
		"id", id, "text", json_object_get(idea, "text"),
		"author", page_str(relp_who(r, rp, author)), "credited", page_str(relp_who(r, rp, credited)),
		"moved", credited != author, "is_author", author == r->who.user_id,
		"credit_to", (json_int_t)(credited == r->who.user_id ? other : r->who.user_id),
		"credit_label", page_str(credited == r->who.user_id ?
			arena_printf(r->arena, "Credit this idea to %s", relp_name(rp, other)) : "Take the credit back"),
		"changes", json_object_get(idea, "credit_changes"), "chosen", id == plan_idea);
}

static json_t *action_json(req_t *r, const relp_t *rp, json_t *a, json_t *goals)
{
	const char *status = json_string_value(json_object_get(a, "status"));
	const char *goal = goal_title(goals, json_object_get(a, "goal_id"));
	return json_pack("{s:O, s:O, s:o, s:O, s:o, s:s, s:b}", "id", json_object_get(a, "id"),
		"title", json_object_get(a, "title"),
		"owner", page_str(relp_who(r, rp, json_integer_value(json_object_get(a, "owner_id")))),
		"due_on", json_object_get(a, "due_on"), "goal", goal ? page_str(goal) : json_null(),
		"status", !strcmp(status, "done") ? "Done" : !strcmp(status, "dropped") ? "Dropped" : "Open",
		"open", !strcmp(status, "open"));
}

static json_t *concern_json(req_t *r, const relp_t *rp, json_t *c, json_t *goals, const relform_t *f,
			    const btyped_t *t)
{
	json_int_t cid = json_integer_value(json_object_get(c, "id"));
	int64_t plan_idea = json_integer_value(json_object_get(c, "plan_idea_id"));
	json_t *ideas = json_array(), *actions = json_array(), *x;
	size_t i;
	json_array_foreach(json_object_get(c, "ideas"), i, x)
		json_array_append_new(ideas, idea_json(r, rp, x, plan_idea));
	json_array_foreach(json_object_get(c, "actions"), i, x)
		json_array_append_new(actions, action_json(r, rp, x, goals));
	const char *status = json_string_value(json_object_get(c, "status"));
	const char *w_idea = arena_printf(r->arena, "idea-%lld", (long long)cid);
	const char *w_plan = arena_printf(r->arena, "plan-%lld", (long long)cid);
	const char *w_action = arena_printf(r->arena, "action-%lld", (long long)cid);
	bool m_idea = f && f->which && !strcmp(f->which, w_idea), m_plan = f && f->which && !strcmp(f->which, w_plan);
	bool m_action = f && f->which && !strcmp(f->which, w_action);
	json_t *o = json_pack("{s:I, s:O, s:O, s:s, s:O, s:o, s:o, s:b, s:b}", "id", cid,
		"title", json_object_get(c, "title"), "detail", json_object_get(c, "detail"),
		"status", !strcmp(status, "resolved") ? "Resolved" : !strcmp(status, "planned") ? "Plan chosen" : "Open",
		"plan", json_object_get(c, "plan"), "ideas", ideas, "actions", actions,
		"resolved", !strcmp(status, "resolved"), "has_ideas", json_array_size(ideas) > 0);
	json_object_set_new(o, "f_idea", relp_field("text", arena_printf(r->arena, "f-idea-%lld", (long long)cid),
		"Your idea", m_idea ? t->a : "", NULL, f, w_idea));
	x = relp_field("plan", arena_printf(r->arena, "f-plan-%lld", (long long)cid), "The plan",
		       m_plan ? t->a : "", "What you will do, in a sentence or two.", f, w_plan);
	json_object_set_new(x, "rows", json_integer(2));
	json_object_set_new(o, "f_plan", x);
	json_object_set_new(o, "f_action_title", relp_field("title", arena_printf(r->arena, "f-action-title-%lld",
		(long long)cid), "Action", m_action ? t->a : "", NULL, f, w_action));
	x = relp_field("due_on", arena_printf(r->arena, "f-action-due-%lld", (long long)cid), "Due on",
		       m_action ? t->c : "", NULL, f, w_action);
	json_object_set_new(x, "type", json_string("date"));
	json_object_set_new(o, "f_action_due", x);
	json_object_set_new(o, "owner_options", owner_options(r, rp, m_action ? t->b : NULL));
	json_object_set_new(o, "goal_options", goal_options(goals, m_action ? t->d : NULL));
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

static void board_show(req_t *r, relp_t *rp, const btyped_t *typed, relform_t *f)
{
	static const btyped_t none = {"", "", "", ""};
	const btyped_t *t = typed ? typed : &none;
	const char *base = arena_printf(r->arena, "/api/v1/relationships/%lld", (long long)rp->id);
	json_t *concerns = relp_get_items(r, arena_printf(r->arena, "%s/concerns", base));
	json_t *wins = concerns ? relp_get_items(r, arena_printf(r->arena, "%s/wins", base)) : NULL;
	json_t *goals = wins ? relp_get_items(r, arena_printf(r->arena, "%s/goals", base)) : NULL;
	if (!goals) {
		json_decref(concerns);
		json_decref(wins);
		return;
	}
	json_t *ctx = relp_ctx(r, rp, "Cooperation board", "board"), *list = json_array(), *c, *w;
	size_t i;
	json_array_foreach(concerns, i, c) {
		api_result_t res;
		web_api(r, "GET", arena_printf(r->arena, "/api/v1/concerns/%lld",
			(long long)json_integer_value(json_object_get(c, "id"))), NULL, &res);
		if (res.status == 200)
			json_array_append_new(list, concern_json(r, rp, res.body, goals, f, t));
		api_result_free(&res);
	}
	json_object_set_new(ctx, "concerns", list);
	json_t *feed = json_array();
	json_array_foreach(wins, i, w)
		json_array_append_new(feed, json_pack("{s:O, s:o, s:o}", "text", json_object_get(w, "text"),
			"who", page_str(relp_who(r, rp, json_integer_value(json_object_get(w, "author_id")))),
			"when", page_str(relp_when(r, rp->tz, json_string_value(json_object_get(w, "created_at"))))));
	json_object_set_new(ctx, "wins", feed);
	bool mc = f && f->which && !strcmp(f->which, "concern"), mw = f && f->which && !strcmp(f->which, "win");
	json_t *fl = json_object(), *x;
	json_object_set_new(fl, "concern_title", relp_field("title", "f-concern-title", "Concern", mc ? t->a : "",
		"What is in the way? Name it first.", f, "concern"));
	x = relp_field("detail", "f-concern-detail", "Details", mc ? t->b : "", "Optional.", f, "concern");
	json_object_set_new(x, "rows", json_integer(2));
	json_object_set_new(fl, "concern_detail", x);
	json_object_set_new(fl, "win_text", relp_field("text", "f-win-text", "A win to celebrate", mw ? t->a : "",
		NULL, f, "win"));
	json_object_set_new(ctx, "f", fl);
	json_decref(concerns);
	json_decref(wins);
	json_decref(goals);
	page_label_t labels[8];
	board_labels(r, f, labels);
	relp_notice(r, ctx, bdone);
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, "rel_board", ctx);
}

static void board(req_t *r)
{
	relp_t rp;
	if (!relp_load(r, r->id[0], &rp))
		return;
	board_show(r, &rp, NULL, NULL);
	relp_free(&rp);
}

/* The relationship a board form is about: {id} of the path for the
 * relationship's own forms, else the "rel" field for the way back. */
static bool board_rel(req_t *r, bool from_path, relp_t *rp)
{
	int64_t id = r->id[0];
	if (!from_path && !page_parse_int(http_form(r, "rel"), 1, INT64_MAX, &id)) {
		web_error(r, 400, "This form is missing the relationship it belongs to. Please go back and try again.");
		return false;
	}
	return relp_load(r, id, rp);
}

/* Calls the API; redirects to the board on success, else shows it again. */
static void board_post(req_t *r, bool from_path, const char *method, const char *path, json_t *body,
		       const char *which, const char *done, const btyped_t *t)
{
	relp_t rp;
	relform_t f = {0};
	if (!board_rel(r, from_path, &rp)) {
		json_decref(body);
		return;
	}
	bool ok = relp_call(r, method, path, body, which, &f, NULL);
	json_decref(body);
	if (ok)
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/board?done=%s", (long long)rp.id, done));
	else
		board_show(r, &rp, t, &f);
	relp_free(&rp);
}

static void concern_add(req_t *r)
{
	verr_t e = {0};
	btyped_t t = {page_form_text(r, "title", 200, &e), page_form_text(r, "detail", 5000, &e), "", ""};
	json_t *body = json_object();
	relp_put_text(body, "title", t.a);
	relp_put_text(body, "detail", t.b);
	board_post(r, true, "POST", arena_printf(r->arena, "/api/v1/relationships/%lld/concerns", (long long)r->id[0]),
		   body, "concern", "concern", &t);
}

static void idea_add(req_t *r)
{
	verr_t e = {0};
	btyped_t t = {page_form_text(r, "text", 2000, &e), "", "", ""};
	json_t *body = json_object();
	relp_put_text(body, "text", t.a);
	board_post(r, false, "POST", arena_printf(r->arena, "/api/v1/concerns/%lld/ideas", (long long)r->id[0]),
		   body, arena_printf(r->arena, "idea-%lld", (long long)r->id[0]), "idea", &t);
}

static void idea_credit(req_t *r)
{
	verr_t e = {0};
	json_t *body = json_object();
	relp_put_number(body, "credited_to", page_form_text(r, "credited_to", 20, &e));
	board_post(r, false, "PATCH", arena_printf(r->arena, "/api/v1/ideas/%lld", (long long)r->id[0]),
		   body, "credit", "credit", NULL);
}

static void plan_set(req_t *r)
{
	verr_t e = {0};
	btyped_t t = {page_form_text(r, "plan", 5000, &e), page_form_text(r, "idea_id", 20, &e), "", ""};
	json_t *body = json_object();
	relp_put_text(body, "plan", t.a);
	relp_put_number(body, "idea_id", t.b);
	board_post(r, false, "POST", arena_printf(r->arena, "/api/v1/concerns/%lld/plan", (long long)r->id[0]),
		   body, arena_printf(r->arena, "plan-%lld", (long long)r->id[0]), "plan", &t);
}

static void concern_resolve(req_t *r)
{
	json_t *body = json_pack("{s:s}", "status", "resolved");
	board_post(r, false, "PATCH", arena_printf(r->arena, "/api/v1/concerns/%lld", (long long)r->id[0]),
		   body, "resolve", "resolved", NULL);
}

static void action_add(req_t *r)
{
	verr_t e = {0};
	btyped_t t = {page_form_text(r, "title", 300, &e), page_form_text(r, "owner_id", 20, &e),
		      page_form_text(r, "due_on", 10, &e), page_form_text(r, "goal_id", 20, &e)};
	json_t *body = json_object();
	relp_put_text(body, "title", t.a);
	relp_put_number(body, "owner_id", t.b);
	relp_put_text(body, "due_on", t.c);
	if (*t.d)
		relp_put_number(body, "goal_id", t.d);
	board_post(r, false, "POST", arena_printf(r->arena, "/api/v1/concerns/%lld/actions", (long long)r->id[0]),
		   body, arena_printf(r->arena, "action-%lld", (long long)r->id[0]), "action", &t);
}

static void action_status(req_t *r)
{
	verr_t e = {0};
	json_t *body = json_object();
	relp_put_text(body, "status", page_form_text(r, "status", 10, &e));
	board_post(r, false, "PATCH", arena_printf(r->arena, "/api/v1/actions/%lld", (long long)r->id[0]),
		   body, "action_status", "action_status", NULL);
}

static void win_add(req_t *r)
{
	verr_t e = {0};
	btyped_t t = {page_form_text(r, "text", 2000, &e), "", "", ""};
	json_t *body = json_object();
	relp_put_text(body, "text", t.a);
	board_post(r, true, "POST", arena_printf(r->arena, "/api/v1/relationships/%lld/wins", (long long)r->id[0]),
		   body, "win", "win", &t);
}

/* ---- streams: messages, check-ins, learning log ---- */

static const page_opt_t moods[] = {
	{"", "Choose 1 to 5"}, {"5", "5 – great"}, {"4", "4 – good"}, {"3", "3 – okay"},
	{"2", "2 – struggling"}, {"1", "1 – stuck"}, {NULL, NULL}};

typedef struct stream {
	const char *key, *title, *api, *tmpl, *done;
} stream_t;

static const stream_t streams[] = {
	{"messages", "Messages", "messages", "rel_messages", "Your message has been sent."},
	{"checkins", "Check-ins", "checkins", "rel_checkins", "Your check-in has been recorded."},
	{"learning", "Learning log", "learnings", "rel_learning", "Added to the learning log."},
};

static json_t *stream_item(req_t *r, const relp_t *rp, const stream_t *s, json_t *it)
{
	int64_t author = json_integer_value(json_object_get(it, "author_id"));
	json_t *o = json_pack("{s:o, s:b, s:o}", "who", page_str(relp_who(r, rp, author)),
		"mine", author == r->who.user_id,
		"when", page_str(relp_when(r, rp->tz, json_string_value(json_object_get(it, "created_at")))));
	if (!strcmp(s->key, "messages")) {
		json_object_set(o, "body", json_object_get(it, "body"));
	} else if (!strcmp(s->key, "checkins")) {
		json_object_set(o, "mood", json_object_get(it, "mood"));
		json_object_set(o, "note", json_object_get(it, "note"));
	} else {
		bool to_mentor = !strcmp(json_string_value(json_object_get(it, "direction")), "to_mentor");
		json_object_set(o, "text", json_object_get(it, "text"));
		json_object_set_new(o, "direction", page_str(to_mentor ?
			arena_printf(r->arena, "What %s (mentor) learned from %s", relp_name(rp, rp->mentor_id), relp_name(rp, rp->mentee_id)) :
			arena_printf(r->arena, "What %s (mentee) learned from %s", relp_name(rp, rp->mentee_id), relp_name(rp, rp->mentor_id))));
	}
	return o;
}

static void stream_show(req_t *r, relp_t *rp, const stream_t *s, const char **typed, relform_t *f)
{
	json_t *items = relp_get_items(r, arena_printf(r->arena, "/api/v1/relationships/%lld/%s",
						       (long long)rp->id, s->api));
	if (!items)
		return;
	json_t *ctx = relp_ctx(r, rp, s->title, s->key), *list = json_array(), *it;
	size_t i;
	json_array_foreach(items, i, it)
		json_array_append_new(list, stream_item(r, rp, s, it));
	json_decref(items);
	json_object_set_new(ctx, "items", list);
	const char *v[2] = {typed ? typed[0] : "", typed ? typed[1] : ""};
	const verr_t *errs = f && f->errs.n ? &f->errs : NULL;
	json_t *fl = json_object(), *x;
	static const page_label_t msg_labels[] = {{"body", "Message", NULL}, {"form", "Message", "f-body"}, {NULL, NULL, NULL}};
	static const page_label_t ci_labels[] = {{"mood", "Mood", NULL}, {"note", "Note", NULL}, {"form", "Check-in", "f-mood"}, {NULL, NULL, NULL}};
	static const page_label_t ln_labels[] = {{"text", "What was learned", NULL}, {"direction", "Who learned", NULL}, {"form", "Learning", "f-text"}, {NULL, NULL, NULL}};
	const page_label_t *labels = msg_labels;
	if (!strcmp(s->key, "messages")) {
		x = page_field("body", "Message", v[0], NULL, errs);
		json_object_set_new(x, "rows", json_integer(3));
		json_object_set_new(fl, "body", x);
	} else if (!strcmp(s->key, "checkins")) {
		labels = ci_labels;
		json_object_set_new(fl, "mood", page_select("mood", "How is the mentoring going for you?", moods, v[0], NULL, errs));
		json_object_set_new(fl, "note", page_field("note", "Note", v[1], "Optional: a sentence on why.", errs));
	} else {
		labels = ln_labels;
		const char *mine = rp->is_mentor ? "to_mentor" : "to_mentee";
		page_opt_t dirs[] = {
			{"to_mentor", arena_printf(r->arena, "What the mentor (%s) learned from the mentee", relp_name(rp, rp->mentor_id))},
			{"to_mentee", arena_printf(r->arena, "What the mentee (%s) learned from the mentor", relp_name(rp, rp->mentee_id))},
			{NULL, NULL}};
		json_object_set_new(fl, "direction", page_select("direction", "Who learned", dirs, *v[1] ? v[1] : mine, NULL, errs));
		x = page_field("text", "What was learned", v[0], "Give back: mentees teach their mentors too.", errs);
		json_object_set_new(x, "rows", json_integer(3));
		json_object_set_new(fl, "text", x);
	}
	json_object_set_new(ctx, "f", fl);
	const char *done = http_query(r, "done");
	if (done && !strcmp(done, "1"))
		json_object_set_new(ctx, "notice", page_str(s->done));
	relp_summary(ctx, f, labels);
	page_render(r, f && f->status ? f->status : 200, s->tmpl, ctx);
}

static const stream_t *stream_of(req_t *r)
{
	for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
		const char *suffix = arena_printf(r->arena, "/%s", streams[i].key);
		size_t n = strlen(r->path), m = strlen(suffix);
		if (n >= m && !strcmp(r->path + n - m, suffix))
			return &streams[i];
	}
	return &streams[0];
}

static void stream(req_t *r)
{
	relp_t rp;
	if (!relp_load(r, r->id[0], &rp))
		return;
	stream_show(r, &rp, stream_of(r), NULL, NULL);
	relp_free(&rp);
}

static void stream_add(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	const stream_t *s = stream_of(r);
	if (!relp_load(r, r->id[0], &rp))
		return;
	json_t *body = json_object();
	const char *v[2] = {"", ""};
	if (!strcmp(s->key, "messages")) {
		v[0] = page_form_text(r, "body", 10000, &f.errs);
		relp_put_text(body, "body", v[0]);
	} else if (!strcmp(s->key, "checkins")) {
		v[0] = page_form_text(r, "mood", 2, &f.errs);
		v[1] = page_form_text(r, "note", 2000, &f.errs);
		relp_put_number(body, "mood", v[0]);
		relp_put_text(body, "note", v[1]);
	} else {
		v[0] = page_form_text(r, "text", 5000, &f.errs);
		v[1] = page_form_text(r, "direction", 20, &f.errs);
		relp_put_text(body, "text", v[0]);
		relp_put_text(body, "direction", v[1]);
	}
	bool ok = !f.errs.n && relp_call(r, "POST", arena_printf(r->arena, "/api/v1/relationships/%lld/%s",
		(long long)rp.id, s->api), body, s->key, &f, NULL);
	json_decref(body);
	if (ok) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/%s?done=1", (long long)rp.id, s->key));
	} else {
		if (!f.status)
			f = (relform_t){.status = 422, .which = s->key, .errs = f.errs};
		stream_show(r, &rp, s, v, &f);
	}
	relp_free(&rp);
}

void web_rel_board_register(void)
{
	static const route_t routes[] = {
		{"GET", "/relationships/{id}/board", board, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/concerns", concern_add, ROUTE_WEB, NULL},
		{"POST", "/concerns/{id}/ideas", idea_add, ROUTE_WEB, NULL},
		{"POST", "/ideas/{id}/credit", idea_credit, ROUTE_WEB, NULL},
		{"POST", "/concerns/{id}/plan", plan_set, ROUTE_WEB, NULL},
		{"POST", "/concerns/{id}/resolve", concern_resolve, ROUTE_WEB, NULL},
		{"POST", "/concerns/{id}/actions", action_add, ROUTE_WEB, NULL},
		{"POST", "/actions/{id}/status", action_status, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/wins", win_add, ROUTE_WEB, NULL},
		{"GET", "/relationships/{id}/messages", stream, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/messages", stream_add, ROUTE_WEB, NULL},
		{"GET", "/relationships/{id}/checkins", stream, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/checkins", stream_add, ROUTE_WEB, NULL},
		{"GET", "/relationships/{id}/learning", stream, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/learning", stream_add, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
