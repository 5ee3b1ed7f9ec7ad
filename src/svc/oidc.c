/* The OpenID Connect relying party; see svc/oidc.h. The provider's metadata
 * and keys are process-wide (one provider per server) and guarded by one
 * mutex: metadata is fetched again after an hour, keys when a token names a
 * kid not in the cache (at most once every 10 seconds, so a stream of forged
 * kids cannot make mentord hammer the provider). Network calls run without
 * the lock held only for the token endpoint; discovery and key fetches are
 * rare and short, and holding the lock makes parallel sign-ins share one. */
#include "svc/oidc.h"
#include "core/xalloc.h"

#include <arpa/inet.h>
#include <cjose/cjose.h>
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	FETCH_MAX = 1 << 20,          /* a provider's answer larger than 1 MiB is not one */
	FETCH_TIMEOUT = 10,           /* seconds for one request */
	META_SECONDS = 3600,          /* metadata kept this long */
	KEYS_MIN_REFRESH = 10,        /* seconds between two key fetches */
	SKEW = 120,                   /* seconds of clock difference tolerated */
	IAT_MAX_AGE = 600,            /* an ID token issued longer ago is not this sign-in's */
};

static struct {
	pthread_mutex_t mu;
	svc_oidc_config_t cfg;
	bool on;
	/* discovery */
	char *authorization_endpoint, *token_endpoint, *userinfo_endpoint, *jwks_uri;
	bool post_auth; /* the provider takes client_secret_post only */
	int64_t meta_at;
	/* keys */
	json_t *keys; /* the JWKS's "keys" array */
	int64_t keys_at;
} g = {.mu = PTHREAD_MUTEX_INITIALIZER};

static char *dup_or(const char *s, const char *dflt)
{
	return xstrdup(s && *s ? s : dflt);
}

/* Forgets the settings and everything learnt from the provider they named
 * (its keys must never vouch for another issuer's tokens). Under g.mu. */
static void forget(void)
{
	if (g.on) {
		const char *owned[] = {g.cfg.issuer, g.cfg.client_id, g.cfg.client_secret, g.cfg.provider_name,
				       g.cfg.scopes, g.cfg.redirect_uri, g.cfg.allowed_domains, g.cfg.claim_email,
				       g.cfg.claim_name, g.cfg.claim_department, g.cfg.claim_manager, g.cfg.break_glass};
		sodium_memzero((char *)g.cfg.client_secret, strlen(g.cfg.client_secret));
		for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
			free((char *)owned[i]);
		memset(&g.cfg, 0, sizeof(g.cfg));
	}
	free(g.authorization_endpoint);
	free(g.token_endpoint);
	free(g.userinfo_endpoint);
	free(g.jwks_uri);
	g.authorization_endpoint = g.token_endpoint = g.userinfo_endpoint = g.jwks_uri = NULL;
	json_decref(g.keys);
	g.keys = NULL;
	g.on = false;
}

void svc_oidc_configure(const svc_oidc_config_t *c)
{
	pthread_mutex_lock(&g.mu);
	forget();
	g.on = c && c->issuer && *c->issuer;
	if (g.on) {
		g.cfg = *c;
		/* The issuer as configured, without a trailing slash: discovery
		 * appends to it, and the token's iss must equal it. */
		char *iss = xstrdup(c->issuer);
		size_t n = strlen(iss);
		while (n > 8 && iss[n - 1] == '/')
			iss[--n] = '\0';
		g.cfg.issuer = iss;
		g.cfg.client_id = dup_or(c->client_id, "");
		g.cfg.client_secret = dup_or(c->client_secret, "");
		g.cfg.provider_name = dup_or(c->provider_name, "single sign-on");
		g.cfg.scopes = dup_or(c->scopes, "openid email profile");
		g.cfg.redirect_uri = dup_or(c->redirect_uri, "");
		g.cfg.allowed_domains = dup_or(c->allowed_domains, "");
		g.cfg.claim_email = dup_or(c->claim_email, "email");
		g.cfg.claim_name = dup_or(c->claim_name, "name");
		g.cfg.claim_department = dup_or(c->claim_department, "");
		g.cfg.claim_manager = dup_or(c->claim_manager, "");
		g.cfg.break_glass = dup_or(c->break_glass, "");
	}
	g.meta_at = g.keys_at = 0;
	pthread_mutex_unlock(&g.mu);
}

const svc_oidc_config_t *svc_oidc_config(void)
{
	return g.on ? &g.cfg : NULL;
}

bool svc_oidc_password_refused(const char *email)
{
	return g.on && g.cfg.sso_only && !(email && *g.cfg.break_glass && !strcasecmp(email, g.cfg.break_glass));
}

/* ---- the network ---- */

bool svc_oidc_url_allowed(const char *url)
{
	if (!strncasecmp(url, "https://", 8))
		return url[8] != '\0';
	if (strncasecmp(url, "http://", 7))
		return false;
	/* The host, up to the port or the path. */
	const char *h = url + 7, *end;
	char host[64];
	if (*h == '[') {
		end = strchr(h, ']');
		if (!end || (size_t)(end - h - 1) >= sizeof(host))
			return false;
		memcpy(host, h + 1, (size_t)(end - h - 1));
		host[end - h - 1] = '\0';
	} else {
		size_t n = strcspn(h, ":/?#");
		if (n >= sizeof(host))
			return false;
		memcpy(host, h, n);
		host[n] = '\0';
	}
	if (!strcasecmp(host, "localhost"))
		return true;
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

typedef struct body {
	char *p;
	size_t n;
	bool too_big;
} body_t;

static size_t on_data(char *d, size_t size, size_t nmemb, void *ud)
{
	body_t *b = ud;
	size_t n = size * nmemb;
	if (b->n + n > FETCH_MAX) {
		b->too_big = true;
		return 0;
	}
	b->p = xrealloc(b->p, b->n + n + 1);
	memcpy(b->p + b->n, d, n);
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

/* GETs (form NULL) or POSTs a form to url and parses the JSON answer.
 * Returns the HTTP status (0: no answer) and *out the object (NULL when the
 * answer is not a JSON object); *why says what went wrong, never with a
 * secret in it. */
static long fetch(arena_t *a, const char *url, const char *form, const char *authz, const char *bearer,
		  json_t **out, const char **why)
{
	*out = NULL;
	if (!url || !svc_oidc_url_allowed(url)) {
		*why = arena_printf(a, "%s is not https (plain http is allowed only to a loopback address)",
				    url ? url : "(no address)");
		return 0;
	}
	CURL *c = curl_easy_init();
	if (!c) {
		*why = "cannot start an HTTP request";
		return 0;
	}
	body_t b = {0};
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
	char *auth = NULL;
	if (authz) {
		auth = xmalloc(strlen(authz) + 32);
		strcpy(auth, "Authorization: ");
		strcat(auth, authz);
		h = curl_slist_append(h, auth);
	} else if (bearer) {
		auth = xmalloc(strlen(bearer) + 32);
		strcpy(auth, "Authorization: Bearer ");
		strcat(auth, bearer);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)FETCH_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mentord/" MENTORD_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	if (form)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	long status = 0;
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		*why = arena_printf(a, "%s: %s", url, b.too_big ? "answer larger than 1 MiB" : curl_easy_strerror(rc));
	if (rc == CURLE_OK) {
		json_t *j = b.p ? json_loadb(b.p, b.n, 0, NULL) : NULL;
		if (j && json_is_object(j))
			*out = j;
		else {
			json_decref(j);
			*why = arena_printf(a, "%s answered %ld without a JSON object", url, status);
		}
	}
	if (auth) {
		sodium_memzero(auth, strlen(auth));
		free(auth);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	free(b.p);
	return status;
}

static char *jstr_dup(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? xstrdup(v) : NULL;
}

/* Takes discovery document m (its issuer must be ours) at now, under g.mu. */
static int meta_take(arena_t *a, json_t *m, int64_t now, const char **why)
{
	const char *iss = json_string_value(json_object_get(m, "issuer"));
	if (!iss || strcmp(iss, g.cfg.issuer)) {
		*why = arena_printf(a, "discovery names the issuer %s, not %s", iss ? iss : "(none)", g.cfg.issuer);
		return -1;
	}
	if (!json_string_value(json_object_get(m, "authorization_endpoint")) ||
	    !json_string_value(json_object_get(m, "token_endpoint")) ||
	    !json_string_value(json_object_get(m, "jwks_uri"))) {
		*why = "discovery lacks authorization_endpoint, token_endpoint or jwks_uri";
		return -1;
	}
	free(g.authorization_endpoint);
	free(g.token_endpoint);
	free(g.userinfo_endpoint);
	free(g.jwks_uri);
	g.authorization_endpoint = jstr_dup(m, "authorization_endpoint");
	g.token_endpoint = jstr_dup(m, "token_endpoint");
	g.userinfo_endpoint = jstr_dup(m, "userinfo_endpoint");
	g.jwks_uri = jstr_dup(m, "jwks_uri");
	/* client_secret_basic is the default (RFC 8414); post only when the
	 * provider lists post and not basic. */
	json_t *methods = json_object_get(m, "token_endpoint_auth_methods_supported"), *v;
	bool basic = !json_is_array(methods), post = false;
	size_t i;
	json_array_foreach(methods, i, v)
	{
		const char *t = json_string_value(v);
		basic = basic || (t && !strcmp(t, "client_secret_basic"));
		post = post || (t && !strcmp(t, "client_secret_post"));
	}
	g.post_auth = post && !basic;
	g.meta_at = now;
	return 0;
}

/* Discovery, under g.mu: the provider's endpoints from
 * <issuer>/.well-known/openid-configuration, whose issuer must be ours. */
static int load_meta(arena_t *a, int64_t now, const char **why)
{
	if (g.meta_at && now - g.meta_at < META_SECONDS)
		return 0;
	json_t *m;
	const char *url = arena_printf(a, "%s/.well-known/openid-configuration", g.cfg.issuer);
	long st = fetch(a, url, NULL, NULL, NULL, &m, why);
	if (!m || st != 200) {
		if (m)
			*why = arena_printf(a, "%s answered %ld", url, st);
		json_decref(m);
		return -1;
	}
	int rc = meta_take(a, m, now, why);
	json_decref(m);
	return rc;
}

/* Takes key set k (a JWKS: {"keys": [...]}) at now, under g.mu. */
static int keys_take(json_t *k, int64_t now)
{
	json_t *keys = json_object_get(k, "keys");
	if (!json_is_array(keys))
		return -1;
	json_decref(g.keys);
	g.keys = json_incref(keys);
	g.keys_at = now;
	return 0;
}

/* The provider's keys, under g.mu (after load_meta). */
static int load_keys(arena_t *a, int64_t now, bool force, const char **why)
{
	if (g.keys && !force)
		return 0;
	if (g.keys && now - g.keys_at < KEYS_MIN_REFRESH)
		return 0; /* fetched a moment ago: the kid is simply not there */
	json_t *k;
	long st = fetch(a, g.jwks_uri, NULL, NULL, NULL, &k, why);
	if (st != 200 || !k || keys_take(k, now)) {
		if (k)
			*why = arena_printf(a, "%s answered %ld without a key set", g.jwks_uri, st);
		json_decref(k);
		return -1;
	}
	json_decref(k);
	return 0;
}

int svc_oidc_provider_install(arena_t *a, const char *discovery, size_t dn, const char *jwks, size_t jn, int64_t now,
			      const char **why)
{
	json_t *m = json_loadb(discovery, dn, 0, NULL), *k = json_loadb(jwks, jn, 0, NULL);
	int rc = -1;
	*why = "not JSON";
	pthread_mutex_lock(&g.mu);
	if (!g.on)
		*why = "single sign-on is off";
	else if (m && k && meta_take(a, m, now, why) == 0) {
		rc = keys_take(k, now);
		if (rc)
			*why = "the key set has no \"keys\" array";
	}
	pthread_mutex_unlock(&g.mu);
	json_decref(m);
	json_decref(k);
	return rc;
}

int svc_oidc_authorization_endpoint(arena_t *a, const char **out, const char **why)
{
	*out = NULL;
	pthread_mutex_lock(&g.mu);
	int rc = g.on ? load_meta(a, time(NULL), why) : (*why = "single sign-on is off", -1);
	if (rc == 0)
		*out = arena_strdup(a, g.authorization_endpoint);
	pthread_mutex_unlock(&g.mu);
	return rc;
}

int svc_oidc_probe(arena_t *a, svc_oidc_probe_t *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&g.mu);
	int64_t now = time(NULL);
	g.meta_at = g.keys_at = 0;
	int rc = g.on ? load_meta(a, now, why) : (*why = "single sign-on is off (oidc_issuer is not set)", -1);
	if (rc == 0)
		rc = load_keys(a, now, true, why);
	if (rc == 0) {
		out->authorization_endpoint = arena_strdup(a, g.authorization_endpoint);
		out->token_endpoint = arena_strdup(a, g.token_endpoint);
		out->userinfo_endpoint = arena_strdup(a, g.userinfo_endpoint);
		out->jwks_uri = arena_strdup(a, g.jwks_uri);
		out->post_auth = g.post_auth;
		json_t *k;
		size_t i;
		json_array_foreach(g.keys, i, k)
		{
			const char *t = json_string_value(json_object_get(k, "kty"));
			const char *use = json_string_value(json_object_get(k, "use"));
			if (t && (!strcmp(t, "RSA") || !strcmp(t, "EC")) && (!use || !strcmp(use, "sig")))
				out->keys++;
		}
	}
	pthread_mutex_unlock(&g.mu);
	return rc;
}

void svc_oidc_pkce_challenge(const char *verifier, char out[48])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	sodium_bin2base64(out, 48, h, sizeof(h), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* ---- the ID token ---- */

/* Decodes one base64url part of a compact JWT into a JSON object. */
static json_t *part_json(const char *p, size_t n)
{
	size_t cap = n, len = 0;
	unsigned char *raw = xmalloc(cap + 1);
	json_t *j = NULL;
	if (sodium_base642bin(raw, cap, p, n, NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0)
		j = json_loadb((const char *)raw, len, 0, NULL);
	free(raw);
	if (j && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

/* The key type an algorithm needs; NULL for an algorithm mentord refuses
 * (none, and HMAC, whose key would be the client secret: the provider's
 * published keys are what an ID token must be signed with). */
static const char *alg_kty(const char *alg)
{
	static const char *const rsa[] = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"};
	static const char *const ec[] = {"ES256", "ES384", "ES512"};
	for (size_t i = 0; alg && i < sizeof(rsa) / sizeof(rsa[0]); i++)
		if (!strcmp(alg, rsa[i]))
			return "RSA";
	for (size_t i = 0; alg && i < sizeof(ec) / sizeof(ec[0]); i++)
		if (!strcmp(alg, ec[i]))
			return "EC";
	return NULL;
}

/* The signing key for (kid, alg) in the cache, or NULL: the kid when the
 * token names one, else the only key of the right type. A key published
 * for encryption only, or for another algorithm, is never used. */
static json_t *find_key(const char *kid, const char *alg, const char *kty)
{
	json_t *k, *found = NULL;
	size_t i;
	int n = 0;
	json_array_foreach(g.keys, i, k)
	{
		const char *t = json_string_value(json_object_get(k, "kty"));
		const char *use = json_string_value(json_object_get(k, "use"));
		const char *kalg = json_string_value(json_object_get(k, "alg"));
		const char *kkid = json_string_value(json_object_get(k, "kid"));
		if (!t || strcmp(t, kty) || (use && strcmp(use, "sig")) || (kalg && strcmp(kalg, alg)))
			continue;
		if (kid && (!kkid || strcmp(kid, kkid)))
			continue;
		found = k;
		n++;
	}
	return n == 1 || (kid && n) ? found : NULL;
}

static bool aud_ok(json_t *claims, const char *client_id)
{
	json_t *aud = json_object_get(claims, "aud"), *v, *azp_claim = json_object_get(claims, "azp");
	/* An authorized party, when named, must be us, whatever the audience. */
	if (azp_claim && (!json_is_string(azp_claim) || strcmp(json_string_value(azp_claim), client_id)))
		return false;
	if (json_is_string(aud))
		return !strcmp(json_string_value(aud), client_id);
	if (!json_is_array(aud))
		return false;
	bool mine = false;
	size_t i;
	json_array_foreach(aud, i, v)
	{
		const char *s = json_string_value(v);
		mine = mine || (s && !strcmp(s, client_id));
	}
	/* Several audiences: the authorized party must be us (OIDC Core 3.1.3.7). */
	const char *azp = json_string_value(json_object_get(claims, "azp"));
	if (mine && json_array_size(aud) > 1)
		return azp && !strcmp(azp, client_id);
	return mine && (!azp || !strcmp(azp, client_id));
}

/* The claims' checks after the signature: iss, aud, exp, iat, nonce. */
static svc_oidc_fail_t check_claims(arena_t *a, json_t *c, const char *nonce, int64_t now, const char **why)
{
	const char *iss = json_string_value(json_object_get(c, "iss"));
	const char *sub = json_string_value(json_object_get(c, "sub"));
	const char *tn = json_string_value(json_object_get(c, "nonce"));
	json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
	if (!iss || strcmp(iss, g.cfg.issuer))
		return *why = arena_printf(a, "the ID token was issued by %s, not %s", iss ? iss : "nobody", g.cfg.issuer),
		       OIDC_BAD_ISSUER;
	if (!aud_ok(c, g.cfg.client_id))
		return *why = "the ID token is meant for another application (its audience is not this client id)",
		       OIDC_BAD_AUDIENCE;
	if (!json_is_number(exp) || json_number_value(exp) + SKEW < (double)now)
		return *why = "the ID token has expired", OIDC_EXPIRED;
	if (!json_is_number(iat) || json_number_value(iat) > (double)(now + SKEW) ||
	    json_number_value(iat) + IAT_MAX_AGE + SKEW < (double)now)
		return *why = "the ID token was not issued just now (iat)", OIDC_EXPIRED;
	if (!tn || !nonce || strlen(tn) != strlen(nonce) || sodium_memcmp(tn, nonce, strlen(nonce)) != 0)
		return *why = "the ID token belongs to another sign-in (its nonce is not this one's): replayed",
		       OIDC_BAD_NONCE;
	if (!sub || !*sub)
		return *why = "the ID token names no subject", OIDC_MALFORMED;
	return OIDC_OK;
}

/* Whether p[0..n) is base64url without padding that decodes whole: its
 * alphabet only, and a length that is not 1 more than a multiple of 4 (no
 * byte ends there). cjose 0.6 asserts rather than refusing when padding
 * leaves a lone character (base64.c: "shift != 1"), so whatever the
 * provider sends is checked here first; JWS and JWK never pad (RFC 7515
 * section 2). */
static bool b64url_ok(const char *p, size_t n)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	if (n % 4 == 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!p[i] || !strchr(alphabet, p[i]))
			return false;
	return true;
}

/* Whether every member cjose decodes from base64url in key jwk (RFC 7518
 * section 6: RSA's n, e and private parts, EC's x, y and d, oct's k) is
 * well-formed, when present. */
static bool jwk_ok(json_t *jwk)
{
	static const char *const b64[] = {"n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y", "k"};
	for (size_t i = 0; i < sizeof(b64) / sizeof(b64[0]); i++) {
		json_t *v = json_object_get(jwk, b64[i]);
		if (v && (!json_is_string(v) || !b64url_ok(json_string_value(v), json_string_length(v))))
			return false;
	}
	return true;
}

/* The signature of compact with the key jwk (a JWK object). */
static bool signature_ok(const char *compact, json_t *jwk)
{
	const char *sig = strrchr(compact, '.') + 1;
	if (!jwk_ok(jwk) || !b64url_ok(sig, strlen(sig)))
		return false;
	char *text = json_dumps(jwk, JSON_COMPACT);
	cjose_err err;
	cjose_jwk_t *k = text ? cjose_jwk_import(text, strlen(text), &err) : NULL;
	cjose_jws_t *jws = k ? cjose_jws_import(compact, strlen(compact), &err) : NULL;
	bool ok = jws && cjose_jws_verify(jws, k, &err);
	cjose_jws_release(jws);
	cjose_jwk_release(k);
	free(text);
	return ok;
}

svc_oidc_fail_t svc_oidc_verify(arena_t *a, const char *id_token, const char *nonce, int64_t now,
				json_t **claims, const char **why)
{
	*claims = NULL;
	const char *d1 = strchr(id_token, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || strchr(d2 + 1, '.'))
		return *why = "the ID token is not a signed JWT", OIDC_MALFORMED;
	json_t *head = part_json(id_token, (size_t)(d1 - id_token));
	json_t *body = part_json(d1 + 1, (size_t)(d2 - d1 - 1));
	svc_oidc_fail_t f = OIDC_OK;
	const char *alg = json_string_value(json_object_get(head, "alg"));
	const char *kid = json_string_value(json_object_get(head, "kid"));
	const char *kty = alg_kty(alg);
	if (!head || !body) {
		*why = "the ID token's parts are not JSON";
		f = OIDC_MALFORMED;
	} else if (!kty) {
		*why = arena_printf(a, "the ID token is signed with %s; mentord takes RS, PS or ES signatures",
				    alg ? alg : "nothing");
		f = OIDC_BAD_SIGNATURE;
	}
	if (f == OIDC_OK) {
		pthread_mutex_lock(&g.mu);
		json_t *k = NULL;
		if (!g.on)
			*why = "single sign-on is off", f = OIDC_UNREACHABLE;
		else if (load_meta(a, now, why) || load_keys(a, now, false, why))
			f = OIDC_UNREACHABLE;
		else if (!(k = find_key(kid, alg, kty)) && load_keys(a, now, true, why) == 0)
			k = find_key(kid, alg, kty); /* a new key: the provider rotated */
		if (f == OIDC_OK && !k) {
			*why = arena_printf(a, "the ID token is signed with a key the provider does not publish (kid %s)",
					    kid ? kid : "none");
			f = OIDC_UNKNOWN_KEY;
		}
		if (f == OIDC_OK && !signature_ok(id_token, k)) {
			*why = "the ID token's signature does not verify with the provider's key";
			f = OIDC_BAD_SIGNATURE;
		}
		if (f == OIDC_OK)
			f = check_claims(a, body, nonce, now, why);
		pthread_mutex_unlock(&g.mu);
	}
	json_decref(head);
	if (f == OIDC_OK)
		*claims = body;
	else
		json_decref(body);
	return f;
}

/* ---- the token endpoint ---- */

static char *esc(CURL *c, const char *s)
{
	return curl_easy_escape(c, s ? s : "", 0);
}

/* The form of the code exchange and, for client_secret_basic, the
 * Authorization value (RFC 6749 2.3.1: id and secret form-encoded first). */
static void exchange_form(arena_t *a, const char *code, const char *verifier, bool post_auth, const char **form,
			  const char **authz)
{
	CURL *c = curl_easy_init();
	char *ec = esc(c, code), *ev = esc(c, verifier), *er = esc(c, g.cfg.redirect_uri),
	     *ei = esc(c, g.cfg.client_id), *es = esc(c, g.cfg.client_secret);
	bool secret = *g.cfg.client_secret;
	*form = arena_printf(a, "grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s&client_id=%s%s%s",
			     ec, er, ev, ei, secret && post_auth ? "&client_secret=" : "",
			     secret && post_auth ? es : "");
	*authz = NULL;
	if (secret && !post_auth) {
		const char *pair = arena_printf(a, "%s:%s", ei, es);
		size_t n = sodium_base64_ENCODED_LEN(strlen(pair), sodium_base64_VARIANT_ORIGINAL);
		char *b64 = arena_alloc(a, n);
		sodium_bin2base64(b64, n, (const unsigned char *)pair, strlen(pair), sodium_base64_VARIANT_ORIGINAL);
		*authz = arena_printf(a, "Basic %s", b64);
	}
	curl_free(ec);
	curl_free(ev);
	curl_free(er);
	curl_free(ei);
	curl_free(es);
	curl_easy_cleanup(c);
}

/* Fills the claims the ID token lacks from the userinfo endpoint, when
 * the provider has one (Okta's ID tokens carry few claims); its subject
 * must be the token's. Failures leave the claims as they are. */
static void add_userinfo(arena_t *a, const char *endpoint, const char *access_token, json_t *claims)
{
	json_t *u = NULL;
	const char *why = NULL;
	if (!endpoint || !access_token)
		return;
	long st = fetch(a, endpoint, NULL, NULL, access_token, &u, &why);
	const char *sub = json_string_value(json_object_get(u, "sub"));
	const char *mine = json_string_value(json_object_get(claims, "sub"));
	if (st == 200 && sub && mine && !strcmp(sub, mine))
		json_object_update_missing(claims, u);
	json_decref(u);
}

svc_oidc_fail_t svc_oidc_exchange(arena_t *a, const char *code, const char *verifier, const char *nonce,
				  int64_t now, json_t **claims, const char **why)
{
	*claims = NULL;
	const char *token_endpoint = NULL, *userinfo = NULL, *form, *authz;
	pthread_mutex_lock(&g.mu);
	int rc = g.on ? load_meta(a, now, why) : (*why = "single sign-on is off", -1);
	if (rc == 0) {
		token_endpoint = arena_strdup(a, g.token_endpoint);
		userinfo = g.userinfo_endpoint ? arena_strdup(a, g.userinfo_endpoint) : NULL;
		exchange_form(a, code, verifier, g.post_auth, &form, &authz);
	}
	pthread_mutex_unlock(&g.mu);
	if (rc)
		return OIDC_UNREACHABLE;
	json_t *t = NULL;
	long st = fetch(a, token_endpoint, form, authz, NULL, &t, why);
	if (!t) {
		return OIDC_UNREACHABLE;
	}
	const char *id_token = json_string_value(json_object_get(t, "id_token"));
	const char *access = json_string_value(json_object_get(t, "access_token"));
	svc_oidc_fail_t f;
	if (st != 200) {
		const char *e = json_string_value(json_object_get(t, "error"));
		const char *d = json_string_value(json_object_get(t, "error_description"));
		*why = arena_printf(a, "the token endpoint refused the code (%ld %s%s%s)", st, e ? e : "",
				    d ? ": " : "", d ? d : "");
		f = OIDC_REFUSED;
	} else if (!id_token) {
		*why = "the token endpoint gave no ID token (is the openid scope asked for?)";
		f = OIDC_MALFORMED;
	} else {
		f = svc_oidc_verify(a, id_token, nonce, now, claims, why);
		if (f == OIDC_OK)
			add_userinfo(a, userinfo, access, *claims);
	}
	json_decref(t);
	return f;
}
