/* Logging in and out with a form (pages/auth.json), and the login's second
 * step when two-factor sign-in is on (pages/account.json). The exchange
 * itself (throttle, password check, code, new session) is svc_auth_login()
 * and svc_auth_login_code(), shared with the API; this file only turns
 * their answers into the cookie and a redirect, or the form again with what
 * went wrong. The login forms cannot carry a session's CSRF token, so they
 * refuse posts from another site instead (login CSRF: page_same_origin). */
#include "web/page.h"
#include "web/page_types.h"
#include "http/auth.h"
#include "http/metrics.h"
#include "svc/auth.h"
#include "svc/sso.h"

#include <string.h>

static const page_label_t labels[] = {
	{"email", "Email", NULL}, {"password", "Password", NULL}, {NULL, NULL, NULL}};

/* /login/sso with next, percent-encoded. */
static const char *sso_href(req_t *r, const char *next)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!next || !strcmp(next, "/"))
		return "/login/sso";
	char *out = arena_alloc(r->arena, strlen(next) * 3 + 1), *o = out;
	for (const unsigned char *c = (const unsigned char *)next; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("-._~/", *c)) {
			*o++ = (char)*c;
		} else {
			*o++ = '%';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		}
	}
	*o = '\0';
	return arena_printf(r->arena, "/login/sso?next=%s", out);
}

static void show(req_t *r, int status, const char *email, const char *next, const char *alert,
		 const verr_t *errs, const char *notice)
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
	if (notice)
		json_object_set_new(ctx, "notice", page_str(notice));
	/* Single sign-on: its button first; with passwords off, the password
	 * form stays for the break-glass administrator, folded away. */
	if (svc_sso_enabled()) {
		json_object_set_new(ctx, "sso", page_str(svc_sso_provider_name()));
		/* A link, not a form: the page's CSP (form-action 'self') would stop
		 * a form's redirect on to the provider. */
		json_object_set_new(ctx, "sso_href", page_str(sso_href(r, next)));
		if (svc_sso_password_refused(NULL))
			json_object_set_new(ctx, "sso_only", json_true());
	}
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "login", ctx);
}

void page_login(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageLogin_t *in = in_;
	const char *next = page_safe_next(in->has_next ? in->next : NULL);
	if (r->who.user_id) {
		resp_redirect(r, next);
		return;
	}
	show(r, 200, "", next, NULL, NULL,
	     in->has_bye ? "You have logged out." : in->has_reset ? "Your new password is set. Log in with it." : NULL);
}

/* "Too many failed attempts" with how long to wait, in words. */
static const char *too_many(req_t *r, int seconds)
{
	if (seconds < 60)
		return "Too many failed attempts. For your security, wait a minute before you try again.";
	return arena_printf(r->arena, "Too many failed attempts. For your security, wait %d minutes before you try again.",
			    (seconds + 59) / 60);
}

/* The login's second step for two-factor sign-in: the code, with the
 * first step's secret in a hidden field. */
static const page_label_t code_labels[] = {{"code", "Code", NULL}, {NULL, NULL, NULL}};

static void code_show(req_t *r, int status, const char *challenge, const char *next, const char *alert,
		      const verr_t *errs)
{
	json_t *ctx = page_ctx(r, "Two-factor sign-in", NULL), *f = json_object();
	json_t *code = page_field("code", "Code", "", "The six digits your authenticator app shows for mentord, or one of "
						     "your recovery codes.", errs);
	json_object_set_new(code, "autocomplete", json_string("one-time-code"));
	json_object_set_new(code, "required", json_true());
	json_object_set_new(code, "maxlength", json_integer(64));
	json_object_set_new(f, "code", code);
	json_object_set_new(ctx, "f", f);
	json_object_set_new(ctx, "challenge", page_str(challenge));
	json_object_set_new(ctx, "next", page_str(next));
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	page_error_summary(ctx, errs, code_labels);
	page_render(r, status, "login_code", ctx);
}

/* The form's problems in the words of the form: a field left empty asks
 * for it; a hidden next that was tampered with is not the person's mistake
 * (it only means "go home"). */
static void form_errors(const verr_t *in, verr_t *out)
{
	for (int i = 0; i < in->n; i++) {
		const char *field = in->e[i].field, *msg = in->e[i].msg;
		bool empty = !strcmp(msg, "is required") || !strcmp(msg, "must not be empty");
		if (!strcmp(field, "next"))
			continue;
		if (empty && !strcmp(field, "email"))
			msg = "enter your email address";
		else if (empty && !strcmp(field, "password"))
			msg = "enter your password";
		verr_add(out, field, msg);
	}
}

void page_login_post(req_t *r, const void *in_, const verr_t *in_errs)
{
	const LoginForm_t *f = &((const in_pageLoginPost_t *)in_)->body;
	const char *next = page_safe_next(f->has_next && !verr_has(in_errs, "next") ? f->next : NULL);
	if (!page_same_origin(r)) {
		web_error(r, 403, "This login form was sent from another site. Open the login page and try again.");
		return;
	}
	verr_t errs = {0};
	form_errors(in_errs, &errs);
	if (errs.n) {
		show(r, 422, page_raw(r, "email"), next, NULL, &errs, NULL);
		return;
	}
	svc_t s;
	page_svc(r, &s);
	svc_login_t out;
	svc_login_in_t li = {.email = f->email, .password = f->password, .user_agent = http_header(r, "User-Agent"),
			     .want_challenge = true};
	int st = svc_auth_login(&s, &li, &out);
	if (st == SVC_OK || st == SVC_UNAUTH)
		metrics_login(st == SVC_OK);
	switch (st) {
	case SVC_OK:
		auth_session_cookie(r, out.secret, out.max_age, out.result.user.id);
		resp_redirect(r, next);
		return;
	case SVC_UNAUTH:
		if (out.challenge[0]) /* the password was right; two-factor sign-in asks for the code */
			code_show(r, 200, out.challenge, next, NULL, NULL);
		else
			show(r, 401, f->email, next, "The email or password is wrong. Check them and try again.", NULL,
			     NULL);
		return;
	case SVC_LIMITED:
		resp_header(r, "Retry-After", arena_printf(r->arena, "%d", out.retry_after));
		show(r, 429, f->email, next, too_many(r, out.retry_after), NULL, NULL);
		return;
	case SVC_FORBIDDEN: /* passwords are off: single sign-on only */
		show(r, 403, f->email, next,
		     arena_printf(r->arena, "Passwords are switched off here: use Sign in with %s.", svc_sso_provider_name()),
		     NULL, NULL);
		return;
	default:
		page_refuse(r, &s, st);
	}
}

void page_logout(req_t *r, const void *in, const verr_t *errs)
{
	char hash[AUTH_HASH_HEX];
	bool has = auth_session_hash(r, hash);
	svc_t s;
	page_svc(r, &s);
	LoggedOut_t out;
	int st = svc_auth_logout(&s, has ? hash : NULL, &out);
	auth_session_clear(r); /* whatever happened, the browser forgets the session */
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, "/login?bye=1");
}

void page_login_code(req_t *r, const void *in_, const verr_t *errs)
{
	const LoginCodeForm_t *f = &((const in_pageLoginCode_t *)in_)->body;
	const char *next = page_safe_next(f->has_next && !verr_has(errs, "next") ? f->next : NULL);
	if (!page_same_origin(r)) {
		web_error(r, 403, "This login form was sent from another site. Open the login page and try again.");
		return;
	}
	if (verr_has(errs, "challenge")) {
		resp_redirect(r, "/login");
		return;
	}
	if (errs->n) {
		verr_t e = {0};
		verr_add(&e, "code", "enter the code from your authenticator app");
		code_show(r, 422, f->challenge, next, NULL, &e);
		return;
	}
	svc_t s;
	page_svc(r, &s);
	svc_login_t out;
	int st = svc_auth_login_code(&s, f->challenge, f->code, http_header(r, "User-Agent"), &out);
	if (st == SVC_OK || st == SVC_UNAUTH)
		metrics_login(st == SVC_OK);
	if (st == SVC_OK) {
		auth_session_cookie(r, out.secret, out.max_age, out.result.user.id);
		resp_redirect(r, next);
	} else if (st == SVC_UNAUTH && out.challenge[0]) {
		code_show(r, 401, out.challenge, next,
			  "That code is not right, or it was used already. Try the next code your app shows.", NULL);
	} else if (st == SVC_UNAUTH) {
		resp_redirect(r, "/login");
	} else if (st == SVC_LIMITED) {
		resp_header(r, "Retry-After", arena_printf(r->arena, "%d", out.retry_after));
		code_show(r, 429, f->challenge, next, too_many(r, out.retry_after), NULL);
	} else {
		page_refuse(r, &s, st);
	}
}
