/* Access rules and phase plumbing for relationships (see rel.h). */
#include "svc/rel.h"
#include "store/stmts.h"

int svc_rel_access(svc_t *s, int64_t id, svc_rel_level_t level, relationship_t **out)
{
	relationship_t *rel = NULL;
	int st = store_rel_get(s->db, s->arena, id, &rel);
	if (st != DB_OK)
		return svc_db(s, st);
	if (!rel)
		return svc_not_found(s, "relationship", id);
	*out = rel;
	svc_scope_relationship(s, id);
	if (s->uid == rel->mentor_id || s->uid == rel->mentee_id)
		return SVC_OK;
	bool manager = s->role == ROLE_ADMIN;
	if (!manager && s->role == ROLE_MANAGER &&
	    (st = store_program_is_manager(s->db, rel->program_id, s->uid, &manager)) != DB_OK)
		return svc_db(s, st);
	if (!manager)
		return svc_not_found(s, "relationship", id);
	if (level == SVC_REL_CONTENT)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden",
				"what happens inside a relationship is private to the mentor and the mentee");
	return SVC_OK;
}

int svc_rel_child_access(svc_t *s, int db, bool found, int64_t rel_id, const char *what, int64_t id,
			 relationship_t **out)
{
	if (db != DB_OK)
		return svc_db(s, db);
	if (!found)
		return svc_not_found(s, what, id);
	int st = svc_rel_access(s, rel_id, SVC_REL_CONTENT, out);
	if (st == SVC_NOT_FOUND)
		return svc_not_found(s, what, id);
	return st;
}

int svc_rel_phase(svc_t *s, const relationship_t *rel, phase_action_t a)
{
	const char *why = phase_refusal((phase_t)rel->phase, a);
	if (!why)
		return SVC_OK;
	s->err.phase = phase_name((phase_t)rel->phase);
	s->err.has_phase = true;
	return svc_fail(s, SVC_CONFLICT, "wrong_phase", "%s", why);
}

bool svc_rel_is_mentor(const svc_t *s, const relationship_t *rel)
{
	return s->uid == rel->mentor_id;
}

int64_t svc_rel_other(const svc_t *s, const relationship_t *rel)
{
	return s->uid == rel->mentor_id ? rel->mentee_id : rel->mentor_id;
}

int svc_rel_move(svc_t *s, relationship_t *rel, phase_t p, const char *why)
{
	if (rel->phase == (int)p)
		return DB_OK;
	int st = store_rel_set_phase(s->db, rel->id, p, s->uid, why);
	if (st == DB_OK)
		rel->phase = p;
	return st;
}

int svc_rel_maybe_start_working(svc_t *s, relationship_t *rel)
{
	if (rel->phase != PHASE_GOAL_SETTING)
		return DB_OK;
	int64_t one = 0, confirmed = 0;
	bool signed_both = false;
	int st = sql_agreement_signed_both(s->db, rel->id, &one, &signed_both);
	if (st != DB_OK || !signed_both)
		return st;
	st = store_goal_count_confirmed(s->db, rel->id, &confirmed);
	if (st != DB_OK || confirmed == 0)
		return st;
	return svc_rel_move(s, rel, PHASE_WORKING,
			    "agreement signed by both and a goal confirmed: the working phase begins");
}

int svc_rel_check_pair(svc_t *s, const program_t *prog, int64_t mentor_id, int64_t mentee_id,
		       const char **conflict)
{
	participant_t *mp = NULL, *ep = NULL;
	int st = store_participant_get(s->db, s->arena, prog->id, mentor_id, "mentor", &mp);
	if (st == DB_OK)
		st = store_participant_get(s->db, s->arena, prog->id, mentee_id, "mentee", &ep);
	if (st != DB_OK)
		return svc_db(s, st);
	if (!mp)
		svc_field(s, "mentor_id", "is not a mentor in this program");
	if (!ep)
		svc_field(s, "mentee_id", "is not a mentee in this program");
	if (mentor_id == mentee_id)
		svc_field(s, "mentee_id", "a person cannot mentor themselves");
	if (s->fields.n)
		return SVC_OK;
	/* Never the mentee's own manager, nor anyone above them. */
	bool in_chain = false;
	if ((st = store_manager_would_cycle(s->db, mentor_id, mentee_id, &in_chain)) != DB_OK)
		return svc_db(s, st);
	if (in_chain) {
		svc_field(s, "mentor_id", "is in the mentee's management chain");
		return SVC_OK;
	}
	int64_t mentee_active = 0, pair = 0, mentor_active = 0;
	st = store_rel_active_counts(s->db, prog->id, mentor_id, mentee_id, &mentee_active, &pair, &mentor_active);
	if (st != DB_OK)
		return svc_db(s, st);
	if (pair)
		*conflict = "these two already have an active relationship in this program";
	else if (mentor_active >= mp->capacity)
		*conflict = arena_printf(s->arena, "the mentor is at capacity (%d)", mp->capacity);
	else if (mentee_active >= prog->max_mentors_per_mentee)
		*conflict = arena_printf(s->arena, "the mentee already has %lld mentors, the most this program allows",
					 (long long)mentee_active);
	return SVC_OK;
}
