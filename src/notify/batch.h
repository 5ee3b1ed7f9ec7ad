/* The write batches of the job runner's newer jobs (internal to src/notify;
 * jobs.c keeps its own copy of the same rule): a job reads what is due
 * without a transaction, opens a write transaction for its first mail and
 * commits it after NOTIFY_BATCH items or NOTIFY_BATCH_MS milliseconds,
 * whichever comes first, so a pass over tens of thousands of relationships
 * never holds SQLite's write lock for more than a few tens of
 * milliseconds at a time. */
#ifndef MENTORD_NOTIFY_BATCH_H
#define MENTORD_NOTIFY_BATCH_H
#include <stdbool.h>
#include <stdint.h>
#include "store/db.h"

enum { NOTIFY_BATCH = 64, NOTIFY_BATCH_MS = 40 };

typedef struct notify_batch {
	db_t *db;
	bool in_tx;      /* a batch is open */
	int items;       /* items written in it */
	int64_t start_ms;
} notify_batch_t;

/* Opens the batch a write goes into, if none is open. */
int notify_batch_open(notify_batch_t *b);
/* After each item, with its status: commits the batch when it is full or
 * old, so the next waits its turn. Passes a failure through. */
int notify_batch_item_done(notify_batch_t *b, int st);
/* At the end of a job: commits the open batch after success (st DB_OK),
 * rolls it back otherwise (the batches before it stand). Returns the
 * job's status, or the commit's. */
int notify_batch_end(notify_batch_t *b, int st);

#endif
