/* Profiles: GET and PUT /me/profile for oneself, GET /users/{id}/profile
 * for administrators and managers. PUT replaces the fields it names and
 * keeps the others; the whole result is validated before anything is
 * written. */
#include "api/api.h"
#include "core/profile.h"
#include "core/timeutil.h"

#include <string.h>

static const char *const channels[] = {"video", "phone", "in_person", "chat", "email", NULL};
static const char *const styles[] = {"structured", "conversational", "flexible", NULL};

static json_t *strlist_json(const strlist_t *l)
{
	json_t *a = json_array();
	for (int i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static json_t *opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *api_profile_json(const profile_t *p)
{
	json_t *avail = json_array();
	for (int i = 0; i < p->n_availability; i++) {
		char a[6], b[6];
		clock_format(p->availability[i].start_min, a);
		clock_format(p->availability[i].end_min, b);
		json_array_append_new(avail, json_pack("{s:i, s:s, s:s}", "day", p->availability[i].day,
						       "start", a, "end", b));
	}
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "user_id", (json_int_t)p->user_id,
			      "headline", p->headline, "bio", p->bio, "department", p->department,
			      "location", p->location, "timezone", p->timezone);
	json_object_set_new(o, "seniority", p->seniority ? json_integer(p->seniority) : json_null());
	json_object_set_new(o, "manager_id", p->manager_id ? json_integer(p->manager_id) : json_null());
	json_object_set_new(o, "languages", strlist_json(&p->languages));
	json_object_set_new(o, "skills_offered", strlist_json(&p->skills_offered));
	json_object_set_new(o, "skills_wanted", strlist_json(&p->skills_wanted));
	json_object_set_new(o, "interests", strlist_json(&p->interests));
	json_object_set_new(o, "availability", avail);
	json_object_set_new(o, "preferred_channel", opt_str(p->preferred_channel));
	json_object_set_new(o, "meeting_style", opt_str(p->meeting_style));
	json_object_set_new(o, "preferences", json_string(p->preferences));
	json_t *mentors = json_array();
	for (int i = 0; i < p->n_pref_mentors; i++)
		json_array_append_new(mentors, json_integer(p->pref_mentors[i]));
	json_object_set_new(o, "mentor_preferences", json_pack("{s:o, s:o, s:o}",
		"departments", strlist_json(&p->pref_departments), "languages", strlist_json(&p->pref_languages),
		"mentors", mentors));
	json_object_set_new(o, "updated_at", p->updated_at ? api_time(p->updated_at) : json_null());
	return o;
}

/* The people a person asked never to be paired with are theirs alone to see. */
static void add_avoid(json_t *o, const profile_t *p)
{
	json_t *avoid = json_array();
	for (int i = 0; i < p->n_avoid; i++)
		json_array_append_new(avoid, json_integer(p->avoid[i]));
	json_object_set_new(json_object_get(o, "mentor_preferences"), "avoid", avoid);
}

/* A list of user ids at in->root[obj][key]; false on a type error. */
static bool read_ids(jin_t *in, json_t *obj, const char *key, const char *field, int64_t **out, int *n)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return true;
	if (!json_is_array(v) || json_array_size(v) > PROFILE_LIST_MAX) {
		verr_addf(&in->errs, in->r->arena, field, "must be an array of at most %d user ids", PROFILE_LIST_MAX);
		return false;
	}
	*n = (int)json_array_size(v);
	*out = arena_alloc(in->r->arena, sizeof(int64_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++) {
		json_t *e = json_array_get(v, (size_t)i);
		if (!json_is_integer(e) || json_integer_value(e) < 1) {
			verr_add(&in->errs, field, "must contain user ids");
			return false;
		}
		(*out)[i] = json_integer_value(e);
	}
	return true;
}

/* mentor_preferences: {departments[], languages[], mentors[ids], avoid[ids]};
 * the members given replace the current ones. */
static void read_prefs(jin_t *in, profile_t *p)
{
	json_t *m = json_object_get(in->root, "mentor_preferences");
	if (!m)
		return;
	if (!json_is_object(m)) {
		verr_add(&in->errs, "mentor_preferences", "must be an object {departments, languages, mentors, avoid}");
		return;
	}
	jin_t sub = {.r = in->r, .root = m};
	jin_strlist(&sub, "departments", JIN_NULLABLE, PROFILE_LIST_MAX, PROFILE_ITEM_MAX, &p->pref_departments);
	jin_strlist(&sub, "languages", JIN_NULLABLE, PROFILE_LIST_MAX, PROFILE_ITEM_MAX, &p->pref_languages);
	for (int i = 0; i < sub.errs.n; i++)
		verr_add(&in->errs, arena_printf(in->r->arena, "mentor_preferences.%s", sub.errs.e[i].field),
			 sub.errs.e[i].msg);
	read_ids(in, m, "mentors", "mentor_preferences.mentors", &p->pref_mentors, &p->n_pref_mentors);
	read_ids(in, m, "avoid", "mentor_preferences.avoid", &p->avoid, &p->n_avoid);
}

static void read_availability(jin_t *in, profile_t *p)
{
	json_t *v = json_object_get(in->root, "availability");
	if (!v)
		return;
	if (!json_is_array(v)) {
		verr_add(&in->errs, "availability", "must be an array of {day, start, end}");
		return;
	}
	size_t n = json_array_size(v);
	if (n > PROFILE_AVAIL_MAX) {
		verr_addf(&in->errs, in->r->arena, "availability", "at most %d windows", PROFILE_AVAIL_MAX);
		return;
	}
	p->availability = arena_alloc(in->r->arena, sizeof(avail_t) * (n + 1));
	p->n_availability = (int)n;
	for (size_t i = 0; i < n; i++) {
		json_t *w = json_array_get(v, i), *day = json_object_get(w, "day");
		const char *start = json_string_value(json_object_get(w, "start"));
		const char *end = json_string_value(json_object_get(w, "end"));
		avail_t *a = &p->availability[i];
		if (!json_is_object(w) || !json_is_integer(day)) {
			verr_addf(&in->errs, in->r->arena, "availability",
				  "window %zu needs day 1-7, start and end as \"HH:MM\"", i + 1);
			return;
		}
		json_int_t d = json_integer_value(day);
		a->day = d < 1 || d > 7 ? 0 : (int)d;
		if (!clock_parse(start, &a->start_min) || !clock_parse(end, &a->end_min)) {
			verr_addf(&in->errs, in->r->arena, "availability",
				  "window %zu: start and end must be times \"HH:MM\"", i + 1);
			return;
		}
	}
}

/* Applies the fields present in the body onto p and validates the result. */
static bool read_profile(req_t *r, profile_t *p, verr_t *errs)
{
	jin_t in;
	int64_t seniority = p->seniority, manager = p->manager_id;
	if (!jin_open(&in, r))
		return false;
	jin_str(&in, "headline", 0, 200, &p->headline);
	jin_str(&in, "bio", 0, 5000, &p->bio);
	jin_str(&in, "department", 0, 100, &p->department);
	jin_str(&in, "location", 0, 100, &p->location);
	jin_str(&in, "timezone", 0, 64, &p->timezone);
	jin_int(&in, "seniority", JIN_NULLABLE, 1, 10, &seniority);
	jin_int(&in, "manager_id", JIN_NULLABLE, 1, INT64_MAX, &manager);
	jin_strlist(&in, "languages", JIN_NULLABLE, PROFILE_LIST_MAX, PROFILE_ITEM_MAX, &p->languages);
	jin_strlist(&in, "skills_offered", JIN_NULLABLE, PROFILE_LIST_MAX, PROFILE_ITEM_MAX, &p->skills_offered);
	jin_strlist(&in, "skills_wanted", JIN_NULLABLE, PROFILE_LIST_MAX, PROFILE_ITEM_MAX, &p->skills_wanted);
	jin_strlist(&in, "interests", JIN_NULLABLE, PROFILE_LIST_MAX, PROFILE_ITEM_MAX, &p->interests);
	jin_enum(&in, "preferred_channel", JIN_NULLABLE, channels, &p->preferred_channel);
	jin_enum(&in, "meeting_style", JIN_NULLABLE, styles, &p->meeting_style);
	jin_str(&in, "preferences", 0, 2000, &p->preferences);
	read_availability(&in, p);
	read_prefs(&in, p);
	p->seniority = (int)seniority;
	p->manager_id = manager;
	jin_close(&in);
	*errs = in.errs;
	return true;
}

/* Every named person is a mentor in a program the person takes part in:
 * the only people a mentee can prefer or avoid, and no way to probe the
 * rest of the directory through this field. */
static int check_people(req_t *r, const profile_t *p, const int64_t *ids, int n, const char *field,
			verr_t *errs)
{
	for (int i = 0; i < n; i++) {
		bool ok = false;
		int st = ids[i] == p->user_id ? DB_OK : store_is_fellow_mentor(r->db, p->user_id, ids[i], &ok);
		if (st != DB_OK)
			return st;
		if (!ok) {
			verr_addf(errs, r->arena, field, "%lld is not a mentor in any of your programs", (long long)ids[i]);
			return DB_OK;
		}
	}
	return DB_OK;
}

/* Domain checks that need the database: the manager exists, no loop; the
 * people in the mentor preferences exist. */
static int check_manager(req_t *r, const profile_t *p, verr_t *errs)
{
	int st = check_people(r, p, p->pref_mentors, p->n_pref_mentors, "mentor_preferences.mentors", errs);
	if (st == DB_OK)
		st = check_people(r, p, p->avoid, p->n_avoid, "mentor_preferences.avoid", errs);
	if (st != DB_OK || !p->manager_id)
		return st;
	user_t *m = NULL;
	st = store_user_get(r->db, r->arena, p->manager_id, &m);
	if (st != DB_OK)
		return st;
	if (!m) {
		verr_add(errs, "manager_id", "no such user");
		return DB_OK;
	}
	bool cycle = false;
	st = store_manager_would_cycle(r->db, p->user_id, p->manager_id, &cycle);
	if (st == DB_OK && cycle)
		verr_add(errs, "manager_id", "would make a loop in the management chain");
	return st;
}

static void show(req_t *r, int64_t user_id)
{
	profile_t *p = NULL;
	int st = store_profile_get(r->db, r->arena, user_id, &p);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	json_t *o = api_profile_json(p);
	if (user_id == r->who.user_id)
		add_avoid(o, p);
	resp_json(r, 200, o);
}

static void me_get(req_t *r)
{
	show(r, r->who.user_id);
}

int api_profile_save(req_t *r, profile_t *p, verr_t *errs)
{
	if (errs->n == 0)
		profile_validate(p, errs, r->arena);
	if (errs->n)
		return DB_OK;
	int st = db_begin(r->db);
	if (st == DB_OK)
		st = check_manager(r, p, errs);
	if (st == DB_OK && errs->n == 0)
		st = store_profile_put(r->db, r->arena, p);
	if (st == DB_OK && errs->n == 0)
		return db_commit(r->db);
	db_rollback(r->db);
	return st;
}

static void me_put(req_t *r)
{
	profile_t *p = NULL;
	verr_t errs = {0};
	int st = store_profile_get(r->db, r->arena, r->who.user_id, &p);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (!read_profile(r, p, &errs))
		return;
	st = api_profile_save(r, p, &errs);
	if (st != DB_OK)
		resp_db(r, st);
	else if (errs.n)
		resp_invalid(r, &errs);
	else
		show(r, r->who.user_id);
}

static void user_profile(req_t *r)
{
	if (r->who.role < ROLE_MANAGER && r->id[0] != r->who.user_id) {
		resp_error(r, 403, "forbidden", "you can only see your own profile");
		return;
	}
	user_t *u = NULL;
	int st = store_user_get(r->db, r->arena, r->id[0], &u);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (!u) {
		resp_error(r, 404, "not_found", "no user %lld", (long long)r->id[0]);
		return;
	}
	show(r, u->id);
}

void api_profile_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/me/profile", me_get, 0, NULL},
		{"PUT", "/api/v1/me/profile", me_put, 0, NULL},
		{"GET", "/api/v1/users/{id}/profile", user_profile, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
