/* mentord match: runs matching for a program from the command line and
 * prints every proposed pair with its score and top reasons, every
 * unmatched mentee with the reason, and whether the run is certified
 * optimal over every pair (or why not). Without --dry-run the run is saved
 * as a draft for the program's managers to review, edit and publish. The
 * output comes straight from the engine's result, so a dry run of 100,000
 * mentees neither writes nor reads back 100,000 rows. */
#include "cli/cli.h"
#include "api/match_input.h"
#include "core/arena.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"usage: mentord match --program ID [--algorithm optimal|stable] [--dry-run]\n"
	"                     [--time-limit SECONDS] [--db URL]\n"
	"\n"
	"Runs matching for the program and prints the proposed pairs (score and why),\n"
	"the unmatched mentees (and why), and whether the optimal total is certified\n"
	"over every mentee-mentor pair. --time-limit stops certifying after that\n"
	"long (the run is then reported as not certified). Saves the run as a draft\n"
	"to review and publish on the program's matching page or through the API;\n"
	"--dry-run saves nothing.\n";

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Pairs as the stored run lists them: score descending, then mentee. */
static int cmp_pair(const void *x, const void *y)
{
	const struct match_pair *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return (a->mentee_uid > b->mentee_uid) - (a->mentee_uid < b->mentee_uid);
}

static int cmp_unmatched(const void *x, const void *y)
{
	const struct match_unmatched *a = x, *b = y;
	return (a->mentee_uid > b->mentee_uid) - (a->mentee_uid < b->mentee_uid);
}

static int print_run(const match_input_t *in, const struct match_result *r, const char *algorithm,
		     arena_t *a)
{
	const struct match_pair *p0;
	const struct match_unmatched *u0;
	size_t np = match_result_pairs(r, &p0), nu = match_result_unmatched(r, &u0);
	struct match_pair *p = malloc((np + 1) * sizeof(*p));
	struct match_unmatched *u = malloc((nu + 1) * sizeof(*u));
	if (!p || !u) {
		free(p);
		free(u);
		return -1;
	}
	memcpy(p, p0, np * sizeof(*p));
	memcpy(u, u0, nu * sizeof(*u));
	qsort(p, np, sizeof(*p), cmp_pair);
	qsort(u, nu, sizeof(*u), cmp_unmatched);
	for (size_t i = 0; i < np; i++) {
		struct match_explanation e;
		printf("%-28s -> %-28s %4d  ", in->mentee_names[p[i].mentee], in->mentor_names[p[i].mentor],
		       p[i].score);
		if (match_explain(in->inst, &in->cfg, p[i].mentee, p[i].mentor, &e) == MATCH_OK) {
			arena_t *line = arena_new(); /* the words of one line */
			for (uint32_t k = 0; k < e.n_reasons && k < 2; k++)
				printf("%s%s +%d (%s)", k ? "; " : "", match_criterion_name(e.reasons[k].criterion),
				       e.reasons[k].points, match_reason_detail(in, &e.reasons[k], line));
			arena_free(line);
		}
		putchar('\n');
	}
	for (size_t i = 0; i < nu; i++)
		printf("%-28s    unmatched: %s\n", in->mentee_names[u[i].mentee], match_unmatched_name(u[i].reason));
	size_t total = np + nu;
	printf("\n%s run: %zu pairs, %zu unmatched (%.1f%% matched), total score %lld\n", algorithm, np, nu,
	       total ? 100.0 * (double)np / (double)total : 0.0, (long long)match_result_total_score(r));
	struct match_certificate c;
	match_result_certificate(r, &c);
	if (c.certified)
		printf("certified_optimal: true (no pair of any mentee and mentor could raise the total; "
		       "%u round%s, %llu pair%s added)\n", c.rounds, c.rounds == 1 ? "" : "s",
		       (unsigned long long)c.arcs_added, c.arcs_added == 1 ? "" : "s");
	else
		printf("certified_optimal: false (%s)\n", match_cert_reason_name(c.reason));
	(void)a;
	free(p);
	free(u);
	return 0;
}

int cmd_match(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"program", required_argument, NULL, 'p'}, {"algorithm", required_argument, NULL, 'a'},
		{"dry-run", no_argument, NULL, 'n'}, {"time-limit", required_argument, NULL, 't'},
		CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int64_t program_id = 0;
	const char *algorithm = NULL;
	bool dry = false;
	double limit_s = 0;
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
		case 't': limit_s = strtod(optarg, NULL); break;
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
	if (limit_s < 0 || limit_s > 86400) {
		fprintf(stderr, "mentord match: --time-limit must be 0-86400 seconds\n");
		return 2;
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	arena_t *a = arena_new();
	db_t *db = db_pool_acquire(app.pool);
	program_t *prog = NULL;
	match_input_t in = {0};
	struct match_graph *g = NULL;
	struct match_result *res = NULL;
	const char *why = NULL;
	int64_t run_id = 0;
	int rc = 1;
	bool began = false;
	int st = store_program_get(db, a, program_id, &prog);
	if (st == DB_OK && !prog) {
		fprintf(stderr, "mentord match: no program %lld\n", (long long)program_id);
		goto done;
	}
	if (!algorithm)
		algorithm = prog && !strcmp(prog->matching, "stable") ? "stable" : "optimal";
	/* A write transaction only when the run is saved: a dry run reads. */
	if (st == DB_OK && !dry && (st = db_begin(db)) == DB_OK)
		began = true;
	double t0 = now_ms();
	if (st == DB_OK)
		st = match_input_load(db, a, prog, NULL, &in, &why);
	double t1 = now_ms();
	if (st == DB_OK)
		st = match_input_solve(&in, algorithm, (uint32_t)(limit_s * 1000), &g, &res, &why);
	double t2 = now_ms();
	if (st == DB_OK && !dry)
		st = match_input_save(db, a, prog, &in, algorithm, g, res, 0, t1 - t0, t2 - t1, &run_id);
	if (st == DB_OK && !dry)
		st = store_audit(db, 0, "match.run", "program", program_id, "cli");
	if (began) {
		if (st == DB_OK)
			st = db_commit(db);
		else
			db_rollback(db);
	}
	if (st != DB_OK) {
		fprintf(stderr, "mentord match: %s\n", why ? why : db_errmsg(db));
		goto done;
	}
	double t3 = now_ms();
	if (print_run(&in, res, algorithm, a)) {
		fprintf(stderr, "mentord match: out of memory\n");
		goto done;
	}
	struct match_certificate cert;
	match_result_certificate(res, &cert);
	fprintf(stderr, "mentord match: load %.0f ms, candidates + solve + certify %.0f ms "
		"(solve %.0f ms, certify %.0f ms), save %.0f ms, print %.0f ms\n", t1 - t0, t2 - t1,
		cert.solve_seconds * 1e3, cert.certify_seconds * 1e3, t3 - t2, now_ms() - t3);
	if (dry)
		printf("dry run: nothing saved\n");
	else
		printf("saved as draft run %lld; review and publish it on /programs/%lld/matching\n",
		       (long long)run_id, (long long)program_id);
	rc = 0;
done:
	match_result_free(res);
	match_graph_free(g);
	match_input_free(&in);
	db_pool_release(app.pool, db);
	arena_free(a);
	cli_close(&app);
	return rc;
}
