/* A throw-away database for store tests: a fresh directory from mkdtemp
 * holding one SQLite database file, or (MENTORD_TEST_PG set, see
 * tests/testdb.h) a fresh PostgreSQL database, migrated, with a pool of two
 * connections (so tests can watch one connection from another). Everything
 * is removed again in tmpdb_close(). Header-only: each test program in this
 * directory includes it once. */
#ifndef MENTORD_TESTS_TMPDB_H
#define MENTORD_TESTS_TMPDB_H
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "../testdb.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

typedef struct tmpdb {
	char dir[64];
	char url[512];
	db_pool_t *pool;
	db_t *db;  /* first connection, held for the whole test */
	db_t *db2; /* second connection */
	arena_t *a;
} tmpdb_t;

static int tmpdb_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Opens (and migrates, when migrate is set) a database in a new temp dir. */
static inline void tmpdb_open(tmpdb_t *t, bool migrate)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/mentord-store-XXXXXX");
	cr_assert_not_null(mkdtemp(t->dir), "mkdtemp failed");
	testdb_create(t->dir, "test.db", migrate, t->url, sizeof(t->url));
	char *err = NULL;
	int st = db_pool_open(t->url, 2, &t->pool, &err);
	cr_assert_eq(st, DB_OK, "db_pool_open: %s", err ? err : "?");
	t->db = db_pool_acquire(t->pool);
	t->db2 = db_pool_acquire(t->pool);
	t->a = arena_new();
	if (migrate) {
		st = store_migrate(t->db, &err);
		cr_assert_eq(st, DB_OK, "store_migrate: %s", err ? err : "?");
	}
}

static inline void tmpdb_close(tmpdb_t *t)
{
	if (t->pool) {
		db_pool_release(t->pool, t->db);
		db_pool_release(t->pool, t->db2);
		db_pool_close(t->pool);
	}
	arena_free(t->a);
	testdb_drop(t->url);
	if (t->dir[0])
		nftw(t->dir, tmpdb_rm_one, 8, FTW_DEPTH | FTW_PHYS);
	memset(t, 0, sizeof(*t));
#ifdef __SANITIZE_ADDRESS__
	/* Criterion ignores LeakSanitizer's exit status; fail the test here. */
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0,
		     "memory leaked; see the LeakSanitizer report above");
#endif
}

/* Skips a test of what only SQLite has (pragmas, its query planner...). */
#define tmpdb_sqlite_only(t) \
	do { \
		if (testdb_pg()) { \
			tmpdb_close(t); \
			cr_skip_test("SQLite only"); \
		} \
	} while (0)

/* One integer from a query without parameters. */
static inline int64_t tmpdb_int(db_t *db, const char *sql)
{
	int64_t v = -1;
	bool found = false;
	int st = db_query_int(db, &v, &found, sql, DB_NOARGS);
	cr_assert_eq(st, DB_OK, "%s: %s", sql, db_errmsg(db));
	cr_assert(found, "%s: no row", sql);
	return v;
}

/* Inserts a user and returns its id. */
static inline int64_t tmpdb_user(db_t *db, const char *email, const char *name, role_t role)
{
	user_t u = {.email = email, .name = name, .role = role, .active = true};
	int64_t id = 0;
	int st = store_user_insert(db, &u, "hash", &id);
	cr_assert_eq(st, DB_OK, "insert %s: %s", email, db_errmsg(db));
	cr_assert(id > 0);
	return id;
}

#endif
