/* Logging in and out with a form. The exchange itself (rate limit, password
 * check, failure ledger, new session) is auth_login(), shared with the API;
 * this file only turns its answer into a page or a redirect. The login form
 * cannot carry a session's CSRF token, so it refuses posts the browser marks
 * as cross-site instead (login CSRF). */
#include "web/page.h"
#include "http/auth.h"

#include <string.h>

static const page_label_t labels[] = {
	{"email", "Email", NULL}, {"password", "Password", NULL}, {NULL, NULL, NULL}};

static void show(req_t *r, int status, const char *email, const char *next, const char *alert,
		 const verr_t *errs)
{
	json_t *ctx = page_ctx(r, "Log in", NULL);
	json_t *f = json_object(), *e = page_field("email", "Email", email, NULL, errs);
	json_t *p = page_field("password", "Password", "", NULL, errs);
	json_object_set_new(e, "type", json_string("email"));
	json_object_set_new(e, "autocomplete", json_string("username"));
	json_object_set_new(e, "required", json_true());
	json_object_set_new(p, "type", json_string("password"));
	json_object_set_new(p, "autocomplete", json_string("current-password"));
	json_object_set_new(p, "required", json_true());
	json_object_set_new(f, "email", e);
	json_object_set_new(f, "password", p);
	json_object_set_new(ctx, "f", f);
	json_object_set_new(ctx, "next", page_str(next));
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	if (http_query(r, "bye"))
		json_object_set_new(ctx, "notice", page_str("You have logged out."));
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "login", ctx);
}

static void login_form(req_t *r)
{
	const char *next = page_safe_next(http_query(r, "next"));
	if (r->who.user_id) {
		resp_redirect(r, next);
		return;
	}
	show(r, 200, "", next, NULL, NULL);
}

static void login_post(req_t *r)
{
	verr_t errs = {0};
	const char *next = page_safe_next(http_form(r, "next"));
	if (!page_same_origin(r)) {
		web_error(r, 403, "This login form was sent from another site. Open the login page and try again.");
		return;
	}
	const char *email = page_form_text(r, "email", 254, &errs);
	const char *password = http_form(r, "password");
	if (!*email && !verr_has(&errs, "email"))
		verr_add(&errs, "email", "enter your email address");
	if (!password || !*password)
		verr_add(&errs, "password", "enter your password");
	else if (strlen(password) > 1024)
		verr_add(&errs, "password", "is too long");
	if (errs.n) {
		show(r, 422, email, next, NULL, &errs);
		return;
	}
	int retry = 0, st = DB_OK;
	switch (auth_login(r, email, password, &retry, &st)) {
	case LOGIN_OK:
		resp_redirect(r, next);
		return;
	case LOGIN_BAD:
		show(r, 401, email, next, "The email or password is wrong. Check them and try again.", NULL);
		return;
	case LOGIN_LIMITED:
		resp_header(r, "Retry-After", arena_printf(r->arena, "%d", retry));
		show(r, 429, email, next,
		     arena_printf(r->arena, "Too many failed attempts. For your security, wait %d minutes "
				  "before you try again.", (retry + 59) / 60), NULL);
		return;
	default:
		page_db_error(r, st);
	}
}

static void logout(req_t *r)
{
	int st = auth_session_end(r);
	if (st != DB_OK) {
		page_db_error(r, st);
		return;
	}
	resp_redirect(r, "/login?bye=1");
}

void web_login_register(void)
{
	static const route_t routes[] = {
		{"GET", "/login", login_form, ROUTE_PUBLIC | ROUTE_WEB, NULL},
		{"POST", "/login", login_post, ROUTE_PUBLIC | ROUTE_WEB | ROUTE_NO_CSRF, NULL},
		{"POST", "/logout", logout, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
