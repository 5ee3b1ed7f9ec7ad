/* mentord init, mentord user add, mentord token create: the account
 * commands an administrator runs on the server machine, through the same
 * services as POST /api/v1/users and POST /api/v1/tokens (svc/user.c,
 * svc/auth.c). The flags are read into the operations' declared bodies by
 * the rules a form obeys, so the command line refuses what the API
 * refuses. */
#include "cli/cli.h"
#include "core/arena.h"
#include "http/schema_io.h"
#include "store/store.h"
#include "svc/auth.h"
#include "svc/user.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char init_usage[] =
	"usage: mentord init [--db URL] [--admin-email E --admin-name N] [--password-stdin]\n"
	"\n"
	"Creates the database or brings its schema up to date. With --admin-email, also\n"
	"creates the first administrator; the password is read from standard input.\n";

static const char user_usage[] =
	"usage: mentord user add --email E --name N [--role member|manager|admin]\n"
	"                        [--password-stdin] [--db URL]\n"
	"\n"
	"Creates an account. With --password-stdin the password (at least 10 characters)\n"
	"is read from the first line of standard input; without it the account cannot log\n"
	"in with a password until an administrator sets one.\n";

static const char token_usage[] =
	"usage: mentord token create --email E [--name LABEL] [--db URL]\n"
	"\n"
	"Creates a personal API token for the account and prints it once. Use it as\n"
	"'Authorization: Bearer <token>'.\n";

typedef struct user_args {
	const char *email, *name, *role, *label;
	bool password_stdin;
} user_args_t;

/* Parses the flags shared by the account commands; returns -1 on error,
 * 1 if --help was printed. */
static int parse(int argc, char **argv, config_t *cfg, user_args_t *a, const char *usage)
{
	static const struct option longopts[] = {
		{"email", required_argument, NULL, 'e'}, {"admin-email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'}, {"admin-name", required_argument, NULL, 'n'},
		{"role", required_argument, NULL, 'r'}, {"password-stdin", no_argument, NULL, 'p'},
		CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return -1;
		if (c)
			continue;
		switch (opt) {
		case 'e': a->email = optarg; break;
		case 'n': a->name = optarg; a->label = optarg; break;
		case 'r': a->role = optarg; break;
		case 'p': a->password_stdin = true; break;
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

/* Reads the flags into the declared body of an operation, by the same
 * rules a form post obeys (http/schema_io.h): one text rule, lengths,
 * formats, enums. */
static void read_flags(const sch_type_t *t, const sch_pair_t *pairs, int n, void *body, arena_t *a,
		       verr_t *errs)
{
	sch_read_pairs(t, pairs, n, SCH_IN_BODY, true, NULL, body, a, errs);
}

/* How a field was given on the command line, for messages. */
static const char *flag_of(const char *field)
{
	return !strcmp(field, "password") ? "the password on standard input" : field;
}

/* Prints a service's refusal; returns the exit status (2 for input the
 * person can correct, 1 otherwise). */
static int refused(const svc_t *s, const verr_t *errs, int st, const char *what)
{
	for (int i = 0; i < errs->n; i++)
		fprintf(stderr, "mentord: %s%s %s\n", strcmp(errs->e[i].field, "password") ? "--" : "",
			flag_of(errs->e[i].field), errs->e[i].msg);
	if (errs->n)
		return 2;
	if (st == SVC_CONFLICT || st == SVC_NOT_FOUND)
		fprintf(stderr, "mentord: %s\n", s->err.message);
	else
		fprintf(stderr, "mentord: cannot %s: %s\n", what, s->detail ? s->detail : s->err.message);
	return 1;
}

static void add_pair(sch_pair_t *pairs, int *n, const char *name, const char *value)
{
	if (value)
		pairs[(*n)++] = (sch_pair_t){name, value, strlen(value)};
}

static int add_user(app_t *app, const user_args_t *a, const char *default_role)
{
	char *pw = NULL;
	if (a->password_stdin) {
		pw = cli_read_password();
		if (!pw || !*pw) { /* an empty line is no password, not "no password wanted" */
			fprintf(stderr, "mentord: the password on standard input must be at least 10 characters\n");
			free(pw);
			return 2;
		}
	}
	arena_t *ar = arena_new();
	sch_pair_t pairs[4];
	int n = 0;
	add_pair(pairs, &n, "email", a->email);
	add_pair(pairs, &n, "name", a->name);
	add_pair(pairs, &n, "role", a->role ? a->role : default_role);
	add_pair(pairs, &n, "password", pw);
	in_createUser_t in = {0};
	verr_t errs = {0};
	read_flags(&sch_UserCreate, pairs, n, &in.body, ar, &errs);
	if (pw) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
	svc_t s;
	db_t *db = db_pool_acquire(app->pool);
	svc_init_cli(&s, db, ar, (secret_cost_t){app->pw_ops, app->pw_mem});
	User_t made;
	int st = errs.n ? SVC_INVALID : svc_user_create(&s, &in, &made);
	int rc = 0;
	if (st == SVC_INVALID && !errs.n)
		errs = s.fields;
	if (st)
		rc = refused(&s, &errs, st, "create the user");
	else
		printf("created %s %s (id %lld)\n", made.role, made.email, (long long)made.id);
	db_pool_release(app->pool, db);
	arena_free(ar);
	return rc;
}

int cmd_init(int argc, char **argv, config_t *cfg)
{
	user_args_t a = {0};
	int rc = parse(argc, argv, cfg, &a, init_usage);
	if (rc)
		return rc < 0 ? 2 : 0;
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	db_t *db = db_pool_acquire(app.pool);
	int version = 0;
	store_schema_version(db, &version);
	db_pool_release(app.pool, db);
	printf("database %s is at schema version %d\n", cfg->db_shown, version);
	if (a.email) {
		if (!a.name)
			a.name = "Administrator";
		a.role = "admin";
		rc = add_user(&app, &a, "admin");
	}
	cli_close(&app);
	return rc;
}

int cmd_user(int argc, char **argv, config_t *cfg)
{
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		fputs(argc >= 2 && !strcmp(argv[1], "--help") ? user_usage : user_usage,
		      argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
		return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 2;
	}
	user_args_t a = {0};
	int rc = parse(argc - 1, argv + 1, cfg, &a, user_usage);
	if (rc)
		return rc < 0 ? 2 : 0;
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	rc = add_user(&app, &a, "member");
	cli_close(&app);
	return rc;
}

int cmd_token(int argc, char **argv, config_t *cfg)
{
	bool help = argc >= 2 && !strcmp(argv[1], "--help");
	if (argc < 2 || strcmp(argv[1], "create") != 0) {
		fputs(token_usage, help ? stdout : stderr);
		return help ? 0 : 2;
	}
	user_args_t a = {0};
	int rc = parse(argc - 1, argv + 1, cfg, &a, token_usage);
	if (rc)
		return rc < 0 ? 2 : 0;
	if (!a.email) {
		fprintf(stderr, "mentord: --email is required\n%s", token_usage);
		return 2;
	}
	sch_pair_t pairs[1];
	int n = 0;
	add_pair(pairs, &n, "name", a.label ? a.label : "cli");
	in_createToken_t in = {0};
	verr_t errs = {0};
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	arena_t *ar = arena_new();
	read_flags(&sch_TokenCreate, pairs, n, &in.body, ar, &errs);
	db_t *db = db_pool_acquire(app.pool);
	svc_t s;
	svc_init_cli(&s, db, ar, (secret_cost_t){app.pw_ops, app.pw_mem});
	TokenCreated_t made;
	int st = errs.n ? SVC_INVALID : svc_token_create_for(&s, a.email, in.body.name, &made);
	if (st) {
		rc = refused(&s, &errs, st, "create the token");
		goto done;
	}
	printf("%s\n", made.token);
	rc = 0;
done:
	db_pool_release(app.pool, db);
	arena_free(ar);
	cli_close(&app);
	return rc;
}
