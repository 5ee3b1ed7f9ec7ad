/* TOTP codes and their secrets; see totp.h. */
#include "core/totp.h"
#include "core/buf.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void totp_new_secret(char out[TOTP_SECRET_CHARS])
{
	unsigned char raw[TOTP_SECRET_BYTES];
	randombytes_buf(raw, sizeof(raw));
	/* 160 bits are exactly 32 groups of five. */
	int o = 0;
	for (int bit = 0; bit < TOTP_SECRET_BYTES * 8; bit += 5) {
		int byte = bit / 8, off = bit % 8;
		unsigned v = (unsigned)raw[byte] << 8 | (byte + 1 < TOTP_SECRET_BYTES ? raw[byte + 1] : 0);
		out[o++] = b32[(v >> (11 - off)) & 31];
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

int totp_base32_decode(const char *s, unsigned char *out, size_t cap)
{
	unsigned acc = 0;
	int bits = 0;
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '=' || *s == '-')
			continue;
		const char *p = strchr(b32, toupper((unsigned char)*s));
		if (!p || !*p)
			return -1;
		acc = (acc << 5) | (unsigned)(p - b32);
		bits += 5;
		if (bits >= 8) {
			if (n == cap)
				return -1;
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
		acc &= (1u << bits) - 1;
	}
	return (int)n;
}

bool totp_hotp(const unsigned char *key, size_t keylen, uint64_t step, int digits, char out[9])
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	for (int i = 7; i >= 0; i--, step >>= 8)
		msg[i] = (unsigned char)(step & 0xff);
	if (!HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof(msg), mac, &maclen) || maclen < 20)
		return false;
	/* RFC 4226 5.3: dynamic truncation. */
	int off = mac[maclen - 1] & 0x0f;
	uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
		       ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	uint32_t mod = digits == 8 ? 100000000u : 1000000u;
	snprintf(out, 9, "%0*u", digits == 8 ? 8 : 6, bin % mod);
	return true;
}

bool totp_code(const char *secret, int64_t step, char out[9])
{
	unsigned char key[64];
	int n = totp_base32_decode(secret, key, sizeof(key));
	bool ok = n > 0 && step >= 0 && totp_hotp(key, (size_t)n, (uint64_t)step, TOTP_DIGITS, out);
	sodium_memzero(key, sizeof(key));
	return ok;
}

int64_t totp_step_of(int64_t t)
{
	return t < 0 ? 0 : t / TOTP_STEP;
}

bool totp_verify(const char *secret, const char *code, int64_t now, int64_t last_step, int64_t *matched)
{
	char digits[TOTP_DIGITS + 1];
	int n = 0;
	for (const char *c = code; *c; c++) {
		if (*c == ' ')
			continue;
		if (!isdigit((unsigned char)*c) || n == TOTP_DIGITS)
			return false;
		digits[n++] = *c;
	}
	if (n != TOTP_DIGITS)
		return false;
	digits[n] = '\0';
	int64_t now_step = totp_step_of(now);
	bool ok = false;
	/* Every candidate is computed, so the time taken does not tell which matched. */
	for (int64_t step = now_step - 1; step <= now_step + 1; step++) {
		char want[9];
		if (!totp_code(secret, step, want))
			return false;
		if (step > last_step && sodium_memcmp(want, digits, TOTP_DIGITS) == 0 && !ok) {
			ok = true;
			*matched = step;
		}
	}
	return ok;
}

static void put_enc(buf_t *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@')
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

const char *totp_uri(arena_t *a, const char *issuer, const char *account, const char *secret)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "otpauth://totp/");
	put_enc(&b, issuer);
	buf_putc(&b, ':');
	put_enc(&b, account);
	buf_printf(&b, "?secret=%s&issuer=", secret);
	put_enc(&b, issuer);
	buf_printf(&b, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_STEP);
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}
