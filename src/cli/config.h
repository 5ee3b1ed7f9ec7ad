/* Settings for every subcommand, from (weakest first) built-in defaults, an
 * INI file (--config FILE or MENTORD_CONFIG), the environment (MENTORD_DB,
 * MENTORD_LISTEN, ...) and command-line flags. */
#ifndef MENTORD_CONFIG_H
#define MENTORD_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

typedef struct config {
	const char *db;          /* db / MENTORD_DB: sqlite:PATH or a path, or postgres://... */
	const char *db_shown;    /* db with any password as "***", for messages */
	const char *listen;      /* listen / MENTORD_LISTEN */
	int threads;             /* threads / MENTORD_THREADS */
	size_t max_body;         /* max_body / MENTORD_MAX_BODY (bytes) */
	bool secure_cookies;     /* secure_cookies / MENTORD_SECURE_COOKIES */
	bool access_log;         /* access_log / MENTORD_ACCESS_LOG */
	int per_ip_connections;  /* per_ip_connections / MENTORD_PER_IP_CONNECTIONS (0 = no limit) */
	int request_timeout;     /* request_timeout / MENTORD_REQUEST_TIMEOUT (seconds) */
	const char *pw_cost;     /* pw_cost / MENTORD_PW_COST: interactive|moderate|min */
	/* Mail and calendar (src/notify): */
	const char *smtp_url;      /* smtp_url / MENTORD_SMTP_URL: smtp://host:587, smtps://host:465; unset = queue only */
	const char *smtp_user;     /* smtp_user / MENTORD_SMTP_USER */
	const char *smtp_password; /* smtp_password / MENTORD_SMTP_PASSWORD */
	const char *smtp_tls;      /* smtp_tls / MENTORD_SMTP_TLS: auto|starttls|off */
	int smtp_timeout;          /* smtp_timeout / MENTORD_SMTP_TIMEOUT (seconds) */
	const char *mail_from;     /* mail_from / MENTORD_MAIL_FROM */
	const char *base_url;      /* base_url / MENTORD_BASE_URL: links in mail and feed URLs */
	/* trusted_proxies / MENTORD_TRUSTED_PROXIES: addresses and ranges of the
	 * reverse proxies whose X-Forwarded-For is believed ("" = none). */
	const char *trusted_proxies;
	/* Single sign-on through OpenID Connect (docs/sso.md); off without an issuer. */
	const char *oidc_issuer;           /* oidc_issuer / MENTORD_OIDC_ISSUER: https://... */
	const char *oidc_client_id;        /* oidc_client_id / MENTORD_OIDC_CLIENT_ID */
	/* The client secret: the file oidc_client_secret_file names (its first
	 * line), or MENTORD_OIDC_CLIENT_SECRET; never in the INI file itself,
	 * never printed. */
	const char *oidc_client_secret_file;
	const char *oidc_client_secret;
	const char *oidc_provider_name;    /* "Sign in with <name>" */
	const char *oidc_scopes;           /* openid email profile */
	const char *oidc_allowed_domains;  /* "example.org, example.com"; "" = any */
	const char *oidc_claim_email, *oidc_claim_name, *oidc_claim_department, *oidc_claim_manager;
	bool oidc_jit;                     /* accounts made at the first sign-in */
	bool oidc_sso_only;                /* passwords off except oidc_break_glass's */
	const char *oidc_break_glass;      /* an administrator's email */
	char **owned;              /* copies of strings read from files, env and flags */
	int nowned, capowned;
} config_t;

void config_defaults(config_t *c);
/* Loads an INI file; on error prints "FILE:LINE: message" and returns -1. */
int config_load_file(config_t *c, const char *path);
/* Applies MENTORD_* variables; on a bad value prints it and returns -1. */
int config_load_env(config_t *c);
/* Sets one key ("db", "listen", ...); -1 with *why on an unknown key or bad value. */
int config_set(config_t *c, const char *key, const char *value, const char **why);
/* Frees the strings the config copied. */
void config_free(config_t *c);
/* Reads the client secret from oidc_client_secret_file when set (the
 * environment's MENTORD_OIDC_CLIENT_SECRET wins) and checks that single
 * sign-on's settings go together; prints why and returns -1 if not. */
int config_oidc_finish(config_t *c);
/* Argon2id cost for the chosen pw_cost. */
void config_pw_limits(const config_t *c, unsigned long long *ops, size_t *mem);

#endif
