/* The relationship's streams beside the board: the wins feed (celebrate
 * results, linked to a goal or an idea of the relationship), the message
 * thread (each message also mailed to the other member through the outbox,
 * in the same transaction), pulse check-ins, and the two-way learning log
 * (mentees teach their mentors too). Only the mentor and the mentee read or
 * write them; the phase decides when each opens. */
#include "svc/board.h"
#include "svc/rel.h"
#include "notify/notify.h" /* a message's email to the other member */
#include "store/stmts.h"
#include "core/timeutil.h"

/* Messages answered per page unless the caller asks for another size. */
#define MESSAGES_PAGE 100

void svc_win_out(const row_win_t *r, Win_t *out)
{
	*out = (Win_t){.id = r->id, .relationship_id = r->relationship_id, .author_id = r->author_id,
		       .text = r->text, .goal_id = r->goal_id, .goal_id_null = r->goal_id_null,
		       .idea_id = r->idea_id, .idea_id_null = r->idea_id_null, .created_at = r->created_at};
}

static void message_out(const row_message_t *r, Message_t *out)
{
	*out = (Message_t){.id = r->id, .relationship_id = r->relationship_id, .author_id = r->author_id,
			   .body = r->body, .created_at = r->created_at};
}

static void checkin_out(const row_checkin_t *r, Checkin_t *out)
{
	*out = (Checkin_t){.id = r->id, .relationship_id = r->relationship_id, .author_id = r->author_id,
			   .mood = r->mood, .note = r->note, .created_at = r->created_at};
}

static void learning_out(const row_learning_t *r, Learning_t *out)
{
	*out = (Learning_t){.id = r->id, .relationship_id = r->relationship_id, .author_id = r->author_id,
			    .direction = r->direction, .text = r->text, .created_at = r->created_at};
}

/* The relationship for a member of the pair who may write to it now. */
static int writable(svc_t *s, int64_t rel_id, phase_action_t act, relationship_t **rel)
{
	int st = svc_rel_access(s, rel_id, SVC_REL_CONTENT, rel);
	return st ? st : svc_rel_phase(s, *rel, act);
}

/* The status of an insert that answers with the row it added (the
 * *_create statements: INSERT ... RETURNING the row), so the answer needs
 * no read after the commit, nor one inside the transaction, which on
 * PostgreSQL's SERIALIZABLE made concurrent posts conflict: DB_OK when the
 * row came back. */
static int created(int db, const void *row)
{
	return db == DB_OK && !row ? DB_ERROR : db;
}

/* ---- wins ---- */

int svc_win_list(svc_t *s, const in_listWins_t *in, WinList_t *out)
{
	relationship_t *rel;
	row_win_t *rows;
	int n;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	int db = store_win_list(s->db, s->arena, rel->id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Win_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		svc_win_out(&rows[i], &out->items.v[i]);
	return SVC_OK;
}

int svc_win_create(svc_t *s, const in_addWin_t *in, Win_t *out)
{
	const WinCreate_t *b = &in->body;
	relationship_t *rel;
	int64_t goal_id = b->has_goal_id && !b->goal_id_null ? b->goal_id : 0;
	int64_t idea_id = b->has_idea_id && !b->idea_id_null ? b->idea_id : 0;
	int st = writable(s, in->id, ACT_BOARD, &rel);
	if (st || (st = svc_board_check_goal(s, rel, goal_id)))
		return st;
	if (idea_id) {
		row_idea_t *idea;
		int db = store_idea_get(s->db, s->arena, idea_id, &idea);
		if (db != DB_OK)
			return svc_db(s, db);
		if (!idea || idea->relationship_id != rel->id)
			svc_field(s, "idea_id", "is not an idea of this relationship");
	}
	if ((st = svc_check(s)) || (st = svc_begin(s)))
		return st;
	row_win_t *w = NULL;
	int db = sql_win_create(s->db, s->arena, rel->id, s->uid, b->text, goal_id, idea_id, time_now(), &w);
	if ((st = svc_board_end(s, created(db, w))))
		return st;
	svc_win_out(w, out);
	return SVC_OK;
}

/* ---- messages ---- */

int svc_message_list(svc_t *s, const in_listMessages_t *in, MessageList_t *out)
{
	relationship_t *rel;
	row_message_t *rows;
	int64_t after;
	int n, limit = in->has_limit ? (int)in->limit : MESSAGES_PAGE;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	int db = store_message_list(s->db, s->arena, rel->id, after, limit, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Message_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		message_out(&rows[i], &out->items.v[i]);
	out->next = svc_next_cursor(s, n, limit, n ? rows[n - 1].id : 0);
	return SVC_OK;
}

/* Open in every phase; the other member hears of it by email (the outbox
 * row is written in the message's transaction, so both land or neither). */
int svc_message_send(svc_t *s, const in_sendMessage_t *in, Message_t *out)
{
	relationship_t *rel;
	int st = writable(s, in->id, ACT_MESSAGE, &rel);
	if (st || (st = svc_begin(s)))
		return st;
	row_message_t *m = NULL;
	int db = sql_message_create(s->db, s->arena, rel->id, s->uid, in->body.body, time_now(), &m);
	if ((db = created(db, m)) == DB_OK)
		db = notify_message(s->db, s->arena, rel, s->uid, m->id, in->body.body);
	if ((st = svc_board_end(s, db)))
		return st;
	message_out(m, out);
	return SVC_OK;
}

/* ---- pulse check-ins ---- */

int svc_checkin_list(svc_t *s, const in_listCheckins_t *in, CheckinList_t *out)
{
	relationship_t *rel;
	row_checkin_t *rows;
	int n;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	int db = store_checkin_list(s->db, s->arena, rel->id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Checkin_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		checkin_out(&rows[i], &out->items.v[i]);
	return SVC_OK;
}

int svc_checkin_create(svc_t *s, const in_addCheckin_t *in, Checkin_t *out)
{
	const CheckinCreate_t *b = &in->body;
	relationship_t *rel;
	int st = writable(s, in->id, ACT_CHECKIN, &rel);
	if (st || (st = svc_begin(s)))
		return st;
	row_checkin_t *c = NULL;
	int db = sql_checkin_create(s->db, s->arena, rel->id, s->uid, b->mood, b->has_note ? b->note : "", time_now(),
				    &c);
	if ((st = svc_board_end(s, created(db, c))))
		return st;
	checkin_out(c, out);
	return SVC_OK;
}

/* ---- the learning log ---- */

int svc_learning_list(svc_t *s, const in_listLearnings_t *in, LearningList_t *out)
{
	relationship_t *rel;
	row_learning_t *rows;
	int n;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	int db = store_learning_list(s->db, s->arena, rel->id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Learning_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		learning_out(&rows[i], &out->items.v[i]);
	return SVC_OK;
}

/* By default each logs what they learned themselves: the mentor from the
 * mentee (to_mentor), the mentee from the mentor (to_mentee). */
int svc_learning_create(svc_t *s, const in_addLearning_t *in, Learning_t *out)
{
	const LearningCreate_t *b = &in->body;
	relationship_t *rel;
	int st = writable(s, in->id, ACT_LEARNING, &rel);
	if (st || (st = svc_begin(s)))
		return st;
	const char *direction = b->has_direction ? b->direction : svc_rel_is_mentor(s, rel) ? "to_mentor" : "to_mentee";
	row_learning_t *l = NULL;
	int db = sql_learning_create(s->db, s->arena, rel->id, s->uid, direction, b->text, time_now(), &l);
	if ((st = svc_board_end(s, created(db, l))))
		return st;
	learning_out(l, out);
	return SVC_OK;
}
