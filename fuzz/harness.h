/* What the request fuzz targets share: mentord composed in process exactly
 * as `mentord serve` composes it (serve_compose), an in-memory SQLite
 * database migrated like production and filled with a small organisation
 * through the API itself (fixture.c), a connection of our own making that
 * stands in for libmicrohttpd's (headers, cookies and query arguments), and
 * one function that runs a request through the server's own dispatch
 * (http_dispatch) and checks the contracts every answer must keep:
 *   - no 500 and no status outside 200..599;
 *   - no transaction left open, neither by a handler nor by a service (the
 *     API dispatcher rolls back what a service forgot; the harness checks
 *     the service itself, see fz_run);
 *   - an API answer is valid UTF-8 JSON; an error is
 *     {"error": {"code", "message", "fields"?}} with string codes, messages
 *     and field messages; a success has the operation's declared status;
 *   - a 401 says how to authenticate (WWW-Authenticate);
 *   - a page is valid UTF-8 HTML, never carries the marker "<fz" the
 *     fuzzers plant (it would mean text reached the page unescaped), and a
 *     redirect stays on the site;
 *   - a GET or HEAD writes nothing but a credential's last use (a bearer
 *     token's or the calendar feed secret's).
 * A broken contract prints what happened and traps, so libFuzzer keeps the
 * input. The database is put back as the fixture left it before a request
 * whenever the one before changed anything, so every input starts from the
 * same state and a crash reproduces from its file alone. */
#ifndef MENTORD_FUZZ_HARNESS_H
#define MENTORD_FUZZ_HARNESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

/* The time the harness pins (MENTORD_NOW): 2026-05-28T20:26:40Z. */
#define FZ_NOW "1780000000"

/* The cast of the fixture (fixture.c says who is what). */
typedef enum fz_who {
	FZ_ANON,    /* nobody logged in */
	FZ_ADMIN,   /* the administrator */
	FZ_MANAGER, /* manages both programs */
	FZ_MENTOR,  /* mentor of the working relationship and others */
	FZ_MENTEE,  /* mentee of the working relationship */
	FZ_MEMBER,  /* enrolled, in no relationship: an outsider to the pairs */
	FZ_MENTOR2, /* mentor in the self-matching program */
	FZ_MENTEE2, /* mentee of a relationship getting to know each other */
	FZ_NWHO
} fz_who_t;
extern const char *const fz_who_names[FZ_NWHO];

/* How the caller proves who they are. */
typedef enum fz_auth {
	FZ_COOKIE,      /* the session cookie with its CSRF token */
	FZ_BEARER,      /* a personal API token */
	FZ_COOKIE_BARE, /* the session cookie without the CSRF token */
	FZ_NAUTH
} fz_auth_t;
extern const char *const fz_auth_names[FZ_NAUTH];

enum { FZ_MAX_HEADERS = 8 };

typedef struct fz_req {
	const char *method, *path; /* path without the query */
	const char *query;         /* the raw query string, or NULL */
	const char *body;
	size_t body_len;
	const char *content_type;  /* NULL: none */
	fz_who_t who;
	fz_auth_t auth;
	/* Extra request headers, looked up before the harness's own, so an
	 * input can replace the credentials or the content type. */
	struct { const char *name, *value; } hdr[FZ_MAX_HEADERS];
	int nhdr;
} fz_req_t;

/* The answer of fz_run, valid until the next fz_run. */
typedef struct fz_resp {
	int status;
	const char *content_type; /* may be NULL */
	const char *body;
	size_t len;
	const char *location;     /* a redirect's Location, or NULL */
	const req_t *req;
} fz_resp_t;

/* Composes mentord, opens the database, builds the fixture and keeps a copy
 * of it. Call once, from LLVMFuzzerInitialize. */
void fz_init(void);
/* Puts the database back as the fixture left it, when anything changed it
 * since. fz_run does it before each request it runs first in an input. */
void fz_reset(void);
/* Runs one request and checks the contracts above. */
const fz_resp_t *fz_run(const fz_req_t *q);
/* Ends an input: the next fz_run starts from the fixture again. */
void fz_end_input(void);

/* The composed application; its pool holds the one database connection. */
app_t *fz_app(void);
/* The database as the fixture left it (fz_reset first), for targets that
 * call services directly; give it back with fz_db_release. */
db_t *fz_db_acquire(void);
void fz_db_release(db_t *db);
/* The id of a member of the cast. */
int64_t fz_user_id(int who);

/* The session's CSRF token of a member of the cast (for page forms). */
const char *fz_csrf(fz_who_t who);
/* The ids of the fixture's records under a path segment ("relationships",
 * "goals", "meetings", ...): *n of them, the most useful first. */
const int64_t *fz_ids(const char *resource, size_t len, int *n);
/* The secret of the fixture's calendar feed address (the mentee's). */
const char *fz_calendar_token(void);
/* The secret of the fixture's provisioning token (SCIM at /scim/v2). */
const char *fz_provisioning_token(void);
/* Seconds since the epoch when the fixture was built. */
int64_t fz_epoch(void);

/* Prints a broken contract and traps. */
void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Whether s[0..n) is valid UTF-8 (NUL allowed). */
bool fz_utf8(const char *s, size_t n);

#endif
