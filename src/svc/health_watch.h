/* The health watch: the job runner's last job of each pass (handed to it by
 * the composition root, cli/serve_notify.c, through notify_set_watch). It
 * scores every relationship of every program as the dashboard does, and
 * compares each with what it saw last (health_watch): a relationship that
 * has become at risk is announced to the program's managers once per change
 * into at risk, and a misstep flagged for the first time on a relationship
 * gets a gentle note to the pair, once per flag and relationship. What it
 * saw is written in the same batch as the mail it queued, so a pass cut
 * short by a restart is redone, never doubled. */
#ifndef MENTORD_SVC_HEALTH_WATCH_H
#define MENTORD_SVC_HEALTH_WATCH_H
#include "notify/notify.h"

/* A notify_watch_fn. A store status. */
int svc_health_watch_run(db_t *db, int64_t now, notify_batch_t *batch, notify_job_stats_t *stats);

#endif
