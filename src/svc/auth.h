/* What the services of logging in (svc/auth.c) share with the API, the
 * login pages, the other account services and the command line. The rules
 * live here; reading credentials from a request and setting the cookie stay
 * in http/auth.c, which knows HTTP. */
#ifndef MENTORD_SVC_AUTH_H
#define MENTORD_SVC_AUTH_H
#include "svc/svc.h"

#define SVC_SESSION_SECONDS (14 * 24 * 3600)
/* The second step of a two-factor login: how long it waits for the code,
 * and how many codes it takes. */
#define SVC_CHALLENGE_SECONDS 300
#define SVC_CHALLENGE_TRIES 5

/* A login that worked: the answer of the API (the user and the session's
 * CSRF token), and the session's secret for the cookie, which exists
 * nowhere else (only its hash is stored). When two-factor sign-in is on
 * and no code came, challenge holds the secret of the second step (if it
 * was asked for). */
typedef struct svc_login {
	LoginResult_t result;
	char secret[SECRET_CHARS];
	int max_age;     /* seconds the session lives */
	int retry_after; /* SVC_LIMITED: seconds to wait */
	char challenge[SECRET_CHARS];
} svc_login_t;

/* What a login sends: code is the authenticator's code or a recovery code
 * (NULL or "" when none); user_agent is kept with the session; with
 * want_challenge a correct password of an account with two-factor
 * sign-in makes a second-step secret (for a page's hidden field). */
typedef struct svc_login_in {
	const char *email, *password, *code, *user_agent;
	bool want_challenge;
} svc_login_in_t;

/* The whole login exchange, for the caller's address (s->ip): the throttle
 * (SVC_LIMITED, too_many_attempts, out->retry_after), the password check,
 * which takes as long for an unknown email as for a wrong password
 * (SVC_UNAUTH, bad_credentials, for a deactivated account too), the
 * two-factor code when the account has it on (SVC_UNAUTH
 * two_factor_required without one, bad_two_factor_code for a wrong one),
 * and the new session. */
int svc_auth_login(svc_t *s, const svc_login_in_t *in, svc_login_t *out);
/* The second step of a page's login: the challenge from the first and the
 * code; the same throttle and answers. */
int svc_auth_login_code(svc_t *s, const char *challenge, const char *code, const char *user_agent,
			svc_login_t *out);
/* Starts a session for u inside the caller's transaction and fills out
 * (an invitation accepted logs its person in). */
int svc_auth_session_start(svc_t *s, const user_t *u, const char *user_agent, svc_login_t *out);
/* Ends the session whose secret hashes to session_hash (NULL: none; a
 * bearer-token caller has none). */
int svc_auth_logout(svc_t *s, const char *session_hash, LoggedOut_t *out);

/* One round trip to the database (GET /healthz): SVC_OK, or SVC_BUSY when
 * it does not answer. */
int svc_auth_ping(svc_t *s);

#endif
