/* Account mail through a real SMTP server (issue 11): an invitation made
 * through the API arrives with a link that, followed, sets the password and
 * logs in; a "forgot password" mail arrives with a link that sets a new
 * password; a notice of the change follows. The mails are read back by
 * check_mail.py; the links are taken from the delivered text, as a person
 * would click them. Once delivered, the outbox keeps no live link. */
#include <criterion/criterion.h>
#include <string.h>

#include "nh.h"
#include "core/buf.h"
#include "core/secret.h"
#include "store/store.h"

static const char *admin_token;

static void init(void)
{
	nh_setup(NULL, true);
	/* An administrator with a bearer token, besides the cast. */
	db_t *db = db_pool_acquire(NH.app.pool);
	user_t u = {.email = "admin@example.org", .name = "Ada Admin", .role = ROLE_ADMIN, .active = true};
	int64_t id = 0, tid = 0;
	char secret[SECRET_CHARS], hash[SECRET_HASH_HEX];
	secret_new("mtd_", secret);
	secret_hash(secret, hash);
	cr_assert_eq(store_user_insert(db, &u, NULL, &id), DB_OK);
	cr_assert_eq(store_token_insert(db, &(store_token_new_t){.user_id = id, .name = "t", .token_hash = hash}, &tid),
		     DB_OK);
	db_pool_release(NH.app.pool, db);
	admin_token = nh_fmt("%s", secret);
}

static void fini(void)
{
	nh_teardown();
}

/* The one delivered mail of kind to addr, as check_mail.py read it. */
static json_t *delivered(const char *kind, const char *addr)
{
	json_t *p = nh_pick(nh_mail_json(), kind, addr);
	cr_assert_eq(json_array_size(p), 1, "want one %s to %s, got %zu", kind, addr, json_array_size(p));
	return json_array_get(p, 0);
}

/* The secret after "PATH?token=" in a mail's text. */
static const char *link_token(json_t *m, const char *path)
{
	const char *text = json_string_value(json_object_get(m, "text"));
	cr_assert_not_null(text);
	const char *at = strstr(text, nh_fmt("https://mentoring.example.org%s?token=", path));
	cr_assert_not_null(at, "no %s link in: %s", path, text);
	at = strchr(at, '=') + 1;
	return nh_fmt("%.*s", (int)strspn(at, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), at);
}

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

/* One request on a handle that keeps its cookies: a browser, in short. */
static long browse(CURL *c, const char *method, const char *path, const char *json, char **text)
{
	buf_t out = BUF_INIT;
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, nh_fmt("http://127.0.0.1:%d%s", NH.port, path));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, NULL);
	if (json) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}
	cr_assert_eq(curl_easy_perform(c), CURLE_OK);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hl);
	*text = nh_fmt("%s", buf_cstr(&out));
	buf_free(&out);
	return status;
}

Test(accounts, the_invitation_link_sets_the_password_and_logs_in, .init = init, .fini = fini, .timeout = 60)
{
	char *text = NULL;
	long st = nh_http(admin_token, "POST", "/api/v1/users", "{\"email\":\"newbie@example.org\",\"name\":\"Nora Newbie\"}",
			  NULL, &text);
	cr_assert_eq(st, 201, "%s", text);
	cr_assert(nh_wait_mail(1, 20), "the invitation did not arrive");
	json_t *m = delivered("invitation", "newbie@example.org");
	cr_assert_str_eq(json_string_value(json_object_get(m, "subject")), "You are invited to mentord");
	const char *body = json_string_value(json_object_get(m, "text"));
	cr_assert(strstr(body, "Hello Nora Newbie"), "%s", body);
	cr_assert(strstr(body, "Ada Admin invited you"), "%s", body);
	const char *token = link_token(m, "/invite");
	/* Delivered: the outbox no longer holds the live link. */
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM outbox WHERE body LIKE '%%%s%%'", token)), 0);
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	st = browse(c, "GET", nh_fmt("/api/v1/auth/invitation?token=%s", token), NULL, &text);
	cr_assert_eq(st, 200, "%s", text);
	cr_assert(strstr(text, "Nora Newbie"), "%s", text);
	st = browse(c, "POST", "/api/v1/auth/invitation/accept",
		    nh_fmt("{\"token\":\"%s\",\"password\":\"nora-is-here-now\"}", token), &text);
	cr_assert_eq(st, 200, "%s", text);
	st = browse(c, "GET", "/api/v1/me", NULL, &text);
	cr_assert_eq(st, 200, "logged in by the link: %s", text);
	cr_assert(strstr(text, "newbie@example.org"), "%s", text);
	curl_easy_cleanup(c);
	st = nh_http(NULL, "POST", "/api/v1/auth/login", "{\"email\":\"newbie@example.org\",\"password\":\"nora-is-here-now\"}",
		     NULL, &text);
	cr_assert_eq(st, 200, "%s", text);
}

Test(accounts, the_reset_link_sets_a_new_password, .init = init, .fini = fini, .timeout = 60)
{
	char *text = NULL;
	long st = nh_http(NULL, "POST", "/api/v1/auth/password-reset", "{\"email\":\"mentee@example.org\"}", NULL, &text);
	cr_assert_eq(st, 202, "%s", text);
	cr_assert(nh_wait_mail(1, 20), "the reset mail did not arrive");
	json_t *m = delivered("password_reset", "mentee@example.org");
	cr_assert_str_eq(json_string_value(json_object_get(m, "subject")), "Reset your mentord password");
	const char *token = link_token(m, "/reset-password");
	st = nh_http(NULL, "POST", "/api/v1/auth/password-reset/complete",
		     nh_fmt("{\"token\":\"%s\",\"password\":\"mentee-new-password\"}", token), NULL, &text);
	cr_assert_eq(st, 200, "%s", text);
	/* The mentee's old API token was revoked with the reset. */
	st = nh_http(NH.mentee_token, "GET", "/api/v1/me", NULL, NULL, &text);
	cr_assert_eq(st, 401, "%s", text);
	st = nh_http(NULL, "POST", "/api/v1/auth/login", "{\"email\":\"mentee@example.org\",\"password\":\"mentee-new-password\"}",
		     NULL, &text);
	cr_assert_eq(st, 200, "%s", text);
	cr_assert(nh_wait_mail(2, 20), "the notice did not arrive");
	delivered("password_changed", "mentee@example.org");
}
