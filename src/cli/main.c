/* Entry point: loads configuration (defaults, INI file, environment), then
 * runs the subcommand named by argv[1]. */
#include "cli/cli.h"
#include "core/blockcache.h"
#include "core/xalloc.h"
#include "http/auth.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord [--version] [--help] <command> [options]\n"
	"\n"
	"Runs workplace mentoring programs.\n"
	"\n"
	"commands:\n"
	"  serve          run the HTTP server (API, pages, calendar feeds)\n"
	"  init           create or upgrade the database; optionally the first admin\n"
	"  user           accounts: add (invited by mail), list, invite, role, deactivate,\n"
	"                 reactivate, reset-password, reset-2fa, sign-out\n"
	"  token          personal API tokens: create, list, revoke\n"
	"  audit          the audit log (newest first, by person and action, or --csv)\n"
	"  security       the organisation's sign-in rules (two-factor for admins and managers)\n"
	"  sso check      asks the identity provider of single sign-on, as a sign-in would\n"
	"  demo           fill a database with a realistic demo organisation\n"
	"  match          run matching for a program (optimal or stable)\n"
	"  import         enrol a program's participants from a CSV file\n"
	"  report         a program's outcome report with health scores (JSON or --csv)\n"
	"  survey         a program's surveys: list, results, open, close, archive\n"
	"  copy-db        copy everything into another database (e.g. SQLite to PostgreSQL)\n"
	"  backup         an online backup of the SQLite database to a new file\n"
	"  articles       the guidance library: load the starter guides, list the articles\n"
	"\n"
	"Every command takes --db URL (sqlite:PATH or a path, or postgres://...; env\n"
	"MENTORD_DB) and --config FILE (an INI file of key = value; env\n"
	"MENTORD_CONFIG), and --help.\n"
	"Settings: db, listen, threads, max_body, secure_cookies, access_log, pw_cost,\n"
	"trusted_proxies, base_url, smtp_url and more (see the README);\n"
	"each also as MENTORD_<NAME> in the environment. Flags beat the environment,\n"
	"which beats the file.\n";

/* --config must be known before the environment and flags are applied. */
static const char *find_config(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc)
			return argv[i + 1];
		if (!strncmp(argv[i], "--config=", 9))
			return argv[i] + 9;
	}
	return getenv("MENTORD_CONFIG");
}

int main(int argc, char **argv)
{
	json_set_alloc_funcs(blockcache_alloc, blockcache_free);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("mentord %s\n", MENTORD_VERSION);
		return 0;
	}
	config_t cfg;
	config_defaults(&cfg);
	const char *file = find_config(argc, argv);
	if ((file && config_load_file(&cfg, file) != 0) || config_load_env(&cfg) != 0) {
		config_free(&cfg); /* what was read before the bad line */
		return 2;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **, config_t *);
	} cmds[] = {
		{"serve", cmd_serve}, {"init", cmd_init_with_guides}, {"user", cmd_user},
		{"token", cmd_token}, {"demo", cmd_demo}, {"match", cmd_match},
		{"report", cmd_report}, {"import", cmd_import}, {"copy-db", cmd_copy_db},
		{"backup", cmd_backup}, {"articles", cmd_articles},
		{"audit", cmd_audit}, {"security", cmd_security}, {"sso", cmd_sso}, {"survey", cmd_survey},
	};
	int rc = -1;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]) && rc < 0; i++)
		if (!strcmp(argv[1], cmds[i].name))
			rc = cmds[i].fn(argc - 1, argv + 1, &cfg);
	config_free(&cfg);
	if (rc >= 0)
		return rc;
	fprintf(stderr, "mentord: unknown command \"%s\"\n\n%s", argv[1], usage);
	return 2;
}
