/* How the commands configure notifications: the settings from the config
 * file and environment become the notify configuration (every command that
 * opens the database, since a command may queue mail whose links need
 * base_url), and `mentord serve` then starts the delivery worker and job
 * runner (see cli.h). Test-only knobs come from the
 * environment: MENTORD_NOTIFY_POLL_MS (worker idle poll),
 * MENTORD_NOTIFY_RETRY_BASE (seconds before the first retry) and
 * MENTORD_NOTIFY_JOB_INTERVAL. */
#include "cli/cli.h"
#include "core/arena.h"

#include <stdio.h>
#include <stdlib.h>

static int env_int(const char *name, int def, int min, int max)
{
	const char *v = getenv(name);
	char *end;
	if (!v || !*v)
		return def;
	long x = strtol(v, &end, 10);
	return *end || x < min || x > max ? def : (int)x;
}

void cli_notify_configure(const config_t *cfg)
{
	notify_config_t n;
	notify_config_defaults(&n);
	n.smtp_url = cfg->smtp_url;
	n.smtp_user = cfg->smtp_user;
	n.smtp_password = cfg->smtp_password;
	n.smtp_tls = cfg->smtp_tls;
	n.smtp_timeout = cfg->smtp_timeout;
	n.mail_from = cfg->mail_from;
	char fallback[300];
	snprintf(fallback, sizeof(fallback), "http://%s", cfg->listen);
	n.base_url = cfg->base_url ? cfg->base_url : fallback;
	n.poll_ms = env_int("MENTORD_NOTIFY_POLL_MS", n.poll_ms, 10, 60000);
	n.retry_base = env_int("MENTORD_NOTIFY_RETRY_BASE", n.retry_base, 1, 86400);
	n.job_interval = env_int("MENTORD_NOTIFY_JOB_INTERVAL", n.job_interval, 1, 86400);
	notify_configure(&n);
}

int notify_serve_start(const config_t *cfg, db_pool_t *pool, notify_threads_t **out)
{
	cli_notify_configure(cfg);
	if (notify_start(pool, out) != 0) {
		fprintf(stderr, "mentord: cannot start the mail and job threads\n");
		return -1;
	}
	return 0;
}
