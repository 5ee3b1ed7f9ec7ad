/* Profiles: the scalar fields in one row, the list fields in profile_items
 * (kept in the order the person gave them), availability in its own table.
 * A put replaces the whole profile, inside the caller's transaction. */
#include "store/store_base.h"
#include "core/profile.h"
#include "core/timeutil.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *kind;
	size_t offset;
} lists[] = {
	{"language", offsetof(profile_t, languages)},
	{"skill_offered", offsetof(profile_t, skills_offered)},
	{"skill_wanted", offsetof(profile_t, skills_wanted)},
	{"interest", offsetof(profile_t, interests)},
};

static strlist_t *list_of(profile_t *p, int i)
{
	return (strlist_t *)((char *)p + lists[i].offset);
}

static int load_lists(db_t *db, arena_t *a, profile_t *p)
{
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT kind, value FROM profile_items WHERE user_id = $1 ORDER BY kind, position",
		DB_ARGS(DB_INT(p->user_id)));
	if (st != DB_OK)
		return st;
	for (int i = 0; i < 4; i++)
		list_of(p, i)->v = arena_alloc(a, sizeof(char *) * PROFILE_LIST_MAX);
	int rc;
	while ((rc = db_step(s)) == 1) {
		const char *kind = db_col_text(s, 0);
		for (int i = 0; i < 4; i++) {
			strlist_t *l = list_of(p, i);
			if (strcmp(kind, lists[i].kind) == 0 && l->n < PROFILE_LIST_MAX)
				l->v[l->n++] = arena_strdup(a, db_col_text(s, 1));
		}
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

static int load_availability(db_t *db, arena_t *a, profile_t *p)
{
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT day, start_min, end_min FROM availability WHERE user_id = $1 "
		"ORDER BY day, start_min", DB_ARGS(DB_INT(p->user_id)));
	if (st != DB_OK)
		return st;
	p->availability = arena_alloc(a, sizeof(avail_t) * PROFILE_AVAIL_MAX);
	int rc;
	while ((rc = db_step(s)) == 1 && p->n_availability < PROFILE_AVAIL_MAX) {
		avail_t *w = &p->availability[p->n_availability++];
		w->day = (int)db_col_int(s, 0);
		w->start_min = (int)db_col_int(s, 1);
		w->end_min = (int)db_col_int(s, 2);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

static int load_prefs(db_t *db, arena_t *a, profile_t *p)
{
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT kind, value FROM profile_prefs WHERE user_id = $1 ORDER BY kind, position",
		DB_ARGS(DB_INT(p->user_id)));
	if (st != DB_OK)
		return st;
	p->pref_departments.v = arena_alloc(a, sizeof(char *) * PROFILE_LIST_MAX);
	p->pref_languages.v = arena_alloc(a, sizeof(char *) * PROFILE_LIST_MAX);
	p->pref_mentors = arena_alloc(a, sizeof(int64_t) * PROFILE_LIST_MAX);
	p->avoid = arena_alloc(a, sizeof(int64_t) * PROFILE_LIST_MAX);
	int rc;
	while ((rc = db_step(s)) == 1) {
		const char *kind = db_col_text(s, 0), *value = db_col_text(s, 1);
		if (!strcmp(kind, "department") && p->pref_departments.n < PROFILE_LIST_MAX)
			p->pref_departments.v[p->pref_departments.n++] = arena_strdup(a, value);
		else if (!strcmp(kind, "language") && p->pref_languages.n < PROFILE_LIST_MAX)
			p->pref_languages.v[p->pref_languages.n++] = arena_strdup(a, value);
		else if (!strcmp(kind, "mentor") && p->n_pref_mentors < PROFILE_LIST_MAX)
			p->pref_mentors[p->n_pref_mentors++] = strtoll(value, NULL, 10);
		else if (!strcmp(kind, "avoid") && p->n_avoid < PROFILE_LIST_MAX)
			p->avoid[p->n_avoid++] = strtoll(value, NULL, 10);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

static int put_pref(db_t *db, int64_t user_id, const char *kind, int pos, const char *value,
		    const char *norm)
{
	return db_exec(db,
		"INSERT INTO profile_prefs (user_id, kind, position, value, norm) VALUES ($1, $2, $3, $4, $5)",
		DB_ARGS(DB_INT(user_id), DB_TEXT(kind), DB_INT(pos), DB_TEXT(value), DB_TEXT(norm)));
}

static int save_prefs(db_t *db, arena_t *a, const profile_t *p)
{
	int st = db_exec(db, "DELETE FROM profile_prefs WHERE user_id = $1", DB_ARGS(DB_INT(p->user_id)));
	for (int i = 0; st == DB_OK && i < p->pref_departments.n; i++)
		st = put_pref(db, p->user_id, "department", i, p->pref_departments.v[i],
			      profile_norm(a, p->pref_departments.v[i]));
	for (int i = 0; st == DB_OK && i < p->pref_languages.n; i++)
		st = put_pref(db, p->user_id, "language", i, p->pref_languages.v[i],
			      profile_norm(a, p->pref_languages.v[i]));
	for (int i = 0; st == DB_OK && i < p->n_pref_mentors; i++) {
		const char *id = arena_printf(a, "%lld", (long long)p->pref_mentors[i]);
		st = put_pref(db, p->user_id, "mentor", i, id, id);
	}
	for (int i = 0; st == DB_OK && i < p->n_avoid; i++) {
		const char *id = arena_printf(a, "%lld", (long long)p->avoid[i]);
		st = put_pref(db, p->user_id, "avoid", i, id, id);
	}
	return st;
}

int store_profile_get(db_t *db, arena_t *a, int64_t user_id, profile_t **out)
{
	db_stmt_t *s;
	profile_t *p = arena_alloc(a, sizeof(*p));
	p->user_id = user_id;
	p->headline = p->bio = p->department = p->location = p->preferences = "";
	p->timezone = "UTC";
	int st = db_query(db, &s,
		"SELECT headline, bio, department, seniority, manager_id, location, timezone, "
		"preferred_channel, meeting_style, preferences, updated_at FROM profiles WHERE user_id = $1",
		DB_ARGS(DB_INT(user_id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		p->headline = arena_strdup(a, db_col_text(s, 0));
		p->bio = arena_strdup(a, db_col_text(s, 1));
		p->department = arena_strdup(a, db_col_text(s, 2));
		p->seniority = db_col_null(s, 3) ? 0 : (int)db_col_int(s, 3);
		p->manager_id = db_col_null(s, 4) ? 0 : db_col_int(s, 4);
		p->location = arena_strdup(a, db_col_text(s, 5));
		p->timezone = arena_strdup(a, db_col_text(s, 6));
		p->preferred_channel = arena_strdup(a, db_col_text(s, 7));
		p->meeting_style = arena_strdup(a, db_col_text(s, 8));
		p->preferences = arena_strdup(a, db_col_text(s, 9));
		p->updated_at = db_col_int(s, 10);
	}
	db_done(s);
	if (rc < 0)
		return rc;
	if ((st = load_lists(db, a, p)) != DB_OK || (st = load_availability(db, a, p)) != DB_OK ||
	    (st = load_prefs(db, a, p)) != DB_OK)
		return st;
	*out = p;
	return DB_OK;
}

int store_profile_put(db_t *db, arena_t *a, const profile_t *p)
{
	int st = db_exec(db,
		"INSERT INTO profiles (user_id, headline, bio, department, seniority, manager_id, location, "
		"timezone, preferred_channel, meeting_style, preferences, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
		"ON CONFLICT (user_id) DO UPDATE SET headline = excluded.headline, bio = excluded.bio, "
		"department = excluded.department, seniority = excluded.seniority, "
		"manager_id = excluded.manager_id, location = excluded.location, "
		"timezone = excluded.timezone, preferred_channel = excluded.preferred_channel, "
		"meeting_style = excluded.meeting_style, preferences = excluded.preferences, "
		"updated_at = excluded.updated_at",
		DB_ARGS(DB_INT(p->user_id), DB_TEXT(p->headline), DB_TEXT(p->bio), DB_TEXT(p->department),
			DB_OPT_INT(p->seniority, p->seniority), DB_OPT_INT(p->manager_id, p->manager_id),
			DB_TEXT(p->location), DB_TEXT(p->timezone), DB_TEXT(p->preferred_channel),
			DB_TEXT(p->meeting_style), DB_TEXT(p->preferences), DB_INT(time_now())));
	if (st != DB_OK)
		return st;
	st = db_exec(db, "DELETE FROM profile_items WHERE user_id = $1", DB_ARGS(DB_INT(p->user_id)));
	for (int i = 0; st == DB_OK && i < 4; i++) {
		const strlist_t *l = list_of((profile_t *)p, i);
		for (int j = 0; st == DB_OK && j < l->n; j++)
			st = db_exec(db,
				"INSERT INTO profile_items (user_id, kind, position, value, norm) "
				"VALUES ($1, $2, $3, $4, $5)",
				DB_ARGS(DB_INT(p->user_id), DB_TEXT(lists[i].kind), DB_INT(j),
					DB_TEXT(l->v[j]), DB_TEXT(profile_norm(a, l->v[j]))));
	}
	if (st == DB_OK)
		st = db_exec(db, "DELETE FROM availability WHERE user_id = $1",
			     DB_ARGS(DB_INT(p->user_id)));
	for (int i = 0; st == DB_OK && i < p->n_availability; i++) {
		const avail_t *w = &p->availability[i];
		st = db_exec(db,
			"INSERT INTO availability (user_id, day, start_min, end_min) VALUES ($1, $2, $3, $4)",
			DB_ARGS(DB_INT(p->user_id), DB_INT(w->day), DB_INT(w->start_min), DB_INT(w->end_min)));
	}
	if (st == DB_OK)
		st = save_prefs(db, a, p);
	return st;
}

int store_manager_would_cycle(db_t *db, int64_t user_id, int64_t manager_id, bool *cycle)
{
	/* Walk up from the proposed manager; meeting user_id means a loop. The
	 * walk is bounded so a corrupt chain cannot spin forever. */
	*cycle = false;
	int64_t cur = manager_id;
	for (int depth = 0; cur != 0 && depth < 64; depth++) {
		if (cur == user_id) {
			*cycle = true;
			return DB_OK;
		}
		int64_t next = 0;
		bool found;
		int st = db_query_int(db, &next, &found,
			"SELECT COALESCE(manager_id, 0) FROM profiles WHERE user_id = $1",
			DB_ARGS(DB_INT(cur)));
		if (st != DB_OK)
			return st;
		cur = found ? next : 0;
	}
	return DB_OK;
}
