/* The account pages over HTTP (issue 11), as a browser without JavaScript
 * sends them: forms posted with the session's _csrf field. The browser
 * tests (tests/browser/accounts.test.js) walk the same pages in Chromium;
 * these run in every build, the sanitizers' included: forgot password, the
 * invitation and reset pages, the security page (token, password), the
 * two-factor setup and the login's second step, the people administration
 * and the audit log, and who may not open them. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "core/timeutil.h"
#include "core/totp.h"

TestSuite(account_pages, .init = h_setup, .fini = h_teardown);

static h_resp_t *form(h_client_t *c, const char *path, const char *fields)
{
	const char *body = c->csrf ? h_fmt("_csrf=%s%s%s", c->csrf, *fields ? "&" : "", fields) : fields;
	return h_req_ct(c, "POST", path, "application/x-www-form-urlencoded", body, strlen(body));
}

static int64_t invited(const char *email)
{
	h_resp_t *r = h_req(h_as("admin@example.org"), "POST", "/api/v1/users",
			    h_fmt("{\"email\":\"%s\",\"name\":\"Page Person\"}", email));
	h_expect_status(r, 201);
	return h_int(r, "id");
}

Test(account_pages, forgot_invite_and_reset)
{
	h_client_t *anon = h_client();
	h_expect_status(h_req(anon, "GET", "/forgot-password", NULL), 200);
	h_resp_t *r = form(anon, "/forgot-password", "email=member1%40example.org");
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "If an account has this email"), "%s", r->body);
	h_expect_status(form(anon, "/forgot-password", "email=not-an-email"), 422);
	const char *reset = h_link_token(h_outbox_body("password_reset", "member1@example.org"), "/reset-password?token=");
	cr_assert_not_null(reset);
	r = h_req(anon, "GET", h_fmt("/reset-password?token=%s", reset), NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "member1@example.org"), "%s", r->body);
	h_expect_status(form(anon, "/reset-password", h_fmt("token=%s&password=abcdefghijk&password_confirm=other-one", reset)),
			422);
	r = form(anon, "/reset-password", h_fmt("token=%s&password=member-new-pass&password_confirm=member-new-pass", reset));
	h_expect_status(r, 303);
	cr_assert_str_eq(h_header(r, "Location"), "/login?reset=1");
	h_expect_status(h_req(anon, "GET", h_fmt("/reset-password?token=%s", reset), NULL), 410);
	h_expect_status(h_req(anon, "GET", "/reset-password?token=nothing-like-it", NULL), 410);

	invited("pp@example.org");
	const char *inv = h_link_token(h_outbox_body("invitation", "pp@example.org"), "/invite?token=");
	r = h_req(anon, "GET", h_fmt("/invite?token=%s", inv), NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "Hello Page Person"), "%s", r->body);
	h_expect_status(form(anon, "/invite", h_fmt("token=%s&password=short&password_confirm=short", inv)), 422);
	h_client_t *evil = h_client();
	evil->headers[0] = "Origin: https://evil.example";
	h_expect_status(form(evil, "/invite", h_fmt("token=%s&password=page-person-pw&password_confirm=page-person-pw", inv)),
			403);
	r = form(anon, "/invite", h_fmt("token=%s&password=page-person-pw&password_confirm=page-person-pw", inv));
	h_expect_status(r, 303);
	cr_assert_not_null(h_header(r, "Set-Cookie"));
	h_expect_status(h_req(anon, "GET", "/api/v1/me", NULL), 200);
}

Test(account_pages, security_page_and_two_factor)
{
	h_client_t *c = h_as(h_member_email[0]);
	h_resp_t *r = h_req(c, "GET", "/settings/security", NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "this one"), "%s", r->body);
	r = form(c, "/settings/tokens", "name=page+token&days=30");
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "mtd_"), "the token, once");
	h_expect_status(form(c, "/settings/tokens", "name=forever&days=never"), 403);
	h_expect_status(form(c, "/settings/tokens", "name=&days=30"), 422);
	r = form(c, "/settings/password", "current_password=wrong-one-here&new_password=member-new-1&new_password_confirm=member-new-1");
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "not your current password"), "%s", r->body);
	r = form(c, "/settings/password", "current_password=" H_PASSWORD "&new_password=member-new-1&new_password_confirm=member-new-1");
	h_expect_status(r, 303);
	h_expect_status(form(c, "/settings/sessions/end-others", "tokens=1"), 303);

	h_expect_status(form(c, "/settings/two-factor/start", ""), 303);
	r = h_req(c, "GET", "/settings/two-factor", NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "<svg class=\"qr\""), "%s", r->body);
	const char *at = strstr(r->body, "<code class=\"secret\">");
	cr_assert_not_null(at);
	char secret[40] = "";
	at += strlen("<code class=\"secret\">");
	for (int n = 0; *at != '<' && n < 39; at++)
		if (*at != ' ')
			secret[n++] = *at;
	char code[9];
	cr_assert(totp_code(secret, totp_step_of(time_now()) - 1, code));
	r = form(c, "/settings/two-factor/confirm", h_fmt("code=%s&password=member-new-1", code));
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "Your recovery codes"), "%s", r->body);

	/* The login form's second step. */
	h_client_t *l = h_client();
	r = form(l, "/login", "email=member1%40example.org&password=member-new-1");
	h_expect_status(r, 200);
	const char *ch = strstr(r->body, "name=\"challenge\" value=\"");
	cr_assert_not_null(ch, "%s", r->body);
	ch += strlen("name=\"challenge\" value=\"");
	const char *challenge = h_fmt("%.*s", (int)strcspn(ch, "\""), ch);
	h_expect_status(form(l, "/login/two-factor", h_fmt("challenge=%s&code=000000", challenge)), 401);
	cr_assert(totp_code(secret, totp_step_of(time_now()), code));
	r = form(l, "/login/two-factor", h_fmt("challenge=%s&code=%s", challenge, code));
	h_expect_status(r, 303);
	cr_assert_not_null(h_header(r, "Set-Cookie"));
	h_expect_status(form(h_client(), "/login/two-factor", "challenge=forged&code=123456"), 303);
}

Test(account_pages, people_administration_and_audit)
{
	int64_t id = invited("pa@example.org");
	h_client_t *a = h_as("admin@example.org");
	h_resp_t *r = h_req(a, "GET", "/people?status=invited", NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "pa@example.org") && !strstr(r->body, "member1@example.org"), "%s", r->body);
	h_expect_status(h_req(a, "GET", "/people/invite", NULL), 200);
	h_expect_status(form(a, "/people/invite", "email=bad&name=X"), 422);
	h_expect_status(form(a, "/people/invite", "email=member1%40example.org&name=X"), 409);
	r = form(a, "/people/invite", "email=new.page%40example.org&name=New+Page&role=manager");
	h_expect_status(r, 303);
	const char *m = h_fmt("/people/%lld", (long long)H.member[0]);
	r = h_req(a, "GET", m, NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "Change the role"), "%s", r->body);
	h_expect_status(form(a, h_fmt("%s/role", m), "role=manager"), 303);
	h_expect_status(form(a, h_fmt("%s/deactivate", m), ""), 303);
	h_expect_status(form(a, h_fmt("%s/reactivate", m), ""), 303);
	h_expect_status(form(a, h_fmt("%s/reset-link", m), ""), 303);
	h_expect_status(form(a, h_fmt("%s/sign-out", m), ""), 303);
	h_expect_status(form(a, h_fmt("%s/two-factor/reset", m), ""), 303);
	h_expect_status(form(a, h_fmt("/people/%lld/invitation", (long long)id), ""), 303);
	h_expect_status(form(a, h_fmt("/people/%lld/invitation/revoke", (long long)id), ""), 303);
	h_expect_status(form(a, h_fmt("/people/%lld/role", (long long)H.admin), "role=member"), 409);
	r = h_req(a, "GET", h_fmt("/admin/audit?person_id=%lld", (long long)H.member[0]), NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "user.role") && strstr(r->body, "user.deactivate"), "%s", r->body);
	r = h_req(a, "GET", "/admin/audit?person=pa%40example.org&action=invitation.", NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "invitation.revoke") && !strstr(r->body, "user.role"), "%s", r->body);
	h_expect_status(h_req(a, "GET", "/admin/security", NULL), 200);
	h_expect_status(form(a, "/admin/security", "require_two_factor=1"), 409);
	h_expect_status(form(a, "/admin/security", ""), 303);

	/* Managers resend; members may open none of it. */
	h_client_t *mgr = h_as("mgr1@example.org");
	h_expect_status(form(mgr, h_fmt("/people/%lld/invitation", (long long)id), ""), 303);
	h_expect_status(form(mgr, h_fmt("%s/deactivate", m), ""), 403);
	h_expect_status(h_req(mgr, "GET", "/admin/audit", NULL), 403);
	h_expect_status(h_req(mgr, "GET", "/people/invite", NULL), 403);
	h_client_t *mem = h_as(h_member_email[1]);
	h_expect_status(h_req(mem, "GET", "/people", NULL), 403);
	h_expect_status(h_req(mem, "GET", "/admin/security", NULL), 403);
}
