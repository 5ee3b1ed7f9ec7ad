/* Regression tests of the security probe of issue 11, each case as the
 * probe found it: login CSRF with an Origin (or Referer) and no
 * Sec-Fetch-Site; 25 parallel wrong passwords getting more than 5 tries;
 * one stranger locking a colleague out, and everyone locked out behind a
 * reverse proxy; /metrics open to anyone; an administrator's password reset
 * leaving the person's API tokens working; tokens that never expire. Also
 * the per-address limit, the per-email back-off, and X-Forwarded-For
 * believed only from trusted_proxies. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "../testdb.h"
#include "store/db_backend.h"

TestSuite(hardening, .init = h_setup, .fini = h_teardown);
TestSuite(proxied, .init = h_setup_proxied, .fini = h_teardown);

static const char *login_body(const char *email, const char *password)
{
	return h_fmt("{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
}

static long try_login(h_client_t *c, const char *email, const char *password)
{
	return h_req(c, "POST", "/api/v1/auth/login", login_body(email, password))->status;
}

/* ---- login CSRF ---- */

Test(hardening, login_refuses_a_cross_site_origin_without_sec_fetch_site)
{
	h_client_t *c = h_client();
	c->headers[0] = "Origin: https://evil.example";
	h_resp_t *r = h_req(c, "POST", "/api/v1/auth/login", login_body("member1@example.org", H_PASSWORD));
	h_expect_status(r, 403);
	cr_assert_str_eq(h_str(r, "error.code"), "cross_site");
	cr_assert_null(h_header(r, "Set-Cookie"), "no session for a cross-site login");
	c->headers[0] = "Origin: null"; /* a sandboxed frame, a data: page */
	h_expect_status(h_req(c, "POST", "/api/v1/auth/login", login_body("member1@example.org", H_PASSWORD)), 403);
	c->headers[0] = "Referer: https://evil.example/attack.html";
	h_expect_status(h_req(c, "POST", "/api/v1/auth/login", login_body("member1@example.org", H_PASSWORD)), 403);
	/* Our own origin, by the Host the request went to or by base_url, is fine. */
	c->headers[0] = h_fmt("Origin: http://127.0.0.1:%d", H.port);
	h_expect_status(h_req(c, "POST", "/api/v1/auth/login", login_body("member1@example.org", H_PASSWORD)), 200);
	h_client_t *d = h_client();
	d->headers[0] = "Origin: http://mentord.test";
	h_expect_status(h_req(d, "POST", "/api/v1/auth/login", login_body("member1@example.org", H_PASSWORD)), 200);
	h_client_t *e = h_client();
	e->headers[0] = h_fmt("Referer: http://127.0.0.1:%d/login?next=%%2F", H.port);
	h_expect_status(h_req(e, "POST", "/api/v1/auth/login", login_body("member1@example.org", H_PASSWORD)), 200);
	/* Sec-Fetch-Site, when a browser sends it, decides. */
	h_client_t *f = h_client();
	f->headers[0] = "Sec-Fetch-Site: cross-site";
	f->headers[1] = h_fmt("Origin: http://127.0.0.1:%d", H.port);
	h_expect_status(h_req(f, "POST", "/api/v1/auth/login", login_body("member1@example.org", H_PASSWORD)), 403);
}

Test(hardening, login_form_refuses_a_cross_site_origin)
{
	h_client_t *c = h_client();
	const char *body = "email=member1%40example.org&password=" H_PASSWORD;
	c->headers[0] = "Origin: https://evil.example";
	h_resp_t *r = h_req_ct(c, "POST", "/login", "application/x-www-form-urlencoded", body, strlen(body));
	h_expect_status(r, 403);
	cr_assert_null(h_header(r, "Set-Cookie"));
	c->headers[0] = "Referer: https://evil.example/";
	h_expect_status(h_req_ct(c, "POST", "/login", "application/x-www-form-urlencoded", body, strlen(body)), 403);
	c->headers[0] = h_fmt("Origin: http://127.0.0.1:%d", H.port);
	h_expect_status(h_req_ct(c, "POST", "/login", "application/x-www-form-urlencoded", body, strlen(body)), 303);
}

/* ---- parallel attempts ---- */

typedef struct attempt {
	int port;
	long status;
} attempt_t;

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	(void)p, (void)ud;
	return size * n;
}

/* One wrong password on its own connection (no harness state: threads). */
static void *wrong_password(void *arg)
{
	attempt_t *a = arg;
	CURL *cu = curl_easy_init();
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/auth/login", a->port);
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(cu, CURLOPT_POSTFIELDS, "{\"email\":\"member2@example.org\",\"password\":\"wrong-wrong-wrong\"}");
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, 30L);
	if (curl_easy_perform(cu) == CURLE_OK)
		curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &a->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(cu);
	return NULL;
}

Test(hardening, parallel_wrong_passwords_get_exactly_five_tries)
{
	enum { N = 25 };
	pthread_t th[N];
	attempt_t at[N];
	for (int i = 0; i < N; i++) {
		at[i] = (attempt_t){.port = H.port};
		cr_assert_eq(pthread_create(&th[i], NULL, wrong_password, &at[i]), 0);
	}
	int unauth = 0, limited = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		unauth += at[i].status == 401;
		limited += at[i].status == 429;
	}
	cr_assert_eq(unauth, 5, "exactly five passwords were checked (%d 401, %d 429)", unauth, limited);
	cr_assert_eq(limited, N - 5);
	/* And the right password waits too. */
	cr_assert_eq(h_login(h_client(), "member2@example.org", H_PASSWORD), 429);
}

/* ---- lockouts: per (email, address), per address, per email ---- */

Test(proxied, a_stranger_locks_only_himself_out)
{
	h_client_t *stranger = h_client();
	stranger->headers[0] = "X-Forwarded-For: 203.0.113.66";
	for (int i = 0; i < 5; i++)
		cr_assert_eq(try_login(stranger, "member1@example.org", "guess-guess-guess"), 401);
	cr_assert_eq(try_login(stranger, "member1@example.org", "guess-guess-guess"), 429);
	cr_assert_eq(try_login(stranger, "member1@example.org", H_PASSWORD), 429, "locked: even the right one");
	/* The colleague, from her own address behind the same proxy, gets in. */
	h_client_t *colleague = h_client();
	colleague->headers[0] = "X-Forwarded-For: 198.51.100.7";
	cr_assert_eq(h_login(colleague, "member1@example.org", H_PASSWORD), 200);
	/* The access log and the sessions see the client, not the proxy. */
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM sessions WHERE ip = '198.51.100.7'"), 1);
}

Test(hardening, forwarded_for_is_ignored_unless_the_proxy_is_trusted)
{
	/* Without trusted_proxies a client cannot dodge its lock by claiming
	 * another address. */
	for (int i = 0; i < 5; i++) {
		h_client_t *c = h_client();
		c->headers[0] = h_fmt("X-Forwarded-For: 203.0.113.%d", i + 1);
		cr_assert_eq(try_login(c, "member1@example.org", "guess-guess-guess"), 401);
	}
	h_client_t *c = h_client();
	c->headers[0] = "X-Forwarded-For: 203.0.113.99";
	cr_assert_eq(try_login(c, "member1@example.org", "guess-guess-guess"), 429);
}

Test(proxied, forged_entries_left_of_the_proxy_do_not_count)
{
	/* A client writes its own X-Forwarded-For; the proxy appends the real
	 * address on the right, which is the one that counts. */
	for (int i = 0; i < 5; i++) {
		h_client_t *c = h_client();
		c->headers[0] = h_fmt("X-Forwarded-For: 10.9.9.%d, 203.0.113.66", i);
		cr_assert_eq(try_login(c, "member1@example.org", "guess-guess-guess"), 401);
	}
	h_client_t *c = h_client();
	c->headers[0] = "X-Forwarded-For: 10.9.9.200, 203.0.113.66";
	cr_assert_eq(try_login(c, "member1@example.org", "guess-guess-guess"), 429);
}

Test(proxied, many_addresses_slow_down_against_one_email)
{
	/* Two addresses spend their five tries each: ten failures for the email. */
	for (int a = 0; a < 2; a++)
		for (int i = 0; i < 5; i++) {
			h_client_t *c = h_client();
			c->headers[0] = h_fmt("X-Forwarded-For: 203.0.113.%d", a + 1);
			cr_assert_eq(try_login(c, "member3@example.org", "guess-guess-guess"), 401);
		}
	/* A third address must now wait a moment after the last failure... */
	h_client_t *third = h_client();
	third->headers[0] = "X-Forwarded-For: 203.0.113.3";
	h_resp_t *r = h_req(third, "POST", "/api/v1/auth/login", login_body("member3@example.org", "guess-guess-guess"));
	h_expect_status(r, 429);
	const char *after = h_header(r, "Retry-After");
	cr_assert_not_null(after);
	cr_assert(atoi(after) >= 1 && atoi(after) <= 60, "Retry-After %s", after);
	/* ...but is not locked out: after the delay the person herself gets in. */
	sleep(2);
	h_client_t *owner = h_client();
	owner->headers[0] = "X-Forwarded-For: 198.51.100.8";
	cr_assert_eq(h_login(owner, "member3@example.org", H_PASSWORD), 200);
}

Test(proxied, one_address_at_most_thirty_failures)
{
	h_client_t *c = h_client();
	c->headers[0] = "X-Forwarded-For: 203.0.113.77";
	for (int i = 0; i < 30; i++)
		cr_assert_eq(try_login(c, h_fmt("nobody%d@example.org", i), "guess-guess-guess"), 401, "attempt %d", i);
	cr_assert_eq(try_login(c, "nobody-else@example.org", "guess-guess-guess"), 429);
	h_client_t *other = h_client();
	other->headers[0] = "X-Forwarded-For: 203.0.113.78";
	cr_assert_eq(h_login(other, "member4@example.org", H_PASSWORD), 200);
}

/* ---- /metrics ---- */

Test(hardening, metrics_needs_a_metrics_token)
{
	h_expect_status(h_req(h_client(), "GET", "/metrics", NULL), 401);
	h_client_t *admin = h_as("admin@example.org");
	h_resp_t *r = h_req(admin, "GET", "/metrics", NULL);
	h_expect_status(r, 401);
	cr_assert_null(strstr(r->body, "mentord_users"), "nothing of the metrics leaks: %s", r->body);
	h_expect_status(h_req(h_bearer("admin@example.org"), "GET", "/metrics", NULL), 401);
	/* Members cannot make such a token. */
	h_client_t *m = h_as(h_member_email[0]);
	h_expect_status(h_req(m, "POST", "/api/v1/tokens", "{\"scope\":\"metrics\"}"), 403);
	h_client_t *prom = h_metrics_client();
	r = h_req(prom, "GET", "/metrics", NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "mentord_users 7\n"), "%s", r->body);
	/* The metrics token is nobody anywhere else. */
	h_expect_status(h_req(prom, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(prom, "GET", "/api/v1/users", NULL), 401);
}

/* ---- tokens after a password reset; token lifetime ---- */

Test(hardening, an_admin_password_reset_revokes_the_tokens_too)
{
	h_client_t *tok = h_bearer(h_member_email[0]);
	h_client_t *sess = h_as(h_member_email[0]);
	h_expect_status(h_req(tok, "GET", "/api/v1/me", NULL), 200);
	h_client_t *admin = h_as("admin@example.org");
	h_expect_status(h_req(admin, "PATCH", h_fmt("/api/v1/users/%lld", (long long)H.member[0]),
			      "{\"password\":\"a-brand-new-password\"}"), 200);
	h_expect_status(h_req(tok, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(sess, "GET", "/api/v1/me", NULL), 401);
	cr_assert_eq(h_login(h_client(), h_member_email[0], "a-brand-new-password"), 200);
}

Test(hardening, tokens_expire)
{
	h_client_t *s = h_as(h_member_email[0]);
	h_resp_t *r = h_req(s, "POST", "/api/v1/tokens", "{\"name\":\"ci\"}");
	h_expect_status(r, 201);
	cr_assert_not_null(h_str(r, "expires_at"), "a token expires by default: %s", r->body);
	int64_t id = h_int(r, "id");
	cr_assert_eq(h_db_int(h_fmt("SELECT expires_at - created_at FROM api_tokens WHERE id = %lld", (long long)id)),
		     90 * 86400);
	h_client_t *b = h_client();
	b->bearer = h_str(r, "token");
	h_expect_status(h_req(b, "GET", "/api/v1/me", NULL), 200);
	/* Ninety days later (moved back in the database) it no longer works. */
	db_t *db = db_pool_acquire(H.app.pool);
	cr_assert_eq(db_exec(db, "UPDATE api_tokens SET expires_at = 1000 WHERE id = $1", DB_ARGS(DB_INT(id))), DB_OK);
	db_pool_release(H.app.pool, db);
	h_expect_status(h_req(b, "GET", "/api/v1/me", NULL), 401);
	/* A shorter life can be asked for; none at all only by an administrator. */
	r = h_req(s, "POST", "/api/v1/tokens", "{\"name\":\"short\",\"expires_in_days\":1}");
	h_expect_status(r, 201);
	h_expect_status(h_req(s, "POST", "/api/v1/tokens", "{\"expires_in_days\":null}"), 403);
	h_expect_field(h_req(s, "POST", "/api/v1/tokens", "{\"expires_in_days\":0}"), "expires_in_days");
	h_client_t *admin = h_as("admin@example.org");
	r = h_req(admin, "POST", "/api/v1/tokens", "{\"name\":\"scim provisioning\",\"expires_in_days\":null}");
	h_expect_status(r, 201);
	cr_assert(json_is_null(h_at(r, "expires_at")), "%s", r->body);
}

/* ---- a write is answered once it is durable ---- */

typedef struct poster {
	int port, id;
	const char *bearer;
	int created, early;
} poster_t;

/* The pool's commits so far, and how many of them are durable. */
static void durable_counts(unsigned long *commits, unsigned long *synced)
{
	if (!db_sqlite_durable(H.app.pool, commits, synced))
		*commits = *synced = 0; /* the test asserts it is SQLite */
}

/* Creates programs one after another on its own connection; after each
 * 201 the commits that were made before it was sent, and its own, must
 * be durable. */
static void *post_programs(void *arg)
{
	enum { EACH = 12 };
	poster_t *p = arg;
	CURL *cu = curl_easy_init();
	char url[64], auth[256], body[256];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/programs", p->port);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", p->bearer);
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
	hl = curl_slist_append(hl, auth);
	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, 30L);
	for (int k = 0; k < EACH; k++) {
		snprintf(body, sizeof(body), "{\"name\":\"Durable %d-%d\",\"starts_on\":\"2026-01-01\","
			 "\"ends_on\":\"2099-12-31\"}", p->id, k);
		curl_easy_setopt(cu, CURLOPT_POSTFIELDS, body);
		unsigned long before, synced, commits;
		durable_counts(&before, &synced);
		long status = 0;
		if (curl_easy_perform(cu) == CURLE_OK)
			curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &status);
		durable_counts(&commits, &synced);
		p->created += status == 201;
		p->early += status == 201 && synced < before + 1;
	}
	curl_slist_free_all(hl);
	curl_easy_cleanup(cu);
	return NULL;
}

/* The requests run again because their transactions conflicted, from
 * the metrics. */
static long long tx_retries(void)
{
	h_resp_t *r = h_req(h_metrics_client(), "GET", "/metrics", NULL);
	h_expect_status(r, 200);
	const char *at = strstr(r->body, "\nmentord_tx_retries_total ");
	cr_assert_not_null(at, "%s", r->body);
	return atoll(at + strlen("\nmentord_tx_retries_total "));
}

/* Writes from many clients at once: every one is answered 201 and every row
 * is there, and reads go on meanwhile. On SQLite (http/server.c parks each
 * answer until its commit is durable, store/db_sqlite.c) none is answered
 * before its commit is durable. On PostgreSQL, whose commits are durable
 * when they return, programs being created take turns (svc_scope_new_program)
 * rather than conflict: none is run again, so none can run out of retries. */
Test(hardening, writes_are_answered_once_durable)
{
	enum { N = 16 };
	bool sqlite = !testdb_pg();
	unsigned long commits, synced;
	if (sqlite)
		cr_assert(db_sqlite_durable(H.app.pool, &commits, &synced), "a SQLite file pool with group commit");
	h_client_t *mgr = h_bearer("mgr1@example.org");
	int64_t before = h_db_int("SELECT COUNT(*) FROM programs");
	long long retries = tx_retries();
	pthread_t th[N];
	poster_t ps[N];
	for (int i = 0; i < N; i++) {
		ps[i] = (poster_t){.port = H.port, .id = i, .bearer = mgr->bearer};
		cr_assert_eq(pthread_create(&th[i], NULL, post_programs, &ps[i]), 0);
	}
	for (int i = 0; i < 5; i++)
		h_expect_status(h_req(mgr, "GET", "/api/v1/programs", NULL), 200);
	int created = 0, early = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		created += ps[i].created;
		early += ps[i].early;
	}
	cr_assert_eq(created, N * 12, "%d of %d writes answered 201", created, N * 12);
	if (sqlite)
		cr_assert_eq(early, 0, "%d answers came before their commit was durable", early);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs") - before, N * 12);
	cr_assert_eq(tx_retries(), retries, "programs created at once conflicted and ran again");
}
