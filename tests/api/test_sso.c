/* Single sign-on without a provider: what must hold whatever the provider
 * answers (the end-to-end sign-ins against a real OpenID provider are in
 * tests/browser/sso.test.js). Passwords refused under oidc_sso_only except
 * for the break-glass administrator, on the API and the login form; the
 * login page's button; a provider that does not answer, an answer from
 * another browser and single sign-on switched off, each a clear page; the
 * ID token checks that need no network (a token that is no JWT, alg none,
 * HMAC); which addresses may be fetched; PKCE's challenge; the settings
 * (the secret never in a settings file, sso_only needs break_glass). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "svc/oidc.h"

/* A provider on a port nobody listens on: discovery fails at once. */
static void sso_only_on(void)
{
	svc_oidc_config_t c = {.issuer = "http://127.0.0.1:9", .client_id = "mentord", .client_secret = "s",
			       .provider_name = "Test ID", .redirect_uri = "http://127.0.0.1/login/sso/callback",
			       .jit = true, .sso_only = true, .break_glass = "admin@example.org"};
	svc_oidc_configure(&c);
}

static void setup_sso_only(void)
{
	h_setup();
	sso_only_on();
}

static void teardown_sso(void)
{
	svc_oidc_configure(NULL);
	h_teardown();
}

TestSuite(sso, .init = setup_sso_only, .fini = teardown_sso);
TestSuite(sso_off, .init = h_setup, .fini = h_teardown);

static const char *login_body(const char *email)
{
	return h_fmt("{\"email\":\"%s\",\"password\":\"%s\"}", email, H_PASSWORD);
}

Test(sso, passwords_are_refused_except_the_break_glass_administrators)
{
	h_client_t *c = h_client();
	h_resp_t *r = h_req(c, "POST", "/api/v1/auth/login", login_body("member1@example.org"));
	h_expect_status(r, 403);
	cr_assert_str_eq(h_str(r, "error.code"), "sso_only");
	cr_assert(strstr(h_str(r, "error.message"), "Test ID"));
	cr_assert_null(h_header(r, "Set-Cookie"));
	h_expect_status(h_req(h_client(), "POST", "/api/v1/auth/login", login_body("ADMIN@example.org")), 200);
	/* The form says the same, and keeps the emergency sign-in folded away. */
	h_client_t *f = h_client();
	const char *form = h_fmt("email=member1%%40example.org&password=%s", H_PASSWORD);
	r = h_req_ct(f, "POST", "/login", "application/x-www-form-urlencoded", form, strlen(form));
	h_expect_status(r, 403);
	cr_assert(strstr(r->body, "Passwords are switched off here: use Sign in with Test ID."));
	r = h_req(f, "GET", "/login", NULL);
	cr_assert(strstr(r->body, "href=\"/login/sso\">Sign in with Test ID</a>"));
	cr_assert(strstr(r->body, "Administrator&#39;s emergency sign-in") || strstr(r->body, "Administrator's emergency sign-in"));
	r = h_req(f, "GET", "/login?next=%2Fprograms%3Fa%3D1", NULL);
	cr_assert(strstr(r->body, "href=\"/login/sso?next=/programs%3Fa%3D1\""), "%s", r->body);
}

static h_resp_t *post_json(h_client_t *c, const char *path, const char *body)
{
	return h_req(c, "POST", path, body);
}

/* Links mailed before single sign-on became the only way in (and any made
 * after) set no password but the break-glass administrator's. */
Test(sso, links_set_no_password_but_the_break_glass_administrators)
{
	svc_oidc_configure(NULL);
	h_client_t *admin = h_as("admin@example.org");
	h_expect_status(post_json(admin, "/api/v1/users", "{\"email\":\"nina@example.org\",\"name\":\"Nina\"}"), 201);
	h_expect_status(post_json(h_client(), "/api/v1/auth/password-reset", "{\"email\":\"member1@example.org\"}"), 202);
	h_expect_status(post_json(h_client(), "/api/v1/auth/password-reset", "{\"email\":\"admin@example.org\"}"), 202);
	const char *invite = h_link_token(h_outbox_body("invitation", "nina@example.org"), "/invite?token=");
	const char *reset = h_link_token(h_outbox_body("password_reset", "member1@example.org"), "/reset-password?token=");
	const char *glass = h_link_token(h_outbox_body("password_reset", "admin@example.org"), "/reset-password?token=");
	cr_assert(invite && reset && glass);
	sso_only_on();

	h_resp_t *r = post_json(h_client(), "/api/v1/auth/invitation/accept",
				h_fmt("{\"token\":\"%s\",\"password\":\"nina-chooses-well\"}", invite));
	h_expect_status(r, 403);
	cr_assert_str_eq(h_str(r, "error.code"), "sso_only");
	cr_assert(strstr(h_str(r, "error.message"), "Sign in with") || strstr(h_str(r, "error.message"), "Test ID"),
		  "%s", r->body);
	r = post_json(h_client(), "/api/v1/auth/password-reset/complete",
		      h_fmt("{\"token\":\"%s\",\"password\":\"a-fresh-password-1\"}", reset));
	h_expect_status(r, 403);
	cr_assert_str_eq(h_str(r, "error.code"), "sso_only");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'nina@example.org' AND password_hash IS NOT NULL"), 0);
	/* The pages behind the links say why, without a password form. */
	r = h_req(h_client(), "GET", h_fmt("/reset-password?token=%s", reset), NULL);
	cr_assert(strstr(r->body, "Passwords are switched off here"), "%s", r->body);
	cr_assert_null(strstr(r->body, "name=\"password\""));
	r = h_req(h_client(), "GET", h_fmt("/invite?token=%s", invite), NULL);
	cr_assert(strstr(r->body, "Passwords are switched off here"), "%s", r->body);
	/* No new reset mail for anyone but the break-glass administrator, and
	 * no password set by an administrator either. */
	h_expect_status(post_json(h_client(), "/api/v1/auth/password-reset", "{\"email\":\"member1@example.org\"}"), 202);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'password_reset'"), 2);
	r = h_req(admin, "PATCH", h_fmt("/api/v1/users/%lld", (long long)H.member[0]),
		  "{\"password\":\"set-by-the-admin-1\"}");
	h_expect_field(r, "password");
	h_expect_field(h_req(admin, "POST", "/api/v1/users",
			     "{\"email\":\"pia@example.org\",\"name\":\"Pia\",\"password\":\"set-by-the-admin-1\"}"),
		       "password");
	/* The break-glass administrator's own link still works. */
	r = post_json(h_client(), "/api/v1/auth/password-reset/complete",
		      h_fmt("{\"token\":\"%s\",\"password\":\"a-fresh-password-1\"}", glass));
	h_expect_status(r, 200);
	cr_assert_eq(h_login(h_client(), "admin@example.org", "a-fresh-password-1"), 200);
}

Test(sso, a_provider_that_does_not_answer_gets_a_page_that_says_so)
{
	h_resp_t *r = h_req(h_client(), "GET", "/login/sso", NULL);
	h_expect_status(r, 503);
	cr_assert(strstr(r->body, "Single sign-on did not work"));
	cr_assert(strstr(r->body, "Test ID does not answer"));
	cr_assert_null(h_header(r, "Set-Cookie"), "no state for a sign-in that did not start");
}

Test(sso, an_answer_from_another_browser_or_none_is_refused)
{
	h_client_t *c = h_client();
	h_resp_t *r = h_req(c, "GET", "/login/sso/callback?code=abc&state=forged", NULL);
	h_expect_status(r, 401);
	cr_assert(strstr(r->body, "was not started in this browser (state mismatch)"));
	c->headers[0] = "Cookie: mentord_sso=forged";
	r = h_req(c, "GET", "/login/sso/callback?code=abc&state=forged", NULL);
	h_expect_status(r, 401);
	cr_assert(strstr(r->body, "This sign-in has expired or was already used"));
	r = h_req(c, "GET", "/login/sso/callback", NULL);
	h_expect_status(r, 400);
	r = h_req(c, "GET", "/login/sso/callback?error=access_denied&error_description=User+cancelled", NULL);
	h_expect_status(r, 403);
	cr_assert(strstr(r->body, "Test ID did not sign you in: access_denied — User cancelled."));
}

Test(sso_off, no_button_and_no_routes_without_an_issuer)
{
	h_client_t *c = h_client();
	h_resp_t *r = h_req(c, "GET", "/login", NULL);
	cr_assert_null(strstr(r->body, "Sign in with"));
	h_expect_status(h_req(c, "GET", "/login/sso", NULL), 404);
	h_expect_status(h_req(c, "GET", "/login/sso/callback?code=a&state=b", NULL), 404);
	h_expect_status(h_req(c, "POST", "/api/v1/auth/login", login_body("member1@example.org")), 200);
}

/* ---- no network ---- */

Test(sso, id_tokens_that_are_not_signed_jwts_are_refused_before_any_fetch)
{
	arena_t *a = arena_new();
	json_t *claims = (json_t *)1;
	const char *why = NULL;
	cr_assert_eq(svc_oidc_verify(a, "not-a-token", "n", 1000, &claims, &why), OIDC_MALFORMED);
	cr_assert_null(claims);
	cr_assert_eq(svc_oidc_verify(a, "a.b.c.d", "n", 1000, &claims, &why), OIDC_MALFORMED);
	/* {"alg":"none"} and {"alg":"HS256"}: never accepted, whatever the key. */
	cr_assert_eq(svc_oidc_verify(a, "eyJhbGciOiJub25lIn0.e30.", "n", 1000, &claims, &why), OIDC_BAD_SIGNATURE);
	cr_assert(strstr(why, "none"));
	cr_assert_eq(svc_oidc_verify(a, "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "n", 1000, &claims, &why), OIDC_BAD_SIGNATURE);
	cr_assert(strstr(why, "HS256"));
	arena_free(a);
}

/* The provider's answers reach cjose only as well-formed base64url: cjose
 * 0.6 asserts (and the server would abort) when padding leaves a lone
 * character (an '=' after 4k+1 characters), in a key's members or in the
 * token's signature. Found by fuzz/fuzz_id_token.c and fuzz/fuzz_jwks.c. */
Test(sso, malformed_base64url_from_the_provider_is_refused_not_fatal)
{
	arena_t *a = arena_new();
	const char *why = NULL;
	const char *disco = "{\"issuer\":\"http://127.0.0.1:9\",\"authorization_endpoint\":\"http://127.0.0.1:9/a\","
			    "\"token_endpoint\":\"http://127.0.0.1:9/t\",\"jwks_uri\":\"http://127.0.0.1:9/j\"}";
	char n[343];
	memset(n, 'q', 342);
	n[342] = '\0';
	const char *keys[] = {
		/* a modulus padded after 5 characters, and one of 5 characters */
		"{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\"AQABC===\",\"e\":\"AQAB\"}]}",
		"{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\"AQABC\",\"e\":\"AQAB\"}]}",
		/* an exponent outside the alphabet, and one that is no string */
		h_fmt("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\"%s\",\"e\":\"AQ+B\"}]}", n),
		h_fmt("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\"%s\",\"e\":65537}]}", n),
	};
	/* {"alg":"RS256","kid":"k"}.{}.sig */
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *claims = NULL;
		cr_assert_eq(svc_oidc_provider_install(a, disco, strlen(disco), keys[i], strlen(keys[i]), 1000, &why), 0,
			     "%s", why);
		cr_assert_eq(svc_oidc_verify(a, "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.c2ln", "n", 1000, &claims, &why),
			     OIDC_BAD_SIGNATURE, "key set %zu: %s", i, why);
		cr_assert_null(claims);
	}
	/* A well-formed key, and signatures padded after 5 characters, of 5
	 * characters, or outside the alphabet. */
	const char *good = h_fmt("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\"%s\",\"e\":\"AQAB\"}]}", n);
	cr_assert_eq(svc_oidc_provider_install(a, disco, strlen(disco), good, strlen(good), 1000, &why), 0, "%s", why);
	const char *tokens[] = {"eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.c2lnX===",
				"eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.c2lnX", "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.c2l=",
				"eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.c2ln"};
	for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
		json_t *claims = NULL;
		cr_assert_eq(svc_oidc_verify(a, tokens[i], "n", 1000, &claims, &why), OIDC_BAD_SIGNATURE, "%s", tokens[i]);
		cr_assert_null(claims);
	}
	arena_free(a);
}

Test(sso_off, a_well_formed_token_is_not_checked_while_single_sign_on_is_off)
{
	arena_t *a = arena_new();
	json_t *claims = NULL;
	const char *why = NULL;
	/* {"alg":"RS256","kid":"k"}.{} */
	cr_assert_eq(svc_oidc_verify(a, "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.c2ln", "n", 1000, &claims, &why),
		     OIDC_UNREACHABLE);
	cr_assert_null(claims);
	arena_free(a);
}

Test(sso_off, only_https_or_loopback_http_is_fetched)
{
	cr_assert(svc_oidc_url_allowed("https://login.microsoftonline.com/x/v2.0"));
	cr_assert(svc_oidc_url_allowed("http://127.0.0.1:8080/x"));
	cr_assert(svc_oidc_url_allowed("http://127.5.6.7/"));
	cr_assert(svc_oidc_url_allowed("http://localhost:3000"));
	cr_assert(svc_oidc_url_allowed("http://[::1]:3000/"));
	cr_assert_not(svc_oidc_url_allowed("http://idp.example.org/"));
	cr_assert_not(svc_oidc_url_allowed("http://10.0.0.1/"));
	cr_assert_not(svc_oidc_url_allowed("http://127.0.0.1.evil.example/"));
	cr_assert_not(svc_oidc_url_allowed("http://[::2]/"));
	cr_assert_not(svc_oidc_url_allowed("ftp://127.0.0.1/"));
	cr_assert_not(svc_oidc_url_allowed("file:///etc/passwd"));
}

Test(sso_off, pkce_challenge_is_rfc_7636s)
{
	char out[48];
	svc_oidc_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", out);
	cr_assert_str_eq(out, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

Test(sso_off, the_client_secret_never_sits_in_the_settings)
{
	config_t c;
	const char *why = NULL;
	config_defaults(&c);
	cr_assert_eq(config_set(&c, "oidc_client_secret", "s3cret", &why), -1);
	cr_assert(strstr(why, "oidc_client_secret_file"));
	cr_assert_eq(config_set(&c, "oidc_issuer", "ftp://idp", &why), -1);
	cr_assert_eq(config_set(&c, "oidc_claim_email", "email address", &why), -1);
	cr_assert_eq(config_set(&c, "oidc_scopes", "email profile", &why), -1);
	/* The secret from its file (first line), sso_only only with break_glass. */
	char path[] = "/tmp/mentord-sso-secret-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, "s3cret\n", 7), 7);
	close(fd);
	cr_assert_eq(config_set(&c, "oidc_issuer", "https://idp.example.org", &why), 0);
	cr_assert_eq(config_set(&c, "oidc_client_id", "mentord", &why), 0);
	cr_assert_eq(config_set(&c, "oidc_client_secret_file", path, &why), 0);
	cr_assert_eq(config_set(&c, "oidc_sso_only", "true", &why), 0);
	cr_assert_eq(config_oidc_finish(&c), -1);
	cr_assert_eq(config_set(&c, "oidc_break_glass", "admin@example.org", &why), 0);
	cr_assert_eq(config_oidc_finish(&c), 0);
	cr_assert_str_eq(c.oidc_client_secret, "s3cret");
	unlink(path);
	config_free(&c);
}
