/* The mentord command line: one binary, one subcommand per file. Each
 * subcommand takes its argv (starting at its own name) and the config
 * already loaded from defaults, file and environment. */
#ifndef MENTORD_CLI_H
#define MENTORD_CLI_H
#include "cli/config.h"
#include "http/http.h"
#include "notify/notify.h"
#include "store/db.h"

int cmd_serve(int argc, char **argv, config_t *cfg);
int cmd_init(int argc, char **argv, config_t *cfg);
int cmd_user(int argc, char **argv, config_t *cfg);
int cmd_token(int argc, char **argv, config_t *cfg);
int cmd_demo(int argc, char **argv, config_t *cfg);
int cmd_match(int argc, char **argv, config_t *cfg);
int cmd_report(int argc, char **argv, config_t *cfg);
int cmd_survey(int argc, char **argv, config_t *cfg);
int cmd_import(int argc, char **argv, config_t *cfg);
int cmd_copy_db(int argc, char **argv, config_t *cfg);
int cmd_backup(int argc, char **argv, config_t *cfg);
int cmd_articles(int argc, char **argv, config_t *cfg);
/* mentord init, then the starter guides loaded (cmd_articles.c). */
int cmd_init_with_guides(int argc, char **argv, config_t *cfg);
/* The demo's guidance library (cmd_articles.c): the starter set, and for a
 * new demo (program_id not 0) a few votes, a comment and an answered
 * request of the demo people in that program. Runs its own transactions.
 * 0 or 1 (printed why). */
int cli_demo_guides(db_t *db, int64_t program_id);
int cmd_audit(int argc, char **argv, config_t *cfg);
int cmd_security(int argc, char **argv, config_t *cfg);
int cmd_sso(int argc, char **argv, config_t *cfg);

/* Fills app from cfg, opens the database pool and applies migrations.
 * Prints the reason and returns -1 on failure. */
int cli_open(const config_t *cfg, app_t *app, int pool_size);
void cli_close(app_t *app);
/* Handles the options every subcommand shares (--db, --config was
 * pre-scanned); returns 1 if opt was one of them, -1 on a bad value. */
int cli_common_opt(config_t *cfg, int opt, const char *arg);
/* Hands single sign-on's settings to the services (svc/oidc.h): reads the
 * client secret's file, checks the settings go together, and makes the
 * redirect URI, base_url (or http://<listen>) + /login/sso/callback.
 * Prints why and returns -1 when they do not. */
int cli_sso_configure(config_t *cfg);
/* Reads a password from stdin (one line), or NULL. Caller frees. */
char *cli_read_password(void);

/* The composition root (cmd_serve.c): the route table of the API and the
 * pages, and the HTTP layer's error page. Idempotent; the tests call it too. */
void serve_compose(app_t *app);
/* Configures notify from cfg (mail settings, base_url for links); cli_open
 * calls it, so every command that queues mail writes the right links. */
void cli_notify_configure(const config_t *cfg);
/* Configures notify from cfg and starts its threads on pool (which must hold
 * NOTIFY_DB_CONNECTIONS connections beyond the server's). Prints the reason
 * and returns -1 on failure; *out is still safe to pass to notify_stop(). */
int notify_serve_start(const config_t *cfg, db_pool_t *pool, notify_watch_fn watch, notify_threads_t **out);

#define CLI_COMMON_LONGOPTS \
	{"db", required_argument, NULL, 'D'}, {"config", required_argument, NULL, 'C'}, \
	{"help", no_argument, NULL, 'h'}

#endif
