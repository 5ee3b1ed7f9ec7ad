/* Programs, their managers and their participants. */
#include "store/store.h"
#include "core/timeutil.h"

#define PROGRAM_COLS "p.id, p.name, p.description, p.kind, p.starts_on, p.ends_on, p.matching, " \
	"p.cadence_days, p.max_mentors_per_mentee, p.weights, p.created_at, p.updated_at, " \
	"(SELECT COUNT(*) FROM participants x WHERE x.program_id = p.id AND x.role = 'mentor'), " \
	"(SELECT COUNT(*) FROM participants x WHERE x.program_id = p.id AND x.role = 'mentee')"

static void row_program(db_stmt_t *s, arena_t *a, program_t *p)
{
	p->id = db_col_int(s, 0);
	p->name = arena_strdup(a, db_col_text(s, 1));
	p->description = arena_strdup(a, db_col_text(s, 2));
	p->kind = arena_strdup(a, db_col_text(s, 3));
	p->starts_on = arena_strdup(a, db_col_text(s, 4));
	p->ends_on = arena_strdup(a, db_col_text(s, 5));
	p->matching = arena_strdup(a, db_col_text(s, 6));
	p->cadence_days = (int)db_col_int(s, 7);
	p->max_mentors_per_mentee = (int)db_col_int(s, 8);
	p->weights_json = arena_strdup(a, db_col_text(s, 9));
	p->created_at = db_col_int(s, 10);
	p->updated_at = db_col_int(s, 11);
	p->n_mentors = (int)db_col_int(s, 12);
	p->n_mentees = (int)db_col_int(s, 13);
}

static int load_managers(db_t *db, arena_t *a, program_t *p)
{
	db_stmt_t *s;
	int64_t n = 0;
	int st = db_query_int(db, &n, NULL, "SELECT COUNT(*) FROM program_managers WHERE program_id = $1",
			      DB_ARGS(DB_INT(p->id)));
	if (st != DB_OK)
		return st;
	p->managers = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
	p->n_managers = 0;
	st = db_query(db, &s, "SELECT user_id FROM program_managers WHERE program_id = $1 ORDER BY user_id",
		      DB_ARGS(DB_INT(p->id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1 && p->n_managers < n)
		p->managers[p->n_managers++] = db_col_int(s, 0);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_program_insert(db_t *db, const program_t *p, int64_t created_by, int64_t *id)
{
	int64_t now = time_now();
	return db_query_int(db, id, NULL,
		"INSERT INTO programs (name, description, kind, starts_on, ends_on, matching, cadence_days, "
		"max_mentors_per_mentee, weights, created_by, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
		DB_ARGS(DB_TEXT(p->name), DB_TEXT(p->description), DB_TEXT(p->kind), DB_TEXT(p->starts_on),
			DB_TEXT(p->ends_on), DB_TEXT(p->matching), DB_INT(p->cadence_days),
			DB_INT(p->max_mentors_per_mentee), DB_TEXT(p->weights_json),
			DB_OPT_INT(created_by, created_by), DB_INT(now)));
}

int store_program_get(db_t *db, arena_t *a, int64_t id, program_t **out)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, "SELECT " PROGRAM_COLS " FROM programs p WHERE p.id = $1",
			  DB_ARGS(DB_INT(id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	program_t *p = NULL;
	if (rc == 1) {
		p = arena_alloc(a, sizeof(*p));
		row_program(s, a, p);
	}
	db_done(s);
	if (rc < 0)
		return rc;
	if (p && (st = load_managers(db, a, p)) != DB_OK)
		return st;
	*out = p;
	return DB_OK;
}

int store_program_update(db_t *db, const program_t *p)
{
	return db_exec(db,
		"UPDATE programs SET name = $2, description = $3, kind = $4, starts_on = $5, ends_on = $6, "
		"matching = $7, cadence_days = $8, max_mentors_per_mentee = $9, weights = $10, "
		"updated_at = $11 WHERE id = $1",
		DB_ARGS(DB_INT(p->id), DB_TEXT(p->name), DB_TEXT(p->description), DB_TEXT(p->kind),
			DB_TEXT(p->starts_on), DB_TEXT(p->ends_on), DB_TEXT(p->matching),
			DB_INT(p->cadence_days), DB_INT(p->max_mentors_per_mentee),
			DB_TEXT(p->weights_json), DB_INT(time_now())));
}

int store_program_set_managers(db_t *db, int64_t program_id, const int64_t *ids, int n)
{
	int st = db_exec(db, "DELETE FROM program_managers WHERE program_id = $1",
			 DB_ARGS(DB_INT(program_id)));
	for (int i = 0; st == DB_OK && i < n; i++)
		st = db_exec(db,
			"INSERT INTO program_managers (program_id, user_id) VALUES ($1, $2) "
			"ON CONFLICT DO NOTHING", DB_ARGS(DB_INT(program_id), DB_INT(ids[i])));
	return st;
}

int store_program_list(db_t *db, arena_t *a, int64_t user_id, role_t role, int64_t after,
		       int limit, program_t **items, int *n)
{
	db_stmt_t *s;
	*n = 0;
	*items = arena_alloc(a, sizeof(program_t) * (size_t)(limit > 0 ? limit : 1));
	int st = db_query(db, &s,
		"SELECT " PROGRAM_COLS " FROM programs p WHERE p.id > $1 AND ($2 = 1 "
		"OR EXISTS (SELECT 1 FROM program_managers m WHERE m.program_id = p.id AND m.user_id = $3) "
		"OR EXISTS (SELECT 1 FROM participants x WHERE x.program_id = p.id AND x.user_id = $3)) "
		"ORDER BY p.id LIMIT $4",
		DB_ARGS(DB_INT(after), DB_INT(role == ROLE_ADMIN ? 1 : 0), DB_INT(user_id), DB_INT(limit)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1)
		row_program(s, a, &(*items)[(*n)++]);
	db_done(s);
	if (rc < 0)
		return rc;
	for (int i = 0; i < *n; i++)
		if ((st = load_managers(db, a, &(*items)[i])) != DB_OK)
			return st;
	return DB_OK;
}

int store_program_is_manager(db_t *db, int64_t program_id, int64_t user_id, bool *yes)
{
	int64_t one;
	return db_query_int(db, &one, yes,
		"SELECT 1 FROM program_managers WHERE program_id = $1 AND user_id = $2",
		DB_ARGS(DB_INT(program_id), DB_INT(user_id)));
}

int store_program_is_participant(db_t *db, int64_t program_id, int64_t user_id, bool *yes)
{
	int64_t one;
	return db_query_int(db, &one, yes,
		"SELECT 1 FROM participants WHERE program_id = $1 AND user_id = $2 LIMIT 1",
		DB_ARGS(DB_INT(program_id), DB_INT(user_id)));
}

#define PART_COLS "x.id, x.program_id, x.user_id, x.role, x.capacity, x.created_at, u.name, u.email, " \
	"COALESCE(pr.department, '')"
#define PART_FROM " FROM participants x JOIN users u ON u.id = x.user_id " \
	"LEFT JOIN profiles pr ON pr.user_id = x.user_id "

static void row_participant(db_stmt_t *s, arena_t *a, participant_t *p)
{
	p->id = db_col_int(s, 0);
	p->program_id = db_col_int(s, 1);
	p->user_id = db_col_int(s, 2);
	p->role = arena_strdup(a, db_col_text(s, 3));
	p->capacity = (int)db_col_int(s, 4);
	p->created_at = db_col_int(s, 5);
	p->name = arena_strdup(a, db_col_text(s, 6));
	p->email = arena_strdup(a, db_col_text(s, 7));
	p->department = arena_strdup(a, db_col_text(s, 8));
}

int store_participant_insert(db_t *db, const participant_t *p, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO participants (program_id, user_id, role, capacity, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id",
		DB_ARGS(DB_INT(p->program_id), DB_INT(p->user_id), DB_TEXT(p->role), DB_INT(p->capacity),
			DB_INT(time_now())));
}

int store_participant_get(db_t *db, arena_t *a, int64_t program_id, int64_t user_id,
			  const char *role, participant_t **out)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, "SELECT " PART_COLS PART_FROM
			  "WHERE x.program_id = $1 AND x.user_id = $2 AND x.role = $3",
			  DB_ARGS(DB_INT(program_id), DB_INT(user_id), DB_TEXT(role)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		*out = arena_alloc(a, sizeof(participant_t));
		row_participant(s, a, *out);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_participant_list(db_t *db, arena_t *a, int64_t program_id, const char *role,
			   int64_t after, int limit, participant_t **items, int *n)
{
	db_stmt_t *s;
	*n = 0;
	*items = arena_alloc(a, sizeof(participant_t) * (size_t)(limit > 0 ? limit : 1));
	int st = db_query(db, &s, "SELECT " PART_COLS PART_FROM
			  "WHERE x.program_id = $1 AND ($2 IS NULL OR x.role = $2) AND x.id > $3 "
			  "ORDER BY x.id LIMIT $4",
			  DB_ARGS(DB_INT(program_id), DB_TEXT(role), DB_INT(after), DB_INT(limit)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1)
		row_participant(s, a, &(*items)[(*n)++]);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_is_fellow_mentor(db_t *db, int64_t user_id, int64_t mentor_id, bool *yes)
{
	int64_t one;
	return db_query_int(db, &one, yes,
		"SELECT 1 FROM participants m JOIN participants me ON me.program_id = m.program_id "
		"WHERE m.user_id = $2 AND m.role = 'mentor' AND me.user_id = $1 LIMIT 1",
		DB_ARGS(DB_INT(user_id), DB_INT(mentor_id)));
}
