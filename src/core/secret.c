/* Password hashing and token secrets (see secret.h). */
#include "core/secret.h"

#include <string.h>

static char dummy_hash[crypto_pwhash_STRBYTES];

int secret_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int secret_hash_password(secret_cost_t cost, const char *password, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, password, strlen(password), cost.ops, cost.mem);
}

bool secret_verify_password(const char *hash, const char *password)
{
	return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void secret_burn_verify(secret_cost_t cost, const char *password)
{
	/* Racing threads may both compute it; the result is the same kind of
	 * hash either way, and it is only ever compared against. */
	if (!dummy_hash[0]) {
		char tmp[crypto_pwhash_STRBYTES];
		if (secret_hash_password(cost, "not a password", tmp) == 0)
			memcpy(dummy_hash, tmp, sizeof(tmp));
	}
	(void)secret_verify_password(dummy_hash, password);
}

void secret_new(const char *prefix, char out[SECRET_CHARS])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	size_t plen = strlen(prefix);
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, SECRET_CHARS - plen, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void secret_hash(const char *secret, char out[SECRET_HASH_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)secret, strlen(secret), NULL, 0);
	sodium_bin2hex(out, SECRET_HASH_HEX, h, sizeof(h));
}
