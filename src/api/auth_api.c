/* Logging in and out, and accepting an invitation (x-handler in
 * openapi.json: they set and clear the session cookie). The rules of logging in are the service's
 * (svc_auth_login); this file turns its answer into a cookie and JSON.
 * Who am I and the personal tokens are generated endpoints (svc/auth.c). */
#include "api/endpoint.h"
#include "api/handlers.h"
#include "http/auth.h"
#include "http/metrics.h"
#include "svc/auth.h"
#include "svc/invite.h"

#include <string.h>
#include <strings.h>

/* Login sets a cookie, so no other site may drive it (login CSRF): the body
 * must be JSON, which a cross-site form cannot send without a preflight,
 * and a request a browser marks as coming from another site (Sec-Fetch-Site,
 * else Origin, else Referer: auth_same_origin) is refused outright. */
static bool login_origin_ok(req_t *r)
{
	const char *ct = http_header(r, "Content-Type");
	if (!auth_same_origin(r)) {
		resp_error(r, 403, "cross_site", "log in from mentord's own pages");
		return false;
	}
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		resp_error(r, 415, "unsupported_media_type", "send the credentials as application/json");
		return false;
	}
	return true;
}

void api_login(req_t *r, const void *in_)
{
	const in_login_t *in = in_;
	if (!login_origin_ok(r))
		return;
	svc_t s;
	api_svc(r, &s);
	svc_login_t out;
	svc_login_in_t li = {.email = in->body.email, .password = in->body.password,
			     .code = in->body.has_code ? in->body.code : NULL,
			     .user_agent = http_header(r, "User-Agent")};
	int st = svc_auth_login(&s, &li, &out);
	if (st == SVC_OK || st == SVC_UNAUTH)
		metrics_login(st == SVC_OK);
	if (st == SVC_LIMITED)
		resp_header(r, "Retry-After", arena_printf(r->arena, "%d", out.retry_after));
	if (st) {
		api_refuse(r, &s, st);
		return;
	}
	auth_session_cookie(r, out.secret, out.max_age, out.result.user.id);
	api_reply(r, 200, &sch_LoginResult, &out.result);
}

void api_logout(req_t *r, const void *in)
{
	(void)in;
	char hash[AUTH_HASH_HEX];
	bool has = auth_session_hash(r, hash);
	svc_t s;
	api_svc(r, &s);
	LoggedOut_t out;
	int st = svc_auth_logout(&s, has ? hash : NULL, &out);
	auth_session_clear(r); /* whatever happened, the browser forgets the session */
	if (st) {
		api_refuse(r, &s, st);
		return;
	}
	api_reply(r, 200, &sch_LoggedOut, &out);
}

void api_accept_invitation(req_t *r, const void *in_)
{
	const in_acceptInvitation_t *in = in_;
	/* It logs in, so like login it must come from our own pages. */
	if (!auth_same_origin(r)) {
		resp_error(r, 403, "cross_site", "accept the invitation from mentord's own page");
		return;
	}
	svc_t s;
	api_svc(r, &s);
	svc_login_t out;
	int st = svc_invite_accept(&s, in->body.token, in->body.password, http_header(r, "User-Agent"), &out);
	if (st) {
		api_refuse(r, &s, st);
		return;
	}
	auth_session_cookie(r, out.secret, out.max_age, out.result.user.id);
	api_reply(r, 200, &sch_LoginResult, &out.result);
}
