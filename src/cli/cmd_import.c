/* mentord import: enrols a program's participants from a CSV file (header
 * email, role, and optionally capacity and name), through the very handler
 * behind POST /programs/{id}/participants/import, so the file is checked by
 * the same rules and lands all or nothing. Problems are printed one per
 * line as FILE:LINE: field: message. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/timeutil.h"

#include <getopt.h>
#include <jansson.h>
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

/* Runs the import handler in process, as the administrator on the console. */
static int run(app_t *app, int64_t program, bool dry, const buf_t *csv, int *status, json_t **body)
{
	req_t r = {0};
	r.arena = arena_new();
	r.app = app;
	r.db = db_pool_acquire(app->pool);
	r.method = "POST";
	r.path = arena_printf(r.arena, "/api/v1/programs/%lld/participants/import", (long long)program);
	r.query = dry ? "dry_run=1" : "";
	r.ip = "console";
	r.api = true;
	r.body = csv->data;
	r.body_len = csv->len;
	r.who.role = ROLE_ADMIN;
	r.who.name = "console";
	bool known;
	const route_t *rt = router_match(&r, &known);
	int rc = -1;
	if (rt) {
		rt->fn(&r);
		*status = r.status;
		*body = json_loadb(buf_cstr(&r.out), r.out.len, 0, NULL);
		rc = 0;
	}
	buf_free(&r.out);
	db_pool_release(app->pool, r.db);
	arena_free(r.arena);
	return rc;
}

static void print_rows(const char *file, json_t *rows)
{
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e)
		fprintf(stderr, "%s:%lld: %s: %s\n", file, (long long)json_integer_value(json_object_get(e, "line")),
			json_string_value(json_object_get(e, "field")), json_string_value(json_object_get(e, "message")));
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
	serve_compose(&app);
	int status = 0, rc = 1;
	json_t *body = NULL;
	if (run(&app, program, dry, &csv, &status, &body) != 0) {
		fprintf(stderr, "mentord import: internal error: no import route\n");
	} else if (status >= 400) {
		json_t *err = json_object_get(body, "error");
		fprintf(stderr, "mentord import: %s\n", json_string_value(json_object_get(err, "message")));
		print_rows(file, json_object_get(err, "rows"));
	} else {
		print_rows(file, json_object_get(body, "errors"));
		printf("%s%lld rows: %lld enrolled, %lld accounts created%s\n", dry ? "dry run: " : "",
		       (long long)json_integer_value(json_object_get(body, "rows")),
		       (long long)json_integer_value(json_object_get(body, "enrolled")),
		       (long long)json_integer_value(json_object_get(body, "created_users")),
		       dry ? " (nothing was written)" : "");
		rc = json_array_size(json_object_get(body, "errors")) ? 1 : 0;
	}
	json_decref(body);
	router_reset();
	buf_free(&csv);
	cli_close(&app);
	return rc;
}
