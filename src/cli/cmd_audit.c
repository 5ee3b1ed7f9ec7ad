/* mentord audit and mentord security: the audit log read on the server
 * machine (newest first, by person and action, or as CSV, through the
 * service and the CSV writer behind GET /api/v1/audit and .csv), and the
 * organisation's sign-in rule (svc/org.c, PUT /api/v1/settings/security). */
#include "cli/cli.h"
#include "api/audit.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "svc/user.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char audit_usage[] =
	"usage: mentord audit [--person EMAIL] [--action ACTION] [--limit N] [--csv] [--db URL]\n"
	"\n"
	"Prints the audit log, newest first: when, who, what, on what. --person keeps the\n"
	"entries where the person acted or was acted on; --action one action (user.role) or\n"
	"every action under a prefix ending in a dot (user.). --limit N entries (default\n"
	"50); --csv every matching entry as CSV.\n";

static const char security_usage[] =
	"usage: mentord security [--require-two-factor yes|no] [--db URL]\n"
	"\n"
	"Prints the organisation's sign-in rules, or changes them: with two-factor sign-in\n"
	"required, administrators and program managers must set it up before anything else.\n";

typedef struct audit_args {
	const char *person, *action, *require;
	int limit;
	bool csv;
} audit_args_t;

static int parse(int argc, char **argv, config_t *cfg, audit_args_t *a, const char *usage)
{
	static const struct option longopts[] = {
		{"person", required_argument, NULL, 'p'}, {"action", required_argument, NULL, 'a'},
		{"limit", required_argument, NULL, 'l'}, {"csv", no_argument, NULL, 'c'},
		{"require-two-factor", required_argument, NULL, 'r'}, CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int opt;
	optind = 1;
	a->limit = 50;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return -1;
		if (c)
			continue;
		char *end;
		switch (opt) {
		case 'p': a->person = optarg; break;
		case 'a': a->action = optarg; break;
		case 'c': a->csv = true; break;
		case 'r': a->require = optarg; break;
		case 'l':
			a->limit = (int)strtol(optarg, &end, 10);
			if (*end || a->limit < 1 || a->limit > 1000) {
				fprintf(stderr, "mentord: --limit must be a number from 1 to 1000\n");
				return -1;
			}
			break;
		case 'h': fputs(usage, stdout); return 1;
		default: fputs(usage, stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mentord: unexpected argument \"%s\"\n%s", argv[optind], usage);
		return -1;
	}
	return 0;
}

typedef struct run {
	app_t app;
	arena_t *ar;
	db_t *db;
	svc_t s;
} run_t;

static int open_run(config_t *cfg, run_t *r)
{
	if (cli_open(cfg, &r->app, 1) != 0)
		return -1;
	r->ar = arena_new();
	r->db = db_pool_acquire(r->app.pool);
	svc_init_cli(&r->s, r->db, r->ar, (secret_cost_t){r->app.pw_ops, r->app.pw_mem});
	return 0;
}

static void close_run(run_t *r)
{
	db_pool_release(r->app.pool, r->db);
	arena_free(r->ar);
	cli_close(&r->app);
}

/* The action filter as the API declares it: a word, or words and a dot. */
static bool action_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz_");
	if (!n)
		return false;
	if (!s[n])
		return true;
	return s[n] == '.' && !s[n + 1 + strspn(s + n + 1, "abcdefghijklmnopqrstuvwxyz_")];
}

static int print_page(run_t *r, const svc_audit_filter_t *f, int limit)
{
	AuditList_t page;
	int st = svc_audit_page(&r->s, f, 0, limit, &page);
	if (st) {
		fprintf(stderr, "mentord: %s\n", r->s.err.message);
		return 1;
	}
	for (int i = 0; i < page.items.n; i++) {
		const AuditEntry_t *e = &page.items.v[i];
		char at[32];
		time_format(e->at, at, sizeof(at));
		printf("%s  %-22s %-26s %s", at, e->actor_id_null ? "(command line)" : e->actor_name_null ? "?" : e->actor_name,
		       e->action, e->object_type);
		if (!e->object_id_null)
			printf(" %lld", (long long)e->object_id);
		printf("  %s\n", e->detail);
	}
	return 0;
}

int cmd_audit(int argc, char **argv, config_t *cfg)
{
	audit_args_t a = {0};
	int rc = parse(argc, argv, cfg, &a, audit_usage);
	if (rc)
		return rc < 0 ? 2 : 0;
	if (a.action && !action_ok(a.action)) {
		fprintf(stderr, "mentord: --action must be an action such as user.role, or a prefix such as user.\n");
		return 2;
	}
	run_t r;
	if (open_run(cfg, &r) != 0)
		return 1;
	svc_audit_filter_t f = {.action = a.action};
	if (a.person) {
		user_t *u = NULL;
		if (svc_user_find(&r.s, a.person, &u)) {
			fprintf(stderr, "mentord: %s\n", r.s.err.message);
			close_run(&r);
			return 1;
		}
		f.person_id = u->id;
	}
	if (a.csv) {
		buf_t out = BUF_INIT;
		rc = api_audit_csv_write(&r.s, &f, &out);
		if (!rc)
			fwrite(out.data, 1, out.len, stdout);
		else
			fprintf(stderr, "mentord: %s\n", r.s.err.message);
		rc = rc ? 1 : 0;
		buf_free(&out);
	} else {
		rc = print_page(&r, &f, a.limit);
	}
	close_run(&r);
	return rc;
}

int cmd_security(int argc, char **argv, config_t *cfg)
{
	audit_args_t a = {0};
	int rc = parse(argc, argv, cfg, &a, security_usage);
	if (rc)
		return rc < 0 ? 2 : 0;
	bool on = a.require && (!strcmp(a.require, "yes") || !strcmp(a.require, "on") || !strcmp(a.require, "true"));
	if (a.require && !on && strcmp(a.require, "no") && strcmp(a.require, "off") && strcmp(a.require, "false")) {
		fprintf(stderr, "mentord: --require-two-factor must be yes or no\n");
		return 2;
	}
	run_t r;
	if (open_run(cfg, &r) != 0)
		return 1;
	SecuritySettings_t cur;
	int st = a.require ? svc_org_security_put(&r.s, &(in_putSecuritySettings_t){.body = {.require_two_factor = on}}, &cur)
			   : svc_org_security_get(&r.s, &cur);
	if (st) {
		fprintf(stderr, "mentord: %s\n", r.s.err.message);
		rc = 1;
	} else {
		printf("two-factor sign-in required of administrators and program managers: %s\n",
		       cur.require_two_factor ? "yes" : "no");
	}
	close_run(&r);
	return rc;
}
