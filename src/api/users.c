/* Accounts: administrators create, edit and deactivate them; managers may
 * read them (to enrol people); members see only themselves. */
#include "api/api.h"
#include "http/auth.h"

#include <string.h>

static const char *const roles[] = {"member", "manager", "admin", NULL};

bool api_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';')
			return false;
	return true;
}

static void check_password(jin_t *in, const char *pw)
{
	if (pw && strlen(pw) < 10)
		verr_add(&in->errs, "password", "must be at least 10 characters");
}

static void list(req_t *r)
{
	if (!api_require_role(r, ROLE_MANAGER))
		return;
	int limit = http_limit(r, 50, 500), n;
	user_t *items;
	int st = store_user_list(r->db, r->arena, http_query(r, "q"), http_cursor(r), limit, &items, &n);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, api_user_json(&items[i]));
	resp_list(r, arr, n, limit, n ? items[n - 1].id : 0);
}

static void create(req_t *r)
{
	if (!api_require_role(r, ROLE_ADMIN))
		return;
	jin_t in;
	user_t u = {.role = ROLE_MEMBER, .active = true};
	const char *role = "member", *password = NULL;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "email", JIN_REQUIRED, 254, &u.email);
	jin_str(&in, "name", JIN_REQUIRED, 200, &u.name);
	jin_enum(&in, "role", JIN_OPTIONAL, roles, &role);
	jin_str(&in, "password", JIN_NULLABLE | JIN_RAW, 1024, &password);
	jin_close(&in);
	if (u.email && !api_email_valid(u.email))
		verr_add(&in.errs, "email", "must be an email address");
	check_password(&in, password);
	if (jin_failed(&in))
		return;
	u.role = (role_t)role_parse(role);
	char hash[crypto_pwhash_STRBYTES];
	if (password && auth_hash_password(r->app, password, hash) != 0) {
		resp_error(r, 503, "busy", "cannot hash the password now; try again");
		return;
	}
	user_t *existing = NULL;
	int64_t id = 0;
	int st = store_user_by_email(r->db, r->arena, u.email, &existing, NULL);
	if (st == DB_OK && existing) {
		resp_error(r, 409, "email_taken", "a user with email %s already exists", u.email);
		return;
	}
	if (!api_begin(r))
		return;
	st = store_user_insert(r->db, &u, password ? hash : NULL, &id);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "user.create", "user", id, u.email);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	user_t *made = NULL;
	if ((st = store_user_get(r->db, r->arena, id, &made)) != DB_OK || !made) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	resp_json(r, 201, api_user_json(made));
}

/* Loads user r->id[0] if the caller may see it: admins and managers see
 * everyone, members only themselves. */
static user_t *load_visible(req_t *r)
{
	if (r->who.role < ROLE_MANAGER && r->id[0] != r->who.user_id) {
		resp_error(r, 403, "forbidden", "you can only see your own account");
		return NULL;
	}
	user_t *u = NULL;
	int st = store_user_get(r->db, r->arena, r->id[0], &u);
	if (st != DB_OK)
		resp_db(r, st);
	else if (!u)
		resp_error(r, 404, "not_found", "no user %lld", (long long)r->id[0]);
	return u;
}

static void get(req_t *r)
{
	user_t *u = load_visible(r);
	if (u)
		resp_json(r, 200, api_user_json(u));
}

static void patch(req_t *r)
{
	if (!api_require_role(r, ROLE_ADMIN))
		return;
	user_t *u = load_visible(r);
	if (!u)
		return;
	jin_t in;
	const char *role = role_name(u->role), *password = NULL;
	int64_t active = u->active;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "email", JIN_OPTIONAL, 254, &u->email);
	jin_str(&in, "name", JIN_OPTIONAL, 200, &u->name);
	jin_enum(&in, "role", JIN_OPTIONAL, roles, &role);
	jin_str(&in, "password", JIN_RAW, 1024, &password);
	bool act = active;
	if (jin_bool(&in, "active", &act))
		active = act;
	jin_close(&in);
	if (!*u->name)
		verr_add(&in.errs, "name", "must not be empty");
	if (!api_email_valid(u->email))
		verr_add(&in.errs, "email", "must be an email address");
	check_password(&in, password);
	if (u->id == r->who.user_id && (strcmp(role, "admin") != 0 || !active))
		verr_add(&in.errs, "role", "you cannot demote or deactivate yourself");
	if (jin_failed(&in))
		return;
	u->role = (role_t)role_parse(role);
	u->active = active;
	char hash[crypto_pwhash_STRBYTES];
	if (password && auth_hash_password(r->app, password, hash) != 0) {
		resp_error(r, 503, "busy", "cannot hash the password now; try again");
		return;
	}
	if (!api_begin(r))
		return;
	int st = store_user_update(r->db, u);
	if (st == DB_OK && password)
		st = store_user_set_password(r->db, u->id, hash);
	if (st == DB_OK && !u->active)
		st = store_user_deactivate(r->db, u->id);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "user.update", "user", u->id, u->email);
	if (st == DB_CONSTRAINT) {
		db_rollback(r->db);
		resp_error(r, 409, "email_taken", "another user has email %s", u->email);
		return;
	}
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	user_t *now = NULL;
	if ((st = store_user_get(r->db, r->arena, u->id, &now)) != DB_OK || !now) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	resp_json(r, 200, api_user_json(now));
}

static void deactivate(req_t *r)
{
	if (!api_require_role(r, ROLE_ADMIN))
		return;
	if (r->id[0] == r->who.user_id) {
		resp_error(r, 409, "conflict", "you cannot deactivate yourself");
		return;
	}
	user_t *u = load_visible(r);
	if (!u)
		return;
	if (!api_begin(r))
		return;
	int st = store_user_deactivate(r->db, u->id);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "user.deactivate", "user", u->id, u->email);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	u->active = false;
	resp_json(r, 200, api_user_json(u));
}

void api_users_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/users", list, 0, NULL},
		{"POST", "/api/v1/users", create, 0, NULL},
		{"GET", "/api/v1/users/{id}", get, 0, NULL},
		{"PATCH", "/api/v1/users/{id}", patch, 0, NULL},
		{"DELETE", "/api/v1/users/{id}", deactivate, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
