/* mentord match: runs matching for a program from the command line and
 * prints every proposed pair with its score and top reasons, and every
 * unmatched mentee with the reason. Without --dry-run the run is saved as
 * a draft for the program's managers to review, edit and publish. */
#include "cli/cli.h"
#include "svc/matching.h"
#include "core/arena.h"

#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord match --program ID [--algorithm optimal|stable] [--time-limit SECONDS]\n"
	"                     [--dry-run] [--db URL]\n"
	"\n"
	"Runs matching for the program and prints the proposed pairs (score and why),\n"
	"the unmatched mentees (and why), whether the total is certified optimal\n"
	"over every mentee x mentor pair, and how long loading, solving and certifying\n"
	"took. Saves the run as a draft to review and publish on the program's\n"
	"matching page or through the API; --dry-run saves nothing. --time-limit\n"
	"stops certifying after that long (the best total found is kept and the run\n"
	"says it is not certified).\n";

static void print_run(const MatchRun_t *run)
{
	int nm = run->matches.n, nu = run->unmatched.n;
	for (int i = 0; i < nm; i++) {
		const MatchPair_t *p = &run->matches.v[i];
		printf("%-28s -> %-28s %4lld  ", p->mentee_name, p->mentor_name, (long long)p->score);
		for (int k = 0; k < p->reasons.n && k < 2; k++) {
			const MatchReason_t *r = &p->reasons.v[k];
			printf("%s%s +%lld (%s)", k ? "; " : "", r->criterion, (long long)r->points, r->detail);
		}
		printf("\n");
	}
	for (int i = 0; i < nu; i++)
		printf("%-28s    unmatched: %s\n", run->unmatched.v[i].mentee_name, run->unmatched.v[i].reason);
	int total = nm + nu;
	printf("\n%s run: %d pairs, %d unmatched (%.1f%% matched), total score %lld\n", run->algorithm, nm, nu,
	       total ? 100.0 * (double)nm / (double)total : 0.0, (long long)run->total_score);
	if (run->certified_optimal)
		printf("certified_optimal: true (no pair outside the proposal can raise the total; %lld round%s)\n",
		       (long long)run->stats.certificate_rounds, run->stats.certificate_rounds == 1 ? "" : "s");
	else
		printf("certified_optimal: false (%s)\n",
		       run->certified_optimal_reason ? run->certified_optimal_reason : "not recorded");
	printf("times: load %.0f ms, candidates and solve %.0f ms (certificate %.0f ms of it)\n", run->stats.load_ms,
	       run->stats.solve_ms, run->stats.certify_ms);
}

int cmd_match(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"program", required_argument, NULL, 'p'}, {"algorithm", required_argument, NULL, 'a'},
		{"dry-run", no_argument, NULL, 'n'}, {"time-limit", required_argument, NULL, 'T'},
		CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int64_t program_id = 0;
	double limit_s = 0;
	char *end;
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
		case 'T':
			limit_s = strtod(optarg, &end);
			if (*end || end == optarg || !(limit_s >= 0 && limit_s <= 86400)) {
				fprintf(stderr, "mentord match: --time-limit must be seconds from 0 to 86400\n");
				return 2;
			}
			break;
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
	/* The engine allocates and frees arrays of tens of MiB round after
	 * round (graphs, arcs by mentor, the pairs a search found). glibc
	 * raises its mmap threshold to the size of each mapped block freed,
	 * after which such arrays come from the heap, where a freed one
	 * stays resident and a grown one is copied: a fixed 1 MiB threshold
	 * gives them back (100,000 x 20,000: peak 427 -> 388 MiB). */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	app_t app;
	if (cli_open(cfg, &app, 2 /* the load reads profile items on the second */) != 0)
		return 1;
	arena_t *a = arena_new();
	db_t *db = db_pool_acquire(app.pool);
	svc_t s;
	svc_init_cli(&s, db, a, (secret_cost_t){app.pw_ops, app.pw_mem});
	MatchRun_t run = {0};
	int st;
	uint32_t limit_ms = (uint32_t)(limit_s * 1000.0 + 0.5);
	if (dry)
		st = svc_match_run_preview(&s, program_id, algorithm, limit_ms, &run);
	else
		st = svc_match_run_create(&s, &(in_runMatching_t){.id = program_id, .has_body = true,
				.body = {.has_algorithm = algorithm != NULL, .algorithm = algorithm,
					 .has_time_limit_ms = limit_ms > 0, .time_limit_ms = limit_ms}}, &run);
	if (st == SVC_OK) {
		print_run(&run);
		if (dry)
			printf("dry run: nothing saved\n");
		else
			printf("saved as draft run %lld; review and publish it on /programs/%lld/matching\n",
			       (long long)run.id, (long long)program_id);
	} else {
		fprintf(stderr, "mentord match: %s%s%s\n", s.err.message ? s.err.message : "failed",
			s.fields.n ? ": " : "", s.fields.n ? s.fields.e[0].msg : "");
	}
	db_pool_release(app.pool, db);
	arena_free(a);
	cli_close(&app);
	return st == SVC_OK ? 0 : 1;
}
