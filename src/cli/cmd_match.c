/* mentord match: runs matching for a program from the command line and
 * prints every proposed pair with its score and top reasons, and every
 * unmatched mentee with the reason. Without --dry-run the run is saved as
 * a draft for the program's managers to review, edit and publish. */
#include "cli/cli.h"
#include "svc/match_input.h"
#include "core/arena.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord match --program ID [--algorithm optimal|stable] [--dry-run] [--db URL]\n"
	"\n"
	"Runs matching for the program and prints the proposed pairs (score and why)\n"
	"and the unmatched mentees (and why). Saves the run as a draft to review and\n"
	"publish on the program's matching page or through the API; --dry-run saves\n"
	"nothing.\n";

static void print_run(json_t *run)
{
	json_t *m = json_object_get(run, "matches"), *u = json_object_get(run, "unmatched");
	size_t nm = json_array_size(m), nu = json_array_size(u);
	for (size_t i = 0; i < nm; i++) {
		json_t *p = json_array_get(m, i), *reasons = json_object_get(p, "reasons");
		printf("%-28s -> %-28s %4lld  ", json_string_value(json_object_get(p, "mentee_name")),
		       json_string_value(json_object_get(p, "mentor_name")),
		       (long long)json_integer_value(json_object_get(p, "score")));
		for (size_t k = 0; k < json_array_size(reasons) && k < 2; k++) {
			json_t *r = json_array_get(reasons, k);
			printf("%s%s +%lld (%s)", k ? "; " : "", json_string_value(json_object_get(r, "criterion")),
			       (long long)json_integer_value(json_object_get(r, "points")),
			       json_string_value(json_object_get(r, "detail")));
		}
		printf("\n");
	}
	for (size_t i = 0; i < nu; i++) {
		json_t *p = json_array_get(u, i);
		printf("%-28s    unmatched: %s\n", json_string_value(json_object_get(p, "mentee_name")),
		       json_string_value(json_object_get(p, "reason")));
	}
	size_t total = nm + nu;
	printf("\n%s run: %zu pairs, %zu unmatched (%.1f%% matched), total score %lld\n",
	       json_string_value(json_object_get(run, "algorithm")), nm, nu,
	       total ? 100.0 * (double)nm / (double)total : 0.0,
	       (long long)json_integer_value(json_object_get(run, "total_score")));
}

int cmd_match(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"program", required_argument, NULL, 'p'}, {"algorithm", required_argument, NULL, 'a'},
		{"dry-run", no_argument, NULL, 'n'}, CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int64_t program_id = 0;
	const char *algorithm = NULL;
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
		case 'p': program_id = strtoll(optarg, NULL, 10); break;
		case 'a': algorithm = optarg; break;
		case 'n': dry = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (program_id <= 0) {
		fprintf(stderr, "mentord match: --program ID is required\n%s", usage);
		return 2;
	}
	if (algorithm && strcmp(algorithm, "optimal") && strcmp(algorithm, "stable")) {
		fprintf(stderr, "mentord match: --algorithm must be optimal or stable\n");
		return 2;
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	arena_t *a = arena_new();
	db_t *db = db_pool_acquire(app.pool);
	program_t *prog = NULL;
	json_t *run = NULL;
	const char *why = NULL;
	int64_t run_id = 0;
	int rc = 1;
	int st = store_program_get(db, a, program_id, &prog);
	if (st == DB_OK && !prog) {
		fprintf(stderr, "mentord match: no program %lld\n", (long long)program_id);
		goto done;
	}
	if (!algorithm)
		algorithm = prog && !strcmp(prog->matching, "stable") ? "stable" : "optimal";
	if (st == DB_OK)
		st = db_begin(db);
	if (st == DB_OK)
		st = api_match_run(db, a, prog, algorithm, NULL, 0, &run_id, &why);
	if (st == DB_OK)
		st = store_match_run_get(db, run_id, &run);
	if (st == DB_OK && !dry)
		st = store_audit(db, 0, "match.run", "program", program_id, "cli");
	if (st == DB_OK && !dry)
		st = db_commit(db);
	else
		db_rollback(db);
	if (st != DB_OK || !run) {
		fprintf(stderr, "mentord match: %s\n", why ? why : db_errmsg(db));
		goto done;
	}
	print_run(run);
	if (dry)
		printf("dry run: nothing saved\n");
	else
		printf("saved as draft run %lld; review and publish it on /programs/%lld/matching\n",
		       (long long)run_id, (long long)program_id);
	rc = 0;
done:
	json_decref(run);
	db_pool_release(app.pool, db);
	arena_free(a);
	cli_close(&app);
	return rc;
}
