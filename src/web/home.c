/* The dashboard at "/": who you are, the programs you take part in and your
 * role in each, your relationships with their phase and next step, mentor
 * requests waiting for your answer, a nudge when your profile is thin
 * (matching depends on it), and for administrators and managers the counts
 * and links they need most (each managed program's matching page). */
#include "web/page.h"
#include "store/store.h"
#include "web/rel_shared.h"
#include "store/store.h"

#include <string.h>

#define HOME_PROGRAMS 50

/* "Manager, Mentor" for the programs list. */
static int roles_label(req_t *r, const program_t *p, const char **out)
{
	bool manager = false, mentor, mentee;
	int st = store_program_is_manager(r->db, p->id, r->who.user_id, &manager);
	if (st == DB_OK)
		st = store_roles_in(r->db, p->id, r->who.user_id, &mentor, &mentee);
	if (st != DB_OK)
		return st;
	buf_t b = BUF_INIT;
	if (manager)
		buf_puts(&b, "Manager");
	if (mentor)
		buf_puts(&b, b.len ? ", Mentor" : "Mentor");
	if (mentee)
		buf_puts(&b, b.len ? ", Mentee" : "Mentee");
	*out = arena_strdup(r->arena, b.len ? buf_cstr(&b) : "—");
	buf_free(&b);
	return DB_OK;
}

/* Adds "programs" and, for managers, the sums over them. */
static int add_programs(req_t *r, json_t *ctx)
{
	program_t *items;
	int n;
	int st = store_program_list(r->db, r->arena, r->who.user_id, r->who.role, 0, HOME_PROGRAMS,
				    &items, &n);
	if (st != DB_OK)
		return st;
	json_t *list = json_array();
	int64_t mentors = 0, mentees = 0;
	for (int i = 0; i < n; i++) {
		const char *roles;
		if ((st = roles_label(r, &items[i], &roles)) != DB_OK) {
			json_decref(list);
			return st;
		}
		mentors += items[i].n_mentors;
		mentees += items[i].n_mentees;
		bool manages = r->who.role == ROLE_ADMIN || strstr(roles, "Manager") != NULL;
		json_array_append_new(list, json_pack("{s:I, s:o, s:s, s:s, s:s, s:i, s:i, s:o, s:b}",
			"id", (json_int_t)items[i].id, "name", page_str(items[i].name),
			"kind", page_kind_label(items[i].kind), "starts_on", items[i].starts_on,
			"ends_on", items[i].ends_on, "mentors", items[i].n_mentors,
			"mentees", items[i].n_mentees, "roles", page_str(roles), "manages", manages));
	}
	json_object_set_new(ctx, "programs", list);
	json_object_set_new(ctx, "has_programs", json_boolean(n > 0));
	json_object_set_new(ctx, "more_programs", json_boolean(n == HOME_PROGRAMS));
	if (r->who.role == ROLE_MANAGER)
		json_object_set_new(ctx, "counts", json_pack("{s:i, s:I, s:I}", "programs", n,
			"mentors", (json_int_t)mentors, "mentees", (json_int_t)mentees));
	return DB_OK;
}

static int add_admin_counts(req_t *r, json_t *ctx)
{
	store_counts_t c;
	int st = store_counts(r->db, &c);
	if (st == DB_OK)
		json_object_set_new(ctx, "counts", json_pack("{s:I, s:I, s:I, s:I}",
			"people", (json_int_t)c.people, "programs", (json_int_t)c.programs,
			"mentors", (json_int_t)c.mentors, "mentees", (json_int_t)c.mentees));
	return st;
}

/* A profile without a headline, skills or availability matches poorly. */
static int add_profile_nudge(req_t *r, json_t *ctx)
{
	profile_t *p = NULL;
	int st = store_profile_get(r->db, r->arena, r->who.user_id, &p);
	if (st != DB_OK)
		return st;
	bool thin = !p->headline || !*p->headline || p->n_availability == 0 ||
		    (p->skills_offered.n == 0 && p->skills_wanted.n == 0);
	json_object_set_new(ctx, "profile_thin", json_boolean(thin));
	return DB_OK;
}

/* Adds the viewer's relationships (through the API, like the pages) and
 * the mentor requests waiting for them. */
static void add_relationships(req_t *r, json_t *ctx)
{
	api_result_t res;
	web_api(r, "GET", "/api/v1/relationships", NULL, &res);
	json_t *rows = json_array(), *rel;
	size_t i;
	json_array_foreach(res.status == 200 ? json_object_get(res.body, "items") : NULL, i, rel) {
		bool mentor = json_integer_value(json_object_get(rel, "mentor_id")) == r->who.user_id;
		json_t *other = json_object_get(rel, mentor ? "mentee" : "mentor");
		json_array_append_new(rows, json_pack("{s:O, s:o, s:s, s:o, s:s, s:o}", "id", json_object_get(rel, "id"),
			"other", page_str(json_string_value(json_object_get(other, "name"))),
			"my_role", mentor ? "You mentor" : "Your mentor",
			"program", page_str(json_string_value(json_object_get(rel, "program_name"))),
			"phase", relp_phase_label(json_string_value(json_object_get(rel, "phase"))),
			"next_step", page_str(json_string_value(json_object_get(rel, "next_step")))));
	}
	api_result_free(&res);
	json_object_set_new(ctx, "has_relationships", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "relationships", rows);
	int pending = 0;
	json_decref(relp_requests_to_me(r, &pending));
	json_object_set_new(ctx, "pending_requests", json_integer(pending));
	json_object_set_new(ctx, "requests_plural", json_boolean(pending > 1));
}

static void dashboard(req_t *r)
{
	json_t *ctx = page_ctx(r, "Dashboard", "home");
	json_object_set_new(ctx, "role_label", page_str(r->who.role == ROLE_ADMIN ? "Administrator" :
		r->who.role == ROLE_MANAGER ? "Program manager" : "Member"));
	int st = add_programs(r, ctx);
	if (st == DB_OK && r->who.role == ROLE_ADMIN)
		st = add_admin_counts(r, ctx);
	if (st == DB_OK)
		st = add_profile_nudge(r, ctx);
	if (st == DB_OK)
		add_relationships(r, ctx);
	if (st != DB_OK) {
		json_decref(ctx);
		page_db_error(r, st);
		return;
	}
	page_render(r, 200, "dashboard", ctx);
}

void web_home_register(void)
{
	static const route_t routes[] = {
		{"GET", "/", dashboard, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
