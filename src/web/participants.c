/* A program's participants: the list with a mentor/mentee filter, and for
 * the program's managers a form that enrols a person by email with a role
 * and a capacity. Enrolment rules are the API's (api_enrol), applied in one
 * transaction with its audit record. */
#include "web/page.h"
#include "api/api.h"

#include <string.h>

#define PARTICIPANTS_PAGE 100

static const page_opt_t filter_opts[] = {
	{"", "Everyone"}, {"mentor", "Mentors"}, {"mentee", "Mentees"}, {NULL, NULL}};
static const page_opt_t role_opts[] = {{"mentee", "Mentee"}, {"mentor", "Mentor"}, {NULL, NULL}};
static const page_label_t labels[] = {
	{"email", "Email", NULL}, {"role", "Role", NULL}, {"capacity", "Capacity", NULL},
	{NULL, NULL, NULL}};

static const char *role_filter(req_t *r)
{
	const char *role = http_query(r, "role");
	if (role && (strcmp(role, "mentor") == 0 || strcmp(role, "mentee") == 0))
		return role;
	return NULL;
}

/* Contact details are for the program's managers, as in the API. */
static json_t *participant_json(const participant_t *p, bool manager)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:s, s:i, s:b}", "user_id", (json_int_t)p->user_id,
			 "name", page_str(p->name), "email", page_str(manager ? p->email : ""),
			 "department", page_str(p->department), "role",
			 strcmp(p->role, "mentor") == 0 ? "Mentor" : "Mentee", "capacity", p->capacity,
			 "mentor", strcmp(p->role, "mentor") == 0);
}

static const char *next_url(req_t *r, int64_t program_id, const char *role, int64_t after)
{
	return arena_printf(r->arena, "/programs/%lld/participants?%s%s%safter=%lld",
			    (long long)program_id, role ? "role=" : "", role ? role : "", role ? "&" : "",
			    (long long)after);
}

/* Adds the list to ctx; a DB_ status. */
static int add_list(req_t *r, const program_t *prog, bool manage, json_t *ctx)
{
	const char *role = role_filter(r), *after_s = http_query(r, "after");
	int64_t after = 0;
	if (after_s && !page_parse_int(after_s, 1, INT64_MAX, &after))
		after = 0;
	participant_t *items;
	int n;
	int st = store_participant_list(r->db, r->arena, prog->id, role, after, PARTICIPANTS_PAGE,
					&items, &n);
	if (st != DB_OK)
		return st;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, participant_json(&items[i], manage));
	json_object_set_new(ctx, "participants", arr);
	json_object_set_new(ctx, "has_participants", json_boolean(n > 0));
	json_object_set_new(ctx, "filter", page_select("role", "Show", filter_opts, role ? role : "",
						       NULL, NULL));
	if (n == PARTICIPANTS_PAGE)
		json_object_set_new(ctx, "next_url", page_str(next_url(r, prog->id, role, items[n - 1].id)));
	return DB_OK;
}

static void show(req_t *r, int status, const program_t *prog, bool manage, const char **v,
		 const verr_t *errs)
{
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Participants of %s", prog->name), "programs");
	int st = add_list(r, prog, manage, ctx);
	if (st != DB_OK) {
		json_decref(ctx);
		page_db_error(r, st);
		return;
	}
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o, s:i, s:i}", "id", (json_int_t)prog->id,
		"name", page_str(prog->name), "mentors", prog->n_mentors, "mentees", prog->n_mentees));
	json_object_set_new(ctx, "can_manage", json_boolean(manage));
	json_object_set_new(ctx, "is_manager", json_boolean(r->who.role >= ROLE_MANAGER));
	if (manage) {
		json_t *f = json_object(), *email = page_field("email", "Email", v[0], NULL, errs);
		json_t *cap = page_field("capacity", "Capacity",  v[2],
			"Mentors: how many mentees (0-20, default 2). Mentees: how many mentors (default 1).", errs);
		json_object_set_new(email, "type", json_string("email"));
		json_object_set_new(email, "required", json_true());
		json_object_set_new(cap, "inputmode", json_string("numeric"));
		json_object_set_new(f, "email", email);
		json_object_set_new(f, "role", page_select("role", "Role", role_opts, v[1], NULL, errs));
		json_object_set_new(f, "capacity", cap);
		json_object_set_new(ctx, "f", f);
	}
	if (http_query(r, "added"))
		json_object_set_new(ctx, "notice", page_str("The person has been enrolled."));
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "participants", ctx);
}

static void list(req_t *r)
{
	program_t *prog;
	bool manage;
	const char *v[3] = {"", "mentee", ""};
	if (page_program_access(r, r->id[0], false, &prog, &manage))
		show(r, 200, prog, manage, v, NULL);
}

/* Checks the form and enrols; refusals land in errs. A DB_ status. */
static int enrol(req_t *r, const program_t *prog, const char **v, verr_t *errs)
{
	int64_t capacity = -1;
	user_t *u = NULL;
	if (strcmp(v[1], "mentor") != 0 && strcmp(v[1], "mentee") != 0)
		verr_add(errs, "role", "choose mentor or mentee");
	if (*v[2] && !page_parse_int(v[2], 0, 20, &capacity))
		verr_add(errs, "capacity", "must be a whole number from 0 to 20");
	int st = *v[0] ? store_user_by_email(r->db, r->arena, v[0], &u, NULL) : DB_OK;
	if (st != DB_OK)
		return st;
	if (!u || !u->active)
		verr_add(errs, "email", *v[0] ? "there is no active account with this email" :
			 "enter the email of the person to enrol");
	if (errs->n)
		return DB_OK;
	participant_t p = {.user_id = u->id, .role = v[1], .capacity = (int)capacity};
	if ((st = db_begin(r->db)) != DB_OK)
		return st;
	st = api_enrol(r, prog, &p, errs);
	if (st == DB_OK && !errs->n)
		st = store_audit(r->db, r->who.user_id, "participant.add", "program", prog->id, p.role);
	if (st == DB_OK && !errs->n)
		return db_commit(r->db);
	db_rollback(r->db);
	page_rename_error(errs, "user_id", "email");
	return st;
}

static void add(req_t *r)
{
	program_t *prog;
	bool manage;
	verr_t errs = {0};
	if (!page_program_access(r, r->id[0], true, &prog, &manage))
		return;
	const char *v[3] = {page_form_text(r, "email", 254, &errs), page_form_text(r, "role", 10, &errs),
			    page_form_text(r, "capacity", 3, &errs)};
	int st = errs.n ? DB_OK : enrol(r, prog, v, &errs);
	if (st != DB_OK)
		page_db_error(r, st);
	else if (errs.n)
		show(r, 422, prog, manage, v, &errs);
	else
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld/participants?added=1",
					      (long long)prog->id));
}

void web_participants_register(void)
{
	static const route_t routes[] = {
		{"GET", "/programs/{id}/participants", list, ROUTE_WEB, NULL},
		{"POST", "/programs/{id}/participants", add, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
