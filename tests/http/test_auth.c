/* Tests of the credential helpers (http/auth.h) that need no request:
 * random secrets (prefix, length, URL-safe alphabet, uniqueness), their
 * stored hashes (hex BLAKE2b, deterministic), and Argon2id password hashes
 * at the minimum cost tests use. */
#include <criterion/criterion.h>
#include <string.h>

#include "http/auth.h"

static void setup(void)
{
	cr_assert_eq(auth_init(), 0);
}

TestSuite(auth, .init = setup);

Test(auth, secrets_are_prefixed_urlsafe_and_unique)
{
	char a[AUTH_SECRET_CHARS], b[AUTH_SECRET_CHARS];
	auth_new_secret("mtd_", a);
	auth_new_secret("mtd_", b);
	cr_assert_eq(strncmp(a, "mtd_", 4), 0);
	cr_assert_eq(strlen(a), 4 + 43, "32 random bytes are 43 base64url characters");
	cr_assert_str_neq(a, b);
	for (const char *p = a + 4; *p; p++)
		cr_assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p),
			  "character %c is not URL-safe", *p);
	auth_new_secret("", a);
	cr_assert_eq(strlen(a), 43);
}

Test(auth, secret_hashes_are_hex_and_deterministic)
{
	char h1[AUTH_HASH_HEX], h2[AUTH_HASH_HEX], h3[AUTH_HASH_HEX];
	auth_secret_hash("secret-one", h1);
	auth_secret_hash("secret-one", h2);
	auth_secret_hash("secret-two", h3);
	cr_assert_eq(strlen(h1), 64);
	cr_assert_str_eq(h1, h2);
	cr_assert_str_neq(h1, h3);
	for (const char *p = h1; *p; p++)
		cr_assert(strchr("0123456789abcdef", *p));
	cr_assert(strstr(h1, "secret") == NULL);
}

Test(auth, password_hash_and_verify)
{
	app_t app = {.pw_ops = crypto_pwhash_OPSLIMIT_MIN, .pw_mem = crypto_pwhash_MEMLIMIT_MIN};
	char hash[crypto_pwhash_STRBYTES];
	cr_assert_eq(auth_hash_password(&app, "correct horse battery", hash), 0);
	cr_assert_eq(strncmp(hash, "$argon2id$", 10), 0, "%s", hash);
	cr_assert(auth_verify_password(hash, "correct horse battery"));
	cr_assert_not(auth_verify_password(hash, "correct horse batter"));
	cr_assert_not(auth_verify_password(hash, ""));
	cr_assert_not(auth_verify_password(NULL, "correct horse battery"));
	char again[crypto_pwhash_STRBYTES];
	cr_assert_eq(auth_hash_password(&app, "correct horse battery", again), 0);
	cr_assert_str_neq(hash, again, "hashes are salted");
	auth_burn_verify(&app, "anything"); /* must not crash or accept */
}
