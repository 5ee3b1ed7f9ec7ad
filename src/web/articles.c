/* The guidance library as pages, all usable without JavaScript: the
 * library (search, the guides of each phase, filters, editors' drafts and
 * archive), one article (the guide in safe Markdown, related articles, a
 * share link, "Was this article helpful?" with its tally and, after a no,
 * what was missing, "Have more questions? Submit a request", comments that
 * an editor can close or moderate), the editor's form for a new or changed
 * article, an article's history, and the table of articles by helpfulness.
 * Every rule is the services' (svc/article.c, svc/article_feedback.c); the
 * forms are the API's own shapes (ArticleCreate, ArticlePatch, VoteCreate,
 * ArticleCommentCreate) read and checked at the edge. Also the two links
 * other pages take from the library (articles.h). */
#include "web/articles.h"
#include "web/page.h"
#include "web/page_types.h"
#include "core/buf.h"
#include "core/health.h"
#include "core/timeutil.h"
#include "svc/article.h"
#include "svc/help_request.h"

#include <stdlib.h>
#include <string.h>

#define LIST_PAGE 100

static const page_opt_t phase_opts[] = {
	{"getting_to_know", "Getting to know each other"}, {"goal_setting", "Goal setting"},
	{"working", "Working together"}, {"closing", "Closing"}, {"completed", "Completed"},
	{"alumni", "Alumni"}, {NULL, NULL}};
static const page_opt_t audience_opts[] = {
	{"mentor", "Mentors"}, {"mentee", "Mentees"}, {"manager", "Program managers"}, {NULL, NULL}};
static const page_opt_t status_opts[] = {
	{"published", "Published"}, {"draft", "Drafts"}, {"archived", "Archived"}, {"all", "Every status"},
	{NULL, NULL}};

static const char *label_in(const page_opt_t *opts, const char *value)
{
	for (const page_opt_t *o = opts; o->value; o++)
		if (!strcmp(o->value, value))
			return o->label;
	return value;
}

static const char *flag_label(const char *code)
{
	for (int c = 0; c < HF_COUNT; c++)
		if (!strcmp(health_flag_name((health_flag_code_t)c), code))
			return health_flag_title((health_flag_code_t)c);
	return code;
}

/* "2026-11-24" of an instant. */
static const char *day_of(req_t *r, int64_t t)
{
	char s[32];
	time_format(t, s, sizeof(s));
	s[10] = '\0';
	return arena_strdup(r->arena, s);
}

static json_t *labels(const strlist_t *l, const page_opt_t *opts)
{
	json_t *arr = json_array();
	for (int i = 0; i < l->n; i++)
		json_array_append_new(arr, page_str(opts ? label_in(opts, l->v[i]) : flag_label(l->v[i])));
	return arr;
}

static const char *status_label(const char *status)
{
	return !strcmp(status, "draft") ? "Draft" : !strcmp(status, "archived") ? "Archived" : "Published";
}

/* "For mentors and mentees" from the audiences. */
static const char *audience_text(req_t *r, const strlist_t *l)
{
	static const char *const words[] = {"mentor", "mentors", "mentee", "mentees", "manager", "program managers"};
	buf_t b = BUF_INIT;
	for (int i = 0; i < l->n; i++)
		for (size_t k = 0; k < 6; k += 2)
			if (!strcmp(l->v[i], words[k]))
				buf_printf(&b, "%s%s", i == 0 ? "For " : i == l->n - 1 ? " and " : ", ", words[k + 1]);
	const char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static json_t *item_json(req_t *r, const Article_t *a)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:b, s:o, s:o}", "id", (json_int_t)a->id,
			 "title", page_str(a->title), "summary", page_str(a->summary),
			 "phases", labels(&a->phases, phase_opts), "audience", page_str(audience_text(r, &a->audiences)),
			 "status", status_label(a->status), "unpublished", strcmp(a->status, "published") != 0,
			 "helpful", page_str(a->helpful.text), "votes", json_integer(a->helpful.votes));
}

/* ---- the library ---- */

/* The articles of a page grouped by phase, for the library without filters. */
static json_t *by_phase(req_t *r, const ArticleList_t *l)
{
	json_t *groups = json_array();
	for (int p = 0; phase_opts[p].value; p++) {
		json_t *items = json_array();
		for (int i = 0; i < l->items.n; i++)
			for (int k = 0; k < l->items.v[i].phases.n; k++)
				if (!strcmp(l->items.v[i].phases.v[k], phase_opts[p].value))
					json_array_append_new(items, item_json(r, &l->items.v[i]));
		if (json_array_size(items))
			json_array_append_new(groups, json_pack("{s:s, s:s, s:o}", "key", phase_opts[p].value,
								"label", phase_opts[p].label, "articles", items));
		else
			json_decref(items);
	}
	json_t *rest = json_array();
	for (int i = 0; i < l->items.n; i++)
		if (!l->items.v[i].phases.n)
			json_array_append_new(rest, item_json(r, &l->items.v[i]));
	if (json_array_size(rest))
		json_array_append_new(groups, json_pack("{s:s, s:s, s:o}", "key", "other", "label", "Other guides",
							"articles", rest));
	else
		json_decref(rest);
	return groups;
}

/* Where the library points people who still have a question, and, for
 * managers, how many requests wait for them. */
static void requests_ctx(req_t *r, svc_t *s, json_t *ctx)
{
	int64_t waiting = 0;
	if (svc_help_request_waiting(s, &waiting) == SVC_OK && waiting)
		json_object_set_new(ctx, "waiting", json_integer(waiting));
}

void page_guides(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuides_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	bool editor = svc_article_editor(&s);
	in_listArticles_t q = {.has_q = in->has_q, .q = in->q, .has_phase = in->has_phase, .phase = in->phase,
			       .has_audience = in->has_audience, .audience = in->audience,
			       .has_status = in->has_status && editor, .status = in->status,
			       .has_limit = true, .limit = LIST_PAGE, .has_cursor = in->has_after,
			       .cursor = in->has_after ? arena_printf(r->arena, "%lld", (long long)in->after) : NULL};
	ArticleList_t list = {0};
	int st = svc_article_list(&s, &q, &list);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	bool searching = in->has_q && *in->q, filtered = searching || in->has_phase || in->has_audience ||
							  (q.has_status && strcmp(in->status, "published"));
	json_t *ctx = page_ctx(r, searching ? "Search the guides" : "Guides", "guides");
	json_object_set_new(ctx, "q", page_str(in->has_q ? in->q : ""));
	static const page_opt_t any_phase[] = {{"", "Every phase"}, {NULL, NULL}};
	page_opt_t phases[8], audiences[5];
	phases[0] = any_phase[0];
	memcpy(phases + 1, phase_opts, sizeof(phase_opts));
	audiences[0] = (page_opt_t){"", "Everyone"};
	memcpy(audiences + 1, audience_opts, sizeof(audience_opts));
	json_object_set_new(ctx, "f_phase", page_select("phase", "Phase", phases, in->has_phase ? in->phase : "", NULL, NULL));
	json_object_set_new(ctx, "f_audience", page_select("audience", "For", audiences,
							   in->has_audience ? in->audience : "", NULL, NULL));
	if (editor)
		json_object_set_new(ctx, "f_status", page_select("status", "Status", status_opts,
								 q.has_status ? in->status : "published", NULL, NULL));
	json_t *items = json_array();
	for (int i = 0; i < list.items.n; i++)
		json_array_append_new(items, item_json(r, &list.items.v[i]));
	json_object_set_new(ctx, "articles", items);
	json_object_set_new(ctx, "count", json_integer(list.items.n));
	json_object_set_new(ctx, "one", json_boolean(list.items.n == 1));
	json_object_set_new(ctx, "searching", json_boolean(searching));
	json_object_set_new(ctx, "filtered", json_boolean(filtered));
	if (!filtered)
		json_object_set_new(ctx, "groups", by_phase(r, &list));
	json_object_set_new(ctx, "editor", json_boolean(editor));
	if (list.next) {
		buf_t b = BUF_INIT;
		buf_printf(&b, "/guides?after=%s", list.next);
		for (const char *k = "phase"; k; k = !strcmp(k, "phase") ? "audience" : !strcmp(k, "audience") ? "status" : NULL) {
			const char *v = http_query(r, k);
			if (v && *v && strspn(v, "abcdefghijklmnopqrstuvwxyz_") == strlen(v))
				buf_printf(&b, "&%s=%s", k, v);
		}
		json_object_set_new(ctx, "next_url", page_str(buf_cstr(&b)));
		buf_free(&b);
	}
	requests_ctx(r, &s, ctx);
	page_render(r, 200, "guides", ctx);
}

/* ---- one article ---- */

static const char *const done_text[] = {
	"created", "The article has been saved.", "saved", "Your changes have been saved as a new version.",
	"unchanged", "Nothing changed, so no new version was made.",
	"published", "The article is published: everyone signed in can read it.",
	"archived", "The article is archived: only administrators and managers see it now.",
	"closed", "The article is closed for comments.", "opened", "The article is open for comments again.",
	"voted", "Thank you for your feedback.", "missing", "Thank you: the editors will read what was missing.",
	"commented", "Your comment has been posted.", "hidden", "The comment is hidden from readers.",
	"shown", "The comment is visible again.", "deleted", "The comment has been deleted.", NULL};

/* Percent-encoding for a mailto: link's subject and body. */
static void put_encoded(buf_t *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-_.~", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

static const char *mailto(req_t *r, const Article_t *a)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "mailto:?subject=");
	put_encoded(&b, a->title);
	buf_puts(&b, "&body=");
	put_encoded(&b, arena_printf(r->arena, "%s\n\n%s\n", a->summary, a->share_url));
	const char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

#define COMMENTS_PAGE 100

/* A page of the article's comments after comment `after` (0: the first);
 * *next is the link to the following page or NULL. */
static json_t *comments_json(req_t *r, svc_t *s, int64_t id, int64_t after, bool *closed, const char **next)
{
	json_t *arr = json_array();
	in_listArticleComments_t q = {.id = id, .has_limit = true, .limit = COMMENTS_PAGE, .has_cursor = after > 0,
				      .cursor = arena_printf(r->arena, "%lld", (long long)after)};
	ArticleCommentList_t l = {0};
	*closed = false;
	*next = NULL;
	if (svc_article_comments(s, &q, &l) != SVC_OK)
		return arr;
	*closed = l.closed;
	if (l.next)
		*next = arena_printf(r->arena, "/guides/%lld?comments_after=%s#comments-title", (long long)id, l.next);
	for (int i = 0; i < l.items.n; i++) {
		const ArticleComment_t *c = &l.items.v[i];
		json_array_append_new(arr, json_pack("{s:I, s:o, s:o, s:o, s:b, s:b, s:b}", "id", (json_int_t)c->id,
			"author", page_str(c->author_null ? "A former user" : c->author.name),
			"day", page_str(day_of(r, c->created_at)), "body", page_str(c->body), "hidden", c->hidden,
			"can_delete", c->can_delete, "can_moderate", svc_article_editor(s)));
	}
	return arr;
}

/* The article page; f_comment holds what was typed into the comment form
 * and its problems after a refusal (status 422), missing likewise. */
static void guide_show(req_t *r, int64_t id, int64_t comments_after, int status, const char *typed_comment,
		       const char *typed_missing, const verr_t *errs, const char *alert)
{
	svc_t s;
	page_svc(r, &s);
	Article_t a;
	int st = svc_article_get(&s, &(in_getArticle_t){.id = id}, &a);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	bool editor = svc_article_editor(&s), closed;
	json_t *ctx = page_ctx(r, a.title, "guides"), *related = json_array();
	for (int i = 0; i < a.related.n; i++)
		json_array_append_new(related, json_pack("{s:I, s:o}", "id", (json_int_t)a.related.v[i].id,
							 "title", page_str(a.related.v[i].title)));
	json_t *art = json_pack("{s:I, s:o, s:o, s:o, s:s, s:b, s:b, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)a.id, "title", page_str(a.title), "summary", page_str(a.summary),
		"body", page_str(a.body), "status", status_label(a.status), "published", !strcmp(a.status, "published"),
		"archived", !strcmp(a.status, "archived"), "version", (json_int_t)a.version,
		"phases", labels(&a.phases, phase_opts), "audience", page_str(audience_text(r, &a.audiences)),
		"flags", labels(&a.flags, NULL), "updated", page_str(day_of(r, a.updated_at)),
		"related", related, "share_url", page_str(a.share_url), "mailto", page_str(mailto(r, &a)));
	json_object_set_new(art, "has_phases", json_boolean(a.phases.n > 0));
	json_object_set_new(art, "has_flags", json_boolean(a.flags.n > 0));
	json_object_set_new(art, "one_flag", json_boolean(a.flags.n == 1));
	json_object_set_new(art, "has_related", json_boolean(a.related.n > 0));
	json_object_set_new(ctx, "article", art);
	json_object_set_new(ctx, "editor", json_boolean(editor));
	const char *more = NULL;
	json_object_set_new(ctx, "comments", comments_json(r, &s, a.id, comments_after, &closed, &more));
	if (more)
		json_object_set_new(ctx, "more_comments", page_str(more));
	json_object_set_new(ctx, "comments_closed", json_boolean(closed));
	json_object_set_new(ctx, "comment_count", json_integer(a.comment_count));
	/* "Was this article helpful?" and, after a no, what was missing. */
	ArticleVotes_t v = {0};
	if (svc_article_votes(&s, &(in_getArticleVotes_t){.id = a.id}, &v) == SVC_OK) {
		json_object_set_new(ctx, "tally", page_str(v.helpful.text));
		json_object_set_new(ctx, "voted_yes", json_boolean(!v.my_vote_null && v.my_vote));
		json_object_set_new(ctx, "voted_no", json_boolean(!v.my_vote_null && !v.my_vote));
		json_t *missing = json_array();
		for (int i = 0; i < v.missing.n; i++)
			json_array_append_new(missing, json_pack("{s:o, s:o}", "text", page_str(v.missing.v[i].text),
								 "day", page_str(day_of(r, v.missing.v[i].at))));
		json_object_set_new(ctx, "missing", missing);
		json_object_set_new(ctx, "has_missing", json_boolean(v.missing.n > 0));
		json_t *fm = page_field("missing", "What was missing?", typed_missing ? typed_missing : v.my_missing,
					"Optional. The editors read it; your name is not shown with it.", errs);
		json_object_set_new(fm, "rows", json_integer(3));
		json_object_set_new(fm, "maxlength", json_integer(2000));
		json_object_set_new(ctx, "f_missing", fm);
	}
	json_t *fc = page_field("body", "Your comment", typed_comment ? typed_comment : "",
				"Markdown works: **bold**, lists, links.", errs);
	json_object_set_new(fc, "rows", json_integer(4));
	json_object_set_new(fc, "maxlength", json_integer(5000));
	json_object_set_new(ctx, "f_comment", fc);
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	const char *done = http_query(r, "done");
	for (int i = 0; done && done_text[i]; i += 2)
		if (!strcmp(done, done_text[i]))
			json_object_set_new(ctx, "notice", page_str(done_text[i + 1]));
	static const page_label_t labels_[] = {{"body", "Your comment", "f-body"},
					       {"missing", "What was missing?", "f-missing"},
					       {"helpful", "Was this article helpful?", "helpful-title"}, {NULL, NULL, NULL}};
	page_error_summary(ctx, errs, labels_);
	page_render(r, status, "guide", ctx);
}

void page_guide(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuide_t *in = in_;
	guide_show(r, in->id, in->has_comments_after ? in->comments_after : 0, 200, NULL, NULL, NULL, NULL);
}

static void back_to(req_t *r, int64_t id, const char *done, const char *anchor)
{
	resp_redirect(r, arena_printf(r->arena, "/guides/%lld?done=%s%s%s", (long long)id, done, anchor ? "#" : "",
				      anchor ? anchor : ""));
}

void page_guide_vote(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuideVote_t *in = in_;
	if (errs->n) {
		guide_show(r, in->id, 0, 422, NULL, page_raw(r, "missing"), errs, NULL);
		return;
	}
	svc_t s;
	page_svc(r, &s);
	ArticleVotes_t v;
	int st = svc_article_vote(&s, &(in_voteArticle_t){.id = in->id, .body = in->body}, &v);
	if (st == SVC_CONFLICT) {
		guide_show(r, in->id, 0, 409, NULL, NULL, NULL, s.err.message);
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	/* A no opens "what was missing?"; sending that says thanks. */
	back_to(r, in->id, in->body.has_missing && !in->body.helpful ? "missing" : "voted", "helpful-title");
}

void page_guide_comment(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuideComment_t *in = in_;
	verr_t e = *errs;
	if (!e.n) {
		svc_t s;
		page_svc(r, &s);
		ArticleComment_t c;
		int st = svc_article_comment_add(&s, &(in_addArticleComment_t){.id = in->id, .body = in->body}, &c);
		if (st == SVC_OK) {
			back_to(r, in->id, "commented", arena_printf(r->arena, "comment-%lld", (long long)c.id));
			return;
		}
		if (st == SVC_CONFLICT) {
			guide_show(r, in->id, 0, 409, page_raw(r, "body"), NULL, NULL, s.err.message);
			return;
		}
		if (st != SVC_INVALID) {
			page_refuse(r, &s, st);
			return;
		}
		page_add_errors(&e, &s);
	}
	guide_show(r, in->id, 0, 422, page_raw(r, "body"), NULL, &e, NULL);
}

void page_guide_comment_moderate(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuideCommentModerate_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	const char *action = in->body.action;
	int st;
	if (!strcmp(action, "delete")) {
		ArticleCommentDeleted_t gone;
		st = svc_article_comment_delete(&s, &(in_deleteArticleComment_t){.id = in->comment}, &gone);
		if (st == SVC_OK) {
			back_to(r, in->id, "deleted", "comments-title");
			return;
		}
	} else {
		bool hide = !strcmp(action, "hide");
		ArticleComment_t c;
		st = svc_article_comment_moderate(&s, &(in_moderateArticleComment_t){.id = in->comment, .body = {hide}}, &c);
		if (st == SVC_OK) {
			back_to(r, c.article_id, hide ? "hidden" : "shown", arena_printf(r->arena, "comment-%lld", (long long)c.id));
			return;
		}
	}
	page_refuse(r, &s, st);
}

/* ---- editors ---- */

static bool editor_only(req_t *r, svc_t *s)
{
	if (svc_article_editor(s))
		return true;
	web_error(r, 403, "Only administrators and managers write and edit articles.");
	return false;
}

static json_t *checks(const char *name, const page_opt_t *opts, const strlist_t *on)
{
	json_t *arr = json_array();
	for (const page_opt_t *o = opts; o->value; o++) {
		bool checked = false;
		for (int i = 0; i < on->n; i++)
			checked |= !strcmp(on->v[i], o->value);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b}", "id", o->value, "name", name,
						     "label", o->label, "checked", checked));
	}
	return arr;
}

static const page_opt_t *flag_opts(req_t *r)
{
	page_opt_t *o = arena_alloc(r->arena, sizeof(page_opt_t) * (HF_COUNT + 1));
	for (int c = 0; c < HF_COUNT; c++)
		o[c] = (page_opt_t){health_flag_name((health_flag_code_t)c), health_flag_title((health_flag_code_t)c)};
	o[HF_COUNT] = (page_opt_t){NULL, NULL};
	return o;
}

/* The values typed for a list field (checkboxes, a multiple select). */
static strlist_t typed_list(req_t *r, const char *name)
{
	const char **vals = NULL;
	int n = http_form_all(r, name, &vals);
	return (strlist_t){vals, n > 0 ? n : 0};
}

typedef struct guide_form {
	const char *title, *summary, *body, *note;
	strlist_t phases, audiences, flags, related;
} guide_form_t;

static const page_label_t form_labels[] = {
	{"title", "Title", NULL}, {"summary", "Summary", NULL}, {"body", "The guide", NULL},
	{"phases", "Phases", "f-phases-getting_to_know"}, {"audiences", "Written for", "f-audiences-mentor"},
	{"flags", "Missteps it explains", "f-flags-gone_quiet"}, {"related", "Related articles", NULL},
	{"note", "What changed", NULL}, {"form", "The article", "f-title"}, {NULL, NULL, NULL}};

/* The form of a new article (id 0) or of article id, holding v. */
static void form_show(req_t *r, svc_t *s, int64_t id, int status, const guide_form_t *v, const verr_t *errs)
{
	json_t *ctx = page_ctx(r, id ? "Edit the article" : "New article", "guides"), *f = json_object();
	json_t *x = page_field("title", "Title", v->title, NULL, errs);
	json_object_set_new(x, "required", json_true());
	json_object_set_new(x, "maxlength", json_integer(200));
	json_object_set_new(f, "title", x);
	x = page_field("summary", "Summary", v->summary, "One or two sentences, shown in lists and search results.", errs);
	json_object_set_new(x, "maxlength", json_integer(500));
	json_object_set_new(f, "summary", x);
	x = page_field("body", "The guide", v->body,
		       "Markdown: # and ## for headings, **bold**, - for lists, [text](https://…) for links. "
		       "HTML is not shown.", errs);
	json_object_set_new(x, "rows", json_integer(22));
	json_object_set_new(f, "body", x);
	x = page_field("note", "What changed", v->note, id ? "Optional, kept with the version in the history."
								: "Optional, kept with the first version.", errs);
	json_object_set_new(x, "maxlength", json_integer(200));
	json_object_set_new(f, "note", x);
	json_object_set_new(ctx, "f", f);
	json_object_set_new(ctx, "phases", checks("phases", phase_opts, &v->phases));
	json_object_set_new(ctx, "audiences", checks("audiences", audience_opts, &v->audiences));
	json_object_set_new(ctx, "flags", checks("flags", flag_opts(r), &v->flags));
	/* Related: every other article the editor may choose, in a list box. */
	row_article_ref_t *refs;
	int n = 0;
	json_t *rel = json_array();
	if (svc_article_refs(s, &refs, &n) == SVC_OK)
		for (int i = 0; i < n; i++) {
			if (refs[i].id == id)
				continue;
			bool on = false;
			for (int k = 0; k < v->related.n; k++)
				on |= strtoll(v->related.v[k], NULL, 10) == refs[i].id;
			json_array_append_new(rel, json_pack("{s:I, s:o, s:b, s:b}", "id", (json_int_t)refs[i].id,
				"title", page_str(refs[i].title), "selected", on, "archived",
				!strcmp(refs[i].status, "archived")));
		}
	json_object_set_new(ctx, "related", rel);
	json_object_set_new(ctx, "related_size", json_integer(n < 8 ? (n > 2 ? n : 3) : 8));
	json_object_set_new(ctx, "related_error", page_str(NULL));
	for (int i = 0; errs && i < errs->n; i++)
		if (!strcmp(errs->e[i].field, "related"))
			json_object_set_new(ctx, "related_error", page_str(errs->e[i].msg));
	if (id) {
		json_object_set_new(ctx, "id", json_integer(id));
		json_object_set_new(ctx, "action", page_str(arena_printf(r->arena, "/guides/%lld", (long long)id)));
	} else {
		json_object_set_new(ctx, "action", page_str("/guides"));
	}
	page_error_summary(ctx, errs, form_labels);
	page_render(r, status, "guide_form", ctx);
}

static guide_form_t typed_form(req_t *r)
{
	return (guide_form_t){page_raw(r, "title"), page_raw(r, "summary"), page_raw(r, "body"), page_raw(r, "note"),
			      typed_list(r, "phases"), typed_list(r, "audiences"), typed_list(r, "flags"),
			      typed_list(r, "related")};
}

void page_guide_new(req_t *r, const void *in, const verr_t *errs)
{
	svc_t s;
	page_svc(r, &s);
	if (!editor_only(r, &s))
		return;
	static const char *all[] = {"mentor", "mentee", "manager"};
	guide_form_t v = {"", "", "", "", .audiences = {all, 3}};
	form_show(r, &s, 0, 200, &v, NULL);
}

void page_guide_create(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageGuideCreate_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	if (!editor_only(r, &s))
		return;
	verr_t errs = *form_errs;
	if (!errs.n) {
		/* Checkboxes left empty mean none, not the API's defaults. */
		ArticleCreate_t b = in->body;
		b.has_phases = b.has_audiences = b.has_flags = b.has_related = true;
		Article_t made;
		int st = svc_article_create(&s, &(in_createArticle_t){.body = b}, &made);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/guides/%lld?done=%s", (long long)made.id,
						      !strcmp(made.status, "published") ? "published" : "created"));
			return;
		}
		if (st != SVC_INVALID) {
			page_refuse(r, &s, st);
			return;
		}
		page_add_errors(&errs, &s);
	}
	guide_form_t v = typed_form(r);
	form_show(r, &s, 0, 422, &v, &errs);
}

void page_guide_edit(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuideEdit_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	Article_t a;
	int st = svc_article_get(&s, &(in_getArticle_t){.id = in->id}, &a);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	if (!editor_only(r, &s))
		return;
	guide_form_t v = {a.title, a.summary, a.body, "", a.phases, a.audiences, a.flags,
			  {arena_alloc(r->arena, sizeof(char *) * (size_t)(a.related.n + 1)), a.related.n}};
	for (int i = 0; i < a.related.n; i++)
		v.related.v[i] = arena_printf(r->arena, "%lld", (long long)a.related.v[i].id);
	form_show(r, &s, a.id, 200, &v, NULL);
}

void page_guide_update(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageGuideUpdate_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	verr_t errs = *form_errs;
	if (!errs.n) {
		ArticlePatch_t b = in->body;
		/* The whole form is sent: every field is the article as it should be. */
		b.has_title = b.has_summary = b.has_body = true;
		b.summary = b.summary ? b.summary : "";
		b.has_phases = b.has_audiences = b.has_flags = b.has_related = true;
		b.has_comments_closed = false;
		Article_t before, after;
		int st = svc_article_get(&s, &(in_getArticle_t){.id = in->id}, &before);
		if (st == SVC_OK)
			st = svc_article_update(&s, &(in_updateArticle_t){.id = in->id, .body = b}, &after);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/guides/%lld?done=%s", (long long)in->id,
						      after.version > before.version ? "saved" : "unchanged"));
			return;
		}
		if (st != SVC_INVALID) {
			page_refuse(r, &s, st);
			return;
		}
		page_add_errors(&errs, &s);
	} else {
		/* Problems with the form: still only for those who may edit it. */
		Article_t a;
		int st = svc_article_get(&s, &(in_getArticle_t){.id = in->id}, &a);
		if (st) {
			page_refuse(r, &s, st);
			return;
		}
		if (!editor_only(r, &s))
			return;
	}
	guide_form_t v = typed_form(r);
	form_show(r, &s, in->id, 422, &v, &errs);
}

static void set_status(req_t *r, int64_t id, bool publish)
{
	svc_t s;
	page_svc(r, &s);
	Article_t a;
	int st = publish ? svc_article_publish(&s, &(in_publishArticle_t){.id = id}, &a)
			 : svc_article_archive(&s, &(in_archiveArticle_t){.id = id}, &a);
	if (st)
		page_refuse(r, &s, st);
	else
		back_to(r, id, publish ? "published" : "archived", NULL);
}

void page_guide_publish(req_t *r, const void *in_, const verr_t *errs)
{
	set_status(r, ((const in_pageGuidePublish_t *)in_)->id, true);
}

void page_guide_archive(req_t *r, const void *in_, const verr_t *errs)
{
	set_status(r, ((const in_pageGuideArchive_t *)in_)->id, false);
}

void page_guide_comment_setting(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuideCommentSetting_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	Article_t a;
	in_updateArticle_t u = {.id = in->id, .body = {.has_comments_closed = true, .comments_closed = in->body.closed}};
	int st = svc_article_update(&s, &u, &a);
	if (st)
		page_refuse(r, &s, st);
	else
		back_to(r, in->id, in->body.closed ? "closed" : "opened", "comments-title");
}

void page_guide_history(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuideHistory_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	Article_t a;
	ArticleVersionList_t l = {0};
	int st = svc_article_get(&s, &(in_getArticle_t){.id = in->id}, &a);
	if (st == SVC_OK)
		st = svc_article_versions(&s, &(in_listArticleVersions_t){.id = in->id}, &l);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "History of %s", a.title), "guides"), *vs = json_array();
	for (int i = 0; i < l.items.n; i++) {
		const ArticleVersion_t *v = &l.items.v[i];
		json_array_append_new(vs, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
			"version", (json_int_t)v->version, "title", page_str(v->title), "summary", page_str(v->summary),
			"body", page_str(v->body), "note", page_str(v->note),
			"by", page_str(v->edited_by_null ? "mentord's starter set" : v->edited_by.name),
			"day", page_str(day_of(r, v->edited_at)), "phases", labels(&v->phases, phase_opts),
			"audience", page_str(audience_text(r, &v->audiences)), "current", v->version == a.version));
	}
	json_object_set_new(ctx, "article", json_pack("{s:I, s:o}", "id", (json_int_t)a.id, "title", page_str(a.title)));
	json_object_set_new(ctx, "versions", vs);
	page_render(r, 200, "guide_history", ctx);
}

void page_guides_helpfulness(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageGuidesHelpfulness_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	HelpfulnessTable_t t = {0};
	int st = svc_article_helpfulness(&s, &(in_articleHelpfulness_t){.has_order = in->has_order, .order = in->order}, &t);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Guides by helpfulness", "guides"), *rows = json_array();
	for (int i = 0; i < t.items.n; i++) {
		const HelpfulnessRow_t *h = &t.items.v[i];
		json_array_append_new(rows, json_pack("{s:I, s:o, s:s, s:b, s:I, s:I, s:o, s:I}", "id", (json_int_t)h->id,
			"title", page_str(h->title), "status", status_label(h->status),
			"unpublished", strcmp(h->status, "published") != 0, "yes", (json_int_t)h->yes,
			"votes", (json_int_t)h->votes,
			"share", page_str(h->share_null ? "–" : arena_printf(r->arena, "%.0f%%", 100 * h->share)),
			"missing", (json_int_t)h->missing));
	}
	static const page_opt_t orders[] = {{"least", "Least helpful first"}, {"most", "Most helpful first"},
					    {"votes", "Most votes first"}, {NULL, NULL}};
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "has_rows", json_boolean(t.items.n > 0));
	json_object_set_new(ctx, "f_order", page_select("order", "Order", orders, in->has_order ? in->order : "least",
							NULL, NULL));
	page_render(r, 200, "guide_helpfulness", ctx);
}

/* ---- for other pages (articles.h) ---- */

json_t *page_guides_for_phase(req_t *r, const char *phase, const char *audience)
{
	svc_t s;
	page_svc(r, &s);
	ArticleRef_list_t l = {0};
	if (!phase || svc_article_for_phase(&s, phase, audience, 3, &l) != SVC_OK || l.n == 0)
		return json_null();
	json_t *items = json_array();
	for (int i = 0; i < l.n; i++)
		json_array_append_new(items, json_pack("{s:o, s:o, s:s}", "title", page_str(l.v[i].title), "href",
			page_str(arena_printf(r->arena, "/guides/%lld", (long long)l.v[i].id)), "sep", i ? " · " : ""));
	return json_pack("{s:o}", "items", items);
}

json_t *page_guide_for_flag(req_t *r, const char *flag)
{
	svc_t s;
	page_svc(r, &s);
	ArticleRef_t a;
	bool found = false;
	if (!flag || svc_article_for_flag(&s, flag, &a, &found) != SVC_OK || !found)
		return json_null();
	return json_pack("{s:o, s:o}", "title", page_str(a.title), "href",
			 page_str(arena_printf(r->arena, "/guides/%lld", (long long)a.id)));
}
