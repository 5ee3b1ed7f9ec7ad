/* Read snapshots kept past a request (store/db_sqlite.c): a connection that
 * goes back to the pool keeps its read snapshot while nothing is committed,
 * and its next request reads on in it; a commit of another connection or of
 * another process ends it, so the next request reads the commit; an idle
 * snapshot the database has moved past does not hold back the
 * checkpointer; and readers that come and go do not keep the WAL from
 * starting over under writes that never pause. SQLite only: PostgreSQL has
 * no such snapshots. */
#include "tmpdb.h"
#include "store/db_backend.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>

static tmpdb_t t;

static void setup(void)
{
	tmpdb_open(&t, true);
}

static void teardown(void)
{
	tmpdb_close(&t);
}

TestSuite(snapshots, .init = setup, .fini = teardown);

static const char *count = "SELECT COUNT(*) FROM audit_log";

/* One request on p: a read snapshot, one read, the connection back. */
static int64_t request(db_pool_t *p)
{
	db_t *db = db_pool_acquire(p);
	db_read_begin(db);
	int64_t n = tmpdb_int(db, count);
	db_pool_release(p, db);
	return n;
}

/* Commits one row of audit_log (object_id k); its status. For threads,
 * which count failures rather than assert. */
static int commit_row(db_t *db, long k, const char *detail)
{
	int st = db_begin(db);
	if (st == DB_OK)
		st = db_exec(db, "INSERT INTO audit_log (actor_id, action, object_type, object_id, detail, at) "
				 "VALUES (NULL, 'test', 'snapshot', $1, $2, 0)", DB_ARGS(DB_INT(k), DB_TEXT(detail)));
	return st == DB_OK ? db_commit(db) : (db_rollback(db), st);
}

static void insert(db_t *db, int k)
{
	cr_assert_eq(commit_row(db, k, ""), DB_OK, "%s", db_errmsg(db));
}

/* A pool of n connections of its own on the test's database. */
static db_pool_t *open_pool(int n)
{
	db_pool_t *pool = NULL;
	char *err = NULL;
	cr_assert_eq(db_pool_open(t.url, n, &pool, &err), DB_OK, "%s", err ? err : "?");
	return pool;
}

/* The connection's kept flag and snapshots begun, as the next request on
 * the pool finds them (the pool hands out the one released last). */
static void next_conn(db_t **db, bool *kept, unsigned long *begun)
{
	*db = db_pool_acquire(t.pool);
	cr_assert(db_sqlite_snapshots(*db, kept, begun));
}

/* Gives t.db back and runs two requests: the first finds where the
 * connection maps the WAL-index, the second's snapshot is kept. */
static void keep_one(void)
{
	db_pool_release(t.pool, t.db);
	t.db = NULL;
	cr_assert_eq(request(t.pool), 0);
	cr_assert_eq(request(t.pool), 0);
	cr_assert_eq(db_sqlite_idle_kept(t.pool), 1, "nothing was committed: the last request's snapshot is kept");
}

/* A connection of its own to the test's file, as another process has. */
static sqlite3 *open_other(void)
{
	char *path = arena_printf(t.a, "%s/test.db", t.dir);
	sqlite3 *h = NULL;
	cr_assert_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 10000);
	return h;
}

static void sleep_ms(int ms)
{
	struct timespec pause = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&pause, NULL);
}

Test(snapshots, a_snapshot_is_read_on_until_something_is_committed)
{
	tmpdb_sqlite_only(&t);
	keep_one();
	db_t *db;
	bool kept;
	unsigned long begun, after;
	next_conn(&db, &kept, &begun);
	cr_assert(kept, "nothing was committed since the last request: its snapshot is kept");
	db_read_begin(db);
	cr_assert_eq(tmpdb_int(db, count), 0);
	cr_assert(db_sqlite_snapshots(db, &kept, &after));
	cr_assert_eq(after, begun, "the request read on in the kept snapshot");
	cr_assert_not(kept);
	db_pool_release(t.pool, db);

	insert(t.db2, 1);
	next_conn(&db, &kept, &begun);
	db_read_begin(db);
	cr_assert_eq(tmpdb_int(db, count), 1, "the commit on the other connection is read");
	cr_assert(db_sqlite_snapshots(db, &kept, &after));
	cr_assert_eq(after, begun + 1, "in a new snapshot");
	db_pool_release(t.pool, db);
	t.db = db_pool_acquire(t.pool);
}

/* Whatever else the connection runs first ends the kept snapshot: a
 * statement outside a snapshot reads what is committed when it runs. */
Test(snapshots, a_statement_outside_a_snapshot_ends_a_kept_one)
{
	tmpdb_sqlite_only(&t);
	keep_one();
	db_t *db;
	bool kept;
	unsigned long begun;
	next_conn(&db, &kept, &begun);
	cr_assert(kept);
	insert(t.db2, 1);
	cr_assert_eq(tmpdb_int(db, count), 1);
	cr_assert(db_sqlite_snapshots(db, &kept, &begun));
	cr_assert_not(kept);
	insert(t.db2, 2);
	cr_assert_eq(tmpdb_int(db, count), 2, "and then each statement reads what is committed");
	db_pool_release(t.pool, db);
	t.db = db_pool_acquire(t.pool);
}

/* Another process's commit changes the same shared header. */
Test(snapshots, a_commit_of_another_process_ends_a_kept_snapshot)
{
	tmpdb_sqlite_only(&t);
	keep_one();
	sqlite3 *other = open_other();
	cr_assert_eq(sqlite3_exec(other, "INSERT INTO audit_log (actor_id, action, object_type, object_id, detail, at) "
					 "VALUES (NULL, 'test', 'other', 1, '', 0)", NULL, NULL, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(other));
	sqlite3_close(other);

	cr_assert_eq(request(t.pool), 1, "the other process's commit is read");
	t.db = db_pool_acquire(t.pool);
}

/* An idle connection's snapshot that the database has moved past would
 * keep checkpoints from copying the commits after it for as long as the
 * connection stays idle: the checkpointer ends it first. */
Test(snapshots, an_idle_snapshot_does_not_hold_back_checkpoints)
{
	tmpdb_sqlite_only(&t);
	keep_one();
	for (int k = 0; k < 50; k++)
		insert(t.db2, k);
	sqlite3 *other = open_other();
	sqlite3_exec(other, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL, NULL); /* opens the WAL */
	int frames = -1, copied = -2, kept = -1, rc = SQLITE_OK;
	for (int w = 0; w < 250 && (kept != 0 || rc != SQLITE_OK || copied != frames); w++) {
		sleep_ms(20);
		kept = db_sqlite_idle_kept(t.pool);
		/* Busy while the pool's checkpointer runs one: asked again. */
		rc = sqlite3_wal_checkpoint_v2(other, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
		cr_assert(rc == SQLITE_OK || rc == SQLITE_BUSY, "%s", sqlite3_errmsg(other));
	}
	sqlite3_close(other);
	cr_assert_eq(kept, 0, "the idle snapshot was ended");
	cr_assert_eq(rc, SQLITE_OK);
	cr_assert_gt(frames, 0);
	cr_assert_eq(copied, frames, "the WAL's %d frames were all copied (%d)", frames, copied);
	t.db = db_pool_acquire(t.pool);
}

typedef struct load {
	db_pool_t *pool;
	const char *detail;
	atomic_bool writing;
	int commits, errors, reads;
} load_t;

static void *write_nonstop(void *arg)
{
	load_t *l = arg;
	db_t *db = db_pool_acquire(l->pool);
	for (int k = 0; k < 700; k++)
		__atomic_fetch_add(commit_row(db, k, l->detail) == DB_OK ? &l->commits : &l->errors, 1,
				   __ATOMIC_RELAXED);
	db_pool_release(l->pool, db);
	return NULL;
}

static void *read_nonstop(void *arg)
{
	load_t *l = arg;
	while (atomic_load(&l->writing)) {
		db_t *db = db_pool_acquire(l->pool);
		db_read_begin(db);
		int64_t n = -1;
		bool found = false;
		if (db_query_int(db, &n, &found, count, DB_NOARGS) != DB_OK || !found)
			__atomic_fetch_add(&l->errors, 1, __ATOMIC_RELAXED);
		db_pool_release(l->pool, db);
		__atomic_fetch_add(&l->reads, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Two writers that never pause (70 MB of rows with overflow pages) and
 * readers that come and go: the checkpointer starts the WAL over past 16
 * MB once no snapshot needs it, and no kept snapshot stands in its way. */
Test(snapshots, readers_between_writes_let_the_wal_start_over)
{
	tmpdb_sqlite_only(&t);
	db_pool_t *pool = open_pool(4);
	char *detail = arena_alloc(t.a, 50001);
	for (int i = 0; i < 50000; i++)
		detail[i] = (char)('a' + i % 26);
	detail[50000] = 0;
	load_t l = {.pool = pool, .detail = detail};
	atomic_store(&l.writing, true);
	pthread_t w[2], r[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&r[i], NULL, read_nonstop, &l), 0);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&w[i], NULL, write_nonstop, &l), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(w[i], NULL);
	atomic_store(&l.writing, false);
	for (int i = 0; i < 2; i++)
		pthread_join(r[i], NULL);
	cr_assert_eq(l.errors, 0);
	cr_assert_eq(l.commits, 1400);
	cr_assert_gt(l.reads, 0);
	struct stat sb;
	char *wal = arena_printf(t.a, "%s/test.db-wal", t.dir);
	cr_assert_eq(stat(wal, &sb), 0);
	cr_assert_lt((long)sb.st_size, 32L << 20, "the WAL holds %ld bytes, of 70 MB of rows written", (long)sb.st_size);
	db_pool_close(pool);
}

typedef struct race {
	db_pool_t *pool;
	atomic_long committed; /* the highest object_id whose commit has returned */
	atomic_bool running;
	atomic_int stale, reads, errors;
} race_t;

static void *commit_in_turn(void *arg)
{
	race_t *r = arg;
	db_t *db = db_pool_acquire(r->pool);
	for (long k = 1; k <= 400; k++) {
		if (commit_row(db, k, "") != DB_OK)
			atomic_fetch_add(&r->errors, 1);
		else
			atomic_store(&r->committed, k);
	}
	db_pool_release(r->pool, db);
	atomic_store(&r->running, false);
	return NULL;
}

/* A request that starts after a commit has returned reads it, on
 * whichever connection, kept snapshot or not. */
static void *read_after_commits(void *arg)
{
	race_t *r = arg;
	while (atomic_load(&r->running)) {
		long seen = atomic_load(&r->committed);
		db_t *db = db_pool_acquire(r->pool);
		db_read_begin(db);
		int64_t top = -1;
		bool found = false;
		if (db_query_int(db, &top, &found, "SELECT COALESCE(MAX(object_id), 0) FROM audit_log", DB_NOARGS) !=
			    DB_OK ||
		    top < seen)
			atomic_fetch_add(&r->stale, 1);
		/* A second read in the same request, as pages make. */
		if (db_query_int(db, &top, &found, count, DB_NOARGS) != DB_OK)
			atomic_fetch_add(&r->stale, 1);
		db_pool_release(r->pool, db);
		atomic_fetch_add(&r->reads, 1);
	}
	return NULL;
}

Test(snapshots, every_request_reads_the_commits_made_before_it_began)
{
	tmpdb_sqlite_only(&t);
	db_pool_t *pool = open_pool(5);
	race_t r = {.pool = pool};
	atomic_store(&r.running, true);
	pthread_t w, rd[3];
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_create(&rd[i], NULL, read_after_commits, &r), 0);
	cr_assert_eq(pthread_create(&w, NULL, commit_in_turn, &r), 0);
	pthread_join(w, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(rd[i], NULL);
	cr_assert_eq(atomic_load(&r.errors), 0);
	cr_assert_gt(atomic_load(&r.reads), 400);
	cr_assert_eq(atomic_load(&r.stale), 0, "%d of %d requests missed a commit made before they began",
		     atomic_load(&r.stale), atomic_load(&r.reads));
	db_pool_close(pool);
}
