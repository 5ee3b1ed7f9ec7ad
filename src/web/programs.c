/* Programs as pages: the list of programs a person can see, one program's
 * detail (dates, kind, matching, cadence, managers, counts), and the form
 * with which managers and administrators create a program. A program's
 * creator always manages it; other managers are named by email. */
#include "web/page.h"
#include "web/web.h"
#include "store/store.h"
#include "core/timeutil.h"
#include "store/store.h"

#include <string.h>

#define PROGRAMS_PAGE 50
#define MAX_MANAGERS 20

static json_t *program_json(const program_t *p)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:s, s:i, s:i, s:i, s:i}",
			 "id", (json_int_t)p->id, "name", page_str(p->name),
			 "description", page_str(p->description), "kind", page_kind_label(p->kind),
			 "starts_on", page_str(p->starts_on), "ends_on", page_str(p->ends_on),
			 "matching", page_matching_label(p->matching), "cadence_days", p->cadence_days,
			 "max_mentors_per_mentee", p->max_mentors_per_mentee, "mentors", p->n_mentors,
			 "mentees", p->n_mentees);
}

static void list(req_t *r)
{
	const char *after_s = http_query(r, "after");
	int64_t after = 0;
	if (after_s && !page_parse_int(after_s, 1, INT64_MAX, &after))
		after = 0;
	program_t *items;
	int n;
	int st = store_program_list(r->db, r->arena, r->who.user_id, r->who.role, after, PROGRAMS_PAGE,
				    &items, &n);
	if (st != DB_OK) {
		page_db_error(r, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Programs", "programs"), *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, program_json(&items[i]));
	json_object_set_new(ctx, "programs", arr);
	json_object_set_new(ctx, "has_programs", json_boolean(n > 0));
	if (n == PROGRAMS_PAGE)
		json_object_set_new(ctx, "next_url", page_str(arena_printf(r->arena, "/programs?after=%lld",
									   (long long)items[n - 1].id)));
	page_render(r, 200, "programs", ctx);
}

static int managers_json(req_t *r, const program_t *p, json_t **out)
{
	*out = json_array();
	for (int i = 0; i < p->n_managers; i++) {
		user_t *u = NULL;
		int st = store_user_get(r->db, r->arena, p->managers[i], &u);
		if (st != DB_OK) {
			json_decref(*out);
			return st;
		}
		if (u)
			json_array_append_new(*out, json_pack("{s:I, s:o, s:o}", "id", (json_int_t)u->id,
							      "name", page_str(u->name), "email",
							      page_str(u->email)));
	}
	return DB_OK;
}

static void detail(req_t *r)
{
	program_t *p;
	bool manage;
	if (!page_program_access(r, r->id[0], false, &p, &manage))
		return;
	json_t *managers;
	int st = managers_json(r, p, &managers);
	if (st != DB_OK) {
		page_db_error(r, st);
		return;
	}
	json_t *ctx = page_ctx(r, p->name, "programs");
	json_object_set_new(ctx, "program", program_json(p));
	json_object_set_new(ctx, "managers", managers);
	json_object_set_new(ctx, "can_manage", json_boolean(manage));
	/* Self-match: the program's mentees find their mentors themselves. */
	bool mentor = false, mentee = false;
	if (!strcmp(p->matching, "self") && store_roles_in(r->db, p->id, r->who.user_id, &mentor, &mentee) == DB_OK)
		json_object_set_new(ctx, "can_ask", json_boolean(mentee));
	if (http_query(r, "created"))
		json_object_set_new(ctx, "notice", page_str("The program has been created."));
	page_render(r, 200, "program", ctx);
}

/* ---- creating a program ---- */

enum { P_NAME, P_DESCRIPTION, P_KIND, P_STARTS, P_ENDS, P_MATCHING, P_CADENCE, P_MAXM, P_MANAGERS, P_COUNT };

static const struct {
	const char *name, *label, *hint;
	size_t max;
} pfields[P_COUNT] = {
	[P_NAME] = {"name", "Name", NULL, 200},
	[P_DESCRIPTION] = {"description", "Description", "What the program is for and who it is for.", 5000},
	[P_KIND] = {"kind", "Kind", NULL, 20},
	[P_STARTS] = {"starts_on", "Starts on", "YYYY-MM-DD", 10},
	[P_ENDS] = {"ends_on", "Ends on", "YYYY-MM-DD", 10},
	[P_MATCHING] = {"matching", "Matching", NULL, 20},
	[P_CADENCE] = {"cadence_days", "Meet every (days)", "How often pairs are expected to meet.", 3},
	[P_MAXM] = {"max_mentors_per_mentee", "Mentors per mentee (at most)", NULL, 2},
	[P_MANAGERS] = {"managers", "Other managers", "Emails, separated by commas. You manage the program yourself.", 2000},
};

static bool in_opts(const page_opt_t *opts, const char *v)
{
	for (; opts->value; opts++)
		if (strcmp(opts->value, v) == 0)
			return true;
	return false;
}

static void check_program(const char **v, program_t *p, verr_t *errs)
{
	int64_t cadence = 0, maxm = 0;
	if (!*v[P_NAME])
		verr_add(errs, "name", "enter a name");
	if (!in_opts(page_kinds, v[P_KIND]))
		verr_add(errs, "kind", "choose a kind from the list");
	if (!in_opts(page_matchings, v[P_MATCHING]))
		verr_add(errs, "matching", "choose a matching method from the list");
	if (!date_parse(v[P_STARTS], NULL))
		verr_add(errs, "starts_on", "must be a date such as 2026-01-31");
	if (!date_parse(v[P_ENDS], NULL))
		verr_add(errs, "ends_on", "must be a date such as 2026-06-30");
	else if (!verr_has(errs, "starts_on") && strcmp(v[P_STARTS], v[P_ENDS]) > 0)
		verr_add(errs, "ends_on", "must not be before the start");
	if (!page_parse_int(v[P_CADENCE], 1, 365, &cadence))
		verr_add(errs, "cadence_days", "must be a whole number of days from 1 to 365");
	if (!page_parse_int(v[P_MAXM], 1, 10, &maxm))
		verr_add(errs, "max_mentors_per_mentee", "must be a whole number from 1 to 10");
	*p = (program_t){.name = v[P_NAME], .description = v[P_DESCRIPTION], .kind = v[P_KIND],
			 .starts_on = v[P_STARTS], .ends_on = v[P_ENDS], .matching = v[P_MATCHING],
			 .cadence_days = (int)cadence, .max_mentors_per_mentee = (int)maxm,
			 .weights_json = "{}"};
}

/* The creator plus every listed email of an active manager or admin. */
static int read_managers(req_t *r, const char *emails, int64_t *ids, int *n, verr_t *errs)
{
	strlist_t l;
	page_split_list(r->arena, emails, &l);
	ids[0] = r->who.user_id;
	*n = 1;
	if (l.n >= MAX_MANAGERS) {
		verr_addf(errs, r->arena, "managers", "at most %d other managers", MAX_MANAGERS - 1);
		return DB_OK;
	}
	for (int i = 0; i < l.n; i++) {
		user_t *u = NULL;
		int st = store_user_by_email(r->db, r->arena, l.v[i], &u, NULL);
		if (st != DB_OK)
			return st;
		if (!u || !u->active || u->role < ROLE_MANAGER) {
			verr_addf(errs, r->arena, "managers", "%s is not an active manager or administrator",
				  l.v[i]);
			return DB_OK;
		}
		bool dup = false;
		for (int j = 0; j < *n; j++)
			dup |= ids[j] == u->id;
		if (!dup)
			ids[(*n)++] = u->id;
	}
	return DB_OK;
}

static void new_form(req_t *r, int status, const char **v, const verr_t *errs)
{
	json_t *ctx = page_ctx(r, "New program", "programs"), *f = json_object();
	page_label_t labels[P_COUNT + 1];
	for (int i = 0; i < P_COUNT; i++) {
		json_t *fl;
		labels[i] = (page_label_t){pfields[i].name, pfields[i].label, NULL};
		if (i == P_KIND || i == P_MATCHING)
			fl = page_select(pfields[i].name, pfields[i].label, i == P_KIND ? page_kinds :
					 page_matchings, v[i], pfields[i].hint, errs);
		else
			fl = page_field(pfields[i].name, pfields[i].label, v[i], pfields[i].hint, errs);
		if (i == P_STARTS || i == P_ENDS)
			json_object_set_new(fl, "type", json_string("date"));
		if (i == P_CADENCE || i == P_MAXM)
			json_object_set_new(fl, "inputmode", json_string("numeric"));
		if (i == P_DESCRIPTION)
			json_object_set_new(fl, "rows", json_integer(4));
		if (i == P_NAME || i == P_STARTS || i == P_ENDS)
			json_object_set_new(fl, "required", json_true());
		json_object_set_new(f, pfields[i].name, fl);
	}
	labels[P_COUNT] = (page_label_t){NULL, NULL, NULL};
	json_object_set_new(ctx, "f", f);
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "program_new", ctx);
}

static bool may_create(req_t *r)
{
	if (r->who.role >= ROLE_MANAGER)
		return true;
	web_error(r, 403, "Only program managers and administrators can create programs.");
	return false;
}

static void new_page(req_t *r)
{
	const char *v[P_COUNT] = {"", "", "one_to_one", "", "", "optimal", "14", "2", ""};
	if (may_create(r))
		new_form(r, 200, v, NULL);
}

static int insert(req_t *r, const program_t *p, const int64_t *managers, int n, int64_t *id)
{
	int st = db_begin(r->db);
	if (st == DB_OK)
		st = store_program_insert(r->db, p, r->who.user_id, id);
	if (st == DB_OK)
		st = store_program_set_managers(r->db, *id, managers, n);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "program.create", "program", *id, p->name);
	if (st == DB_OK)
		return db_commit(r->db);
	db_rollback(r->db);
	return st;
}

static void create(req_t *r)
{
	if (!may_create(r))
		return;
	const char *v[P_COUNT];
	verr_t errs = {0};
	program_t p;
	int64_t managers[MAX_MANAGERS], id = 0;
	int n = 0;
	for (int i = 0; i < P_COUNT; i++)
		v[i] = page_form_text(r, pfields[i].name, pfields[i].max, &errs);
	check_program(v, &p, &errs);
	int st = read_managers(r, v[P_MANAGERS], managers, &n, &errs);
	if (st == DB_OK && !errs.n)
		st = insert(r, &p, managers, n, &id);
	if (st != DB_OK)
		page_db_error(r, st);
	else if (errs.n)
		new_form(r, 422, v, &errs);
	else
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld?created=1", (long long)id));
}

void web_programs_register(void)
{
	static const route_t routes[] = {
		{"GET", "/programs", list, ROUTE_WEB},
		{"POST", "/programs", create, ROUTE_WEB},
		{"GET", "/programs/new", new_page, ROUTE_WEB},
		{"GET", "/programs/{id}", detail, ROUTE_WEB},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
