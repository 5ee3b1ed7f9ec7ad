/* Mentor requests in self-match programs: a mentee asks a mentor of the
 * program (with the same hard rules as any new pair), the asked mentor
 * accepts — which starts the relationship — or declines, once. The
 * program's managers see every request; participants the ones they asked
 * or were asked. */
#include "svc/matching.h"
#include "svc/program.h"
#include "svc/rel.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

static void request_out(const row_mentor_request_t *q, MentorRequest_t *out)
{
	*out = (MentorRequest_t){.id = q->id, .program_id = q->program_id, .mentee_id = q->mentee_id,
				 .mentee_name = q->mentee_name, .mentor_id = q->mentor_id,
				 .mentor_name = q->mentor_name, .message = q->message, .status = q->status,
				 .answer = q->answer, .relationship_id = q->relationship_id,
				 .relationship_id_null = q->relationship_id_null, .created_at = q->created_at,
				 .answered_at = q->answered_at, .answered_at_null = q->answered_at_null};
}

static int answer_id(svc_t *s, int64_t id, MentorRequest_t *out)
{
	row_mentor_request_t *q;
	int db = sql_mentor_request_get(s->db, s->arena, id, &q);
	if (db != DB_OK || !q)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	request_out(q, out);
	return SVC_OK;
}

int svc_mentor_request_list(svc_t *s, const in_listMentorRequests_t *in, MentorRequestList_t *out)
{
	program_t *prog;
	int st = svc_program_access(s, in->id, false, &prog);
	if (st)
		return st;
	bool manager = s->role == ROLE_ADMIN;
	int db = DB_OK;
	if (!manager && s->role >= ROLE_MANAGER)
		db = store_program_is_manager(s->db, prog->id, s->uid, &manager);
	row_mentor_request_t *rows;
	int n = 0;
	if (db == DB_OK)
		db = sql_mentor_request_list(s->db, s->arena, prog->id, manager ? 0 : s->uid, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items = (MentorRequest_list_t){arena_alloc(s->arena, sizeof(MentorRequest_t) * (size_t)(n + 1)), n};
	for (int i = 0; i < n; i++)
		request_out(&rows[i], &out->items.v[i]);
	return SVC_OK;
}

int svc_mentor_request_create(svc_t *s, const in_requestMentor_t *in, MentorRequest_t *out)
{
	const MentorRequestCreate_t *b = &in->body;
	program_t *prog;
	int st = svc_match_self_mentee(s, in->id, &prog);
	if (st || (st = svc_program_writable(s, prog)) || (st = svc_begin(s)))
		return st;
	const char *conflict = NULL;
	bool pending = false;
	int64_t one, id = 0;
	if ((st = svc_rel_check_pair(s, prog, b->mentor_id, s->uid, &conflict)) || (st = svc_check(s)))
		return svc_abort(s, st);
	int db = sql_mentor_request_pending(s->db, prog->id, s->uid, b->mentor_id, &one, &pending);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if (!conflict && pending)
		conflict = "you already asked this mentor; wait for the answer";
	if (conflict)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict", "%s", conflict));
	db = sql_mentor_request_insert(s->db, prog->id, s->uid, b->mentor_id, b->has_message ? b->message : "",
				       time_now(), &id, NULL);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer_id(s, id, out);
}

/* Only the asked mentor answers, once; accepting starts the relationship
 * unless the pair no longer fits (409). */
static int answer(svc_t *s, int64_t id, bool accept, const MentorRequestAnswer_t *b, MentorRequest_t *out)
{
	row_mentor_request_t *q;
	int db = sql_mentor_request_get(s->db, s->arena, id, &q);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!q || (s->uid != q->mentor_id && s->uid != q->mentee_id))
		return svc_not_found(s, "mentor request", id);
	if (s->uid != q->mentor_id)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only the mentor answers a request");
	if (strcmp(q->status, "pending") != 0)
		return svc_fail(s, SVC_CONFLICT, "conflict", "this request has already been answered");
	program_t *prog = NULL;
	if ((db = store_program_get(s->db, s->arena, q->program_id, &prog)) != DB_OK || !prog)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	int st = svc_program_writable(s, prog);
	if (st || (st = svc_begin(s)))
		return st;
	int64_t rel_id = 0;
	int changes = 0;
	if (accept) {
		const char *conflict = NULL;
		if ((st = svc_rel_check_pair(s, prog, q->mentor_id, q->mentee_id, &conflict)))
			return svc_abort(s, st);
		if (s->fields.n || conflict) {
			/* The mentee asked for this pair; now it breaks a rule. */
			const char *why = conflict ? conflict : s->fields.e[0].msg;
			s->fields.n = 0;
			return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict", "%s", why));
		}
		relationship_t rel = {.program_id = prog->id, .mentor_id = q->mentor_id, .mentee_id = q->mentee_id,
				      .origin = "request"};
		db = store_rel_insert(s->db, &rel, s->uid, &rel_id);
	}
	if (db == DB_OK)
		db = sql_mentor_request_answer(s->db, id, accept ? "accepted" : "declined",
					       b->has_answer ? b->answer : "", rel_id, time_now(), &changes);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if (changes == 0) /* answered since we read it */
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict", "this request has already been answered"));
	if ((st = svc_commit(s)))
		return st;
	return answer_id(s, id, out);
}

int svc_mentor_request_accept(svc_t *s, const in_acceptMentorRequest_t *in, MentorRequest_t *out)
{
	return answer(s, in->id, true, &in->body, out);
}

int svc_mentor_request_decline(svc_t *s, const in_declineMentorRequest_t *in, MentorRequest_t *out)
{
	return answer(s, in->id, false, &in->body, out);
}

int svc_mentor_request_inbox(svc_t *s, mentor_request_inbox_t **items, int *n, int *pending)
{
	row_mentor_request_inbox_t *rows;
	*items = NULL;
	*n = *pending = 0;
	int db = sql_mentor_request_inbox(s->db, s->arena, s->uid, &rows, n);
	if (db != DB_OK)
		return svc_db(s, db);
	*items = arena_alloc(s->arena, sizeof(mentor_request_inbox_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++) {
		const row_mentor_request_inbox_t *q = &rows[i];
		(*items)[i] = (mentor_request_inbox_t){
			.request = {.id = q->id, .program_id = q->program_id, .mentee_id = q->mentee_id,
				    .mentee_name = q->mentee_name, .mentor_id = s->uid, .mentor_name = s->name,
				    .message = q->message, .status = q->status, .answer = q->answer,
				    .relationship_id = q->relationship_id,
				    .relationship_id_null = q->relationship_id_null, .created_at = q->created_at,
				    .answered_at = q->answered_at, .answered_at_null = q->answered_at_null},
			.program_name = q->program_name};
		*pending += !strcmp(q->status, "pending");
	}
	return SVC_OK;
}
