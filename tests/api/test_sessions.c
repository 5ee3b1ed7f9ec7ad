/* A person's sessions and tokens (issue 11, item 3): listed with when and
 * where they were made and last used, the asking session marked current;
 * ended one at a time, or all but the current ("sign out everywhere
 * else"), optionally with every token; tokens named, listed without their
 * secrets and revoked; administrators see and end anyone's, and their
 * actions are in the audit log; members cannot. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(sessions, .init = h_setup, .fini = h_teardown);

static h_client_t *browser(const char *email, const char *agent)
{
	h_client_t *c = h_client();
	c->headers[0] = h_fmt("User-Agent: %s", agent);
	cr_assert_eq(h_login(c, email, H_PASSWORD), 200);
	return c;
}

Test(sessions, list_and_end_one)
{
	h_client_t *laptop = browser(h_member_email[0], "Laptop Firefox");
	h_client_t *phone = browser(h_member_email[0], "Phone Safari");
	h_resp_t *r = h_req(laptop, "GET", "/api/v1/me/sessions", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 2);
	int64_t phone_id = 0;
	for (size_t i = 0; i < 2; i++) {
		json_t *it = json_array_get(h_at(r, "items"), i);
		const char *ua = json_string_value(json_object_get(it, "user_agent"));
		bool current = json_is_true(json_object_get(it, "current"));
		cr_assert_eq(current, !strcmp(ua, "Laptop Firefox"), "%s", r->body);
		cr_assert_str_eq(json_string_value(json_object_get(it, "ip")), "127.0.0.1");
		cr_assert_not_null(json_string_value(json_object_get(it, "last_seen_at")));
		if (!current)
			phone_id = json_integer_value(json_object_get(it, "id"));
	}
	/* Someone else cannot end it (and does not learn it exists). */
	h_client_t *other = h_as(h_member_email[1]);
	h_expect_status(h_req(other, "DELETE", h_fmt("/api/v1/me/sessions/%lld", (long long)phone_id), NULL), 404);
	h_expect_status(h_req(phone, "GET", "/api/v1/me", NULL), 200);
	h_expect_status(h_req(laptop, "DELETE", h_fmt("/api/v1/me/sessions/%lld", (long long)phone_id), NULL), 200);
	h_expect_status(h_req(phone, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(laptop, "GET", "/api/v1/me", NULL), 200);
	h_expect_status(h_req(laptop, "DELETE", h_fmt("/api/v1/me/sessions/%lld", (long long)phone_id), NULL), 404);
}

Test(sessions, sign_out_everywhere_else)
{
	h_client_t *here = browser(h_member_email[0], "Here");
	h_client_t *there = browser(h_member_email[0], "There");
	h_client_t *tok = h_bearer(h_member_email[0]);
	h_resp_t *r = h_req(here, "DELETE", "/api/v1/me/sessions", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "sessions_ended"), 2, "there, and the one h_bearer logged in with: %s", r->body);
	cr_assert_eq(h_int(r, "tokens_revoked"), 0);
	h_expect_status(h_req(there, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(here, "GET", "/api/v1/me", NULL), 200);
	h_expect_status(h_req(tok, "GET", "/api/v1/me", NULL), 200);
	r = h_req(here, "DELETE", "/api/v1/me/sessions?tokens=true", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "tokens_revoked"), 1);
	h_expect_status(h_req(tok, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(here, "GET", "/api/v1/me", NULL), 200);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'session.sign_out_others'"), 2);
}

Test(sessions, tokens_are_listed_without_secrets)
{
	h_client_t *s = h_as(h_member_email[0]);
	h_resp_t *made = h_req(s, "POST", "/api/v1/tokens", "{\"name\":\"backup script\",\"expires_in_days\":30}");
	h_expect_status(made, 201);
	h_client_t *b = h_client();
	b->bearer = h_str(made, "token");
	b->headers[0] = "User-Agent: cron";
	h_expect_status(h_req(b, "GET", "/api/v1/me", NULL), 200);
	h_resp_t *r = h_req(s, "GET", "/api/v1/tokens", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	cr_assert_str_eq(h_str(r, "items.0.name"), "backup script");
	cr_assert_str_eq(h_str(r, "items.0.scope"), "api");
	cr_assert_str_eq(h_str(r, "items.0.last_used_ip"), "127.0.0.1");
	cr_assert_not_null(h_str(r, "items.0.last_used_at"));
	cr_assert_not_null(h_str(r, "items.0.expires_at"));
	cr_assert_null(strstr(r->body, h_str(made, "token")), "never the secret");
	cr_assert_null(strstr(r->body, "token_hash"));
	/* Others' lists do not show it. */
	h_expect_status(h_req(h_as(h_member_email[1]), "GET", "/api/v1/tokens", NULL), 200);
	cr_assert_eq(json_array_size(h_at(h_req(h_as(h_member_email[1]), "GET", "/api/v1/tokens", NULL), "items")), 0);
}

Test(sessions, admins_see_and_end_anyones)
{
	h_client_t *member = browser(h_member_email[2], "Member browser");
	h_client_t *tok = h_bearer(h_member_email[2]);
	h_client_t *admin = h_as("admin@example.org");
	const char *uid = h_fmt("%lld", (long long)H.member[2]);
	h_resp_t *r = h_req(admin, "GET", h_fmt("/api/v1/users/%s/sessions", uid), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 2);
	cr_assert(json_is_false(h_at(r, "items.0.current")));
	r = h_req(admin, "GET", h_fmt("/api/v1/users/%s/tokens", uid), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	int64_t tid = h_int(r, "items.0.id");
	/* An administrator revokes someone's token... */
	h_expect_status(h_req(admin, "DELETE", h_fmt("/api/v1/tokens/%lld", (long long)tid), NULL), 200);
	h_expect_status(h_req(tok, "GET", "/api/v1/me", NULL), 401);
	/* ...and signs someone out everywhere. */
	h_client_t *tok2 = h_bearer(h_member_email[2]);
	r = h_req(admin, "POST", h_fmt("/api/v1/users/%s/sign-out", uid), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "tokens_revoked"), 1);
	cr_assert(h_int(r, "sessions_ended") >= 2);
	h_expect_status(h_req(member, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(tok2, "GET", "/api/v1/me", NULL), 401);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM audit_log WHERE action = 'user.sign_out' AND object_id = %s "
				    "AND actor_id = %lld", uid, (long long)H.admin)), 1);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'token.revoke'"), 1);
	h_expect_status(h_req(admin, "GET", "/api/v1/users/9999/sessions", NULL), 404);
}

Test(sessions, members_and_managers_cannot_see_others)
{
	h_client_t *tok = h_bearer(h_member_email[2]);
	h_resp_t *r = h_req(tok, "GET", "/api/v1/tokens", NULL);
	int64_t tid = h_int(r, "items.0.id");
	const char *uid = h_fmt("%lld", (long long)H.member[2]);
	for (int i = 0; i < 2; i++) {
		h_client_t *c = h_as(i ? "mgr1@example.org" : h_member_email[0]);
		h_expect_status(h_req(c, "GET", h_fmt("/api/v1/users/%s/sessions", uid), NULL), 403);
		h_expect_status(h_req(c, "GET", h_fmt("/api/v1/users/%s/tokens", uid), NULL), 403);
		h_expect_status(h_req(c, "POST", h_fmt("/api/v1/users/%s/sign-out", uid), NULL), 403);
		h_expect_status(h_req(c, "DELETE", h_fmt("/api/v1/tokens/%lld", (long long)tid), NULL), 404);
	}
	h_expect_status(h_req(tok, "GET", "/api/v1/me", NULL), 200);
}
