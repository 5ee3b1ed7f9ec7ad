/* The SQLite backend of db.h. Every connection runs in WAL mode with foreign
 * keys enforced and a busy timeout; a committed transaction survives a
 * power cut (synchronous=FULL, or group commit in a pool: below).
 *
 * Writers queue. SQLite has one write lock per database; connections that
 * race for it lose in its busy handler, which sleeps with growing back-off,
 * so under load a few writes waited a second while most took milliseconds.
 * The pool keeps a first-come, first-served queue in front of BEGIN
 * IMMEDIATE instead: a writer waits on its own condition variable until the
 * one before it commits or rolls back, then takes the lock at once. (Other
 * processes on the same file, such as a CLI command, still meet the busy
 * timeout.) Whoever holds the turn writes through the pool's writing
 * connection (sq_link_t), whose page cache stays warm across commits (see
 * begin).
 *
 * Commits are grouped. With synchronous=FULL every commit waited for its
 * own fsync of the WAL while holding the write turn, so 64 queued writers
 * waited 64 fsyncs. Pool connections commit at synchronous=NORMAL instead
 * (the WAL is written but not synced) and hand the turn on at once; then
 * each waits until its commit is durable. One of the waiters fsyncs the WAL
 * for every commit made before it started and wakes the others, so one
 * fsync covers a whole batch (group commit, as PostgreSQL and InnoDB do).
 * db_commit returns only once its transaction would survive a power cut,
 * as before; other connections may read a commit a few milliseconds before
 * that. A failed fsync aborts the process, as PostgreSQL does: the pages it
 * covered may be lost without a trace, and recovery from the WAL on the
 * next start is the one safe answer.
 *
 * A connection that defers durability (db_defer_durable: a server thread
 * that parks its answer meanwhile) does not wait at all: a syncing thread
 * with a connection of its own fsyncs for the answers that wait
 * (db_pool_when_durable) and hands each on once its commit is durable. So
 * the server's few threads keep serving while fsyncs run, and one fsync
 * covers the commits of many connections, not only of as many threads.
 * When the last fsync covered several commits (writers are many), the
 * syncing thread waits GROUP_DELAY_US before the next, so that the commits
 * on their way join it, as PostgreSQL's commit_delay does: fewer fsyncs,
 * and fewer of the rare slow ones that every write in flight waits for.
 * A lone writer never waits for it.
 *
 * Checkpoints run beside the writers. SQLite's automatic checkpoint runs
 * inside the commit that crosses the WAL's size threshold, so that one
 * writer, and every writer queued behind it, waited for the copy and its
 * fsync. Pools turn it off and a checkpointer thread with a connection of
 * its own runs passive checkpoints (which never block writers) after
 * commits, and a full one when the pool closes.
 *
 * Read snapshots outlive their requests while nothing is committed. A
 * request reads in a deferred transaction (read_snapshot), whose start and
 * end each took the WAL's read lock through the shared memory's mutex and
 * an fcntl under it: on GET /api/v1/me at 64 connections on two cores that
 * was a sixth of the server's time, its threads queueing on the mutex while
 * one was in fcntl. A connection that goes back to the pool keeps its
 * snapshot instead when the WAL-index header in shared memory, which every
 * commit of every process changes, is still the one read just before the
 * snapshot began: nothing was committed since, so the snapshot is the
 * database as it is. Its next db_read_begin reads on in it while the
 * header still has not changed, and otherwise ends it and begins anew;
 * anything else the connection runs first ends it. An idle snapshot holds
 * its read lock, which keeps checkpoints from copying past it and writers
 * from starting the WAL over, so the checkpointer ends every idle snapshot
 * the database has moved past before each of its rounds, and every one
 * before it restarts the WAL (sweep_kept). Statements are prepared once per
 * connection and cached by their SQL text, which is always a literal. SQL uses
 * PostgreSQL's $N placeholders; SQLite treats "$1" as a named parameter, so
 * we bind by looking each name up. What every backend shares (transaction
 * flag, counters, the last error) is db_backend.c's; this file is reached through
 * its table of functions at the end. */
#include "store/db_backend.h"
#include "store/stmts.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CACHE_BUCKETS 128
/* The WAL-index header's first copy, 48 bytes at the start of the shared
 * memory (SQLite's file format, walformat.html): its change counter, last
 * frame, salts and checksums change with every commit. */
#define WAL_HDR_WORDS 12

typedef struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	struct sq_link *link; /* whose statement it is */
	const char *sql;
	bool cached, in_use;
	int nparams;
	int *slot; /* slot[i]: SQLite's index of the parameter named $<i+1> */
	struct sq_stmt *next; /* cache chain */
} sq_stmt_t;

/* One SQLite connection and its statements. */
typedef struct sq_link {
	sqlite3 *h;
	sq_stmt_t *cache[CACHE_BUCKETS];
	int open; /* statements handed out and not yet done */
} sq_link_t;

struct sq_pool;

/* An answer waiting for its commit to be durable (db_pool_when_durable). */
typedef struct durable_waiter {
	unsigned long gen;
	void (*fn)(void *arg);
	void *arg;
	struct durable_waiter *next;
} durable_waiter_t;

/* One writer waiting in the queue. */
typedef struct wait_node {
	pthread_cond_t cv;
	bool ready;
	struct wait_node *next;
} wait_node_t;

typedef struct sq_conn {
	struct db base;
	sq_link_t own;
	/* What its statements run on: its own connection, or, from BEGIN to
	 * COMMIT or ROLLBACK, the pool's writing connection (below). */
	sq_link_t *cur;
	struct sq_pool *pool; /* NULL while it opens */
	unsigned long last_commit; /* its number among the pool's commits */
	bool reading; /* in a read snapshot's deferred transaction (read_snapshot) */
	/* The snapshot was kept past the connection's release (read_idle):
	 * the next db_read_begin may read on in it, anything else ends it. */
	bool kept;
	/* The shared WAL-index header as read just before the snapshot began
	 * (marked), and where the connection maps it (NULL until known). */
	bool marked;
	uint32_t mark[WAL_HDR_WORDS];
	const uint32_t *wal_index;
	unsigned long snapshots; /* read snapshots begun, for tests (db_sqlite_snapshots) */
	sq_stmt_t *cache[CACHE_BUCKETS];
} sq_conn_t;

typedef struct sq_pool {
	struct db_pool base;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	db_t **all; /* sq_conn_t, by their heads */
	sq_conn_t **free_list;
	int n, nfree;
	/* The writers' queue: writing says whether a connection holds the
	 * write transaction; waiters are served in arrival order. */
	pthread_mutex_t wmu;
	/* The writing connection: whoever holds the turn writes through it. */
	struct sq_conn *writer;
	bool writing;
	wait_node_t *whead, *wtail;
	/* The checkpointer. */
	sqlite3 *ckpt_h;
	pthread_t ckpt_thread;
	pthread_cond_t ckpt_cv;
	unsigned long commits; /* under wmu */
	unsigned long ckpt_upto; /* under wmu: commits the checkpointer has run after */
	bool ckpt_running, ckpt_stop, ckpt_cv_made;
	/* Group commit: commits up to synced are durable; one waiter at a
	 * time (syncing) runs the fsync. */
	bool group_commit;
	sqlite3_file *wal; /* the syncing thread's handle of the WAL, which every fsync goes through */
	pthread_mutex_t smu;
	pthread_cond_t scv;
	unsigned long synced;
	unsigned long last_group; /* commits the last fsync covered */
	bool syncing;
	db_sync_stats_t sync_times; /* the fsyncs: how many, how long (db_pool_sync_stats) */
	/* The syncing thread, under smu: the answers it fsyncs for. */
	sqlite3 *sync_h;
	pthread_t sync_thread;
	pthread_cond_t sync_cv;
	durable_waiter_t *durable_waiters;
	bool sync_running, sync_stop;
	/* Kept read snapshots (see the top): whether connections keep them
	 * (a file in WAL mode, with the checkpointer to sweep them), and while
	 * unpin is set none is kept, as the checkpointer restarts the WAL. */
	bool keep_reads;
	atomic_int unpin;
	sq_conn_t **swept; /* the checkpointer's: connections it takes to end their snapshots */
} sq_pool_t;

static const db_ops_t sq_ops;
static void unkeep(sq_conn_t *db);
static void sweep_kept(sq_pool_t *p, bool all);

#define CONN(db) ((sq_conn_t *)(db))
#define STMT(s) ((sq_stmt_t *)(s))

/* Waits for this process's turn to write. */
static void write_turn_take(sq_pool_t *p)
{
	pthread_mutex_lock(&p->wmu);
	if (!p->writing && !p->whead) {
		p->writing = true;
		pthread_mutex_unlock(&p->wmu);
		return;
	}
	wait_node_t me = {.ready = false};
	pthread_cond_init(&me.cv, NULL);
	if (p->wtail)
		p->wtail->next = &me;
	else
		p->whead = &me;
	p->wtail = &me;
	while (!me.ready)
		pthread_cond_wait(&me.cv, &p->wmu);
	pthread_mutex_unlock(&p->wmu);
	pthread_cond_destroy(&me.cv);
}

/* Hands the turn to the next writer in line, or frees it; committed says
 * the WAL grew (for the checkpointer and group commit). Returns the number
 * of commits so far, this one included. */
static unsigned long write_turn_give(sq_pool_t *p, bool committed)
{
	pthread_mutex_lock(&p->wmu);
	p->commits += committed;
	unsigned long gen = p->commits;
	wait_node_t *next = p->whead;
	if (next) {
		p->whead = next->next;
		if (!p->whead)
			p->wtail = NULL;
		next->ready = true; /* p->writing stays true: the turn passes on */
		pthread_cond_signal(&next->cv);
	} else {
		p->writing = false;
	}
	pthread_mutex_unlock(&p->wmu);
	return gen;
}

/* Connection h's open handle of the WAL, or NULL (h has not read yet). */
static sqlite3_file *wal_handle(sqlite3 *h)
{
	sqlite3_file *wal = NULL;
	if (sqlite3_file_control(h, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK)
		return NULL;
	return wal && wal->pMethods ? wal : NULL;
}

/* Where connection h maps the shared WAL-index (its header first), or NULL.
 * Asked once h has read in WAL mode: SQLite has mapped it then, and maps
 * it at the same address until the connection closes. */
static const uint32_t *wal_index_of(sqlite3 *h)
{
	sqlite3_file *f = NULL;
	if (sqlite3_file_control(h, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK || !f || !f->pMethods ||
	    f->pMethods->iVersion < 2 || !f->pMethods->xShmMap)
		return NULL;
	volatile void *region = NULL;
	if (f->pMethods->xShmMap(f, 0, 32 * 1024, 0, &region) != SQLITE_OK)
		return NULL;
	return (const uint32_t *)region;
}

/* Notes the WAL-index header just before a snapshot begins. A commit
 * between this and the snapshot's start only makes the note older than
 * the snapshot, so it never passes for current when it is not. */
static void mark(sq_conn_t *db)
{
	db->marked = db->wal_index != NULL;
	for (int i = 0; db->marked && i < WAL_HDR_WORDS; i++)
		db->mark[i] = __atomic_load_n(&db->wal_index[i], __ATOMIC_ACQUIRE);
}

/* Whether nothing was committed since mark(): the header is the same
 * (a commit that is writing it makes some word differ, never the same),
 * and no restart of the WAL waits for the snapshots to end. */
static bool snapshot_current(const sq_conn_t *db)
{
	if (!db->marked || !db->pool || atomic_load(&db->pool->unpin))
		return false;
	for (int i = 0; i < WAL_HDR_WORDS; i++)
		if (__atomic_load_n(&db->wal_index[i], __ATOMIC_ACQUIRE) != db->mark[i])
			return false;
	return true;
}

/* fsyncs the WAL through the syncing thread's handle of it: fsync flushes
 * the file, whichever descriptor wrote the pages. One thread at a time
 * (syncing, under smu). */
static void wal_sync(sq_pool_t *p)
{
	int rc = p->wal->pMethods->xSync(p->wal, SQLITE_SYNC_NORMAL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "mentord: fsync of the SQLite WAL failed (%s); stopping so that recovery "
				"replays the WAL on the next start\n", sqlite3_errstr(rc));
		abort();
	}
}

/* With smu held: waits until commit number gen is durable, running the
 * fsync for everyone when nobody else is. */
static void sync_upto(sq_pool_t *p, unsigned long gen)
{
	while (p->synced < gen) {
		if (p->syncing) {
			pthread_cond_wait(&p->scv, &p->smu);
			continue;
		}
		p->syncing = true;
		pthread_mutex_unlock(&p->smu);
		/* Every commit counted by now has written its WAL frames. */
		pthread_mutex_lock(&p->wmu);
		unsigned long upto = p->commits;
		pthread_mutex_unlock(&p->wmu);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		wal_sync(p);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		pthread_mutex_lock(&p->smu);
		p->syncing = false;
		p->last_group = upto > p->synced ? upto - p->synced : 0;
		p->sync_times.count++;
		p->sync_times.seconds += took;
		for (int b = 0; b < DB_SYNC_BUCKETS; b++)
			p->sync_times.at_most[b] += took <= db_sync_bounds[b];
		if (upto > p->synced)
			p->synced = upto;
		pthread_cond_broadcast(&p->scv);
	}
}

static void commit_wait_durable(sq_pool_t *p, unsigned long gen)
{
	pthread_mutex_lock(&p->smu);
	sync_upto(p, gen);
	pthread_mutex_unlock(&p->smu);
}

enum { GROUP_DELAY_US = 500 };

/* The syncing thread: hands on the answers whose commits are durable, and
 * fsyncs for those whose commits are not yet, first waiting GROUP_DELAY_US
 * when the last fsync covered several commits. It stops once none waits
 * after the pool asked it to. */
static void *syncer(void *arg)
{
	sq_pool_t *p = arg;
	bool delayed = false;
	pthread_mutex_lock(&p->smu);
	for (;;) {
		durable_waiter_t *ready = NULL, **at = &p->durable_waiters;
		unsigned long want = 0;
		while (*at) {
			durable_waiter_t *w = *at;
			if (w->gen <= p->synced) {
				*at = w->next;
				w->next = ready;
				ready = w;
			} else {
				if (w->gen > want)
					want = w->gen;
				at = &w->next;
			}
		}
		if (ready) {
			pthread_mutex_unlock(&p->smu);
			while (ready) {
				durable_waiter_t *w = ready;
				ready = w->next;
				w->fn(w->arg);
				free(w);
			}
			pthread_mutex_lock(&p->smu);
		} else if (want && !delayed && p->last_group > 1) {
			/* Writers are many: the commits on their way join this fsync. */
			delayed = true;
			pthread_mutex_unlock(&p->smu);
			nanosleep(&(struct timespec){.tv_nsec = GROUP_DELAY_US * 1000L}, NULL);
			pthread_mutex_lock(&p->smu);
		} else if (want) {
			delayed = false;
			sync_upto(p, want);
		} else if (p->sync_stop) {
			break;
		} else {
			delayed = false; /* another fsync covered them meanwhile */
			pthread_cond_wait(&p->sync_cv, &p->smu);
		}
	}
	pthread_mutex_unlock(&p->smu);
	return NULL;
}

static void when_durable(db_pool_t *base, uint64_t ticket, void (*fn)(void *arg), void *arg)
{
	sq_pool_t *p = (sq_pool_t *)base;
	pthread_mutex_lock(&p->smu);
	if (!p->sync_running || ticket <= p->synced) {
		pthread_mutex_unlock(&p->smu);
		fn(arg);
		return;
	}
	durable_waiter_t *w = xmalloc(sizeof(*w));
	*w = (durable_waiter_t){.gen = (unsigned long)ticket, .fn = fn, .arg = arg, .next = p->durable_waiters};
	p->durable_waiters = w;
	pthread_cond_signal(&p->sync_cv);
	pthread_mutex_unlock(&p->smu);
}

/* Opens a connection of a pool's own thread (the checkpointer, the
 * syncing thread) on path, with the WAL open: a connection opens it at its
 * first read, and until then a checkpoint through it finds no WAL and
 * copies nothing (the WAL grew for as long as the server ran: 100 MB in
 * 8 s of check-ins), and an fsync through it has nothing to sync. NULL
 * when it cannot open. */
static sqlite3 *side_open(const char *path)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_busy_timeout(h, 10000);
	sqlite3_exec(h, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL, NULL);
	return h;
}

/* Starts the syncing thread with a connection of its own, whose handle of
 * the WAL every fsync of the group commit goes through; false when it
 * cannot (then there is no group commit: every commit syncs itself). */
static bool syncer_start(sq_pool_t *p, const char *path)
{
	p->sync_h = side_open(path);
	p->wal = p->sync_h ? wal_handle(p->sync_h) : NULL;
	if (p->wal)
		p->sync_running = pthread_create(&p->sync_thread, NULL, syncer, p) == 0;
	return p->sync_running;
}

static void syncer_stop(sq_pool_t *p)
{
	if (p->sync_running) {
		pthread_mutex_lock(&p->smu);
		p->sync_stop = true;
		pthread_cond_signal(&p->sync_cv);
		pthread_mutex_unlock(&p->smu);
		pthread_join(p->sync_thread, NULL);
		p->sync_running = false;
	}
}

static void set_err(sq_conn_t *c, const char *what)
{
	db_set_err(&c->base, "%s: %s", what, sqlite3_errmsg(c->cur->h));
}

static int map_rc(sq_conn_t *db, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return DB_OK;
	case SQLITE_CONSTRAINT:
		set_err(db, what);
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		set_err(db, what);
		return DB_BUSY;
	default:
		set_err(db, what);
		return DB_ERROR;
	}
}

static int conn_open(const char *path, sq_conn_t **out, char **err)
{
	sq_conn_t *db = xcalloc(1, sizeof(*db));
	db->base.ops = &sq_ops;
	db->cur = &db->own;
	int rc = sqlite3_open_v2(path, &db->own.h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		*err = xstrdup(db->own.h ? sqlite3_errmsg(db->own.h) : "cannot open database");
		goto fail;
	}
	sqlite3_extended_result_codes(db->own.h, 1);
	sqlite3_busy_timeout(db->own.h, 10000);
	static const char *pragmas =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA temp_store=MEMORY;"
		/* A 4 MiB page cache: each connection keeps its own, and the
		 * 50,000-relationship dashboard (which reads 30 MB of rows) was
		 * no faster with 32 MiB, whose pages, four threads' worth, were
		 * a third of the server's memory (peak RSS over bench/http's
		 * dashboards, health API and reports: 304 MB, 211 with 4 MiB);
		 * the system's page cache serves the reads. No memory map: in WAL mode
		 * a connection unmaps the file at the start of every read after
		 * another one's commit, and maps it again at its first read, so
		 * under writes each request paid an munmap (with a TLB shootdown
		 * across the server's threads), an fstat and an mmap. Without it,
		 * check-in POSTs at 64 connections went from 1.8k to 2.4-3.1k
		 * req/s; the 50,000-relationship dashboard kept its time and the
		 * server's peak RSS over dashboards and reports fell from 650-720
		 * MB (the mapped pages count) to 280-320 MB. */
		"PRAGMA cache_size=-4096;"
		"PRAGMA mmap_size=0;"
		/* The pool's checkpointer thread does this (see above). */
		"PRAGMA wal_autocheckpoint=0;";
	char *msg = NULL;
	if (sqlite3_exec(db->own.h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		*err = xstrdup(msg ? msg : "pragma failed");
		sqlite3_free(msg);
		goto fail;
	}
	*out = db;
	return DB_OK;
fail:
	sqlite3_close(db->own.h);
	free(db);
	return DB_ERROR;
}

static void stmt_free(sq_stmt_t *s)
{
	sqlite3_finalize(s->st);
	free(s->slot);
	free(s);
}

static void conn_close(sq_conn_t *db)
{
	unkeep(db);
	for (int i = 0; i < CACHE_BUCKETS; i++) {
		sq_stmt_t *s = db->own.cache[i];
		while (s) {
			sq_stmt_t *next = s->next;
			stmt_free(s);
			s = next;
		}
	}
	sqlite3_close(db->own.h);
	free(db);
}

/* Writers start the WAL over once a checkpoint has copied all of it. Under
 * writes that never pause, a checkpoint never catches up with the last
 * commit, and the WAL (and the index every read searches) grew for as long
 * as they lasted. Past WAL_RESTART_FRAMES pages, once a passive checkpoint
 * has copied what was there, the checkpointer takes the writers' turn for
 * a moment: with no commit in between, a RESTART checkpoint copies the few
 * pages committed since and waits (briefly: readers hold snapshots for one
 * request) until no reader needs the WAL, and the next writer starts it
 * over. If another process holds the database, it gives up until the next
 * round. */
enum { WAL_RESTART_FRAMES = 4096, WAL_RESTART_WAIT_MS = 100 };

static void wal_restart(sq_pool_t *p)
{
	write_turn_take(p);
	/* Idle connections' snapshots would hold the WAL until they are used
	 * again: none is kept meanwhile. */
	atomic_fetch_add(&p->unpin, 1);
	sweep_kept(p, true);
	sqlite3_busy_timeout(p->ckpt_h, WAL_RESTART_WAIT_MS);
	sqlite3_wal_checkpoint_v2(p->ckpt_h, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
	sqlite3_busy_timeout(p->ckpt_h, 10000);
	atomic_fetch_sub(&p->unpin, 1);
	write_turn_give(p, false);
}

/* Called by SQLite after each commit of a pool connection with the WAL's
 * length: past WAL_RESTART_FRAMES the checkpointer is woken at once rather
 * than at its next round, so fast writers do not run the WAL far past it
 * meanwhile. */
static int wal_grew(void *arg, sqlite3 *h, const char *db_name, int frames)
{
	(void)h, (void)db_name;
	sq_pool_t *p = arg;
	if (frames >= WAL_RESTART_FRAMES) {
		pthread_mutex_lock(&p->wmu);
		pthread_cond_signal(&p->ckpt_cv);
		pthread_mutex_unlock(&p->wmu);
	}
	return SQLITE_OK;
}

static void *checkpointer(void *arg)
{
	sq_pool_t *p = arg;
	unsigned long seen = 0;
	pthread_mutex_lock(&p->wmu);
	while (!p->ckpt_stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&p->ckpt_cv, &p->wmu, &until);
		/* Every round, for commits of other processes too: idle
		 * snapshots the database has moved past end. */
		if (p->keep_reads) {
			pthread_mutex_unlock(&p->wmu);
			sweep_kept(p, false);
			pthread_mutex_lock(&p->wmu);
		}
		if (p->commits == seen)
			continue;
		seen = p->commits;
		pthread_mutex_unlock(&p->wmu);
		int frames = 0, copied = 0;
		sqlite3_wal_checkpoint_v2(p->ckpt_h, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
		if (frames >= WAL_RESTART_FRAMES && copied == frames)
			wal_restart(p);
		pthread_mutex_lock(&p->wmu);
		p->ckpt_upto = seen;
	}
	pthread_mutex_unlock(&p->wmu);
	return NULL;
}

static void checkpointer_start(sq_pool_t *p, const char *path)
{
	pthread_cond_init(&p->ckpt_cv, NULL);
	p->ckpt_cv_made = true;
	p->ckpt_h = side_open(path);
	if (p->ckpt_h)
		p->ckpt_running = pthread_create(&p->ckpt_thread, NULL, checkpointer, p) == 0;
}

static void checkpointer_stop(sq_pool_t *p)
{
	if (p->ckpt_running) {
		pthread_mutex_lock(&p->wmu);
		p->ckpt_stop = true;
		pthread_cond_signal(&p->ckpt_cv);
		pthread_mutex_unlock(&p->wmu);
		pthread_join(p->ckpt_thread, NULL);
		p->ckpt_running = false;
	}
}

static void pool_close(db_pool_t *base);

/* Whether the connection's database is in WAL mode (a file system without
 * shared memory keeps it in rollback mode), which group commit needs. */
static bool in_wal_mode(sq_conn_t *c)
{
	sqlite3_stmt *q = NULL;
	bool wal = sqlite3_prepare_v2(c->own.h, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK &&
		   sqlite3_step(q) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	return wal;
}

/* SQLite keeps statistics of its memory behind one process-wide mutex that
 * every allocation takes; mentord never reads them, and under load the
 * request threads queued on it. Set before SQLite starts (its first
 * connection); later calls are refused and harmless. */
static void sqlite_config_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Calls fn on the SQLite connection of every pool connection and of the
 * writing one; true when every call was. */
static bool each_handle(sq_pool_t *p, bool (*fn)(sqlite3 *h, void *arg), void *arg)
{
	bool all = true;
	for (int i = 0; i < p->n; i++)
		all &= fn(CONN(p->all[i])->own.h, arg);
	if (p->writer)
		all &= fn(p->writer->own.h, arg);
	return all;
}

static bool exec_pragma(sqlite3 *h, void *sql)
{
	return sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static bool wal_grew_hook(sqlite3 *h, void *p)
{
	sqlite3_wal_hook(h, wal_grew, p);
	return true;
}

int db_sqlite_open(const char *path, int n, db_pool_t **out, char **err)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, sqlite_config_once);
	sq_pool_t *p = xcalloc(1, sizeof(*p));
	p->base.ops = &sq_ops;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	pthread_mutex_init(&p->wmu, NULL);
	pthread_mutex_init(&p->smu, NULL);
	pthread_cond_init(&p->scv, NULL);
	pthread_cond_init(&p->sync_cv, NULL);
	p->all = xcalloc((size_t)n, sizeof(db_t *));
	p->free_list = xcalloc((size_t)n, sizeof(sq_conn_t *));
	for (int i = 0; i < n; i++) {
		sq_conn_t *c;
		if (conn_open(path, &c, err) != DB_OK) {
			p->n = i;
			pool_close(&p->base);
			return DB_ERROR;
		}
		c->pool = p;
		c->base.pool = &p->base;
		p->all[i] = &c->base;
		p->free_list[p->nfree++] = c;
		p->n = i + 1;
	}
	/* A database in memory is one per connection: nothing to checkpoint,
	 * nothing to make durable, and no connection to write through for
	 * the others. */
	if (!strstr(path, ":memory:")) {
		if (n > 1 && conn_open(path, &p->writer, err) != DB_OK) {
			pool_close(&p->base);
			return DB_ERROR;
		}
		checkpointer_start(p, path);
		if (p->ckpt_running)
			each_handle(p, wal_grew_hook, p);
		bool wal = p->n > 0 && in_wal_mode(CONN(p->all[0]));
		p->group_commit = wal && each_handle(p, exec_pragma, "PRAGMA synchronous=NORMAL;") &&
				  syncer_start(p, path);
		p->swept = xcalloc((size_t)n, sizeof(*p->swept));
		p->keep_reads = wal && p->ckpt_running;
		if (!p->group_commit)
			each_handle(p, exec_pragma, "PRAGMA synchronous=FULL;");
	}
	if (!p->ckpt_running)
		each_handle(p, exec_pragma, "PRAGMA wal_autocheckpoint=1000;");
	*out = &p->base;
	return DB_OK;
}

static void pool_close(db_pool_t *base)
{
	sq_pool_t *p = (sq_pool_t *)base;
	syncer_stop(p);
	checkpointer_stop(p);
	for (int i = 0; i < p->n; i++)
		conn_close(CONN(p->all[i]));
	if (p->writer)
		conn_close(p->writer);
	/* The last connection to close checkpoints the whole WAL into the
	 * database file and removes it. */
	if (p->ckpt_h)
		sqlite3_close(p->ckpt_h);
	if (p->ckpt_cv_made)
		pthread_cond_destroy(&p->ckpt_cv);
	if (p->sync_h)
		sqlite3_close(p->sync_h);
	pthread_cond_destroy(&p->sync_cv);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->wmu);
	pthread_mutex_destroy(&p->smu);
	pthread_cond_destroy(&p->scv);
	free(p->all);
	free(p->free_list);
	free(p->swept);
	free(p);
}

static db_t *acquire(db_pool_t *base, bool wait)
{
	sq_pool_t *p = (sq_pool_t *)base;
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0 && wait)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->nfree == 0) {
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	sq_conn_t *c = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return &c->base;
}

static void release(db_pool_t *base, db_t *db)
{
	sq_pool_t *p = (sq_pool_t *)base;
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = CONN(db);
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static int pool_conns(db_pool_t *base, db_t ***all)
{
	sq_pool_t *p = (sq_pool_t *)base;
	*all = p->all;
	return p->n;
}

static void read_snapshot(db_t *base, bool on);
static int query(db_t *base, db_stmt_t **out, const char *sql, int id, const db_val_t *args, int nargs);
static int step(db_stmt_t *base);
static void done(db_stmt_t *base);

/* Runs one of the statements that begin and end transactions on the
 * connection's current link, prepared once (sqlite3_exec would parse it
 * every time). */
static int run(db_t *base, const char *sql)
{
	db_stmt_t *s;
	int st = query(base, &s, sql, -1, NULL, 0);
	if (st != DB_OK)
		return st;
	int rc = step(s);
	done(s);
	return rc < 0 ? rc : DB_OK;
}

/* Ends a pool connection's write transaction: it reads through its own
 * link again, and the turn goes to the next writer (see write_turn_give).
 * A statement of the writing link still open here would be run by the
 * next writer's thread at the same time: a defect in the caller. */
static unsigned long writing_end(sq_conn_t *db, bool committed)
{
	if (db->cur != &db->own) {
		if (db->cur->open) {
			fprintf(stderr, "mentord: a statement outlived its write transaction\n");
			abort();
		}
		db->cur = &db->own;
	}
	return write_turn_give(db->pool, committed);
}

/* A pool connection writes through the pool's writing connection, whose
 * turn it holds: SQLite empties a connection's page cache whenever another
 * connection has committed since its last transaction, so writes that took
 * turns on the pool's connections each read their pages again (12
 * preads, 46 KB, per check-in at 64 connections), while the one writing
 * connection keeps its cache warm across commits. */
static int begin(db_t *base, bool relaxed, int64_t key)
{
	/* One writer at a time is already as relaxed as it is strict, and
	 * every key's turn. */
	(void)relaxed, (void)key;
	sq_conn_t *db = CONN(base);
	sq_pool_t *p = db->pool;
	read_snapshot(base, false);
	/* One deferred commit in flight per connection: a request that
	 * writes again (an import's next batch) first waits until its last
	 * commit is durable, so bulk writes go at the disk's pace instead of
	 * running ahead of it and making every fsync, and every parked
	 * answer behind it, wait for megabytes. */
	if (p && base->durable_ticket)
		commit_wait_durable(p, (unsigned long)base->durable_ticket);
	if (p) {
		write_turn_take(p);
		/* A statement of its own still open (rows read while it writes)
		 * keeps its own connection's snapshot, which would not show the
		 * transaction's writes: then it writes through its own. */
		if (p->writer && !db->own.open)
			db->cur = &p->writer->own;
	}
	int st = run(base, "BEGIN IMMEDIATE");
	if (st != DB_OK && p)
		writing_end(db, false);
	return st;
}

static void rollback(db_t *base)
{
	sq_conn_t *db = CONN(base);
	if (sqlite3_get_autocommit(db->cur->h) == 0)
		run(base, "ROLLBACK");
	db->reading = false;
	if (base->in_tx && db->pool)
		writing_end(db, false);
}

static int commit(db_t *base)
{
	sq_conn_t *db = CONN(base);
	int st = run(base, "COMMIT");
	if (st != DB_OK) {
		rollback(base);
		return st;
	}
	if (db->pool) {
		unsigned long gen = writing_end(db, true);
		db->last_commit = gen;
		if (db->pool->group_commit) {
			if (base->defer_durable)
				base->durable_ticket = gen; /* the caller waits: db_pool_when_durable */
			else
				commit_wait_durable(db->pool, gen);
		}
	}
	return DB_OK;
}

static unsigned bucket_of(const char *sql)
{
	uintptr_t x = (uintptr_t)sql;
	return (unsigned)((x >> 4) ^ (x >> 12)) % CACHE_BUCKETS;
}

/* Where each of a statement's parameters $1..$N is bound: SQLite numbers
 * named parameters in order of first appearance. Looked up once, when the
 * statement is prepared. */
static int slots_of(sq_conn_t *db, sq_stmt_t *s)
{
	s->nparams = sqlite3_bind_parameter_count(s->st);
	s->slot = xcalloc((size_t)s->nparams + 1, sizeof(*s->slot));
	for (int i = 0; i < s->nparams; i++) {
		char name[16];
		snprintf(name, sizeof(name), "$%d", i + 1);
		s->slot[i] = sqlite3_bind_parameter_index(s->st, name);
		if (s->slot[i] == 0) {
			db_set_err(&db->base, "parameter %s missing from SQL", name);
			return DB_ERROR;
		}
	}
	return DB_OK;
}

static int bind_args(sq_conn_t *db, const sq_stmt_t *s, const db_val_t *args, int nargs)
{
	sqlite3_stmt *st = s->st;
	if (s->nparams != nargs) {
		db_set_err(&db->base, "statement wants %d parameters, got %d", s->nparams, nargs);
		return DB_ERROR;
	}
	for (int i = 0; i < nargs; i++) {
		int idx = s->slot[i];
		int rc;
		switch (args[i].type) {
		case DB_T_INT: rc = sqlite3_bind_int64(st, idx, args[i].i); break;
		case DB_T_REAL: rc = sqlite3_bind_double(st, idx, args[i].d); break;
		case DB_T_TEXT: rc = sqlite3_bind_text(st, idx, args[i].s, -1, SQLITE_TRANSIENT); break;
		default: rc = sqlite3_bind_null(st, idx); break;
		}
		if (rc != SQLITE_OK)
			return map_rc(db, rc, "bind");
	}
	return DB_OK;
}

static void done(db_stmt_t *base)
{
	sq_stmt_t *s = STMT(base);
	s->link->open--;
	if (s->cached) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		s->in_use = false;
	} else {
		stmt_free(s);
	}
}

static int query(db_t *base, db_stmt_t **out, const char *sql, int id, const db_val_t *args, int nargs)
{
	sq_conn_t *db = CONN(base);
	unkeep(db);
	sq_link_t *l = db->cur;
	if (id >= 0)
		sql = stmt_sql[id];
	unsigned b = bucket_of(sql);
	sq_stmt_t *s = l->cache[b];
	while (s && !(s->sql == sql && !s->in_use))
		s = s->next;
	if (!s) {
		bool cache = true;
		for (sq_stmt_t *t = l->cache[b]; t; t = t->next)
			if (t->sql == sql)
				cache = false; /* same SQL already running: use a one-off */
		s = xcalloc(1, sizeof(*s));
		int rc = sqlite3_prepare_v3(l->h, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0,
					    &s->st, NULL);
		if (rc != SQLITE_OK) {
			free(s);
			return map_rc(db, rc, "prepare");
		}
		if (slots_of(db, s) != DB_OK) {
			stmt_free(s);
			return DB_ERROR;
		}
		s->base.ops = &sq_ops;
		s->link = l;
		s->sql = sql;
		s->cached = cache;
		if (cache) {
			s->next = l->cache[b];
			l->cache[b] = s;
		}
	}
	s->base.db = base; /* the writing link's statements serve every connection */
	/* A write outside a transaction leaves the read snapshot first: inside
	 * it, it would skip the writers' queue and could fail on a stale
	 * snapshot. */
	if (db->reading && !base->in_tx && !sqlite3_stmt_readonly(s->st))
		read_snapshot(base, false);
	s->in_use = true;
	l->open++;
	int st = bind_args(db, s, args, nargs);
	if (st != DB_OK) {
		done(&s->base);
		return st;
	}
	*out = &s->base;
	return DB_OK;
}

static int step(db_stmt_t *base)
{
	sq_stmt_t *s = STMT(base);
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return map_rc(CONN(base->db), rc, "step");
}

static bool col_null(db_stmt_t *s, int col)
{
	return sqlite3_column_type(STMT(s)->st, col) == SQLITE_NULL;
}

static int64_t col_int(db_stmt_t *s, int col)
{
	return sqlite3_column_int64(STMT(s)->st, col);
}

static double col_real(db_stmt_t *s, int col)
{
	return sqlite3_column_double(STMT(s)->st, col);
}

static const char *col_text(db_stmt_t *s, int col)
{
	return (const char *)sqlite3_column_text(STMT(s)->st, col);
}

static int exec(db_t *base, int *changes, const char *sql, int id, const db_val_t *args, int nargs)
{
	db_stmt_t *s;
	int st = query(base, &s, sql, id, args, nargs);
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = step(s)) == 1)
		;
	if (changes)
		*changes = sqlite3_changes(CONN(base)->cur->h);
	done(s);
	return rc < 0 ? rc : DB_OK;
}

static int exec_script(db_t *base, const char *sql)
{
	char *msg = NULL;
	unkeep(CONN(base));
	int rc = sqlite3_exec(CONN(base)->cur->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		db_set_err(base, "%s", msg ? msg : "script failed");
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
	}
	return DB_OK;
}

/* A deferred transaction: SQLite takes the WAL's read lock at the first
 * read and keeps it (and its snapshot) until the COMMIT, where otherwise
 * each statement takes and drops it, through a mutex, the shared memory's
 * lock and fcntl, every time. BEGIN and COMMIT are cached statements. A
 * snapshot kept past the connection's release is read on in while it is
 * the database as it is, and ended otherwise (see the top). */
static void read_snapshot(db_t *base, bool on)
{
	sq_conn_t *db = CONN(base);
	if (db->kept) {
		db->kept = false;
		if (on && snapshot_current(db))
			return;
		read_snapshot(base, false);
	}
	if (on == db->reading || (on && !sqlite3_get_autocommit(db->own.h)) || db->cur != &db->own)
		return;
	if (on) {
		mark(db);
		db->snapshots++;
	}
	int st = run(base, on ? "BEGIN" : "COMMIT");
	/* A COMMIT that failed leaves a read-only transaction that holds
	 * nothing worth keeping: drop it. */
	if (!on && !sqlite3_get_autocommit(db->own.h))
		sqlite3_exec(db->own.h, "ROLLBACK", NULL, NULL, NULL);
	db->reading = on && st == DB_OK;
}

/* Ends a kept snapshot (the connection is about to run something else). */
static void unkeep(sq_conn_t *db)
{
	if (db->kept) {
		db->kept = false;
		read_snapshot(&db->base, false);
	}
}

static void read_idle(db_t *base)
{
	sq_conn_t *db = CONN(base);
	sq_pool_t *p = db->pool;
	if (p && p->keep_reads && !db->wal_index)
		db->wal_index = wal_index_of(db->own.h);
	if (p && p->keep_reads && db->reading && db->cur == &db->own && !db->own.open &&
	    !sqlite3_get_autocommit(db->own.h) && snapshot_current(db)) {
		db->kept = true;
		return;
	}
	read_snapshot(base, false);
}

/* Takes the idle connections with a kept snapshot (all, or those the
 * database has moved past) out of the pool, ends their snapshots and puts
 * them back. The checkpointer's thread only. */
static void sweep_kept(sq_pool_t *p, bool all)
{
	int n = 0;
	pthread_mutex_lock(&p->mu);
	for (int i = 0; i < p->nfree;) {
		sq_conn_t *c = p->free_list[i];
		if (c->kept && (all || !snapshot_current(c))) {
			p->swept[n++] = c;
			p->free_list[i] = p->free_list[--p->nfree];
		} else {
			i++;
		}
	}
	pthread_mutex_unlock(&p->mu);
	if (!n)
		return;
	for (int i = 0; i < n; i++)
		unkeep(p->swept[i]);
	pthread_mutex_lock(&p->mu);
	for (int i = 0; i < n; i++)
		p->free_list[p->nfree++] = p->swept[i];
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static int bulk_read(db_t *base, bool on)
{
	/* Reads go through the page cache (no memory map, conn_open): what
	 * one pass filled it with is given back at the end. */
	if (!on)
		sqlite3_db_release_memory(CONN(base)->own.h);
	return DB_OK;
}

/* The group commit's counters, each read under its lock. */
static void group_counts(sq_pool_t *p, unsigned long *commits, unsigned long *synced, unsigned long *fsyncs)
{
	pthread_mutex_lock(&p->wmu);
	*commits = p->commits;
	pthread_mutex_unlock(&p->wmu);
	pthread_mutex_lock(&p->smu);
	*synced = p->synced;
	*fsyncs = (unsigned long)p->sync_times.count;
	pthread_mutex_unlock(&p->smu);
}

bool db_sqlite_group_commit(db_t *base, unsigned long *commits, unsigned long *fsyncs, bool *last_durable)
{
	if (base->ops != &sq_ops || !CONN(base)->pool || !CONN(base)->pool->group_commit)
		return false;
	unsigned long synced;
	group_counts(CONN(base)->pool, commits, &synced, fsyncs);
	*last_durable = synced >= CONN(base)->last_commit;
	return true;
}

bool db_sqlite_durable(db_pool_t *base, unsigned long *commits, unsigned long *synced)
{
	if (base->ops != &sq_ops || !((sq_pool_t *)base)->group_commit)
		return false;
	unsigned long fsyncs;
	group_counts((sq_pool_t *)base, commits, synced, &fsyncs);
	return true;
}

static bool sync_stats(db_pool_t *base, db_sync_stats_t *out)
{
	sq_pool_t *p = (sq_pool_t *)base;
	if (!p->group_commit)
		return false;
	pthread_mutex_lock(&p->smu);
	*out = p->sync_times;
	pthread_mutex_unlock(&p->smu);
	return true;
}

bool db_sqlite_checkpointed(db_t *base, unsigned long *commits, unsigned long *upto)
{
	if (base->ops != &sq_ops || !CONN(base)->pool || !CONN(base)->pool->ckpt_running)
		return false;
	sq_pool_t *p = CONN(base)->pool;
	pthread_mutex_lock(&p->wmu);
	*commits = p->commits;
	*upto = p->ckpt_upto;
	pthread_mutex_unlock(&p->wmu);
	return true;
}

bool db_sqlite_snapshots(db_t *base, bool *kept, unsigned long *begun)
{
	if (base->ops != &sq_ops)
		return false;
	*kept = CONN(base)->kept;
	*begun = CONN(base)->snapshots;
	return true;
}

int db_sqlite_idle_kept(db_pool_t *base)
{
	sq_pool_t *p = (sq_pool_t *)base;
	if (p->base.ops != &sq_ops)
		return -1;
	int n = 0;
	pthread_mutex_lock(&p->mu);
	for (int i = 0; i < p->nfree; i++)
		n += p->free_list[i]->kept;
	pthread_mutex_unlock(&p->mu);
	return n;
}

static bool add_misses(sqlite3 *h, void *sum)
{
	int cur = 0, hi = 0;
	sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &cur, &hi, 0);
	*(long *)sum += cur;
	return true;
}

bool db_sqlite_cache_misses(db_pool_t *base, long *misses)
{
	if (base->ops != &sq_ops)
		return false;
	*misses = 0;
	return each_handle((sq_pool_t *)base, add_misses, misses);
}

/* The backup API copies the database as one read transaction sees it
 * (step -1: all pages at once, so a write meanwhile cannot make it start
 * over); in WAL mode that blocks no writer. The copy goes to path.partial,
 * is checked (quick_check) and renamed into place. */
static int backup(db_pool_t *p, const char *path, char **err)
{
	char partial[4096];
	if (snprintf(partial, sizeof(partial), "%s.partial", path) >= (int)sizeof(partial)) {
		*err = xstrdup("the backup's path is too long");
		return DB_ERROR;
	}
	if (access(path, F_OK) == 0) {
		*err = xstrdup("a file is already there: choose a new name (a backup never overwrites)");
		return DB_ERROR;
	}
	unlink(partial);
	sqlite3 *dst = NULL;
	int st = DB_ERROR;
	if (sqlite3_open_v2(partial, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		*err = xstrdup(dst ? sqlite3_errmsg(dst) : "cannot create the backup file");
		goto done;
	}
	db_t *src = acquire(p, true);
	unkeep(CONN(src)); /* the backup reads in the source's transaction */
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", CONN(src)->own.h, "main");
	int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
	if (b)
		sqlite3_backup_finish(b);
	release(p, src);
	if (rc != SQLITE_DONE) {
		*err = xstrdup(sqlite3_errmsg(dst));
		goto done;
	}
	/* What was copied reads back whole. */
	sqlite3_stmt *q = NULL;
	rc = sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &q, NULL);
	const char *verdict = rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
	if (!verdict || strcmp(verdict, "ok") != 0) {
		*err = xstrdup(verdict ? verdict : sqlite3_errmsg(dst));
		sqlite3_finalize(q);
		goto done;
	}
	sqlite3_finalize(q);
	if (sqlite3_close(dst) != SQLITE_OK) {
		*err = xstrdup("closing the backup failed");
		dst = NULL;
		goto done;
	}
	dst = NULL;
	if (rename(partial, path) != 0) {
		*err = xstrdup("cannot move the backup into place");
		goto done;
	}
	st = DB_OK;
done:
	if (dst)
		sqlite3_close(dst);
	if (st != DB_OK)
		unlink(partial);
	return st;
}

static const db_ops_t sq_ops = {
	.name = "sqlite",
	.pool_close = pool_close,
	.acquire = acquire,
	.release = release,
	.pool_conns = pool_conns,
	.begin = begin,
	.commit = commit,
	.rollback = rollback,
	.query = query,
	.exec = exec,
	.step = step,
	.done = done,
	.col_null = col_null,
	.col_int = col_int,
	.col_real = col_real,
	.col_text = col_text,
	.exec_script = exec_script,
	.bulk_read = bulk_read,
	.read_snapshot = read_snapshot,
	.read_idle = read_idle,
	.backup = backup,
	.when_durable = when_durable,
	.sync_stats = sync_stats,
};
