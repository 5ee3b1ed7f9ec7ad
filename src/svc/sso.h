/* Signing in through the organisation's identity provider (svc/sso.c): the
 * sign-in sent to the provider (state, nonce, PKCE), and its answer turned
 * into an account and a session: the provider's identity linked to the
 * account at its first sign-in (by email), an account made just in time when
 * allowed, the name and mapped profile fields refreshed from the claims at
 * every sign-in, a deactivated person refused,
 * every outcome in the audit log. The web pages (web/sso.c) carry the state
 * and set the cookies; svc/oidc.c speaks the protocol. */
#ifndef MENTORD_SVC_SSO_H
#define MENTORD_SVC_SSO_H
#include "svc/svc.h"
#include "svc/auth.h"

#define SVC_SSO_SECONDS 600 /* how long a sign-in waits for the provider */

/* A sign-in sent to the provider: where the browser goes, and the state
 * the browser must bring back (in a cookie as well as in the URL, so an
 * answer started in another browser is refused). */
typedef struct svc_sso_start {
	const char *url;
	char state[SECRET_CHARS];
} svc_sso_start_t;

/* Whether single sign-on is on, and the provider's name for the button. */
bool svc_sso_enabled(void);
const char *svc_sso_provider_name(void);
/* Whether passwords are refused for email (sso_only and not the break-glass
 * administrator). */
bool svc_sso_password_refused(const char *email);

/* Starts a sign-in that comes back to next (a local path). SVC_NOT_FOUND
 * when single sign-on is off, SVC_BUSY when the provider's discovery does
 * not answer. */
int svc_sso_start(svc_t *s, const char *next, svc_sso_start_t *out);
/* Finishes a sign-in: state (from the URL) must be cookie_state; code is
 * exchanged and the ID token checked; then the account, as above. On
 * SVC_OK out holds the session and *next where to go. Refusals name what
 * failed in s->err (code sso_*) in words a person can act on. */
int svc_sso_finish(svc_t *s, const char *state, const char *cookie_state, const char *code,
		   const char *user_agent, svc_login_t *out, const char **next);

#endif
