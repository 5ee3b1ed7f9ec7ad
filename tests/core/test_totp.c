/* TOTP against RFC 6238's own test vectors (Appendix B, HMAC-SHA1), the
 * base32 secret as authenticator apps read it, the ±1-step window, replay
 * refusal, and the otpauth URI. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/totp.h"

/* RFC 6238's SHA1 seed, "12345678901234567890", in base32. */
#define SEED "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

Test(totp, rfc6238_vectors)
{
	static const struct {
		long long t;
		const char *code;
	} v[] = {{59, "94287082"}, {1111111109, "07081804"}, {1111111111, "14050471"},
		 {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000LL, "65353130"}};
	const unsigned char key[] = "12345678901234567890";
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char out[9];
		cr_assert(totp_hotp(key, 20, (uint64_t)totp_step_of(v[i].t), 8, out));
		cr_assert_str_eq(out, v[i].code, "T=%lld", v[i].t);
		/* The six-digit code is the last six of the eight. */
		cr_assert(totp_code(SEED, totp_step_of(v[i].t), out));
		cr_assert_str_eq(out, v[i].code + 2, "T=%lld", v[i].t);
	}
}

Test(totp, base32)
{
	unsigned char out[32];
	cr_assert_eq(totp_base32_decode(SEED, out, sizeof(out)), 20);
	cr_assert_eq(memcmp(out, "12345678901234567890", 20), 0);
	cr_assert_eq(totp_base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", out, sizeof(out)), 20,
		     "lower case and spaces, as people type it");
	cr_assert_eq(totp_base32_decode("GEZ1", out, sizeof(out)), -1, "1 is not base32");
	cr_assert_eq(totp_base32_decode(SEED, out, 4), -1, "too long for the room");
	char s[TOTP_SECRET_CHARS], t[TOTP_SECRET_CHARS];
	totp_new_secret(s);
	totp_new_secret(t);
	cr_assert_eq(strlen(s), 32);
	cr_assert_str_neq(s, t);
	cr_assert_eq(totp_base32_decode(s, out, sizeof(out)), 20);
}

Test(totp, window_and_replay)
{
	int64_t now = 1111111111, matched = 0;
	char prev[9], cur[9], next[9], far[9];
	totp_code(SEED, totp_step_of(now) - 1, prev);
	totp_code(SEED, totp_step_of(now), cur);
	totp_code(SEED, totp_step_of(now) + 1, next);
	totp_code(SEED, totp_step_of(now) + 2, far);
	cr_assert(totp_verify(SEED, cur, now, 0, &matched));
	cr_assert_eq(matched, totp_step_of(now));
	cr_assert(totp_verify(SEED, prev, now, 0, &matched), "a step behind: the phone's clock is slow");
	cr_assert(totp_verify(SEED, next, now, 0, &matched), "a step ahead");
	cr_assert_not(totp_verify(SEED, far, now, 0, &matched), "two steps is too far");
	cr_assert_not(totp_verify(SEED, cur, now, totp_step_of(now), &matched), "a used code is refused");
	char spaced[10];
	snprintf(spaced, sizeof(spaced), "%.3s %.3s", cur, cur + 3);
	cr_assert(totp_verify(SEED, spaced, now, 0, &matched), "\"123 456\" as apps show it");
	cr_assert_not(totp_verify(SEED, "12345", now, 0, &matched));
	cr_assert_not(totp_verify(SEED, "1234567", now, 0, &matched));
	cr_assert_not(totp_verify(SEED, "abcdef", now, 0, &matched));
	cr_assert_not(totp_verify("not base32!", cur, now, 0, &matched));
}

Test(totp, uri)
{
	arena_t *a = arena_new();
	const char *u = totp_uri(a, "mentord", "ada lovelace@example.org", SEED);
	cr_assert_str_eq(u, "otpauth://totp/mentord:ada%20lovelace@example.org?secret=" SEED
			    "&issuer=mentord&algorithm=SHA1&digits=6&period=30");
	arena_free(a);
}
