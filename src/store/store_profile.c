/* Profiles as the domain's record (core/model.h), composed from the named
 * statements of sql/profile.sql: the scalar fields in one row, the list
 * fields in profile_items (kept in the order the person gave them),
 * availability in its own table, and the mentor preferences. A put
 * replaces the whole profile, inside the caller's transaction. */
#include "store/store_base.h"
#include "store/stmts.h"
#include "core/profile.h"
#include "core/timeutil.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The kinds of profile_items and the list each one fills. */
static const struct {
	const char *kind;
	size_t offset;
} lists[] = {
	{"language", offsetof(profile_t, languages)},
	{"skill_offered", offsetof(profile_t, skills_offered)},
	{"skill_wanted", offsetof(profile_t, skills_wanted)},
	{"interest", offsetof(profile_t, interests)},
};
enum { NLISTS = sizeof(lists) / sizeof(lists[0]) };

static strlist_t *list_of(profile_t *p, int i)
{
	return (strlist_t *)((char *)p + lists[i].offset);
}

static int load_lists(db_t *db, arena_t *a, profile_t *p)
{
	row_profile_item_t *rows;
	int n;
	int st = sql_profile_items(db, a, p->user_id, &rows, &n);
	if (st != DB_OK)
		return st;
	for (int i = 0; i < NLISTS; i++)
		list_of(p, i)->v = arena_alloc(a, sizeof(char *) * PROFILE_LIST_MAX);
	for (int k = 0; k < n; k++)
		for (int i = 0; i < NLISTS; i++) {
			strlist_t *l = list_of(p, i);
			if (strcmp(rows[k].kind, lists[i].kind) == 0 && l->n < PROFILE_LIST_MAX)
				l->v[l->n++] = rows[k].value;
		}
	return DB_OK;
}

static int load_availability(db_t *db, arena_t *a, profile_t *p)
{
	row_profile_window_t *rows;
	int n;
	int st = sql_profile_windows(db, a, p->user_id, &rows, &n);
	if (st != DB_OK)
		return st;
	p->availability = arena_alloc(a, sizeof(avail_t) * PROFILE_AVAIL_MAX);
	for (int k = 0; k < n && p->n_availability < PROFILE_AVAIL_MAX; k++)
		p->availability[p->n_availability++] = (avail_t){(int)rows[k].day, (int)rows[k].start_min,
								  (int)rows[k].end_min};
	return DB_OK;
}

static int load_prefs(db_t *db, arena_t *a, profile_t *p)
{
	row_profile_item_t *rows;
	int n;
	int st = sql_profile_prefs(db, a, p->user_id, &rows, &n);
	if (st != DB_OK)
		return st;
	p->pref_departments.v = arena_alloc(a, sizeof(char *) * PROFILE_LIST_MAX);
	p->pref_languages.v = arena_alloc(a, sizeof(char *) * PROFILE_LIST_MAX);
	p->pref_mentors = arena_alloc(a, sizeof(int64_t) * PROFILE_LIST_MAX);
	p->avoid = arena_alloc(a, sizeof(int64_t) * PROFILE_LIST_MAX);
	for (int k = 0; k < n; k++) {
		const char *kind = rows[k].kind, *value = rows[k].value;
		if (!strcmp(kind, "department") && p->pref_departments.n < PROFILE_LIST_MAX)
			p->pref_departments.v[p->pref_departments.n++] = value;
		else if (!strcmp(kind, "language") && p->pref_languages.n < PROFILE_LIST_MAX)
			p->pref_languages.v[p->pref_languages.n++] = value;
		else if (!strcmp(kind, "mentor") && p->n_pref_mentors < PROFILE_LIST_MAX)
			p->pref_mentors[p->n_pref_mentors++] = strtoll(value, NULL, 10);
		else if (!strcmp(kind, "avoid") && p->n_avoid < PROFILE_LIST_MAX)
			p->avoid[p->n_avoid++] = strtoll(value, NULL, 10);
	}
	return DB_OK;
}

static int save_texts(db_t *db, arena_t *a, int64_t user_id, const char *kind, const strlist_t *l)
{
	int st = DB_OK;
	for (int i = 0; st == DB_OK && i < l->n; i++)
		st = sql_profile_pref_add(db, user_id, kind, i, l->v[i], profile_norm(a, l->v[i]));
	return st;
}

static int save_ids(db_t *db, arena_t *a, int64_t user_id, const char *kind, const int64_t *ids, int n)
{
	int st = DB_OK;
	for (int i = 0; st == DB_OK && i < n; i++) {
		const char *id = arena_printf(a, "%lld", (long long)ids[i]);
		st = sql_profile_pref_add(db, user_id, kind, i, id, id);
	}
	return st;
}

static int save_prefs(db_t *db, arena_t *a, const profile_t *p)
{
	int st = sql_profile_prefs_clear(db, p->user_id);
	if (st == DB_OK)
		st = save_texts(db, a, p->user_id, "department", &p->pref_departments);
	if (st == DB_OK)
		st = save_texts(db, a, p->user_id, "language", &p->pref_languages);
	if (st == DB_OK)
		st = save_ids(db, a, p->user_id, "mentor", p->pref_mentors, p->n_pref_mentors);
	if (st == DB_OK)
		st = save_ids(db, a, p->user_id, "avoid", p->avoid, p->n_avoid);
	return st;
}

int store_profile_get(db_t *db, arena_t *a, int64_t user_id, profile_t **out)
{
	profile_t *p = arena_alloc(a, sizeof(*p));
	p->user_id = user_id;
	p->headline = p->bio = p->department = p->location = p->preferences = "";
	p->timezone = "UTC";
	row_profile_t *r;
	int st = sql_profile_get(db, a, user_id, &r);
	if (st != DB_OK)
		return st;
	if (r) {
		p->headline = r->headline;
		p->bio = r->bio;
		p->department = r->department;
		p->seniority = r->seniority_null ? 0 : (int)r->seniority;
		p->manager_id = r->manager_id_null ? 0 : r->manager_id;
		p->location = r->location;
		p->timezone = r->timezone;
		p->preferred_channel = r->preferred_channel;
		p->meeting_style = r->meeting_style;
		p->preferences = r->preferences;
		p->updated_at = r->updated_at;
	}
	if ((st = load_lists(db, a, p)) != DB_OK || (st = load_availability(db, a, p)) != DB_OK ||
	    (st = load_prefs(db, a, p)) != DB_OK)
		return st;
	*out = p;
	return DB_OK;
}

int store_profile_put(db_t *db, arena_t *a, const profile_t *p)
{
	int st = sql_profile_put(db, p->user_id, p->headline, p->bio, p->department, p->seniority,
				 p->manager_id, p->location, p->timezone, p->preferred_channel,
				 p->meeting_style, p->preferences, time_now());
	if (st == DB_OK)
		st = sql_profile_items_clear(db, p->user_id);
	for (int i = 0; st == DB_OK && i < NLISTS; i++) {
		const strlist_t *l = list_of((profile_t *)p, i);
		for (int j = 0; st == DB_OK && j < l->n; j++)
			st = sql_profile_item_add(db, p->user_id, lists[i].kind, j, l->v[j],
						  profile_norm(a, l->v[j]));
	}
	if (st == DB_OK)
		st = sql_profile_windows_clear(db, p->user_id);
	for (int i = 0; st == DB_OK && i < p->n_availability; i++) {
		const avail_t *w = &p->availability[i];
		st = sql_profile_window_add(db, p->user_id, w->day, w->start_min, w->end_min);
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
		int st = sql_profile_manager_of(db, cur, &next, &found);
		if (st != DB_OK)
			return st;
		cur = found ? next : 0;
	}
	return DB_OK;
}
