/* mentord sso check: asks the identity provider the settings name for its
 * discovery document and its keys, as a sign-in would, and prints what it
 * found and the redirect URI to register there; so a setup is checked on the
 * server machine before anyone clicks "Sign in with". Never prints the
 * client secret (only whether there is one). */
#include "cli/cli.h"
#include "core/arena.h"
#include "svc/oidc.h"

#include <curl/curl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: mentord sso check [--config FILE]\n"
	"\n"
	"Checks single sign-on's settings (oidc_issuer, oidc_client_id, the secret, see\n"
	"docs/sso.md): fetches the provider's discovery document and keys and prints\n"
	"its endpoints, how many signing keys it publishes and the redirect URI to\n"
	"register at the provider. Exits 1 when the provider does not answer well.\n";

int cmd_sso(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return 2;
		if (c)
			continue;
		fputs(usage, opt == 'h' ? stdout : stderr);
		return opt == 'h' ? 0 : 2;
	}
	if (optind >= argc || strcmp(argv[optind], "check")) {
		fputs(usage, stderr);
		return 2;
	}
	if (cli_sso_configure(cfg) != 0)
		return 2;
	const svc_oidc_config_t *c = svc_oidc_config();
	if (!c) {
		fprintf(stderr, "mentord sso: single sign-on is off: set oidc_issuer and oidc_client_id\n");
		return 1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	arena_t *a = arena_new();
	svc_oidc_probe_t p;
	const char *why = NULL;
	int rc = svc_oidc_probe(a, &p, &why);
	printf("issuer                 %s\n", c->issuer);
	printf("client id              %s\n", c->client_id);
	printf("client secret          %s\n", *c->client_secret ? "set" : "none (a public client: PKCE only)");
	printf("redirect URI           %s   (register it at the provider)\n", c->redirect_uri);
	if (rc == 0) {
		printf("authorization endpoint %s\n", p.authorization_endpoint);
		printf("token endpoint         %s (secret sent %s)\n", p.token_endpoint,
		       p.post_auth ? "in the form" : "as HTTP Basic");
		printf("userinfo endpoint      %s\n", p.userinfo_endpoint ? p.userinfo_endpoint : "none");
		printf("keys                   %s: %d signing key%s\n", p.jwks_uri, p.keys, p.keys == 1 ? "" : "s");
		if (!p.keys) {
			fprintf(stderr, "mentord sso: the provider publishes no RSA or EC signing key\n");
			rc = -1;
		}
	} else {
		fprintf(stderr, "mentord sso: %s\n", why);
	}
	arena_free(a);
	svc_oidc_configure(NULL);
	curl_global_cleanup();
	return rc == 0 ? 0 : 1;
}
