/* How `mentord serve` starts notifications: the settings from the config
 * file and environment become the notify configuration, then the delivery
 * worker and job runner start. Kept apart from notify.h so the rest of the
 * notify module does not depend on the command line's config type. */
#ifndef MENTORD_NOTIFY_SERVE_H
#define MENTORD_NOTIFY_SERVE_H
#include "cli/config.h"
#include "notify/notify.h"

/* Configures notify from cfg and starts its threads on pool (which must hold
 * NOTIFY_DB_CONNECTIONS connections beyond the server's). Prints the reason
 * and returns -1 on failure; *out is still safe to pass to notify_stop(). */
int notify_serve_start(const config_t *cfg, db_pool_t *pool, notify_threads_t **out);

#endif
