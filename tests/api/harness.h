/* The API test harness: each test gets its own temp directory with a fresh
 * database (SQLite, or PostgreSQL when MENTORD_TEST_PG is set: see
 * tests/testdb.h), migrated through cli_open exactly as `mentord serve`
 * opens it, a fixed cast of users created through the store, and the real
 * server listening on 127.0.0.1 at a free port. Tests talk to it over real
 * HTTP with libcurl; each client has its own cookie jar and optionally a
 * CSRF token or a bearer token.
 *
 * Memory: everything the harness hands out (clients, responses, formatted
 * strings) is owned by the harness and released in h_teardown(), so tests
 * never free anything. */
#ifndef MENTORD_TESTS_HARNESS_H
#define MENTORD_TESTS_HARNESS_H
#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "core/arena.h"

#define H_PASSWORD "correct-horse-battery"
#define H_MEMBERS 4

typedef struct h_resp {
	long status;
	char *body;     /* NUL-terminated */
	size_t len;
	char *headers;  /* the raw header block */
	json_t *json;   /* the parsed body, or NULL if it is not JSON */
} h_resp_t;

typedef struct h_client {
	CURL *curl;
	const char *csrf;   /* sent as X-CSRF-Token when send_csrf is set */
	bool send_csrf;
	const char *bearer; /* sent as Authorization: Bearer when set */
	const char *headers[4]; /* extra "Name: value" lines, e.g. an Origin or X-Forwarded-For */
	const char *email;  /* who it logged in as (for MENTORD_RECORD_DIR), or NULL */
} h_client_t;

typedef struct harness {
	char dir[64];
	char db_url[512];   /* sqlite:DIR/api.db, or a database of MENTORD_TEST_PG */
	config_t cfg;
	app_t app;
	server_t *srv;
	int port;
	arena_t *a;
	/* the cast */
	int64_t admin, mgr1, mgr2, member[H_MEMBERS];
} harness_t;

extern harness_t H;

/* Fixture for TestSuite(.init/.fini). h_setup_max_body starts the server
 * with a small body limit for 413 tests. */
void h_setup(void);
void h_setup_max_body(size_t max_body);
/* Starts the server with these connection limits (see http/server.c). */
void h_setup_limits(int per_ip_connections, int request_timeout);
/* Starts the server believing X-Forwarded-For from these proxies (the
 * tests' loopback address: trusted_proxies = 127.0.0.1). */
void h_setup_proxied(void);
void h_teardown(void);

/* Emails of the cast: admin@example.org, mgr1@, mgr2@, member1@ .. member4@. */
extern const char *const h_member_email[H_MEMBERS];

h_client_t *h_client(void);
/* Logs c in with the session cookie and fetches its CSRF token from
 * GET /api/v1/me; returns the login status (200 on success). */
long h_login(h_client_t *c, const char *email, const char *password);
/* A new client logged in as email (asserts success). */
h_client_t *h_as(const char *email);
/* A new client that authenticates only with a bearer token created for email
 * through POST /api/v1/tokens (no cookie). */
h_client_t *h_bearer(const char *email);
/* A new client with a bearer token of the metrics scope (made by the admin). */
h_client_t *h_metrics_client(void);
/* The body of the newest outbox mail of this kind to addr, or NULL. */
const char *h_outbox_body(const char *kind, const char *addr);
/* The secret of the first link to base_url + path ("/invite?token=") in s, or NULL. */
const char *h_link_token(const char *s, const char *path);

/* Sends a request; body may be NULL. JSON content type unless ctype given.
 * With MENTORD_RECORD_DIR set, each request is also written there, one file
 * each (fuzz/seeds.py makes the fuzzers' seed corpora from them). */
h_resp_t *h_req(h_client_t *c, const char *method, const char *path, const char *body);
h_resp_t *h_req_ct(h_client_t *c, const char *method, const char *path, const char *ctype,
		   const char *body, size_t len);

/* The first value of a response header (case-insensitive name), or NULL. */
const char *h_header(const h_resp_t *r, const char *name);
/* A value at a dotted path in the JSON body: "error.fields.email",
 * "items.0.id". NULL if absent. */
json_t *h_at(const h_resp_t *r, const char *path);
const char *h_str(const h_resp_t *r, const char *path);
int64_t h_int(const h_resp_t *r, const char *path);
/* printf into harness-owned memory. */
char *h_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One integer from the database (for checking that nothing was written). */
int64_t h_db_int(const char *sql);

/* Asserts the status, printing the body on failure. */
#define h_expect_status(resp, want) \
	cr_assert_eq((resp)->status, (want), "%s:%d: status %ld, want %d; body: %s", __FILE__, \
		     __LINE__, (resp)->status, (want), (resp)->body)
/* Asserts a refusal to someone outside an object: 403, or 404 where the
 * server does not confirm that the object exists (both are allowed by the
 * foundation issue: "another person's object 403/404"). */
#define h_expect_refused(resp) \
	cr_assert((resp)->status == 403 || (resp)->status == 404, "%s:%d: status %ld, want 403/404; body: %s", \
		  __FILE__, __LINE__, (resp)->status, (resp)->body)
/* Asserts a 422 that names field in error.fields. */
#define h_expect_field(resp, field) \
	do { \
		h_expect_status(resp, 422); \
		cr_assert_not_null(h_str(resp, "error.fields." field), \
				   "422 does not name field %s: %s", field, (resp)->body); \
	} while (0)

#endif
