/* The backend-neutral SQL layer under the store: a pool of connections,
 * transactions, and prepared statements with bound parameters. SQL is written
 * once, in the dialect SQLite and PostgreSQL both accept, with $1, $2...
 * placeholders (a named statement may carry PostgreSQL's own text, see
 * tools/gen_stmts.py). The database URL picks the backend when the pool
 * opens (db_backend.c): SQLite (db_sqlite.c) or PostgreSQL (db_pg.c); the store and
 * everything above it never see which engine is underneath.
 * There is deliberately no way to splice values into SQL text. */
#ifndef MENTORD_DB_H
#define MENTORD_DB_H
#include <stdbool.h>
#include <stdint.h>

typedef struct db db_t;
typedef struct db_pool db_pool_t;
typedef struct db_stmt db_stmt_t;

typedef enum { DB_T_NULL, DB_T_INT, DB_T_TEXT, DB_T_REAL } db_type_t;

typedef struct db_val {
	db_type_t type;
	int64_t i;
	double d;
	const char *s;
} db_val_t;

/* Parameter constructors: DB_INT(42), DB_TEXT(str) (NULL becomes SQL NULL). */
#define DB_NULL ((db_val_t){.type = DB_T_NULL})
#define DB_INT(x) ((db_val_t){.type = DB_T_INT, .i = (int64_t)(x)})
#define DB_REAL(x) ((db_val_t){.type = DB_T_REAL, .d = (double)(x)})
#define DB_TEXT(x) db_text(x)
#define DB_OPT_INT(has, x) ((has) ? DB_INT(x) : DB_NULL)
/* ARGS(a, b, c) expands to an array and its length, for db_exec/db_query. */
#define DB_ARGS(...) (const db_val_t[]){__VA_ARGS__}, \
	(int)(sizeof((const db_val_t[]){__VA_ARGS__}) / sizeof(db_val_t))
#define DB_NOARGS NULL, 0

static inline db_val_t db_text(const char *s)
{
	db_val_t v = {.type = s ? DB_T_TEXT : DB_T_NULL, .s = s};
	return v;
}

/* Status codes. */
enum {
	DB_OK = 0,
	DB_ERROR = -1,      /* anything unexpected; see db_errmsg() */
	DB_CONSTRAINT = -2, /* a UNIQUE, FOREIGN KEY or CHECK constraint failed */
	DB_BUSY = -3,       /* the database stayed locked past the busy timeout */
	DB_CONFLICT = -4,   /* a concurrent transaction conflicted with this one (PostgreSQL's
			     * serialization failure or deadlock): it was rolled back; run the
			     * whole transaction again */
};

/* Opens a pool of n connections to url: "sqlite:PATH" or a bare path
 * (SQLite), or "postgres://..." / "postgresql://..." (PostgreSQL; what the
 * URL leaves out comes from libpq's environment variables, PGHOST,
 * PGUSER, PGPASSWORD, PGDATABASE... and ~/.pgpass). On failure returns
 * DB_ERROR and sets *err to a heap string the caller frees. */
int db_pool_open(const char *url, int n, db_pool_t **out, char **err);
/* Whether url names a PostgreSQL database. */
bool db_url_is_postgres(const char *url);
/* url with any password replaced by "***", for messages and logs; a heap
 * string the caller frees. */
char *db_url_redacted(const char *url);
void db_pool_close(db_pool_t *p);
/* Blocks until a connection is free. Never NULL. */
db_t *db_pool_acquire(db_pool_t *p);
/* A free connection, or NULL at once when none is (for work that can
 * also run on the connection it has). */
db_t *db_pool_try_acquire(db_pool_t *p);
/* The pool a connection belongs to. */
db_pool_t *db_pool_of(db_t *db);
void db_pool_release(db_pool_t *p, db_t *db);
/* "sqlite" or "postgres", of a pool or of one of its connections. */
const char *db_pool_backend(const db_pool_t *p);
const char *db_backend(const db_t *db);

/* Transactions. db_begin starts a write transaction that behaves as if it
 * ran alone, as the services need: on SQLite it takes the write lock up
 * front (writers queue, so two never deadlock on a lock upgrade); on
 * PostgreSQL it is SERIALIZABLE, and one that conflicts with a concurrent
 * transaction ends in DB_CONFLICT, rolled back, to be run again whole.
 * db_begin_relaxed starts one whose statements each see what others have
 * committed before them (PostgreSQL's READ COMMITTED; on SQLite the same as
 * db_begin): for writers that guard themselves with row locks, advisory
 * locks and unique keys (the outbox, the jobs, migrations) and must not
 * fail on a conflict. */
int db_begin(db_t *db);
int db_begin_relaxed(db_t *db);
/* db_begin for a transaction that writes to one thing named by key (a
 * relationship, a program: the services pick it): it first waits for its
 * turn among writers that name the same key, so that those queue instead
 * of conflicting. On PostgreSQL a session advisory lock taken before the
 * transaction (and so before its snapshot) and released when it ends; on
 * SQLite, whose writers all queue, the same as db_begin. key 0: db_begin. */
int db_begin_keyed(db_t *db, int64_t key);
int db_commit(db_t *db);
void db_rollback(db_t *db);
bool db_in_tx(const db_t *db);

/* Answering after durability. db_commit returns once the transaction would
 * survive a power cut; on a pooled SQLite file that means waiting for an
 * fsync of the WAL that covers it (group commit, db_sqlite.c). A server
 * thread that would rather serve other requests meanwhile turns deferring
 * on for the connection it holds: then db_commit returns as soon as the
 * transaction is committed (others read it), and db_durable_ticket names
 * the last commit it made that way (0: none). It must not answer before
 * that commit is durable: db_pool_when_durable calls fn(arg) once it is,
 * from the pool's syncing thread, or at once in the caller when it already
 * is; db_wait_durable blocks until then. A deferring connection has one
 * such commit in flight at most: its next db_begin* first waits until the
 * last is durable (an import's batches go at the disk's pace). Backends
 * whose commits are durable when they return never hand out tickets.
 * Releasing the connection turns deferring off. */
void db_defer_durable(db_t *db, bool on);
uint64_t db_durable_ticket(const db_t *db);
void db_pool_when_durable(db_pool_t *p, uint64_t ticket, void (*fn)(void *arg), void *arg);
void db_wait_durable(db_pool_t *p, uint64_t ticket);

/* A read snapshot for a run of reads (a request, until it writes): after db_read_begin
 * the statements on db read one view of the database, as it was at a moment
 * between db_read_begin and the first of them, and take its read locks
 * once instead of once each, until db_read_end. A write ends it first
 * (db_begin*, or a statement that writes outside a transaction), so writes
 * queue and conflict exactly as without it, and what follows a write sees
 * the database as it is then. On SQLite a deferred transaction; a hint
 * that other backends may ignore. Releasing the connection ends it too,
 * as far as anyone can tell: SQLite may keep it for the connection's next
 * db_read_begin while nothing is committed meanwhile (db_sqlite.c). */
void db_read_begin(db_t *db);
void db_read_end(db_t *db);
/* Whether db is in neither a transaction nor a read snapshot: each of its
 * statements sees what is committed when it runs, as one on another
 * connection would. */
bool db_reads_alone(const db_t *db);

/* Runs a statement that returns no rows. *changes (optional) gets the number
 * of rows it touched. */
int db_exec(db_t *db, const char *sql, const db_val_t *args, int nargs);
int db_exec_changes(db_t *db, int *changes, const char *sql, const db_val_t *args, int nargs);

/* Runs a query. Step through rows with db_step() (1 = row, 0 = done,
 * <0 = error) and always db_done() the statement, even after an error.
 * Column text stays valid until the next db_step() or db_done(). */
int db_query(db_t *db, db_stmt_t **out, const char *sql, const db_val_t *args, int nargs);
int db_step(db_stmt_t *st);
void db_done(db_stmt_t *st);
bool db_col_null(db_stmt_t *st, int col);
int64_t db_col_int(db_stmt_t *st, int col);
double db_col_real(db_stmt_t *st, int col);
const char *db_col_text(db_stmt_t *st, int col); /* NULL for SQL NULL */

/* Named statements (store/stmts.h, generated from src/store/sql/): id is
 * the statement's enum value, by which backends cache (and PostgreSQL names)
 * its prepared form. The same contract as db_query and db_exec_changes. */
int db_query_named(db_t *db, db_stmt_t **out, int id, const db_val_t *args, int nargs);
int db_exec_named(db_t *db, int *changes, int id, const db_val_t *args, int nargs);

/* One-row helpers: *found says whether a row came back. */
int db_query_int(db_t *db, int64_t *out, bool *found, const char *sql,
		 const db_val_t *args, int nargs);

/* Writes an online, consistent copy of the database to a new file at path
 * (SQLite: the backup API, from one read snapshot, so writers carry on
 * meanwhile; the copy is written beside path and renamed into place once
 * whole and checked). A file already at path is refused. PostgreSQL is
 * backed up with its own tools (pg_dump): DB_ERROR saying so. On failure
 * *err is a heap string the caller frees. */
int db_pool_backup(db_pool_t *p, const char *path, char **err);

/* A one-pass read of much of the database (a matching run loads a whole
 * program) between db_bulk_read(db, true) and (db, false): SQLite gives
 * the page cache that pass filled back at the end, instead of keeping it
 * for the connection's next reads. A hint: backends may ignore it. */
int db_bulk_read(db_t *db, bool on);

/* Runs several ;-separated statements without parameters (migrations). */
int db_exec_script(db_t *db, const char *sql);

const char *db_errmsg(db_t *db);

/* How many statements db has run (every query and exec, named or not) since
 * it opened: for tests that bound what an operation costs in queries. */
uint64_t db_statements_run(const db_t *db);
/* The same summed over every connection of a pool. */
uint64_t db_pool_statements_run(db_pool_t *p);
/* The fsyncs of a pool's group commit (SQLite: every write is answered once
 * an fsync of the WAL covers it, so the disk's fsync times bound the write
 * latency): how many ran, their seconds in all, and how many took at most
 * db_sync_bounds[b] seconds, for each b. False for a pool without group
 * commit (PostgreSQL syncs its own WAL; a SQLite file that is not in WAL
 * mode). */
enum { DB_SYNC_BUCKETS = 8 };
extern const double db_sync_bounds[DB_SYNC_BUCKETS];
typedef struct db_sync_stats {
	uint64_t count;
	double seconds;
	uint64_t at_most[DB_SYNC_BUCKETS];
} db_sync_stats_t;
bool db_pool_sync_stats(db_pool_t *p, db_sync_stats_t *out);
/* How many transactions db has committed, and how many ended in
 * DB_CONFLICT, since it opened: a caller whose transactions all rolled back
 * on a conflict left nothing behind and may run its work again. */
void db_tx_counts(const db_t *db, uint64_t *commits, uint64_t *conflicts);

#endif
