/* Signing in through the organisation's identity provider (pages/sso.json):
 * /login/sso sends the browser to the provider with a fresh state, also kept
 * in a short-lived cookie (path /login/sso, SameSite=Lax so the provider's
 * redirect back carries it), and /login/sso/callback takes the answer. The
 * protocol and the account are svc_sso_start() and svc_sso_finish(); this
 * file sets the cookies and shows every refusal as a page that says what
 * went wrong and offers to start again. The refusal's technical detail goes
 * to the log (never a secret: the code and tokens are not in it). */
#include "web/page.h"
#include "web/page_types.h"
#include "http/auth.h"
#include "http/metrics.h"
#include "svc/sso.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SSO_COOKIE "mentord_sso"

static void state_cookie(req_t *r, const char *value, int max_age)
{
	resp_header(r, "Set-Cookie",
		    arena_printf(r->arena, "%s=%s; Path=/login/sso; Max-Age=%d; HttpOnly; SameSite=Lax%s", SSO_COOKIE,
				 value, max_age, r->app->secure_cookies ? "; Secure" : ""));
}

/* The page of a refused sign-in: what happened, and the way back. */
static void refused(req_t *r, int status, const char *message)
{
	json_t *ctx = page_ctx(r, "Single sign-on did not work", NULL);
	json_object_set_new(ctx, "status", json_integer(status));
	json_object_set_new(ctx, "message", page_str(message));
	json_object_set_new(ctx, "provider", page_str(svc_sso_provider_name()));
	page_render(r, status, "sso_error", ctx);
}

static void log_refusal(const svc_t *s)
{
	json_t *j = json_pack("{s:s, s:s, s:s?}", "level", "warn", "msg", s->err.code ? s->err.code : "sso",
			      "detail", s->detail);
	char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
	if (line)
		fprintf(stderr, "%s\n", line);
	free(line);
	json_decref(j);
}

void page_sso_start(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSsoStart_t *in = in_;
	const char *next = page_safe_next(in->has_next && !verr_has(errs, "next") ? in->next : NULL);
	if (!svc_sso_enabled()) {
		web_error(r, 404, "Single sign-on is not set up here. Log in with your email and password.");
		return;
	}
	svc_t s;
	page_svc(r, &s);
	svc_sso_start_t out;
	int st = svc_sso_start(&s, next, &out);
	if (st) {
		log_refusal(&s);
		refused(r, st, s.err.message ? s.err.message : "The sign-in could not start.");
		return;
	}
	state_cookie(r, out.state, SVC_SSO_SECONDS);
	resp_redirect(r, out.url);
}

void page_sso_callback(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSsoCallback_t *in = in_;
	const char *name = svc_sso_provider_name();
	if (!svc_sso_enabled()) {
		web_error(r, 404, "Single sign-on is not set up here. Log in with your email and password.");
		return;
	}
	state_cookie(r, "", 0); /* one answer per sign-in, whatever it is */
	if (in->has_error) {
		refused(r, 403, arena_printf(r->arena, "%s did not sign you in: %s%s%s.", name, in->error,
					     in->has_error_description ? " — " : "",
					     in->has_error_description ? in->error_description : ""));
		return;
	}
	if (errs->n || !in->has_code || !in->has_state) {
		refused(r, 400, "This address is not an answer from the identity provider. Start again from the login page.");
		return;
	}
	svc_t s;
	page_svc(r, &s);
	svc_login_t out;
	const char *next = "/";
	int st = svc_sso_finish(&s, in->state, http_cookie(r, SSO_COOKIE), in->code, http_header(r, "User-Agent"),
				&out, &next);
	if (st == SVC_OK || st == SVC_UNAUTH || st == SVC_FORBIDDEN)
		metrics_login(st == SVC_OK);
	if (st) {
		log_refusal(&s);
		if (st == SVC_ERROR)
			page_refuse(r, &s, st);
		else
			refused(r, st, s.err.message);
		return;
	}
	auth_session_cookie(r, out.secret, out.max_age, out.result.user.id);
	resp_redirect(r, page_safe_next(next));
}
