/* The pool's writers' queue (store/db_sqlite.c): many threads writing at
 * once through one pool all commit, in turn, none refused as busy, and
 * nothing is lost; a transaction that rolls back hands the turn on too;
 * every commit is durable when db_commit returns, and one fsync serves
 * several commits (group commit); and the checkpointer keeps the WAL
 * short while the pool writes, with pauses or without, and leaves none
 * behind when it closes. A commit that defers its durability (a server
 * thread that parks its answer) is called back once it is durable. */
#include "tmpdb.h"
#include "store/db_backend.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

enum { THREADS = 8, TXS = 150 };

typedef struct job {
	db_pool_t *pool;
	int id, busy, errors, not_durable;
} job_t;

static void *writer(void *arg)
{
	job_t *j = arg;
	for (int k = 0; k < TXS; k++) {
		db_t *db = db_pool_acquire(j->pool);
		int st = db_begin(db);
		if (st == DB_OK)
			st = db_exec(db, "INSERT INTO audit_log (actor_id, action, object_type, object_id, detail, at) "
					 "VALUES (NULL, 'test', 'writer', $1, $2, 0)",
				     DB_ARGS(DB_INT(j->id), DB_INT(k)));
		if (st == DB_OK && k % 10 == 9) {
			db_rollback(db); /* every tenth gives its turn back without writing */
		} else if (st == DB_OK) {
			st = db_commit(db);
			unsigned long commits, fsyncs;
			bool durable = false;
			if (st == DB_OK && db_sqlite_group_commit(db, &commits, &fsyncs, &durable))
				j->not_durable += !durable;
		} else {
			db_rollback(db);
		}
		j->busy += st == DB_BUSY;
		j->errors += st != DB_OK && st != DB_BUSY;
		db_pool_release(j->pool, db);
	}
	return NULL;
}

Test(writers, many_threads_write_in_turn)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	/* Only this test's pool is open on the file, so its closing is the
	 * last and takes the WAL with it. */
	db_pool_release(t.pool, t.db);
	db_pool_release(t.pool, t.db2);
	db_pool_close(t.pool);
	t.pool = NULL;
	char *err = NULL;
	db_pool_t *pool;
	cr_assert_eq(db_pool_open(t.url, THREADS, &pool, &err), DB_OK, "%s", err ? err : "");
	pthread_t th[THREADS];
	job_t jobs[THREADS];
	for (int i = 0; i < THREADS; i++) {
		jobs[i] = (job_t){.pool = pool, .id = i};
		cr_assert_eq(pthread_create(&th[i], NULL, writer, &jobs[i]), 0);
	}
	int busy = 0, errors = 0, not_durable = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		busy += jobs[i].busy;
		errors += jobs[i].errors;
		not_durable += jobs[i].not_durable;
	}
	cr_assert_eq(busy, 0, "%d transactions found the database busy", busy);
	cr_assert_eq(errors, 0);
	db_t *db = db_pool_acquire(pool);
	unsigned long commits, fsyncs;
	bool durable;
	if (db_sqlite_group_commit(db, &commits, &fsyncs, &durable)) {
		cr_assert_eq(not_durable, 0, "%d commits returned before their fsync", not_durable);
		cr_assert_geq(commits, THREADS * (TXS - TXS / 10));
		cr_assert_gt(fsyncs, 0);
		cr_assert_lt(fsyncs, commits, "%lu fsyncs for %lu commits: none was shared", fsyncs, commits);
		cr_assert_eq(tmpdb_int(db, "PRAGMA synchronous"), 1, "NORMAL: the pool makes commits durable");
	} else {
		cr_assert(testdb_pg(), "group commit is on for every SQLite file pool");
	}
	int64_t n = 0;
	cr_assert_eq(db_query_int(db, &n, NULL, "SELECT COUNT(*) FROM audit_log WHERE action = 'test'", DB_NOARGS), DB_OK);
	cr_assert_eq(n, THREADS * (TXS - TXS / 10), "every committed write is there, no rolled-back one");
	db_pool_release(pool, db);
	db_pool_close(pool);
	struct stat sb;
	char *wal = arena_printf(t.a, "%s/test.db-wal", t.dir);
	cr_assert(stat(wal, &sb) != 0 || sb.st_size == 0, "the WAL was checkpointed away on close");
	tmpdb_close(&t);
}

/* Commits keep coming, a few at a time, with pauses until the
 * checkpointer (within 100 ms of commits) has copied the WAL into the
 * database: the writers then start the WAL over, so it stops growing,
 * where without checkpoints each round of 40 commits added about 1 MB. */
Test(writers, the_checkpointer_keeps_the_wal_short)
{
	if (testdb_pg())
		cr_skip_test("SQLite's WAL");
	enum { ROUNDS = 8, PER_ROUND = 40 };
	tmpdb_t t;
	tmpdb_open(&t, true);
	char *detail = arena_alloc(t.a, 3001);
	memset(detail, 'x', 3000);
	detail[3000] = 0;
	char *wal = arena_printf(t.a, "%s/test.db-wal", t.dir);
	struct stat sb;
	long first = 0;
	for (int r = 0; r < ROUNDS; r++) {
		for (int k = 0; k < PER_ROUND; k++) {
			cr_assert_eq(db_begin(t.db), DB_OK);
			cr_assert_eq(db_exec(t.db, "INSERT INTO audit_log (actor_id, action, object_type, object_id, "
						   "detail, at) VALUES (NULL, 'test', 'wal', $1, $2, 0)",
					     DB_ARGS(DB_INT(r * PER_ROUND + k), DB_TEXT(detail))), DB_OK);
			cr_assert_eq(db_commit(t.db), DB_OK);
		}
		/* The checkpointer's turn: it runs within 100 ms of a commit,
		 * but a loaded machine may take longer to finish the copy. */
		unsigned long commits = 0, upto = 0;
		for (int w = 0; w < 500; w++) {
			cr_assert(db_sqlite_checkpointed(t.db, &commits, &upto), "a file pool has a checkpointer");
			if (upto == commits)
				break;
			struct timespec pause = {0, 20 * 1000000L};
			nanosleep(&pause, NULL);
		}
		cr_assert_eq(upto, commits, "no checkpoint in 10 s after %lu commits", commits);
		if (r == 0) {
			cr_assert_eq(stat(wal, &sb), 0);
			first = (long)sb.st_size;
		}
	}
	cr_assert_eq(stat(wal, &sb), 0);
	cr_assert_lt((long)sb.st_size - first, 2L << 20,
		     "the WAL grew from %ld to %ld bytes in %d more rounds: nothing was checkpointed", first,
		     (long)sb.st_size, ROUNDS - 1);
	tmpdb_close(&t);
}

typedef struct nonstop {
	db_pool_t *pool;
	const char *detail;
	int commits, errors;
} nonstop_t;

static void *write_nonstop(void *arg)
{
	nonstop_t *j = arg;
	db_t *db = db_pool_acquire(j->pool);
	for (int k = 0; k < 700; k++) {
		int st = db_begin(db);
		if (st == DB_OK)
			st = db_exec(db, "INSERT INTO audit_log (actor_id, action, object_type, object_id, detail, at) "
					 "VALUES (NULL, 'test', 'nonstop', $1, $2, 0)", DB_ARGS(DB_INT(k), DB_TEXT(j->detail)));
		st = st == DB_OK ? db_commit(db) : (db_rollback(db), st);
		j->commits += st == DB_OK;
		j->errors += st != DB_OK;
	}
	db_pool_release(j->pool, db);
	return NULL;
}

/* Two writers that never pause, each commit about 50 KB (rows with
 * overflow pages): 70 MB in all. A passive checkpoint never catches up
 * with them; the checkpointer restarts the WAL past 16 MB (4,096 pages), so
 * it stays far below what they wrote. */
Test(writers, writes_without_a_pause_keep_the_wal_bounded)
{
	if (testdb_pg())
		cr_skip_test("SQLite's WAL");
	tmpdb_t t;
	tmpdb_open(&t, true);
	char *detail = arena_alloc(t.a, 50001);
	for (int i = 0; i < 50000; i++)
		detail[i] = (char)('a' + i % 26);
	detail[50000] = 0;
	nonstop_t jobs[2] = {{.pool = t.pool, .detail = detail}, {.pool = t.pool, .detail = detail}};
	db_pool_release(t.pool, t.db); /* the writers take the pool's two connections */
	db_pool_release(t.pool, t.db2);
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, write_nonstop, &jobs[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	t.db = db_pool_acquire(t.pool);
	t.db2 = db_pool_acquire(t.pool);
	cr_assert_eq(jobs[0].errors + jobs[1].errors, 0);
	cr_assert_eq(jobs[0].commits + jobs[1].commits, 1400);
	struct stat sb;
	char *wal = arena_printf(t.a, "%s/test.db-wal", t.dir);
	cr_assert_eq(stat(wal, &sb), 0);
	cr_assert_lt((long)sb.st_size, 32L << 20, "the WAL holds %ld bytes, of 70 MB of rows written", (long)sb.st_size);
	tmpdb_close(&t);
}

/* ---- answering after durability ---- */

typedef struct called {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int n;
	pthread_t by;
} called_t;

static void on_durable(void *arg)
{
	called_t *c = arg;
	pthread_mutex_lock(&c->mu);
	c->n++;
	c->by = pthread_self();
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static int commit_one(db_t *db, int k)
{
	int st = db_begin(db);
	if (st == DB_OK)
		st = db_exec(db, "INSERT INTO audit_log (actor_id, action, object_type, object_id, detail, at) "
				 "VALUES (NULL, 'test', 'deferred', 1, $1, 0)", DB_ARGS(DB_INT(k)));
	if (st == DB_OK)
		return db_commit(db);
	db_rollback(db);
	return st;
}

/* A connection that defers durability (a server thread that parks its
 * answer meanwhile) commits without waiting for an fsync: others read the
 * commit at once, it is not yet durable, and db_durable_ticket names it.
 * The pool's syncing thread fsyncs and calls back once it is durable; a
 * ticket already durable is called back at once, in the caller. Releasing
 * the connection turns deferring off: its next commit waits as before. */
Test(writers, a_deferred_commit_is_called_back_once_durable)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	db_defer_durable(t.db, true);
	cr_assert_eq(commit_one(t.db, 1), DB_OK);
	uint64_t ticket = db_durable_ticket(t.db);
	called_t c = {.n = 0};
	pthread_mutex_init(&c.mu, NULL);
	pthread_cond_init(&c.cv, NULL);
	unsigned long commits, synced;
	if (!db_sqlite_durable(t.pool, &commits, &synced)) {
		cr_assert(testdb_pg(), "every SQLite file pool defers");
		cr_assert_eq(ticket, 0, "PostgreSQL's commits are durable when they return");
		db_pool_when_durable(t.pool, ticket, on_durable, &c);
		cr_assert_eq(c.n, 1, "nothing to wait for: called back at once");
		tmpdb_close(&t);
		return;
	}
	cr_assert_eq(ticket, commits, "the ticket is the commit's number");
	cr_assert_lt(synced, ticket, "nobody waited for the commit, so nothing synced it");
	int64_t n = 0;
	cr_assert_eq(db_query_int(t.db2, &n, NULL, "SELECT COUNT(*) FROM audit_log WHERE object_type = 'deferred'",
				  DB_NOARGS), DB_OK);
	cr_assert_eq(n, 1, "another connection reads the commit before it is durable");

	db_pool_when_durable(t.pool, ticket, on_durable, &c);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&c.mu);
	while (c.n == 0 && pthread_cond_timedwait(&c.cv, &c.mu, &until) == 0)
		;
	pthread_mutex_unlock(&c.mu);
	cr_assert_eq(c.n, 1, "called back once");
	cr_assert(!pthread_equal(c.by, pthread_self()), "by the syncing thread");
	cr_assert(db_sqlite_durable(t.pool, &commits, &synced));
	cr_assert_geq(synced, ticket, "called back only once the commit was durable");

	db_pool_when_durable(t.pool, ticket, on_durable, &c);
	cr_assert_eq(c.n, 2, "a durable ticket is called back at once");
	cr_assert(pthread_equal(c.by, pthread_self()), "in the caller");

	db_pool_release(t.pool, t.db);
	t.db = db_pool_acquire(t.pool);
	cr_assert_eq(commit_one(t.db, 2), DB_OK);
	cr_assert_eq(db_durable_ticket(t.db), 0, "released: no longer deferring");
	cr_assert(db_sqlite_durable(t.pool, &commits, &synced));
	cr_assert_geq(synced, commits, "the commit waited for its fsync");
	pthread_mutex_destroy(&c.mu);
	pthread_cond_destroy(&c.cv);
	tmpdb_close(&t);
}

/* A deferring connection that writes again (an import's next batch) first
 * waits until its last commit is durable: one commit in flight at a time,
 * so bulk writes go at the disk's pace. */
Test(writers, a_deferring_connection_writes_again_once_durable)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	tmpdb_sqlite_only(&t);
	db_defer_durable(t.db, true);
	cr_assert_eq(commit_one(t.db, 1), DB_OK);
	uint64_t first = db_durable_ticket(t.db);
	unsigned long commits, synced;
	cr_assert(db_sqlite_durable(t.pool, &commits, &synced));
	cr_assert_lt(synced, first, "the commit was deferred");
	cr_assert_eq(db_begin(t.db), DB_OK);
	cr_assert(db_sqlite_durable(t.pool, &commits, &synced));
	cr_assert_geq(synced, first, "the next transaction began once the last commit was durable");
	db_rollback(t.db);
	tmpdb_close(&t);
}

/* Writes that take turns on the pool's connections go through one SQLite
 * connection kept for writing (db_sqlite.c), so its page cache stays warm:
 * SQLite empties a connection's cache whenever another has committed since
 * its last transaction, and writers that wrote through their own
 * connections read their pages from the file again each time. */
Test(writers, writers_taking_turns_keep_one_warm_cache)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	tmpdb_sqlite_only(&t);
	cr_assert_eq(commit_one(t.db, 0), DB_OK);
	cr_assert_eq(commit_one(t.db2, 0), DB_OK);
	long before, after;
	cr_assert(db_sqlite_cache_misses(t.pool, &before));
	for (int k = 1; k <= 100; k++) {
		cr_assert_eq(commit_one(k % 2 ? t.db : t.db2, k), DB_OK);
	}
	cr_assert(db_sqlite_cache_misses(t.pool, &after));
	cr_assert_lt(after - before, 20, "100 commits, two connections in turn: %ld pages read again", after - before);
	int64_t n = 0;
	cr_assert_eq(db_query_int(t.db, &n, NULL, "SELECT COUNT(*) FROM audit_log WHERE object_type = 'deferred'",
				  DB_NOARGS), DB_OK);
	cr_assert_eq(n, 102, "each connection reads every commit");
	tmpdb_close(&t);
}

/* A statement of the writing connection that is still open when its
 * transaction ends would be run by the next writer's thread at the same
 * time: the pool stops the process rather than let two threads share it. */
Test(writers, a_statement_left_open_past_its_commit_stops_the_process, .signal = SIGABRT)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	if (testdb_pg()) {
		tmpdb_close(&t);
		abort(); /* nothing to check on PostgreSQL; the test wants the signal */
	}
	cr_assert_eq(db_begin(t.db), DB_OK);
	db_stmt_t *s;
	cr_assert_eq(db_query(t.db, &s, "SELECT id FROM audit_log", DB_NOARGS), DB_OK);
	db_commit(t.db);
}

typedef struct deferrer {
	db_pool_t *pool;
	int id, early, errors;
} deferrer_t;

/* Commits with durability deferred and waits for each with
 * db_wait_durable, as a server thread's parked answer does. */
static void *defer_writes(void *arg)
{
	deferrer_t *d = arg;
	for (int k = 0; k < TXS; k++) {
		db_t *db = db_pool_acquire(d->pool);
		db_defer_durable(db, true);
		int st = commit_one(db, d->id * TXS + k);
		uint64_t ticket = db_durable_ticket(db);
		db_pool_release(d->pool, db);
		d->errors += st != DB_OK;
		db_wait_durable(d->pool, ticket);
		unsigned long commits, synced;
		if (db_sqlite_durable(d->pool, &commits, &synced))
			d->early += ticket == 0 || synced < ticket;
	}
	return NULL;
}

/* Many threads deferring at once: every commit is there, each is durable
 * when its wait ends, and fsyncs are shared among them. */
Test(writers, deferred_commits_share_fsyncs)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	if (testdb_pg()) {
		tmpdb_close(&t);
		cr_skip_test("SQLite's group commit");
	}
	char *err = NULL;
	db_pool_t *pool;
	cr_assert_eq(db_pool_open(t.url, THREADS, &pool, &err), DB_OK, "%s", err ? err : "");
	pthread_t th[THREADS];
	deferrer_t d[THREADS];
	for (int i = 0; i < THREADS; i++) {
		d[i] = (deferrer_t){.pool = pool, .id = i};
		cr_assert_eq(pthread_create(&th[i], NULL, defer_writes, &d[i]), 0);
	}
	int early = 0, errors = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		early += d[i].early;
		errors += d[i].errors;
	}
	cr_assert_eq(errors, 0);
	cr_assert_eq(early, 0, "%d waits ended before their commit was durable", early);
	int64_t n = 0;
	cr_assert_eq(db_query_int(t.db, &n, NULL, "SELECT COUNT(*) FROM audit_log WHERE object_type = 'deferred'",
				  DB_NOARGS), DB_OK);
	cr_assert_eq(n, THREADS * TXS);
	db_t *db = db_pool_acquire(pool);
	unsigned long commits, fsyncs;
	bool durable;
	cr_assert(db_sqlite_group_commit(db, &commits, &fsyncs, &durable));
	cr_assert_lt(fsyncs, commits, "%lu fsyncs for %lu commits: none was shared", fsyncs, commits);
	db_pool_release(pool, db);
	db_pool_close(pool);
	tmpdb_close(&t);
}
