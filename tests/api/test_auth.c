/* End-to-end tests of authentication and its refusals: login, /me and
 * logout with the session cookie; 401 without or with bad credentials; the
 * login rate limit (429 after five failures per email in the window);
 * personal bearer tokens and their revocation; CSRF on cookie-authenticated
 * unsafe requests (and not on bearer ones); cookie flags and the security
 * headers on every response. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(auth, .init = h_setup, .fini = h_teardown);

Test(auth, login_me_logout)
{
	h_client_t *c = h_client();
	h_resp_t *r = h_req(c, "POST", "/api/v1/auth/login",
			    "{\"email\":\"Member1@Example.org\",\"password\":\"" H_PASSWORD "\"}");
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "user.id"), H.member[0]);
	cr_assert_str_eq(h_str(r, "user.email"), "member1@example.org");
	cr_assert_str_eq(h_str(r, "user.role"), "member");
	cr_assert_not_null(h_str(r, "csrf_token"));
	cr_assert_null(h_at(r, "user.password_hash"), "never expose the hash");

	h_resp_t *me = h_req(c, "GET", "/api/v1/me", NULL);
	h_expect_status(me, 200);
	cr_assert_eq(h_int(me, "user.id"), H.member[0]);
	cr_assert_str_eq(h_str(me, "auth"), "session");
	cr_assert_str_eq(h_str(me, "csrf_token"), h_str(r, "csrf_token"));

	c->csrf = h_str(me, "csrf_token");
	h_resp_t *out = h_req(c, "POST", "/api/v1/auth/logout", NULL);
	h_expect_status(out, 200);
	const char *cookie = h_header(out, "Set-Cookie");
	cr_assert_not_null(cookie);
	cr_assert(strstr(cookie, "Max-Age=0"), "logout clears the cookie: %s", cookie);
	h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 401);
}

Test(auth, logged_out_session_is_dead_even_if_replayed)
{
	h_client_t *c = h_as(h_member_email[0]);
	/* Copy the session cookie into a second client's jar. */
	struct curl_slist *cookies = NULL;
	curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &cookies);
	cr_assert_not_null(cookies);
	const char *line = h_fmt("%s", cookies->data);
	curl_slist_free_all(cookies);
	cr_assert(strstr(line, "mentord_session"), "%s", line);
	h_client_t *thief = h_client();
	curl_easy_setopt(thief->curl, CURLOPT_COOKIELIST, line);
	h_expect_status(h_req(thief, "GET", "/api/v1/me", NULL), 200);
	h_expect_status(h_req(c, "POST", "/api/v1/auth/logout", NULL), 200);
	h_expect_status(h_req(thief, "GET", "/api/v1/me", NULL), 401);
}

Test(auth, session_cookie_flags)
{
	h_client_t *c = h_client();
	h_resp_t *r = h_req(c, "POST", "/api/v1/auth/login",
			    "{\"email\":\"admin@example.org\",\"password\":\"" H_PASSWORD "\"}");
	h_expect_status(r, 200);
	const char *cookie = h_header(r, "Set-Cookie");
	cr_assert_not_null(cookie);
	cr_assert_eq(strncmp(cookie, "mentord_session=", 16), 0, "%s", cookie);
	cr_assert(strstr(cookie, "HttpOnly"), "%s", cookie);
	cr_assert(strstr(cookie, "SameSite=Lax"), "%s", cookie);
	cr_assert(strstr(cookie, "Path=/"), "%s", cookie);
}

Test(auth, security_headers_on_every_response)
{
	h_client_t *anon = h_client();
	h_client_t *c = h_as("admin@example.org");
	h_resp_t *rs[] = {
		h_req(anon, "GET", "/healthz", NULL),
		h_req(anon, "GET", "/api/v1/me", NULL),
		h_req(anon, "GET", "/api/v1/nothing-here", NULL),
		h_req(c, "GET", "/api/v1/users", NULL),
		h_req(c, "POST", "/api/v1/users", "{"),
	};
	for (size_t i = 0; i < sizeof(rs) / sizeof(rs[0]); i++) {
		const char *csp = h_header(rs[i], "Content-Security-Policy");
		cr_assert_not_null(csp, "response %zu has no CSP", i);
		cr_assert(strstr(csp, "default-src 'none'"), "%s", csp);
		cr_assert(strstr(csp, "frame-ancestors 'none'"), "%s", csp);
		cr_assert_str_eq(h_header(rs[i], "X-Content-Type-Options"), "nosniff");
		cr_assert_str_eq(h_header(rs[i], "X-Frame-Options"), "DENY");
		cr_assert_not_null(h_header(rs[i], "Referrer-Policy"));
		cr_assert_str_eq(h_header(rs[i], "Cache-Control"), "no-store");
	}
}

Test(auth, no_credentials_is_401)
{
	h_client_t *anon = h_client();
	static const char *const paths[] = {"/api/v1/me", "/api/v1/users", "/api/v1/programs",
					    "/api/v1/me/profile", "/api/v1/users/1"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		h_resp_t *r = h_req(anon, "GET", paths[i], NULL);
		h_expect_status(r, 401);
		cr_assert_str_eq(h_str(r, "error.code"), "unauthenticated");
		cr_assert_not_null(h_header(r, "WWW-Authenticate"));
	}
	h_expect_status(h_req(anon, "POST", "/api/v1/programs", "{}"), 401);
	h_expect_status(h_req(anon, "PUT", "/api/v1/me/profile", "{}"), 401);
	h_expect_status(h_req(anon, "POST", "/api/v1/tokens", NULL), 401);
}

Test(auth, bad_credentials_are_401)
{
	h_client_t *c = h_client();
	h_resp_t *r = h_req(c, "POST", "/api/v1/auth/login",
			    "{\"email\":\"member1@example.org\",\"password\":\"wrong-password\"}");
	h_expect_status(r, 401);
	cr_assert_str_eq(h_str(r, "error.code"), "bad_credentials");
	cr_assert_null(h_header(r, "Set-Cookie"));
	r = h_req(c, "POST", "/api/v1/auth/login",
		  "{\"email\":\"nobody@example.org\",\"password\":\"" H_PASSWORD "\"}");
	h_expect_status(r, 401);
	cr_assert_str_eq(h_str(r, "error.code"), "bad_credentials", "unknown emails look the same");
	h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 401);
}

Test(auth, bad_bearer_tokens_are_401)
{
	h_client_t *c = h_client();
	c->bearer = "mtd_not-a-real-token";
	h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 401);
	c->bearer = h_fmt("%0200d", 7); /* over-long */
	h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 401);
	c->bearer = "";
	h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 401);
}

Test(auth, malformed_login_bodies)
{
	h_client_t *c = h_client();
	h_expect_status(h_req(c, "POST", "/api/v1/auth/login", "{\"email\":"), 400);
	h_expect_status(h_req_ct(c, "POST", "/api/v1/auth/login", "application/json", "", 0), 400);
	h_resp_t *r = h_req(c, "POST", "/api/v1/auth/login", "{\"email\":\"admin@example.org\"}");
	h_expect_field(r, "password");
	r = h_req(c, "POST", "/api/v1/auth/login", "{\"email\":5,\"password\":\"x\"}");
	h_expect_field(r, "email");
}

/* Login sets a cookie, so another site must not be able to drive it: a
 * cross-site form can only send text/plain or form bodies, and browsers
 * mark such requests with Sec-Fetch-Site. */
Test(auth, login_refuses_cross_site_forms)
{
	static const char body[] = "{\"email\":\"admin@example.org\",\"password\":\"" H_PASSWORD "\"}";
	h_client_t *c = h_client();
	h_resp_t *r = h_req_ct(c, "POST", "/api/v1/auth/login", "text/plain", body, sizeof(body) - 1);
	h_expect_status(r, 415);
	cr_assert_null(h_header(r, "Set-Cookie"), "no session from a text/plain body");
	h_expect_status(h_req_ct(c, "POST", "/api/v1/auth/login", "application/x-www-form-urlencoded", body,
				 sizeof(body) - 1), 415);
	h_expect_status(h_req(c, "POST", "/api/v1/auth/login", body), 200);
}

Test(auth, rate_limit_after_five_failures)
{
	h_client_t *c = h_client();
	const char *bad = "{\"email\":\"member2@example.org\",\"password\":\"nope-nope-nope\"}";
	for (int i = 0; i < 5; i++)
		h_expect_status(h_req(c, "POST", "/api/v1/auth/login", bad), 401);
	h_resp_t *r = h_req(c, "POST", "/api/v1/auth/login", bad);
	h_expect_status(r, 429);
	cr_assert_str_eq(h_str(r, "error.code"), "too_many_attempts");
	cr_assert_not_null(h_header(r, "Retry-After"));
	/* Even the right password waits now, whatever the letter case. */
	cr_assert_eq(h_login(h_client(), "MEMBER2@example.org", H_PASSWORD), 429);
	/* Other people are not locked out by it. */
	cr_assert_eq(h_login(h_client(), "member3@example.org", H_PASSWORD), 200);
}

Test(auth, successful_login_resets_the_count)
{
	h_client_t *c = h_client();
	const char *bad = "{\"email\":\"member2@example.org\",\"password\":\"nope-nope-nope\"}";
	for (int i = 0; i < 4; i++)
		h_expect_status(h_req(c, "POST", "/api/v1/auth/login", bad), 401);
	cr_assert_eq(h_login(h_client(), "member2@example.org", H_PASSWORD), 200);
	for (int i = 0; i < 4; i++)
		h_expect_status(h_req(c, "POST", "/api/v1/auth/login", bad), 401);
	cr_assert_eq(h_login(h_client(), "member2@example.org", H_PASSWORD), 200);
}

Test(auth, bearer_tokens)
{
	h_client_t *s = h_as(h_member_email[0]);
	h_resp_t *r = h_req(s, "POST", "/api/v1/tokens", "{\"name\":\"ci script\"}");
	h_expect_status(r, 201);
	const char *token = h_str(r, "token");
	cr_assert_not_null(token);
	cr_assert_eq(strncmp(token, "mtd_", 4), 0, "%s", token);
	cr_assert_str_eq(h_str(r, "name"), "ci script");
	int64_t id = h_int(r, "id");
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '%s'", token)), 0,
		     "only the hash is stored");

	h_client_t *b = h_client();
	b->bearer = token;
	h_resp_t *me = h_req(b, "GET", "/api/v1/me", NULL);
	h_expect_status(me, 200);
	cr_assert_eq(h_int(me, "user.id"), H.member[0]);
	cr_assert_str_eq(h_str(me, "auth"), "token");
	cr_assert(json_is_null(h_at(me, "csrf_token")));

	/* Another user cannot revoke it. */
	h_client_t *other = h_as(h_member_email[1]);
	h_expect_status(h_req(other, "DELETE", h_fmt("/api/v1/tokens/%lld", (long long)id), NULL), 404);
	h_expect_status(h_req(b, "GET", "/api/v1/me", NULL), 200);
	/* Its owner can; the token then stops working. */
	h_expect_status(h_req(s, "DELETE", h_fmt("/api/v1/tokens/%lld", (long long)id), NULL), 200);
	h_expect_status(h_req(b, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(s, "DELETE", h_fmt("/api/v1/tokens/%lld", (long long)id), NULL), 404);
}

Test(auth, token_without_body_gets_a_default_name)
{
	h_client_t *s = h_as(h_member_email[0]);
	h_resp_t *r = h_req(s, "POST", "/api/v1/tokens", NULL);
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "name"), "api");
}

Test(auth, deactivated_users_lose_tokens_and_sessions)
{
	h_client_t *b = h_bearer(h_member_email[2]);
	h_client_t *s = h_as(h_member_email[2]);
	h_expect_status(h_req(b, "GET", "/api/v1/me", NULL), 200);
	h_client_t *admin = h_as("admin@example.org");
	h_expect_status(h_req(admin, "DELETE", h_fmt("/api/v1/users/%lld", (long long)H.member[2]), NULL), 200);
	h_expect_status(h_req(b, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(s, "GET", "/api/v1/me", NULL), 401);
	cr_assert_eq(h_login(h_client(), h_member_email[2], H_PASSWORD), 401);
}

Test(auth, csrf_on_cookie_requests)
{
	h_client_t *c = h_as(h_member_email[0]);
	const char *body = "{\"headline\":\"Hello\"}";
	c->send_csrf = false;
	h_resp_t *r = h_req(c, "PUT", "/api/v1/me/profile", body);
	h_expect_status(r, 403);
	cr_assert_str_eq(h_str(r, "error.code"), "csrf_failed");
	h_expect_status(h_req(c, "POST", "/api/v1/tokens", "{}"), 403);
	h_expect_status(h_req(c, "POST", "/api/v1/auth/logout", NULL), 403);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM profiles WHERE headline = 'Hello'")), 0);

	/* A wrong token, or another session's token, is refused too. */
	h_client_t *other = h_as(h_member_email[1]);
	c->send_csrf = true;
	const char *mine = c->csrf;
	c->csrf = other->csrf;
	h_expect_status(h_req(c, "PUT", "/api/v1/me/profile", body), 403);
	c->csrf = h_fmt("%.*s", (int)strlen(mine) - 1, mine);
	h_expect_status(h_req(c, "PUT", "/api/v1/me/profile", body), 403);

	c->csrf = mine;
	h_expect_status(h_req(c, "PUT", "/api/v1/me/profile", body), 200);
	/* Safe requests need no token. */
	c->send_csrf = false;
	h_expect_status(h_req(c, "GET", "/api/v1/me/profile", NULL), 200);
}

Test(auth, csrf_on_admin_writes)
{
	h_client_t *a = h_as("admin@example.org");
	a->send_csrf = false;
	const char *body = "{\"email\":\"new@example.org\",\"name\":\"New\"}";
	h_expect_status(h_req(a, "POST", "/api/v1/users", body), 403);
	h_expect_status(h_req(a, "PATCH", h_fmt("/api/v1/users/%lld", (long long)H.member[0]),
			      "{\"name\":\"X\"}"), 403);
	h_expect_status(h_req(a, "DELETE", h_fmt("/api/v1/users/%lld", (long long)H.member[0]), NULL), 403);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'new@example.org'"), 0);
	a->send_csrf = true;
	h_expect_status(h_req(a, "POST", "/api/v1/users", body), 201);
}

Test(auth, bearer_needs_no_csrf)
{
	h_client_t *b = h_bearer(h_member_email[0]);
	cr_assert_null(b->csrf);
	h_expect_status(h_req(b, "PUT", "/api/v1/me/profile", "{\"headline\":\"Via token\"}"), 200);
	h_expect_status(h_req(b, "POST", "/api/v1/tokens", "{\"name\":\"second\"}"), 201);
}

Test(auth, bearer_beats_a_cookie)
{
	/* With both, the bearer token decides who is asking (and no CSRF is needed). */
	h_client_t *c = h_as(h_member_email[0]);
	h_client_t *b = h_bearer(h_member_email[1]);
	c->bearer = b->bearer;
	c->send_csrf = false;
	h_resp_t *me = h_req(c, "GET", "/api/v1/me", NULL);
	h_expect_status(me, 200);
	cr_assert_eq(h_int(me, "user.id"), H.member[1]);
}

/* Issue 9: a form post that repeats a field is refused, not read as its
 * first or last value: the login page shows the form again (422) naming
 * the field, and nobody is logged in. */
Test(auth, login_form_refuses_a_repeated_email_field)
{
	h_client_t *c = h_client();
	const char *body = "email=member1%40example.org&email=admin%40example.org&password=" H_PASSWORD;
	h_resp_t *r = h_req_ct(c, "POST", "/login", "application/x-www-form-urlencoded", body, strlen(body));
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "more than once"), "%s", r->body);
	cr_assert(strstr(r->body, "f-email-error"), "the email field carries the error: %s", r->body);
	cr_assert_null(h_header(r, "Set-Cookie"), "no session");
	h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 401);
	/* The same form with the field once logs in. */
	body = "email=member1%40example.org&password=" H_PASSWORD;
	r = h_req_ct(c, "POST", "/login", "application/x-www-form-urlencoded", body, strlen(body));
	h_expect_status(r, 303);
	cr_assert_not_null(h_header(r, "Set-Cookie"));
}
