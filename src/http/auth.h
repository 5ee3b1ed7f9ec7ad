/* Credentials: Argon2id password hashes, session cookies with their CSRF
 * tokens, personal bearer tokens, and login rate limiting. Secrets are random
 * 32-byte values from libsodium; only their BLAKE2b hashes are stored, so a
 * leaked database does not leak live credentials. */
#ifndef MENTORD_AUTH_H
#define MENTORD_AUTH_H
#include <sodium.h>
#include "http/http.h"

#define AUTH_COOKIE "mentord_session"
#define AUTH_SESSION_SECONDS (14 * 24 * 3600)
#define AUTH_LOGIN_WINDOW (15 * 60)
#define AUTH_LOGIN_MAX_PER_EMAIL 5
#define AUTH_LOGIN_MAX_PER_IP 30
#define AUTH_SECRET_CHARS 64 /* room for a prefixed base64url secret */
#define AUTH_HASH_HEX 65

int auth_init(void);
/* 0 on success; -1 if hashing failed (out of memory for Argon2id). */
int auth_hash_password(const app_t *app, const char *password, char out[crypto_pwhash_STRBYTES]);
bool auth_verify_password(const char *hash, const char *password);
/* Spends the time of one verification, so unknown emails answer as slowly
 * as wrong passwords. */
void auth_burn_verify(const app_t *app, const char *password);
void auth_new_secret(const char *prefix, char out[AUTH_SECRET_CHARS]);
void auth_secret_hash(const char *secret, char out[AUTH_HASH_HEX]);

/* Fills r->who from a bearer token or the session cookie. Returns a DB_
 * status; no or bad credentials leave r->who.user_id at 0. */
int auth_resolve(req_t *r);
/* Whether an unsafe request made with the session cookie carries its CSRF
 * token (header X-CSRF-Token, or form field _csrf for pages). */
bool auth_csrf_ok(req_t *r);
/* Creates a session for user_id and sets its cookie on the response. */
int auth_session_start(req_t *r, int64_t user_id);
int auth_session_end(req_t *r);
/* The stored form of the request's session cookie; false when it has none. */
bool auth_session_hash(req_t *r, char out[AUTH_HASH_HEX]);
/* After a login (svc_auth_login): sets the session cookie to secret for
 * max_age seconds, and makes user_id the one asking for the rest of the
 * request (the access log names them). */
void auth_session_cookie(req_t *r, const char *secret, int max_age, int64_t user_id);
/* Tells the browser to forget the session cookie. */
void auth_session_clear(req_t *r);
/* Checks the failure ledger; false with *retry_after seconds if the email or
 * the client address must wait. */
int auth_login_allowed(req_t *r, const char *email, bool *allowed, int *retry_after);



/* The whole login exchange shared by the API and the login page: rate
 * limit, password check, failure ledger, new session (cookie set on r), in
 * one transaction. On LOGIN_OK r->who describes the new user. */
typedef enum { LOGIN_OK, LOGIN_BAD, LOGIN_LIMITED, LOGIN_ERROR } login_result_t;
login_result_t auth_login(req_t *r, const char *email, const char *password, int *retry_after,
			  int *db_status);
#endif
