/* What readers give back to an article: "Was this article helpful?" (one
 * vote per person and article, changeable, with an optional "what was
 * missing" on a no; the tally as "N out of M found this helpful") and
 * comments, which an editor moderates (hides or deletes) or closes per
 * article ("This article is closed for comments"). Editors see the table of
 * articles by helpfulness and what "no" voters missed, never who voted.
 * Only published articles take votes and comments; whoever cannot read an
 * article gets 404 for everything under it. */
#include "svc/article.h"
#include "core/timeutil.h"

#include <stdlib.h>
#include <string.h>

#define MISSING_SHOWN 100

static int published(svc_t *s, const row_article_t *r, const char *what)
{
	if (!strcmp(r->status, "published"))
		return SVC_OK;
	return svc_fail(s, SVC_CONFLICT, "not_published", "only published articles take %s", what);
}

/* ---- votes ---- */

static int votes_out(svc_t *s, int64_t id, ArticleVotes_t *out)
{
	row_article_t *r;
	row_article_vote_t *mine = NULL;
	int db = sql_article_get(s->db, s->arena, id, false, &r);
	if (db == DB_OK && !r)
		db = DB_ERROR;
	if (db == DB_OK)
		db = sql_article_vote_get(s->db, s->arena, id, s->uid, &mine);
	if (db != DB_OK)
		return svc_db(s, db);
	*out = (ArticleVotes_t){.article_id = id,
				.helpful = {r->helpful_yes, r->helpful_votes,
					    svc_article_tally(s, r->helpful_yes, r->helpful_votes)},
				.my_vote = mine && mine->helpful, .my_vote_null = !mine,
				.my_missing = mine ? mine->missing : ""};
	if (svc_article_editor(s)) {
		row_missing_note_t *rows;
		int n = 0;
		if ((db = sql_article_missing(s->db, s->arena, id, MISSING_SHOWN, &rows, &n)) != DB_OK)
			return svc_db(s, db);
		out->has_missing = true;
		out->missing.v = arena_alloc(s->arena, sizeof(MissingNote_t) * (size_t)(n + 1));
		out->missing.n = n;
		for (int i = 0; i < n; i++)
			out->missing.v[i] = (MissingNote_t){rows[i].text, rows[i].at};
	}
	return SVC_OK;
}

int svc_article_votes(svc_t *s, const in_getArticleVotes_t *in, ArticleVotes_t *out)
{
	row_article_t *r;
	int st = svc_article_readable(s, in->id, &r);
	return st ? st : votes_out(s, r->id, out);
}

int svc_article_vote(svc_t *s, const in_voteArticle_t *in, ArticleVotes_t *out)
{
	row_article_t *r;
	int st = svc_article_readable(s, in->id, &r);
	if (st || (st = published(s, r, "votes")) || (st = svc_begin(s)))
		return st;
	/* What was missing belongs to a no: a yes clears an earlier note, a no
	 * without one keeps it (clicking "No" again does not lose it). */
	const char *missing = "";
	int db = DB_OK;
	if (!in->body.helpful && in->body.has_missing) {
		missing = in->body.missing;
	} else if (!in->body.helpful) {
		row_article_vote_t *was = NULL;
		db = sql_article_vote_get(s->db, s->arena, r->id, s->uid, &was);
		missing = was ? was->missing : "";
	}
	if (db == DB_OK)
		db = sql_article_vote_put(s->db, r->id, s->uid, in->body.helpful, missing, time_now());
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return votes_out(s, r->id, out);
}

int svc_article_unvote(svc_t *s, const in_unvoteArticle_t *in, ArticleVotes_t *out)
{
	row_article_t *r;
	int st = svc_article_readable(s, in->id, &r);
	if (st || (st = svc_begin(s)))
		return st;
	int db = sql_article_vote_delete(s->db, r->id, s->uid, NULL);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return votes_out(s, r->id, out);
}

/* ---- the table by helpfulness ---- */

/* least: the lowest share first; most: the highest; votes: the most votes.
 * Articles without votes come last, then by id. */
static int by_order(const void *x, const void *y, void *arg)
{
	const HelpfulnessRow_t *a = x, *b = y;
	const char *order_by = arg;
	if (a->share_null != b->share_null)
		return a->share_null ? 1 : -1;
	if (!a->share_null && strcmp(order_by, "votes")) {
		double d = !strcmp(order_by, "most") ? b->share - a->share : a->share - b->share;
		if (d != 0)
			return d < 0 ? -1 : 1;
	}
	if (a->votes != b->votes)
		return a->votes > b->votes ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

int svc_article_helpfulness(svc_t *s, const in_articleHelpfulness_t *in, HelpfulnessTable_t *out)
{
	if (!svc_article_editor(s))
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only administrators and managers see the helpfulness of articles");
	row_helpfulness_t *rows;
	int n = 0, db = sql_article_helpfulness(s->db, s->arena, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(HelpfulnessRow_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		out->items.v[i] = (HelpfulnessRow_t){
			.id = rows[i].id, .title = rows[i].title, .status = rows[i].status, .yes = rows[i].yes,
			.votes = rows[i].votes, .share = rows[i].votes ? (double)rows[i].yes / (double)rows[i].votes : 0,
			.share_null = rows[i].votes == 0, .missing = rows[i].missing,
			.text = svc_article_tally(s, rows[i].yes, rows[i].votes)};
	qsort_r(out->items.v, (size_t)n, sizeof(HelpfulnessRow_t), by_order,
		(void *)(in->has_order ? in->order : "least"));
	return SVC_OK;
}

/* ---- comments ---- */

static void comment_out(svc_t *s, const row_article_comment_t *c, ArticleComment_t *out)
{
	*out = (ArticleComment_t){.id = c->id, .article_id = c->article_id,
				  .author = {c->author_id_null ? 0 : c->author_id, c->author_name ? c->author_name : ""},
				  .author_null = c->author_id_null || !c->author_name, .body = c->body,
				  .hidden = c->hidden, .created_at = c->created_at,
				  .can_delete = svc_article_editor(s) || (!c->author_id_null && c->author_id == s->uid)};
}

int svc_article_comments(svc_t *s, const in_listArticleComments_t *in, ArticleCommentList_t *out)
{
	row_article_t *r;
	int64_t after;
	int st = svc_article_readable(s, in->id, &r);
	if (st)
		return st;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	int limit = in->has_limit ? (int)in->limit : 100, n = 0;
	row_article_comment_t *rows;
	int db = sql_article_comment_list(s->db, s->arena, r->id, after, svc_article_editor(s), limit, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(ArticleComment_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		comment_out(s, &rows[i], &out->items.v[i]);
	out->next = svc_next_cursor(s, n, limit, n ? rows[n - 1].id : 0);
	out->closed = r->comments_closed;
	return SVC_OK;
}

static int comment_answer(svc_t *s, int64_t id, ArticleComment_t *out)
{
	row_article_comment_t *c;
	int db = sql_article_comment_get(s->db, s->arena, id, &c);
	if (db == DB_OK && !c)
		db = DB_ERROR;
	if (db != DB_OK)
		return svc_db(s, db);
	comment_out(s, c, out);
	return SVC_OK;
}

int svc_article_comment_add(svc_t *s, const in_addArticleComment_t *in, ArticleComment_t *out)
{
	row_article_t *r;
	int st = svc_article_readable(s, in->id, &r);
	if (st || (st = published(s, r, "comments")))
		return st;
	if (r->comments_closed)
		return svc_fail(s, SVC_CONFLICT, "comments_closed", "This article is closed for comments");
	if ((st = svc_begin(s)))
		return st;
	int64_t id = 0;
	int db = sql_article_comment_add(s->db, r->id, s->uid, in->body.body, time_now(), &id, NULL);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return comment_answer(s, id, out);
}

/* Comment id if the caller may see it: its article readable, and hidden
 * comments for editors only; otherwise 404. */
static int comment_access(svc_t *s, int64_t id, row_article_comment_t **out)
{
	row_article_t *r;
	int db = sql_article_comment_get(s->db, s->arena, id, out);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!*out || ((*out)->hidden && !svc_article_editor(s)))
		return svc_not_found(s, "comment", id);
	int st = svc_article_readable(s, (*out)->article_id, &r);
	if (st == SVC_NOT_FOUND) /* about the comment, not its article */
		return svc_not_found(s, "comment", id);
	return st;
}

int svc_article_comment_moderate(svc_t *s, const in_moderateArticleComment_t *in, ArticleComment_t *out)
{
	row_article_comment_t *c;
	int st = comment_access(s, in->id, &c);
	if (st)
		return st;
	if (!svc_article_editor(s))
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only administrators and managers moderate comments");
	if ((st = svc_begin(s)))
		return st;
	int db = sql_article_comment_moderate(s->db, c->id, in->body.hidden, s->uid, time_now(), NULL);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, in->body.hidden ? "comment.hide" : "comment.show", "article_comment",
				 c->id, "");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return comment_answer(s, c->id, out);
}

int svc_article_comment_delete(svc_t *s, const in_deleteArticleComment_t *in, ArticleCommentDeleted_t *out)
{
	row_article_comment_t *c;
	int st = comment_access(s, in->id, &c);
	if (st)
		return st;
	bool mine = !c->author_id_null && c->author_id == s->uid;
	if (!mine && !svc_article_editor(s))
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only its author and the editors delete a comment");
	if ((st = svc_begin(s)))
		return st;
	int db = sql_article_comment_delete(s->db, c->id, NULL);
	if (db == DB_OK && !mine)
		db = store_audit(s->db, s->uid, "comment.delete", "article_comment", c->id, "");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (ArticleCommentDeleted_t){c->id, true};
	return SVC_OK;
}
