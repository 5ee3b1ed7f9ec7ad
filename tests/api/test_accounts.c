/* Accounts people can use (issue 11, items 1 and 2): an account made
 * without a password (by an administrator, or a CSV import) is invited by
 * mail with a single-use link that expires in 7 days; following it sets the
 * password and logs in; managers see who has not accepted and send it
 * again (the old link stops working); administrators revoke it. "Forgot
 * password" answers the same whether or not the email exists and mails a
 * one-hour link; a signed-in person changes their password with the
 * current one. Any new password ends every other session and revokes every
 * API token of the person (the probe: a stolen session minted a token that
 * outlived logout and reset). The mails are read from the outbox here;
 * tests/notify checks them through a real SMTP server. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(invitations, .init = h_setup, .fini = h_teardown);
TestSuite(passwords, .init = h_setup, .fini = h_teardown);

static h_resp_t *post(h_client_t *c, const char *path, const char *body)
{
	return h_req(c, "POST", path, body);
}

/* An account made by the admin without a password; its id. */
static int64_t invite(const char *email, const char *name)
{
	h_resp_t *r = post(h_as("admin@example.org"), "/api/v1/users",
			   h_fmt("{\"email\":\"%s\",\"name\":\"%s\"}", email, name));
	h_expect_status(r, 201);
	return h_int(r, "id");
}

static const char *invite_token(const char *email)
{
	const char *body = h_outbox_body("invitation", email);
	cr_assert_not_null(body, "no invitation mail to %s", email);
	const char *t = h_link_token(body, "/invite?token=");
	cr_assert_not_null(t, "no link in: %s", body);
	return t;
}

static h_resp_t *accept_link(h_client_t *c, const char *token, const char *password)
{
	return post(c, "/api/v1/auth/invitation/accept", h_fmt("{\"token\":\"%s\",\"password\":\"%s\"}", token, password));
}

Test(invitations, a_new_account_is_invited_and_the_link_logs_in)
{
	h_resp_t *made = post(h_as("admin@example.org"), "/api/v1/users",
			      "{\"email\":\"Nina.New@example.org\",\"name\":\"Nina New\"}");
	h_expect_status(made, 201);
	cr_assert_str_eq(h_str(made, "status"), "invited");
	cr_assert_not_null(h_str(made, "invitation_expires_at"));
	int64_t id = h_int(made, "id");
	cr_assert_eq(h_db_int(h_fmt("SELECT expires_at - created_at FROM account_links WHERE user_id = %lld", (long long)id)),
		     7 * 86400);
	const char *body = h_outbox_body("invitation", "nina.new@example.org");
	cr_assert_not_null(body);
	cr_assert(strstr(body, "Ada Admin invited you"), "the inviter is named: %s", body);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'invitation' AND category = 'account'"), 1);
	const char *token = invite_token("nina.new@example.org");
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM account_links WHERE token_hash = '%s'", token)), 0,
		     "only the hash is stored");
	/* The page behind the link shows who it is for. */
	h_client_t *anon = h_client();
	h_resp_t *info = h_req(anon, "GET", h_fmt("/api/v1/auth/invitation?token=%s", token), NULL);
	h_expect_status(info, 200);
	cr_assert_str_eq(h_str(info, "name"), "Nina New");
	cr_assert_str_eq(h_str(info, "email"), "nina.new@example.org");
	/* A short password is refused, nothing spent. */
	h_expect_field(accept_link(anon, token, "short"), "password");
	h_resp_t *r = accept_link(anon, token, "nina-chooses-well");
	h_expect_status(r, 200);
	cr_assert_not_null(h_header(r, "Set-Cookie"), "accepting logs in");
	cr_assert_str_eq(h_str(r, "user.status"), "active");
	h_resp_t *me = h_req(anon, "GET", "/api/v1/me", NULL);
	h_expect_status(me, 200);
	cr_assert_eq(h_int(me, "user.id"), id);
	/* The link works once. */
	r = accept_link(h_client(), token, "someone-else-again");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "link_used");
	cr_assert_eq(h_login(h_client(), "nina.new@example.org", "nina-chooses-well"), 200);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM audit_log WHERE action = 'invitation.accept' AND object_id = %lld",
				    (long long)id)), 1);
}

Test(invitations, no_invitation_when_asked_or_with_a_password)
{
	h_client_t *a = h_as("admin@example.org");
	h_expect_status(post(a, "/api/v1/users",
			     "{\"email\":\"bot@example.org\",\"name\":\"Provisioning\",\"send_invitation\":false}"), 201);
	h_expect_status(post(a, "/api/v1/users",
			     "{\"email\":\"pw@example.org\",\"name\":\"With Password\",\"password\":\"a-good-password\"}"), 201);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'invitation'"), 0);
}

Test(invitations, links_expire_after_seven_days)
{
	int64_t id = invite("late@example.org", "Late Comer");
	const char *token = invite_token("late@example.org");
	db_t *db = db_pool_acquire(H.app.pool);
	cr_assert_eq(db_exec(db, "UPDATE account_links SET expires_at = 1000 WHERE user_id = $1", DB_ARGS(DB_INT(id))),
		     DB_OK);
	db_pool_release(H.app.pool, db);
	h_resp_t *r = h_req(h_client(), "GET", h_fmt("/api/v1/auth/invitation?token=%s", token), NULL);
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "link_expired");
	r = accept_link(h_client(), token, "too-late-by-now");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "link_expired");
	h_expect_status(h_req(h_client(), "GET", "/api/v1/auth/invitation?token=not-a-real-link", NULL), 404);
}

Test(invitations, managers_see_who_has_not_accepted_and_resend)
{
	int64_t id = invite("slow@example.org", "Slow Starter");
	const char *first = invite_token("slow@example.org");
	h_client_t *mgr = h_as("mgr1@example.org");
	h_resp_t *r = h_req(mgr, "GET", "/api/v1/users?status=invited", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1, "%s", r->body);
	cr_assert_eq(h_int(r, "items.0.id"), id);
	r = post(mgr, h_fmt("/api/v1/users/%lld/invitation", (long long)id), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "email"), "slow@example.org");
	const char *second = invite_token("slow@example.org");
	cr_assert_str_neq(first, second);
	r = accept_link(h_client(), first, "using-the-old-mail");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "link_revoked");
	h_expect_status(accept_link(h_client(), second, "using-the-new-mail"), 200);
	r = h_req(mgr, "GET", "/api/v1/users?status=invited", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 0, "accepted: %s", r->body);
	/* Someone who has accepted needs no invitation. */
	r = post(mgr, h_fmt("/api/v1/users/%lld/invitation", (long long)id), NULL);
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "already_active");
	h_expect_status(post(mgr, "/api/v1/users/9999/invitation", NULL), 404);
	h_expect_status(post(h_as(h_member_email[0]), h_fmt("/api/v1/users/%lld/invitation", (long long)id), NULL), 403);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM audit_log WHERE action = 'invitation.send' AND object_id = %lld",
				    (long long)id)), 2);
}

Test(invitations, admins_revoke_and_deactivation_revokes)
{
	int64_t id = invite("gone@example.org", "Gone Soon");
	const char *token = invite_token("gone@example.org");
	h_client_t *admin = h_as("admin@example.org");
	h_expect_status(h_req(h_as("mgr1@example.org"), "DELETE", h_fmt("/api/v1/users/%lld/invitation", (long long)id), NULL),
			403);
	h_resp_t *r = h_req(admin, "DELETE", h_fmt("/api/v1/users/%lld/invitation", (long long)id), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "revoked"), 1);
	h_expect_status(accept_link(h_client(), token, "too-late-revoked"), 409);
	/* A new invitation, then the account is deactivated: the link dies with it. */
	h_expect_status(post(admin, h_fmt("/api/v1/users/%lld/invitation", (long long)id), NULL), 200);
	token = invite_token("gone@example.org");
	h_expect_status(h_req(admin, "DELETE", h_fmt("/api/v1/users/%lld", (long long)id), NULL), 200);
	h_expect_status(accept_link(h_client(), token, "deactivated-now"), 404);
	h_expect_status(post(admin, h_fmt("/api/v1/users/%lld/invitation", (long long)id), NULL), 409);
	/* Reactivated, they can be invited again. */
	r = h_req(admin, "PATCH", h_fmt("/api/v1/users/%lld", (long long)id), "{\"active\":true}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "status"), "invited");
	h_expect_status(post(admin, h_fmt("/api/v1/users/%lld/invitation", (long long)id), NULL), 200);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'user.reactivate'"), 1);
}

Test(invitations, accepting_must_come_from_our_pages)
{
	invite("x@example.org", "X");
	h_client_t *c = h_client();
	c->headers[0] = "Origin: https://evil.example";
	h_resp_t *r = accept_link(c, invite_token("x@example.org"), "evil-chooses-this");
	h_expect_status(r, 403);
	cr_assert_null(h_header(r, "Set-Cookie"));
}

Test(invitations, a_csv_import_invites_the_accounts_it_creates)
{
	h_client_t *mgr = h_as("mgr1@example.org");
	h_resp_t *r = post(mgr, "/api/v1/programs",
			   "{\"name\":\"Spring\",\"starts_on\":\"2026-03-01\",\"ends_on\":\"2026-09-30\"}");
	h_expect_status(r, 201);
	const char *path = h_fmt("/api/v1/programs/%lld/participants/import", (long long)h_int(r, "id"));
	const char *csv = "email,role,name\n"
			  "ines.import@example.org,mentee,Ines Import\n"
			  "ivo.import@example.org,mentor,Ivo Import\n"
			  "member1@example.org,mentee,\n";
	r = h_req_ct(mgr, "POST", h_fmt("%s?dry_run=1", path), "text/csv", csv, strlen(csv));
	h_expect_status(r, 200);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox"), 0, "a dry run mails nobody");
	r = h_req_ct(mgr, "POST", path, "text/csv", csv, strlen(csv));
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "created_users"), 2);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'invitation'"), 2, "one per new account");
	const char *body = h_outbox_body("invitation", "ines.import@example.org");
	cr_assert(strstr(body, "Mona Manager invited you"), "%s", body);
	h_expect_status(accept_link(h_client(), invite_token("ivo.import@example.org"), "ivo-is-in-now"), 200);
}

/* ---- password reset and change ---- */

static h_resp_t *forgot(const char *email)
{
	return post(h_client(), "/api/v1/auth/password-reset", h_fmt("{\"email\":\"%s\"}", email));
}

static const char *reset_token(const char *email)
{
	const char *body = h_outbox_body("password_reset", email);
	cr_assert_not_null(body, "no reset mail to %s", email);
	const char *t = h_link_token(body, "/reset-password?token=");
	cr_assert_not_null(t, "%s", body);
	return t;
}

static h_resp_t *reset(const char *token, const char *password)
{
	return post(h_client(), "/api/v1/auth/password-reset/complete",
		    h_fmt("{\"token\":\"%s\",\"password\":\"%s\"}", token, password));
}

Test(passwords, forgot_answers_the_same_for_unknown_emails)
{
	h_resp_t *known = forgot(h_member_email[0]);
	h_resp_t *unknown = forgot("nobody-here@example.org");
	h_expect_status(known, 202);
	h_expect_status(unknown, 202);
	cr_assert_str_eq(known->body, unknown->body);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'password_reset'"), 1);
	cr_assert_not_null(h_outbox_body("password_reset", h_member_email[0]));
}

Test(passwords, a_reset_ends_every_session_and_token)
{
	/* The probe: a stolen session mints a token that outlives logout and reset. */
	h_client_t *thief = h_as(h_member_email[0]);
	h_resp_t *t = post(thief, "/api/v1/tokens", "{\"name\":\"stolen\"}");
	h_expect_status(t, 201);
	h_client_t *minted = h_client();
	minted->bearer = h_str(t, "token");
	h_expect_status(post(thief, "/api/v1/auth/logout", NULL), 200);
	h_expect_status(h_req(minted, "GET", "/api/v1/me", NULL), 200);
	h_client_t *other = h_as(h_member_email[0]);
	h_expect_status(forgot(h_member_email[0]), 202);
	const char *token = reset_token(h_member_email[0]);
	h_resp_t *r = reset(token, "a-fresh-password-1");
	h_expect_status(r, 200);
	cr_assert(json_is_false(h_at(r, "two_factor")));
	h_expect_status(h_req(minted, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(other, "GET", "/api/v1/me", NULL), 401);
	cr_assert_eq(h_login(h_client(), h_member_email[0], H_PASSWORD), 401);
	cr_assert_eq(h_login(h_client(), h_member_email[0], "a-fresh-password-1"), 200);
	r = reset(token, "a-second-try-pw");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "link_used");
	cr_assert_not_null(h_outbox_body("password_changed", h_member_email[0]), "a notice went out");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'password.reset'"), 1);
}

Test(passwords, reset_links_last_an_hour_and_mail_is_bounded)
{
	h_expect_status(forgot(h_member_email[1]), 202);
	cr_assert_eq(h_db_int(h_fmt("SELECT expires_at - created_at FROM account_links WHERE user_id = %lld",
				    (long long)H.member[1])), 3600);
	const char *token = reset_token(h_member_email[1]);
	for (int i = 0; i < 4; i++)
		h_expect_status(forgot(h_member_email[1]), 202);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'password_reset'"), 3, "three an hour");
	db_t *db = db_pool_acquire(H.app.pool);
	cr_assert_eq(db_exec(db, "UPDATE account_links SET expires_at = 1000", DB_NOARGS), DB_OK);
	db_pool_release(H.app.pool, db);
	h_resp_t *r = reset(token, "too-late-for-this");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "link_expired");
	/* An invitation link is no reset link. */
	invite("inv@example.org", "Inv");
	h_expect_status(reset(invite_token("inv@example.org"), "wrong-kind-of-link"), 404);
}

Test(passwords, change_needs_the_current_one_and_signs_out_the_rest)
{
	h_client_t *here = h_as(h_member_email[2]);
	h_client_t *there = h_as(h_member_email[2]);
	h_client_t *tok = h_bearer(h_member_email[2]);
	h_resp_t *r = post(here, "/api/v1/me/password",
			   "{\"current_password\":\"not-it-at-all\",\"new_password\":\"brand-new-pass\"}");
	h_expect_field(r, "current_password");
	h_expect_field(post(here, "/api/v1/me/password",
			    "{\"current_password\":\"" H_PASSWORD "\",\"new_password\":\"short\"}"), "new_password");
	r = post(here, "/api/v1/me/password",
		 "{\"current_password\":\"" H_PASSWORD "\",\"new_password\":\"brand-new-pass\"}");
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "tokens_revoked"), 1);
	cr_assert(h_int(r, "sessions_ended") >= 2);
	h_expect_status(h_req(here, "GET", "/api/v1/me", NULL), 200);
	h_expect_status(h_req(there, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(tok, "GET", "/api/v1/me", NULL), 401);
	cr_assert_eq(h_login(h_client(), h_member_email[2], "brand-new-pass"), 200);
	cr_assert_not_null(h_outbox_body("password_changed", h_member_email[2]));
}

Test(passwords, wrong_current_passwords_count_like_failed_logins)
{
	h_client_t *c = h_as(h_member_email[3]);
	for (int i = 0; i < 5; i++)
		h_expect_status(post(c, "/api/v1/me/password",
				     "{\"current_password\":\"guess-guess\",\"new_password\":\"brand-new-pass\"}"), 422);
	h_expect_status(post(c, "/api/v1/me/password",
			     "{\"current_password\":\"" H_PASSWORD "\",\"new_password\":\"brand-new-pass\"}"), 429);
}

Test(invitations, a_new_password_or_email_ends_pending_links)
{
	int64_t id = invite("ella@example.org", "Ella Early");
	const char *token = invite_token("ella@example.org");
	h_client_t *admin = h_as("admin@example.org");
	/* An administrator set the password: the mailed link must not set another. */
	h_expect_status(h_req(admin, "PATCH", h_fmt("/api/v1/users/%lld", (long long)id), "{\"password\":\"set-by-the-admin\"}"),
			200);
	h_resp_t *r = accept_link(h_client(), token, "ella-takes-over");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "link_revoked");
	/* A reset link mailed to the old address dies when the email changes. */
	h_expect_status(forgot("ella@example.org"), 202);
	const char *link = reset_token("ella@example.org");
	h_expect_status(h_req(admin, "PATCH", h_fmt("/api/v1/users/%lld", (long long)id), "{\"email\":\"ella.new@example.org\"}"),
			200);
	h_expect_status(reset(link, "old-address-owner"), 409);
}

Test(invitations, one_that_ran_out_waits_in_the_inviters_inbox)
{
	h_client_t *admin = h_as("admin@example.org");
	int64_t id = invite("olga.late@example.org", "Olga Late");
	h_resp_t *r = h_req(admin, "GET", "/api/v1/me/inbox", NULL);
	h_expect_status(r, 200);
	cr_assert_null(strstr(r->body, "\"invitation\""), "a live invitation needs nothing yet: %s", r->body);

	/* The link runs out unaccepted. */
	cr_assert_eq(h_db_int(h_fmt("UPDATE account_links SET expires_at = 1 WHERE user_id = %lld "
				    "AND purpose = 'invite' RETURNING 1", (long long)id)), 1);
	r = h_req(admin, "GET", "/api/v1/me/inbox", NULL);
	h_expect_status(r, 200);
	json_t *items = h_at(r, "items");
	size_t i, found = 0;
	json_t *it;
	json_array_foreach(items, i, it) {
		if (strcmp(json_string_value(json_object_get(it, "kind")), "invitation"))
			continue;
		found++;
		cr_assert_eq(json_integer_value(json_object_get(it, "count")), 1);
		cr_assert_str_eq(json_string_value(json_object_get(it, "href")), "/people?status=invited");
		cr_assert(strstr(json_string_value(json_object_get(it, "title")), "did not accept in time"));
	}
	cr_assert_eq(found, 1, "%s", r->body);

	/* Not in another manager's inbox: they did not send it. */
	r = h_req(h_as(h_member_email[1]), "GET", "/api/v1/me/inbox", NULL);
	h_expect_status(r, 200);
	cr_assert_null(strstr(r->body, "\"invitation\""), "%s", r->body);

	/* Sent again, the item leaves. */
	h_expect_status(post(admin, h_fmt("/api/v1/users/%lld/invitation", (long long)id), "{}"), 200);
	r = h_req(admin, "GET", "/api/v1/me/inbox", NULL);
	cr_assert_null(strstr(r->body, "\"invitation\""), "%s", r->body);
}
