/* Tests of the INI configuration reader (cli/config.c): lines of any
 * length, any number of settings, and the line a problem is on. The cases
 * come from fuzz/fuzz_config, which compares the reader with a model of
 * the documented format (its inputs are in fuzz/regressions/config/). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/config.h"

static char path[64];

static void setup(void)
{
	snprintf(path, sizeof(path), "/tmp/mentord-config-XXXXXX");
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
}

static void teardown(void)
{
	unlink(path);
}

TestSuite(config, .init = setup, .fini = teardown);

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* A line was read in 1023-byte pieces: the tail of a long comment was read
 * as a line of its own, and could set something. */
Test(config, long_comment_line_sets_nothing)
{
	char *x = repeat('x', 2000);
	char *text = malloc(2100);
	snprintf(text, 2100, "# %sdb = /tmp/evil\nthreads = 3\n", x);
	write_file(text);
	config_t c;
	config_defaults(&c);
	cr_assert_eq(config_load_file(&c, path), 0);
	cr_assert_str_eq(c.db, "mentord.db");
	cr_assert_eq(c.threads, 3);
	config_free(&c);
	free(x);
	free(text);
}

Test(config, long_value_kept_whole)
{
	char *x = repeat('p', 3000);
	char *text = malloc(3100);
	snprintf(text, 3100, "smtp_password = %s\n", x);
	write_file(text);
	config_t c;
	config_defaults(&c);
	cr_assert_eq(config_load_file(&c, path), 0);
	cr_assert_str_eq(c.smtp_password, x);
	config_free(&c);
	free(x);
	free(text);
}

/* More than 32 string settings leaked every copy past the 32nd. */
Test(config, many_settings_all_freed)
{
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 200; i++)
		fprintf(f, "smtp_user = user%d\nlisten = 127.0.0.1:%d\n", i, 8000 + i);
	fclose(f);
	config_t c;
	config_defaults(&c);
	cr_assert_eq(config_load_file(&c, path), 0);
	cr_assert_str_eq(c.smtp_user, "user199");
	cr_assert_str_eq(c.listen, "127.0.0.1:8199");
	config_free(&c);
	cr_assert_eq(c.nowned, 0);
}

Test(config, bad_line_is_named)
{
	write_file("# settings\n\ndb = x.db\nthreads = many\n");
	config_t c;
	config_defaults(&c);
	fflush(stderr);
	FILE *err = tmpfile();
	int saved = dup(2);
	dup2(fileno(err), 2);
	int rc = config_load_file(&c, path);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	char msg[256] = "";
	rewind(err);
	cr_assert_not_null(fgets(msg, sizeof(msg), err));
	fclose(err);
	cr_assert_eq(rc, -1);
	char want[128];
	snprintf(want, sizeof(want), "mentord: %s:4: threads must be", path);
	cr_assert(!strncmp(msg, want, strlen(want)), "%s", msg);
	config_free(&c);
}
