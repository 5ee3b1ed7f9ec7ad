/* The program surveys' due job (a job of the job runner, internal to
 * src/notify): for each open survey, each live relationship of its
 * program (before closing) and each member the survey's audience names,
 * the round due now — the first first_after_days after the match, then one
 * every every_days, or only the first — is sent once: a survey_responses
 * row (its unique key on survey, relationship, member and round is the
 * claim, so two passes or two servers never send a round twice), which is
 * the member's inbox item, and a mail with the link to answer it. A round
 * missed while the survey was closed is not sent late: only the current
 * one goes out (surveys_due works the round out).
 * Like every job it runs under its lock (one server's pass at a time on
 * PostgreSQL) and writes in the runner's batches. */
#ifndef MENTORD_NOTIFY_SURVEYS_H
#define MENTORD_NOTIFY_SURVEYS_H
#include "notify/notify.h"

/* One pass at time now, writing in the runner's batch b (the runner
 * commits it at the end); *queued counts the responses sent. */
int notify_surveys_run(db_t *db, notify_batch_t *b, int64_t now, int *queued);

#endif
