/* The mentoring agreement the pair write and both sign: purpose, expected
 * results, cadence, duration and confidentiality. Either of the pair writes
 * the terms; new terms clear both signatures. Once both have signed and the
 * mentor has confirmed a goal, the relationship moves to working. Content
 * of the pair: managers get 403. */
#include "svc/rel.h"
#include "core/timeutil.h"
#include "store/stmts.h"

static void agreement_out(const row_agreement_t *g, Agreement_t *out)
{
	*out = (Agreement_t){.purpose = g->purpose, .expected_results = g->expected_results,
			     .cadence_days = g->cadence_days, .duration_weeks = g->duration_weeks,
			     .confidentiality = g->confidentiality, .version = g->version,
			     .updated_by = g->updated_by, .updated_by_null = g->updated_by_null,
			     .updated_at = g->updated_at, .mentor_signed_at = g->mentor_signed_at,
			     .mentor_signed_at_null = g->mentor_signed_at_null,
			     .mentee_signed_at = g->mentee_signed_at,
			     .mentee_signed_at_null = g->mentee_signed_at_null};
}

/* The agreement of rel into out; *found false when none was written yet. */
static int load(svc_t *s, const relationship_t *rel, Agreement_t *out, bool *found)
{
	row_agreement_t *g;
	int st = svc_db(s, sql_agreement_get(s->db, s->arena, rel->id, &g));
	*found = g != NULL;
	if (st == SVC_OK && g)
		agreement_out(g, out);
	return st;
}

static int answer(svc_t *s, const relationship_t *rel, Agreement_t *out)
{
	bool found;
	int st = load(s, rel, out, &found);
	if (st == SVC_OK && !found)
		return svc_fail(s, SVC_NOT_FOUND, "not_found",
				"no agreement yet: PUT one with purpose, expected_results, cadence_days, "
				"duration_weeks and confidentiality");
	return st;
}

int svc_agreement_get(svc_t *s, const in_getAgreement_t *in, Agreement_t *out)
{
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	return st ? st : answer(s, rel, out);
}

int svc_agreement_put(svc_t *s, const in_putAgreement_t *in, Agreement_t *out)
{
	const AgreementPut_t *b = &in->body;
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st || (st = svc_rel_phase(s, rel, ACT_AGREEMENT)) || (st = svc_begin(s)))
		return st;
	int64_t cadence = b->has_cadence_days ? b->cadence_days : rel->program_cadence_days;
	int db = sql_agreement_put(s->db, rel->id, b->purpose, b->expected_results, cadence, b->duration_weeks,
				   b->confidentiality, s->uid, time_now());
	if (db == DB_OK)
		db = store_rel_event(s->db, rel->id, s->uid, "agreement", "terms saved; signatures cleared");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, rel, out);
}

int svc_agreement_sign(svc_t *s, const in_signAgreement_t *in, Agreement_t *out)
{
	relationship_t *rel;
	bool found;
	int changes = 0;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st || (st = svc_rel_phase(s, rel, ACT_AGREEMENT)) || (st = svc_begin(s)))
		return st;
	if ((st = load(s, rel, out, &found)))
		return svc_abort(s, st);
	if (!found)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict", "there is no agreement to sign yet"));
	bool mentor = svc_rel_is_mentor(s, rel);
	int db = mentor ? sql_agreement_sign_mentor(s->db, rel->id, time_now(), &changes)
			: sql_agreement_sign_mentee(s->db, rel->id, time_now(), &changes);
	/* Signing twice changes nothing and records nothing. */
	if (db == DB_OK && changes)
		db = store_rel_event(s->db, rel->id, s->uid, "agreement_signed", mentor ? "mentor" : "mentee");
	if (db == DB_OK)
		db = svc_rel_maybe_start_working(s, rel);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, rel, out);
}
