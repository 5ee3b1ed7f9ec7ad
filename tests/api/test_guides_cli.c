/* The guidance library on the command line, with the real binary
 * (MENTORD_BIN) on a temporary database: `mentord init` loads the starter
 * guides once (running it again loads none and keeps an editor's changes),
 * `mentord articles` lists and loads them, and `mentord demo` has the
 * guides with votes, a comment and an answered request. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/mentord-guides-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	setenv("MENTORD_PW_COST", "min", 1);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(guides_cli, .init = setup, .fini = teardown, .timeout = 60);

/* Runs the binary with args; returns the exit status, output in out. */
static int run(const char *args, char *out, size_t n)
{
	char cmd[1024];
	const char *bin = getenv("MENTORD_BIN");
	cr_assert_not_null(bin, "MENTORD_BIN is not set");
	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' %s 2>&1", dir, bin, args);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	size_t len = fread(out, 1, n - 1, p);
	out[len] = '\0';
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* How often needle occurs in text (lines of `mentord articles list`). */
static int count_lines(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

Test(guides_cli, init_loads_the_starter_guides_once)
{
	static char out[65536];
	cr_assert_eq(run("init --db i.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "guides: 17 starter articles loaded, 0 already there"), "%s", out);
	cr_assert_eq(run("init --db i.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "guides: 0 starter articles loaded, 17 already there"), "%s", out);
	cr_assert_eq(run("articles load-starters --db i.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "0 starter articles loaded"), "%s", out);
	cr_assert_eq(run("articles list --db i.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "17 articles"), "%s", out);
	cr_assert_eq(count_lines(out, " published "), 17, "%s", out);
	cr_assert(strstr(out, "The five missteps and how to avoid them"), "%s", out);
	cr_assert_eq(run("init --help", out, sizeof(out)), 0, "%s", out);
	cr_assert_null(strstr(out, "guides:"), "--help loads nothing: %s", out);
	cr_assert_eq(run("articles", out, sizeof(out)), 2, "%s", out);
	cr_assert_eq(run("articles list extra --db i.db", out, sizeof(out)), 2, "%s", out);
	cr_assert_eq(run("articles --help", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "load-starters"), "%s", out);
}

Test(guides_cli, the_demo_has_its_guides)
{
	static char out[65536];
	cr_assert_eq(run("demo --db d.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "guides: 17 starter articles loaded"), "%s", out);
	cr_assert(strstr(out, "votes, a comment and an answered request added"), "%s", out);
	cr_assert_eq(run("articles list --db d.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "2 out of 2 found this helpful"), "%s", out);
	cr_assert(strstr(out, "0 out of 1 found this helpful"), "%s", out);
	/* The README's first command run twice: the demo is kept, nothing doubles. */
	cr_assert_eq(run("demo --db d.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "already holds the demo organisation"), "%s", out);
	cr_assert_eq(run("articles list --db d.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "17 articles"), "%s", out);
}
