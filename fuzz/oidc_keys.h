/* What the OpenID Connect fuzz targets (fuzz_id_token.c, fuzz_jwks.c)
 * share: single sign-on configured for a provider that is never reached
 * (its discovery document and key set are installed directly, at a pinned
 * time, through svc_oidc_provider_install), the provider's own signing keys
 * made afresh at start (an RSA key "rsa-1" and a P-256 key "ec-1", so no
 * input file can carry a valid signature), and signing with them by cjose,
 * the library mentord verifies with. */
#ifndef MENTORD_FUZZ_OIDC_KEYS_H
#define MENTORD_FUZZ_OIDC_KEYS_H
#include "harness.h"

#include "svc/oidc.h"
#include "core/arena.h"

#include <cjose/cjose.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OK_ISSUER "https://idp.example.org"
#define OK_CLIENT "mentord"
#define OK_NONCE "fz-nonce"
#define OK_NOW 1780000000LL

static const char ok_discovery[] =
	"{\"issuer\":\"" OK_ISSUER "\",\"authorization_endpoint\":\"" OK_ISSUER "/authorize\","
	"\"token_endpoint\":\"" OK_ISSUER "/token\",\"jwks_uri\":\"" OK_ISSUER "/jwks\"}";

static cjose_jwk_t *ok_rsa, *ok_ec;
static char *ok_jwks; /* the public keys as the provider publishes them */

static inline cjose_jwk_t *ok_key(cjose_jwk_t *k, const char *kid)
{
	cjose_err err;
	if (!k || !cjose_jwk_set_kid(k, kid, strlen(kid), &err))
		abort();
	return k;
}

/* The provider's public key k as a JWK object (use "sig", no alg: any of
 * the key type's algorithms). */
static inline json_t *ok_public(const cjose_jwk_t *k)
{
	cjose_err err;
	char *text = cjose_jwk_to_json(k, false, &err);
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	if (!j)
		abort();
	json_object_set_new(j, "use", json_string("sig"));
	free(text);
	return j;
}

static inline void ok_setup(void)
{
	cjose_err err;
	static const uint8_t e[] = {1, 0, 1};
	ok_rsa = ok_key(cjose_jwk_create_RSA_random(2048, e, sizeof(e), &err), "rsa-1");
	ok_ec = ok_key(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err), "ec-1");
	json_t *set = json_pack("{s:[o,o]}", "keys", ok_public(ok_rsa), ok_public(ok_ec));
	ok_jwks = json_dumps(set, JSON_COMPACT);
	json_decref(set);
	svc_oidc_config_t c = {.issuer = OK_ISSUER, .client_id = OK_CLIENT, .client_secret = "s",
			       .provider_name = "Fuzz ID", .redirect_uri = "http://127.0.0.1/login/sso/callback",
			       .jit = true};
	svc_oidc_configure(&c);
}

/* Installs discovery and the key set jwks[0..n) at OK_NOW; -1 when refused. */
static inline int ok_install(arena_t *a, const char *jwks, size_t n)
{
	const char *why;
	return svc_oidc_provider_install(a, ok_discovery, strlen(ok_discovery), jwks, n, OK_NOW, &why);
}

/* The compact JWS of payload[0..n) under header (a JSON object whose alg
 * cjose can sign with k), or NULL when cjose cannot; the caller frees. */
static inline char *ok_sign(cjose_jwk_t *k, json_t *header, const char *payload, size_t n)
{
	cjose_err err;
	cjose_jws_t *jws = cjose_jws_sign(k, (cjose_header_t *)header, (const uint8_t *)payload, n, &err);
	const char *ser = NULL;
	char *out = jws && cjose_jws_export(jws, &ser, &err) ? strdup(ser) : NULL;
	cjose_jws_release(jws);
	return out;
}

/* The claims of a token that must sign in. */
static inline char *ok_claims(void)
{
	json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "iss", OK_ISSUER, "aud", OK_CLIENT, "sub", "fz-1",
			      "nonce", OK_NONCE, "iat", (json_int_t)OK_NOW, "exp", (json_int_t)(OK_NOW + 600), "email",
			      "fz@example.org");
	char *s = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	return s;
}

/* A verification's outcome must be one of svc_oidc_fail_t, with a reason
 * when refused and claims exactly when accepted. */
static inline void ok_check_outcome(svc_oidc_fail_t f, json_t *claims, const char *why)
{
	if ((int)f < OIDC_OK || f > OIDC_BAD_NONCE)
		fz_fail("verify answered %d, not a svc_oidc_fail_t", (int)f);
	if (f != OIDC_OK && (!why || !*why || claims))
		fz_fail("a refusal (%d) without its reason, or with claims", (int)f);
	if (f == OIDC_OK && !json_is_object(claims))
		fz_fail("an accepted token without its claims");
}

#endif
