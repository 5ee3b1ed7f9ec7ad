/* Matching storage (see store_match.h). Loading is done in a handful of
 * set-wise queries (participants, list items, availability, managers, past
 * pairs) joined in memory by user id, so a program of 120,000 people loads
 * without a query per person. */
#include "store/store_base.h"
#include "store/store_match.h"
#include "store/store_rel.h"
#include "core/timeutil.h"

#include <stdlib.h>
#include <string.h>

#define N(a) ((int)(sizeof(a) / sizeof(a[0])))
#define ACTIVE "('getting_to_know', 'goal_setting', 'working', 'closing')"

typedef struct uidx {
	int64_t uid;
	int idx;
} uidx_t;

static int cmp_uidx(const void *x, const void *y)
{
	const uidx_t *a = x, *b = y;
	return a->uid < b->uid ? -1 : a->uid > b->uid;
}

/* First entry for uid in the sorted index, or -1. */
static int find_first(const uidx_t *ix, int n, int64_t uid)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (ix[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ix[lo].uid == uid ? lo : -1;
}

static int count_rows(db_t *db, int64_t program_id, int64_t *n)
{
	return db_query_int(db, n, NULL, "SELECT COUNT(*) FROM participants WHERE program_id = $1",
			    DB_ARGS(DB_INT(program_id)));
}

static int load_participants(db_t *db, arena_t *a, int64_t program_id, match_people_t *out)
{
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT x.user_id, x.role, x.capacity, u.name, COALESCE(pr.department, ''), "
		"COALESCE(pr.seniority, 0), COALESCE(pr.timezone, 'UTC'), COALESCE(pr.manager_id, 0), "
		"(SELECT COUNT(*) FROM relationships r WHERE r.program_id = x.program_id AND r.phase IN " ACTIVE
		" AND ((x.role = 'mentor' AND r.mentor_id = x.user_id) OR (x.role = 'mentee' AND r.mentee_id = x.user_id))) "
		"FROM participants x JOIN users u ON u.id = x.user_id LEFT JOIN profiles pr ON pr.user_id = x.user_id "
		"WHERE x.program_id = $1 AND u.active = 1 ORDER BY x.user_id",
		DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		match_person_row_t *p = &out->v[out->n++];
		p->user_id = db_col_int(s, 0);
		p->mentor = !strcmp(db_col_text(s, 1), "mentor");
		p->capacity = (int)db_col_int(s, 2);
		p->name = arena_strdup(a, db_col_text(s, 3));
		p->department = arena_strdup(a, db_col_text(s, 4));
		p->seniority = (int)db_col_int(s, 5);
		p->timezone = arena_strdup(a, db_col_text(s, 6));
		p->manager_id = db_col_int(s, 7);
		p->active = (int)db_col_int(s, 8);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

static strlist_t *list_for(match_person_row_t *p, const char *kind)
{
	if (!strcmp(kind, "skill_offered"))
		return &p->skills_offered;
	if (!strcmp(kind, "skill_wanted"))
		return &p->skills_wanted;
	if (!strcmp(kind, "interest"))
		return &p->interests;
	return &p->languages;
}

static void list_push(arena_t *a, strlist_t *l, const char *v)
{
	if (l->n % 8 == 0) {
		const char **bigger = arena_alloc(a, sizeof(char *) * (size_t)(l->n + 8));
		if (l->n)
			memcpy(bigger, l->v, sizeof(char *) * (size_t)l->n);
		l->v = bigger;
	}
	l->v[l->n++] = v;
}

static int load_items(db_t *db, arena_t *a, int64_t program_id, match_people_t *out, const uidx_t *ix)
{
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT pi.user_id, pi.kind, pi.value FROM profile_items pi "
		"WHERE pi.user_id IN (SELECT user_id FROM participants WHERE program_id = $1) "
		"ORDER BY pi.user_id, pi.kind, pi.position", DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		int k = find_first(ix, out->n, db_col_int(s, 0));
		if (k < 0)
			continue;
		const char *kind = db_col_text(s, 1), *value = arena_strdup(a, db_col_text(s, 2));
		/* Both roles of one person (peer programs) share the profile. */
		for (; k < out->n && ix[k].uid == db_col_int(s, 0); k++)
			list_push(a, list_for(&out->v[ix[k].idx], kind), value);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

static int load_avail(db_t *db, arena_t *a, int64_t program_id, match_people_t *out, const uidx_t *ix)
{
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT user_id, day, start_min, end_min FROM availability "
		"WHERE user_id IN (SELECT user_id FROM participants WHERE program_id = $1) "
		"ORDER BY user_id, day, start_min", DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		int k = find_first(ix, out->n, db_col_int(s, 0));
		for (; k >= 0 && k < out->n && ix[k].uid == db_col_int(s, 0); k++) {
			match_person_row_t *p = &out->v[ix[k].idx];
			if (p->n_avail % 8 == 0) {
				avail_t *bigger = arena_alloc(a, sizeof(avail_t) * (size_t)(p->n_avail + 8));
				if (p->n_avail)
					memcpy(bigger, p->avail, sizeof(avail_t) * (size_t)p->n_avail);
				p->avail = bigger;
			}
			p->avail[p->n_avail++] = (avail_t){(int)db_col_int(s, 1), (int)db_col_int(s, 2),
							   (int)db_col_int(s, 3)};
		}
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

static void push_id(arena_t *a, int64_t **v, int *n, int64_t id)
{
	if (*n % 8 == 0) {
		int64_t *bigger = arena_alloc(a, sizeof(int64_t) * (size_t)(*n + 8));
		if (*n)
			memcpy(bigger, *v, sizeof(int64_t) * (size_t)*n);
		*v = bigger;
	}
	(*v)[(*n)++] = id;
}

static int load_prefs(db_t *db, arena_t *a, int64_t program_id, match_people_t *out, const uidx_t *ix)
{
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT user_id, kind, value FROM profile_prefs "
		"WHERE user_id IN (SELECT user_id FROM participants WHERE program_id = $1 AND role = 'mentee') "
		"ORDER BY user_id, kind, position", DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		int64_t uid = db_col_int(s, 0);
		const char *kind = db_col_text(s, 1), *value = db_col_text(s, 2);
		for (int k = find_first(ix, out->n, uid); k >= 0 && k < out->n && ix[k].uid == uid; k++) {
			match_person_row_t *p = &out->v[ix[k].idx];
			if (p->mentor)
				continue;
			if (!strcmp(kind, "department"))
				list_push(a, &p->pref_departments, arena_strdup(a, value));
			else if (!strcmp(kind, "language"))
				list_push(a, &p->pref_languages, arena_strdup(a, value));
			else if (!strcmp(kind, "mentor"))
				push_id(a, &p->pref_mentors, &p->n_pref_mentors, strtoll(value, NULL, 10));
			else
				push_id(a, &p->avoid, &p->n_avoid, strtoll(value, NULL, 10));
		}
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

/* Reads two-integer rows into a growing arena array. */
static int load_pairs(db_t *db, arena_t *a, const char *sql, int64_t (**out)[2], int *n)
{
	int64_t total = 0;
	db_stmt_t *s;
	int st = db_query(db, &s, sql, DB_NOARGS);
	if (st != DB_OK)
		return st;
	int cap = 1024, rc;
	*out = arena_alloc(a, sizeof(int64_t[2]) * (size_t)cap);
	*n = 0;
	while ((rc = db_step(s)) == 1) {
		if (*n == cap) {
			int64_t(*bigger)[2] = arena_alloc(a, sizeof(int64_t[2]) * (size_t)cap * 2);
			memcpy(bigger, *out, sizeof(int64_t[2]) * (size_t)cap);
			*out = bigger;
			cap *= 2;
		}
		(*out)[*n][0] = db_col_int(s, 0);
		(*out)[*n][1] = db_col_int(s, 1);
		(*n)++;
		total++;
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_match_people(db_t *db, arena_t *a, int64_t program_id, match_people_t *out)
{
	int64_t n = 0;
	memset(out, 0, sizeof(*out));
	int st = count_rows(db, program_id, &n);
	if (st != DB_OK)
		return st;
	out->v = arena_alloc(a, sizeof(match_person_row_t) * (size_t)(n + 1));
	if ((st = load_participants(db, a, program_id, out)) != DB_OK)
		return st;
	uidx_t *ix = arena_alloc(a, sizeof(uidx_t) * (size_t)(out->n + 1));
	for (int i = 0; i < out->n; i++)
		ix[i] = (uidx_t){out->v[i].user_id, i};
	qsort(ix, (size_t)out->n, sizeof(uidx_t), cmp_uidx);
	if ((st = load_items(db, a, program_id, out, ix)) != DB_OK ||
	    (st = load_avail(db, a, program_id, out, ix)) != DB_OK ||
	    (st = load_prefs(db, a, program_id, out, ix)) != DB_OK)
		return st;
	st = load_pairs(db, a, "SELECT mentee_id, mentor_id FROM relationships", &out->past, &out->npast);
	if (st == DB_OK)
		st = load_pairs(db, a, "SELECT user_id, manager_id FROM profiles WHERE manager_id IS NOT NULL",
				&out->managers, &out->nmanagers);
	return st;
}

int store_match_run_insert(db_t *db, int64_t program_id, const char *algorithm, const char *weights,
			   int64_t total, const char *stats, int64_t by, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO match_runs (program_id, algorithm, status, weights, total_score, stats, created_by, "
		"created_at) VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7) RETURNING id",
		DB_ARGS(DB_INT(program_id), DB_TEXT(algorithm), DB_TEXT(weights), DB_INT(total),
			DB_TEXT(stats), DB_OPT_INT(by, by), DB_INT(time_now())));
}

int store_match_pair_put(db_t *db, int64_t run_id, int64_t mentee, int64_t mentor, int score,
			 const char *reasons, bool edited)
{
	return db_exec(db,
		"INSERT INTO match_run_pairs (run_id, mentee_id, mentor_id, score, reasons, edited) "
		"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id, mentee_id) DO UPDATE SET "
		"mentor_id = excluded.mentor_id, score = excluded.score, reasons = excluded.reasons, "
		"edited = excluded.edited",
		DB_ARGS(DB_INT(run_id), DB_INT(mentee), DB_INT(mentor), DB_INT(score), DB_TEXT(reasons),
			DB_INT(edited ? 1 : 0)));
}

int store_match_pair_delete(db_t *db, int64_t run_id, int64_t mentee)
{
	return db_exec(db, "DELETE FROM match_run_pairs WHERE run_id = $1 AND mentee_id = $2",
		       DB_ARGS(DB_INT(run_id), DB_INT(mentee)));
}

int store_match_unmatched_put(db_t *db, int64_t run_id, int64_t mentee, const char *reason)
{
	return db_exec(db,
		"INSERT INTO match_run_unmatched (run_id, mentee_id, reason) VALUES ($1, $2, $3) "
		"ON CONFLICT (run_id, mentee_id) DO UPDATE SET reason = excluded.reason",
		DB_ARGS(DB_INT(run_id), DB_INT(mentee), DB_TEXT(reason)));
}

int store_match_unmatched_delete(db_t *db, int64_t run_id, int64_t mentee)
{
	return db_exec(db, "DELETE FROM match_run_unmatched WHERE run_id = $1 AND mentee_id = $2",
		       DB_ARGS(DB_INT(run_id), DB_INT(mentee)));
}

int store_match_run_total(db_t *db, int64_t run_id)
{
	return db_exec(db,
		"UPDATE match_runs SET total_score = (SELECT COALESCE(SUM(score), 0) FROM match_run_pairs "
		"WHERE run_id = $1) WHERE id = $1", DB_ARGS(DB_INT(run_id)));
}

static const col_t run_cols[] = {
	{"id", COL_INT}, {"program_id", COL_INT}, {"algorithm", COL_TEXT}, {"status", COL_TEXT},
	{"weights", COL_TEXT}, {"total_score", COL_INT}, {"stats", COL_TEXT}, {"created_by", COL_OPT_INT},
	{"created_at", COL_TIME}, {"published_at", COL_OPT_TIME}, {"pairs", COL_INT}, {"unmatched_count", COL_INT}};
#define RUN_SELECT "SELECT r.id, r.program_id, r.algorithm, r.status, r.weights, r.total_score, r.stats, " \
	"r.created_by, r.created_at, r.published_at, " \
	"(SELECT COUNT(*) FROM match_run_pairs p WHERE p.run_id = r.id), " \
	"(SELECT COUNT(*) FROM match_run_unmatched u WHERE u.run_id = r.id) FROM match_runs r "

/* weights and stats are stored as JSON text; hand them out as objects. */
static void inflate(json_t *o, const char *key)
{
	json_t *v = json_loads(json_string_value(json_object_get(o, key)), 0, NULL);
	json_object_set_new(o, key, v ? v : json_object());
}

int store_match_run_get(db_t *db, int64_t id, json_t **out)
{
	static const col_t pair_cols[] = {
		{"mentee_id", COL_INT}, {"mentee_name", COL_TEXT}, {"mentor_id", COL_INT},
		{"mentor_name", COL_TEXT}, {"score", COL_INT}, {"reasons", COL_TEXT}, {"edited", COL_BOOL}};
	static const col_t un_cols[] = {{"mentee_id", COL_INT}, {"mentee_name", COL_TEXT}, {"reason", COL_TEXT}};
	json_t *pairs = NULL, *un = NULL;
	int st = store_row(db, out, run_cols, N(run_cols), RUN_SELECT "WHERE r.id = $1", DB_ARGS(DB_INT(id)));
	if (st != DB_OK || !*out)
		return st;
	st = store_rows(db, &pairs, pair_cols, N(pair_cols),
		"SELECT p.mentee_id, me.name, p.mentor_id, mo.name, p.score, p.reasons, p.edited "
		"FROM match_run_pairs p JOIN users me ON me.id = p.mentee_id JOIN users mo ON mo.id = p.mentor_id "
		"WHERE p.run_id = $1 ORDER BY p.score DESC, p.mentee_id", DB_ARGS(DB_INT(id)));
	if (st == DB_OK)
		st = store_rows(db, &un, un_cols, N(un_cols),
			"SELECT u.mentee_id, me.name, u.reason FROM match_run_unmatched u "
			"JOIN users me ON me.id = u.mentee_id WHERE u.run_id = $1 ORDER BY u.mentee_id",
			DB_ARGS(DB_INT(id)));
	if (st != DB_OK) {
		json_decref(pairs);
		json_decref(*out);
		*out = NULL;
		return st;
	}
	for (size_t i = 0; i < json_array_size(pairs); i++)
		inflate(json_array_get(pairs, i), "reasons");
	inflate(*out, "weights");
	inflate(*out, "stats");
	json_object_set_new(*out, "matches", pairs);
	json_object_set_new(*out, "unmatched", un);
	return DB_OK;
}

int store_match_run_list(db_t *db, int64_t program_id, json_t **out)
{
	int st = store_rows(db, out, run_cols, N(run_cols), RUN_SELECT "WHERE r.program_id = $1 ORDER BY r.id DESC",
			    DB_ARGS(DB_INT(program_id)));
	for (size_t i = 0; st == DB_OK && i < json_array_size(*out); i++) {
		inflate(json_array_get(*out, i), "weights");
		inflate(json_array_get(*out, i), "stats");
	}
	return st;
}

int store_match_run_publish(db_t *db, int64_t id, int *changes)
{
	return db_exec_changes(db, changes,
		"UPDATE match_runs SET status = 'published', published_at = $2 WHERE id = $1 AND status = 'draft'",
		DB_ARGS(DB_INT(id), DB_INT(time_now())));
}

static const col_t req_cols[] = {
	{"id", COL_INT}, {"program_id", COL_INT}, {"mentee_id", COL_INT}, {"mentee_name", COL_TEXT},
	{"mentor_id", COL_INT}, {"mentor_name", COL_TEXT}, {"message", COL_TEXT}, {"status", COL_TEXT},
	{"answer", COL_TEXT}, {"relationship_id", COL_OPT_INT}, {"created_at", COL_TIME},
	{"answered_at", COL_OPT_TIME}};
#define REQ_SELECT "SELECT q.id, q.program_id, q.mentee_id, me.name, q.mentor_id, mo.name, q.message, " \
	"q.status, q.answer, q.relationship_id, q.created_at, q.answered_at FROM mentor_requests q " \
	"JOIN users me ON me.id = q.mentee_id JOIN users mo ON mo.id = q.mentor_id "

int store_request_insert(db_t *db, int64_t program_id, int64_t mentee, int64_t mentor,
			 const char *message, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO mentor_requests (program_id, mentee_id, mentor_id, message, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id",
		DB_ARGS(DB_INT(program_id), DB_INT(mentee), DB_INT(mentor), DB_TEXT(message ? message : ""),
			DB_INT(time_now())));
}

int store_request_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, req_cols, N(req_cols), REQ_SELECT "WHERE q.id = $1", DB_ARGS(DB_INT(id)));
}

int store_request_list(db_t *db, int64_t program_id, int64_t user_id, json_t **out)
{
	return store_rows(db, out, req_cols, N(req_cols),
		REQ_SELECT "WHERE q.program_id = $1 AND ($2 = 0 OR q.mentee_id = $2 OR q.mentor_id = $2) "
		"ORDER BY q.id DESC", DB_ARGS(DB_INT(program_id), DB_INT(user_id)));
}

int store_request_answer(db_t *db, int64_t id, const char *status, const char *answer,
			 int64_t relationship_id, int *changes)
{
	return db_exec_changes(db, changes,
		"UPDATE mentor_requests SET status = $2, answer = $3, relationship_id = $4, answered_at = $5 "
		"WHERE id = $1 AND status = 'pending'",
		DB_ARGS(DB_INT(id), DB_TEXT(status), DB_TEXT(answer ? answer : ""),
			DB_OPT_INT(relationship_id, relationship_id), DB_INT(time_now())));
}
