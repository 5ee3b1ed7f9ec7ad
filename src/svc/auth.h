/* What the services of logging in and of personal tokens (svc/auth.c) share
 * with the API, the login page and the command line. The rules live here;
 * reading credentials from a request and setting the cookie stay in
 * http/auth.c, which knows HTTP. */
#ifndef MENTORD_SVC_AUTH_H
#define MENTORD_SVC_AUTH_H
#include "svc/svc.h"

#define SVC_SESSION_SECONDS (14 * 24 * 3600)
/* Failed logins count within this window: at most this many per email from
 * one address, and this many from one address at all. */
#define SVC_LOGIN_WINDOW (15 * 60)
#define SVC_LOGIN_MAX_PER_EMAIL 5
#define SVC_LOGIN_MAX_PER_IP 30

/* A login that worked: the answer of the API (the user and the session's
 * CSRF token), and the session's secret for the cookie, which exists
 * nowhere else (only its hash is stored). */
typedef struct svc_login {
	LoginResult_t result;
	char secret[SECRET_CHARS];
	int max_age;     /* seconds the session lives */
	int retry_after; /* SVC_LIMITED: seconds to wait */
} svc_login_t;

/* The whole login exchange, for the caller's address (s->ip): the rate
 * limit (SVC_LIMITED, too_many_attempts), the password check, which takes
 * as long for an unknown email as for a wrong password (SVC_UNAUTH,
 * bad_credentials, for a deactivated account too), the failure ledger and
 * the new session, in one transaction. */
int svc_auth_login(svc_t *s, const LoginRequest_t *in, svc_login_t *out);
/* Ends the session whose secret hashes to session_hash (NULL: none; a
 * bearer-token caller has none). */
int svc_auth_logout(svc_t *s, const char *session_hash, LoggedOut_t *out);

/* A personal API token for the active account with this email, labelled
 * name; administrators only (the command line `mentord token create`). The
 * secret is in out->token, shown once. */
int svc_token_create_for(svc_t *s, const char *email, const char *name, TokenCreated_t *out);

/* One round trip to the database (GET /healthz): SVC_OK, or SVC_BUSY when
 * it does not answer. */
int svc_auth_ping(svc_t *s);

#endif
