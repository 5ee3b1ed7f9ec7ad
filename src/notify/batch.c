/* The job runner's write batches (see batch.h). */
#include "notify/batch.h"

#include <time.h>

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int notify_batch_open(notify_batch_t *b)
{
	if (b->in_tx)
		return DB_OK;
	int st = db_begin(b->db);
	if (st == DB_OK) {
		b->in_tx = true;
		b->items = 0;
		b->start_ms = mono_ms();
	}
	return st;
}

static int commit(notify_batch_t *b)
{
	if (!b->in_tx)
		return DB_OK;
	b->in_tx = false;
	return db_commit(b->db);
}

int notify_batch_item_done(notify_batch_t *b, int st)
{
	if (st != DB_OK || !b->in_tx)
		return st;
	if (++b->items >= NOTIFY_BATCH || mono_ms() - b->start_ms >= NOTIFY_BATCH_MS)
		return commit(b);
	return DB_OK;
}

int notify_batch_end(notify_batch_t *b, int st)
{
	if (st == DB_OK)
		return commit(b);
	if (b->in_tx) {
		b->in_tx = false;
		db_rollback(b->db);
	}
	return st;
}
