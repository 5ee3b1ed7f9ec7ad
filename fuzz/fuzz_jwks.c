/* libFuzzer target: the provider's key set (JWKS) as mentord takes it
 * (svc_oidc_provider_install, the same code a fetched key set goes
 * through, and the key chosen from it for each ID token in svc_oidc_verify:
 * kty, use, alg and kid; cjose's import of the key). Each input is a key
 * set. Two ID tokens the provider signed (RS256 with kid "rsa-1", ES256 with
 * kid "ec-1"; its keys are made at start, oidc_keys.h) and one signed with
 * HS256 using the input itself as the secret are verified against it:
 *   - the RS256 token is accepted only if the set holds the provider's RSA
 *     public key (same modulus and exponent), the ES256 one only if it holds
 *     its P-256 key (same x and y): no other key, however named, vouches for
 *     them; the HS256 token never (an HMAC key would be the client secret);
 *   - with the provider's two keys appended to the input's "keys" (when it
 *     is an object with such an array), both tokens are accepted: keys a
 *     provider publishes beside them, with the same kid or not, do not
 *     lock its own out;
 *   - every refusal names its reason; no leak (LeakSanitizer). */
#include "oidc_keys.h"

#include <sodium.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *tok_rsa, *tok_ec;
static json_t *pub_rsa, *pub_ec;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (sodium_init() < 0)
		abort();
	ok_setup();
	char *claims = ok_claims();
	json_t *h = json_pack("{s:s, s:s}", "alg", "RS256", "kid", "rsa-1");
	tok_rsa = ok_sign(ok_rsa, h, claims, strlen(claims));
	json_decref(h);
	h = json_pack("{s:s, s:s}", "alg", "ES256", "kid", "ec-1");
	tok_ec = ok_sign(ok_ec, h, claims, strlen(claims));
	json_decref(h);
	free(claims);
	pub_rsa = ok_public(ok_rsa);
	pub_ec = ok_public(ok_ec);
	if (!tok_rsa || !tok_ec)
		abort();
	return 0;
}

/* The big-endian integer that base64url text s stands for, without leading
 * zero bytes, into out (at most cap); its length, or -1. */
static int integer(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;
	if (!s || sodium_base642bin(out, cap, s, strlen(s), NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	size_t z = 0;
	while (z < n && !out[z])
		z++;
	memmove(out, out + z, n - z);
	return (int)(n - z);
}

static bool same_integer(json_t *a, json_t *b, const char *key)
{
	unsigned char x[1024], y[1024];
	int nx = integer(json_string_value(json_object_get(a, key)), x, sizeof(x));
	int ny = integer(json_string_value(json_object_get(b, key)), y, sizeof(y));
	return nx >= 0 && nx == ny && !memcmp(x, y, (size_t)nx);
}

/* Whether the set holds the provider's public key pub. */
static bool holds(json_t *set, json_t *pub, bool ec)
{
	json_t *k;
	size_t i;
	json_array_foreach(json_object_get(set, "keys"), i, k)
	{
		const char *kty = json_string_value(json_object_get(k, "kty"));
		if (!kty || strcmp(kty, ec ? "EC" : "RSA"))
			continue;
		if (ec ? same_integer(k, pub, "x") && same_integer(k, pub, "y")
		       : same_integer(k, pub, "n") && same_integer(k, pub, "e"))
			return true;
	}
	return false;
}

static svc_oidc_fail_t verify(arena_t *a, const char *token)
{
	json_t *claims = NULL;
	const char *why = NULL;
	svc_oidc_fail_t f = svc_oidc_verify(a, token, OK_NONCE, OK_NOW, &claims, &why);
	ok_check_outcome(f, claims, why);
	json_decref(claims);
	return f;
}

/* An HS256 token keyed with the input: what a forger who knows the
 * published set could make. */
static char *hmac_token(arena_t *a, const uint8_t *key, size_t n)
{
	char *claims = ok_claims();
	const char *head = "eyJhbGciOiJIUzI1NiIsImtpZCI6InJzYS0xIn0"; /* {"alg":"HS256","kid":"rsa-1"} */
	size_t cl = strlen(claims), bl = sodium_base64_ENCODED_LEN(cl, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *b = arena_alloc(a, bl);
	sodium_bin2base64(b, bl, (const unsigned char *)claims, cl, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(claims);
	char *input = arena_printf(a, "%s.%s", head, b);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)input, strlen(input));
	crypto_auth_hmacsha256_final(&st, mac);
	char sig[64];
	sodium_bin2base64(sig, sizeof(sig), mac, sizeof(mac), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return arena_printf(a, "%s.%s", input, sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena_t *a = arena_new();
	json_t *set = json_loadb((const char *)data, size, 0, NULL);
	if (ok_install(a, (const char *)data, size) == 0) {
		if (!json_is_array(json_object_get(set, "keys")))
			fz_fail("a key set without a \"keys\" array was taken");
		if (verify(a, tok_rsa) == OIDC_OK && !holds(set, pub_rsa, false))
			fz_fail("an RS256 token was accepted by a set without the provider's RSA key");
		if (verify(a, tok_ec) == OIDC_OK && !holds(set, pub_ec, true))
			fz_fail("an ES256 token was accepted by a set without the provider's EC key");
		if (verify(a, hmac_token(a, data, size)) == OIDC_OK)
			fz_fail("an HS256 token was accepted");
		/* The provider's own keys beside the input's. */
		json_t *keys = json_object_get(set, "keys");
		json_array_append(keys, pub_rsa);
		json_array_append(keys, pub_ec);
		char *text = json_dumps(set, JSON_COMPACT);
		if (!text || ok_install(a, text, strlen(text)))
			fz_fail("the key set with the provider's keys appended was refused");
		svc_oidc_fail_t fr = verify(a, tok_rsa), fe = verify(a, tok_ec);
		if (fr != OIDC_OK || fe != OIDC_OK)
			fz_fail("the provider's own keys beside the input's do not verify its tokens (%d, %d)", (int)fr,
				(int)fe);
		free(text);
	} else if (json_is_object(set) && json_is_array(json_object_get(set, "keys"))) {
		fz_fail("a key set with a \"keys\" array was refused");
	}
	json_decref(set);
	arena_free(a);
	return 0;
}
