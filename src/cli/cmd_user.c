/* mentord init, mentord user add, mentord token create: the account
 * commands an administrator runs on the server machine. */
#include "cli/cli.h"
#include "api/api.h"
#include "core/arena.h"
#include "http/auth.h"
#include "store/store.h"

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

static int add_user(app_t *app, const user_args_t *a, const char *default_role)
{
	const char *role = a->role ? a->role : default_role;
	if (!a->email || !api_email_valid(a->email)) {
		fprintf(stderr, "mentord: --email must be an email address\n");
		return 2;
	}
	if (!a->name || !*a->name || strlen(a->name) > 200) {
		fprintf(stderr, "mentord: --name is required (at most 200 characters)\n");
		return 2;
	}
	if (role_parse(role) < 0) {
		fprintf(stderr, "mentord: --role must be member, manager or admin\n");
		return 2;
	}
	char hash[crypto_pwhash_STRBYTES];
	char *pw = NULL;
	if (a->password_stdin) {
		pw = cli_read_password();
		if (!pw || strlen(pw) < 10) {
			fprintf(stderr, "mentord: the password on standard input must be at least 10 characters\n");
			free(pw);
			return 2;
		}
		if (auth_hash_password(app, pw, hash) != 0) {
			fprintf(stderr, "mentord: cannot hash the password (out of memory)\n");
			free(pw);
			return 1;
		}
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
	user_t u = {.email = a->email, .name = a->name, .role = (role_t)role_parse(role), .active = true};
	db_t *db = db_pool_acquire(app->pool);
	int64_t id = 0;
	int st = db_begin(db);
	if (st == DB_OK)
		st = store_user_insert(db, &u, a->password_stdin ? hash : NULL, &id);
	if (st == DB_OK)
		st = store_audit(db, 0, "user.create", "user", id, "cli");
	if (st == DB_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	if (st == DB_CONSTRAINT)
		fprintf(stderr, "mentord: a user with email %s already exists\n", a->email);
	else if (st != DB_OK)
		fprintf(stderr, "mentord: cannot create the user: %s\n", db_errmsg(db));
	else
		printf("created %s %s (id %lld)\n", role, a->email, (long long)id);
	db_pool_release(app->pool, db);
	return st == DB_OK ? 0 : 1;
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
	printf("database %s is at schema version %d\n", cfg->db, version);
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
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	arena_t *ar = arena_new();
	db_t *db = db_pool_acquire(app.pool);
	user_t *u = NULL;
	char secret[AUTH_SECRET_CHARS], hash[AUTH_HASH_HEX];
	int64_t id = 0;
	int st = store_user_by_email(db, ar, a.email, &u, NULL);
	if (st == DB_OK && (!u || !u->active)) {
		fprintf(stderr, "mentord: no active user with email %s\n", a.email);
		rc = 1;
		goto done;
	}
	auth_new_secret("mtd_", secret);
	auth_secret_hash(secret, hash);
	if (st == DB_OK)
		st = db_begin(db);
	if (st == DB_OK)
		st = store_token_insert(db, u->id, a.label ? a.label : "cli", hash, &id);
	if (st == DB_OK)
		st = store_audit(db, u->id, "token.create", "api_token", id, "cli");
	if (st == DB_OK)
		st = db_commit(db);
	if (st != DB_OK) {
		db_rollback(db);
		fprintf(stderr, "mentord: cannot create the token: %s\n", db_errmsg(db));
		rc = 1;
		goto done;
	}
	printf("%s\n", secret);
	rc = 0;
done:
	db_pool_release(app.pool, db);
	arena_free(ar);
	cli_close(&app);
	return rc;
}
