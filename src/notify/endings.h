/* The reminder before a relationship's end (a job of the job runner,
 * internal to src/notify): 14 days before the agreed duration runs out
 * (the relationship's start plus the agreement's duration, as goal due
 * dates count it) or the program ends, whichever comes first, both
 * members of a relationship not yet closing get one mail that points at
 * the closing practices (the closing guides, /guides?phase=closing). Each
 * mail is keyed by the relationship, the end date and the person, so it
 * is queued once per end date whatever the passes and servers. */
#ifndef MENTORD_NOTIFY_ENDINGS_H
#define MENTORD_NOTIFY_ENDINGS_H
#include "notify/notify.h"

enum { NOTIFY_ENDING_LEAD_DAYS = 14 };

/* One pass at time now, writing in the job runner's batch b (which the
 * runner commits at the end); *queued counts the mails written. */
int notify_endings_run(db_t *db, notify_batch_t *b, int64_t now, int *queued);

#endif
