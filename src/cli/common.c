/* Helpers every subcommand shares: common options, opening the database
 * with migrations applied, reading a password. */
#include "cli/cli.h"
#include "core/cidr.h"
#include "core/xalloc.h"
#include "http/auth.h"
#include "store/store.h"
#include "svc/oidc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_common_opt(config_t *cfg, int opt, const char *arg)
{
	const char *why;
	switch (opt) {
	case 'D':
		if (config_set(cfg, "db", arg, &why) != 0) {
			fprintf(stderr, "mentord: --db: %s\n", why);
			return -1;
		}
		return 1;
	case 'C':
		return 1; /* loaded before everything else */
	default:
		return 0;
	}
}

int cli_sso_configure(config_t *cfg)
{
	if (config_oidc_finish(cfg) != 0)
		return -1;
	if (!cfg->oidc_issuer) {
		svc_oidc_configure(NULL);
		return 0;
	}
	arena_t *a = arena_new();
	const char *base = cfg->base_url ? cfg->base_url : arena_printf(a, "http://%s", cfg->listen);
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	svc_oidc_config_t oc = {
		.issuer = cfg->oidc_issuer, .client_id = cfg->oidc_client_id, .client_secret = cfg->oidc_client_secret,
		.provider_name = cfg->oidc_provider_name, .scopes = cfg->oidc_scopes,
		.redirect_uri = arena_printf(a, "%.*s/login/sso/callback", (int)n, base),
		.allowed_domains = cfg->oidc_allowed_domains, .claim_email = cfg->oidc_claim_email,
		.claim_name = cfg->oidc_claim_name, .claim_department = cfg->oidc_claim_department,
		.claim_manager = cfg->oidc_claim_manager, .jit = cfg->oidc_jit, .sso_only = cfg->oidc_sso_only,
		.break_glass = cfg->oidc_break_glass};
	svc_oidc_configure(&oc); /* copies what it keeps */
	arena_free(a);
	return 0;
}

char *cli_read_password(void)
{
	char line[1100];
	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}

int cli_open(const config_t *cfg, app_t *app, int pool_size)
{
	char *err = NULL;
	memset(app, 0, sizeof(*app));
	app->listen = cfg->listen;
	app->threads = cfg->threads;
	app->max_body = cfg->max_body;
	app->secure_cookies = cfg->secure_cookies;
	app->access_log = cfg->access_log;
	app->per_ip_connections = cfg->per_ip_connections;
	app->request_timeout = cfg->request_timeout;
	app->base_url = cfg->base_url;
	const char *why = NULL;
	if (!cidr_list_parse(cfg->trusted_proxies ? cfg->trusted_proxies : "", &app->trusted_proxies, &why)) {
		fprintf(stderr, "mentord: trusted_proxies: %s\n", why);
		return -1;
	}
	config_pw_limits(cfg, &app->pw_ops, &app->pw_mem);
	cli_notify_configure(cfg);
	if (auth_init() != 0) {
		fprintf(stderr, "mentord: cannot initialise libsodium\n");
		return -1;
	}
	if (db_pool_open(cfg->db, pool_size, &app->pool, &err) != DB_OK) {
		fprintf(stderr, "mentord: cannot open database %s: %s\n", cfg->db_shown, err);
		free(err);
		return -1;
	}
	db_t *db = db_pool_acquire(app->pool);
	int st = store_migrate(db, &err);
	db_pool_release(app->pool, db);
	if (st != DB_OK) {
		fprintf(stderr, "mentord: migrating %s failed: %s\n", cfg->db_shown, err ? err : "unknown error");
		free(err);
		db_pool_close(app->pool);
		return -1;
	}
	return 0;
}

void cli_close(app_t *app)
{
	db_pool_close(app->pool);
	app->pool = NULL;
}

