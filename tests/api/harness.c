/* The API test harness; see harness.h. Setup mirrors production start-up:
 * config defaults plus a few settings, cli_open() (pool, migrations), then
 * server_start() on port 0. Users are inserted through the store with real
 * Argon2id hashes at the minimum cost, so logins exercise the real path. */
#include "harness.h"

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/timeutil.h"
#include "http/auth.h"
#include "store/store.h"
#include "../testdb.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

harness_t H;

const char *const h_member_email[H_MEMBERS] = {
	"member1@example.org", "member2@example.org", "member3@example.org", "member4@example.org",
};

static void curl_cleanup_cb(void *p) { curl_easy_cleanup(p); }
static void json_cleanup_cb(void *p) { json_decref(p); }
static void free_cb(void *p) { free(p); }

static int64_t add_user(db_t *db, const char *email, const char *name, role_t role)
{
	char hash[crypto_pwhash_STRBYTES];
	cr_assert_eq(auth_hash_password(&H.app, H_PASSWORD, hash), 0, "hashing failed");
	user_t u = {.email = email, .name = name, .role = role, .active = true};
	int64_t id = 0;
	int st = store_user_insert(db, &u, hash, &id);
	cr_assert_eq(st, DB_OK, "inserting %s: %s", email, db_errmsg(db));
	return id;
}

static void cast(void)
{
	db_t *db = db_pool_acquire(H.app.pool);
	cr_assert_eq(db_begin(db), DB_OK);
	H.admin = add_user(db, "admin@example.org", "Ada Admin", ROLE_ADMIN);
	H.mgr1 = add_user(db, "mgr1@example.org", "Mona Manager", ROLE_MANAGER);
	H.mgr2 = add_user(db, "mgr2@example.org", "Max Manager", ROLE_MANAGER);
	static const char *const names[H_MEMBERS] = {"Mia Member", "Milo Member", "Mara Member",
						     "Moritz Member"};
	for (int i = 0; i < H_MEMBERS; i++)
		H.member[i] = add_user(db, h_member_email[i], names[i], ROLE_MEMBER);
	cr_assert_eq(db_commit(db), DB_OK);
	db_pool_release(H.app.pool, db);
}

static int limit_per_ip, limit_timeout;
static bool proxied;

void h_setup_proxied(void)
{
	proxied = true;
	h_setup_max_body(0);
	proxied = false;
}

void h_setup_limits(int per_ip_connections, int request_timeout)
{
	limit_per_ip = per_ip_connections;
	limit_timeout = request_timeout;
	h_setup_max_body(0);
}

void h_setup_max_body(size_t max_body)
{
	memset(&H, 0, sizeof(H));
	signal(SIGPIPE, SIG_IGN);
	cr_assert_eq(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK);
	H.a = arena_new();
	/* Named after the runner process (the worker's parent), so the runner
	 * can remove what a crashed worker could not; see the POST_ALL hook. */
	snprintf(H.dir, sizeof(H.dir), "/tmp/mentord-api-%ld-XXXXXX", (long)getppid());
	cr_assert_not_null(mkdtemp(H.dir));
	const char *why = NULL;
	config_defaults(&H.cfg);
	testdb_create(H.dir, "api.db", true, H.db_url, sizeof(H.db_url));
	cr_assert_eq(config_set(&H.cfg, "db", H.db_url, &why), 0);
	cr_assert_eq(config_set(&H.cfg, "listen", "127.0.0.1:0", &why), 0);
	cr_assert_eq(config_set(&H.cfg, "threads", "4", &why), 0);
	cr_assert_eq(config_set(&H.cfg, "pw_cost", "min", &why), 0);
	cr_assert_eq(config_set(&H.cfg, "access_log", "false", &why), 0);
	cr_assert_eq(config_set(&H.cfg, "base_url", "http://mentord.test", &why), 0);
	if (proxied)
		cr_assert_eq(config_set(&H.cfg, "trusted_proxies", "127.0.0.1", &why), 0);
	cr_assert_eq(cli_open(&H.cfg, &H.app, H.cfg.threads + 1), 0, "cli_open failed");
	if (max_body)
		H.app.max_body = max_body;
	if (limit_per_ip)
		H.app.per_ip_connections = limit_per_ip;
	if (limit_timeout)
		H.app.request_timeout = limit_timeout;
	H.app.started_at = time_now();
	cast();
	serve_compose(&H.app);
	cr_assert_eq(server_start(&H.app, &H.srv, &H.port), 0, "server_start failed");
	cr_assert(H.port > 0);
}

void h_setup(void)
{
	h_setup_max_body(0);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void h_teardown(void)
{
	server_stop(H.srv);
	H.srv = NULL;
	if (H.app.pool)
		cli_close(&H.app);
	config_free(&H.cfg);
	testdb_drop(H.db_url);
	arena_free(H.a); /* runs the deferred curl and jansson cleanups */
	H.a = NULL;
	curl_global_cleanup();
	if (H.dir[0])
		nftw(H.dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	H.dir[0] = '\0';
#ifdef __SANITIZE_ADDRESS__
	/* Criterion ignores the exit status LeakSanitizer sets after a test
	 * has reported, so check here, while the test can still fail: the
	 * server and everything a request allocated are gone by now. */
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0,
		     "memory leaked; see the LeakSanitizer report above");
#endif
}

/* Runs in the Criterion runner after every test of the program: a test that
 * crashed the server (and so its own worker) never reached h_teardown, so
 * its temp directory is removed here. */
ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	(void)stats;
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "mentord-api-%ld-", (long)getpid());
	DIR *d = opendir("/tmp");
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		char path[300];
		snprintf(path, sizeof(path), "/tmp/%s", e->d_name);
		nftw(path, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	}
	closedir(d);
}

char *h_fmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(H.a, fmt, ap);
	va_end(ap);
	return s;
}

int64_t h_db_int(const char *sql)
{
	db_t *db = db_pool_acquire(H.app.pool);
	int64_t v = -1;
	bool found = false;
	int st = db_query_int(db, &v, &found, sql, DB_NOARGS);
	db_pool_release(H.app.pool, db);
	cr_assert_eq(st, DB_OK, "%s", sql);
	cr_assert(found, "%s: no row", sql);
	return v;
}

h_client_t *h_client(void)
{
	h_client_t *c = arena_alloc(H.a, sizeof(*c));
	c->curl = curl_easy_init();
	cr_assert_not_null(c->curl);
	arena_defer(H.a, curl_cleanup_cb, c->curl);
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, ""); /* this client's own cookie jar */
	c->send_csrf = true;
	return c;
}

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

/* The request as fuzz/seeds.py reads it: "METHOD PATH", who, the content
 * type and the answer's status on a line each, then the body. */
static void record(const h_client_t *c, const char *method, const char *path, const char *ctype,
		   const char *body, size_t len, long status)
{
	static int n;
	const char *dir = getenv("MENTORD_RECORD_DIR");
	if (!dir || !*dir)
		return;
	FILE *f = fopen(h_fmt("%s/api-%d-%d.req", dir, (int)getpid(), n++), "w");
	if (!f)
		return;
	fprintf(f, "%s %s\n%s\n%s\n%ld\n", method, path, c->email ? c->email : "", ctype, status);
	if (body)
		fwrite(body, 1, len, f);
	fclose(f);
}

h_resp_t *h_req_ct(h_client_t *c, const char *method, const char *path, const char *ctype,
		   const char *body, size_t len)
{
	CURL *cu = c->curl;
	buf_t out = BUF_INIT, hdr = BUF_INIT;
	struct curl_slist *hl = NULL;
	/* Every per-request option is set explicitly instead of calling
	 * curl_easy_reset(): a reset before the first transfer would drop (and
	 * leak) the pending CURLOPT_COOKIEFILE that turns the jar on. */
	curl_easy_setopt(cu, CURLOPT_URL, h_fmt("http://127.0.0.1:%d%s", H.port, path));
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, &out);
	curl_easy_setopt(cu, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(cu, CURLOPT_HEADERDATA, &hdr);
	curl_easy_setopt(cu, CURLOPT_HTTPGET, 1L); /* clears any earlier body */
	curl_easy_setopt(cu, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(cu, CURLOPT_NOBODY, strcmp(method, "HEAD") == 0 ? 1L : 0L);
	if (body) {
		curl_easy_setopt(cu, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(cu, CURLOPT_POSTFIELDS, body);
		hl = curl_slist_append(hl, h_fmt("Content-Type: %s", ctype ? ctype : "application/json"));
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		curl_easy_setopt(cu, CURLOPT_CUSTOMREQUEST, method);
	hl = curl_slist_append(hl, "Expect:");
	if (c->csrf && c->send_csrf)
		hl = curl_slist_append(hl, h_fmt("X-CSRF-Token: %s", c->csrf));
	if (c->bearer)
		hl = curl_slist_append(hl, h_fmt("Authorization: Bearer %s", c->bearer));
	for (int i = 0; i < 4 && c->headers[i]; i++)
		hl = curl_slist_append(hl, c->headers[i]);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, hl);
	CURLcode rc = curl_easy_perform(cu);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hl);
	cr_assert_eq(rc, CURLE_OK, "%s %s: %s", method, path, curl_easy_strerror(rc));

	h_resp_t *r = arena_alloc(H.a, sizeof(*r));
	curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &r->status);
	r->body = buf_detach(&out, &r->len);
	r->headers = buf_detach(&hdr, NULL);
	arena_defer(H.a, free_cb, r->body);
	arena_defer(H.a, free_cb, r->headers);
	r->json = json_loadb(r->body, r->len, 0, NULL);
	if (r->json)
		arena_defer(H.a, json_cleanup_cb, r->json);
	record(c, method, path, body ? (ctype ? ctype : "application/json") : "", body, len, r->status);
	return r;
}

h_resp_t *h_req(h_client_t *c, const char *method, const char *path, const char *body)
{
	return h_req_ct(c, method, path, NULL, body, body ? strlen(body) : 0);
}

const char *h_header(const h_resp_t *r, const char *name)
{
	size_t n = strlen(name);
	for (const char *line = r->headers; line && *line;) {
		const char *eol = strstr(line, "\r\n");
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		if (len > n && line[n] == ':' && strncasecmp(line, name, n) == 0) {
			const char *v = line + n + 1;
			while (*v == ' ')
				v++;
			return arena_strndup(H.a, v, len - (size_t)(v - line));
		}
		line = eol ? eol + 2 : line + len;
	}
	return NULL;
}

json_t *h_at(const h_resp_t *r, const char *path)
{
	json_t *cur = r->json;
	char *copy = arena_strdup(H.a, path), *save = NULL;
	for (char *tok = strtok_r(copy, ".", &save); cur && tok; tok = strtok_r(NULL, ".", &save)) {
		if (json_is_array(cur))
			cur = json_array_get(cur, strtoul(tok, NULL, 10));
		else
			cur = json_object_get(cur, tok);
	}
	return cur;
}

const char *h_str(const h_resp_t *r, const char *path)
{
	return json_string_value(h_at(r, path));
}

int64_t h_int(const h_resp_t *r, const char *path)
{
	json_t *v = h_at(r, path);
	cr_assert(json_is_integer(v), "no integer at %s in %s", path, r->body);
	return json_integer_value(v);
}

long h_login(h_client_t *c, const char *email, const char *password)
{
	json_t *body = json_pack("{s:s, s:s}", "email", email, "password", password);
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	h_resp_t *r = h_req(c, "POST", "/api/v1/auth/login", s);
	free(s);
	if (r->status != 200)
		return r->status;
	h_resp_t *me = h_req(c, "GET", "/api/v1/me", NULL);
	cr_assert_eq(me->status, 200, "GET /api/v1/me after login: %s", me->body);
	const char *csrf = h_str(me, "csrf_token");
	cr_assert_not_null(csrf, "no csrf_token in %s", me->body);
	c->csrf = arena_strdup(H.a, csrf);
	c->email = arena_strdup(H.a, email);
	return r->status;
}

h_client_t *h_as(const char *email)
{
	h_client_t *c = h_client();
	long st = h_login(c, email, H_PASSWORD);
	cr_assert_eq(st, 200, "login as %s: %ld", email, st);
	return c;
}

h_client_t *h_bearer(const char *email)
{
	h_client_t *s = h_as(email);
	h_resp_t *r = h_req(s, "POST", "/api/v1/tokens", "{\"name\":\"tests\"}");
	cr_assert_eq(r->status, 201, "creating a token: %s", r->body);
	h_client_t *c = h_client();
	c->bearer = arena_strdup(H.a, h_str(r, "token"));
	c->email = s->email;
	cr_assert_not_null(c->bearer);
	return c;
}

h_client_t *h_metrics_client(void)
{
	h_client_t *a = h_as("admin@example.org");
	h_resp_t *r = h_req(a, "POST", "/api/v1/tokens", "{\"name\":\"prometheus\",\"scope\":\"metrics\"}");
	cr_assert_eq(r->status, 201, "creating a metrics token: %s", r->body);
	h_client_t *c = h_client();
	c->bearer = arena_strdup(H.a, h_str(r, "token"));
	return c;
}

const char *h_outbox_body(const char *kind, const char *addr)
{
	db_t *db = db_pool_acquire(H.app.pool);
	db_stmt_t *st;
	const char *out = NULL;
	int rc = db_query(db, &st, "SELECT body FROM outbox WHERE kind = $1 AND to_addr = $2 ORDER BY id DESC LIMIT 1",
			  DB_ARGS(DB_TEXT(kind), DB_TEXT(addr)));
	cr_assert_eq(rc, DB_OK, "%s", db_errmsg(db));
	if (db_step(st) == 1)
		out = arena_strdup(H.a, db_col_text(st, 0));
	db_done(st);
	db_pool_release(H.app.pool, db);
	return out;
}

const char *h_link_token(const char *s, const char *path)
{
	const char *at = s ? strstr(s, h_fmt("http://mentord.test%s", path)) : NULL;
	if (!at)
		return NULL;
	at += strlen("http://mentord.test") + strlen(path);
	size_t n = strspn(at, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
	return arena_strndup(H.a, at, n);
}
