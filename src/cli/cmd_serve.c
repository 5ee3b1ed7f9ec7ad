/* mentord serve: runs the HTTP server until SIGINT or SIGTERM, then stops
 * accepting, lets requests in flight finish and closes the database.
 *
 * This file is mentord's one composition root (after nginx's generated
 * module list): it builds the route table from the API's generated endpoint
 * table and the pages' routes, hands the HTTP layer its error page, and
 * starts the notification worker and the job runner with the services'
 * health watch. No other file wires
 * one floor to another. */
#include "cli/cli.h"
#include "api/endpoint.h"
#include "api/scim.h"
#include "core/timeutil.h"
#include "svc/health_watch.h"
#include "web/page.h"
#include "web/web.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mentord serve [--listen HOST:PORT] [--threads N] [--db URL] [--config FILE]\n"
	"\n"
	"Runs the server: JSON API under /api/v1, web pages under /, /healthz, /metrics.\n"
	"  --listen HOST:PORT   address to listen on (default 127.0.0.1:8080; env MENTORD_LISTEN)\n"
	"  --threads N          worker threads (default 4; env MENTORD_THREADS)\n"
	"  --no-access-log      do not print one JSON line per request to stderr\n"
	"  --set KEY=VALUE      any setting of the configuration file (e.g. --set oidc_issuer=https://...)\n";

void serve_compose(app_t *app)
{
	static bool composed;
	if (!composed) {
		api_routes(); /* generated from src/api/openapi.json */
		scim_routes(); /* SCIM 2.0 at /scim/v2 (api/scim.c) */
		web_register();
		composed = true;
	}
	app->error_page = web_error;
	app->setup_url = "/settings/two-factor"; /* the enrolment page (web/security.c) */
}

int cmd_serve(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"listen", required_argument, NULL, 'l'}, {"threads", required_argument, NULL, 't'},
		{"no-access-log", no_argument, NULL, 'q'}, {"set", required_argument, NULL, 's'}, CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int opt;
	const char *why;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return 2;
		if (c)
			continue;
		switch (opt) {
		case 'l':
			if (config_set(cfg, "listen", optarg, &why)) {
				fprintf(stderr, "mentord serve: --listen: %s\n", why);
				return 2;
			}
			break;
		case 't':
			if (config_set(cfg, "threads", optarg, &why)) {
				fprintf(stderr, "mentord serve: --threads: %s\n", why);
				return 2;
			}
			break;
		case 'q':
			cfg->access_log = false;
			break;
		case 's': {
			const char *eq = strchr(optarg, '=');
			char key[64];
			if (!eq || (size_t)(eq - optarg) >= sizeof(key)) {
				fprintf(stderr, "mentord serve: --set takes KEY=VALUE\n");
				return 2;
			}
			memcpy(key, optarg, (size_t)(eq - optarg));
			key[eq - optarg] = '\0';
			if (config_set(cfg, key, eq + 1, &why)) {
				fprintf(stderr, "mentord serve: --set %s: %s\n", key, why);
				return 2;
			}
			break;
		}
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (cli_sso_configure(cfg) != 0)
		return 2;
	app_t app;
	/* One connection per worker, plus one for the background jobs. */
	if (cli_open(cfg, &app, cfg->threads + 1 + NOTIFY_DB_CONNECTIONS /* notify */) != 0)
		return 1;
	app.started_at = time_now();
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* before threads start, so they inherit it */
	signal(SIGPIPE, SIG_IGN);
	server_t *srv;
	int port = 0;
	serve_compose(&app);
	if (server_start(&app, &srv, &port) != 0) {
		cli_close(&app);
		return 1;
	}
	notify_threads_t *notify = NULL; /* notify: mail worker and job runner */
	/* The job runner's last job: the services' health watch (notify may
	 * not include the services, so it gets the function from here). */
	if (notify_serve_start(cfg, app.pool, svc_health_watch_run, &notify) != 0) {
		notify_stop(notify);
		server_stop(srv);
		cli_close(&app);
		return 1;
	}
	printf("mentord %s listening on http://%s (database %s)\n", MENTORD_VERSION, cfg->listen, cfg->db_shown);
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "mentord: signal %d, shutting down\n", sig);
	server_stop(srv);
	notify_stop(notify); /* notify: lets a message in flight finish */
	cli_close(&app);
	return 0;
}
