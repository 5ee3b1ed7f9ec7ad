/* Stepping in on a struggling relationship: the conversation between a
 * program's managers and a pair (both of the pair and the managers read it;
 * the pair's own thread stays private to them), the managers' notes (never
 * shown to the pair), and giving the mentee another mentor — the engine's
 * recommendations for them, then a new relationship, the current one ended
 * with a reason in the same transaction when it is still active. Ending a
 * relationship on its own is svc_relationship_end (svc/relationship.c). */
#include "svc/stepin.h"
#include "svc/match_input.h"
#include "svc/rel.h"
#include "svc/relationship.h"
#include "notify/program_notices.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

#define REMATCH_ASKED 20
#define REMATCH_SHOWN 10

static notify_pair_t pair_of(const relationship_t *rel)
{
	return (notify_pair_t){.rel_id = rel->id, .program_name = rel->program_name, .mentor_id = rel->mentor_id,
			       .mentee_id = rel->mentee_id, .mentor_name = rel->mentor_name,
			       .mentee_name = rel->mentee_name};
}

static bool of_pair(const relationship_t *rel, int64_t uid)
{
	return uid == rel->mentor_id || uid == rel->mentee_id;
}

/* ---- the conversation with the managers ---- */

static void message_out(const relationship_t *rel, const row_stepin_post_t *r, ManagerMessage_t *out)
{
	*out = (ManagerMessage_t){.id = r->id, .relationship_id = r->relationship_id, .author_id = r->author_id,
				  .author_id_null = r->author_id_null, .author_name = r->author_name,
				  .from_manager = r->author_id_null || !of_pair(rel, r->author_id), .body = r->body,
				  .created_at = r->created_at};
}

int svc_stepin_messages(svc_t *s, const in_listManagerMessages_t *in, ManagerMessageList_t *out)
{
	relationship_t *rel;
	row_stepin_post_t *rows;
	int n;
	int st = svc_rel_access(s, in->id, SVC_REL_META, &rel);
	if (st || (st = svc_db(s, sql_manager_message_list(s->db, s->arena, rel->id, &rows, &n))))
		return st;
	out->items = (ManagerMessage_list_t){arena_alloc(s->arena, sizeof(ManagerMessage_t) * (size_t)(n + 1)), n};
	for (int i = 0; i < n; i++)
		message_out(rel, &rows[i], &out->items.v[i]);
	return SVC_OK;
}

/* Everyone in the conversation but the author: both of the pair and the
 * program's active managers. */
static int mail_conversation(svc_t *s, const relationship_t *rel, int64_t message_id, const char *body)
{
	row_stepin_id_t *mgrs;
	int n;
	int db = sql_program_manager_ids(s->db, s->arena, rel->program_id, &mgrs, &n);
	notify_pair_t p = pair_of(rel);
	const char *author = s->name && *s->name ? s->name : "A program manager";
	int64_t pair[2] = {rel->mentee_id, rel->mentor_id};
	for (int k = 0; db == DB_OK && k < 2; k++)
		if (pair[k] != s->uid)
			db = notify_manager_message(s->db, s->arena, &p, pair[k], message_id, author, body);
	for (int k = 0; db == DB_OK && k < n; k++)
		if (mgrs[k].id != s->uid && !of_pair(rel, mgrs[k].id))
			db = notify_manager_message(s->db, s->arena, &p, mgrs[k].id, message_id, author, body);
	return db;
}

int svc_stepin_message_send(svc_t *s, const in_sendManagerMessage_t *in, ManagerMessage_t *out)
{
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_META, &rel);
	if (st || (st = svc_begin(s)))
		return st;
	int64_t id = 0, now = time_now();
	int db = sql_manager_message_insert(s->db, rel->id, s->uid, in->body.body, now, &id, NULL);
	if (db == DB_OK)
		db = mail_conversation(s, rel, id, in->body.body);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	row_stepin_post_t r = {.id = id, .relationship_id = rel->id, .author_id = s->uid, .author_id_null = !s->uid,
			       .author_name = s->name ? s->name : "", .body = in->body.body, .created_at = now};
	message_out(rel, &r, out);
	return SVC_OK;
}

/* ---- the managers' notes ---- */

static void note_out(const row_stepin_post_t *r, ManagerNote_t *out)
{
	*out = (ManagerNote_t){.id = r->id, .relationship_id = r->relationship_id, .author_id = r->author_id,
			       .author_id_null = r->author_id_null, .author_name = r->author_name, .body = r->body,
			       .created_at = r->created_at};
}

int svc_stepin_notes(svc_t *s, const in_listManagerNotes_t *in, ManagerNoteList_t *out)
{
	relationship_t *rel;
	row_stepin_post_t *rows;
	int n;
	int st = svc_relationship_manage(s, in->id, &rel);
	if (st || (st = svc_db(s, sql_manager_note_list(s->db, s->arena, rel->id, &rows, &n))))
		return st;
	out->items = (ManagerNote_list_t){arena_alloc(s->arena, sizeof(ManagerNote_t) * (size_t)(n + 1)), n};
	for (int i = 0; i < n; i++)
		note_out(&rows[i], &out->items.v[i]);
	return SVC_OK;
}

int svc_stepin_note_add(svc_t *s, const in_addManagerNote_t *in, ManagerNote_t *out)
{
	relationship_t *rel;
	int st = svc_relationship_manage(s, in->id, &rel);
	if (st || (st = svc_begin(s)))
		return st;
	int64_t id = 0, now = time_now();
	int db = sql_manager_note_insert(s->db, rel->id, s->uid, in->body.body, now, &id, NULL);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	note_out(&(row_stepin_post_t){.id = id, .relationship_id = rel->id, .author_id = s->uid,
				      .author_id_null = !s->uid, .author_name = s->name ? s->name : "",
				      .body = in->body.body, .created_at = now}, out);
	return SVC_OK;
}

/* ---- another mentor for the mentee ---- */

int svc_stepin_rematch_options(svc_t *s, const in_getRematchRecommendations_t *in, RecommendationList_t *out)
{
	relationship_t *rel;
	program_t *prog;
	int st = svc_relationship_manage(s, in->id, &rel);
	if (st || (st = svc_program_access(s, rel->program_id, true, &prog)))
		return st;
	match_input_t mi;
	const char *why = NULL;
	int db = match_input_load_keeping(s->db, s->arena, prog, NULL, rel->mentee_id, &mi, &why);
	if (db != DB_OK) { /* the program's own weights: ours to fix, not the caller's */
		s->detail = why;
		return why ? svc_fail(s, SVC_ERROR, "internal", "%s", why) : svc_db(s, db);
	}
	struct match_recommendation recs[REMATCH_ASKED];
	size_t n = 0;
	uint32_t i = match_input_mentee_index(&mi, rel->mentee_id);
	if (i == MATCH_NONE || match_recommend(mi.inst, &mi.cfg, i, recs, REMATCH_ASKED, &n) != MATCH_OK)
		n = 0;
	out->items = (Recommendation_list_t){arena_alloc(s->arena, sizeof(Recommendation_t) * (n + 1)), 0};
	for (size_t k = 0; k < n && out->items.n < REMATCH_SHOWN; k++) {
		if (recs[k].mentor_uid == rel->mentor_id)
			continue; /* never the mentor they have now */
		Recommendation_t *r = &out->items.v[out->items.n++];
		*r = (Recommendation_t){.mentor_id = recs[k].mentor_uid, .name = mi.mentor_names[recs[k].mentor],
					.score = recs[k].why.score};
		match_input_reasons(&mi, &recs[k].why, s->arena, &r->reasons);
	}
	match_input_free(&mi);
	return SVC_OK;
}

int svc_stepin_rematch(svc_t *s, const in_rematchMentee_t *in, Relationship_t *out)
{
	const Rematch_t *b = &in->body;
	relationship_t *rel;
	program_t *prog;
	int st = svc_relationship_manage(s, in->id, &rel);
	if (st || (st = svc_program_access(s, rel->program_id, true, &prog)))
		return st;
	bool active = phase_active((phase_t)rel->phase);
	if (b->mentor_id == rel->mentor_id)
		svc_field(s, "mentor_id", "is the mentor they have now: choose another");
	if (active && !b->has_reason)
		svc_field(s, "reason", "say why the current relationship ends: the pair reads it");
	if ((st = svc_check(s)) || (st = svc_begin(s)))
		return st;
	int db = active ? svc_relationship_end_tx(s, rel, b->reason) : DB_OK;
	const char *conflict = NULL;
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_rel_check_pair(s, prog, b->mentor_id, rel->mentee_id, &conflict)) || (st = svc_check(s)))
		return svc_abort(s, st);
	if (conflict)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict", "%s", conflict));
	relationship_t made = {.program_id = prog->id, .mentor_id = b->mentor_id, .mentee_id = rel->mentee_id,
			       .origin = "manual"};
	db = store_rel_insert(s->db, &made, s->uid, &made.id);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "relationship.rematch", "relationship", made.id,
				 arena_printf(s->arena, "after relationship %lld", (long long)rel->id));
	relationship_t *full = NULL;
	if (db == DB_OK)
		db = store_rel_get(s->db, s->arena, made.id, &full);
	if (db == DB_OK && full) {
		notify_pair_t p = pair_of(full);
		db = notify_matched(s->db, s->arena, &p);
	}
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return svc_relationship_get(s, &(in_getRelationship_t){.id = made.id}, out);
}

/* ---- the page ---- */

int svc_stepin_view(svc_t *s, int64_t id, stepin_view_t *out)
{
	memset(out, 0, sizeof(*out));
	relationship_t *rel;
	int st = svc_relationship_manage(s, id, &rel);
	if (st)
		return st;
	out->rel = rel;
	out->active = phase_active((phase_t)rel->phase);
	bool known = false;
	if ((st = svc_health_rels(s, rel, 1, &out->health, &known)))
		return st;
	out->has_health = known;
	if ((st = svc_stepin_messages(s, &(in_listManagerMessages_t){.id = id}, &out->messages)) ||
	    (st = svc_stepin_notes(s, &(in_listManagerNotes_t){.id = id}, &out->notes)))
		return st;
	return svc_stepin_ended(s, rel->id, &out->ended);
}

int svc_stepin_ended(svc_t *s, int64_t rel_id, stepin_ended_t *out)
{
	row_stepin_ended_t *e = NULL;
	memset(out, 0, sizeof(*out));
	int st = svc_db(s, sql_rel_ended_event(s->db, s->arena, rel_id, &e));
	if (!st && e)
		*out = (stepin_ended_t){.ended = true, .reason = e->detail, .by = e->actor_name, .at = e->at};
	return st;
}
