/* libFuzzer target: the INI configuration reader (cli/config.c), for
 * `--config FILE` and MENTORD_CONFIG. Each input is a file. It is loaded as
 * mentord loads it and, beside, by a model of the documented format (one
 * "key = value" per line, any length; blank lines and lines starting with
 * '#', ';' or '[' ignored; surrounding white space trimmed; each setting
 * checked by config_set; the first bad line stops with "FILE:LINE: why").
 * The two must agree on success, on every setting, and on the line a
 * failure names; a configuration that loads writes out (key = value) and
 * loads back the same; and config_free releases everything (LeakSanitizer).
 * mentord's messages on stderr are captured, not printed. */
#include "harness.h"

#include "cli/config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int file_fd, err_fd;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	file_fd = memfd_create("mentord-config", 0);
	err_fd = memfd_create("mentord-stderr", 0);
	if (file_fd < 0 || err_fd < 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", file_fd);
	return 0;
}

static void put_file(const char *s, size_t n)
{
	if (ftruncate(file_fd, 0) != 0 || pwrite(file_fd, s, n, 0) != (ssize_t)n)
		abort();
}

/* Loads path with stderr captured; returns config_load_file's answer and
 * the message in msg. */
static int load(config_t *c, char *msg, size_t cap)
{
	fflush(stderr);
	int saved = dup(2);
	if (ftruncate(err_fd, 0) != 0 || dup2(err_fd, 2) < 0)
		abort();
	lseek(err_fd, 0, SEEK_SET);
	int rc = config_load_file(c, path);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ssize_t n = pread(err_fd, msg, cap - 1, 0);
	msg[n > 0 ? n : 0] = '\0';
	return rc;
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

/* The format as documented; returns 0, or the line that fails. */
static int model(config_t *c, const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	for (int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *buf = strndup(p, n); /* stops at a NUL, as C strings do */
		p = nl ? nl + 1 : end;
		char *s = trim(buf);
		if (!*s || *s == '#' || *s == ';' || *s == '[') {
			free(buf);
			continue;
		}
		char *eq = strchr(s, '=');
		const char *why;
		int bad = !eq || config_set(c, trim((*eq = '\0', s)), trim(eq + 1), &why) != 0;
		free(buf);
		if (bad)
			return line;
	}
	return 0;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void compare(const config_t *a, const config_t *b, const char *what)
{
	if (!same_str(a->db, b->db) || !same_str(a->listen, b->listen) || a->threads != b->threads ||
	    a->max_body != b->max_body || a->secure_cookies != b->secure_cookies || a->access_log != b->access_log ||
	    a->per_ip_connections != b->per_ip_connections || a->request_timeout != b->request_timeout ||
	    !same_str(a->pw_cost, b->pw_cost) || !same_str(a->smtp_url, b->smtp_url) ||
	    !same_str(a->smtp_user, b->smtp_user) || !same_str(a->smtp_password, b->smtp_password) ||
	    !same_str(a->smtp_tls, b->smtp_tls) || a->smtp_timeout != b->smtp_timeout ||
	    !same_str(a->mail_from, b->mail_from) || !same_str(a->base_url, b->base_url))
		fz_fail("%s: the settings differ (db \"%s\" / \"%s\", listen \"%s\" / \"%s\")", what, a->db, b->db,
			a->listen, b->listen);
}

static void write_config(FILE *f, const config_t *c)
{
	fprintf(f, "# written back\n[mentord]\ndb = %s\nlisten = %s\nthreads = %d\nmax_body = %zu\n", c->db, c->listen,
		c->threads, c->max_body);
	fprintf(f, "secure_cookies = %s\naccess_log = %s\n", c->secure_cookies ? "true" : "false",
		c->access_log ? "on" : "off");
	fprintf(f, "per_ip_connections = %d\nrequest_timeout = %d\npw_cost = %s\n", c->per_ip_connections,
		c->request_timeout, c->pw_cost);
	if (c->smtp_url)
		fprintf(f, "smtp_url = %s\n", c->smtp_url);
	if (c->smtp_user)
		fprintf(f, "smtp_user = %s\n", c->smtp_user);
	if (c->smtp_password)
		fprintf(f, "smtp_password = %s\n", c->smtp_password);
	fprintf(f, "smtp_tls = %s\nsmtp_timeout = %d\nmail_from = %s\n", c->smtp_tls, c->smtp_timeout, c->mail_from);
	if (c->base_url)
		fprintf(f, "base_url = %s\n", c->base_url);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16384)
		return 0;
	config_t got, want;
	char msg[4096];
	config_defaults(&got);
	config_defaults(&want);
	put_file((const char *)data, size);
	int rc = load(&got, msg, sizeof(msg));
	int bad_line = model(&want, data, size);
	if ((rc != 0) != (bad_line != 0))
		fz_fail("mentord %s the file, the documented format %s it (%s)", rc ? "refuses" : "accepts",
			bad_line ? "refuses" : "accepts", msg);
	if (rc != 0) {
		char prefix[96];
		snprintf(prefix, sizeof(prefix), "mentord: %s:%d: ", path, bad_line);
		if (strncmp(msg, prefix, strlen(prefix)) != 0)
			fz_fail("the failure should name line %d, but says: %s", bad_line, msg);
	} else {
		compare(&got, &want, "mentord and the documented format");
		/* Written back and read again: the same configuration. */
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		write_config(f, &got);
		fclose(f);
		put_file(text, len);
		config_t again;
		config_defaults(&again);
		if (load(&again, msg, sizeof(msg)) != 0)
			fz_fail("a configuration written back does not load: %s\n%s", msg, text);
		compare(&got, &again, "written back and read again");
		config_free(&again);
		free(text);
	}
	config_free(&got);
	config_free(&want);
	return 0;
}
