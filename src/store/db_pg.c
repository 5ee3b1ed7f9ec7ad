/* The PostgreSQL backend of db.h, on libpq. A pool holds n connections,
 * opened when the pool opens; a connection the server dropped is reset the
 * next time it is handed out.
 *
 * Named statements are prepared on a connection the first time it runs
 * them (named "m<id>", with the parameter types the generator declares, so
 * `$2 IS NULL` needs no cast) and executed by name after that; their text
 * is the statement's PostgreSQL text where it has one (stmt_sql_pg), else
 * the shared one. Other SQL (migrations, tests) goes through the unnamed
 * statement, its integer and real parameters typed, text left to the
 * server to infer. Parameters travel as text. Results come back whole, so
 * several queries may be open on one connection: in binary when every
 * column of a named statement is of a plain type (integers, reals,
 * booleans, text: PostgreSQL describes them at prepare time), which
 * spares both sides formatting and parsing numbers (a dashboard reads
 * 50,000 rows of 28 columns), else as text. Either way a boolean reads as
 * 1/0, so `x IS NULL` selected into an int column works as on SQLite.
 *
 * Isolation: db_begin is SERIALIZABLE. The services were written against
 * SQLite, whose writers run one at a time; SERIALIZABLE gives the same
 * guarantee (every outcome is one some serial order would give) while
 * writers run side by side, and ends the loser of a conflict with a
 * serialization failure (SQLSTATE 40001) or a deadlock (40P01), both
 * DB_CONFLICT: db_backend.c counts them and the HTTP server runs such a request
 * again (http/server.c). db_begin_relaxed is READ COMMITTED, for writers
 * that guard themselves (the outbox claims rows with FOR UPDATE SKIP
 * LOCKED, the jobs and migrations take advisory locks). Statements outside
 * a transaction run on their own (autocommit, READ COMMITTED). Each
 * session waits at most 10 s for a lock (lock_timeout, DB_BUSY), as SQLite
 * waits 10 s for its write lock.
 *
 * Writers to one relationship (or one program) would conflict with each
 * other every time: each of them updates that relationship's rollup row.
 * db_begin_keyed has them queue instead, as SQLite's writers do: a session
 * advisory lock on the key, taken before BEGIN so that the transaction's
 * snapshot, taken by its first statement, already holds what the writer
 * before it committed; released after COMMIT or ROLLBACK. */
#include "store/db_backend.h"
#include "store/stmts.h"
#include "core/xalloc.h"

#include <libpq-fe.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs (pg_type.h is a server header). */
enum {
	OID_BOOL = 16, OID_NAME = 19, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25,
	OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_VARCHAR = 1043
};

enum { PREP_TEXT = 1, PREP_BINARY = 2 };

typedef struct pg_stmt {
	struct db_stmt base;
	PGresult *res;
	int row, nrows;
	bool binary;
	char (*scratch)[32]; /* per column: a binary number as text, for db_col_text */
} pg_stmt_t;

struct pg_pool;

typedef struct pg_conn {
	struct db base;
	PGconn *c;
	struct pg_pool *pool;
	unsigned char *prepared; /* [STMT_COUNT]: 0 not yet, else PREP_TEXT or PREP_BINARY */
	int64_t key;    /* the advisory lock held for the open transaction, or 0 */
} pg_conn_t;

typedef struct pg_pool {
	struct db_pool base;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	db_t **all; /* pg_conn_t, by their heads */
	pg_conn_t **free_list;
	int n, nfree;
} pg_pool_t;

static const db_ops_t pg_ops;

#define CONN(db) ((pg_conn_t *)(db))
#define STMT(s) ((pg_stmt_t *)(s))

/* libpq's messages end in a newline; the log line should not. */
static void set_err_text(pg_conn_t *db, const char *what, const char *msg)
{
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	db_set_err(&db->base, "%s: %.*s", what, (int)n, msg);
}

/* The DB_ status of a failed result (NULL: no result at all). */
static int map_result(pg_conn_t *db, PGresult *res, const char *what)
{
	if (!res) {
		set_err_text(db, what, PQerrorMessage(db->c));
		return DB_ERROR;
	}
	set_err_text(db, what, PQresultErrorMessage(res));
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (!state)
		return DB_ERROR;
	if (!strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
		return DB_CONFLICT;
	if (!strcmp(state, "55P03")) /* lock_timeout */
		return DB_BUSY;
	return DB_ERROR;
}

static bool result_ok(PGresult *res)
{
	ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

/* Runs SQL without parameters or results (session settings, BEGIN...). */
static int simple(pg_conn_t *db, const char *sql, const char *what)
{
	PGresult *res = PQexec(db->c, sql);
	int st = result_ok(res) ? DB_OK : map_result(db, res, what);
	PQclear(res);
	return st;
}

static void no_notices(void *arg, const char *message)
{
	(void)arg, (void)message; /* "relation ... already exists, skipping" and the like */
}

/* What every session of mentord's sets: UTC, UTF-8, and a bounded wait for
 * locks. */
static int session_setup(pg_conn_t *db)
{
	PQsetNoticeProcessor(db->c, no_notices, NULL);
	if (PQsetClientEncoding(db->c, "UTF8") != 0) {
		set_err_text(db, "client encoding", PQerrorMessage(db->c));
		return DB_ERROR;
	}
	memset(db->prepared, 0, STMT_COUNT);
	return simple(db, "SET TimeZone = 'UTC'; SET lock_timeout = '10s'", "session setup");
}

static int conn_open(const char *url, pg_conn_t **out, char **err)
{
	pg_conn_t *db = xcalloc(1, sizeof(*db));
	db->base.ops = &pg_ops;
	db->prepared = xcalloc(STMT_COUNT, 1);
	db->c = PQconnectdb(url);
	if (!db->c || PQstatus(db->c) != CONNECTION_OK) {
		const char *m = db->c ? PQerrorMessage(db->c) : "out of memory";
		size_t n = strlen(m);
		while (n && m[n - 1] == '\n')
			n--;
		*err = xmalloc(n + 1);
		memcpy(*err, m, n);
		(*err)[n] = '\0';
		goto fail;
	}
	if (session_setup(db) != DB_OK) {
		*err = xstrdup(db_errmsg(&db->base));
		goto fail;
	}
	*out = db;
	return DB_OK;
fail:
	PQfinish(db->c);
	free(db->prepared);
	free(db);
	return DB_ERROR;
}

static void conn_close(pg_conn_t *db)
{
	PQfinish(db->c);
	free(db->prepared);
	free(db);
}

static void pool_close(db_pool_t *base);

/* libpq holds a whole result in its own memory, taken from malloc in small
 * blocks: tens of megabytes for the rows of a 50,000-relationship program.
 * glibc hands a heap's free top back to the system past 128 KiB (more only
 * once it has seen large blocks come and go, which the pool of large blocks
 * now keeps away from it), so every such request faulted its memory in
 * again: 12,400 page faults a dashboard, 246-251 ms. Kept up to 64 MiB a
 * heap, the next result reuses the pages: 132-134 ms (quiet server, median
 * of 10), for a larger peak (the threads' heaps: 114 -> 308 MB). */
enum { PG_HEAP_KEEP = 64 * 1024 * 1024 };

int db_pg_open(const char *url, int n, db_pool_t **out, char **err)
{
	mallopt(M_TRIM_THRESHOLD, PG_HEAP_KEEP);
	pg_pool_t *p = xcalloc(1, sizeof(*p));
	p->base.ops = &pg_ops;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->all = xcalloc((size_t)n, sizeof(db_t *));
	p->free_list = xcalloc((size_t)n, sizeof(pg_conn_t *));
	for (int i = 0; i < n; i++) {
		pg_conn_t *c;
		if (conn_open(url, &c, err) != DB_OK) {
			pool_close(&p->base);
			return DB_ERROR;
		}
		c->pool = p;
		c->base.pool = &p->base;
		p->all[i] = &c->base;
		p->free_list[p->nfree++] = c;
		p->n = i + 1;
	}
	*out = &p->base;
	return DB_OK;
}

static void pool_close(db_pool_t *base)
{
	pg_pool_t *p = (pg_pool_t *)base;
	for (int i = 0; i < p->n; i++)
		conn_close(CONN(p->all[i]));
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->all);
	free(p->free_list);
	free(p);
}

static db_t *acquire(db_pool_t *base, bool wait)
{
	pg_pool_t *p = (pg_pool_t *)base;
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0 && wait)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->nfree == 0) {
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	pg_conn_t *c = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	/* The server restarted or dropped us: reconnect (prepared statements
	 * died with the session). If that fails too, the queries will say so. */
	if (PQstatus(c->c) == CONNECTION_BAD) {
		PQreset(c->c);
		if (PQstatus(c->c) == CONNECTION_OK)
			session_setup(c);
	}
	return &c->base;
}

static void release(db_pool_t *base, db_t *db)
{
	pg_pool_t *p = (pg_pool_t *)base;
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = CONN(db);
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static int pool_conns(db_pool_t *base, db_t ***all)
{
	pg_pool_t *p = (pg_pool_t *)base;
	*all = p->all;
	return p->n;
}

/* ---- transactions ---- */

/* Takes (lock) or gives back the session advisory lock on key. */
static int advisory(pg_conn_t *db, int64_t key, bool lock)
{
	char text[24];
	snprintf(text, sizeof(text), "%lld", (long long)key);
	const char *vals[1] = {text};
	const Oid types[1] = {OID_INT8};
	PGresult *res = PQexecParams(db->c, lock ? "SELECT pg_advisory_lock($1)" : "SELECT pg_advisory_unlock($1)",
				     1, types, vals, NULL, NULL, 0);
	int st = result_ok(res) ? DB_OK : map_result(db, res, lock ? "waiting for the writers' turn" : "unlock");
	PQclear(res);
	return st;
}

static void release_key(pg_conn_t *db)
{
	if (db->key)
		advisory(db, db->key, false);
	db->key = 0;
}

static int begin(db_t *base, bool relaxed, int64_t key)
{
	pg_conn_t *db = CONN(base);
	if (key) {
		int st = advisory(db, key, true);
		if (st != DB_OK)
			return st;
		db->key = key;
	}
	int st = simple(db, relaxed ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN ISOLATION LEVEL SERIALIZABLE",
			"begin");
	if (st != DB_OK)
		release_key(db);
	return st;
}

static void rollback(db_t *base)
{
	pg_conn_t *db = CONN(base);
	if (PQtransactionStatus(db->c) != PQTRANS_IDLE)
		PQclear(PQexec(db->c, "ROLLBACK"));
	release_key(db);
}

static int commit(db_t *base)
{
	pg_conn_t *db = CONN(base);
	PGresult *res = PQexec(db->c, "COMMIT");
	int st = DB_OK;
	if (!result_ok(res))
		st = map_result(db, res, "commit");
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		/* A statement failed earlier and the caller committed anyway:
		 * PostgreSQL has rolled the whole transaction back. */
		db_set_err(base, "commit: the transaction had failed and was rolled back");
		st = DB_ERROR;
	}
	PQclear(res);
	if (st != DB_OK)
		rollback(base);
	else
		release_key(db);
	return st;
}

/* ---- statements ---- */

/* The highest $N in sql outside quoted strings: how many parameters it
 * wants (PostgreSQL would take extra typed ones silently). */
static int params_wanted(const char *sql)
{
	int max = 0;
	bool quoted = false;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		else if (!quoted && *p == '$' && p[1] >= '0' && p[1] <= '9') {
			int n = atoi(p + 1);
			max = n > max ? n : max;
		}
	}
	return max;
}

static bool plain_type(Oid t)
{
	switch (t) {
	case OID_BOOL: case OID_NAME: case OID_INT8: case OID_INT2: case OID_INT4: case OID_TEXT:
	case OID_FLOAT4: case OID_FLOAT8: case OID_VARCHAR:
		return true;
	default:
		return false;
	}
}

/* PREP_BINARY if every result column of prepared statement name is of a
 * plain type (or it has none), else PREP_TEXT. */
static unsigned char describe(pg_conn_t *db, const char *name)
{
	PGresult *d = PQdescribePrepared(db->c, name);
	bool binary = result_ok(d);
	for (int i = 0; binary && i < PQnfields(d); i++)
		binary = plain_type(PQftype(d, i));
	PQclear(d);
	return binary ? PREP_BINARY : PREP_TEXT;
}

/* Runs sql (id < 0) or named statement id; *res is the result on DB_OK. */
static int run(pg_conn_t *db, PGresult **res, const char *sql, int id, const db_val_t *args, int nargs)
{
	char small[16][24];
	char (*nums)[24] = nargs <= 16 ? small : xcalloc((size_t)nargs, sizeof(*nums));
	const char *small_vals[16];
	Oid small_types[16];
	const char **vals = nargs <= 16 ? small_vals : xcalloc((size_t)nargs, sizeof(*vals));
	Oid *types = nargs <= 16 ? small_types : xcalloc((size_t)nargs, sizeof(*types));
	const char *ptypes = id >= 0 ? stmt_params[id] : NULL;
	int st = DB_OK;
	*res = NULL;
	int wanted = ptypes ? (int)strlen(ptypes) : params_wanted(sql);
	if (wanted != nargs) {
		db_set_err(&db->base, "statement %s wants %d parameters, got %d", ptypes ? stmt_name[id] : "",
			   wanted, nargs);
		st = DB_ERROR;
		goto done;
	}
	for (int i = 0; i < nargs; i++) {
		types[i] = 0;
		switch (args[i].type) {
		case DB_T_INT:
			snprintf(nums[i], sizeof(nums[i]), "%lld", (long long)args[i].i);
			vals[i] = nums[i];
			types[i] = OID_INT8;
			break;
		case DB_T_REAL:
			snprintf(nums[i], sizeof(nums[i]), "%.17g", args[i].d);
			vals[i] = nums[i];
			types[i] = OID_FLOAT8;
			break;
		case DB_T_TEXT:
			vals[i] = args[i].s;
			break;
		default:
			vals[i] = NULL;
			break;
		}
		if (ptypes)
			types[i] = ptypes[i] == 't' ? OID_TEXT : ptypes[i] == 'r' ? OID_FLOAT8 : OID_INT8;
	}
	if (id < 0) {
		*res = PQexecParams(db->c, sql, nargs, types, vals, NULL, NULL, 0);
	} else {
		char name[16];
		snprintf(name, sizeof(name), "m%d", id);
		if (!db->prepared[id]) {
			const char *text = stmt_sql_pg[id] ? stmt_sql_pg[id] : stmt_sql[id];
			PGresult *p = PQprepare(db->c, name, text, nargs, types);
			if (!result_ok(p)) {
				st = map_result(db, p, stmt_name[id]);
				PQclear(p);
				goto done;
			}
			PQclear(p);
			db->prepared[id] = describe(db, name);
		}
		*res = PQexecPrepared(db->c, name, nargs, vals, NULL, NULL, db->prepared[id] == PREP_BINARY);
	}
	if (!result_ok(*res)) {
		st = map_result(db, *res, id >= 0 ? stmt_name[id] : "query");
		PQclear(*res);
		*res = NULL;
	}
done:
	if (nums != small)
		free(nums);
	if (vals != small_vals)
		free(vals);
	if (types != small_types)
		free(types);
	return st;
}

static int query(db_t *base, db_stmt_t **out, const char *sql, int id, const db_val_t *args, int nargs)
{
	PGresult *res;
	int st = run(CONN(base), &res, sql, id, args, nargs);
	if (st != DB_OK)
		return st;
	pg_stmt_t *s = xcalloc(1, sizeof(*s));
	s->base.ops = &pg_ops;
	s->base.db = base;
	s->res = res;
	s->row = -1;
	s->nrows = PQntuples(res);
	s->binary = PQbinaryTuples(res) != 0;
	*out = &s->base;
	return DB_OK;
}

static int exec(db_t *base, int *changes, const char *sql, int id, const db_val_t *args, int nargs)
{
	PGresult *res;
	int st = run(CONN(base), &res, sql, id, args, nargs);
	if (st != DB_OK)
		return st;
	if (changes)
		*changes = atoi(PQcmdTuples(res));
	PQclear(res);
	return DB_OK;
}

static int step(db_stmt_t *base)
{
	pg_stmt_t *s = STMT(base);
	if (s->row + 1 >= s->nrows)
		return 0;
	s->row++;
	return 1;
}

static void done(db_stmt_t *base)
{
	pg_stmt_t *s = STMT(base);
	PQclear(s->res);
	free(s->scratch);
	free(s);
}

static bool col_null(db_stmt_t *base, int col)
{
	pg_stmt_t *s = STMT(base);
	return PQgetisnull(s->res, s->row, col) != 0;
}

/* A column of a binary row as a number: big-endian integers and IEEE
 * reals; *is_real tells which. Text columns (and anything else) are not
 * numbers: false. */
static bool binary_number(pg_stmt_t *s, int col, int64_t *i, double *d, bool *is_real)
{
	const unsigned char *v = (const unsigned char *)PQgetvalue(s->res, s->row, col);
	uint64_t u = 0;
	*is_real = false;
	switch (PQftype(s->res, col)) {
	case OID_BOOL:
		*i = v[0] != 0;
		return true;
	case OID_INT2:
		*i = (int16_t)(uint16_t)(v[0] << 8 | v[1]);
		return true;
	case OID_INT4:
		*i = (int32_t)((uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3]);
		return true;
	case OID_INT8:
		for (int k = 0; k < 8; k++)
			u = u << 8 | v[k];
		*i = (int64_t)u;
		return true;
	case OID_FLOAT4: {
		uint32_t w = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
		float f;
		memcpy(&f, &w, sizeof(f));
		*d = f;
		*is_real = true;
		return true;
	}
	case OID_FLOAT8:
		for (int k = 0; k < 8; k++)
			u = u << 8 | v[k];
		memcpy(d, &u, sizeof(*d));
		*is_real = true;
		return true;
	default:
		return false;
	}
}

static int64_t col_int(db_stmt_t *base, int col)
{
	pg_stmt_t *s = STMT(base);
	if (PQgetisnull(s->res, s->row, col))
		return 0;
	int64_t i;
	double d;
	bool is_real;
	if (s->binary && binary_number(s, col, &i, &d, &is_real))
		return is_real ? (int64_t)d : i;
	const char *v = PQgetvalue(s->res, s->row, col);
	if (v[0] == 't' || v[0] == 'f') /* a boolean */
		return v[0] == 't';
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E') /* numeric or real: truncated, as SQLite does */
		return (int64_t)strtod(v, NULL);
	return n;
}

static double col_real(db_stmt_t *base, int col)
{
	pg_stmt_t *s = STMT(base);
	if (PQgetisnull(s->res, s->row, col))
		return 0;
	int64_t i;
	double d;
	bool is_real;
	if (s->binary && binary_number(s, col, &i, &d, &is_real))
		return is_real ? d : (double)i;
	const char *v = PQgetvalue(s->res, s->row, col);
	if (v[0] == 't' || v[0] == 'f')
		return v[0] == 't';
	return strtod(v, NULL);
}

static const char *col_text(db_stmt_t *base, int col)
{
	pg_stmt_t *s = STMT(base);
	if (PQgetisnull(s->res, s->row, col))
		return NULL;
	int64_t i;
	double d;
	bool is_real;
	if (!s->binary || !binary_number(s, col, &i, &d, &is_real))
		return PQgetvalue(s->res, s->row, col); /* text, NUL-terminated by libpq either way */
	if (!s->scratch)
		s->scratch = xcalloc((size_t)PQnfields(s->res), sizeof(*s->scratch));
	if (is_real)
		snprintf(s->scratch[col], sizeof(s->scratch[col]), "%.17g", d);
	else
		snprintf(s->scratch[col], sizeof(s->scratch[col]), "%lld", (long long)i);
	return s->scratch[col];
}

static int exec_script(db_t *base, const char *sql)
{
	return simple(CONN(base), sql, "script");
}

static int backup(db_pool_t *p, const char *path, char **err)
{
	(void)p, (void)path;
	*err = xstrdup("a PostgreSQL database is backed up with PostgreSQL's tools: "
		       "pg_dump --format=custom (see docs/operations.md)");
	return DB_ERROR;
}

static const db_ops_t pg_ops = {
	.name = "postgres",
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
	.backup = backup,
};
