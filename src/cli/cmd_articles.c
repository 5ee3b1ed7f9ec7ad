/* The guidance library on the command line: `mentord articles` loads the
 * starter set into a database or lists the library with each article's
 * helpfulness; `mentord init` loads the starter set after creating or
 * upgrading the database (cmd_init_with_guides wraps cmd_init, so a
 * database made by init always has its guides); and `mentord demo` adds the
 * library with a few votes, a comment and an answered request of the demo
 * people. Everything goes through the services (svc/article.h), as the API
 * and the pages do. */
#include "cli/cli.h"
#include "core/arena.h"
#include "store/store.h"
#include "svc/article.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord articles load-starters|list [--db URL]\n"
	"\n"
	"The guidance library.\n"
	"  load-starters  loads the starter set: every starter guide never loaded\n"
	"                 before, published (guides an editor changed or archived\n"
	"                 since are left as they are); `mentord init` does this too\n"
	"  list           every article: id, status, version, helpfulness, title\n";

/* Loads the starter set with db; prints what happened. 0 or 1. */
static int load(db_t *db, bool quiet)
{
	arena_t *a = arena_new();
	svc_t s;
	svc_init_cli(&s, db, a, (secret_cost_t){0});
	int loaded = 0, kept = 0, rc = 0;
	int st = svc_article_load_starters(&s, &loaded, &kept);
	if (st != SVC_OK) {
		fprintf(stderr, "mentord: cannot load the starter guides: %s%s%s\n", s.err.message,
			s.detail ? ": " : "", s.detail ? s.detail : "");
		rc = 1;
	} else if (!quiet || loaded) {
		printf("guides: %d starter articles loaded, %d already there\n", loaded, kept);
	}
	arena_free(a);
	return rc;
}

static int list(db_t *db)
{
	arena_t *a = arena_new();
	svc_t s;
	svc_init_cli(&s, db, a, (secret_cost_t){0});
	in_listArticles_t in = {.has_status = true, .status = "all", .has_limit = true, .limit = 100};
	ArticleList_t page = {0};
	int st = SVC_OK, n = 0;
	do {
		if ((st = svc_article_list(&s, &in, &page)) != SVC_OK)
			break;
		for (int i = 0; i < page.items.n; i++, n++) {
			const Article_t *x = &page.items.v[i];
			printf("%5lld  %-9s v%-3lld %-40s %s\n", (long long)x->id, x->status, (long long)x->version,
			       x->helpful.text, x->title);
		}
		in.has_cursor = page.next != NULL;
		in.cursor = page.next;
	} while (page.next);
	if (st == SVC_OK)
		printf("%d articles\n", n);
	else
		fprintf(stderr, "mentord: cannot list the articles: %s\n", s.err.message);
	arena_free(a);
	return st == SVC_OK ? 0 : 1;
}

int cmd_articles(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	const char *what = argc >= 2 ? argv[1] : "";
	if (strcmp(what, "load-starters") && strcmp(what, "list")) {
		bool help = !strcmp(what, "--help") || !strcmp(what, "-h");
		fputs(usage, help ? stdout : stderr);
		return help ? 0 : 2;
	}
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc - 1, argv + 1, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return 2;
		if (c)
			continue;
		fputs(usage, opt == 'h' ? stdout : stderr);
		return opt == 'h' ? 0 : 2;
	}
	if (optind < argc - 1) {
		fprintf(stderr, "mentord: unexpected argument \"%s\"\n%s", argv[optind + 1], usage);
		return 2;
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	db_t *db = db_pool_acquire(app.pool);
	int rc = !strcmp(what, "list") ? list(db) : load(db, false);
	db_pool_release(app.pool, db);
	cli_close(&app);
	return rc;
}

int cmd_init_with_guides(int argc, char **argv, config_t *cfg)
{
	int rc = cmd_init(argc, argv, cfg);
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return rc;
	if (rc != 0)
		return rc;
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	db_t *db = db_pool_acquire(app.pool);
	rc = load(db, false);
	db_pool_release(app.pool, db);
	cli_close(&app);
	return rc;
}

/* ---- the demo ---- */

/* A service context for one of the demo people. */
static int as_person(svc_t *s, db_t *db, arena_t *a, const char *email)
{
	user_t *u = NULL;
	int st = store_user_by_email(db, a, email, &u, NULL);
	if (st != DB_OK || !u)
		return st != DB_OK ? st : DB_ERROR;
	svc_init(s, db, a, u->id, u->role, u->name, u->email, "cli", (secret_cost_t){0});
	return DB_OK;
}

/* The id of the published starter article with this word in its title. */
static int64_t find(svc_t *s, const char *q)
{
	in_listArticles_t in = {.has_q = true, .q = q, .has_limit = true, .limit = 1};
	ArticleList_t l = {0};
	return svc_article_list(s, &in, &l) == SVC_OK && l.items.n ? l.items.v[0].id : 0;
}

static bool ok(svc_t *s, int st, const char *what)
{
	if (st == SVC_OK)
		return true;
	fprintf(stderr, "mentord demo: %s: %s\n", what, s->err.message ? s->err.message : "failed");
	return false;
}

int cli_demo_guides(db_t *db, int64_t program_id)
{
	if (load(db, true))
		return 1;
	if (!program_id)
		return 0;
	arena_t *a = arena_new();
	svc_t mentee, mentor, manager;
	int rc = 1;
	if (as_person(&mentee, db, a, "mentee@demo.mentord.test") != DB_OK ||
	    as_person(&mentor, db, a, "mentor@demo.mentord.test") != DB_OK ||
	    as_person(&manager, db, a, "manager@demo.mentord.test") != DB_OK) {
		fprintf(stderr, "mentord demo: the demo people are missing\n");
		goto done;
	}
	int64_t smart = find(&mentee, "SMART goals"), thanks = find(&mentee, "thank"),
		missteps = find(&mentor, "missteps");
	if (!smart || !thanks || !missteps) {
		fprintf(stderr, "mentord demo: the starter guides are missing\n");
		goto done;
	}
	ArticleVotes_t v;
	ArticleComment_t c;
	HelpRequest_t hr, answered;
	if (!ok(&mentee, svc_article_vote(&mentee, &(in_voteArticle_t){smart, {.helpful = true}}, &v), "vote") ||
	    !ok(&mentor, svc_article_vote(&mentor, &(in_voteArticle_t){smart, {.helpful = true}}, &v), "vote") ||
	    !ok(&mentor, svc_article_vote(&mentor, &(in_voteArticle_t){missteps, {.helpful = true}}, &v), "vote") ||
	    !ok(&mentee, svc_article_vote(&mentee, &(in_voteArticle_t){thanks, {.helpful = false, .has_missing = true,
		.missing = "An example of a thank-you note from a mentor to a mentee"}}, &v), "vote") ||
	    !ok(&mentee, svc_article_comment_add(&mentee, &(in_addArticleComment_t){smart, {
		"Writing the baseline down first helped us a lot: we saw progress after two rehearsals."}}, &c),
		"comment"))
		goto done;
	in_createHelpRequest_t ask = {.body = {
		.program_id = program_id, .has_article_id = true, .article_id = smart,
		.subject = "Can a goal run past the program's end?",
		.body = "My goal is to present at the all-hands in July, a week after the program ends. "
			"Should we move the goal earlier or is there a way to extend?"}};
	if (!ok(&mentee, svc_help_request_create(&mentee, &ask, &hr), "request") ||
	    !ok(&manager, svc_help_request_reply(&manager, &(in_replyHelpRequest_t){hr.id, {
		.body = "Goals must fit inside the program, so set the due date to the program's last week "
			"and make the rehearsals the measure. After the program you can keep meeting as alumni.",
		.has_mark_answered = true, .mark_answered = true}}, &answered), "reply"))
		goto done;
	printf("guides: votes, a comment and an answered request added\n");
	rc = 0;
done:
	arena_free(a);
	return rc;
}
