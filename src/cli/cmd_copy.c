/* mentord copy-db and mentord backup: moving an organisation to another
 * database (typically from a SQLite file to PostgreSQL, with every row and
 * id, counts checked: store_copy.c) and taking an online backup of a SQLite
 * database while the server runs (db_pool_backup). How to back up and
 * restore each backend: docs/operations.md. */
#include "cli/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char copy_usage[] =
	"usage: mentord copy-db --to URL [--from URL]\n"
	"\n"
	"Copies everything in the database --from (default: the configured db) into\n"
	"the database --to, every row with its id: e.g. from sqlite:old.db to\n"
	"postgres://user@host/mentord. Both are brought to this mentord's schema\n"
	"first; --to must be empty. One transaction: the copy lands whole, each\n"
	"table's count checked against the source's, or not at all. Stop the servers\n"
	"on --from first: what they write during the copy would not be in it.\n";

/* Opens a pool of one connection on url and migrates it; NULL after saying
 * why. */
static db_pool_t *open_migrated(const char *what, const char *url)
{
	db_pool_t *p = NULL;
	char *err = NULL, *shown = db_url_redacted(url);
	if (db_pool_open(url, 1, &p, &err) != DB_OK) {
		fprintf(stderr, "mentord copy-db: cannot open %s %s: %s\n", what, shown, err);
		goto fail;
	}
	db_t *db = db_pool_acquire(p);
	int st = store_migrate(db, &err);
	db_pool_release(p, db);
	if (st != DB_OK) {
		fprintf(stderr, "mentord copy-db: migrating %s %s failed: %s\n", what, shown, err ? err : "?");
		db_pool_close(p);
		p = NULL;
		goto fail;
	}
	free(shown);
	return p;
fail:
	free(err);
	free(shown);
	return NULL;
}

int cmd_copy_db(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'}, {"to", required_argument, NULL, 't'},
		CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	const char *from = NULL, *to = NULL;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return 2;
		if (c)
			continue;
		switch (opt) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'h': fputs(copy_usage, stdout); return 0;
		default: fputs(copy_usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mentord copy-db: unexpected argument \"%s\"\n%s", argv[optind], copy_usage);
		return 2;
	}
	if (!from)
		from = cfg->db;
	if (!to || !*to) {
		fprintf(stderr, "mentord copy-db: --to URL is required\n%s", copy_usage);
		return 2;
	}
	if (!strcmp(from, to)) {
		fprintf(stderr, "mentord copy-db: --from and --to name the same database\n");
		return 2;
	}
	db_pool_t *src = open_migrated("the source", from);
	db_pool_t *dst = src ? open_migrated("the target", to) : NULL;
	if (!dst) {
		db_pool_close(src);
		return 1;
	}
	const char *const *names;
	const int *columns;
	int n = store_copy_tables(&names, &columns);
	store_copy_table_t *tables = calloc((size_t)n, sizeof(*tables));
	db_t *a = db_pool_acquire(src), *b = db_pool_acquire(dst);
	const char *why = NULL;
	int st = tables ? store_copy(a, b, tables, &why) : DB_ERROR;
	int rc = st == DB_OK ? 0 : 1;
	if (st != DB_OK) {
		fprintf(stderr, "mentord copy-db: nothing was copied: %s\n", why ? why : "out of memory");
	} else {
		int64_t rows = 0;
		printf("%-24s %12s %12s\n", "table", "source", "copy");
		for (int i = 0; i < n; i++) {
			printf("%-24s %12lld %12lld\n", tables[i].name, (long long)tables[i].source,
			       (long long)tables[i].target);
			rows += tables[i].target;
		}
		char *shown = db_url_redacted(to);
		printf("copied %lld rows of %d tables into %s; every count matches the source\n", (long long)rows, n,
		       shown);
		free(shown);
	}
	db_pool_release(src, a);
	db_pool_release(dst, b);
	db_pool_close(src);
	db_pool_close(dst);
	free(tables);
	return rc;
}

static const char backup_usage[] =
	"usage: mentord backup --to FILE [--db URL]\n"
	"\n"
	"Writes a consistent copy of the SQLite database to FILE (a new file) while\n"
	"the server keeps running: SQLite's online backup, from one read snapshot,\n"
	"checked before it is moved into place. Restore by stopping the server and\n"
	"putting the file in the database's place. PostgreSQL databases are backed up\n"
	"with pg_dump (docs/operations.md).\n";

int cmd_backup(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"to", required_argument, NULL, 't'}, CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	const char *to = NULL;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return 2;
		if (c)
			continue;
		switch (opt) {
		case 't': to = optarg; break;
		case 'h': fputs(backup_usage, stdout); return 0;
		default: fputs(backup_usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mentord backup: unexpected argument \"%s\"\n%s", argv[optind], backup_usage);
		return 2;
	}
	if (!to || !*to) {
		fprintf(stderr, "mentord backup: --to FILE is required\n%s", backup_usage);
		return 2;
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	char *err = NULL;
	int rc = 0;
	if (db_pool_backup(app.pool, to, &err) != DB_OK) {
		fprintf(stderr, "mentord backup: %s\n", err ? err : "failed");
		rc = 1;
	} else {
		printf("backed up %s to %s\n", cfg->db_shown, to);
	}
	free(err);
	cli_close(&app);
	return rc;
}
