/* Profiles are served by the generated endpoints (svc/profile.c). What is
 * left here is the profile as a jansson value for the person page of
 * src/web/people.c, which builds its template context from it (it goes when
 * that page calls the profile services itself), and, until the profile
 * page moves onto the services, the save it still calls. */
#include "api/api.h"
#include "core/profile.h"
#include "http/schema_io.h"
#include "svc/profile.h"

json_t *api_profile_json(const profile_t *p)
{
	/* The same shape as the API's answer, written by the same descriptor;
	 * never with the owner's avoid list. */
	arena_t *a = arena_new();
	Profile_t out;
	svc_profile_out(a, p, false, &out);
	json_t *o = sch_to_jansson(&sch_Profile, &out);
	arena_free(a);
	return o;
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
