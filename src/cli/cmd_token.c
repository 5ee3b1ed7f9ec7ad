/* mentord token: personal API tokens made, listed and revoked by an
 * administrator on the server machine, through the services behind
 * POST/GET /api/v1/tokens and DELETE /api/v1/tokens/{id} (svc/token.c).
 * A token expires after 90 days unless --days or --no-expiry (a
 * provisioning token made on purpose) says otherwise; --scope metrics makes
 * one that reads /metrics and nothing else, --scope provisioning one that
 * reaches SCIM at /scim/v2 and nothing else. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "http/schema_io.h"
#include "svc/token.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord token COMMAND [options] [--db URL]\n"
	"\n"
	"  create --email E [--name LABEL] [--days N | --no-expiry] [--scope api|metrics|provisioning]\n"
	"        Prints a new token for the account, once (use it as\n"
	"        'Authorization: Bearer <token>'). It works for 90 days unless --days N\n"
	"        (1 to 3650) or --no-expiry; --scope metrics makes a token for GET /metrics\n"
	"        only, for the monitoring; --scope provisioning one for SCIM at /scim/v2\n"
	"        only, for the identity provider (see docs/sso.md).\n"
	"  list --email E      the account's live tokens: id, name, scope, last use, expiry\n"
	"  revoke --id N       the token stops working\n";

typedef struct token_args {
	const char *email, *name, *scope, *days;
	int64_t id;
	bool no_expiry;
} token_args_t;

static int parse(int argc, char **argv, config_t *cfg, token_args_t *a)
{
	static const struct option longopts[] = {
		{"email", required_argument, NULL, 'e'}, {"name", required_argument, NULL, 'n'},
		{"days", required_argument, NULL, 'd'}, {"no-expiry", no_argument, NULL, 'x'},
		{"scope", required_argument, NULL, 's'}, {"id", required_argument, NULL, 'i'},
		CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return -1;
		if (c)
			continue;
		char *end;
		switch (opt) {
		case 'e': a->email = optarg; break;
		case 'n': a->name = optarg; break;
		case 'd': a->days = optarg; break;
		case 'x': a->no_expiry = true; break;
		case 's': a->scope = optarg; break;
		case 'i':
			a->id = strtoll(optarg, &end, 10);
			if (*end || a->id < 1) {
				fprintf(stderr, "mentord: --id must be a token's number\n");
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

static int refused(const svc_t *s, const verr_t *errs, int st)
{
	for (int i = 0; i < errs->n; i++)
		fprintf(stderr, "mentord: --%s %s\n", !strcmp(errs->e[i].field, "expires_in_days") ? "days" : errs->e[i].field,
			errs->e[i].msg);
	if (!errs->n)
		fprintf(stderr, "mentord: %s\n", s->detail && st == SVC_ERROR ? s->detail : s->err.message);
	return errs->n ? 2 : 1;
}

static int create(svc_t *s, arena_t *ar, const token_args_t *a)
{
	if (!a->email) {
		fprintf(stderr, "mentord: --email is required\n%s", usage);
		return 2;
	}
	if (a->days && a->no_expiry) {
		fprintf(stderr, "mentord: --days and --no-expiry exclude each other\n");
		return 2;
	}
	/* The flags by the rules of the API's body (name, scope, days). */
	sch_pair_t pairs[3];
	int n = 0;
	const char *name = a->name ? a->name : "cli";
	pairs[n++] = (sch_pair_t){"name", name, strlen(name)};
	if (a->scope)
		pairs[n++] = (sch_pair_t){"scope", a->scope, strlen(a->scope)};
	if (a->days)
		pairs[n++] = (sch_pair_t){"expires_in_days", a->days, strlen(a->days)};
	in_createToken_t in = {0};
	verr_t errs = {0};
	sch_read_pairs(&sch_TokenCreate, pairs, n, SCH_IN_BODY, true, NULL, &in.body, ar, &errs);
	if (errs.n)
		return refused(s, &errs, SVC_INVALID);
	svc_token_opts_t o = {.name = in.body.name, .scope = in.body.has_scope ? in.body.scope : "api",
			      .days = a->no_expiry ? -1 : in.body.has_expires_in_days ? (int)in.body.expires_in_days : 0};
	TokenCreated_t made;
	int st = svc_token_create_for(s, a->email, &o, &made);
	if (st)
		return refused(s, &s->fields, st);
	printf("%s\n", made.token);
	return 0;
}

static int list(svc_t *s, const token_args_t *a)
{
	if (!a->email) {
		fprintf(stderr, "mentord: --email is required\n%s", usage);
		return 2;
	}
	TokenList_t l;
	int st = svc_token_list_email(s, a->email, &l);
	if (st)
		return refused(s, &s->fields, st);
	printf("%-6s %-24s %-8s %-21s %-21s %s\n", "id", "name", "scope", "last used", "expires", "from");
	for (int i = 0; i < l.items.n; i++) {
		const Token_t *t = &l.items.v[i];
		char used[32] = "never", expires[32] = "never";
		if (!t->last_used_at_null)
			time_format(t->last_used_at, used, sizeof(used));
		if (!t->expires_at_null)
			time_format(t->expires_at, expires, sizeof(expires));
		printf("%-6lld %-24s %-8s %-21s %-21s %s\n", (long long)t->id, t->name, t->scope, used, expires,
		       t->last_used_ip);
	}
	return 0;
}

int cmd_token(int argc, char **argv, config_t *cfg)
{
	bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
	const char *cmd = argc >= 2 ? argv[1] : "";
	if (strcmp(cmd, "create") && strcmp(cmd, "list") && strcmp(cmd, "revoke")) {
		fputs(usage, help ? stdout : stderr);
		return help ? 0 : 2;
	}
	token_args_t a = {0};
	int rc = parse(argc - 1, argv + 1, cfg, &a);
	if (rc)
		return rc < 0 ? 2 : 0;
	if (!strcmp(cmd, "revoke") && !a.id) {
		fprintf(stderr, "mentord: --id is required\n%s", usage);
		return 2;
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	arena_t *ar = arena_new();
	db_t *db = db_pool_acquire(app.pool);
	svc_t s;
	svc_init_cli(&s, db, ar, (secret_cost_t){app.pw_ops, app.pw_mem});
	if (!strcmp(cmd, "create")) {
		rc = create(&s, ar, &a);
	} else if (!strcmp(cmd, "list")) {
		rc = list(&s, &a);
	} else {
		TokenRevoked_t out;
		int st = svc_token_revoke(&s, &(in_revokeToken_t){.id = a.id}, &out);
		rc = st ? refused(&s, &s.fields, st) : (printf("revoked token %lld\n", (long long)a.id), 0);
	}
	db_pool_release(app.pool, db);
	arena_free(ar);
	cli_close(&app);
	return rc;
}
