/* Versioned schema migrations. The migration scripts are built into the
 * binary (store/migrations/<backend>/NNNN_name.sql) and applied in order on
 * start; each runs in its own transaction together with the row that records
 * it, so a crash mid-migration leaves the previous version intact. DDL is the
 * one place SQL differs per backend, hence one directory per backend, with
 * the same numbers in each. Several servers may start at once on one
 * PostgreSQL database: each migration's transaction first takes the
 * migration lock (sql/migrate.sql) and looks again, at READ COMMITTED so that
 * the second one sees what the first committed while it waited. */
#include "store/store_base.h"
#include "store/stmts.h"
#include "core/embed.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PREFIX_MAX 64

/* "store/migrations/<backend>/", where db's backend keeps its migrations. */
static void prefix_of(db_t *db, char *out, size_t n)
{
	snprintf(out, n, "store/migrations/%s/", db_backend(db));
}

static int cmp_name(const void *a, const void *b)
{
	const struct embed_file *x = *(const struct embed_file *const *)a;
	const struct embed_file *y = *(const struct embed_file *const *)b;
	return strcmp(x->name, y->name);
}

int store_schema_version(db_t *db, int *version)
{
	int64_t v = 0;
	bool found;
	int st = sql_migration_latest(db, &v, &found);
	*version = (int)v;
	return st;
}

static int apply_one(db_t *db, const struct embed_file *f, const char *name, int version, char **err)
{
	int64_t have = 0;
	bool found;
	/* The common case, already applied, costs one read and no write lock. */
	int st = sql_migration_applied(db, version, &have, &found);
	if (st != DB_OK || found)
		return st;
	st = db_begin_relaxed(db);
	if (st == DB_OK)
		st = sql_migration_lock(db);
	if (st != DB_OK)
		goto fail;
	st = sql_migration_applied(db, version, &have, &found);
	if (st != DB_OK)
		goto fail;
	if (found) { /* another process got here first */
		db_rollback(db);
		return DB_OK;
	}
	st = db_exec_script(db, f->data);
	if (st != DB_OK)
		goto fail;
	st = sql_migration_record(db, version, name, (int64_t)time(NULL));
	if (st != DB_OK)
		goto fail;
	return db_commit(db);
fail:
	if (!*err) {
		size_t n = strlen(f->name) + strlen(db_errmsg(db)) + 16;
		*err = xmalloc(n);
		snprintf(*err, n, "%s: %s", f->name, db_errmsg(db));
	}
	db_rollback(db);
	return st == DB_OK ? DB_ERROR : st;
}

int store_migrate(db_t *db, char **err)
{
	*err = NULL;
	char prefix[PREFIX_MAX];
	prefix_of(db, prefix, sizeof(prefix));
	size_t plen = strlen(prefix);
	/* The bookkeeping table, made under the lock (PostgreSQL's CREATE TABLE
	 * IF NOT EXISTS is not safe against a concurrent one) unless it is
	 * there: a database that is up to date costs reads only. */
	int have;
	int st = DB_OK;
	if (store_schema_version(db, &have) != DB_OK) {
		st = db_begin_relaxed(db);
		if (st == DB_OK && (st = sql_migration_lock(db)) == DB_OK && (st = sql_migrations_table(db)) == DB_OK)
			st = db_commit(db);
		if (st != DB_OK) {
			*err = xstrdup(db_errmsg(db));
			db_rollback(db);
			return st;
		}
	}
	const struct embed_file **list = xcalloc((size_t)embed_count + 1, sizeof(*list));
	int n = 0;
	for (int i = 0; i < embed_count; i++)
		if (strncmp(embed_files[i].name, prefix, plen) == 0)
			list[n++] = &embed_files[i];
	qsort(list, (size_t)n, sizeof(*list), cmp_name);
	/* Every migration not yet recorded is applied, in order: a version
	 * merged later with a lower number than one already applied still runs. */
	for (int i = 0; st == DB_OK && i < n; i++) {
		int version = atoi(list[i]->name + plen);
		st = apply_one(db, list[i], list[i]->name + plen, version, err);
	}
	if (st != DB_OK && !*err)
		*err = xstrdup(db_errmsg(db));
	free(list);
	return st;
}
