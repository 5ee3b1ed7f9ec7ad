/* libFuzzer target: OpenID Connect ID tokens (svc_oidc_verify in
 * svc/oidc.c: the JWS compact form, the header's alg and kid, the key
 * chosen from the provider's set, the signature by cjose, then iss, aud and
 * azp, exp, iat, nonce and sub). The provider's keys are made at start
 * (oidc_keys.h), so no input can carry a valid signature of its own. Each
 * input is used three ways:
 *   1. as a compact token itself: never accepted (nobody here holds the
 *      keys), and refused with a reason;
 *   2. as "HEADER\nCLAIMS": CLAIMS signed under HEADER with the provider's
 *      RSA key (the EC key when alg starts with "ES"). Accepted only if the
 *      claims pass every check, re-made here from the specification (iss
 *      the issuer, aud the client id or an array holding it with azp the
 *      client id when there are several, azp if present the client id, exp
 *      not past and iat within the last 10 minutes, two minutes of skew
 *      each way, the nonce this sign-in's, a non-empty sub) and alg is an
 *      RS, PS or ES algorithm; and then accepted whenever cjose signed with
 *      the right kind of key under an alg it names, with the key's kid;
 *   3. the same token with its signature altered (its first character),
 *      and with alg "none" and no signature: never accepted.
 * No leak (LeakSanitizer). */
#include "oidc_keys.h"

#include <math.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	ok_setup();
	return 0;
}

static svc_oidc_fail_t verify(arena_t *a, const char *token, json_t **claims)
{
	const char *why = NULL;
	svc_oidc_fail_t f = svc_oidc_verify(a, token, OK_NONCE, OK_NOW, claims, &why);
	ok_check_outcome(f, *claims, why);
	return f;
}

static bool str_is(json_t *o, const char *key, const char *want)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v && !strcmp(v, want);
}

/* The claims' checks, from OpenID Connect Core 3.1.3.7. */
static bool claims_pass(json_t *c)
{
	json_t *aud = json_object_get(c, "aud"), *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
	json_t *azp = json_object_get(c, "azp");
	bool mine = false;
	size_t n = 0;
	if (json_is_string(aud)) {
		mine = !strcmp(json_string_value(aud), OK_CLIENT);
		n = 1;
	} else if (json_is_array(aud)) {
		size_t i;
		json_t *v;
		json_array_foreach(aud, i, v) mine = mine || (json_is_string(v) && !strcmp(json_string_value(v), OK_CLIENT));
		n = json_array_size(aud);
	}
	if (!mine || (n > 1 && !str_is(c, "azp", OK_CLIENT)) || (azp && !str_is(c, "azp", OK_CLIENT)))
		return false;
	if (!str_is(c, "iss", OK_ISSUER) || !str_is(c, "nonce", OK_NONCE))
		return false;
	const char *sub = json_string_value(json_object_get(c, "sub"));
	if (!sub || !*sub || !json_is_number(exp) || !json_is_number(iat))
		return false;
	double e = json_number_value(exp), t = json_number_value(iat), now = (double)OK_NOW;
	return e + 120 >= now && t <= now + 120 && t + 600 + 120 >= now;
}

static bool alg_taken(const char *alg)
{
	static const char *const algs[] = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"};
	for (size_t i = 0; alg && i < sizeof(algs) / sizeof(algs[0]); i++)
		if (!strcmp(alg, algs[i]))
			return true;
	return false;
}

/* Algorithms cjose signs with our two keys, and the kid of the key. */
static bool signable(const char *alg, bool *ec)
{
	static const char *const rsa[] = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"};
	*ec = alg && !strcmp(alg, "ES256");
	for (size_t i = 0; alg && i < sizeof(rsa) / sizeof(rsa[0]); i++)
		if (!strcmp(alg, rsa[i]))
			return true;
	return *ec;
}

static void never(arena_t *a, const char *token, const char *what)
{
	json_t *claims = NULL;
	if (verify(a, token, &claims) == OIDC_OK)
		fz_fail("%s was accepted", what);
}

static void signed_ways(arena_t *a, const char *head, size_t hn, const char *body, size_t bn)
{
	json_t *header = json_loadb(head, hn, 0, NULL);
	if (!json_is_object(header)) {
		json_decref(header);
		return;
	}
	const char *alg = json_string_value(json_object_get(header, "alg"));
	bool ec = alg && !strncmp(alg, "ES", 2);
	char *token = ok_sign(ec ? ok_ec : ok_rsa, header, body, bn);
	if (!token) {
		json_decref(header);
		return;
	}
	json_t *claims = NULL, *model = json_loadb(body, bn, 0, NULL);
	svc_oidc_fail_t f = verify(a, token, &claims);
	bool pass = json_is_object(model) && claims_pass(model);
	if (f == OIDC_OK && (!pass || !alg_taken(alg)))
		fz_fail("a token was accepted whose claims or alg (%s) fail the checks", alg ? alg : "none");
	bool is_ec, can = signable(alg, &is_ec);
	const char *kid = json_string_value(json_object_get(header, "kid"));
	bool kid_ok = json_object_get(header, "kid") ? kid && !strcmp(kid, is_ec ? "ec-1" : "rsa-1") : true;
	if (f != OIDC_OK && pass && can && is_ec == ec && kid_ok)
		fz_fail("a good token signed %s by the provider's key was refused (%d)", alg, (int)f);
	json_decref(claims);
	json_decref(model);
	/* The signature altered: its first character changed (the last may
	 * carry only padding bits). */
	char *sig = strrchr(token, '.');
	if (sig && sig[1]) {
		sig[1] = sig[1] == 'A' ? 'B' : 'A';
		never(a, token, "a token with an altered signature");
		sig[1] = sig[1] == 'A' ? 'B' : 'A';
	}
	/* alg none, no signature. */
	const char *d = strchr(token, '.');
	if (d) {
		const char *d2 = strchr(d + 1, '.');
		char *none = arena_printf(a, "eyJhbGciOiJub25lIn0%.*s.", (int)(d2 ? d2 - d : 0), d);
		never(a, none, "an unsigned token (alg none)");
	}
	free(token);
	json_decref(header);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena_t *a = arena_new();
	if (ok_install(a, ok_jwks, strlen(ok_jwks)))
		fz_fail("the provider's own key set was refused");
	char *text = arena_strndup(a, (const char *)data, size);
	if (strlen(text) == size)
		never(a, text, "an input taken as a token");
	const char *nl = memchr(data, '\n', size);
	if (nl)
		signed_ways(a, (const char *)data, (size_t)(nl - (const char *)data), nl + 1,
			    size - (size_t)(nl - (const char *)data) - 1);
	arena_free(a);
	return 0;
}
