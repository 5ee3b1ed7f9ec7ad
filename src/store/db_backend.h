/* What a backend of db.h provides (db_sqlite.c, db_pg.c), for db_backend.c, which implements db.h in front of them.
 * Each backend's pool, connection and statement begin with the heads
 * below, so db_backend.c finds the backend's table of functions from any of them
 * and keeps what every backend shares (the transaction flag, the counters,
 * the last error) in one place. One indirect call per db_ function is all
 * the choice of backend costs. */
#ifndef MENTORD_DB_BACKEND_H
#define MENTORD_DB_BACKEND_H
#include "store/db.h"

typedef struct db_ops db_ops_t;

struct db_pool {
	const db_ops_t *ops;
};

struct db {
	const db_ops_t *ops;
	db_pool_t *pool;
	bool in_tx;
	bool snapshot; /* db_read_begin asked for a read snapshot (until db_read_end) */
	/* db_defer_durable: the backend may return from commit before the
	 * commit is durable, and then sets durable_ticket (db.h). */
	bool defer_durable;
	uint64_t durable_ticket;
	uint64_t statements; /* run so far, for db_statements_run */
	uint64_t commits, conflicts;
	char errbuf[256];
};

struct db_stmt {
	const db_ops_t *ops;
	db_t *db;
};

struct db_ops {
	const char *name;
	void (*pool_close)(db_pool_t *p);
	db_t *(*acquire)(db_pool_t *p, bool wait); /* !wait: NULL when none is free */
	void (*release)(db_pool_t *p, db_t *db);
	/* Every connection of the pool, for the counters. */
	int (*pool_conns)(db_pool_t *p, db_t ***all);
	int (*begin)(db_t *db, bool relaxed, int64_t key);
	int (*commit)(db_t *db);
	void (*rollback)(db_t *db);
	/* A query: sql is the text (id < 0), or id names a statement of
	 * store/stmts.h (sql NULL). exec runs one to its end and counts the
	 * rows it changed. */
	int (*query)(db_t *db, db_stmt_t **out, const char *sql, int id, const db_val_t *args, int nargs);
	int (*exec)(db_t *db, int *changes, const char *sql, int id, const db_val_t *args, int nargs);
	int (*step)(db_stmt_t *st);
	void (*done)(db_stmt_t *st);
	bool (*col_null)(db_stmt_t *st, int col);
	int64_t (*col_int)(db_stmt_t *st, int col);
	double (*col_real)(db_stmt_t *st, int col);
	const char *(*col_text)(db_stmt_t *st, int col);
	int (*exec_script)(db_t *db, const char *sql);
	int (*bulk_read)(db_t *db, bool on); /* NULL: the hint is ignored */
	void (*read_snapshot)(db_t *db, bool on); /* NULL: the hint is ignored */
	/* The connection, in a read snapshot, goes back to its pool: end the
	 * snapshot, or keep it for the next db_read_begin. NULL: end it. */
	void (*read_idle)(db_t *db);
	int (*backup)(db_pool_t *p, const char *path, char **err);
	/* NULL: the backend never hands out durability tickets. */
	void (*when_durable)(db_pool_t *p, uint64_t ticket, void (*fn)(void *arg), void *arg);
	/* NULL, or false: the pool runs no fsyncs of its own (db_pool_sync_stats). */
	bool (*sync_stats)(db_pool_t *p, db_sync_stats_t *out);
};

/* The backends' pool openers; path_or_url is what follows "sqlite:" (or
 * the bare path), or the whole postgres:// URL. */
int db_sqlite_open(const char *path, int n, db_pool_t **out, char **err);
int db_pg_open(const char *url, int n, db_pool_t **out, char **err);

/* Group commit's figures for db's SQLite pool, for tests: the pool's
 * commits and fsyncs so far, and whether db's last commit is durable.
 * False when db is not a pooled SQLite file connection. */
bool db_sqlite_group_commit(db_t *db, unsigned long *commits, unsigned long *fsyncs, bool *last_durable);
/* Durability on a SQLite file pool, for tests: the pool's commits so far
 * and how many of them are durable. False for other pools. */
bool db_sqlite_durable(db_pool_t *p, unsigned long *commits, unsigned long *synced);
/* The checkpointer's progress on db's SQLite pool, for tests: the pool's
 * commits so far, and how many of them had been made when its last
 * checkpoint (and WAL restart) ended. False without a checkpointer. */
bool db_sqlite_checkpointed(db_t *db, unsigned long *commits, unsigned long *upto);
/* Read snapshots on a SQLite pool connection, for tests: whether db holds
 * one kept from its last use, and how many it has begun. False for other
 * backends. */
bool db_sqlite_snapshots(db_t *db, bool *kept, unsigned long *begun);
/* How many idle connections of SQLite pool p hold a kept read snapshot;
 * -1 for other pools. */
int db_sqlite_idle_kept(db_pool_t *p);
/* Pages that p's SQLite connections (the pool's and its writing one) have
 * read from the file so far, for tests: a connection whose page cache was
 * emptied by another's commit reads them again. False for other pools. */
bool db_sqlite_cache_misses(db_pool_t *p, long *misses);

/* Records the error message of a failed call on db (printf-style). */
void db_set_err(db_t *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
