/* The libmicrohttpd glue: a thread pool accepts connections, bodies are
 * buffered up to app->max_body (413 beyond, at once when Content-Length
 * announces more), then each request is routed, authenticated, CSRF-checked
 * and handed to its handler with a fresh arena and a pooled database
 * connection. Every response carries the security headers, and one JSON
 * line per request goes to the buffered access log (accesslog.c).
 *
 * One client must not keep the server from others: connections per client
 * address are limited (app->per_ip_connections), and each request must
 * arrive whole — head and body — within app->request_timeout seconds of
 * the connection's start or of the previous answer, however slowly it
 * trickles in: a sweeper thread shuts down the sockets that are late.
 *
 * A request whose transactions all lost a conflict with concurrent ones
 * (PostgreSQL) is run again (run_handler).
 *
 * A write is answered once its commit is durable, but a server thread does
 * not wait for the fsync: the answer is parked, the connection suspended,
 * and the thread serves other connections; the pool's syncing thread
 * resumes the connection once the commit is durable (park, db.h's
 * db_defer_durable).
 *
 * Requests that only read write nothing: what they note for later (when a
 * token was last used, store_usage.h) a housekeeping thread writes every
 * few seconds in one short transaction, and once more at shutdown. */
#include "http/http.h"
#include "http/accesslog.h"
#include "http/auth.h"
#include "http/schema_io.h"
#include "store/store_usage.h"
#include "http/metrics.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

#include <arpa/inet.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A live connection, for the request deadline. */
typedef struct live {
	int fd;
	/* INT64_MAX while a request is being answered. Atomic rather than
	 * under the list's mutex: every request sets it twice, from every
	 * server thread. */
	_Atomic int64_t deadline_ms;
	char peer[INET6_ADDRSTRLEN]; /* the client's address, read once per connection */
	bool cut;
	struct live *prev, *next;
} live_t;

struct server {
	struct MHD_Daemon *d;
	app_t *app;
	pthread_mutex_t mu; /* guards the live list */
	pthread_cond_t cv;
	live_t *live;
	pthread_t sweeper, housekeeper;
	bool stopping, sweeping, housekeeping;
	/* Under mu: connections whose answers are parked, and whether the
	 * server stops (answers then wait for durability in place). */
	int parked;
	bool draining;
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Per-connection state while a request body arrives. */
typedef struct pending {
	buf_t body;
	bool too_large;
	bool answered;
	struct timespec t0;
	req_t *parked; /* an answer waiting for its commits to be durable (park) */
} pending_t;

static const char *const security_headers[][2] = {
	{"Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; "
				    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "same-origin"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void peer_address(struct MHD_Connection *c, char ip[INET6_ADDRSTRLEN])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	strcpy(ip, "unknown");
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, INET6_ADDRSTRLEN);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, INET6_ADDRSTRLEN);
	}
}

static live_t *live_of(struct MHD_Connection *c);

/* The peer's address, formatted when the connection opened. */
static const char *client_ip(struct MHD_Connection *c, arena_t *a)
{
	live_t *l = live_of(c);
	if (l)
		return arena_strdup(a, l->peer);
	char ip[INET6_ADDRSTRLEN];
	peer_address(c, ip);
	return arena_strdup(a, ip);
}

/* Every X-Forwarded-For header, in order, as one list: a proxy that adds
 * its own header instead of appending to the client's must not leave the
 * client's forged one first. */
static enum MHD_Result collect_xff(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	if (strcasecmp(key, "X-Forwarded-For") == 0 && value) {
		buf_t *b = cls;
		if (b->len)
			buf_putc(b, ',');
		buf_puts(b, value);
	}
	return MHD_YES;
}

/* The client's address: the connection's own, or, when that is a trusted
 * proxy's, the nearest address in X-Forwarded-For that is not a proxy. */
static const char *client_of(struct MHD_Connection *c, const app_t *app, arena_t *a)
{
	const char *peer = client_ip(c, a);
	if (!app->trusted_proxies.n || !cidr_list_has(&app->trusted_proxies, peer))
		return peer;
	buf_t xff = BUF_INIT;
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_xff, &xff);
	const char *fwd = xff.len ? cidr_forwarded_client(&app->trusted_proxies, buf_cstr(&xff), a) : NULL;
	buf_free(&xff);
	return fwd ? fwd : peer;
}

static void error_page(req_t *r, int status, const char *message)
{
	if (r->app->error_page)
		r->app->error_page(r, status, message);
	else
		resp_text(r, status, "text/plain; charset=utf-8", message, strlen(message));
}

static void not_found(req_t *r, bool path_known)
{
	if (path_known) {
		if (r->api)
			resp_error(r, 405, "method_not_allowed", "%s is not allowed on %s", r->method, r->path);
		else
			error_page(r, 405, "That action is not available here.");
	} else if (r->api) {
		resp_error(r, 404, "not_found", "no such resource: %s", r->path);
	} else {
		error_page(r, 404, "There is no page at this address.");
	}
}

/* Runs the route's handler. On PostgreSQL a write transaction that
 * conflicts with a concurrent one ends in DB_CONFLICT (store/db_pg.c);
 * when every transaction of the handler's run rolled back that way, the
 * run left nothing behind, so it is run again from the start, its answer
 * thrown away, a few times with a short random pause. Only the last run's
 * answer is sent; if conflicts persist it is the 503 "busy" the refusal
 * of DB_CONFLICT maps to. */
enum { TX_ATTEMPTS = 5 };

static void run_handler(req_t *r, const route_t *rt)
{
	int nheaders = r->nheaders;
	for (int attempt = 1;; attempt++) {
		uint64_t commits0, conflicts0, commits, conflicts;
		db_tx_counts(r->db, &commits0, &conflicts0);
		rt->fn(r);
		db_tx_counts(r->db, &commits, &conflicts);
		if (conflicts == conflicts0 || commits != commits0 || attempt == TX_ATTEMPTS)
			return;
		metrics_tx_retry();
		r->status = 500;
		r->content_type = NULL;
		r->nheaders = nheaders;
		r->page_memo = NULL;
		buf_reset(&r->out);
		/* Up to 2, 4, 8, 16 ms: the two sides of a conflict should not
		 * meet again at once. */
		struct timespec pause = {0, (long)(randombytes_uniform(1000u << attempt)) * 1000L};
		nanosleep(&pause, NULL);
	}
}

void http_dispatch(req_t *r)
{
	r->api = strncmp(r->path, "/api/", 5) == 0;
	/* Who is asking is known before routing, so even a 404 page shows the
	 * navigation of the logged-in person. */
	r->db = db_pool_acquire(r->app->pool);
	db_defer_durable(r->db, r->defer_durable);
	/* Reads before a write share one snapshot too: db_begin ends it. */
	db_read_begin(r->db);
	int st = auth_resolve(r);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	bool known;
	const route_t *rt = router_match(r, &known);
	if (!rt) {
		not_found(r, known);
		return;
	}
	if (!(rt->flags & ROUTE_PUBLIC) && !r->who.user_id) {
		if (rt->flags & ROUTE_WEB) {
			buf_t loc = BUF_INIT;
			buf_puts(&loc, "/login?next=");
			buf_put_urlenc(&loc, r->path);
			resp_redirect(r, arena_strdup(r->arena, buf_cstr(&loc)));
			buf_free(&loc);
		} else {
			resp_header(r, "WWW-Authenticate", "Bearer realm=\"mentord\"");
			resp_error(r, 401, "unauthenticated", "log in or send a bearer token");
		}
		return;
	}
	/* Required two-factor sign-in not set up yet: only its setup (and
	 * logging out) answers. */
	if (r->who.must_setup && !(rt->flags & (ROUTE_SETUP | ROUTE_PUBLIC))) {
		if (r->api)
			resp_error(r, 403, "two_factor_setup_required",
				   "your organisation requires two-factor sign-in: set it up first "
				   "(POST /api/v1/me/two-factor)");
		else
			resp_redirect(r, r->app->setup_url ? r->app->setup_url : "/");
		return;
	}
	if (!(rt->flags & ROUTE_NO_CSRF) && !auth_csrf_ok(r)) {
		if (r->api)
			resp_error(r, 403, "csrf_failed",
				   "requests made with the session cookie need the X-CSRF-Token header from GET /api/v1/me");
		else
			error_page(r, 403, "This form has expired. Go back, reload the page and try again.");
		return;
	}
	run_handler(r, rt);
}

/* One JSON line per request: ts, ip, method, path, status, bytes, ms (to the
 * microsecond) and user, written straight into a buffer (no JSON tree) and
 * handed to the buffered log. */
static void access_log(const req_t *r, double secs)
{
	if (!r->app->access_log)
		return;
	char ts[32];
	time_format(time_now(), ts, sizeof(ts));
	/* A calendar feed address is a secret: log that one was read, not which. */
	const char *path = strncmp(r->path, "/calendar/", 10) == 0 ? "/calendar/(secret).ics" : r->path;
	/* Built without printf: this runs once per request. */
	int64_t us = (int64_t)round(secs * 1e6);
	char frac[4] = {(char)('0' + us / 100 % 10), (char)('0' + us / 10 % 10), (char)('0' + us % 10), 0};
	buf_t line = BUF_INIT;
	buf_grow(&line, 192 + strlen(path));
	buf_puts(&line, "{\"ts\":\"");
	buf_puts(&line, ts);
	buf_puts(&line, "\",\"ip\":");
	sch_write_string(&line, r->ip);
	buf_puts(&line, ",\"method\":");
	sch_write_string(&line, r->method);
	buf_puts(&line, ",\"path\":");
	sch_write_string(&line, path);
	buf_puts(&line, ",\"status\":");
	buf_put_int(&line, r->status);
	buf_puts(&line, ",\"bytes\":");
	buf_put_int(&line, (int64_t)r->out.len);
	buf_puts(&line, ",\"ms\":");
	buf_put_int(&line, us / 1000);
	buf_putc(&line, '.');
	buf_puts(&line, frac);
	buf_puts(&line, ",\"user\":");
	buf_put_int(&line, r->who.user_id);
	buf_putc(&line, '}');
	accesslog_line(line.data, line.len);
	buf_free(&line);
}

static void add_headers(struct MHD_Response *resp, const req_t *r)
{
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	MHD_add_response_header(resp, "Content-Type",
				r->content_type ? r->content_type : "text/plain; charset=utf-8");
	bool cache_set = false;
	for (int i = 0; i < r->nheaders; i++) {
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
		cache_set |= strcasecmp(r->headers[i].name, "Cache-Control") == 0;
	}
	if (!cache_set)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result send_response(struct MHD_Connection *c, req_t *r)
{
	size_t len;
	char *body = buf_detach(&r->out, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	add_headers(resp, r);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* A streamed answer in flight: it owns the request's arena and database
 * connection until libmicrohttpd has sent the last piece. */
typedef struct stream {
	req_t r;
	buf_t piece;
	size_t at;
	int more; /* the producer's last answer: 1 more, 0 done, -1 failed */
	struct timespec t0;
} stream_t;

#define STREAM_PIECE (64 * 1024)

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	stream_t *st = cls;
	(void)pos;
	while (st->at == st->piece.len) {
		if (st->more <= 0)
			return st->more == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
		buf_reset(&st->piece);
		st->at = 0;
		st->more = st->r.stream(st->r.stream_state, &st->piece);
	}
	size_t n = st->piece.len - st->at;
	if (n > max)
		n = max;
	memcpy(buf, st->piece.data + st->at, n);
	st->at += n;
	st->r.out.len += n; /* for the access log: bytes sent */
	return (ssize_t)n;
}

static void stream_done(void *cls)
{
	stream_t *st = cls;
	if (st->more < 0)
		st->r.status = 500; /* what the log says: the answer was cut */
	if (st->r.db)
		db_pool_release(st->r.app->pool, st->r.db);
	access_log(&st->r, seconds_since(&st->t0));
	buf_free(&st->piece);
	arena_free(st->r.arena);
	free(st);
}

/* Hands r (its arena and connection) to a streamed answer. */
static enum MHD_Result send_stream(struct MHD_Connection *c, req_t *r, const struct timespec *t0)
{
	stream_t *st = xcalloc(1, sizeof(*st));
	st->r = *r;
	st->r.out = (buf_t)BUF_INIT;
	st->more = 1;
	st->t0 = *t0;
	struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_PIECE, stream_read,
								      st, stream_done);
	if (!resp) {
		stream_done(st);
		return MHD_NO;
	}
	add_headers(resp, r);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* Sends r's answer and frees what it holds (not its connection). */
static enum MHD_Result finish(struct MHD_Connection *c, pending_t *p, req_t *r)
{
	double secs = seconds_since(&p->t0);
	metrics_request_done(r->status, secs);
	metrics_in_flight(-1);
	access_log(r, secs);
	enum MHD_Result ok = send_response(c, r);
	buf_free(&r->out);
	arena_free(r->arena);
	return ok;
}

static void resume_parked(void *conn)
{
	MHD_resume_connection(conn);
}

/* A request whose commits are not yet durable: rather than wait for the
 * fsync, the server thread parks the answer, suspends the connection and
 * goes on serving others; the pool's syncing thread resumes it once the
 * commits are durable, and on_request sends it. False while the server
 * stops: the answer then waits in place. */
static bool park(server_t *s, struct MHD_Connection *c, pending_t *p, const req_t *r, uint64_t ticket)
{
	pthread_mutex_lock(&s->mu);
	bool ok = !s->draining;
	s->parked += ok;
	pthread_mutex_unlock(&s->mu);
	if (!ok)
		return false;
	p->parked = xmalloc(sizeof(*p->parked));
	*p->parked = *r;
	MHD_suspend_connection(c);
	db_pool_when_durable(s->app->pool, ticket, resume_parked, c);
	return true;
}

/* Takes p's parked answer back (to send it, or because the connection
 * ended); false when there is none. */
static bool unpark(server_t *s, pending_t *p, req_t *out)
{
	if (!p->parked)
		return false;
	*out = *p->parked;
	free(p->parked);
	p->parked = NULL;
	pthread_mutex_lock(&s->mu);
	if (--s->parked == 0)
		pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return true;
}

enum { ANSWER_START = 1024 };

static enum MHD_Result answer(struct MHD_Connection *c, server_t *srv, pending_t *p,
			      const char *url, const char *method)
{
	app_t *app = srv->app;
	req_t r = {0};
	r.arena = arena_new();
	r.app = app;
	r.conn = c;
	r.method = method;
	r.path = url;
	r.ip = client_of(c, app, r.arena);
	r.status = 500;
	r.body = p->body.data;
	r.body_len = p->body.len;
	r.defer_durable = true;
	/* Most answers fit: no run of reallocations from 64 bytes up. */
	buf_grow(&r.out, ANSWER_START - 1);
	metrics_in_flight(1);
	if (p->too_large) {
		r.api = strncmp(url, "/api/", 5) == 0;
		resp_header(&r, "Connection", "close");
		if (r.api)
			resp_error(&r, 413, "too_large", "the request body is larger than %zu bytes",
				   app->max_body);
		else
			error_page(&r, 413, "What you sent is too large. Shorten it and try again.");
	} else {
		http_dispatch(&r);
	}
	uint64_t ticket = r.db ? db_durable_ticket(r.db) : 0;
	if (r.stream) {
		/* A stream's reads go on while the client takes them, as long as
		 * that lasts: they must not hold back the checkpoints. */
		if (r.db)
			db_read_end(r.db);
		db_wait_durable(app->pool, ticket);
		metrics_request_done(r.status, seconds_since(&p->t0));
		metrics_in_flight(-1);
		buf_free(&r.out);
		return send_stream(c, &r, &p->t0); /* it frees the arena and the connection */
	}
	if (r.db) {
		db_pool_release(app->pool, r.db);
		r.db = NULL;
	}
	if (ticket && park(srv, c, p, &r, ticket))
		return MHD_YES;
	db_wait_durable(app->pool, ticket);
	return finish(c, p, &r);
}

static live_t *live_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void set_deadline(struct MHD_Connection *c, int64_t deadline_ms)
{
	live_t *l = live_of(c);
	if (l)
		atomic_store_explicit(&l->deadline_ms, deadline_ms, memory_order_relaxed);
}

/* A body announced larger than we take is refused before it is read: 413
 * now, and the connection closed after it. */
static enum MHD_Result refuse_large(struct MHD_Connection *c, app_t *app, const char *url)
{
	req_t r = {0};
	r.arena = arena_new();
	r.app = app;
	r.conn = c;
	r.path = url;
	r.method = "POST";
	r.ip = client_of(c, app, r.arena);
	r.api = strncmp(url, "/api/", 5) == 0;
	resp_header(&r, "Connection", "close");
	if (r.api)
		resp_error(&r, 413, "too_large", "the request body is larger than %zu bytes", app->max_body);
	else
		error_page(&r, 413, "What you sent is too large. Shorten it and try again.");
	metrics_request_done(r.status, 0);
	access_log(&r, 0);
	enum MHD_Result ok = send_response(c, &r);
	buf_free(&r.out);
	arena_free(r.arena);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	server_t *srv = cls;
	app_t *app = srv->app;
	pending_t *p = *con_cls;
	req_t parked;
	if (p && unpark(srv, p, &parked))
		return finish(c, p, &parked); /* its commits are durable now */
	if (!p) {
		p = xcalloc(1, sizeof(*p));
		clock_gettime(CLOCK_MONOTONIC, &p->t0);
		*con_cls = p;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > app->max_body) {
			p->too_large = true;
			p->answered = true;
			return refuse_large(c, app, url);
		}
		return MHD_YES;
	}
	if (p->answered) {
		*upload_size = 0; /* the 413 is on its way; the rest is not read */
		return MHD_YES;
	}
	if (*upload_size) {
		if (!p->too_large && p->body.len + *upload_size > app->max_body) {
			p->too_large = true;
			buf_free(&p->body);
		}
		if (!p->too_large)
			buf_append(&p->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	/* The request is in: its time to arrive is over, answering may take long. */
	set_deadline(c, INT64_MAX);
	p->answered = true;
	return answer(c, srv, p, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	server_t *srv = cls;
	/* Keep-alive: the next request has its own time to arrive. */
	set_deadline(c, now_ms() + (int64_t)srv->app->request_timeout * 1000);
	pending_t *p = *con_cls;
	req_t parked;
	if (p && unpark(srv, p, &parked)) {
		/* The connection ended before its answer could go. */
		metrics_in_flight(-1);
		buf_free(&parked.out);
		arena_free(parked.arena);
	}
	if (p) {
		buf_free(&p->body);
		free(p);
		*con_cls = NULL;
	}
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	server_t *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		live_t *l = xcalloc(1, sizeof(*l));
		l->fd = ci ? ci->connect_fd : -1;
		peer_address(c, l->peer);
		l->deadline_ms = now_ms() + (int64_t)s->app->request_timeout * 1000;
		pthread_mutex_lock(&s->mu);
		l->next = s->live;
		if (s->live)
			s->live->prev = l;
		s->live = l;
		pthread_mutex_unlock(&s->mu);
		*socket_context = l;
		return;
	}
	/* Closed: libmicrohttpd calls this before it closes the socket, so the
	 * sweeper (under the same mutex) never touches a reused descriptor. */
	live_t *l = *socket_context;
	if (!l)
		return;
	pthread_mutex_lock(&s->mu);
	if (l->prev)
		l->prev->next = l->next;
	else
		s->live = l->next;
	if (l->next)
		l->next->prev = l->prev;
	pthread_mutex_unlock(&s->mu);
	free(l);
	*socket_context = NULL;
}

/* Shuts down the sockets of requests that did not arrive in time; the
 * server then sees the connection end and cleans it up itself. */
static void *sweeper(void *arg)
{
	server_t *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&s->cv, &s->mu, &until);
		int64_t now = now_ms();
		for (live_t *l = s->live; l; l = l->next)
			if (!l->cut && l->fd >= 0 && now > atomic_load_explicit(&l->deadline_ms, memory_order_relaxed)) {
				shutdown(l->fd, SHUT_RDWR);
				l->cut = true;
			}
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* libmicrohttpd's own messages as JSON lines. A client that goes away, or
 * whose late request the sweeper cut off, is routine and not logged: under
 * a slow-client attack it would otherwise flood the log. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\r\n")] = '\0';
	if (strstr(msg, "closed") || strstr(msg, "Connection reset") || strstr(msg, "timed out"))
		return;
	/* Refused connections (the per-address and total limits) come in
	 * bursts: one line per ten seconds says it. */
	static _Atomic int64_t last_limit_ms;
	if (strstr(msg, "limit")) {
		int64_t t = now_ms(), prev = last_limit_ms;
		if (t - prev < 10000 || !atomic_compare_exchange_strong(&last_limit_ms, &prev, t))
			return;
	}
	buf_t line = BUF_INIT;
	buf_puts(&line, "{\"level\":\"warn\",\"msg\":\"http\",\"detail\":");
	sch_write_string(&line, msg);
	buf_puts(&line, "}\n");
	fputs(buf_cstr(&line), stderr);
	buf_free(&line);
}

#define HOUSEKEEPING_SECONDS 5

static void flush_usage(server_t *s)
{
	if (store_usage_pending() == 0)
		return;
	db_t *db = db_pool_acquire(s->app->pool);
	if (store_usage_flush(db, NULL) != DB_OK)
		fprintf(stderr, "{\"level\":\"warn\",\"msg\":\"could not record credentials' last use; retrying\"}\n");
	db_pool_release(s->app->pool, db);
}

static void *housekeeper(void *arg)
{
	server_t *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += HOUSEKEEPING_SECONDS;
		pthread_cond_timedwait(&s->cv, &s->mu, &until);
		pthread_mutex_unlock(&s->mu);
		flush_usage(s);
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	const char *colon = strrchr(listen, ':');
	if (!colon)
		return -1;
	char host[64];
	size_t hn = (size_t)(colon - listen);
	if (hn >= sizeof(host))
		return -1;
	memcpy(host, listen, hn);
	host[hn] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	sa->sin_port = htons((uint16_t)port);
	if (hn == 0 || strcmp(host, "*") == 0)
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (strcmp(host, "localhost") == 0)
		sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -1;
	return 0;
}

int server_start(app_t *app, server_t **out, int *bound_port)
{
	struct sockaddr_in sa;
	if (parse_listen(app->listen, &sa) != 0) {
		fprintf(stderr, "mentord: cannot parse listen address \"%s\" (want HOST:PORT)\n", app->listen);
		return -1;
	}
	server_t *s = xcalloc(1, sizeof(*s));
	s->app = app;
	if (app->request_timeout <= 0)
		app->request_timeout = 10;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (pthread_create(&s->sweeper, NULL, sweeper, s) != 0) {
		fprintf(stderr, "mentord: cannot start the request deadline thread\n");
		free(s);
		return -1;
	}
	s->sweeping = true;
	s->housekeeping = app->pool && pthread_create(&s->housekeeper, NULL, housekeeper, s) == 0;
	if (app->access_log && accesslog_start(stderr) != 0)
		fprintf(stderr, "mentord: cannot start the access log thread; logging off\n");
	/* Suspend and resume: parked answers (park). */
	s->d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0,
				NULL, NULL, on_request, s,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first, to catch every message */
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(app->threads > 0 ? app->threads : 4),
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				/* Idle keep-alive connections: the request deadline governs
				 * the time a request takes to arrive. */
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(app->per_ip_connections > 0 ?
									       app->per_ip_connections : 0),
				MHD_OPTION_END);
	if (!s->d) {
		fprintf(stderr, "mentord: cannot listen on %s\n", app->listen);
		server_stop(s);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	if (bound_port)
		*bound_port = di ? di->port : ntohs(sa.sin_port);
	*out = s;
	return 0;
}

void server_stop(server_t *s)
{
	if (!s)
		return;
	if (s->d) {
		/* libmicrohttpd stops no suspended connection: the parked answers
		 * go first, and no new one parks. */
		pthread_mutex_lock(&s->mu);
		s->draining = true;
		while (s->parked > 0)
			pthread_cond_wait(&s->cv, &s->mu);
		pthread_mutex_unlock(&s->mu);
		MHD_stop_daemon(s->d);
	}
	if (s->sweeping) {
		pthread_mutex_lock(&s->mu);
		s->stopping = true;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->sweeper, NULL);
	}
	if (s->housekeeping) {
		pthread_join(s->housekeeper, NULL);
		flush_usage(s); /* what requests noted last */
	}
	accesslog_stop();
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}
