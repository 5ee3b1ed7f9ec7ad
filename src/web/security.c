/* The signed-in person's own security (pages/security.json): changing the
 * password, two-factor sign-in (set up with a QR code, turn off, new
 * recovery codes), the live sessions (end one, or every other) and the
 * personal API tokens (make one, shown once; revoke). Every form calls the
 * same services as the API (svc/password.c, svc/two_factor.c,
 * svc/session.c, svc/token.c). */
#include "web/page.h"
#include "web/page_types.h"
#include "web/qr_svg.h"
#include "web/rel_shared.h"
#include "svc/two_factor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a page shows besides its state: a notice, an alert, the problems
 * of one form (which names it), a new token or recovery codes (shown once). */
typedef struct shown {
	int status;
	const char *notice, *alert, *form;
	const verr_t *errs;
	const TokenCreated_t *token;
	const RecoveryCodes_t *codes;
} shown_t;

static json_t *password_field(const char *name, const char *label, const char *hint, const verr_t *errs,
			      const char *autocomplete)
{
	json_t *f = page_field(name, label, "", hint, errs);
	json_object_set_new(f, "type", json_string("password"));
	json_object_set_new(f, "autocomplete", json_string(autocomplete));
	json_object_set_new(f, "required", json_true());
	return f;
}

static const char *at(req_t *r, int64_t t, bool null)
{
	return null || !t ? "" : relp_at(r, relp_viewer_tz(r), t);
}

static json_t *sessions_json(req_t *r, const SessionList_t *l)
{
	json_t *a = json_array();
	for (int i = 0; i < l->items.n; i++) {
		const Session_t *x = &l->items.v[i];
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:o, s:o, s:b}", "id", (json_int_t)x->id,
						   "created", page_str(at(r, x->created_at, false)),
						   "last_seen", page_str(at(r, x->last_seen_at, false)),
						   "ip", page_str(x->ip), "agent", page_str(*x->user_agent ? x->user_agent : "unknown"),
						   "current", x->current));
	}
	return a;
}

static json_t *tokens_json(req_t *r, const TokenList_t *l)
{
	json_t *a = json_array();
	for (int i = 0; i < l->items.n; i++) {
		const Token_t *t = &l->items.v[i];
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "id", (json_int_t)t->id,
						   "name", page_str(t->name), "scope", page_str(t->scope),
						   "created", page_str(at(r, t->created_at, false)),
						   "last_used", page_str(at(r, t->last_used_at, t->last_used_at_null)),
						   "last_ip", page_str(t->last_used_ip),
						   "expires", page_str(t->expires_at_null ? "never" : at(r, t->expires_at, false)),
						   "metrics", !strcmp(t->scope, "metrics")));
	}
	return a;
}

static const page_opt_t days_member[] = {
	{"30", "30 days"}, {"90", "90 days"}, {"365", "One year"}, {NULL, NULL}};
static const page_opt_t days_admin[] = {
	{"30", "30 days"}, {"90", "90 days"}, {"365", "One year"}, {"never", "Never (a provisioning token)"}, {NULL, NULL}};
static const page_opt_t scopes[] = {
	{"api", "The API, as me"}, {"metrics", "Only /metrics (for monitoring)"}, {NULL, NULL}};

/* The page of sessions, tokens and password, as it is now. */
static void security_show(req_t *r, const shown_t *w)
{
	svc_t s;
	page_svc(r, &s);
	SessionList_t sessions;
	TokenList_t tokens;
	TwoFactorStatus_t tf;
	int st = svc_session_list(&s, &sessions);
	if (!st)
		st = svc_token_list(&s, &tokens);
	if (!st)
		st = svc_two_factor_get(&s, &tf);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	bool admin = r->who.role == ROLE_ADMIN;
	const verr_t *pe = w->form && !strcmp(w->form, "password") ? w->errs : NULL;
	const verr_t *te = w->form && !strcmp(w->form, "token") ? w->errs : NULL;
	json_t *ctx = page_ctx(r, "Security", "settings"), *f = json_object();
	json_object_set_new(f, "current_password", password_field("current_password", "Current password", NULL, pe,
								   "current-password"));
	json_object_set_new(f, "new_password", password_field("new_password", "New password", "At least 10 characters.",
							       pe, "new-password"));
	json_object_set_new(f, "new_password_confirm",
			    password_field("new_password_confirm", "New password again", NULL, pe, "new-password"));
	json_t *name = page_field("name", "Name", te ? page_raw(r, "name") : "", "What it is for, such as \"backup script\".",
				  te);
	json_object_set_new(name, "maxlength", json_integer(100));
	json_object_set_new(f, "name", name);
	json_object_set_new(f, "days", page_select("days", "Works for", admin ? days_admin : days_member, "90", NULL, te));
	if (admin)
		json_object_set_new(f, "scope", page_select("scope", "May use", scopes, "api", NULL, te));
	json_object_set_new(ctx, "f", f);
	json_object_set_new(ctx, "sessions", sessions_json(r, &sessions));
	json_object_set_new(ctx, "tokens", tokens_json(r, &tokens));
	json_object_set_new(ctx, "has_tokens", json_boolean(tokens.items.n > 0));
	json_object_set_new(ctx, "two_factor", json_pack("{s:b, s:b, s:I}", "enabled", tf.enabled, "required", tf.required,
							 "left", (json_int_t)tf.recovery_codes_left));
	if (w->token)
		json_object_set_new(ctx, "new_token", json_pack("{s:o, s:o}", "name", page_str(w->token->name), "token",
								page_str(w->token->token)));
	if (w->notice)
		json_object_set_new(ctx, "notice", page_str(w->notice));
	if (w->alert)
		json_object_set_new(ctx, "alert", page_str(w->alert));
	static const page_label_t labels[] = {
		{"current_password", "Current password", NULL}, {"new_password", "New password", NULL},
		{"new_password_confirm", "New password again", NULL}, {"name", "Name", NULL},
		{"days", "Works for", NULL}, {"scope", "May use", NULL}, {"form", "Token", "f-name"}, {NULL, NULL, NULL}};
	page_error_summary(ctx, w->errs, labels);
	page_render(r, w->status, "security", ctx);
}

void page_security(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSecurity_t *in = in_;
	const char *done = in->has_done ? in->done : "";
	const char *notice = !strcmp(done, "password") ? "Your password is changed. Every other session was signed out "
							 "and your API tokens were revoked."
			     : !strcmp(done, "ended") ? "The session has ended."
			     : !strcmp(done, "others") ? "Every other session has ended."
			     : !strcmp(done, "revoked") ? "The token no longer works."
						       : NULL;
	security_show(r, &(shown_t){.status = 200, .notice = notice});
}

void page_password_change(req_t *r, const void *in_, const verr_t *in_errs)
{
	const PasswordForm_t *f = &((const in_pagePasswordChange_t *)in_)->body;
	verr_t errs = *in_errs;
	if (!verr_has(&errs, "new_password") && !verr_has(&errs, "new_password_confirm") &&
	    strcmp(f->new_password, f->new_password_confirm) != 0)
		verr_add(&errs, "new_password_confirm", "does not match the new password");
	if (errs.n) {
		security_show(r, &(shown_t){.status = 422, .form = "password", .errs = &errs});
		return;
	}
	svc_t s;
	page_svc(r, &s);
	PasswordChanged_t out;
	in_changePassword_t in = {.body = {.current_password = f->current_password, .new_password = f->new_password}};
	int st = svc_password_change(&s, &in, &out);
	if (st == SVC_INVALID || st == SVC_LIMITED) {
		verr_t e = {0};
		page_add_errors(&e, &s);
		if (st == SVC_LIMITED)
			e = (verr_t){0}, verr_add(&e, "current_password", "was wrong too many times; wait a few minutes");
		security_show(r, &(shown_t){.status = st, .form = "password", .errs = &e});
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, "/settings/security?done=password");
}

void page_session_end(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSessionEnd_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	SessionEnded_t out;
	int st = svc_session_end(&s, &(in_endSession_t){.id = in->id}, &out);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, "/settings/security?done=ended");
}

void page_sessions_end_others(req_t *r, const void *in_, const verr_t *errs)
{
	const EndOthersForm_t *f = &((const in_pageSessionsEndOthers_t *)in_)->body;
	svc_t s;
	page_svc(r, &s);
	SignedOut_t out;
	in_endOtherSessions_t in = {.has_tokens = true, .tokens = f->has_tokens && f->tokens};
	int st = svc_session_end_others(&s, &in, &out);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, "/settings/security?done=others");
}

void page_token_create(req_t *r, const void *in_, const verr_t *errs)
{
	const TokenForm_t *f = &((const in_pageTokenCreate_t *)in_)->body;
	if (errs->n) {
		security_show(r, &(shown_t){.status = 422, .form = "token", .errs = errs});
		return;
	}
	in_createToken_t in = {.has_body = true, .body = {.has_name = true, .name = f->name}};
	const char *days = f->has_days ? f->days : "90";
	in.body.has_expires_in_days = true;
	if (!strcmp(days, "never"))
		in.body.expires_in_days_null = true;
	else
		in.body.expires_in_days = strtol(days, NULL, 10);
	if (f->has_scope) {
		in.body.has_scope = true;
		in.body.scope = f->scope;
	}
	svc_t s;
	page_svc(r, &s);
	TokenCreated_t made;
	int st = svc_token_create(&s, &in, &made);
	if (st == SVC_FORBIDDEN) {
		verr_t e = {0};
		verr_add(&e, "days", s.err.message);
		security_show(r, &(shown_t){.status = 403, .form = "token", .errs = &e});
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	security_show(r, &(shown_t){.status = 200, .token = &made});
}

void page_token_revoke(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageTokenRevoke_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	TokenRevoked_t out;
	int st = svc_token_revoke(&s, &(in_revokeToken_t){.id = in->id}, &out);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, "/settings/security?done=revoked");
}

/* ---- two-factor sign-in ---- */

static void two_factor_show(req_t *r, const shown_t *w, bool required_notice)
{
	svc_t s;
	page_svc(r, &s);
	TwoFactorStatus_t tf;
	TwoFactorSetup_t pending;
	int st = svc_two_factor_get(&s, &tf);
	if (!st)
		st = svc_two_factor_pending(&s, &pending);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Two-factor sign-in", "settings"), *f = json_object();
	const verr_t *errs = w->errs;
	json_t *code = page_field("code", "Code from the app", "", "The six digits it shows for mentord now.", errs);
	json_object_set_new(code, "autocomplete", json_string("one-time-code"));
	json_object_set_new(code, "inputmode", json_string("numeric"));
	json_object_set_new(code, "maxlength", json_integer(8));
	json_object_set_new(code, "required", json_true());
	json_object_set_new(f, "code", code);
	/* The same field in up to two forms on the page: one id each. */
	static const char *const ids[] = {"password", "password_codes", "password_off"};
	for (int i = 0; i < 3; i++) {
		json_t *p = password_field("password", "Your password", NULL, errs, "current-password");
		char id[32];
		snprintf(id, sizeof(id), "f-%s", ids[i]);
		json_object_set_new(p, "id", json_string(id));
		if (json_is_string(json_object_get(p, "describedby")))
			json_object_set_new(p, "describedby", json_string(arena_printf(r->arena, "%s-error", id)));
		json_object_set_new(f, ids[i], p);
	}
	json_object_set_new(ctx, "f", f);
	json_object_set_new(ctx, "tf", json_pack("{s:b, s:b, s:b, s:I}", "enabled", tf.enabled, "pending",
						 tf.pending && pending.secret, "required", tf.required,
						 "left", (json_int_t)tf.recovery_codes_left));
	qr_svg_t qr;
	if (tf.pending && pending.secret && qr_svg_make(r->arena, pending.otpauth_uri, &qr)) {
		/* The secret in groups of four, as people type it. */
		buf_t b = BUF_INIT;
		for (const char *c = pending.secret; *c; c++) {
			if (c != pending.secret && (c - pending.secret) % 4 == 0)
				buf_putc(&b, ' ');
			buf_putc(&b, *c);
		}
		json_object_set_new(ctx, "qr", json_pack("{s:i, s:o, s:o}", "size", qr.size, "path", page_str(qr.path),
							 "secret", page_str(buf_cstr(&b))));
		buf_free(&b);
	}
	if (w->codes) {
		json_t *a = json_array();
		for (int i = 0; i < w->codes->recovery_codes.n; i++)
			json_array_append_new(a, page_str(w->codes->recovery_codes.v[i]));
		json_object_set_new(ctx, "codes", a);
		json_object_set_new(ctx, "has_codes", json_true());
	}
	if (required_notice && tf.required && !tf.enabled)
		json_object_set_new(ctx, "alert", page_str("Your organisation requires two-factor sign-in of administrators "
							   "and program managers. Set it up to continue."));
	if (w->notice)
		json_object_set_new(ctx, "notice", page_str(w->notice));
	if (w->alert)
		json_object_set_new(ctx, "alert", page_str(w->alert));
	static const page_label_t labels[] = {
		{"code", "Code from the app", NULL}, {"password", "Your password", NULL}, {NULL, NULL, NULL}};
	page_error_summary(ctx, errs, labels);
	page_render(r, w->status, "two_factor", ctx);
}

void page_two_factor(req_t *r, const void *in, const verr_t *errs)
{
	two_factor_show(r, &(shown_t){.status = 200}, true);
}

void page_two_factor_start(req_t *r, const void *in, const verr_t *errs)
{
	svc_t s;
	page_svc(r, &s);
	TwoFactorSetup_t out;
	int st = svc_two_factor_start(&s, &out);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, "/settings/two-factor");
}

/* A refusal of a two-factor form as its field problems (a wrong password,
 * a wrong code, too many attempts). */
static int form_problems(svc_t *s, int st, verr_t *e)
{
	if (st == SVC_LIMITED) {
		verr_add(e, "password", "was wrong too many times; wait a few minutes");
		return 429;
	}
	page_add_errors(e, s);
	return st;
}

void page_two_factor_confirm(req_t *r, const void *in_, const verr_t *errs)
{
	const TwoFactorForm_t *f = &((const in_pageTwoFactorConfirm_t *)in_)->body;
	if (errs->n) {
		two_factor_show(r, &(shown_t){.status = 422, .errs = errs}, false);
		return;
	}
	svc_t s;
	page_svc(r, &s);
	RecoveryCodes_t codes;
	in_confirmTwoFactor_t in = {.body = {.code = f->code, .password = f->password}};
	int st = svc_two_factor_confirm(&s, &in, &codes);
	if (st == SVC_INVALID || st == SVC_LIMITED) {
		verr_t e = {0};
		int status = form_problems(&s, st, &e);
		two_factor_show(r, &(shown_t){.status = status, .errs = &e}, false);
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	two_factor_show(r, &(shown_t){.status = 200, .codes = &codes,
				      .notice = "Two-factor sign-in is on. Keep the recovery codes below somewhere safe."},
			false);
}

void page_two_factor_disable(req_t *r, const void *in_, const verr_t *errs)
{
	const PasswordConfirmForm_t *f = &((const in_pageTwoFactorDisable_t *)in_)->body;
	if (errs->n) {
		two_factor_show(r, &(shown_t){.status = 422, .errs = errs}, false);
		return;
	}
	svc_t s;
	page_svc(r, &s);
	TwoFactorStatus_t out;
	int st = svc_two_factor_disable(&s, &(in_disableTwoFactor_t){.body = {.password = f->password}}, &out);
	if (st == SVC_INVALID || st == SVC_LIMITED) {
		verr_t e = {0};
		int status = form_problems(&s, st, &e);
		two_factor_show(r, &(shown_t){.status = status, .errs = &e}, false);
		return;
	}
	if (st == SVC_CONFLICT) {
		two_factor_show(r, &(shown_t){.status = 409, .alert = "Your organisation requires two-factor sign-in of "
								       "you: it cannot be turned off."}, false);
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	two_factor_show(r, &(shown_t){.status = 200, .notice = "Two-factor sign-in is off."}, false);
}

void page_recovery_codes(req_t *r, const void *in_, const verr_t *errs)
{
	const PasswordConfirmForm_t *f = &((const in_pageRecoveryCodes_t *)in_)->body;
	if (errs->n) {
		two_factor_show(r, &(shown_t){.status = 422, .errs = errs}, false);
		return;
	}
	svc_t s;
	page_svc(r, &s);
	RecoveryCodes_t codes;
	int st = svc_two_factor_recovery_codes(&s, &(in_regenerateRecoveryCodes_t){.body = {.password = f->password}},
					       &codes);
	if (st == SVC_INVALID || st == SVC_LIMITED) {
		verr_t e = {0};
		int status = form_problems(&s, st, &e);
		two_factor_show(r, &(shown_t){.status = status, .errs = &e}, false);
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	two_factor_show(r, &(shown_t){.status = 200, .codes = &codes,
				      .notice = "New recovery codes: the old ones no longer work."}, false);
}
