/* mentord init and mentord user: the account commands an administrator runs
 * on the server machine, through the same services as the API
 * (svc/user.c, svc/invite.c, svc/password.c, svc/two_factor.c), so every
 * change is checked by the same rules and written to the audit log (with
 * no actor: the command line). The flags of an account are read into the
 * operation's declared body by the rules a form obeys, so the command line
 * refuses what the API refuses. People are named by email. Mail (an
 * invitation, a reset link) waits in the outbox for the server to send it;
 * --print-link also prints the link, for an organisation without mail. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "http/schema_io.h"
#include "store/store.h"
#include "svc/invite.h"
#include "svc/password.h"
#include "svc/two_factor.h"
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
	"usage: mentord user COMMAND [options] [--db URL]\n"
	"\n"
	"  add --email E --name N [--role member|manager|admin] [--password-stdin]\n"
	"      [--no-invite] [--print-link]\n"
	"        Creates an account. With --password-stdin the password (at least 10\n"
	"        characters) is the first line of standard input; without it the person\n"
	"        is invited by mail to choose one (a link valid 7 days), unless --no-invite.\n"
	"  list [--status invited|active|deactivated] [--role R] [--search TEXT]\n"
	"        Lists accounts: status, role, last sign-in, two-factor, invitation.\n"
	"  invite --email E [--print-link]\n"
	"        Sends the invitation again: a new link, the old one stops working.\n"
	"  role --email E --role member|manager|admin\n"
	"  deactivate --email E     ends every session, revokes every token and link\n"
	"  reactivate --email E\n"
	"  reset-password --email E [--print-link]\n"
	"        Mails a password reset link (valid one hour).\n"
	"  reset-2fa --email E       turns the person's two-factor sign-in off\n"
	"  sign-out --email E        ends every session and revokes every API token\n"
	"\n"
	"--print-link also prints the link of the mail, for an organisation whose server\n"
	"sends no mail (smtp_url unset): hand it to the person yourself.\n";

typedef struct user_args {
	const char *email, *name, *role, *status, *search;
	bool password_stdin, no_invite, print_link;
} user_args_t;

/* Parses the flags of the account commands; returns -1 on error, 1 if
 * --help was printed. */
static int parse(int argc, char **argv, config_t *cfg, user_args_t *a, const char *usage)
{
	static const struct option longopts[] = {
		{"email", required_argument, NULL, 'e'}, {"admin-email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'}, {"admin-name", required_argument, NULL, 'n'},
		{"role", required_argument, NULL, 'r'}, {"password-stdin", no_argument, NULL, 'p'},
		{"status", required_argument, NULL, 's'}, {"search", required_argument, NULL, 'q'},
		{"no-invite", no_argument, NULL, 'N'}, {"print-link", no_argument, NULL, 'L'},
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
		case 'n': a->name = optarg; break;
		case 'r': a->role = optarg; break;
		case 'p': a->password_stdin = true; break;
		case 's': a->status = optarg; break;
		case 'q': a->search = optarg; break;
		case 'N': a->no_invite = true; break;
		case 'L': a->print_link = true; break;
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
	if (st == SVC_CONFLICT || st == SVC_NOT_FOUND || st == SVC_FORBIDDEN)
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

/* One command's context: the database, an arena, the services as the
 * command line (an administrator). */
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

static int add_user(run_t *r, const user_args_t *a, const char *default_role)
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
	sch_pair_t pairs[5];
	int n = 0;
	add_pair(pairs, &n, "email", a->email);
	add_pair(pairs, &n, "name", a->name);
	add_pair(pairs, &n, "role", a->role ? a->role : default_role);
	add_pair(pairs, &n, "password", pw);
	/* With --print-link the invitation is sent below, where its link is known. */
	if (!pw && (a->no_invite || a->print_link))
		add_pair(pairs, &n, "send_invitation", "false");
	in_createUser_t in = {0};
	verr_t errs = {0};
	sch_read_pairs(&sch_UserCreate, pairs, n, SCH_IN_BODY, true, NULL, &in.body, r->ar, &errs);
	if (pw) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
	User_t made;
	int st = errs.n ? SVC_INVALID : svc_user_create(&r->s, &in, &made);
	if (st == SVC_INVALID && !errs.n)
		errs = r->s.fields;
	if (st)
		return refused(&r->s, &errs, st, "create the user");
	printf("created %s %s (id %lld)\n", made.role, made.email, (long long)made.id);
	if (!strcmp(made.status, "invited") && !a->no_invite) {
		const char *link = NULL;
		InvitationSent_t sent;
		if (a->print_link && (st = svc_invite_send_email(&r->s, made.email, &link, &sent)))
			return refused(&r->s, &(verr_t){0}, st, "send the invitation");
		printf("invited by mail (the link works once, for 7 days)\n");
		if (link)
			printf("%s\n", link);
	}
	return 0;
}

int cmd_init(int argc, char **argv, config_t *cfg)
{
	user_args_t a = {0};
	int rc = parse(argc, argv, cfg, &a, init_usage);
	if (rc)
		return rc < 0 ? 2 : 0;
	run_t r;
	if (open_run(cfg, &r) != 0)
		return 1;
	int version = 0;
	store_schema_version(r.db, &version);
	printf("database %s is at schema version %d\n", cfg->db_shown, version);
	if (a.email) {
		if (!a.name)
			a.name = "Administrator";
		a.role = "admin";
		rc = add_user(&r, &a, "admin");
	}
	close_run(&r);
	return rc;
}

static int list_users(run_t *r, const user_args_t *a)
{
	if (a->status && strcmp(a->status, "invited") && strcmp(a->status, "active") && strcmp(a->status, "deactivated")) {
		fprintf(stderr, "mentord: --status must be one of invited, active, deactivated\n");
		return 2;
	}
	if (a->role && role_parse(a->role) < 0) {
		fprintf(stderr, "mentord: --role must be one of member, manager, admin\n");
		return 2;
	}
	in_listUsers_t in = {.has_limit = true, .limit = 500, .has_q = a->search != NULL, .q = a->search,
			     .has_role = a->role != NULL, .role = a->role, .has_status = a->status != NULL,
			     .status = a->status};
	const char *cursor = NULL;
	printf("%-6s %-32s %-24s %-8s %-11s %-20s %s\n", "id", "email", "name", "role", "status", "last sign-in", "2fa");
	do {
		in.has_cursor = cursor != NULL;
		in.cursor = cursor;
		UserList_t page;
		int st = svc_user_list(&r->s, &in, &page);
		if (st)
			return refused(&r->s, &r->s.fields, st, "list the users");
		for (int i = 0; i < page.items.n; i++) {
			const User_t *u = &page.items.v[i];
			char last[32] = "never", until[32] = "";
			if (!u->last_login_at_null)
				time_format(u->last_login_at, last, sizeof(last));
			if (!u->invitation_expires_at_null)
				time_format(u->invitation_expires_at, until, sizeof(until));
			printf("%-6lld %-32s %-24s %-8s %-11s %-20s %s", (long long)u->id, u->email, u->name, u->role,
			       u->status, last, u->two_factor ? "on" : "off");
			if (!strcmp(u->status, "invited"))
				printf("  %s", *until ? arena_printf(r->ar, "invitation valid until %s", until)
						      : u->invited_at_null ? "not invited yet" : "invitation expired");
			putchar('\n');
		}
		cursor = page.next;
	} while (cursor);
	return 0;
}

/* The commands that act on one account named by email. */
static int act(run_t *r, const char *cmd, const user_args_t *a)
{
	user_t *u = NULL;
	if (!a->email) {
		fprintf(stderr, "mentord: --email is required\n%s", user_usage);
		return 2;
	}
	int st = svc_user_find(&r->s, a->email, &u);
	if (st)
		return refused(&r->s, &(verr_t){0}, st, cmd);
	const char *link = NULL;
	User_t out;
	if (!strcmp(cmd, "invite")) {
		InvitationSent_t sent;
		if (!(st = svc_invite_send_email(&r->s, a->email, &link, &sent)))
			printf("invited %s by mail (the link works once, for 7 days)\n", u->email);
	} else if (!strcmp(cmd, "role")) {
		if (!a->role) {
			fprintf(stderr, "mentord: --role is required\n");
			return 2;
		}
		sch_pair_t pairs[1] = {{"role", a->role, strlen(a->role)}};
		in_updateUser_t in = {.id = u->id};
		verr_t errs = {0};
		sch_read_pairs(&sch_UserPatch, pairs, 1, SCH_IN_BODY, true, NULL, &in.body, r->ar, &errs);
		if (errs.n)
			return refused(&r->s, &errs, SVC_INVALID, cmd);
		if (!(st = svc_user_update(&r->s, &in, &out)))
			printf("%s is now %s\n", out.email, out.role);
	} else if (!strcmp(cmd, "deactivate")) {
		if (!(st = svc_user_deactivate(&r->s, &(in_deactivateUser_t){.id = u->id}, &out)))
			printf("deactivated %s: signed out everywhere, tokens and links revoked\n", out.email);
	} else if (!strcmp(cmd, "reactivate")) {
		in_updateUser_t in = {.id = u->id, .body = {.has_active = true, .active = true}};
		if (!(st = svc_user_update(&r->s, &in, &out)))
			printf("reactivated %s (%s)\n", out.email, out.status);
	} else if (!strcmp(cmd, "reset-password")) {
		if (!(st = svc_password_reset_send(&r->s, a->email, &link)))
			printf("mailed a password reset link to %s (it works once, for one hour)\n", u->email);
	} else if (!strcmp(cmd, "reset-2fa")) {
		if (!(st = svc_two_factor_reset_id(&r->s, u->id, &out)))
			printf("two-factor sign-in of %s is off\n", out.email);
	} else { /* sign-out */
		SignedOut_t so;
		if (!(st = svc_user_sign_out(&r->s, &(in_signOutUser_t){.id = u->id}, &so)))
			printf("signed %s out: %lld sessions ended, %lld tokens revoked\n", u->email,
			       (long long)so.sessions_ended, (long long)so.tokens_revoked);
	}
	if (st)
		return refused(&r->s, &r->s.fields, st, cmd);
	if (link && a->print_link)
		printf("%s\n", link);
	return 0;
}

int cmd_user(int argc, char **argv, config_t *cfg)
{
	static const char *const cmds[] = {"add", "list", "invite", "role", "deactivate", "reactivate",
					   "reset-password", "reset-2fa", "sign-out", NULL};
	bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
	const char *cmd = NULL;
	for (int i = 0; argc >= 2 && cmds[i]; i++)
		if (!strcmp(argv[1], cmds[i]))
			cmd = cmds[i];
	if (!cmd) {
		if (!help && argc >= 2)
			fprintf(stderr, "mentord: unknown user command \"%s\"\n", argv[1]);
		fputs(user_usage, help ? stdout : stderr);
		return help ? 0 : 2;
	}
	user_args_t a = {0};
	int rc = parse(argc - 1, argv + 1, cfg, &a, user_usage);
	if (rc)
		return rc < 0 ? 2 : 0;
	run_t r;
	if (open_run(cfg, &r) != 0)
		return 1;
	if (!strcmp(cmd, "add"))
		rc = add_user(&r, &a, "member");
	else if (!strcmp(cmd, "list"))
		rc = list_users(&r, &a);
	else
		rc = act(&r, cmd, &a);
	close_run(&r);
	return rc;
}
