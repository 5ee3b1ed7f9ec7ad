/* mentord report: a program's outcome report on standard output, the same
 * as GET /api/v1/programs/{id}/report (JSON) or, with --csv, report.csv:
 * outcomes (phases, meeting regularity, goal completion, satisfaction,
 * progress toward goal targets, health) and one row per relationship with
 * its health score and flags. For administrators on the server machine:
 * the report service (svc_report_get) runs as the command line's
 * administrator. */
#include "cli/cli.h"
#include "svc/health.h"
#include "api/health.h"
#include "core/arena.h"
#include "http/schema_io.h"
#include "svc/svc.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord report --program ID [--csv] [--db URL]\n"
	"\n"
	"Prints the program's report: its outcomes and one row per relationship with\n"
	"its health score and the missteps flagged, as JSON, or with --csv the rows as\n"
	"CSV (RFC 4180). Counts and dates only: nothing the pairs wrote.\n";

int cmd_report(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"program", required_argument, NULL, 'p'}, {"csv", no_argument, NULL, 'c'},
		CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int64_t program_id = 0;
	bool csv = false;
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
		case 'c': csv = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mentord report: unexpected argument \"%s\"\n%s", argv[optind], usage);
		return 2;
	}
	if (program_id <= 0) {
		fprintf(stderr, "mentord report: --program ID is required\n%s", usage);
		return 2;
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	arena_t *a = arena_new();
	db_t *db = db_pool_acquire(app.pool);
	svc_t s;
	ProgramReport_t rep;
	buf_t out = BUF_INIT;
	int rc = 1;
	svc_init_cli(&s, db, a, (secret_cost_t){app.pw_ops, app.pw_mem});
	int st = svc_report_get(&s, &(in_getProgramReport_t){.id = program_id}, &rep);
	if (st != SVC_OK) {
		fprintf(stderr, "mentord report: %s\n", st == SVC_ERROR && s.detail ? s.detail : s.err.message);
		goto done;
	}
	if (csv) {
		api_report_csv_header(&out);
		for (int i = 0; i < rep.items.n; i++)
			api_report_csv_row(&out, &rep.items.v[i]);
	} else {
		/* Indented, for people reading it in a terminal. */
		json_t *j = sch_to_jansson(&sch_ProgramReport, &rep);
		char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(j);
		if (!text) {
			fputs("mentord report: out of memory\n", stderr);
			goto done;
		}
		buf_puts(&out, text);
		buf_putc(&out, '\n');
		free(text);
	}
	if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		perror("mentord report");
		goto done;
	}
	rc = 0;
done:
	buf_free(&out);
	db_pool_release(app.pool, db);
	arena_free(a);
	cli_close(&app);
	return rc;
}
