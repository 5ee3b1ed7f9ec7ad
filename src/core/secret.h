/* Secrets: Argon2id password hashes (libsodium), and random 32-byte tokens
 * (sessions, personal API tokens, calendar feeds, invitation links) of which
 * only a BLAKE2b hash is stored, so a leaked database leaks no live
 * credential. */
#ifndef MENTORD_SECRET_H
#define MENTORD_SECRET_H
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#define SECRET_CHARS 64  /* room for a prefixed base64url secret */
#define SECRET_HASH_HEX 65

/* The Argon2id cost of new hashes. */
typedef struct secret_cost {
	unsigned long long ops;
	size_t mem;
} secret_cost_t;

int secret_init(void);
/* 0 on success; -1 if hashing failed (out of memory for Argon2id). */
int secret_hash_password(secret_cost_t cost, const char *password, char out[crypto_pwhash_STRBYTES]);
bool secret_verify_password(const char *hash, const char *password);
/* Spends the time of one verification, so unknown emails answer as slowly
 * as wrong passwords. */
void secret_burn_verify(secret_cost_t cost, const char *password);
/* A new random secret: prefix, then 43 base64url characters. */
void secret_new(const char *prefix, char out[SECRET_CHARS]);
/* The stored form of a secret: BLAKE2b-256 in hex. */
void secret_hash(const char *secret, char out[SECRET_HASH_HEX]);

#endif
