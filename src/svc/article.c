/* Articles of the guidance library: Markdown guides with a title, a
 * summary, the relationship phases they belong to, the audiences they are
 * written for and the health flags (missteps) they explain, plus related
 * articles. Administrators and managers (editors) write, edit, publish and
 * archive them; every change of content makes a new version and the old ones
 * stay readable in the history. Everyone signed in reads published articles
 * (audience decides where an article is suggested, not who may read it);
 * drafts and archived articles are "not found" for readers. Lists are paged
 * by id; a search answers the best matches of a full-text query
 * (store/store_article.h). The votes and comments under an article are in
 * svc/article_feedback.c, the starter set in svc/article_starters.c. */
#include "svc/article.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "notify/notify.h"
#include "store/store_article.h"

#include <stdlib.h>
#include <string.h>

/* The order tags are shown in: the phases' own, the audiences', the flags'. */
static const char *const phase_order[] = {"getting_to_know", "goal_setting", "working", "closing",
					  "completed", "alumni", NULL};
static const char *const audience_order[] = {"mentor", "mentee", "manager", NULL};
static const char *const flag_order[] = {"gone_quiet", "schedule_imposed", "credit_taken", "projects_pushed",
					 "repeated_mistakes", "one_sided", "overdue_goals", NULL};

bool svc_article_editor(const svc_t *s)
{
	return s->role >= ROLE_MANAGER;
}

const char *svc_article_tally(svc_t *s, int64_t yes, int64_t votes)
{
	if (votes <= 0)
		return "No votes yet";
	return arena_printf(s->arena, "%lld out of %lld found this helpful", (long long)yes, (long long)votes);
}

/* ---- tags ---- */

/* The values of one kind in the canonical order, taken from rows (the tags
 * of several articles) for article id. */
static strlist_t tags_of(svc_t *s, const row_article_tag_t *rows, int n, int64_t id, const char *kind,
			 const char *const *order)
{
	strlist_t l = {arena_alloc(s->arena, sizeof(char *) * 8), 0};
	for (int k = 0; order[k] && l.n < 8; k++)
		for (int i = 0; i < n; i++)
			if (rows[i].article_id == id && !strcmp(rows[i].kind, kind) && !strcmp(rows[i].value, order[k])) {
				l.v[l.n++] = order[k];
				break;
			}
	return l;
}

/* A list as the versions keep it: "working,closing". */
static const char *joined(svc_t *s, const strlist_t *l)
{
	buf_t b = BUF_INIT;
	for (int i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", l->v[i]);
	const char *out = arena_strdup(s->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static const char *joined_ids(svc_t *s, const i64list_t *l)
{
	buf_t b = BUF_INIT;
	for (int i = 0; i < l->n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)l->v[i]);
	const char *out = arena_strdup(s->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* The values of l that are in order, each once, in the canonical order. */
static strlist_t canonical(svc_t *s, const strlist_t *l, const char *const *order)
{
	strlist_t out = {arena_alloc(s->arena, sizeof(char *) * 8), 0};
	for (int k = 0; order[k] && out.n < 8; k++)
		for (int i = 0; i < l->n; i++)
			if (!strcmp(l->v[i], order[k])) {
				out.v[out.n++] = order[k];
				break;
			}
	return out;
}

static i64list_t unique_ids(svc_t *s, const i64list_t *l)
{
	i64list_t out = {arena_alloc(s->arena, sizeof(int64_t) * (size_t)(l->n + 1)), 0};
	for (int i = 0; i < l->n; i++) {
		bool dup = false;
		for (int j = 0; j < out.n; j++)
			dup |= out.v[j] == l->v[i];
		if (!dup)
			out.v[out.n++] = l->v[i];
	}
	return out;
}

static bool same_list(const strlist_t *a, const strlist_t *b)
{
	if (a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

static bool same_ids(const i64list_t *a, const i64list_t *b)
{
	return a->n == b->n && (a->n == 0 || !memcmp(a->v, b->v, sizeof(int64_t) * (size_t)a->n));
}

/* ---- one article as the API shows it ---- */

/* The content of an article that versions keep. */
typedef struct content {
	const char *title, *summary, *body;
	strlist_t phases, audiences, flags;
	i64list_t related;
	bool comments_closed;
} content_t;

static const char *share_url(svc_t *s, int64_t id)
{
	const char *base = notify_config()->base_url;
	size_t n = base ? strlen(base) : 0;
	while (n && base[n - 1] == '/')
		n--;
	return arena_printf(s->arena, "%.*s/guides/%lld", (int)n, base ? base : "", (long long)id);
}

/* Fills out from row r and the tags rows (which may hold other articles'
 * tags too); related articles and the caller's vote are read here. */
static int article_out(svc_t *s, const row_article_t *r, const row_article_tag_t *tags, int ntags,
		       bool with_body, Article_t *out)
{
	bool editor = svc_article_editor(s);
	row_article_ref_t *rel;
	row_article_vote_t *vote = NULL;
	int n = 0;
	int db = sql_article_related_of(s->db, s->arena, r->id, &rel, &n);
	if (db == DB_OK && s->uid)
		db = sql_article_vote_get(s->db, s->arena, r->id, s->uid, &vote);
	if (db != DB_OK)
		return svc_db(s, db);
	*out = (Article_t){.id = r->id, .title = r->title, .summary = r->summary, .status = r->status,
			   .body = with_body ? r->body : NULL, .has_body = with_body,
			   .phases = tags_of(s, tags, ntags, r->id, "phase", phase_order),
			   .audiences = tags_of(s, tags, ntags, r->id, "audience", audience_order),
			   .flags = tags_of(s, tags, ntags, r->id, "flag", flag_order),
			   .version = r->version, .comments_closed = r->comments_closed,
			   .share_url = share_url(s, r->id),
			   .helpful = {r->helpful_yes, r->helpful_votes,
				       svc_article_tally(s, r->helpful_yes, r->helpful_votes)},
			   .my_vote = vote && vote->helpful, .my_vote_null = !vote,
			   .comment_count = r->comment_count, .created_at = r->created_at,
			   .updated_at = r->updated_at, .published_at = r->published_at_null ? 0 : r->published_at,
			   .published_at_null = r->published_at_null};
	out->related.v = arena_alloc(s->arena, sizeof(ArticleRef_t) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		if (editor || !strcmp(rel[i].status, "published"))
			out->related.v[out->related.n++] = (ArticleRef_t){rel[i].id, rel[i].title};
	return SVC_OK;
}

int svc_article_readable(svc_t *s, int64_t id, row_article_t **out)
{
	int db = sql_article_get(s->db, s->arena, id, svc_article_editor(s), out);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!*out || (!svc_article_editor(s) && strcmp((*out)->status, "published")))
		return svc_not_found(s, "article", id);
	return SVC_OK;
}

/* Readers who may see it get 403; the rest 404 first. */
static int editable(svc_t *s, int64_t id, row_article_t **out)
{
	int st = svc_article_readable(s, id, out);
	if (st)
		return st;
	if (!svc_article_editor(s))
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only administrators and managers edit articles");
	return SVC_OK;
}

static int answer(svc_t *s, int64_t id, Article_t *out)
{
	row_article_t *r;
	row_article_tag_t *tags;
	int ntags = 0;
	int db = sql_article_get(s->db, s->arena, id, svc_article_editor(s), &r);
	if (db == DB_OK && !r)
		db = DB_ERROR;
	if (db == DB_OK)
		db = sql_article_tags_of(s->db, s->arena, id, id, &tags, &ntags);
	if (db != DB_OK)
		return svc_db(s, db);
	return article_out(s, r, tags, ntags, true, out);
}

int svc_article_get(svc_t *s, const in_getArticle_t *in, Article_t *out)
{
	row_article_t *r;
	int st = svc_article_readable(s, in->id, &r);
	return st ? st : answer(s, r->id, out);
}

/* ---- lists and search ---- */

int svc_article_list(svc_t *s, const in_listArticles_t *in, ArticleList_t *out)
{
	int64_t after;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	const char *status = in->has_status ? in->status : "published";
	if (strcmp(status, "published") && !svc_article_editor(s))
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only administrators and managers see drafts and archived articles");
	article_filter_t f = {.any_status = !strcmp(status, "all"), .status = status,
			      .phase = in->has_phase ? in->phase : NULL,
			      .audience = in->has_audience ? in->audience : NULL,
			      .flag = in->has_flag ? in->flag : NULL, .editor = svc_article_editor(s)};
	int limit = in->has_limit ? (int)in->limit : 50, n = 0;
	row_article_t *rows;
	bool search = in->has_q && *store_article_fts_query(s->arena, in->q);
	int db = search ? store_article_search(s->db, s->arena, in->q, &f, limit, &rows, &n)
			: sql_article_list(s->db, s->arena, after, f.any_status, f.status, f.phase, f.audience,
					   f.flag, f.editor, limit, &rows, &n);
	row_article_tag_t *tags = NULL;
	int ntags = 0;
	int64_t lo = INT64_MAX, hi = 0;
	for (int i = 0; i < n; i++) {
		lo = rows[i].id < lo ? rows[i].id : lo;
		hi = rows[i].id > hi ? rows[i].id : hi;
	}
	if (db == DB_OK && n)
		db = sql_article_tags_of(s->db, s->arena, lo, hi, &tags, &ntags);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Article_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++) {
		int st = article_out(s, &rows[i], tags, ntags, false, &out->items.v[i]);
		if (st)
			return st;
	}
	/* A search answers its best matches whole: ranks are no cursor. */
	out->next = search ? NULL : svc_next_cursor(s, n, limit, n ? rows[n - 1].id : 0);
	return SVC_OK;
}

int svc_article_refs(svc_t *s, row_article_ref_t **rows, int *n)
{
	int db = sql_article_refs(s->db, s->arena, rows, n);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!svc_article_editor(s)) { /* readers relate only what they can read */
		int k = 0;
		for (int i = 0; i < *n; i++)
			if (!strcmp((*rows)[i].status, "published"))
				(*rows)[k++] = (*rows)[i];
		*n = k;
	}
	return SVC_OK;
}

/* ---- writing ---- */

/* Every related article must exist and be another one. */
static int check_related(svc_t *s, int64_t self, const i64list_t *related)
{
	for (int i = 0; i < related->n; i++) {
		row_article_ref_t *ref;
		if (related->v[i] == self) {
			svc_field(s, "related", "an article cannot be related to itself");
			break;
		}
		int db = sql_article_ref(s->db, s->arena, related->v[i], &ref);
		if (db != DB_OK)
			return svc_db(s, db);
		if (!ref) {
			svc_field(s, "related", "there is no article %lld", (long long)related->v[i]);
			break;
		}
	}
	return SVC_OK;
}

/* Writes the tags and related articles of c for article id (replacing them). */
static int write_tags(svc_t *s, int64_t id, const content_t *c)
{
	int db = sql_article_tags_clear(s->db, id);
	const struct {
		const char *kind;
		const strlist_t *l;
	} kinds[] = {{"phase", &c->phases}, {"audience", &c->audiences}, {"flag", &c->flags}};
	for (size_t k = 0; db == DB_OK && k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (int i = 0; db == DB_OK && i < kinds[k].l->n; i++)
			db = sql_article_tag_add(s->db, id, kinds[k].kind, kinds[k].l->v[i]);
	if (db == DB_OK)
		db = sql_article_related_clear(s->db, id);
	for (int i = 0; db == DB_OK && i < c->related.n; i++)
		db = sql_article_related_add(s->db, id, c->related.v[i], i + 1);
	return db;
}

static int add_version(svc_t *s, int64_t id, int64_t version, const content_t *c, const char *note,
		       int64_t by)
{
	return sql_article_version_add(s->db, id, version, c->title, c->summary, c->body, joined(s, &c->phases),
				       joined(s, &c->audiences), joined(s, &c->flags), joined_ids(s, &c->related),
				       note ? note : "", by, time_now());
}

/* Inserts a new article with version 1 inside the caller's transaction; a
 * store status. starter_key is NULL for articles written here. */
static int insert(svc_t *s, const char *starter_key, const content_t *c, const char *status,
		  const char *note, int64_t *id)
{
	int db = sql_article_insert(s->db, starter_key, c->title, c->summary, c->body, status, c->comments_closed,
				    s->uid, time_now(), id, NULL);
	if (db == DB_OK)
		db = write_tags(s, *id, c);
	if (db == DB_OK)
		db = add_version(s, *id, 1, c, note, s->uid);
	return db;
}

int svc_article_create(svc_t *s, const in_createArticle_t *in, Article_t *out)
{
	const ArticleCreate_t *b = &in->body;
	if (!svc_article_editor(s))
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only administrators and managers write articles");
	static const char *const all_audiences[] = {"mentor", "mentee", "manager"};
	content_t c = {.title = b->title, .summary = b->has_summary ? b->summary : "", .body = b->body,
		       .phases = canonical(s, &b->phases, phase_order),
		       .audiences = b->has_audiences ? canonical(s, &b->audiences, audience_order)
						     : (strlist_t){(const char **)all_audiences, 3},
		       .flags = canonical(s, &b->flags, flag_order), .related = unique_ids(s, &b->related),
		       .comments_closed = b->has_comments_closed && b->comments_closed};
	int st = check_related(s, 0, &c.related);
	if (st || (st = svc_check(s)) || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	int db = insert(s, NULL, &c, b->has_status ? b->status : "draft", b->has_note ? b->note : "", &id);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "article.create", "article", id, c.title);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, id, out);
}

int svc_article_update(svc_t *s, const in_updateArticle_t *in, Article_t *out)
{
	const ArticlePatch_t *b = &in->body;
	row_article_t *r;
	row_article_tag_t *tags;
	row_article_ref_t *rel;
	int ntags = 0, nrel = 0;
	int st = editable(s, in->id, &r);
	if (st)
		return st;
	int db = sql_article_tags_of(s->db, s->arena, r->id, r->id, &tags, &ntags);
	if (db == DB_OK)
		db = sql_article_related_of(s->db, s->arena, r->id, &rel, &nrel);
	if (db != DB_OK)
		return svc_db(s, db);
	content_t was = {.title = r->title, .summary = r->summary, .body = r->body,
			 .phases = tags_of(s, tags, ntags, r->id, "phase", phase_order),
			 .audiences = tags_of(s, tags, ntags, r->id, "audience", audience_order),
			 .flags = tags_of(s, tags, ntags, r->id, "flag", flag_order),
			 .related = {arena_alloc(s->arena, sizeof(int64_t) * (size_t)(nrel + 1)), nrel},
			 .comments_closed = r->comments_closed};
	for (int i = 0; i < nrel; i++)
		was.related.v[i] = rel[i].id;
	content_t c = was;
	if (b->has_title)
		c.title = b->title;
	if (b->has_summary)
		c.summary = b->summary;
	if (b->has_body)
		c.body = b->body;
	if (b->has_phases)
		c.phases = canonical(s, &b->phases, phase_order);
	if (b->has_audiences)
		c.audiences = canonical(s, &b->audiences, audience_order);
	if (b->has_flags)
		c.flags = canonical(s, &b->flags, flag_order);
	if (b->has_related)
		c.related = unique_ids(s, &b->related);
	if (b->has_comments_closed)
		c.comments_closed = b->comments_closed;
	if ((st = check_related(s, r->id, &c.related)) || (st = svc_check(s)))
		return st;
	bool content = strcmp(c.title, was.title) || strcmp(c.summary, was.summary) || strcmp(c.body, was.body) ||
		       !same_list(&c.phases, &was.phases) || !same_list(&c.audiences, &was.audiences) ||
		       !same_list(&c.flags, &was.flags) || !same_ids(&c.related, &was.related);
	if (!content && c.comments_closed == was.comments_closed)
		return answer(s, r->id, out); /* nothing changed: no new version */
	if ((st = svc_begin(s)))
		return st;
	int64_t version = r->version + (content ? 1 : 0);
	db = sql_article_update(s->db, r->id, c.title, c.summary, c.body, version, c.comments_closed, s->uid,
				time_now(), NULL);
	if (db == DB_OK && content)
		db = write_tags(s, r->id, &c);
	if (db == DB_OK && content)
		db = add_version(s, r->id, version, &c, b->has_note ? b->note : "", s->uid);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, content ? "article.update" : c.comments_closed ? "article.comments_close"
											  : "article.comments_open",
				 "article", r->id, c.title);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, r->id, out);
}

static int set_status(svc_t *s, int64_t id, const char *status, Article_t *out)
{
	row_article_t *r;
	int st = editable(s, id, &r);
	if (st)
		return st;
	if (!strcmp(r->status, status))
		return answer(s, r->id, out);
	if ((st = svc_begin(s)))
		return st;
	int db = sql_article_set_status(s->db, r->id, status, s->uid, time_now(), NULL);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, !strcmp(status, "published") ? "article.publish" : "article.archive",
				 "article", r->id, r->title);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, r->id, out);
}

int svc_article_publish(svc_t *s, const in_publishArticle_t *in, Article_t *out)
{
	return set_status(s, in->id, "published", out);
}

int svc_article_archive(svc_t *s, const in_archiveArticle_t *in, Article_t *out)
{
	return set_status(s, in->id, "archived", out);
}

/* ---- history ---- */

/* "a,b" as a list; the values stay the arena's. */
static strlist_t split(svc_t *s, const char *text)
{
	strlist_t l = {arena_alloc(s->arena, sizeof(char *) * (strlen(text) / 2 + 2)), 0};
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n)
			l.v[l.n++] = arena_strndup(s->arena, p, n);
		p += n + (p[n] == ',');
	}
	return l;
}

int svc_article_versions(svc_t *s, const in_listArticleVersions_t *in, ArticleVersionList_t *out)
{
	row_article_t *r;
	row_article_version_t *rows;
	int n = 0;
	int st = svc_article_readable(s, in->id, &r);
	if (st)
		return st;
	if (!svc_article_editor(s))
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only administrators and managers read an article's history");
	int db = sql_article_versions(s->db, s->arena, r->id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(ArticleVersion_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++) {
		const row_article_version_t *v = &rows[i];
		strlist_t ids = split(s, v->related);
		ArticleVersion_t *o = &out->items.v[i];
		*o = (ArticleVersion_t){.version = v->version, .title = v->title, .summary = v->summary,
					.body = v->body, .phases = split(s, v->phases),
					.audiences = split(s, v->audiences), .flags = split(s, v->flags),
					.note = v->note, .edited_by = {v->edited_by_null ? 0 : v->edited_by,
								       v->edited_by_name ? v->edited_by_name : ""},
					.edited_by_null = v->edited_by_null || !v->edited_by_name,
					.edited_at = v->edited_at};
		o->related.v = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(ids.n + 1));
		for (int k = 0; k < ids.n; k++)
			o->related.v[o->related.n++] = strtoll(ids.v[k], NULL, 10);
	}
	return SVC_OK;
}

/* ---- suggestions for other pages ---- */

int svc_article_for_phase(svc_t *s, const char *phase, const char *audience, int max, ArticleRef_list_t *out)
{
	row_article_ref_t *rows;
	int n = 0;
	*out = (ArticleRef_list_t){0};
	int db = sql_article_for_tag(s->db, s->arena, "phase", phase ? phase : "", audience, max, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->v = arena_alloc(s->arena, sizeof(ArticleRef_t) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		out->v[out->n++] = (ArticleRef_t){rows[i].id, rows[i].title};
	return SVC_OK;
}

int svc_article_for_flag(svc_t *s, const char *flag, ArticleRef_t *out, bool *found)
{
	row_article_ref_t *rows;
	int n = 0;
	*found = false;
	int db = sql_article_for_tag(s->db, s->arena, "flag", flag ? flag : "", NULL, 1, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	if (n) {
		*out = (ArticleRef_t){rows[0].id, rows[0].title};
		*found = true;
	}
	return SVC_OK;
}

/* ---- the starter set (svc/article_starters.c reads the files) ---- */

int svc_article_add_starters(svc_t *s, const article_starter_t *v, int n, int *loaded, int *kept)
{
	int64_t *ids = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(n + 1));
	content_t *c = arena_alloc(s->arena, sizeof(content_t) * (size_t)(n + 1));
	*loaded = *kept = 0;
	int st = svc_begin(s), db = DB_OK;
	if (st)
		return st;
	/* First every new article, so the second pass can relate them by key. */
	for (int i = 0; db == DB_OK && i < n; i++) {
		const ArticleCreate_t *b = &v[i].a;
		bool found = false;
		ids[i] = 0;
		db = sql_article_by_starter(s->db, v[i].key, &ids[i], &found);
		if (db != DB_OK || found) {
			*kept += found;
			ids[i] = found ? -ids[i] : 0; /* negative: there already, leave it be */
			continue;
		}
		c[i] = (content_t){.title = b->title, .summary = b->has_summary ? b->summary : "", .body = b->body,
				   .phases = canonical(s, &b->phases, phase_order),
				   .audiences = canonical(s, &b->audiences, audience_order),
				   .flags = canonical(s, &b->flags, flag_order)};
		db = sql_article_insert(s->db, v[i].key, c[i].title, c[i].summary, c[i].body, "published", false,
					s->uid, time_now(), &ids[i], NULL);
		if (db == DB_OK)
			db = write_tags(s, ids[i], &c[i]);
	}
	for (int i = 0; db == DB_OK && i < n; i++) {
		if (ids[i] <= 0)
			continue;
		c[i].related.v = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(v[i].related.n + 1));
		for (int k = 0; db == DB_OK && k < v[i].related.n; k++) {
			int64_t rid = 0;
			bool found = false;
			db = sql_article_by_starter(s->db, v[i].related.v[k], &rid, &found);
			if (found && rid != ids[i])
				c[i].related.v[c[i].related.n++] = rid;
		}
		c[i].related = unique_ids(s, &c[i].related);
		if (db == DB_OK)
			db = write_tags(s, ids[i], &c[i]);
		if (db == DB_OK)
			db = add_version(s, ids[i], 1, &c[i], "The starter set of mentord", s->uid);
		if (db == DB_OK)
			db = store_audit(s->db, s->uid, "article.starter", "article", ids[i], v[i].key);
		*loaded += db == DB_OK;
	}
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}
