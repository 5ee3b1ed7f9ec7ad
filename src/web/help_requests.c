/* Requests to a program's managers as pages ("Have more questions? Submit a
 * request"), usable without JavaScript: the list of one's own requests and,
 * for managers, the inbox of requests to answer; the form to ask (a
 * program, optionally one of one's relationships, optionally the guide it
 * comes from); and one request with its thread, the reply form and, for
 * those who answer it, "mark answered". Every rule is svc/help_request.c's:
 * who sees a request, who answers it, the mail. */
#include "web/page.h"
#include "web/page_types.h"
#include "core/timeutil.h"
#include "svc/help_request.h"

#include <string.h>

#define REQUESTS_PAGE 50

static const char *when(req_t *r, int64_t t)
{
	char s[32];
	time_format(t, s, sizeof(s));
	s[10] = '\0';
	return arena_strdup(r->arena, s);
}

static json_t *request_json(req_t *r, const HelpRequest_t *h)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:s, s:b, s:I, s:o, s:b}", "id", (json_int_t)h->id,
			 "subject", page_str(h->subject), "program", page_str(h->program_name),
			 "asker", page_str(h->asker.name), "status", !strcmp(h->status, "open") ? "Open" : "Answered",
			 "open", !strcmp(h->status, "open"), "replies", (json_int_t)h->replies,
			 "updated", page_str(when(r, h->updated_at)), "private", !h->relationship_id_null);
}

void page_help_requests(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageHelpRequests_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	bool answers = r->who.role >= ROLE_MANAGER;
	/* Managers land on what waits for them; everyone else on their own. */
	const char *box = in->has_box ? in->box : answers ? "inbox" : "asked";
	in_listHelpRequests_t q = {.has_box = true, .box = box, .has_status = in->has_status, .status = in->status,
				   .has_limit = true, .limit = REQUESTS_PAGE, .has_cursor = in->has_after,
				   .cursor = in->has_after ? arena_printf(r->arena, "%lld", (long long)in->after) : NULL};
	HelpRequestList_t l = {0};
	int st = svc_help_request_list(&s, &q, &l);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	bool inbox = !strcmp(box, "inbox");
	json_t *ctx = page_ctx(r, inbox ? "Requests to answer" : "Your requests", "guides"), *items = json_array();
	for (int i = 0; i < l.items.n; i++)
		json_array_append_new(items, request_json(r, &l.items.v[i]));
	json_object_set_new(ctx, "requests", items);
	json_object_set_new(ctx, "has_requests", json_boolean(l.items.n > 0));
	json_object_set_new(ctx, "inbox", json_boolean(inbox));
	json_object_set_new(ctx, "answers", json_boolean(answers));
	const char *status = in->has_status ? in->status : "";
	json_object_set_new(ctx, "status_all", json_boolean(!*status));
	json_object_set_new(ctx, "status_open", json_boolean(!strcmp(status, "open")));
	json_object_set_new(ctx, "status_answered", json_boolean(!strcmp(status, "answered")));
	json_object_set_new(ctx, "box", page_str(box));
	if (l.next)
		json_object_set_new(ctx, "next_url", page_str(arena_printf(r->arena, "/guides/requests?box=%s%s%s&after=%s",
			box, *status ? "&status=" : "", status, l.next)));
	int64_t waiting = 0;
	if (svc_help_request_waiting(&s, &waiting) == SVC_OK && waiting)
		json_object_set_new(ctx, "waiting", json_integer(waiting));
	page_render(r, 200, "guide_requests", ctx);
}

/* ---- asking ---- */

static const page_label_t ask_labels[] = {
	{"program_id", "Program", NULL}, {"relationship_id", "About a relationship", NULL},
	{"subject", "Subject", NULL}, {"body", "Your question", NULL}, {"article_id", "Guide", "f-subject"},
	{"form", "Your request", "f-subject"}, {NULL, NULL, NULL}};

/* The form, holding what was chosen and typed. */
static void ask_show(req_t *r, int status, int64_t program, int64_t rel, int64_t article, const char *subject,
		     const char *body, const verr_t *errs)
{
	svc_t s;
	page_svc(r, &s);
	help_choices_t c;
	int st = svc_help_request_choices(&s, &c);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Submit a request", "guides");
	if (!c.n_programs) {
		json_object_set_new(ctx, "no_programs", json_true());
		page_render(r, status, "guide_request_new", ctx);
		return;
	}
	page_opt_t *progs = arena_alloc(r->arena, sizeof(page_opt_t) * (size_t)(c.n_programs + 1));
	for (int i = 0; i < c.n_programs; i++)
		progs[i] = (page_opt_t){arena_printf(r->arena, "%lld", (long long)c.programs[i].id), c.programs[i].label};
	progs[c.n_programs] = (page_opt_t){NULL, NULL};
	page_opt_t *rels = arena_alloc(r->arena, sizeof(page_opt_t) * (size_t)(c.n_relationships + 2));
	rels[0] = (page_opt_t){"", "No, a general question"};
	for (int i = 0; i < c.n_relationships; i++)
		rels[i + 1] = (page_opt_t){arena_printf(r->arena, "%lld", (long long)c.relationships[i].id),
					   c.relationships[i].label};
	rels[c.n_relationships + 1] = (page_opt_t){NULL, NULL};
	json_t *f = json_object();
	json_object_set_new(f, "program_id", page_select("program_id", "Program", progs,
		program ? arena_printf(r->arena, "%lld", (long long)program) : progs[0].value,
		"Its managers get your request.", errs));
	if (c.n_relationships)
		json_object_set_new(f, "relationship_id", page_select("relationship_id", "About one of your relationships?",
			rels, rel ? arena_printf(r->arena, "%lld", (long long)rel) : "",
			"Then only you and the program's managers see it: the other person does not.", errs));
	json_t *x = page_field("subject", "Subject", subject, NULL, errs);
	json_object_set_new(x, "required", json_true());
	json_object_set_new(x, "maxlength", json_integer(200));
	json_object_set_new(f, "subject", x);
	x = page_field("body", "Your question", body, "The managers answer here and you get an email.", errs);
	json_object_set_new(x, "rows", json_integer(8));
	json_object_set_new(x, "maxlength", json_integer(5000));
	json_object_set_new(f, "body", x);
	json_object_set_new(ctx, "f", f);
	if (article) {
		Article_t a;
		if (svc_article_get(&s, &(in_getArticle_t){.id = article}, &a) == SVC_OK)
			json_object_set_new(ctx, "article", json_pack("{s:I, s:o}", "id", (json_int_t)a.id, "title",
								      page_str(a.title)));
	}
	page_error_summary(ctx, errs, ask_labels);
	page_render(r, status, "guide_request_new", ctx);
}

void page_help_request_new(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageHelpRequestNew_t *in = in_;
	ask_show(r, 200, in->has_program ? in->program : 0, in->has_relationship ? in->relationship : 0,
		 in->has_article ? in->article : 0, "", "", NULL);
}

void page_help_request_create(req_t *r, const void *in_, const verr_t *form_errs)
{
	const HelpRequestCreate_t *b = &((const in_pageHelpRequestCreate_t *)in_)->body;
	verr_t errs = *form_errs;
	if (!errs.n) {
		svc_t s;
		page_svc(r, &s);
		HelpRequest_t made;
		int st = svc_help_request_create(&s, &(in_createHelpRequest_t){.body = *b}, &made);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/guides/requests/%lld?done=asked", (long long)made.id));
			return;
		}
		if (st != SVC_INVALID) {
			page_refuse(r, &s, st);
			return;
		}
		page_add_errors(&errs, &s);
	}
	ask_show(r, 422, b->program_id, b->has_relationship_id ? b->relationship_id : 0,
		 b->has_article_id ? b->article_id : 0, page_raw(r, "subject"), page_raw(r, "body"), &errs);
}

/* ---- one request ---- */

static const char *const done_text[] = {
	"asked", "Your request has been sent to the program's managers. You will get an email when they answer.",
	"replied", "Your reply has been sent.", "answered", "The request is marked answered; the asker has been told.",
	NULL};

static void request_show(req_t *r, int64_t id, int status, const char *typed, const verr_t *errs)
{
	svc_t s;
	page_svc(r, &s);
	HelpRequest_t h;
	int st = svc_help_request_get(&s, &(in_getHelpRequest_t){.id = id}, &h);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, h.subject, "guides"), *thread = json_array();
	for (int i = 0; i < h.thread.n; i++) {
		const HelpReply_t *x = &h.thread.v[i];
		json_array_append_new(thread, json_pack("{s:I, s:o, s:o, s:o, s:b}", "id", (json_int_t)x->id,
			"author", page_str(x->author_null ? "A former user" : x->author.name), "body", page_str(x->body),
			"day", page_str(when(r, x->created_at)), "manager", x->from_manager));
	}
	json_t *o = request_json(r, &h);
	json_object_set_new(o, "body", page_str(h.body));
	json_object_set_new(o, "asked", page_str(when(r, h.created_at)));
	json_object_set_new(o, "mine", json_boolean(h.asker.id == r->who.user_id));
	if (!h.article_null)
		json_object_set_new(o, "article", json_pack("{s:I, s:o}", "id", (json_int_t)h.article.id, "title",
							    page_str(h.article.title)));
	if (!h.relationship_id_null)
		json_object_set_new(o, "relationship_id", json_integer(h.relationship_id));
	json_object_set_new(ctx, "request", o);
	json_object_set_new(ctx, "thread", thread);
	json_object_set_new(ctx, "can_answer", json_boolean(h.can_answer));
	json_t *f = page_field("body", "Your reply", typed ? typed : "", NULL, errs);
	json_object_set_new(f, "rows", json_integer(5));
	json_object_set_new(f, "maxlength", json_integer(5000));
	json_object_set_new(ctx, "f_body", f);
	const char *done = http_query(r, "done");
	for (int i = 0; done && done_text[i]; i += 2)
		if (!strcmp(done, done_text[i]))
			json_object_set_new(ctx, "notice", page_str(done_text[i + 1]));
	static const page_label_t labels[] = {{"body", "Your reply", NULL}, {"form", "Your reply", "f-body"},
					      {NULL, NULL, NULL}};
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "guide_request", ctx);
}

void page_help_request(req_t *r, const void *in_, const verr_t *errs)
{
	request_show(r, ((const in_pageHelpRequest_t *)in_)->id, 200, NULL, NULL);
}

void page_help_request_reply(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageHelpRequestReply_t *in = in_;
	verr_t errs = *form_errs;
	if (!errs.n) {
		svc_t s;
		page_svc(r, &s);
		HelpRequest_t h;
		int st = svc_help_request_reply(&s, &(in_replyHelpRequest_t){.id = in->id, .body = in->body}, &h);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/guides/requests/%lld?done=%s#thread-title", (long long)in->id,
						      in->body.has_mark_answered && in->body.mark_answered ? "answered" : "replied"));
			return;
		}
		if (st != SVC_INVALID) {
			page_refuse(r, &s, st);
			return;
		}
		page_add_errors(&errs, &s);
	}
	request_show(r, in->id, 422, page_raw(r, "body"), &errs);
}

void page_help_request_answered(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageHelpRequestAnswered_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	HelpRequest_t h;
	int st = svc_help_request_answered(&s, &(in_answerHelpRequest_t){.id = in->id}, &h);
	if (st)
		page_refuse(r, &s, st);
	else
		resp_redirect(r, arena_printf(r->arena, "/guides/requests/%lld?done=answered", (long long)in->id));
}
