/* Programs: administrators and managers create them; a program's managers
 * (and admins) edit them; participants can read the programs they are in. */
#include "api/api.h"
#include "core/timeutil.h"

#include <string.h>

static const char *const kinds[] = {"one_to_one", "group", "reverse", "peer", NULL};
static const char *const matchings[] = {"optimal", "stable", "self", NULL};
/* The matching criteria a program can weigh (see docs/matching.md). */
static const char *const criteria[] = {"skills", "interests", "languages", "seniority", "department",
				       "timezone", "availability", "preferences", NULL};

json_t *api_program_json(const program_t *p)
{
	json_t *managers = json_array();
	for (int i = 0; i < p->n_managers; i++)
		json_array_append_new(managers, json_integer(p->managers[i]));
	json_t *weights = json_loads(p->weights_json, 0, NULL);
	if (!weights)
		weights = json_object();
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:o, s:i, s:i, s:o, s:o}",
			 "id", (json_int_t)p->id, "name", p->name, "description", p->description,
			 "kind", p->kind, "starts_on", p->starts_on, "ends_on", p->ends_on,
			 "matching", p->matching, "cadence_days", p->cadence_days,
			 "max_mentors_per_mentee", p->max_mentors_per_mentee, "weights", weights,
			 "managers", managers, "mentors", p->n_mentors, "mentees", p->n_mentees,
			 "created_at", api_time(p->created_at), "updated_at", api_time(p->updated_at));
}

static void read_weights(jin_t *in, program_t *p)
{
	json_t *w = json_object_get(in->root, "weights");
	if (!w)
		return;
	if (!json_is_object(w)) {
		verr_add(&in->errs, "weights", "must be an object of criterion: weight");
		return;
	}
	const char *key;
	json_t *val;
	json_object_foreach(w, key, val) {
		bool known = false;
		for (const char *const *c = criteria; *c; c++)
			known |= strcmp(*c, key) == 0;
		if (!known) {
			verr_addf(&in->errs, in->r->arena, "weights",
				  "unknown criterion \"%s\" (known: skills, interests, languages, seniority, "
				  "department, timezone, availability, preferences)", key);
			return;
		}
		if (!json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > 100) {
			verr_addf(&in->errs, in->r->arena, "weights", "\"%s\" must be an integer 0-100", key);
			return;
		}
	}
	char *s = json_dumps(w, JSON_COMPACT | JSON_SORT_KEYS);
	p->weights_json = arena_strdup(in->r->arena, s);
	free(s);
}

/* Reads managers[]: active users with the manager or admin role. */
static int read_managers(jin_t *in, int64_t **ids, int *n, bool *given)
{
	json_t *m = json_object_get(in->root, "managers");
	*given = m != NULL;
	if (!m)
		return DB_OK;
	if (!json_is_array(m) || json_array_size(m) > 20) {
		verr_add(&in->errs, "managers", "must be an array of at most 20 user ids");
		return DB_OK;
	}
	*n = (int)json_array_size(m);
	*ids = arena_alloc(in->r->arena, sizeof(int64_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++) {
		json_t *e = json_array_get(m, (size_t)i);
		user_t *u = NULL;
		if (!json_is_integer(e)) {
			verr_add(&in->errs, "managers", "must contain user ids");
			return DB_OK;
		}
		(*ids)[i] = json_integer_value(e);
		int st = store_user_get(in->r->db, in->r->arena, (*ids)[i], &u);
		if (st != DB_OK)
			return st;
		if (!u || !u->active || u->role < ROLE_MANAGER) {
			verr_addf(&in->errs, in->r->arena, "managers",
				  "user %lld is not an active manager or admin", (long long)(*ids)[i]);
			return DB_OK;
		}
	}
	return DB_OK;
}

static void read_program(jin_t *in, program_t *p, bool create)
{
	int flags = create ? JIN_REQUIRED : 0;
	int64_t cadence = p->cadence_days, maxm = p->max_mentors_per_mentee;
	jin_str(in, "name", flags, 200, &p->name);
	jin_str(in, "description", 0, 5000, &p->description);
	jin_enum(in, "kind", 0, kinds, &p->kind);
	jin_date(in, "starts_on", flags, &p->starts_on);
	jin_date(in, "ends_on", flags, &p->ends_on);
	jin_enum(in, "matching", 0, matchings, &p->matching);
	jin_int(in, "cadence_days", 0, 1, 365, &cadence);
	jin_int(in, "max_mentors_per_mentee", 0, 1, 10, &maxm);
	read_weights(in, p);
	p->cadence_days = (int)cadence;
	p->max_mentors_per_mentee = (int)maxm;
	if (p->name && !*p->name)
		verr_add(&in->errs, "name", "must not be empty");
	if (p->starts_on && p->ends_on && !verr_has(&in->errs, "starts_on") &&
	    !verr_has(&in->errs, "ends_on") && strcmp(p->starts_on, p->ends_on) > 0)
		verr_add(&in->errs, "ends_on", "must not be before starts_on");
}

static void respond_program(req_t *r, int status, int64_t id)
{
	program_t *p = NULL;
	int st = store_program_get(r->db, r->arena, id, &p);
	if (st != DB_OK || !p)
		resp_db(r, st == DB_OK ? DB_ERROR : st);
	else
		resp_json(r, status, api_program_json(p));
}

static void list(req_t *r)
{
	int limit = http_limit(r, 50, 200), n;
	program_t *items;
	int st = store_program_list(r->db, r->arena, r->who.user_id, r->who.role, http_cursor(r), limit,
				    &items, &n);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, api_program_json(&items[i]));
	resp_list(r, arr, n, limit, n ? items[n - 1].id : 0);
}

static void create(req_t *r)
{
	if (!api_require_role(r, ROLE_MANAGER))
		return;
	program_t p = {.description = "", .kind = "one_to_one", .matching = "optimal",
		       .cadence_days = 14, .max_mentors_per_mentee = 2, .weights_json = "{}"};
	int64_t *managers = NULL;
	int nmanagers = 0;
	bool given;
	jin_t in;
	if (!jin_open(&in, r))
		return;
	read_program(&in, &p, true);
	int st = read_managers(&in, &managers, &nmanagers, &given);
	jin_close(&in);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (jin_failed(&in))
		return;
	if (r->who.role == ROLE_MANAGER) {
		/* A manager who creates a program always manages it. */
		bool listed = false;
		for (int i = 0; i < nmanagers; i++)
			listed |= managers[i] == r->who.user_id;
		if (!listed) {
			int64_t *all = arena_alloc(r->arena, sizeof(int64_t) * (size_t)(nmanagers + 1));
			if (nmanagers)
				memcpy(all, managers, sizeof(int64_t) * (size_t)nmanagers);
			all[nmanagers++] = r->who.user_id;
			managers = all;
		}
	}
	int64_t id = 0;
	if (!api_begin(r))
		return;
	st = store_program_insert(r->db, &p, r->who.user_id, &id);
	if (st == DB_OK)
		st = store_program_set_managers(r->db, id, managers, nmanagers);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "program.create", "program", id, p.name);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		respond_program(r, 201, id);
}

static void get(req_t *r)
{
	program_t *p;
	if (api_program_access(r, r->id[0], false, &p))
		resp_json(r, 200, api_program_json(p));
}

static void patch(req_t *r)
{
	program_t *p;
	if (!api_program_access(r, r->id[0], true, &p))
		return;
	int64_t *managers = NULL;
	int nmanagers = 0;
	bool given;
	jin_t in;
	if (!jin_open(&in, r))
		return;
	read_program(&in, p, false);
	int st = read_managers(&in, &managers, &nmanagers, &given);
	jin_close(&in);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (given && nmanagers == 0)
		verr_add(&in.errs, "managers", "a program needs at least one manager");
	if (jin_failed(&in))
		return;
	if (!api_begin(r))
		return;
	st = store_program_update(r->db, p);
	if (st == DB_OK && given)
		st = store_program_set_managers(r->db, p->id, managers, nmanagers);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "program.update", "program", p->id, p->name);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		respond_program(r, 200, p->id);
}

void api_programs_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/programs", list, 0},
		{"POST", "/api/v1/programs", create, 0},
		{"GET", "/api/v1/programs/{id}", get, 0},
		{"PATCH", "/api/v1/programs/{id}", patch, 0},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
	api_participants_register();
}
