/* Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): the codes of
 * an authenticator app, HMAC-SHA1 over 30-second steps, six digits, with the
 * secret written in base32 (RFC 4648) as authenticator apps expect it, and
 * the otpauth:// URI their QR code carries. Pure computation: HMAC-SHA1 is
 * OpenSSL's libcrypto (libsodium has none); the clock is the caller's. */
#ifndef MENTORD_TOTP_H
#define MENTORD_TOTP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define TOTP_STEP 30        /* seconds per code */
#define TOTP_DIGITS 6
#define TOTP_SECRET_BYTES 20 /* 160 bits, as RFC 4226 recommends */
#define TOTP_SECRET_CHARS 33 /* base32 of 20 bytes, and the NUL */

/* A new random secret, in base32 (32 characters, no padding). */
void totp_new_secret(char out[TOTP_SECRET_CHARS]);
/* Base32 (RFC 4648, case-insensitive, spaces and padding ignored) into at
 * most cap bytes; returns how many, or -1 when s is not base32 or too long. */
int totp_base32_decode(const char *s, unsigned char *out, size_t cap);
/* The code of counter step for a raw key (RFC 4226 HOTP), digits long
 * (6 or 8), into out (NUL-terminated). False if HMAC fails. */
bool totp_hotp(const unsigned char *key, size_t keylen, uint64_t step, int digits, char out[9]);
/* The six-digit code of the base32 secret at step; false for a bad secret. */
bool totp_code(const char *secret, int64_t step, char out[9]);
/* The step of time t. */
int64_t totp_step_of(int64_t t);
/* Whether code (six digits, spaces allowed) is the secret's at the step of
 * now or one step either side (clocks drift), and newer than last_step (a
 * code is used once). *matched gets the step it matched. */
bool totp_verify(const char *secret, const char *code, int64_t now, int64_t last_step, int64_t *matched);
/* otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30,
 * with issuer and account percent-encoded; owned by a. */
const char *totp_uri(arena_t *a, const char *issuer, const char *account, const char *secret);

#endif
