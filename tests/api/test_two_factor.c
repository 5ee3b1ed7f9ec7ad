/* Two-factor sign-in (issue 11, item 4): enrolment in two steps (a TOTP
 * secret, then a code and the password, which hands out ten recovery codes
 * once, stored hashed); logging in then asks for the code (RFC 6238, ±1
 * step, each code once) or a recovery code (each once); wrong codes count
 * like wrong passwords; an organisation rule requires it of administrators
 * and managers, whose sessions reach only the enrolment until they have
 * it; administrators reset someone's, turning it off is mailed. */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "core/timeutil.h"
#include "core/totp.h"

TestSuite(two_factor, .init = h_setup, .fini = h_teardown);

static const char *code_at(const char *secret, int64_t t)
{
	char out[9];
	cr_assert(totp_code(secret, totp_step_of(t), out));
	return h_fmt("%s", out);
}

/* Returns once the current step has at least 3 s to run: a code computed
 * then for the step before it is still within the server's ±1 step when
 * the request that carries it arrives (computed just before a step
 * ended, it was two steps old when the server checked it, and refused:
 * once in CI under ASan). */
static void clear_of_step_end(void)
{
	while (TOTP_STEP - time_now() % TOTP_STEP < 3)
		usleep(100 * 1000);
}

/* Turns two-factor on for c (logged in as email); the secret, and the
 * recovery codes in *codes. */
static const char *enrol(h_client_t *c, json_t **codes)
{
	h_resp_t *r = h_req(c, "POST", "/api/v1/me/two-factor", NULL);
	h_expect_status(r, 201);
	const char *secret = h_str(r, "secret");
	cr_assert_eq(strlen(secret), 32);
	/* The code of the step before now, so the login right after can use
	 * the current one (a code counts once). */
	clear_of_step_end();
	r = h_req(c, "POST", "/api/v1/me/two-factor/confirm",
		  h_fmt("{\"code\":\"%s\",\"password\":\"%s\"}", code_at(secret, time_now() - 30), H_PASSWORD));
	h_expect_status(r, 200);
	if (codes)
		*codes = h_at(r, "recovery_codes");
	return secret;
}

static h_resp_t *login_code(h_client_t *c, const char *email, const char *code)
{
	return h_req(c, "POST", "/api/v1/auth/login",
		     code ? h_fmt("{\"email\":\"%s\",\"password\":\"%s\",\"code\":\"%s\"}", email, H_PASSWORD, code)
			  : h_fmt("{\"email\":\"%s\",\"password\":\"%s\"}", email, H_PASSWORD));
}

Test(two_factor, enrolment_in_two_steps)
{
	h_client_t *c = h_as(h_member_email[0]);
	h_resp_t *r = h_req(c, "GET", "/api/v1/me/two-factor", NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_false(h_at(r, "enabled")));
	r = h_req(c, "POST", "/api/v1/me/two-factor", NULL);
	h_expect_status(r, 201);
	const char *secret = h_str(r, "secret");
	const char *uri = h_str(r, "otpauth_uri");
	cr_assert(strstr(uri, "otpauth://totp/mentord:member1@example.org?secret="), "%s", uri);
	cr_assert(strstr(uri, secret));
	cr_assert(json_is_true(h_at(h_req(c, "GET", "/api/v1/me/two-factor", NULL), "pending")));
	h_expect_field(h_req(c, "POST", "/api/v1/me/two-factor/confirm",
			     h_fmt("{\"code\":\"000000\",\"password\":\"%s\"}", H_PASSWORD)), "code");
	h_expect_field(h_req(c, "POST", "/api/v1/me/two-factor/confirm",
			     h_fmt("{\"code\":\"%s\",\"password\":\"not-my-password\"}", code_at(secret, time_now()))),
		       "password");
	r = h_req(c, "POST", "/api/v1/me/two-factor/confirm",
		  h_fmt("{\"code\":\"%s\",\"password\":\"%s\"}", code_at(secret, time_now()), H_PASSWORD));
	h_expect_status(r, 200);
	json_t *codes = h_at(r, "recovery_codes");
	cr_assert_eq(json_array_size(codes), 10);
	const char *one = json_string_value(json_array_get(codes, 0));
	cr_assert_eq(strlen(one), 11, "%s", one);
	cr_assert_eq(one[5], '-');
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM recovery_codes WHERE code_hash LIKE '%%%.5s%%'", one)), 0,
		     "only hashes are kept");
	r = h_req(c, "GET", "/api/v1/me/two-factor", NULL);
	cr_assert(json_is_true(h_at(r, "enabled")));
	cr_assert_eq(h_int(r, "recovery_codes_left"), 10);
	h_expect_status(h_req(c, "POST", "/api/v1/me/two-factor", NULL), 409);
	cr_assert(json_is_true(h_at(h_req(c, "GET", "/api/v1/me", NULL), "user.two_factor")));
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'two_factor.enable'"), 1);
}

Test(two_factor, login_asks_for_the_code)
{
	json_t *codes;
	const char *secret = enrol(h_as(h_member_email[0]), &codes);
	h_resp_t *r = login_code(h_client(), h_member_email[0], NULL);
	h_expect_status(r, 401);
	cr_assert_str_eq(h_str(r, "error.code"), "two_factor_required");
	cr_assert_null(h_header(r, "Set-Cookie"));
	r = login_code(h_client(), h_member_email[0], "123456");
	h_expect_status(r, 401);
	cr_assert_str_eq(h_str(r, "error.code"), "bad_two_factor_code");
	const char *now = code_at(secret, time_now());
	h_client_t *c = h_client();
	r = login_code(c, h_member_email[0], now);
	h_expect_status(r, 200);
	c->csrf = h_str(r, "csrf_token");
	h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 200);
	/* A code counts once. */
	h_expect_status(login_code(h_client(), h_member_email[0], now), 401);
	/* A recovery code, in any case and with spaces, also once. */
	char *rc = h_fmt("%s", json_string_value(json_array_get(codes, 3)));
	for (char *p = rc; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	h_expect_status(login_code(h_client(), h_member_email[0], rc), 200);
	h_expect_status(login_code(h_client(), h_member_email[0], rc), 401);
	r = h_req(c, "GET", "/api/v1/me/two-factor", NULL);
	cr_assert_eq(h_int(r, "recovery_codes_left"), 9);
	/* New codes replace the old ones. */
	r = h_req(c, "POST", "/api/v1/me/two-factor/recovery-codes", "{\"password\":\"" H_PASSWORD "\"}");
	h_expect_status(r, 200);
	h_expect_status(login_code(h_client(), h_member_email[0], json_string_value(json_array_get(codes, 4))), 401);
	h_expect_status(login_code(h_client(), h_member_email[0], h_str(r, "recovery_codes.0")), 200);
}

Test(two_factor, wrong_codes_count_like_wrong_passwords)
{
	enrol(h_as(h_member_email[1]), NULL);
	for (int i = 0; i < 5; i++)
		h_expect_status(login_code(h_client(), h_member_email[1], "000000"), 401);
	h_expect_status(login_code(h_client(), h_member_email[1], "111111"), 429);
}

Test(two_factor, disable_with_the_password)
{
	h_client_t *c = h_as(h_member_email[0]);
	enrol(c, NULL);
	h_expect_field(h_req(c, "POST", "/api/v1/me/two-factor/disable", "{\"password\":\"wrong-one-here\"}"), "password");
	h_resp_t *r = h_req(c, "POST", "/api/v1/me/two-factor/disable", "{\"password\":\"" H_PASSWORD "\"}");
	h_expect_status(r, 200);
	cr_assert(json_is_false(h_at(r, "enabled")));
	h_expect_status(login_code(h_client(), h_member_email[0], NULL), 200);
	cr_assert_not_null(h_outbox_body("two_factor_off", h_member_email[0]), "a notice went out");
}

Test(two_factor, organisations_require_it_of_admins_and_managers)
{
	h_client_t *admin = h_as("admin@example.org");
	/* The administrator has none yet: turning the rule on is refused. */
	h_expect_status(h_req(admin, "PUT", "/api/v1/settings/security", "{\"require_two_factor\":true}"), 409);
	enrol(admin, NULL);
	h_expect_status(h_req(admin, "PUT", "/api/v1/settings/security", "{\"require_two_factor\":true}"), 200);
	cr_assert(json_is_true(h_at(h_req(admin, "GET", "/api/v1/settings/security", NULL), "require_two_factor")));
	h_expect_status(h_req(h_as("mgr1@example.org"), "GET", "/api/v1/settings/security", NULL), 403);
	/* A manager without it gets a session that reaches only the enrolment. */
	h_client_t *mgr = h_as("mgr1@example.org");
	h_resp_t *r = h_req(mgr, "GET", "/api/v1/programs", NULL);
	h_expect_status(r, 403);
	cr_assert_str_eq(h_str(r, "error.code"), "two_factor_setup_required");
	h_expect_status(h_req(mgr, "GET", "/api/v1/me", NULL), 200);
	r = h_req(mgr, "GET", "/api/v1/me/two-factor", NULL);
	cr_assert(json_is_true(h_at(r, "required")));
	/* Pages go to the enrolment page. */
	r = h_req(mgr, "GET", "/programs", NULL);
	h_expect_status(r, 303);
	cr_assert_str_eq(h_header(r, "Location"), "/settings/two-factor");
	enrol(mgr, NULL);
	h_expect_status(h_req(mgr, "GET", "/api/v1/programs", NULL), 200);
	h_expect_status(h_req(mgr, "POST", "/api/v1/me/two-factor/disable", "{\"password\":\"" H_PASSWORD "\"}"), 409);
	/* Members are not concerned. */
	h_expect_status(h_req(h_as(h_member_email[0]), "GET", "/api/v1/programs", NULL), 200);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'settings.security'"), 1);
}

Test(two_factor, administrators_reset_it)
{
	enrol(h_as(h_member_email[2]), NULL);
	h_expect_status(login_code(h_client(), h_member_email[2], NULL), 401);
	const char *path = h_fmt("/api/v1/users/%lld/two-factor", (long long)H.member[2]);
	h_expect_status(h_req(h_as("mgr1@example.org"), "DELETE", path, NULL), 403);
	h_resp_t *r = h_req(h_as("admin@example.org"), "DELETE", path, NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_false(h_at(r, "two_factor")));
	h_expect_status(login_code(h_client(), h_member_email[2], NULL), 200);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'two_factor.reset'"), 1);
	cr_assert_not_null(h_outbox_body("two_factor_off", h_member_email[2]));
}
