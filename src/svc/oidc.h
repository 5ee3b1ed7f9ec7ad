/* The OpenID Connect relying party (svc/oidc.c): the identity provider's
 * settings, its metadata from discovery, its signing keys (JWKS) cached and
 * fetched again when a token names a key not seen yet, the authorization
 * code exchanged at the token endpoint, and the ID token checked (signature
 * with cjose, iss, aud, azp, exp, iat, nonce). Everything on the network goes
 * through libcurl with TLS verified; plain http is refused except to a
 * loopback address (the tests' provider). svc/sso.c turns a checked token
 * into an account and a session. */
#ifndef MENTORD_SVC_OIDC_H
#define MENTORD_SVC_OIDC_H
#include "svc/svc.h"

#include <jansson.h>
#include <stdbool.h>

/* The settings (README, docs/sso.md); strings are copied. */
typedef struct svc_oidc_config {
	const char *issuer;          /* NULL or "": single sign-on is off */
	const char *client_id;
	const char *client_secret;   /* NULL or "": a public client (PKCE only) */
	const char *provider_name;   /* "Sign in with <provider_name>" */
	const char *scopes;          /* "openid email profile" */
	const char *redirect_uri;    /* base_url + "/login/sso/callback" */
	const char *allowed_domains; /* "example.org, example.com"; "": any */
	const char *claim_email, *claim_name, *claim_department, *claim_manager; /* "" = not mapped */
	bool jit;                    /* make an account at the first sign-in */
	bool sso_only;               /* passwords refused, except break_glass's */
	const char *break_glass;     /* the administrator who may still use a password */
} svc_oidc_config_t;

/* Installs the settings (once, before the server starts; NULL or an
 * issuer-less config turns single sign-on off). */
void svc_oidc_configure(const svc_oidc_config_t *c);
/* The settings in force, or NULL when single sign-on is off. */
const svc_oidc_config_t *svc_oidc_config(void);
/* Whether passwords are refused for email: sso_only, and email is not the
 * break-glass administrator's (svc/auth.c asks before any password check). */
bool svc_oidc_password_refused(const char *email);
/* Whether url may be fetched: https, or http to a loopback address. */
bool svc_oidc_url_allowed(const char *url);

/* Why a sign-in failed, for the page that says so. */
typedef enum svc_oidc_fail {
	OIDC_OK = 0,
	OIDC_UNREACHABLE,  /* discovery, keys or token endpoint did not answer well */
	OIDC_REFUSED,      /* the token endpoint refused the code */
	OIDC_MALFORMED,    /* not a signed JWT, or claims that are not JSON */
	OIDC_BAD_SIGNATURE,
	OIDC_UNKNOWN_KEY,  /* signed with a key the provider does not publish */
	OIDC_BAD_ISSUER,
	OIDC_BAD_AUDIENCE,
	OIDC_EXPIRED,      /* exp passed, or iat too old or in the future */
	OIDC_BAD_NONCE,    /* another sign-in's token: replayed */
} svc_oidc_fail_t;

/* The authorization endpoint from discovery (arena copy), or NULL with *why. */
int svc_oidc_authorization_endpoint(arena_t *a, const char **out, const char **why);
/* Exchanges code (with the PKCE verifier) at the token endpoint and checks
 * the ID token against nonce at time now. On OIDC_OK *claims holds the ID
 * token's claims, completed by the userinfo endpoint's where the ID token
 * lacks one (same subject only); the caller json_decref()s it. *why says
 * what went wrong in words for the log and the page. */
svc_oidc_fail_t svc_oidc_exchange(arena_t *a, const char *code, const char *verifier, const char *nonce,
				  int64_t now, json_t **claims, const char **why);
/* Checks a compact ID token against the cached keys (fetched again once on
 * an unknown kid), the issuer, the client id, nonce and now. */
svc_oidc_fail_t svc_oidc_verify(arena_t *a, const char *id_token, const char *nonce, int64_t now,
				json_t **claims, const char **why);
/* What the provider answers now (mentord sso check): discovery and the
 * keys fetched afresh; the endpoints (arena copies) and how many signing
 * keys mentord can use. -1 with *why when something does not answer. */
typedef struct svc_oidc_probe {
	const char *authorization_endpoint, *token_endpoint, *userinfo_endpoint, *jwks_uri;
	int keys;        /* RSA or EC keys for signatures */
	bool post_auth;  /* the secret goes in the form (client_secret_post) */
} svc_oidc_probe_t;
int svc_oidc_probe(arena_t *a, svc_oidc_probe_t *out, const char **why);
/* Installs the provider's discovery document and key set (JSON texts) as
 * if fetched at now, so that nothing is fetched for a while: the fuzz
 * targets' way to check ID tokens and key sets without a network. -1 with
 * *why when single sign-on is off or either is not what a provider
 * publishes (the issuer must be the configured one). */
int svc_oidc_provider_install(arena_t *a, const char *discovery, size_t dn, const char *jwks, size_t jn, int64_t now,
			      const char **why);
/* PKCE (RFC 7636): the S256 challenge of verifier (43 characters + NUL). */
void svc_oidc_pkce_challenge(const char *verifier, char out[48]);

#endif
