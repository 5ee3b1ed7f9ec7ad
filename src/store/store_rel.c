/* Relationships, their history and their agreement, as the domain's
 * records (core/model.h), composed from the named statements of
 * sql/relationship.sql. The services read the history, the agreement and
 * the closings through the typed sql_ functions directly; what is here is
 * what several callers share (the relationship record, its phase moves
 * with their history line, the pair rules' counts). */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "store/stmts.h"
#include "core/phase.h"
#include "core/timeutil.h"

static void from_row(const row_relationship_t *r, relationship_t *out)
{
	int ph = phase_parse(r->phase);
	*out = (relationship_t){.id = r->id, .program_id = r->program_id, .mentor_id = r->mentor_id,
				.mentee_id = r->mentee_id, .phase = ph < 0 ? PHASE_GETTING_TO_KNOW : ph,
				.origin = r->origin,
				.keep_in_touch_days = r->keep_in_touch_days_null ? -1 : (int)r->keep_in_touch_days,
				.created_at = r->created_at, .updated_at = r->updated_at,
				.completed_at = r->completed_at_null ? 0 : r->completed_at,
				.program_name = r->program_name, .program_ends_on = r->program_ends_on,
				.program_cadence_days = (int)r->program_cadence_days,
				.mentor_name = r->mentor_name, .mentee_name = r->mentee_name,
				.program_archived = r->program_archived,
				.ended_by_org_at = r->ended_by_org_at_null ? 0 : r->ended_by_org_at};
}

int store_rel_insert(db_t *db, const relationship_t *r, int64_t created_by, int64_t *id)
{
	const char *origin = r->origin ? r->origin : "manual";
	int st = sql_rel_insert(db, r->program_id, r->mentor_id, r->mentee_id, origin, created_by, time_now(),
				id, NULL);
	if (st == DB_OK)
		st = store_rel_event(db, *id, created_by, "created", origin);
	return st;
}

int store_rel_get(db_t *db, arena_t *a, int64_t id, relationship_t **out)
{
	row_relationship_t *r;
	*out = NULL;
	int st = sql_rel_get(db, a, id, &r);
	if (st != DB_OK || !r)
		return st;
	*out = arena_alloc(a, sizeof(relationship_t));
	from_row(r, *out);
	return DB_OK;
}

int store_rel_list(db_t *db, arena_t *a, int64_t user_id, int64_t program_id, int64_t after,
		   int limit, relationship_t **items, int *n)
{
	row_relationship_t *rows;
	int st = program_id ? sql_rel_list_of_program(db, a, program_id, after, limit, &rows, n)
			    : sql_rel_list_of_user(db, a, user_id, after, limit, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(relationship_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		from_row(&rows[i], &(*items)[i]);
	return DB_OK;
}

int store_rel_active_counts(db_t *db, int64_t program_id, int64_t mentor_id, int64_t mentee_id,
			    int64_t *mentee_active, int64_t *pair_active, int64_t *mentor_active)
{
	/* Read by hand: three integers need no arena. */
	db_stmt_t *s;
	*mentee_active = *pair_active = *mentor_active = 0;
	int st = db_query_named(db, &s, STMT_REL_ACTIVE_COUNTS,
				DB_ARGS(DB_INT(program_id), DB_INT(mentor_id), DB_INT(mentee_id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		*mentee_active = db_col_int(s, 0);
		*pair_active = db_col_int(s, 1);
		*mentor_active = db_col_int(s, 2);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_rel_set_phase(db_t *db, int64_t id, int phase, int64_t actor_id, const char *why)
{
	const char *name = phase_name((phase_t)phase);
	int st = sql_rel_set_phase(db, id, name, time_now());
	if (st == DB_OK)
		st = store_rel_event(db, id, actor_id, "phase", why ? why : name);
	return st;
}

int store_rel_set_keep_in_touch(db_t *db, int64_t id, int every_days)
{
	return sql_rel_set_keep_in_touch(db, id, every_days, time_now());
}

int store_rel_event(db_t *db, int64_t rel_id, int64_t actor_id, const char *kind, const char *detail)
{
	return sql_rel_event_insert(db, rel_id, time_now(), actor_id, kind, detail ? detail : "");
}

int store_agreement_put(db_t *db, int64_t rel_id, int64_t by, const char *purpose,
			const char *expected, int cadence_days, int duration_weeks,
			const char *confidentiality)
{
	return sql_agreement_put(db, rel_id, purpose, expected, cadence_days, duration_weeks, confidentiality,
				 by, time_now());
}

int store_agreement_sign(db_t *db, int64_t rel_id, bool mentor, int64_t at, int *changes)
{
	return mentor ? sql_agreement_sign_mentor(db, rel_id, at, changes)
		      : sql_agreement_sign_mentee(db, rel_id, at, changes);
}

