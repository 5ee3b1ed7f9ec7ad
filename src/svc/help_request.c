/* Requests to a program's managers: "Have more questions? Submit a request".
 * Someone who takes part in (or manages) a program asks its managers a
 * question, optionally about one of their relationships in it or from an
 * article they were reading. The managers get it in their inbox and by
 * mail, reply in a thread and mark it answered; the asker is told by mail
 * and may write again, which opens it once more.
 *
 * Who sees a request: its asker and the program's managers; administrators
 * too, unless it is about a relationship, which stays private to the asker
 * and the managers. Everyone else gets 404, as if it did not exist. Who
 * answers (replies as a manager, marks answered): those same managers and
 * administrators, never the asker as such. */
#include "svc/help_request.h"
#include "core/timeutil.h"
#include "notify/help_notices.h"
#include "store/stmts.h"

#include <stdint.h>
#include <string.h>

/* Whether the caller answers this request: a manager of its program, or an
 * administrator when it is not about a relationship. */
static int may_answer(svc_t *s, const row_help_request_t *r, bool *out)
{
	*out = false;
	if (s->role >= ROLE_MANAGER) {
		int db = store_program_is_manager(s->db, r->program_id, s->uid, out);
		if (db != DB_OK)
			return svc_db(s, db);
	}
	*out = *out || (s->role == ROLE_ADMIN && r->relationship_id_null);
	return SVC_OK;
}

/* Request id with whether the caller answers it; 404 unless the caller is
 * its asker or answers it. */
static int request_access(svc_t *s, int64_t id, row_help_request_t **out, bool *answers)
{
	int db = sql_help_request_get(s->db, s->arena, id, out);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!*out)
		return svc_not_found(s, "request", id);
	int st = may_answer(s, *out, answers);
	if (st)
		return st;
	if (!*answers && (*out)->asker_id != s->uid)
		return svc_not_found(s, "request", id);
	return SVC_OK;
}

static void request_out(const row_help_request_t *r, bool answers, HelpRequest_t *out)
{
	*out = (HelpRequest_t){.id = r->id, .program_id = r->program_id, .program_name = r->program_name,
			       .relationship_id = r->relationship_id_null ? 0 : r->relationship_id,
			       .relationship_id_null = r->relationship_id_null,
			       .article = {r->article_id_null ? 0 : r->article_id, r->article_title ? r->article_title : ""},
			       .article_null = r->article_id_null || !r->article_title,
			       .asker = {r->asker_id, r->asker_name}, .subject = r->subject, .body = r->body,
			       .status = r->status, .replies = r->replies, .created_at = r->created_at,
			       .updated_at = r->updated_at, .answered_at = r->answered_at_null ? 0 : r->answered_at,
			       .answered_at_null = r->answered_at_null, .can_answer = answers};
}

/* The request freshly read, with its thread. */
static int answer(svc_t *s, int64_t id, HelpRequest_t *out)
{
	row_help_request_t *r;
	row_help_reply_t *rows;
	bool answers;
	int n = 0;
	int st = request_access(s, id, &r, &answers);
	if (st)
		return st;
	int db = sql_help_replies(s->db, s->arena, id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	request_out(r, answers, out);
	out->has_thread = true;
	out->thread.v = arena_alloc(s->arena, sizeof(HelpReply_t) * (size_t)(n + 1));
	out->thread.n = n;
	for (int i = 0; i < n; i++) {
		bool gone = rows[i].author_id_null || !rows[i].author_name;
		out->thread.v[i] = (HelpReply_t){.id = rows[i].id,
						 .author = {gone ? 0 : rows[i].author_id, gone ? "" : rows[i].author_name},
						 .author_null = gone, .body = rows[i].body,
						 .from_manager = gone || rows[i].author_id != r->asker_id,
						 .created_at = rows[i].created_at};
	}
	return SVC_OK;
}

static notify_help_t notice_of(const row_help_request_t *r)
{
	return (notify_help_t){r->id, r->program_name, r->asker_name, r->subject, r->body, !r->relationship_id_null};
}

/* Mails every manager of the program but `except` (who wrote it); reply_id
 * 0 for a new request. */
static int tell_managers(svc_t *s, const row_help_request_t *r, int64_t except, int64_t reply_id,
			 const char *text)
{
	row_program_manager_t *m;
	int n = 0;
	notify_help_t h = notice_of(r);
	int db = sql_program_managers(s->db, s->arena, r->program_id, &m, &n);
	for (int i = 0; db == DB_OK && i < n; i++) {
		if (m[i].user_id == except)
			continue;
		db = reply_id ? notify_help_reply(s->db, s->arena, &h, m[i].user_id, reply_id, s->name ? s->name : "",
						  text, false)
			      : notify_help_asked(s->db, s->arena, &h, m[i].user_id);
	}
	return db;
}

int svc_help_request_create(svc_t *s, const in_createHelpRequest_t *in, HelpRequest_t *out)
{
	const HelpRequestCreate_t *b = &in->body;
	program_t *p;
	int st = svc_program_access(s, b->program_id, false, &p);
	if (st)
		return st;
	if (b->has_relationship_id) {
		bool mine = false;
		int64_t one;
		int db = sql_help_request_rel_ok(s->db, b->relationship_id, p->id, s->uid, &one, &mine);
		if (db != DB_OK)
			return svc_db(s, db);
		if (!mine)
			svc_field(s, "relationship_id", "must be one of your relationships in this program");
	}
	if (b->has_article_id) {
		row_article_ref_t *a;
		int db = sql_article_ref(s->db, s->arena, b->article_id, &a);
		if (db != DB_OK)
			return svc_db(s, db);
		if (!a || strcmp(a->status, "published"))
			svc_field(s, "article_id", "must be a published article");
	}
	if ((st = svc_check(s)) || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	row_help_request_t *r = NULL;
	int db = sql_help_request_insert(s->db, p->id, b->has_relationship_id ? b->relationship_id : 0,
					 b->has_article_id ? b->article_id : 0, s->uid, b->subject, b->body, time_now(),
					 &id, NULL);
	if (db == DB_OK)
		db = sql_help_request_get(s->db, s->arena, id, &r);
	if (db == DB_OK && !r)
		db = DB_ERROR;
	if (db == DB_OK)
		db = tell_managers(s, r, s->uid, 0, NULL);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, id, out);
}

int svc_help_request_get(svc_t *s, const in_getHelpRequest_t *in, HelpRequest_t *out)
{
	return answer(s, in->id, out);
}

int svc_help_request_list(svc_t *s, const in_listHelpRequests_t *in, HelpRequestList_t *out)
{
	int64_t before;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &before)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	const char *box = in->has_box ? in->box : "all";
	bool asked = strcmp(box, "inbox") != 0, inbox = strcmp(box, "asked") != 0;
	int limit = in->has_limit ? (int)in->limit : 50, n = 0;
	row_help_request_t *rows;
	int db = sql_help_request_list(s->db, s->arena, before ? before : INT64_MAX, s->uid, asked,
				       inbox && s->role >= ROLE_MANAGER, inbox && s->role == ROLE_ADMIN,
				       in->has_status ? in->status : NULL, limit, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(HelpRequest_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++) {
		bool answers;
		int st = may_answer(s, &rows[i], &answers);
		if (st)
			return st;
		request_out(&rows[i], answers, &out->items.v[i]);
	}
	out->next = svc_next_cursor(s, n, limit, n ? rows[n - 1].id : 0);
	return SVC_OK;
}

int svc_help_request_reply(svc_t *s, const in_replyHelpRequest_t *in, HelpRequest_t *out)
{
	const HelpReplyCreate_t *b = &in->body;
	row_help_request_t *r;
	bool answers;
	int st = request_access(s, in->id, &r, &answers);
	if (st)
		return st;
	bool asker = r->asker_id == s->uid;
	if (b->has_mark_answered && b->mark_answered && !answers)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only the program's managers mark a request answered");
	if ((st = svc_begin(s)))
		return st;
	int64_t reply = 0, now = time_now();
	bool answered = answers && b->has_mark_answered && b->mark_answered;
	int db = sql_help_reply_add(s->db, r->id, s->uid, b->body, now, &reply, NULL);
	if (db == DB_OK && asker) {
		/* The asker writing again means the question is open again. */
		db = !strcmp(r->status, "answered") ? sql_help_request_reopen(s->db, r->id, now, NULL)
						    : sql_help_request_touch(s->db, r->id, now, NULL);
		if (db == DB_OK)
			db = tell_managers(s, r, s->uid, reply, b->body);
	} else if (db == DB_OK) {
		notify_help_t h = notice_of(r);
		db = answered ? sql_help_request_answered(s->db, r->id, s->uid, now, NULL)
			      : sql_help_request_touch(s->db, r->id, now, NULL);
		if (db == DB_OK)
			db = notify_help_reply(s->db, s->arena, &h, r->asker_id, reply, s->name ? s->name : "", b->body,
					       answered);
	}
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, r->id, out);
}

int svc_help_request_answered(svc_t *s, const in_answerHelpRequest_t *in, HelpRequest_t *out)
{
	row_help_request_t *r;
	bool answers;
	int st = request_access(s, in->id, &r, &answers);
	if (st)
		return st;
	if (!answers)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only the program's managers mark a request answered");
	if (!strcmp(r->status, "answered"))
		return answer(s, r->id, out);
	if ((st = svc_begin(s)))
		return st;
	int64_t now = time_now();
	notify_help_t h = notice_of(r);
	int db = sql_help_request_answered(s->db, r->id, s->uid, now, NULL);
	if (db == DB_OK && r->asker_id != s->uid)
		db = notify_help_answered(s->db, s->arena, &h, r->asker_id, s->name ? s->name : "", now);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, r->id, out);
}

/* ---- for the pages ---- */

int svc_help_request_choices(svc_t *s, help_choices_t *out)
{
	enum { MAX = 200 };
	memset(out, 0, sizeof(*out));
	program_t *progs;
	relationship_t *rels;
	int np = 0, nr = 0;
	int db = store_program_list(s->db, s->arena, s->uid, s->role, 0, MAX, &progs, &np);
	if (db == DB_OK)
		db = store_rel_list(s->db, s->arena, s->uid, 0, 0, MAX, &rels, &nr);
	if (db != DB_OK)
		return svc_db(s, db);
	out->programs = arena_alloc(s->arena, sizeof(help_choice_t) * (size_t)(np + 1));
	for (int i = 0; i < np; i++)
		out->programs[out->n_programs++] = (help_choice_t){progs[i].id, progs[i].id, progs[i].name};
	out->relationships = arena_alloc(s->arena, sizeof(help_choice_t) * (size_t)(nr + 1));
	for (int i = 0; i < nr; i++) {
		bool mentor = rels[i].mentor_id == s->uid;
		if (!mentor && rels[i].mentee_id != s->uid)
			continue;
		out->relationships[out->n_relationships++] = (help_choice_t){rels[i].id, rels[i].program_id,
			arena_printf(s->arena, "With %s (%s) in %s", mentor ? rels[i].mentee_name : rels[i].mentor_name,
				     mentor ? "your mentee" : "your mentor", rels[i].program_name)};
	}
	return SVC_OK;
}

int svc_help_request_waiting(svc_t *s, int64_t *n)
{
	*n = 0;
	if (s->role < ROLE_MANAGER)
		return SVC_OK;
	int db = sql_help_request_open_count(s->db, s->uid, s->role == ROLE_ADMIN, n, NULL);
	return db == DB_OK ? SVC_OK : svc_db(s, db);
}
