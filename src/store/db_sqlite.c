/* The SQLite backend of db.h. Every connection runs in WAL mode with foreign
 * keys enforced, a busy timeout, and synchronous=FULL so a committed
 * transaction survives a power cut.
 *
 * Writers queue. SQLite has one write lock per database; connections that
 * race for it lose in its busy handler, which sleeps with growing back-off,
 * so under load a few writes waited a second while most took milliseconds.
 * The pool keeps a first-come, first-served queue in front of BEGIN
 * IMMEDIATE instead: a writer waits on its own condition variable until the
 * one before it commits or rolls back, then takes the lock at once. (Other
 * processes on the same file, such as a CLI command, still meet the busy
 * timeout.)
 *
 * Checkpoints run beside the writers. SQLite's automatic checkpoint runs
 * inside the commit that crosses the WAL's size threshold, so that one
 * writer, and every writer queued behind it, waited for the copy and its
 * fsync. Pools turn it off and a checkpointer thread with a connection of
 * its own runs passive checkpoints (which never block writers) after
 * commits, and a full one when the pool closes. Statements are prepared once per
 * connection and cached by their SQL text, which is always a literal. SQL uses
 * PostgreSQL's $N placeholders; SQLite treats "$1" as a named parameter, so
 * we bind by looking each name up. */
#include "store/db.h"
#include "store/stmts.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MMAP_BYTES "268435456" /* memory-mapped reads, per connection */

#define CACHE_BUCKETS 128

struct db_stmt {
	sqlite3_stmt *st;
	db_t *db;
	const char *sql;
	bool cached, in_use;
	struct db_stmt *next; /* cache chain */
};

struct db_pool;

/* One writer waiting in the queue. */
typedef struct wait_node {
	pthread_cond_t cv;
	bool ready;
	struct wait_node *next;
} wait_node_t;

struct db {
	sqlite3 *h;
	struct db_pool *pool;
	bool in_tx;
	char errbuf[256];
	struct db_stmt *cache[CACHE_BUCKETS];
	uint64_t statements; /* run so far, for db_statements_run */
};

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	db_t **all, **free_list;
	int n, nfree;
	/* The writers' queue: writing says whether a connection holds the
	 * write transaction; waiters are served in arrival order. */
	pthread_mutex_t wmu;
	bool writing;
	wait_node_t *whead, *wtail;
	/* The checkpointer. */
	sqlite3 *ckpt_h;
	pthread_t ckpt_thread;
	pthread_cond_t ckpt_cv;
	unsigned long commits; /* under wmu */
	bool ckpt_running, ckpt_stop, ckpt_cv_made;
};

/* Waits for this process's turn to write. */
static void write_turn_take(struct db_pool *p)
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
 * the WAL grew (for the checkpointer). */
static void write_turn_give(struct db_pool *p, bool committed)
{
	pthread_mutex_lock(&p->wmu);
	p->commits += committed;
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
}

static void set_err(db_t *db, const char *what)
{
	snprintf(db->errbuf, sizeof(db->errbuf), "%s: %s", what, sqlite3_errmsg(db->h));
}

static int map_rc(db_t *db, int rc, const char *what)
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

static int conn_open(const char *path, db_t **out, char **err)
{
	db_t *db = xcalloc(1, sizeof(*db));
	int rc = sqlite3_open_v2(path, &db->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		*err = xstrdup(db->h ? sqlite3_errmsg(db->h) : "cannot open database");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 10000);
	static const char *pragmas =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA temp_store=MEMORY;"
		/* Dashboards read tens of thousands of summary rows: a 32 MiB page
		 * cache and memory-mapped reads keep them out of read() calls. */
		"PRAGMA cache_size=-32768;"
		"PRAGMA mmap_size=" MMAP_BYTES ";"
		/* The pool's checkpointer thread does this (see above). */
		"PRAGMA wal_autocheckpoint=0;";
	char *msg = NULL;
	if (sqlite3_exec(db->h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		*err = xstrdup(msg ? msg : "pragma failed");
		sqlite3_free(msg);
		goto fail;
	}
	*out = db;
	return DB_OK;
fail:
	sqlite3_close(db->h);
	free(db);
	return DB_ERROR;
}

static void conn_close(db_t *db)
{
	for (int i = 0; i < CACHE_BUCKETS; i++) {
		struct db_stmt *s = db->cache[i];
		while (s) {
			struct db_stmt *next = s->next;
			sqlite3_finalize(s->st);
			free(s);
			s = next;
		}
	}
	sqlite3_close(db->h);
	free(db);
}

static void *checkpointer(void *arg)
{
	struct db_pool *p = arg;
	unsigned long seen = 0;
	pthread_mutex_lock(&p->wmu);
	while (!p->ckpt_stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&p->ckpt_cv, &p->wmu, &until);
		if (p->commits == seen)
			continue;
		seen = p->commits;
		pthread_mutex_unlock(&p->wmu);
		sqlite3_wal_checkpoint_v2(p->ckpt_h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&p->wmu);
	}
	pthread_mutex_unlock(&p->wmu);
	return NULL;
}

static void checkpointer_start(struct db_pool *p, const char *path)
{
	pthread_cond_init(&p->ckpt_cv, NULL);
	p->ckpt_cv_made = true;
	if (sqlite3_open_v2(path, &p->ckpt_h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_close(p->ckpt_h);
		p->ckpt_h = NULL;
		return;
	}
	sqlite3_busy_timeout(p->ckpt_h, 10000);
	p->ckpt_running = pthread_create(&p->ckpt_thread, NULL, checkpointer, p) == 0;
}

static void checkpointer_stop(struct db_pool *p)
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

int db_pool_open(const char *url, int n, db_pool_t **out, char **err)
{
	const char *path = url;
	if (strncmp(url, "sqlite:", 7) == 0)
		path = url + 7;
	else if (strstr(url, "://")) {
		*err = xstrdup("unsupported database URL (this build has the SQLite backend: sqlite:PATH)");
		return DB_ERROR;
	}
	if (n < 1)
		n = 1;
	db_pool_t *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	pthread_mutex_init(&p->wmu, NULL);
	p->all = xcalloc((size_t)n, sizeof(db_t *));
	p->free_list = xcalloc((size_t)n, sizeof(db_t *));
	for (int i = 0; i < n; i++) {
		if (conn_open(path, &p->all[i], err) != DB_OK) {
			p->n = i;
			db_pool_close(p);
			return DB_ERROR;
		}
		p->all[i]->pool = p;
		p->free_list[p->nfree++] = p->all[i];
		p->n = i + 1;
	}
	/* A database in memory is one per connection: nothing to checkpoint. */
	if (!strstr(path, ":memory:"))
		checkpointer_start(p, path);
	if (!p->ckpt_running)
		for (int i = 0; i < p->n; i++)
			sqlite3_exec(p->all[i]->h, "PRAGMA wal_autocheckpoint=1000;", NULL, NULL, NULL);
	*out = p;
	return DB_OK;
}

void db_pool_close(db_pool_t *p)
{
	if (!p)
		return;
	checkpointer_stop(p);
	for (int i = 0; i < p->n; i++)
		conn_close(p->all[i]);
	/* The last connection to close checkpoints the whole WAL into the
	 * database file and removes it. */
	if (p->ckpt_h)
		sqlite3_close(p->ckpt_h);
	if (p->ckpt_cv_made)
		pthread_cond_destroy(&p->ckpt_cv);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->wmu);
	free(p->all);
	free(p->free_list);
	free(p);
}

db_t *db_pool_acquire(db_pool_t *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	db_t *db = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return db;
}

void db_pool_release(db_pool_t *p, db_t *db)
{
	if (db->in_tx)
		db_rollback(db); /* a handler that forgot to finish loses its writes, never half */
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = db;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

const char *db_pool_backend(const db_pool_t *p)
{
	(void)p;
	return "sqlite";
}

const char *db_errmsg(db_t *db)
{
	return db->errbuf[0] ? db->errbuf : "no error";
}

int db_begin(db_t *db)
{
	if (db->in_tx) {
		snprintf(db->errbuf, sizeof(db->errbuf), "nested transaction");
		return DB_ERROR;
	}
	if (db->pool)
		write_turn_take(db->pool);
	int rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (db->pool)
			write_turn_give(db->pool, false);
		return map_rc(db, rc, "begin");
	}
	db->in_tx = true;
	return DB_OK;
}

int db_commit(db_t *db)
{
	int rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int st = map_rc(db, rc, "commit");
		db_rollback(db);
		return st;
	}
	db->in_tx = false;
	if (db->pool)
		write_turn_give(db->pool, true);
	return DB_OK;
}

void db_rollback(db_t *db)
{
	if (sqlite3_get_autocommit(db->h) == 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if (db->in_tx && db->pool)
		write_turn_give(db->pool, false);
	db->in_tx = false;
}

bool db_in_tx(const db_t *db)
{
	return db->in_tx;
}

static unsigned bucket_of(const char *sql)
{
	uintptr_t x = (uintptr_t)sql;
	return (unsigned)((x >> 4) ^ (x >> 12)) % CACHE_BUCKETS;
}

static int bind_args(db_t *db, sqlite3_stmt *st, const db_val_t *args, int nargs)
{
	if (sqlite3_bind_parameter_count(st) != nargs) {
		snprintf(db->errbuf, sizeof(db->errbuf), "statement wants %d parameters, got %d",
			 sqlite3_bind_parameter_count(st), nargs);
		return DB_ERROR;
	}
	for (int i = 0; i < nargs; i++) {
		char name[16];
		snprintf(name, sizeof(name), "$%d", i + 1);
		int idx = sqlite3_bind_parameter_index(st, name);
		if (idx == 0) {
			snprintf(db->errbuf, sizeof(db->errbuf), "parameter %s missing from SQL", name);
			return DB_ERROR;
		}
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

int db_query(db_t *db, db_stmt_t **out, const char *sql, const db_val_t *args, int nargs)
{
	unsigned b = bucket_of(sql);
	struct db_stmt *s = db->cache[b];
	while (s && !(s->sql == sql && !s->in_use))
		s = s->next;
	if (!s) {
		bool cache = true;
		for (struct db_stmt *t = db->cache[b]; t; t = t->next)
			if (t->sql == sql)
				cache = false; /* same SQL already running: use a one-off */
		s = xcalloc(1, sizeof(*s));
		int rc = sqlite3_prepare_v3(db->h, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0,
					    &s->st, NULL);
		if (rc != SQLITE_OK) {
			free(s);
			return map_rc(db, rc, "prepare");
		}
		s->sql = sql;
		s->db = db;
		s->cached = cache;
		if (cache) {
			s->next = db->cache[b];
			db->cache[b] = s;
		}
	}
	s->in_use = true;
	db->statements++;
	int st = bind_args(db, s->st, args, nargs);
	if (st != DB_OK) {
		db_done(s);
		return st;
	}
	*out = s;
	return DB_OK;
}

int db_step(db_stmt_t *s)
{
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return map_rc(s->db, rc, "step");
}

void db_done(db_stmt_t *s)
{
	if (!s)
		return;
	if (s->cached) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		s->in_use = false;
	} else {
		sqlite3_finalize(s->st);
		free(s);
	}
}

bool db_col_null(db_stmt_t *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

int64_t db_col_int(db_stmt_t *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

double db_col_real(db_stmt_t *s, int col)
{
	return sqlite3_column_double(s->st, col);
}

const char *db_col_text(db_stmt_t *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

int db_exec_changes(db_t *db, int *changes, const char *sql, const db_val_t *args, int nargs)
{
	db_stmt_t *s;
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1)
		;
	if (changes)
		*changes = sqlite3_changes(db->h);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int db_exec(db_t *db, const char *sql, const db_val_t *args, int nargs)
{
	return db_exec_changes(db, NULL, sql, args, nargs);
}

int db_query_int(db_t *db, int64_t *out, bool *found, const char *sql,
		 const db_val_t *args, int nargs)
{
	db_stmt_t *s;
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (found)
		*found = rc == 1;
	if (rc == 1)
		*out = db_col_int(s, 0);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int db_bulk_read(db_t *db, bool on)
{
	/* Pages read through the map stay in the process's resident set:
	 * 120 MiB of a 160 MB program loaded for matching, where a read
	 * through the 32 MiB cache costs the same time for one pass. */
	int rc = db_exec_script(db, on ? "PRAGMA mmap_size=0" : "PRAGMA mmap_size=" MMAP_BYTES);
	if (!on)
		sqlite3_db_release_memory(db->h);
	return rc;
}

int db_exec_script(db_t *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(db->errbuf, sizeof(db->errbuf), "%s", msg ? msg : "script failed");
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
	}
	return DB_OK;
}

int db_query_named(db_t *db, db_stmt_t **out, int id, const db_val_t *args, int nargs)
{
	if (id < 0 || id >= STMT_COUNT) {
		snprintf(db->errbuf, sizeof(db->errbuf), "no statement %d", id);
		return DB_ERROR;
	}
	return db_query(db, out, stmt_sql[id], args, nargs);
}

int db_exec_named(db_t *db, int *changes, int id, const db_val_t *args, int nargs)
{
	if (id < 0 || id >= STMT_COUNT) {
		snprintf(db->errbuf, sizeof(db->errbuf), "no statement %d", id);
		return DB_ERROR;
	}
	return db_exec_changes(db, changes, stmt_sql[id], args, nargs);
}

uint64_t db_statements_run(const db_t *db)
{
	return db->statements;
}

uint64_t db_pool_statements_run(db_pool_t *p)
{
	uint64_t n = 0;
	pthread_mutex_lock(&p->mu);
	for (int i = 0; i < p->n; i++)
		n += p->all[i]->statements;
	pthread_mutex_unlock(&p->mu);
	return n;
}
