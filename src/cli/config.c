/* Configuration loading; see config.h. Values read from files and the
 * environment are copied, so a config outlives its sources. */
#include "cli/config.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void config_defaults(config_t *c)
{
	c->db = "mentord.db";
	c->listen = "127.0.0.1:8080";
	c->threads = 4;
	c->max_body = 4 * 1024 * 1024;
	c->secure_cookies = false;
	c->access_log = true;
	c->pw_cost = "interactive";
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

int config_set(config_t *c, const char *key, const char *value, const char **why)
{
	long n;
	if (!strcmp(key, "db")) {
		if (!*value)
			return *why = "db must not be empty", -1;
		c->db = xstrdup(value);
	} else if (!strcmp(key, "listen")) {
		if (!strchr(value, ':'))
			return *why = "listen must be HOST:PORT", -1;
		c->listen = xstrdup(value);
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
	} else if (!strcmp(key, "pw_cost")) {
		if (strcmp(value, "interactive") && strcmp(value, "moderate") && strcmp(value, "min"))
			return *why = "pw_cost must be interactive, moderate or min", -1;
		c->pw_cost = xstrdup(value);
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
	char line[1024];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof(line), f)) {
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
	fclose(f);
	return rc;
}

int config_load_env(config_t *c)
{
	static const char *const keys[][2] = {
		{"MENTORD_DB", "db"}, {"MENTORD_LISTEN", "listen"}, {"MENTORD_THREADS", "threads"},
		{"MENTORD_MAX_BODY", "max_body"}, {"MENTORD_SECURE_COOKIES", "secure_cookies"},
		{"MENTORD_ACCESS_LOG", "access_log"}, {"MENTORD_PW_COST", "pw_cost"},
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = getenv(keys[i][0]), *why;
		if (v && config_set(c, keys[i][1], v, &why) != 0) {
			fprintf(stderr, "mentord: %s: %s\n", keys[i][0], why);
			return -1;
		}
	}
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
