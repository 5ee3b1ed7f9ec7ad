/* The request as every handler sees it, and the ways to answer it. The server
 * (server.c) parses and bounds the request at the edge — method, path, body
 * size, credentials — before routing; handlers only read typed fields and
 * write one response. Everything a handler allocates comes from r->arena and
 * is freed when the response has been sent. */
#ifndef MENTORD_HTTP_H
#define MENTORD_HTTP_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/cidr.h"
#include "core/model.h"
#include "core/verr.h"
#include "store/db.h"

struct req;

typedef struct app {
	db_pool_t *pool;
	const char *listen;        /* "127.0.0.1:8080" */
	int threads;
	size_t max_body;           /* bytes; larger bodies get 413 */
	bool secure_cookies;       /* set Secure on cookies (behind HTTPS) */
	bool access_log;
	int per_ip_connections;    /* open connections per client address; 0 = no limit */
	int request_timeout;       /* seconds a request (head and body) may take to arrive */
	unsigned long long pw_ops; /* Argon2id cost */
	size_t pw_mem;
	const char *base_url;      /* the public address (links in mail); NULL: http://<listen> */
	/* Peers whose X-Forwarded-For is believed (reverse proxies); empty:
	 * the connection's own address is the client's. */
	cidr_list_t trusted_proxies;
	/* Where a page request goes while who.must_setup (the two-factor
	 * enrolment page; set by the composition root). */
	const char *setup_url;
	int64_t started_at;
	/* Answers a page request with an error page (set by the composition
	 * root; plain text when unset). */
	void (*error_page)(struct req *r, int status, const char *message);
} app_t;

/* Who is asking; user_id 0 means nobody is logged in. */
typedef struct who {
	int64_t user_id;
	role_t role;
	const char *name, *email;
	const char *csrf;   /* the session's CSRF token; NULL for bearer tokens */
	bool via_cookie;
	int64_t session_id, token_id; /* the credential used (0: none of that kind) */
	/* The organisation requires two-factor sign-in of this person, who has
	 * not set it up: only ROUTE_SETUP routes answer until they do. */
	bool must_setup;
	/* A bearer token with the metrics scope: it reads /metrics and is
	 * nobody anywhere else (user_id stays 0). */
	bool metrics;
	/* A bearer token with the provisioning scope: it reaches /scim/v2 and
	 * nothing else (user_id stays 0); provisioner is the token's owner,
	 * the actor the audit log names. */
	bool provisioning;
	int64_t provisioner;
} who_t;

enum { HTTP_MAX_IDS = 3, HTTP_MAX_HEADERS = 12 };

typedef struct req {
	arena_t *arena;
	app_t *app;
	db_t *db;
	void *conn;                 /* the libmicrohttpd connection */
	const char *method, *path, *ip;
	const char *query;          /* set for in-process calls: "a=1&b=2" replaces the URL's */
	const char *body;
	size_t body_len;
	int64_t id[HTTP_MAX_IDS];   /* the {id} segments of the path, in order */
	int nid;
	const char *seg[HTTP_MAX_IDS]; /* every {id} and {s} segment as text, in order */
	int nseg;
	const void *route_data;     /* the matched route's data (an endpoint's declaration) */
	who_t who;
	bool api;                   /* under /api: errors are JSON, not pages */
	/* Set by the server: the request's commits may return before they are
	 * durable (db_defer_durable); the server answers once they are. */
	bool defer_durable;
	/* What the pages layer learnt during this request and may need again
	 * (web/inbox.c: the inbox count, so the header of a page that lists the
	 * inbox does not ask twice); NULL until it sets it, freed with the arena. */
	void *page_memo;
	/* the response */
	int status;
	buf_t out;
	const char *content_type;
	struct { const char *name, *value; } headers[HTTP_MAX_HEADERS];
	int nheaders;
	/* A streamed answer (resp_stream): its producer and state. */
	int (*stream)(void *state, buf_t *out);
	void *stream_state;
} req_t;

/* Request accessors. Values are owned by the connection or the arena. */
const char *http_header(req_t *r, const char *name);
const char *http_query(req_t *r, const char *name);
const char *http_cookie(req_t *r, const char *name);
/* The value of field name in an application/x-www-form-urlencoded body. */
const char *http_form(req_t *r, const char *name);
/* All values of a repeated form field; returns how many. */
int http_form_all(req_t *r, const char *name, const char ***out);
bool http_method_is(req_t *r, const char *m);
bool http_is_unsafe(req_t *r);

/* Responses. */
void resp_header(req_t *r, const char *name, const char *value);
/* Steals the reference to body. */
void resp_json(req_t *r, int status, json_t *body);
void resp_error(req_t *r, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* 422 validation_failed with one message per field. */
void resp_invalid(req_t *r, const verr_t *v);
/* Maps a DB_ status to 409 (constraint), 503 (busy) or 500, and logs it. */
void resp_db(req_t *r, int st);
void resp_text(req_t *r, int status, const char *content_type, const char *body, size_t len);
void resp_redirect(req_t *r, const char *location);
/* Answers with a body produced piece by piece as the client reads it
 * (chunked transfer encoding), so an answer of any size is never held
 * whole: next(state, out) appends the next piece to out and returns 1 when
 * there is more, 0 when that was the last piece, -1 on an error (the
 * connection is then cut, as the status line has gone). The request's
 * arena and database connection stay alive until the answer is sent, so
 * state (in r->arena) may keep reading through r->db. */
void resp_stream(req_t *r, int status, const char *content_type, int (*next)(void *state, buf_t *out),
		 void *state);

/* Routing. A pattern is a path whose "{id}" segments match positive integers
 * and whose "{s}" segments match any text up to the pattern's next literal
 * character (or the end or a slash). */
typedef void (*handler_fn)(req_t *r);

enum route_flags {
	ROUTE_PUBLIC = 1 << 0,  /* no credentials needed */
	ROUTE_WEB = 1 << 1,     /* a page: unauthenticated users go to /login */
	ROUTE_NO_CSRF = 1 << 2, /* e.g. login, which creates the session */
	ROUTE_SETUP = 1 << 3,   /* reachable before a required two-factor setup (x-setup) */
};

typedef struct route {
	const char *method, *pattern;
	handler_fn fn;
	int flags;
	const void *data; /* handed to the handler as r->route_data */
} route_t;

/* Each module registers its routes once at start-up. */
void router_add(const route_t *routes, int n);
/* Finds the route for r (filling r->id); *path_known tells 404 from 405. */
const route_t *router_match(req_t *r, bool *path_known);
void router_reset(void);

/* Answers r, read whole, as the server does: acquires r->db from the pool
 * (the caller releases it), resolves who is asking, routes, refuses
 * (401, 404, 405, CSRF) or calls the handler. Every request of the server
 * goes through it; the fuzz targets call it in process with a connection
 * of their own making. */
void http_dispatch(req_t *r);

/* Server lifecycle. port 0 picks a free port; *bound_port gets it. */
typedef struct server server_t;
int server_start(app_t *app, server_t **out, int *bound_port);
void server_stop(server_t *s);

#endif
