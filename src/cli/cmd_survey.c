/* mentord survey: a program's surveys from the server machine, through the
 * same services as the API (run as the command line's administrator):
 * `list --program ID` prints one line per survey (id, status, kind, sent,
 * answered, title); `results --survey ID` prints the results as
 * GET /api/v1/surveys/{id}/results answers them (JSON); `open`, `close` and
 * `archive --survey ID` change its status as PUT /surveys/{id}/status does.
 * Defining surveys stays with the pages and the API, where the questions
 * are checked one by one. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/schema_io.h"
#include "svc/svc.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord survey list --program ID [--db URL]\n"
	"       mentord survey results --survey ID [--db URL]\n"
	"       mentord survey open|close|archive --survey ID [--db URL]\n"
	"\n"
	"A program's surveys: one line each (id, status, kind, sent, answered, title);\n"
	"a survey's results as JSON (counts, averages, the NPS score, choice tallies,\n"
	"text answers); or open, close or archive one. Surveys are defined on the\n"
	"program's Surveys page or through the API.\n";

/* Prints v as indented JSON. */
static int print_json(const sch_type_t *t, const void *v)
{
	json_t *j = sch_to_jansson(t, v);
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!text) {
		fputs("mentord survey: out of memory\n", stderr);
		return 1;
	}
	int rc = puts(text) < 0 || fflush(stdout) != 0;
	free(text);
	return rc;
}

int cmd_survey(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"program", required_argument, NULL, 'p'}, {"survey", required_argument, NULL, 's'},
		CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *verb = argv[1];
	bool list = !strcmp(verb, "list"), results = !strcmp(verb, "results");
	const char *status = !strcmp(verb, "open") ? "open" : !strcmp(verb, "close") ? "closed"
		: !strcmp(verb, "archive") ? "archived" : NULL;
	if (!list && !results && !status) {
		fprintf(stderr, "mentord survey: unknown action \"%s\"\n%s", verb, usage);
		return 2;
	}
	int64_t program_id = 0, survey_id = 0;
	int opt;
	optind = 2;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return 2;
		if (c)
			continue;
		switch (opt) {
		case 'p': program_id = strtoll(optarg, NULL, 10); break;
		case 's': survey_id = strtoll(optarg, NULL, 10); break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mentord survey: unexpected argument \"%s\"\n%s", argv[optind], usage);
		return 2;
	}
	if (list ? program_id <= 0 : survey_id <= 0) {
		fprintf(stderr, "mentord survey: %s is required\n%s", list ? "--program ID" : "--survey ID", usage);
		return 2;
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	arena_t *a = arena_new();
	db_t *db = db_pool_acquire(app.pool);
	svc_t s;
	svc_init_cli(&s, db, a, (secret_cost_t){app.pw_ops, app.pw_mem});
	int st, rc = 1;
	if (list) {
		SurveyList_t l;
		if (!(st = svc_survey_list(&s, &(in_listSurveys_t){.id = program_id}, &l))) {
			for (int i = 0; i < l.items.n; i++) {
				const Survey_t *v = &l.items.v[i];
				printf("%lld\t%s\t%s\t%lld sent\t%lld answered\t%s\n", (long long)v->id, v->status, v->kind,
				       (long long)v->sent, (long long)v->answered, v->title);
			}
			if (!l.items.n)
				puts("no surveys");
			rc = fflush(stdout) != 0;
		}
	} else if (results) {
		SurveyResults_t res;
		if (!(st = svc_survey_results(&s, &(in_getSurveyResults_t){.id = survey_id}, &res)))
			rc = print_json(&sch_SurveyResults, &res);
	} else {
		Survey_t v;
		in_setSurveyStatus_t in = {.id = survey_id, .body = {.status = status}};
		if (!(st = svc_survey_status(&s, &in, &v)))
			rc = printf("survey %lld is %s\n", (long long)v.id, v.status) < 0;
	}
	if (st)
		fprintf(stderr, "mentord survey: %s\n", st == SVC_ERROR && s.detail ? s.detail : s.err.message);
	db_pool_release(app.pool, db);
	arena_free(a);
	cli_close(&app);
	return rc;
}
