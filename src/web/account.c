/* The pages a person reaches without a session (pages/account.json): the
 * "forgot password" form, and the pages behind an invitation link and a
 * reset link (choose a password); the login's second step for two-factor
 * sign-in is login.c's. Each calls the same services as the API (svc/invite.c,
 * svc/password.c, svc/auth.c). The forms that end in a session, or set a
 * password with a link's secret, cannot carry a session's CSRF token, so
 * they refuse posts from another site (page_same_origin), as the login
 * form does. */
#include "web/page.h"
#include "web/page_types.h"
#include "http/auth.h"
#include "svc/invite.h"
#include "svc/password.h"

#include <string.h>

/* A field of type (email, password, text) with its autocomplete. */
static json_t *field(const char *name, const char *label, const char *value, const char *hint, const verr_t *errs,
		     const char *type, const char *autocomplete)
{
	json_t *f = page_field(name, label, value, hint, errs);
	json_object_set_new(f, "type", json_string(type));
	if (autocomplete)
		json_object_set_new(f, "autocomplete", json_string(autocomplete));
	json_object_set_new(f, "required", json_true());
	return f;
}

/* ---- forgot password ---- */

static const page_label_t forgot_labels[] = {{"email", "Email", NULL}, {NULL, NULL, NULL}};

static void forgot_show(req_t *r, int status, const char *email, const verr_t *errs, const char *notice)
{
	json_t *ctx = page_ctx(r, "Forgot password", NULL), *f = json_object();
	json_object_set_new(f, "email", field("email", "Email", email, NULL, errs, "email", "username"));
	json_object_set_new(ctx, "f", f);
	if (notice)
		json_object_set_new(ctx, "notice", page_str(notice));
	page_error_summary(ctx, errs, forgot_labels);
	page_render(r, status, "forgot", ctx);
}

void page_forgot(req_t *r, const void *in, const verr_t *errs)
{
	forgot_show(r, 200, "", NULL, NULL);
}

void page_forgot_post(req_t *r, const void *in_, const verr_t *errs)
{
	const ForgotForm_t *f = &((const in_pageForgotPost_t *)in_)->body;
	if (errs->n) {
		forgot_show(r, 422, page_raw(r, "email"), errs, NULL);
		return;
	}
	svc_t s;
	page_svc(r, &s);
	PasswordResetRequested_t out;
	int st = svc_password_reset_request(&s, &(in_requestPasswordReset_t){.body = {.email = f->email}}, &out);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	forgot_show(r, 200, "", NULL, out.message);
}

/* ---- choosing a password through a link ---- */

static const page_label_t password_labels[] = {
	{"password", "New password", NULL}, {"password_confirm", "New password again", NULL}, {NULL, NULL, NULL}};

/* The form behind a link; without a token (a dead link), the reason and
 * what to do instead. */
static void link_show(req_t *r, int status, const char *tmpl, const char *title, const char *token,
		      const char *name, const char *email, const char *problem, const verr_t *errs)
{
	json_t *ctx = page_ctx(r, title, NULL), *f = json_object();
	json_object_set_new(f, "password", field("password", "New password", "", "At least 10 characters.", errs,
						 "password", "new-password"));
	json_object_set_new(f, "password_confirm",
			    field("password_confirm", "New password again", "", NULL, errs, "password", "new-password"));
	json_object_set_new(ctx, "f", f);
	if (token)
		json_object_set_new(ctx, "token", page_str(token));
	json_object_set_new(ctx, "name", page_str(name));
	json_object_set_new(ctx, "email", page_str(email));
	if (problem)
		json_object_set_new(ctx, "alert", page_str(problem));
	page_error_summary(ctx, errs, password_labels);
	page_render(r, status, tmpl, ctx);
}

/* The service's words for a dead link, as a sentence. */
static const char *link_problem(req_t *r, const svc_t *s)
{
	const char *m = s->err.message ? s->err.message : "this link does not work";
	char *out = arena_printf(r->arena, "%s.", m);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return out;
}

/* The two passwords typed must agree. */
static void check_twice(const NewPasswordForm_t *f, verr_t *errs)
{
	if (!verr_has(errs, "password") && !verr_has(errs, "password_confirm") &&
	    strcmp(f->password, f->password_confirm) != 0)
		verr_add(errs, "password_confirm", "does not match the new password");
}

void page_reset(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageReset_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	const char *email = NULL;
	int st = svc_password_reset_check(&s, in->has_token ? in->token : "", &email);
	if (st && st != SVC_NOT_FOUND && st != SVC_CONFLICT) {
		page_refuse(r, &s, st);
		return;
	}
	link_show(r, st ? 410 : 200, "reset", "Choose a new password", st ? NULL : in->token, "", st ? "" : email,
		  st ? link_problem(r, &s) : NULL, NULL);
}

void page_reset_post(req_t *r, const void *in_, const verr_t *in_errs)
{
	const NewPasswordForm_t *f = &((const in_pageResetPost_t *)in_)->body;
	if (!page_same_origin(r)) {
		web_error(r, 403, "This form was sent from another site. Open the link from your mail again.");
		return;
	}
	verr_t errs = *in_errs;
	check_twice(f, &errs);
	svc_t s;
	page_svc(r, &s);
	const char *email = NULL;
	int st = svc_password_reset_check(&s, f->token ? f->token : page_raw(r, "token"), &email);
	if (st && st != SVC_NOT_FOUND && st != SVC_CONFLICT) {
		page_refuse(r, &s, st);
		return;
	}
	if (st || errs.n) {
		link_show(r, st ? 410 : 422, "reset", "Choose a new password", st ? NULL : f->token, "", email,
			  st ? link_problem(r, &s) : NULL, &errs);
		return;
	}
	PasswordResetDone_t done;
	st = svc_password_reset_complete(&s, &(in_completePasswordReset_t){.body = {.token = f->token,
										      .password = f->password}},
					 &done);
	if (st) {
		link_show(r, st == SVC_CONFLICT || st == SVC_NOT_FOUND ? 410 : st, "reset", "Choose a new password", NULL,
			  "", "", link_problem(r, &s), NULL);
		return;
	}
	resp_redirect(r, "/login?reset=1");
}

void page_invite(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageInvite_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	InvitationInfo_t info = {0};
	in_getInvitation_t q = {.token = in->has_token ? in->token : ""};
	int st = svc_invite_get(&s, &q, &info);
	if (st && st != SVC_NOT_FOUND && st != SVC_CONFLICT) {
		page_refuse(r, &s, st);
		return;
	}
	link_show(r, st ? 410 : 200, "invite", "Welcome to mentord", st ? NULL : in->token, info.name, info.email,
		  st ? link_problem(r, &s) : NULL, NULL);
}

void page_invite_post(req_t *r, const void *in_, const verr_t *in_errs)
{
	const NewPasswordForm_t *f = &((const in_pageInvitePost_t *)in_)->body;
	if (!page_same_origin(r)) {
		web_error(r, 403, "This form was sent from another site. Open the link from your invitation again.");
		return;
	}
	verr_t errs = *in_errs;
	check_twice(f, &errs);
	svc_t s;
	page_svc(r, &s);
	InvitationInfo_t info = {0};
	in_getInvitation_t q = {.token = f->token ? f->token : page_raw(r, "token")};
	int st = svc_invite_get(&s, &q, &info);
	if (st && st != SVC_NOT_FOUND && st != SVC_CONFLICT) {
		page_refuse(r, &s, st);
		return;
	}
	if (st || errs.n) {
		link_show(r, st ? 410 : 422, "invite", "Welcome to mentord", st ? NULL : f->token, info.name, info.email,
			  st ? link_problem(r, &s) : NULL, &errs);
		return;
	}
	svc_login_t out;
	st = svc_invite_accept(&s, f->token, f->password, http_header(r, "User-Agent"), &out);
	if (st) {
		link_show(r, st == SVC_CONFLICT || st == SVC_NOT_FOUND ? 410 : st, "invite", "Welcome to mentord", NULL,
			  info.name, info.email, link_problem(r, &s), NULL);
		return;
	}
	auth_session_cookie(r, out.secret, out.max_age, out.result.user.id);
	resp_redirect(r, "/");
}
