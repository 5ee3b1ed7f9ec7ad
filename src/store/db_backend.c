/* db.h's front: picks the backend from the database URL when a pool
 * opens, and hands every later call to that backend's table of functions
 * (db_backend.h). What all backends share lives here too: the transaction
 * flag, the counters of statements, commits and conflicts, the one-row
 * helper, and the check of a named statement's id. */
#include "store/db_backend.h"
#include "store/stmts.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool db_url_is_postgres(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

char *db_url_redacted(const char *url)
{
	/* scheme://user:password@host...: the password is what lies between
	 * the first ':' after the scheme and the '@' of the authority. */
	const char *auth = strstr(url, "://");
	if (!auth)
		return xstrdup(url);
	auth += 3;
	size_t alen = strcspn(auth, "/?#");
	const char *at = memchr(auth, '@', alen);
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (!colon)
		return xstrdup(url);
	size_t head = (size_t)(colon + 1 - url), n = head + 3 + strlen(at) + 1;
	char *out = xmalloc(n);
	snprintf(out, n, "%.*s***%s", (int)head, url, at);
	return out;
}

int db_pool_open(const char *url, int n, db_pool_t **out, char **err)
{
	*out = NULL;
	*err = NULL;
	if (n < 1)
		n = 1;
	if (db_url_is_postgres(url))
		return db_pg_open(url, n, out, err);
	if (strncmp(url, "sqlite:", 7) == 0)
		return db_sqlite_open(url + 7, n, out, err);
	if (strstr(url, "://")) {
		*err = xstrdup("unsupported database URL: use sqlite:PATH (or a path), or postgres://...");
		return DB_ERROR;
	}
	return db_sqlite_open(url, n, out, err);
}

void db_pool_close(db_pool_t *p)
{
	if (p)
		p->ops->pool_close(p);
}

db_t *db_pool_acquire(db_pool_t *p)
{
	return p->ops->acquire(p, true);
}

db_t *db_pool_try_acquire(db_pool_t *p)
{
	return p->ops->acquire(p, false);
}

db_pool_t *db_pool_of(db_t *db)
{
	return db->pool;
}

void db_pool_release(db_pool_t *p, db_t *db)
{
	if (db->in_tx)
		db_rollback(db); /* a handler that forgot to finish loses its writes, never half */
	if (db->snapshot && db->ops->read_idle) {
		db->ops->read_idle(db);
		db->snapshot = false;
	} else {
		db_read_end(db);
	}
	db_defer_durable(db, false);
	p->ops->release(p, db);
}

int db_pool_backup(db_pool_t *p, const char *path, char **err)
{
	*err = NULL;
	return p->ops->backup(p, path, err);
}

const char *db_pool_backend(const db_pool_t *p)
{
	return p->ops->name;
}

const char *db_backend(const db_t *db)
{
	return db->ops->name;
}

void db_set_err(db_t *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errbuf, sizeof(db->errbuf), fmt, ap);
	va_end(ap);
}

const char *db_errmsg(db_t *db)
{
	return db->errbuf[0] ? db->errbuf : "no error";
}

static int begin(db_t *db, bool relaxed, int64_t key)
{
	if (db->in_tx) {
		db_set_err(db, "nested transaction");
		return DB_ERROR;
	}
	int st = db->ops->begin(db, relaxed, key);
	db->in_tx = st == DB_OK;
	return st;
}

int db_begin(db_t *db)
{
	return begin(db, false, 0);
}

int db_begin_relaxed(db_t *db)
{
	return begin(db, true, 0);
}

int db_begin_keyed(db_t *db, int64_t key)
{
	return begin(db, false, key);
}

int db_commit(db_t *db)
{
	if (!db->in_tx) {
		db_set_err(db, "commit without a transaction");
		return DB_ERROR;
	}
	int st = db->ops->commit(db);
	if (st != DB_OK) {
		/* The backend has rolled back. */
		db->in_tx = false;
		db->conflicts += st == DB_CONFLICT;
		return st;
	}
	db->in_tx = false;
	db->commits++;
	return DB_OK;
}

void db_rollback(db_t *db)
{
	db->ops->rollback(db);
	db->in_tx = false;
}

void db_defer_durable(db_t *db, bool on)
{
	db->defer_durable = on;
	db->durable_ticket = 0;
}

uint64_t db_durable_ticket(const db_t *db)
{
	return db->durable_ticket;
}

void db_pool_when_durable(db_pool_t *p, uint64_t ticket, void (*fn)(void *arg), void *arg)
{
	if (ticket && p->ops->when_durable)
		p->ops->when_durable(p, ticket, fn, arg);
	else
		fn(arg);
}

typedef struct durable_wait {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool done;
} durable_wait_t;

static void durable_now(void *arg)
{
	durable_wait_t *w = arg;
	pthread_mutex_lock(&w->mu);
	w->done = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void db_wait_durable(db_pool_t *p, uint64_t ticket)
{
	if (!ticket)
		return;
	durable_wait_t w = {.done = false};
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	db_pool_when_durable(p, ticket, durable_now, &w);
	pthread_mutex_lock(&w.mu);
	while (!w.done)
		pthread_cond_wait(&w.cv, &w.mu);
	pthread_mutex_unlock(&w.mu);
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
}

bool db_in_tx(const db_t *db)
{
	return db->in_tx;
}

void db_read_begin(db_t *db)
{
	if (db->ops->read_snapshot && !db->in_tx) {
		db->ops->read_snapshot(db, true);
		db->snapshot = true;
	}
}

void db_read_end(db_t *db)
{
	if (db->ops->read_snapshot)
		db->ops->read_snapshot(db, false);
	db->snapshot = false;
}

bool db_reads_alone(const db_t *db)
{
	return !db->in_tx && !db->snapshot;
}

/* A statement that failed on a conflict has doomed its transaction: the
 * caller rolls back, and the conflict is counted once, here. */
static int counted(db_t *db, int st)
{
	db->conflicts += st == DB_CONFLICT;
	return st;
}

int db_query(db_t *db, db_stmt_t **out, const char *sql, const db_val_t *args, int nargs)
{
	db->statements++;
	return counted(db, db->ops->query(db, out, sql, -1, args, nargs));
}

int db_exec_changes(db_t *db, int *changes, const char *sql, const db_val_t *args, int nargs)
{
	db->statements++;
	return counted(db, db->ops->exec(db, changes, sql, -1, args, nargs));
}

int db_exec(db_t *db, const char *sql, const db_val_t *args, int nargs)
{
	return db_exec_changes(db, NULL, sql, args, nargs);
}

int db_step(db_stmt_t *st)
{
	int rc = st->ops->step(st);
	return rc < 0 ? counted(st->db, rc) : rc;
}

void db_done(db_stmt_t *st)
{
	if (st)
		st->ops->done(st);
}

bool db_col_null(db_stmt_t *st, int col)
{
	return st->ops->col_null(st, col);
}

int64_t db_col_int(db_stmt_t *st, int col)
{
	return st->ops->col_int(st, col);
}

double db_col_real(db_stmt_t *st, int col)
{
	return st->ops->col_real(st, col);
}

const char *db_col_text(db_stmt_t *st, int col)
{
	return st->ops->col_text(st, col);
}

int db_query_int(db_t *db, int64_t *out, bool *found, const char *sql, const db_val_t *args, int nargs)
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

int db_exec_script(db_t *db, const char *sql)
{
	db->statements++;
	return counted(db, db->ops->exec_script(db, sql));
}

int db_bulk_read(db_t *db, bool on)
{
	return db->ops->bulk_read ? db->ops->bulk_read(db, on) : DB_OK;
}

static bool known(db_t *db, int id)
{
	if (id >= 0 && id < STMT_COUNT)
		return true;
	db_set_err(db, "no statement %d", id);
	return false;
}

int db_query_named(db_t *db, db_stmt_t **out, int id, const db_val_t *args, int nargs)
{
	if (!known(db, id))
		return DB_ERROR;
	db->statements++;
	return counted(db, db->ops->query(db, out, NULL, id, args, nargs));
}

int db_exec_named(db_t *db, int *changes, int id, const db_val_t *args, int nargs)
{
	if (!known(db, id))
		return DB_ERROR;
	db->statements++;
	return counted(db, db->ops->exec(db, changes, NULL, id, args, nargs));
}

uint64_t db_statements_run(const db_t *db)
{
	return db->statements;
}

const double db_sync_bounds[DB_SYNC_BUCKETS] = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1};

bool db_pool_sync_stats(db_pool_t *p, db_sync_stats_t *out)
{
	*out = (db_sync_stats_t){0};
	return p->ops->sync_stats && p->ops->sync_stats(p, out);
}

uint64_t db_pool_statements_run(db_pool_t *p)
{
	db_t **all;
	int n = p->ops->pool_conns(p, &all);
	uint64_t sum = 0;
	for (int i = 0; i < n; i++)
		sum += all[i]->statements;
	return sum;
}

void db_tx_counts(const db_t *db, uint64_t *commits, uint64_t *conflicts)
{
	*commits = db->commits;
	*conflicts = db->conflicts;
}
