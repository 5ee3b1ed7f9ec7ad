/* Relationships, their history and their agreement. */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "core/phase.h"
#include "core/timeutil.h"

#define N(a) ((int)(sizeof(a) / sizeof(a[0])))

#define REL_SELECT "SELECT r.id, r.program_id, r.mentor_id, r.mentee_id, r.phase, r.origin, " \
	"COALESCE(r.keep_in_touch_days, -1), r.created_at, r.updated_at, COALESCE(r.completed_at, 0), " \
	"p.name, p.ends_on, p.cadence_days, mu.name, me.name FROM relationships r " \
	"JOIN programs p ON p.id = r.program_id JOIN users mu ON mu.id = r.mentor_id " \
	"JOIN users me ON me.id = r.mentee_id "

static void row_rel(db_stmt_t *s, arena_t *a, relationship_t *r)
{
	r->id = db_col_int(s, 0);
	r->program_id = db_col_int(s, 1);
	r->mentor_id = db_col_int(s, 2);
	r->mentee_id = db_col_int(s, 3);
	int ph = phase_parse(db_col_text(s, 4));
	r->phase = ph < 0 ? PHASE_GETTING_TO_KNOW : ph;
	r->origin = arena_strdup(a, db_col_text(s, 5));
	r->keep_in_touch_days = (int)db_col_int(s, 6);
	r->created_at = db_col_int(s, 7);
	r->updated_at = db_col_int(s, 8);
	r->completed_at = db_col_int(s, 9);
	r->program_name = arena_strdup(a, db_col_text(s, 10));
	r->program_ends_on = arena_strdup(a, db_col_text(s, 11));
	r->program_cadence_days = (int)db_col_int(s, 12);
	r->mentor_name = arena_strdup(a, db_col_text(s, 13));
	r->mentee_name = arena_strdup(a, db_col_text(s, 14));
}

int store_rel_insert(db_t *db, const relationship_t *r, int64_t created_by, int64_t *id)
{
	int64_t now = time_now();
	int st = db_query_int(db, id, NULL,
		"INSERT INTO relationships (program_id, mentor_id, mentee_id, phase, origin, created_by, "
		"created_at, updated_at) VALUES ($1, $2, $3, 'getting_to_know', $4, $5, $6, $6) RETURNING id",
		DB_ARGS(DB_INT(r->program_id), DB_INT(r->mentor_id), DB_INT(r->mentee_id),
			DB_TEXT(r->origin ? r->origin : "manual"), DB_OPT_INT(created_by, created_by),
			DB_INT(now)));
	if (st == DB_OK)
		st = store_rel_event(db, *id, created_by, "created", r->origin ? r->origin : "manual");
	return st;
}

int store_rel_get(db_t *db, arena_t *a, int64_t id, relationship_t **out)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, REL_SELECT "WHERE r.id = $1", DB_ARGS(DB_INT(id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		*out = arena_alloc(a, sizeof(relationship_t));
		row_rel(s, a, *out);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_rel_list(db_t *db, arena_t *a, int64_t user_id, int64_t program_id, int64_t after,
		   int limit, relationship_t **items, int *n)
{
	db_stmt_t *s;
	*n = 0;
	*items = arena_alloc(a, sizeof(relationship_t) * (size_t)(limit > 0 ? limit : 1));
	int st = db_query(db, &s, REL_SELECT
		"WHERE r.id > $1 AND ($2 = 0 OR r.mentor_id = $2 OR r.mentee_id = $2) "
		"AND ($3 = 0 OR r.program_id = $3) ORDER BY r.id LIMIT $4",
		DB_ARGS(DB_INT(after), DB_INT(user_id), DB_INT(program_id), DB_INT(limit)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1)
		row_rel(s, a, &(*items)[(*n)++]);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_rel_active_counts(db_t *db, int64_t program_id, int64_t mentor_id, int64_t mentee_id,
			    int64_t *mentee_active, int64_t *pair_active, int64_t *mentor_active)
{
	int st = db_query_int(db, mentee_active, NULL,
		"SELECT COUNT(*) FROM relationships WHERE program_id = $1 AND mentee_id = $2 "
		"AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')",
		DB_ARGS(DB_INT(program_id), DB_INT(mentee_id)));
	if (st == DB_OK)
		st = db_query_int(db, pair_active, NULL,
			"SELECT COUNT(*) FROM relationships WHERE program_id = $1 AND mentor_id = $2 "
			"AND mentee_id = $3 AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')",
			DB_ARGS(DB_INT(program_id), DB_INT(mentor_id), DB_INT(mentee_id)));
	if (st == DB_OK)
		st = db_query_int(db, mentor_active, NULL,
			"SELECT COUNT(*) FROM relationships WHERE program_id = $1 AND mentor_id = $2 "
			"AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')",
			DB_ARGS(DB_INT(program_id), DB_INT(mentor_id)));
	return st;
}

int store_rel_set_phase(db_t *db, int64_t id, int phase, int64_t actor_id, const char *why)
{
	int64_t now = time_now();
	int st = db_exec(db,
		"UPDATE relationships SET phase = $2, updated_at = $3, "
		"completed_at = CASE WHEN $2 = 'completed' THEN $3 ELSE completed_at END WHERE id = $1",
		DB_ARGS(DB_INT(id), DB_TEXT(phase_name((phase_t)phase)), DB_INT(now)));
	if (st == DB_OK)
		st = store_rel_event(db, id, actor_id, "phase",
				     why ? why : phase_name((phase_t)phase));
	return st;
}

int store_rel_set_keep_in_touch(db_t *db, int64_t id, int every_days)
{
	return db_exec(db, "UPDATE relationships SET keep_in_touch_days = $2, updated_at = $3 WHERE id = $1",
		       DB_ARGS(DB_INT(id), DB_INT(every_days), DB_INT(time_now())));
}

int store_rel_event(db_t *db, int64_t rel_id, int64_t actor_id, const char *kind, const char *detail)
{
	return db_exec(db,
		"INSERT INTO relationship_events (relationship_id, at, actor_id, kind, detail) "
		"VALUES ($1, $2, $3, $4, $5)",
		DB_ARGS(DB_INT(rel_id), DB_INT(time_now()), DB_OPT_INT(actor_id, actor_id), DB_TEXT(kind),
			DB_TEXT(detail ? detail : "")));
}

int store_rel_events(db_t *db, int64_t rel_id, json_t **out)
{
	static const col_t cols[] = {{"id", COL_INT}, {"at", COL_TIME}, {"actor_id", COL_OPT_INT},
				     {"kind", COL_TEXT}, {"detail", COL_TEXT}};
	return store_rows(db, out, cols, N(cols),
		"SELECT id, at, actor_id, kind, detail FROM relationship_events "
		"WHERE relationship_id = $1 ORDER BY at, id", DB_ARGS(DB_INT(rel_id)));
}

int store_agreement_get(db_t *db, int64_t rel_id, json_t **out)
{
	static const col_t cols[] = {
		{"purpose", COL_TEXT}, {"expected_results", COL_TEXT}, {"cadence_days", COL_INT},
		{"duration_weeks", COL_INT}, {"confidentiality", COL_TEXT}, {"version", COL_INT},
		{"updated_by", COL_OPT_INT}, {"updated_at", COL_TIME}, {"mentor_signed_at", COL_OPT_TIME},
		{"mentee_signed_at", COL_OPT_TIME}};
	return store_row(db, out, cols, N(cols),
		"SELECT purpose, expected_results, cadence_days, duration_weeks, confidentiality, version, "
		"updated_by, updated_at, mentor_signed_at, mentee_signed_at FROM agreements "
		"WHERE relationship_id = $1", DB_ARGS(DB_INT(rel_id)));
}

int store_agreement_put(db_t *db, int64_t rel_id, int64_t by, const char *purpose,
			const char *expected, int cadence_days, int duration_weeks,
			const char *confidentiality)
{
	return db_exec(db,
		"INSERT INTO agreements (relationship_id, purpose, expected_results, cadence_days, "
		"duration_weeks, confidentiality, version, updated_by, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) ON CONFLICT (relationship_id) DO UPDATE SET "
		"purpose = excluded.purpose, expected_results = excluded.expected_results, "
		"cadence_days = excluded.cadence_days, duration_weeks = excluded.duration_weeks, "
		"confidentiality = excluded.confidentiality, version = agreements.version + 1, "
		"updated_by = excluded.updated_by, updated_at = excluded.updated_at, "
		"mentor_signed_at = NULL, mentee_signed_at = NULL",
		DB_ARGS(DB_INT(rel_id), DB_TEXT(purpose), DB_TEXT(expected), DB_INT(cadence_days),
			DB_INT(duration_weeks), DB_TEXT(confidentiality), DB_INT(by), DB_INT(time_now())));
}

int store_agreement_sign(db_t *db, int64_t rel_id, bool mentor, int64_t at, int *changes)
{
	if (mentor)
		return db_exec_changes(db, changes,
			"UPDATE agreements SET mentor_signed_at = $2 WHERE relationship_id = $1 "
			"AND mentor_signed_at IS NULL", DB_ARGS(DB_INT(rel_id), DB_INT(at)));
	return db_exec_changes(db, changes,
		"UPDATE agreements SET mentee_signed_at = $2 WHERE relationship_id = $1 "
		"AND mentee_signed_at IS NULL", DB_ARGS(DB_INT(rel_id), DB_INT(at)));
}
