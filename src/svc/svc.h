/* The services: mentord's operations, one door into the rules for the JSON
 * API, the web pages and the command line alike. A service takes typed
 * input (the structs generated from src/api/openapi.json, see
 * svc/api_types.h), checks who is asking, applies the domain rules of
 * src/core, reads and writes through src/store in one transaction, and
 * fills a typed result. It knows nothing of HTTP or JSON: no req_t, no
 * json_t.
 *
 * Every service returns SVC_OK or a refusal status, whose numbers are the
 * HTTP statuses the API answers with; the refusal's code, message and field
 * problems are in s->err and s->fields. Memory comes from s->arena.
 *
 * Conventions for writing one: see docs/architecture.md. */
#ifndef MENTORD_SVC_H
#define MENTORD_SVC_H
#include "core/arena.h"
#include "core/model.h"
#include "core/secret.h"
#include "core/verr.h"
#include "store/store.h"
#include "svc/api_types.h"

typedef enum svc_status {
	SVC_OK = 0,
	SVC_BAD = 400,       /* malformed */
	SVC_UNAUTH = 401,    /* no or bad credentials */
	SVC_FORBIDDEN = 403, /* not yours */
	SVC_NOT_FOUND = 404, /* no such thing, or one the caller may not know of */
	SVC_CONFLICT = 409,  /* conflicts with existing data or the record's state */
	SVC_INVALID = 422,   /* well-formed but invalid: s->fields says why */
	SVC_LIMITED = 429,   /* slow down */
	SVC_ERROR = 500,     /* our fault; logged */
	SVC_BUSY = 503,      /* the database stayed locked: try again */
} svc_status_t;

struct svc {
	db_t *db;
	arena_t *arena;
	/* Who is asking; uid 0 is nobody (the CLI runs as an administrator). */
	int64_t uid;
	role_t role;
	const char *name, *email;
	const char *ip;          /* the client's address, "cli" for the command line */
	/* How the caller proved who they are: a session cookie (with its CSRF
	 * token, which GET /me hands out) or a bearer token; neither for the
	 * command line. */
	bool via_session;
	const char *csrf;        /* the session's CSRF token; NULL otherwise */
	/* A bearer token with the provisioning scope (SCIM): uid is the
	 * token's owner, who may do what svc/scim.h allows and nothing else. */
	bool provisioning;
	secret_cost_t pw_cost;   /* Argon2id cost of new password hashes */
	/* The refusal, after a call returned non-OK. */
	Error_error_t err;
	verr_t fields;
	const char *detail;      /* for SVC_ERROR: what failed, for the log only */
	/* What the call writes to, for svc_begin (db_begin_keyed): the
	 * relationship svc_rel_access loaded, else the program
	 * svc_program_access loaded, else 0. */
	int64_t tx_key;
};

/* A context for one caller (the API and the pages fill it from the request). */
void svc_init(svc_t *s, db_t *db, arena_t *a, int64_t uid, role_t role, const char *name,
	      const char *email, const char *ip, secret_cost_t cost);
/* A context for the command line: an administrator, no address. */
void svc_init_cli(svc_t *s, db_t *db, arena_t *a, secret_cost_t cost);

/* Refusals. Each returns its status so a service can `return svc_fail(...)`. */
int svc_fail(svc_t *s, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Records a problem with one input field (the first per field counts). */
void svc_field(svc_t *s, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* SVC_INVALID (validation_failed) if any field problem was recorded, else SVC_OK. */
int svc_check(svc_t *s);
/* Maps a store status: DB_CONSTRAINT 409, DB_BUSY and DB_CONFLICT 503, else 500. */
int svc_db(svc_t *s, int st);
int svc_not_found(svc_t *s, const char *what, int64_t id);

/* Transactions: every write of a call lands whole or not at all. Writers
 * to the same relationship (or program) take turns (s->tx_key). */
int svc_begin(svc_t *s);
int svc_commit(svc_t *s);
/* Rolls back and passes st through (a refusal or a store status). */
int svc_abort(svc_t *s, int st);

/* Names what the call writes to (s->tx_key): a relationship always, a
 * program unless a relationship was named. */
void svc_scope_relationship(svc_t *s, int64_t id);
void svc_scope_program(svc_t *s, int64_t id);
/* Programs being created take turns with each other: on PostgreSQL two at
 * once conflicted (their rows and their managers' land on the same index
 * pages), and under load some ran out of retries and answered 503. */
void svc_scope_new_program(svc_t *s);

/* Access. */
int svc_require_role(svc_t *s, role_t min);
/* Loads the program if the caller may see it (admin, its manager, or a
 * participant); with manage, only admins and its managers pass. A program
 * the caller may not see at all is "not found". */
int svc_program_access(svc_t *s, int64_t id, bool manage, program_t **out);

/* The page of a list: items beyond `limit` signal a next page, whose cursor
 * is the last item's id. Returns the cursor text or NULL. */
const char *svc_next_cursor(svc_t *s, int n, int limit, int64_t last_id);
/* A list cursor ("" or absent = from the start) as an id; false if it is
 * not a non-negative integer. */
bool svc_cursor(const char *s, int64_t *out);

#endif
