/* Credentials at the edge: reading who is asking from a bearer token or the
 * session cookie (with its CSRF token), and setting or clearing the cookie.
 * The rules of logging in (rate limit, password check, the session itself)
 * are the services' (svc/auth.h). Secrets are random 32-byte values from
 * libsodium; only their BLAKE2b hashes are stored, so a leaked database
 * does not leak live credentials. */
#ifndef MENTORD_AUTH_H
#define MENTORD_AUTH_H
#include <sodium.h>
#include "http/http.h"

#define AUTH_COOKIE "mentord_session"
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
/* Whether a request that cannot carry a session's CSRF token (logging in,
 * following an invitation or reset link) comes from our own pages: the
 * browser's Sec-Fetch-Site when it sends one (same-origin or none); else
 * its Origin, else its Referer, must name this server (the Host the
 * request was sent to, or base_url). A request with none of the three is
 * no browser's cross-site form and passes. */
bool auth_same_origin(req_t *r);
/* The stored form of the request's session cookie; false when it has none. */
bool auth_session_hash(req_t *r, char out[AUTH_HASH_HEX]);
/* After a login (svc_auth_login): sets the session cookie to secret for
 * max_age seconds, and makes user_id the one asking for the rest of the
 * request (the access log names them). */
void auth_session_cookie(req_t *r, const char *secret, int max_age, int64_t user_id);
/* Tells the browser to forget the session cookie. */
void auth_session_clear(req_t *r);

#endif
