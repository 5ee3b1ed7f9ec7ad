/* The mentoring agreement both sign. Goals are served by the generated
 * endpoints (svc/goal.c); the agreement's routes are registered here until
 * they move to their services too. */
#include "api/rel.h"
#include "core/timeutil.h"

/* ---- agreement ---- */

static void agreement_get(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel)
		return;
	json_t *ag = NULL;
	int st = store_agreement_get(r->db, rel->id, &ag);
	if (st != DB_OK)
		resp_db(r, st);
	else if (!ag)
		resp_error(r, 404, "not_found", "no agreement yet: PUT one with purpose, expected_results, "
			   "cadence_days, duration_weeks and confidentiality");
	else
		resp_json(r, 200, ag);
}

static void agreement_put(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_AGREEMENT))
		return;
	jin_t in;
	const char *purpose = NULL, *expected = NULL, *conf = NULL;
	int64_t cadence = rel->program_cadence_days, weeks = 0;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "purpose", JIN_REQUIRED, 2000, &purpose);
	jin_str(&in, "expected_results", JIN_REQUIRED, 2000, &expected);
	jin_int(&in, "cadence_days", 0, 1, 365, &cadence);
	jin_int(&in, "duration_weeks", JIN_REQUIRED, 1, 260, &weeks);
	jin_str(&in, "confidentiality", JIN_REQUIRED, 2000, &conf);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int st = store_agreement_put(r->db, rel->id, r->who.user_id, purpose, expected, (int)cadence,
				     (int)weeks, conf);
	if (st == DB_OK)
		st = store_rel_event(r->db, rel->id, r->who.user_id, "agreement", "terms saved; signatures cleared");
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	agreement_get(r);
}

static void agreement_sign(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_AGREEMENT))
		return;
	if (!api_begin(r))
		return;
	json_t *ag = NULL;
	int changes = 0;
	int st = store_agreement_get(r->db, rel->id, &ag);
	if (st == DB_OK && !ag) {
		db_rollback(r->db);
		resp_error(r, 409, "conflict", "there is no agreement to sign yet");
		return;
	}
	json_decref(ag);
	if (st == DB_OK)
		st = store_agreement_sign(r->db, rel->id, rel_is_mentor(r, rel), time_now(), &changes);
	if (st == DB_OK && changes)
		st = store_rel_event(r->db, rel->id, r->who.user_id, "agreement_signed",
				     rel_is_mentor(r, rel) ? "mentor" : "mentee");
	if (st == DB_OK)
		st = rel_maybe_start_working(r, rel);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	agreement_get(r);
}

void api_goals_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/relationships/{id}/agreement", agreement_get, 0, NULL},
		{"PUT", "/api/v1/relationships/{id}/agreement", agreement_put, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/agreement/sign", agreement_sign, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
