/* Configuration loading; see config.h. Values read from files and the
 * environment are copied, so a config outlives its sources. */
#include "cli/config.h"
#include "core/cidr.h"
#include "core/xalloc.h"
#include "store/db.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void config_defaults(config_t *c)
{
	c->owned = NULL;
	c->nowned = c->capowned = 0;
	c->db = c->db_shown = "mentord.db";
	c->listen = "127.0.0.1:8080";
	c->threads = 4;
	c->max_body = 4 * 1024 * 1024;
	c->secure_cookies = false;
	c->access_log = true;
	c->per_ip_connections = 64;
	c->request_timeout = 10;
	c->pw_cost = "interactive";
	c->smtp_url = NULL;
	c->smtp_user = NULL;
	c->smtp_password = NULL;
	c->smtp_tls = "auto";
	c->smtp_timeout = 60;
	c->mail_from = "mentord@localhost";
	c->base_url = NULL; /* http://<listen> */
	c->trusted_proxies = "";
	c->oidc_issuer = c->oidc_client_id = c->oidc_client_secret_file = c->oidc_client_secret = NULL;
	c->oidc_provider_name = "single sign-on";
	c->oidc_scopes = "openid email profile";
	c->oidc_allowed_domains = "";
	c->oidc_claim_email = "email";
	c->oidc_claim_name = "name";
	c->oidc_claim_department = "";
	c->oidc_claim_manager = "";
	c->oidc_jit = true;
	c->oidc_sso_only = false;
	c->oidc_break_glass = "";
}

static bool parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"))
		*out = true;
	else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off"))
		*out = false;
	else
		return false;
	return true;
}

static bool parse_long(const char *v, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < min || x > max)
		return false;
	*out = x;
	return true;
}

/* Keeps a copy of v that lives until config_free. A setting given again
 * keeps its old copy too (a caller may still hold it), however many. */
static const char *own(config_t *c, const char *v)
{
	char *s = xstrdup(v);
	if (c->nowned == c->capowned) {
		c->capowned = c->capowned ? c->capowned * 2 : 16;
		c->owned = xrealloc(c->owned, sizeof(*c->owned) * (size_t)c->capowned);
	}
	c->owned[c->nowned++] = s;
	return s;
}

void config_free(config_t *c)
{
	for (int i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	free(c->owned);
	c->owned = NULL;
	c->nowned = c->capowned = 0;
}

/* A claim's name: letters, digits and the punctuation claim names use. */
static bool claim_name_ok(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-.:/", *p))
			return false;
	return strlen(v) <= 100;
}

/* The single sign-on settings (oidc_ prefix taken off). */
static int oidc_set(config_t *c, const char *key, const char *value, const char **why)
{
	static const struct {
		const char *key;
		size_t off;
	} claims[] = {
		{"claim_email", offsetof(config_t, oidc_claim_email)},
		{"claim_name", offsetof(config_t, oidc_claim_name)},
		{"claim_department", offsetof(config_t, oidc_claim_department)},
		{"claim_manager", offsetof(config_t, oidc_claim_manager)},
	};
	for (size_t i = 0; i < sizeof(claims) / sizeof(claims[0]); i++) {
		if (strcmp(key, claims[i].key))
			continue;
		if (!claim_name_ok(value))
			return *why = "a claim's name is letters, digits and _-.:/ (at most 100), or empty for none", -1;
		*(const char **)((char *)c + claims[i].off) = own(c, value);
		return 0;
	}
	if (!strcmp(key, "issuer")) {
		if (*value && strncmp(value, "https://", 8) && strncmp(value, "http://", 7))
			return *why = "oidc_issuer must be an https:// address (http:// only to a loopback address)", -1;
		c->oidc_issuer = *value ? own(c, value) : NULL;
	} else if (!strcmp(key, "client_id")) {
		c->oidc_client_id = *value ? own(c, value) : NULL;
	} else if (!strcmp(key, "client_secret_file")) {
		c->oidc_client_secret_file = *value ? own(c, value) : NULL;
	} else if (!strcmp(key, "client_secret")) {
		return *why = "the client secret goes in a file named by oidc_client_secret_file, or in "
			      "MENTORD_OIDC_CLIENT_SECRET, never in the settings", -1;
	} else if (!strcmp(key, "provider_name")) {
		if (!*value || strlen(value) > 60 || strpbrk(value, "\r\n\t"))
			return *why = "oidc_provider_name must be one line of 1 to 60 characters", -1;
		c->oidc_provider_name = own(c, value);
	} else if (!strcmp(key, "scopes")) {
		if (!strstr(value, "openid") || strpbrk(value, "\r\n\t\"&#"))
			return *why = "oidc_scopes must include openid (space-separated scopes)", -1;
		c->oidc_scopes = own(c, value);
	} else if (!strcmp(key, "allowed_domains")) {
		if (strpbrk(value, "@\r\n\t"))
			return *why = "oidc_allowed_domains lists domains such as example.org, example.com", -1;
		c->oidc_allowed_domains = own(c, value);
	} else if (!strcmp(key, "jit")) {
		if (!parse_bool(value, &c->oidc_jit))
			return *why = "oidc_jit must be true or false", -1;
	} else if (!strcmp(key, "sso_only")) {
		if (!parse_bool(value, &c->oidc_sso_only))
			return *why = "oidc_sso_only must be true or false", -1;
	} else if (!strcmp(key, "break_glass")) {
		if (*value && !strchr(value, '@'))
			return *why = "oidc_break_glass must be an administrator's email", -1;
		c->oidc_break_glass = own(c, value);
	} else {
		return *why = "unknown setting", -1;
	}
	return 0;
}

int config_set(config_t *c, const char *key, const char *value, const char **why)
{
	long n;
	if (!strcmp(key, "db")) {
		if (!*value)
			return *why = "db must not be empty", -1;
		c->db = own(c, value);
		char *shown = db_url_redacted(value);
		c->db_shown = own(c, shown);
		free(shown);
	} else if (!strcmp(key, "listen")) {
		if (!strchr(value, ':'))
			return *why = "listen must be HOST:PORT", -1;
		c->listen = own(c, value);
	} else if (!strcmp(key, "threads")) {
		if (!parse_long(value, 1, 256, &n))
			return *why = "threads must be a number from 1 to 256", -1;
		c->threads = (int)n;
	} else if (!strcmp(key, "max_body")) {
		if (!parse_long(value, 1024, 256L * 1024 * 1024, &n))
			return *why = "max_body must be bytes from 1024 to 268435456", -1;
		c->max_body = (size_t)n;
	} else if (!strcmp(key, "secure_cookies")) {
		if (!parse_bool(value, &c->secure_cookies))
			return *why = "secure_cookies must be true or false", -1;
	} else if (!strcmp(key, "access_log")) {
		if (!parse_bool(value, &c->access_log))
			return *why = "access_log must be true or false", -1;
	} else if (!strcmp(key, "per_ip_connections")) {
		if (!parse_long(value, 0, 100000, &n))
			return *why = "per_ip_connections must be a number from 0 (no limit) to 100000", -1;
		c->per_ip_connections = (int)n;
	} else if (!strcmp(key, "request_timeout")) {
		if (!parse_long(value, 1, 3600, &n))
			return *why = "request_timeout must be seconds from 1 to 3600", -1;
		c->request_timeout = (int)n;
	} else if (!strcmp(key, "pw_cost")) {
		if (strcmp(value, "interactive") && strcmp(value, "moderate") && strcmp(value, "min"))
			return *why = "pw_cost must be interactive, moderate or min", -1;
		c->pw_cost = own(c, value);
	} else if (!strcmp(key, "smtp_url")) {
		if (*value && strncmp(value, "smtp://", 7) && strncmp(value, "smtps://", 8))
			return *why = "smtp_url must start with smtp:// or smtps://", -1;
		c->smtp_url = *value ? own(c, value) : NULL;
	} else if (!strcmp(key, "smtp_user")) {
		c->smtp_user = *value ? own(c, value) : NULL;
	} else if (!strcmp(key, "smtp_password")) {
		c->smtp_password = own(c, value);
	} else if (!strcmp(key, "smtp_tls")) {
		if (strcmp(value, "auto") && strcmp(value, "starttls") && strcmp(value, "off"))
			return *why = "smtp_tls must be auto, starttls or off", -1;
		c->smtp_tls = own(c, value);
	} else if (!strcmp(key, "smtp_timeout")) {
		if (!parse_long(value, 1, 600, &n))
			return *why = "smtp_timeout must be seconds from 1 to 600", -1;
		c->smtp_timeout = (int)n;
	} else if (!strcmp(key, "mail_from")) {
		if (!strchr(value, '@') || strpbrk(value, "\r\n"))
			return *why = "mail_from must be an email address", -1;
		c->mail_from = own(c, value);
	} else if (!strcmp(key, "base_url")) {
		if (strncmp(value, "http://", 7) && strncmp(value, "https://", 8))
			return *why = "base_url must start with http:// or https://", -1;
		c->base_url = own(c, value);
	} else if (!strcmp(key, "trusted_proxies")) {
		cidr_list_t l;
		const char *bad;
		if (!cidr_list_parse(value, &l, &bad))
			return *why = "trusted_proxies must list at most 32 IPv4 or IPv6 addresses or ranges "
				      "such as 10.0.0.0/8", -1;
		c->trusted_proxies = own(c, value);
	} else if (!strncmp(key, "oidc_", 5)) {
		return oidc_set(c, key + 5, value, why);
	} else {
		return *why = "unknown setting", -1;
	}
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

int config_load_file(config_t *c, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "mentord: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* Lines of any length: a long line read in pieces would have its tail
	 * read as a line of its own (a comment's tail as a setting). */
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#' || *s == ';' || *s == '[')
			continue;
		char *eq = strchr(s, '=');
		const char *why = "expected key = value";
		if (!eq || config_set(c, trim((*eq = '\0', s)), trim(eq + 1), &why) != 0) {
			fprintf(stderr, "mentord: %s:%d: %s\n", path, lineno, why);
			rc = -1;
			break;
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "mentord: %s: read error\n", path);
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

int config_load_env(config_t *c)
{
	static const char *const keys[][2] = {
		{"MENTORD_DB", "db"}, {"MENTORD_LISTEN", "listen"}, {"MENTORD_THREADS", "threads"},
		{"MENTORD_MAX_BODY", "max_body"}, {"MENTORD_SECURE_COOKIES", "secure_cookies"},
		{"MENTORD_ACCESS_LOG", "access_log"}, {"MENTORD_PW_COST", "pw_cost"},
		{"MENTORD_SMTP_URL", "smtp_url"}, {"MENTORD_SMTP_USER", "smtp_user"},
		{"MENTORD_SMTP_PASSWORD", "smtp_password"}, {"MENTORD_SMTP_TLS", "smtp_tls"},
		{"MENTORD_SMTP_TIMEOUT", "smtp_timeout"}, {"MENTORD_MAIL_FROM", "mail_from"},
		{"MENTORD_BASE_URL", "base_url"}, {"MENTORD_PER_IP_CONNECTIONS", "per_ip_connections"},
		{"MENTORD_REQUEST_TIMEOUT", "request_timeout"}, {"MENTORD_TRUSTED_PROXIES", "trusted_proxies"},
		{"MENTORD_OIDC_ISSUER", "oidc_issuer"}, {"MENTORD_OIDC_CLIENT_ID", "oidc_client_id"},
		{"MENTORD_OIDC_CLIENT_SECRET_FILE", "oidc_client_secret_file"},
		{"MENTORD_OIDC_PROVIDER_NAME", "oidc_provider_name"}, {"MENTORD_OIDC_SCOPES", "oidc_scopes"},
		{"MENTORD_OIDC_ALLOWED_DOMAINS", "oidc_allowed_domains"},
		{"MENTORD_OIDC_CLAIM_EMAIL", "oidc_claim_email"}, {"MENTORD_OIDC_CLAIM_NAME", "oidc_claim_name"},
		{"MENTORD_OIDC_CLAIM_DEPARTMENT", "oidc_claim_department"},
		{"MENTORD_OIDC_CLAIM_MANAGER", "oidc_claim_manager"}, {"MENTORD_OIDC_JIT", "oidc_jit"},
		{"MENTORD_OIDC_SSO_ONLY", "oidc_sso_only"}, {"MENTORD_OIDC_BREAK_GLASS", "oidc_break_glass"},
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = getenv(keys[i][0]), *why;
		if (v && config_set(c, keys[i][1], v, &why) != 0) {
			fprintf(stderr, "mentord: %s: %s\n", keys[i][0], why);
			return -1;
		}
	}
	/* The secret itself, only from the environment (not through
	 * config_set: a settings file must not hold it). */
	const char *secret = getenv("MENTORD_OIDC_CLIENT_SECRET");
	if (secret && *secret)
		c->oidc_client_secret = own(c, secret);
	return 0;
}

int config_oidc_finish(config_t *c)
{
	if (!c->oidc_issuer)
		return 0;
	if (!c->oidc_client_id) {
		fprintf(stderr, "mentord: oidc_issuer is set but oidc_client_id is not\n");
		return -1;
	}
	if (c->oidc_sso_only && !*c->oidc_break_glass) {
		fprintf(stderr, "mentord: oidc_sso_only needs oidc_break_glass: the administrator who may still use a "
				"password when the identity provider is down\n");
		return -1;
	}
	if (c->oidc_client_secret || !c->oidc_client_secret_file)
		return 0;
	FILE *f = fopen(c->oidc_client_secret_file, "r");
	if (!f) {
		fprintf(stderr, "mentord: oidc_client_secret_file %s: %s\n", c->oidc_client_secret_file, strerror(errno));
		return -1;
	}
	char line[1024];
	bool got = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	line[got ? strcspn(line, "\r\n") : 0] = '\0';
	if (!*line) {
		fprintf(stderr, "mentord: oidc_client_secret_file %s is empty\n", c->oidc_client_secret_file);
		return -1;
	}
	c->oidc_client_secret = own(c, line);
	sodium_memzero(line, sizeof(line));
	return 0;
}

void config_pw_limits(const config_t *c, unsigned long long *ops, size_t *mem)
{
	if (!strcmp(c->pw_cost, "min")) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem = crypto_pwhash_MEMLIMIT_MIN;
	} else if (!strcmp(c->pw_cost, "moderate")) {
		*ops = crypto_pwhash_OPSLIMIT_MODERATE;
		*mem = crypto_pwhash_MEMLIMIT_MODERATE;
	} else {
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}
