/* Access rules and phase plumbing for the hand-written relationship
 * handlers (see rel.h); the pair rules and the move to working are the
 * services' (svc/rel.h), so both doors apply the same ones. */
#include "api/rel.h"
#include "api/endpoint.h"
#include "svc/rel.h"

relationship_t *rel_access(req_t *r, int64_t id, rel_level_t level)
{
	relationship_t *rel = NULL;
	int st = store_rel_get(r->db, r->arena, id, &rel);
	if (st != DB_OK) {
		resp_db(r, st);
		return NULL;
	}
	if (!rel) {
		resp_error(r, 404, "not_found", "no relationship %lld", (long long)id);
		return NULL;
	}
	if (r->who.user_id == rel->mentor_id || r->who.user_id == rel->mentee_id)
		return rel;
	bool manager = r->who.role == ROLE_ADMIN;
	if (!manager && r->who.role == ROLE_MANAGER &&
	    (st = store_program_is_manager(r->db, rel->program_id, r->who.user_id, &manager)) != DB_OK) {
		resp_db(r, st);
		return NULL;
	}
	if (!manager) {
		resp_error(r, 404, "not_found", "no relationship %lld", (long long)id);
		return NULL;
	}
	if (level == REL_CONTENT) {
		resp_error(r, 403, "forbidden",
			   "what happens inside a relationship is private to the mentor and the mentee");
		return NULL;
	}
	return rel;
}

relationship_t *rel_child_access(req_t *r, int st, bool found, int64_t rel_id, const char *what,
				 int64_t id)
{
	if (st != DB_OK) {
		resp_db(r, st);
		return NULL;
	}
	relationship_t *rel = found ? rel_access(r, rel_id, REL_CONTENT) : NULL;
	if (!rel && (!found || r->status == 404))
		resp_error(r, 404, "not_found", "no %s %lld", what, (long long)id);
	return rel;
}

bool rel_phase_allows(req_t *r, const relationship_t *rel, phase_action_t a)
{
	const char *why = phase_refusal((phase_t)rel->phase, a);
	if (!why)
		return true;
	json_t *body = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", "wrong_phase", "message", why,
				 "phase", phase_name((phase_t)rel->phase));
	resp_json(r, 409, body);
	return false;
}

bool rel_is_mentor(const req_t *r, const relationship_t *rel)
{
	return r->who.user_id == rel->mentor_id;
}

int64_t rel_other(const req_t *r, const relationship_t *rel)
{
	return r->who.user_id == rel->mentor_id ? rel->mentee_id : rel->mentor_id;
}

int rel_move(req_t *r, relationship_t *rel, phase_t p, const char *why)
{
	if (rel->phase == (int)p)
		return DB_OK;
	int st = store_rel_set_phase(r->db, rel->id, p, r->who.user_id, why);
	if (st == DB_OK)
		rel->phase = p;
	return st;
}

int rel_maybe_start_working(req_t *r, relationship_t *rel)
{
	svc_t s;
	api_svc(r, &s);
	return svc_rel_maybe_start_working(&s, rel);
}

int api_rel_check_pair(req_t *r, const program_t *prog, int64_t mentor_id, int64_t mentee_id,
		       verr_t *errs, const char **conflict)
{
	svc_t s;
	api_svc(r, &s);
	int st = svc_rel_check_pair(&s, prog, mentor_id, mentee_id, conflict);
	for (int i = 0; i < s.fields.n; i++)
		verr_add(errs, s.fields.e[i].field, s.fields.e[i].msg);
	return st == SVC_OK ? DB_OK : st == SVC_BUSY ? DB_BUSY : DB_ERROR;
}

void rel_created(req_t *r, int st, json_t *record)
{
	if (st != DB_OK || !record) {
		json_decref(record);
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	resp_json(r, 201, record);
}

void rel_items(req_t *r, int st, json_t *items)
{
	if (st != DB_OK) {
		json_decref(items);
		resp_db(r, st);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

void rel_list(req_t *r, rel_level_t level, int (*list)(db_t *, int64_t, json_t **))
{
	relationship_t *rel = rel_access(r, r->id[0], level);
	json_t *items = NULL;
	if (!rel)
		return;
	int st = list(r->db, rel->id, &items);
	rel_items(r, st, items);
}
