/* A fresh database for one test, on the backend the run asks for: a SQLite
 * file in the test's own directory, or, when MENTORD_TEST_PG names a
 * PostgreSQL server (postgres://user@host:port/, as scripts/test.sh sets
 * it), a new database on that server, cloned from a migrated template so
 * that each test starts from the current schema in a few milliseconds.
 *
 * The template is named after a hash of the PostgreSQL migrations built
 * into this binary, so a changed migration makes a new one; it is built
 * once per server under an advisory lock (tests run in parallel) and
 * published by renaming, so a half-built template is never cloned.
 * Identifiers are built into the DDL here (CREATE DATABASE takes no
 * parameters): they are this file's own names of [a-z0-9_].
 *
 * Header-only; every function cr_asserts on failure. */
#ifndef MENTORD_TESTS_TESTDB_H
#define MENTORD_TESTS_TESTDB_H
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/embed.h"
#include "store/store.h"

/* Whether this run tests PostgreSQL. */
static inline bool testdb_pg(void)
{
	const char *u = getenv("MENTORD_TEST_PG");
	return u && *u;
}

/* The server's URL with database name instead of its own. */
static inline void testdb_pg_url(const char *name, char *out, size_t n)
{
	const char *server = getenv("MENTORD_TEST_PG");
	const char *host = strstr(server, "://");
	host = host ? host + 3 : server;
	size_t keep = (size_t)(host - server) + strcspn(host, "/?");
	snprintf(out, n, "%.*s/%s", (int)keep, server, name);
}

static inline void testdb_admin_exec(db_t *db, const char *sql)
{
	int st = db_exec(db, sql, DB_NOARGS);
	cr_assert_eq(st, DB_OK, "%s: %s", sql, db_errmsg(db));
}

/* The migrated template's name, making it first if need be. */
static inline const char *testdb_template(db_t *admin)
{
	static char name[64];
	uint64_t h = 14695981039346656037ULL;
	for (int i = 0; i < embed_count; i++) {
		if (strncmp(embed_files[i].name, "store/migrations/postgres/", 26) != 0)
			continue;
		for (const char *p = embed_files[i].name; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		for (size_t k = 0; k < embed_files[i].len; k++)
			h = (h ^ (unsigned char)embed_files[i].data[k]) * 1099511628211ULL;
	}
	snprintf(name, sizeof(name), "mentord_tmpl_%016llx", (unsigned long long)h);
	testdb_admin_exec(admin, "SELECT pg_advisory_lock(7091843)");
	int64_t one = 0;
	bool found = false;
	int st = db_query_int(admin, &one, &found, "SELECT 1 FROM pg_database WHERE datname = $1",
			      DB_ARGS(DB_TEXT(name)));
	cr_assert_eq(st, DB_OK, "%s", db_errmsg(admin));
	if (!found) {
		char sql[256], url[512];
		testdb_admin_exec(admin, "DROP DATABASE IF EXISTS mentord_tmpl_building WITH (FORCE)");
		testdb_admin_exec(admin, "CREATE DATABASE mentord_tmpl_building");
		testdb_pg_url("mentord_tmpl_building", url, sizeof(url));
		db_pool_t *p = NULL;
		char *err = NULL;
		cr_assert_eq(db_pool_open(url, 1, &p, &err), DB_OK, "%s: %s", url, err ? err : "?");
		db_t *db = db_pool_acquire(p);
		st = store_migrate(db, &err);
		cr_assert_eq(st, DB_OK, "migrating the template: %s", err ? err : "?");
		db_pool_release(p, db);
		db_pool_close(p);
		snprintf(sql, sizeof(sql), "ALTER DATABASE mentord_tmpl_building RENAME TO %s", name);
		testdb_admin_exec(admin, sql);
	}
	testdb_admin_exec(admin, "SELECT pg_advisory_unlock(7091843)");
	return name;
}

/* Writes the URL of a fresh database into out: a new SQLite file in dir,
 * or a new PostgreSQL database, already migrated if schema is set (the
 * caller migrates either way; on a migrated one that costs a few reads). */
static inline void testdb_create(const char *dir, const char *file, bool schema, char *out, size_t n)
{
	if (!testdb_pg()) {
		snprintf(out, n, "sqlite:%s/%s", dir, file);
		return;
	}
	static unsigned counter;
	db_pool_t *p = NULL;
	char *err = NULL;
	const char *server = getenv("MENTORD_TEST_PG");
	cr_assert_eq(db_pool_open(server, 1, &p, &err), DB_OK, "MENTORD_TEST_PG %s: %s", server,
		     err ? err : "?");
	db_t *admin = db_pool_acquire(p);
	const char *tmpl = schema ? testdb_template(admin) : "template0";
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char name[64], sql[256];
	snprintf(name, sizeof(name), "mentord_t_%ld_%u_%ld", (long)getpid(), counter++, (long)(ts.tv_nsec % 100000));
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE %s", name, tmpl);
	testdb_admin_exec(admin, sql);
	db_pool_release(p, admin);
	db_pool_close(p);
	testdb_pg_url(name, out, n);
}

/* Drops a database testdb_create made on PostgreSQL (a SQLite file goes
 * with its directory). */
static inline void testdb_drop(const char *url)
{
	if (!db_url_is_postgres(url))
		return;
	const char *name = strrchr(url, '/');
	db_pool_t *p = NULL;
	char *err = NULL;
	if (!name || db_pool_open(getenv("MENTORD_TEST_PG"), 1, &p, &err) != DB_OK) {
		free(err);
		return;
	}
	db_t *admin = db_pool_acquire(p);
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name + 1);
	db_exec(admin, sql, DB_NOARGS);
	db_pool_release(p, admin);
	db_pool_close(p);
}

#endif
