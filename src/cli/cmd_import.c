/* mentord import: enrols a program's participants from a CSV file (header
 * email, role, and optionally capacity and name), through the very service
 * behind POST /programs/{id}/participants/import (svc_participant_import),
 * as an administrator, so the file is checked by the same rules and lands
 * all or nothing. Problems are printed one per line as
 * FILE:LINE: field: message. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "svc/participant.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord import --program ID [--dry-run] [--db URL] FILE.csv\n"
	"\n"
	"Enrols the people in FILE.csv in the program. The first line names the columns:\n"
	"email and role (mentor or mentee) are required; capacity and name are optional\n"
	"(with a name, a missing account is created). Every row is checked first; if any\n"
	"row is wrong nothing is imported and each problem is printed as FILE:LINE.\n"
	"--dry-run checks the file and reports what would happen.\n";

static int read_file(const char *path, buf_t *out)
{
	FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	int rc = ferror(f) ? -1 : 0;
	if (f != stdin)
		fclose(f);
	if (rc)
		fprintf(stderr, "mentord import: cannot read %s\n", path);
	return rc;
}

static void print_rows(const char *file, const ImportRowError_list_t *rows)
{
	for (int i = 0; i < rows->n; i++)
		fprintf(stderr, "%s:%lld: %s: %s\n", file, (long long)rows->v[i].line, rows->v[i].field,
			rows->v[i].message);
}

int cmd_import(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"program", required_argument, NULL, 'p'}, {"dry-run", no_argument, NULL, 'n'},
		CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int64_t program = 0;
	bool dry = false;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return 2;
		if (c)
			continue;
		switch (opt) {
		case 'p': program = strtoll(optarg, NULL, 10); break;
		case 'n': dry = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (program <= 0 || optind != argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	const char *file = argv[optind];
	buf_t csv = BUF_INIT;
	if (read_file(file, &csv) != 0) {
		buf_free(&csv);
		return 1;
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0) {
		buf_free(&csv);
		return 1;
	}
	arena_t *a = arena_new();
	db_t *db = db_pool_acquire(app.pool);
	svc_t s;
	ImportReport_t report;
	svc_init_cli(&s, db, a, (secret_cost_t){app.pw_ops, app.pw_mem});
	int rc = 1, st = svc_participant_import(&s, program, dry, csv.data, csv.len, &report);
	if (st != SVC_OK) {
		fprintf(stderr, "mentord import: %s\n", s.err.message ? s.err.message : "internal error");
		if (st == SVC_ERROR && s.detail)
			fprintf(stderr, "mentord import: %s\n", s.detail);
		print_rows(file, &s.err.rows);
	} else {
		print_rows(file, &report.errors);
		printf("%s%lld rows: %lld enrolled, %lld accounts created, %lld already had one, %lld invited by mail%s\n",
		       dry ? "dry run: " : "", (long long)report.rows, (long long)report.enrolled,
		       (long long)report.created_users, (long long)report.existing_users, (long long)report.invited,
		       dry ? " (nothing was written)" : "");
		rc = report.errors.n ? 1 : 0;
	}
	db_pool_release(app.pool, db);
	arena_free(a);
	buf_free(&csv);
	cli_close(&app);
	return rc;
}
