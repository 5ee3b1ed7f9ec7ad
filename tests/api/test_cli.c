/* The mentord command line as an administrator uses it: the real binary
 * (MENTORD_BIN) on temporary databases (SQLite files, or empty PostgreSQL
 * databases with MENTORD_TEST_PG: tests/testdb.h). Checks that CSV
 * problems are named by file and line, that a bad file imports nothing,
 * that --dry-run writes nothing, and that demo and match produce a real
 * organisation and run. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "../testdb.h"

static char dir[64];
/* The databases the tests name "d.db" and "a.db". */
static char url_d[512], url_a[512];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/mentord-cli-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	setenv("MENTORD_PW_COST", "min", 1);
	testdb_create(dir, "d.db", false, url_d, sizeof(url_d));
	testdb_create(dir, "a.db", false, url_a, sizeof(url_a));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	testdb_drop(url_d);
	testdb_drop(url_a);
}

/* args with "--db d.db" and "--db a.db" naming this test's databases. */
static const char *with_dbs(const char *args, char *out, size_t n)
{
	buf_t b = BUF_INIT;
	for (const char *p = args; *p;) {
		if (!strncmp(p, "--db d.db", 9) || !strncmp(p, "--db a.db", 9)) {
			buf_printf(&b, "--db '%s'", p[5] == 'd' ? url_d : url_a);
			p += 9;
		} else {
			buf_append(&b, p++, 1);
		}
	}
	snprintf(out, n, "%s", buf_cstr(&b));
	buf_free(&b);
	return out;
}

TestSuite(cli, .init = setup, .fini = teardown, .timeout = 60);

/* Runs the binary with args; returns the exit status, output in out. */
static int run(const char *args, char *out, size_t n)
{
	char cmd[2048], real[1536];
	const char *bin = getenv("MENTORD_BIN");
	cr_assert_not_null(bin, "MENTORD_BIN is not set");
	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' %s 2>&1", dir, bin, with_dbs(args, real, sizeof(real)));
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	size_t len = fread(out, 1, n - 1, p);
	out[len] = '\0';
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

Test(cli, import_names_file_and_line)
{
	static char out[65536];
	cr_assert_eq(run("demo --db d.db", out, sizeof(out)), 0, "%s", out);
	write_file("bad.csv", "email,role,capacity,name\nnew.one@example.org,mentee,1,New One\n\n"
			      "not-an-email,mentor,2\nperson.30@demo.mentord.test,coach,1\n");
	cr_assert_eq(run("import --db d.db --program 1 bad.csv", out, sizeof(out)), 1, "%s", out);
	cr_assert(strstr(out, "bad.csv:4: email:"), "%s", out);
	cr_assert(strstr(out, "bad.csv:5: role:"), "%s", out);
	cr_assert(strstr(out, "nothing was imported"), "%s", out);
	write_file("ok.csv", "email,role,name\nnew.one@example.org,mentee,New One\n");
	cr_assert_eq(run("import --db d.db --program 1 --dry-run ok.csv", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "nothing was written"), "%s", out);
	cr_assert_eq(run("import --db d.db --program 1 ok.csv", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "1 enrolled, 1 accounts created, 0 already had one, 1 invited by mail"), "%s", out);
	cr_assert_eq(run("import --db d.db --program 1 ok.csv", out, sizeof(out)), 1, "%s", out);
	cr_assert(strstr(out, "ok.csv:2: email:"), "already enrolled: %s", out);
}

Test(cli, demo_then_match_and_report)
{
	static char out[262144];
	cr_assert_eq(run("demo --db d.db", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "admin@demo.mentord.test"), "%s", out);
	cr_assert_eq(run("demo --db d.db", out, sizeof(out)), 0, "running it twice keeps the data: %s", out);
	cr_assert_eq(run("match --db d.db --program 1 --dry-run", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "optimal run:") && strstr(out, "% matched") && strstr(out, "dry run"), "%s", out);
	cr_assert(strstr(out, "certified_optimal: true"), "%s", out);
	cr_assert(strstr(out, "\ntimes: load ") && strstr(out, " ms, candidates and solve ") &&
		  strstr(out, " ms (certificate "), "where the time went: %s", out);
	cr_assert(strstr(out, "skills +"), "pairs carry their reasons: %s", out);
	cr_assert_eq(run("match --db d.db --program 1 --dry-run --time-limit 30", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "certified_optimal:"), "%s", out);
	cr_assert_neq(run("match --db d.db --program 1 --time-limit soon", out, sizeof(out)), 0);
	cr_assert(strstr(out, "--time-limit"), "%s", out);
	cr_assert_eq(run("match --db d.db --program 1 --algorithm stable", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "saved as draft run 1"), "%s", out);
	cr_assert_eq(run("report --db d.db --program 1 --csv", out, sizeof(out)), 0, "%s", out);
	cr_assert(strchr(out, ','), "%s", out);
	cr_assert(strstr(out, ",survey_answers,survey_rating,nps\r\n"), "%s", out);
	/* The demo's survey: listed, its results, closed. */
	cr_assert_eq(run("survey list --db d.db --program 1", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "1\topen\tnps\t2 sent\t1 answered\tHow is your mentoring going?"), "%s", out);
	cr_assert_eq(run("survey results --db d.db --survey 1", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "\"promoters\": 1") && strstr(out, "More examples of good agendas"), "%s", out);
	cr_assert_eq(run("survey close --db d.db --survey 1", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "survey 1 is closed"), "%s", out);
	cr_assert_eq(run("survey results --db d.db --survey 9", out, sizeof(out)), 1, "%s", out);
	cr_assert(strstr(out, "no survey 9"), "%s", out);
	cr_assert_eq(run("survey list --db d.db", out, sizeof(out)), 2, "%s", out);
	cr_assert(strstr(out, "--program ID is required"), "%s", out);
	cr_assert_neq(run("match --db d.db --program 99", out, sizeof(out)), 0);
	cr_assert(strstr(out, "no program 99"), "%s", out);
}

/* The account commands run the services of POST /api/v1/users and
 * /tokens: the same rules (one text rule, email format, role, password
 * length) and the same refusals, each named by its flag. */
Test(cli, accounts_and_tokens)
{
	static char out[8192];
	cr_assert_eq(run("init --db a.db --admin-email Root@Example.org --password-stdin < /dev/null", out,
			 sizeof(out)), 2, "an empty password line is refused: %s", out);
	cr_assert(strstr(out, "the password on standard input must be at least 10 characters"), "%s", out);
	cr_assert_eq(run("init --db a.db --admin-email Root@Example.org --admin-name Root --password-stdin"
			 " <<'EOF'\nlong-enough-password\nEOF", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "created admin root@example.org (id 1)"), "%s", out);
	cr_assert_eq(run("user add --db a.db --email not-an-email --name '' --role boss", out, sizeof(out)), 2,
		     "%s", out);
	cr_assert(strstr(out, "--email must be an email address"), "%s", out);
	cr_assert(strstr(out, "--name must not be empty"), "%s", out);
	cr_assert(strstr(out, "--role must be one of member, manager, admin"), "%s", out);
	cr_assert_eq(run("user add --db a.db --email tab@example.org --name \"$(printf 'A\\tB')\"", out,
			 sizeof(out)), 2, "%s", out);
	cr_assert(strstr(out, "--name must be a single line"), "%s", out);
	cr_assert_eq(run("user add --db a.db --email ROOT@example.org --name Again", out, sizeof(out)), 1, "%s",
		     out);
	cr_assert(strstr(out, "a user with email ROOT@example.org already exists"), "%s", out);
	cr_assert_eq(run("user add --db a.db --email mia@example.org --name 'Mia Member' --role manager", out,
			 sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "created manager mia@example.org (id 2)"), "%s", out);
	cr_assert_eq(run("token create --db a.db --email MIA@example.org --name ci", out, sizeof(out)), 0, "%s",
		     out);
	cr_assert_eq(strncmp(out, "mtd_", 4), 0, "the token, once: %s", out);
	cr_assert_eq(run("token create --db a.db --email nobody@example.org", out, sizeof(out)), 1, "%s", out);
	cr_assert(strstr(out, "no active user with email nobody@example.org"), "%s", out);
}

/* copy-db moves a whole organisation (from a SQLite file: on the PostgreSQL
 * run that is the move the command exists for) with every id, checks the
 * counts, and refuses to copy over data; the report reads the same on both. */
Test(cli, copy_db_moves_everything)
{
	static char out[262144], report1[65536], report2[65536];
	cr_assert_eq(run("demo --db src.db", out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(run("match --db src.db --program 1", out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(run("copy-db --from sqlite:src.db --db a.db", out, sizeof(out)), 2,
		     "--to is required: %s", out);
	char args[1024];
	snprintf(args, sizeof(args), "copy-db --from sqlite:src.db --to '%s'", url_a);
	cr_assert_eq(run(args, out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "every count matches the source"), "%s", out);
	cr_assert(strstr(out, "match_run_pairs"), "%s", out);
	cr_assert_eq(run(args, out, sizeof(out)), 1, "a second copy into the same database: %s", out);
	cr_assert(strstr(out, "not empty"), "%s", out);
	cr_assert_eq(run("report --db src.db --program 1 --csv", report1, sizeof(report1)), 0, "%s", report1);
	cr_assert_eq(run("report --db a.db --program 1 --csv", report2, sizeof(report2)), 0, "%s", report2);
	cr_assert_str_eq(report1, report2);
	/* New rows continue after the copied ids. */
	cr_assert_eq(run("user add --db a.db --email after.copy@example.org --name After", out, sizeof(out)), 0,
		     "%s", out);
	cr_assert(strstr(out, "(id 201)"), "the demo's 200 people, then this one: %s", out);
}

/* backup: a new file, never over an old one; PostgreSQL says to use pg_dump. */
Test(cli, backup_writes_a_new_file)
{
	static char out[65536], report1[65536], report2[65536];
	cr_assert_eq(run("demo --db d.db", out, sizeof(out)), 0, "%s", out);
	if (testdb_pg()) {
		cr_assert_eq(run("backup --db d.db --to b.db", out, sizeof(out)), 1, "%s", out);
		cr_assert(strstr(out, "pg_dump"), "%s", out);
		return;
	}
	cr_assert_eq(run("backup --db d.db --to b.db", out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(run("backup --db d.db --to b.db", out, sizeof(out)), 1, "%s", out);
	cr_assert(strstr(out, "already there"), "%s", out);
	cr_assert_eq(run("report --db d.db --program 1 --csv", report1, sizeof(report1)), 0, "%s", report1);
	cr_assert_eq(run("report --db b.db --program 1 --csv", report2, sizeof(report2)), 0, "%s", report2);
	cr_assert_str_eq(report1, report2);
}

/* Issue 11: the account commands. Without mail, --print-link hands out the
 * links; each action is in the audit log (as the command line's). */
Test(cli, invitations_people_and_audit)
{
	static char out[65536];
	cr_assert_eq(run("init --db a.db --admin-email root@example.org --password-stdin <<'EOF'\nlong-enough-password\nEOF",
			 out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(run("user add --db a.db --email ina@example.org --name 'Ina Invited' --print-link", out, sizeof(out)),
		     0, "%s", out);
	cr_assert(strstr(out, "invited by mail"), "%s", out);
	cr_assert(strstr(out, "/invite?token="), "the link is printed: %s", out);
	cr_assert_eq(run("user add --db a.db --email bot@example.org --name Bot --no-invite", out, sizeof(out)), 0, "%s",
		     out);
	cr_assert_null(strstr(out, "invited"), "%s", out);
	cr_assert_eq(run("user list --db a.db --status invited", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "ina@example.org") && strstr(out, "invitation valid until"), "%s", out);
	cr_assert(strstr(out, "bot@example.org") && strstr(out, "not invited yet"), "%s", out);
	cr_assert_null(strstr(out, "root@example.org"), "active people are not listed: %s", out);
	cr_assert_eq(run("user list --db a.db --status nobody", out, sizeof(out)), 2, "%s", out);
	cr_assert_eq(run("user invite --db a.db --email bot@example.org --print-link", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "/invite?token="), "%s", out);
	cr_assert_eq(run("user invite --db a.db --email root@example.org", out, sizeof(out)), 1, "%s", out);
	cr_assert(strstr(out, "has already accepted"), "%s", out);
	cr_assert_eq(run("user role --db a.db --email ina@example.org --role boss", out, sizeof(out)), 2, "%s", out);
	cr_assert(strstr(out, "--role must be one of member, manager, admin"), "%s", out);
	cr_assert_eq(run("user role --db a.db --email ina@example.org --role manager", out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(run("user deactivate --db a.db --email ina@example.org", out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(run("user reactivate --db a.db --email ina@example.org", out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(run("user reset-password --db a.db --email root@example.org --print-link", out, sizeof(out)), 0,
		     "%s", out);
	cr_assert(strstr(out, "/reset-password?token="), "%s", out);
	cr_assert_eq(run("user sign-out --db a.db --email nobody@example.org", out, sizeof(out)), 1, "%s", out);
	cr_assert(strstr(out, "no user with email nobody@example.org"), "%s", out);
	cr_assert_eq(run("token create --db a.db --email root@example.org --scope metrics --no-expiry", out, sizeof(out)), 0,
		     "%s", out);
	cr_assert_eq(strncmp(out, "mtd_", 4), 0, "%s", out);
	/* The identity provider's SCIM token (docs/sso.md). */
	cr_assert_eq(run("token create --db a.db --email root@example.org --name entra --scope provisioning --no-expiry",
			 out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(strncmp(out, "mtd_", 4), 0, "%s", out);
	cr_assert_eq(run("token create --db a.db --email root@example.org --scope scim", out, sizeof(out)), 2, "%s", out);
	cr_assert(strstr(out, "--scope"), "%s", out);
	cr_assert_eq(run("token create --db a.db --email root@example.org --days 0", out, sizeof(out)), 2, "%s", out);
	cr_assert(strstr(out, "--days"), "%s", out);
	cr_assert_eq(run("token list --db a.db --email root@example.org", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "metrics") && strstr(out, "provisioning") && strstr(out, "never"), "%s", out);
	cr_assert_eq(run("token revoke --db a.db --id 1", out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(run("audit --db a.db --action user.", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "user.role") && strstr(out, "user.deactivate") && strstr(out, "user.reactivate"), "%s", out);
	cr_assert_null(strstr(out, "token.create"), "%s", out);
	cr_assert_eq(run("audit --db a.db --person ina@example.org --csv", out, sizeof(out)), 0, "%s", out);
	cr_assert_eq(strncmp(out, "id,at,actor_id,actor_name,action,object_type,object_id,detail\r\n", 62), 0, "%s", out);
	cr_assert(strstr(out, "\"invitation.send\""), "%s", out);
	cr_assert_eq(run("security --db a.db --require-two-factor yes", out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "required of administrators and program managers: yes"), "%s", out);
}

/* A configuration file with a bad line stops every command with the file
 * and line, and what was read before it is freed (under ASan the leak
 * failed the command with LeakSanitizer's status). Found by fuzz/fuzz_cli
 * (fuzz/regressions/cli/bad-config-file-leaks-settings); a comment line of
 * any length sets nothing (fuzz/fuzz_config). */
Test(cli, config_file_problems)
{
	static char out[8192];
	write_file("bad.ini", "db = other.db\nsmtp_user = someone\n2\n");
	cr_assert_eq(run("report --config bad.ini --program 1", out, sizeof(out)), 2, "%s", out);
	cr_assert(strstr(out, "bad.ini:3: expected key = value"), "%s", out);
	char *long_comment = malloc(3100);
	memset(long_comment, 'x', 2990);
	memcpy(long_comment, "# ", 2);
	strcpy(long_comment + 2990, "threads=0\n");
	write_file("long.ini", long_comment);
	free(long_comment);
	cr_assert_eq(run("init --config long.ini --db l.db", out, sizeof(out)), 0, "%s", out);
}
