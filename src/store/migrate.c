/* Versioned schema migrations. The migration scripts are built into the
 * binary (store/migrations/<backend>/NNNN_name.sql) and applied in order on
 * start; each runs in its own transaction together with the row that records
 * it, so a crash mid-migration leaves the previous version intact. DDL is the
 * one place SQL differs per backend, hence one directory per backend. */
#include "store/store_base.h"
#include "store/stmts.h"
#include "core/embed.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PREFIX "store/migrations/sqlite/"

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

static int apply_one(db_t *db, const struct embed_file *f, int version, char **err)
{
	int64_t have = 0;
	bool found;
	/* The common case, already applied, costs one read and no write lock. */
	int st = sql_migration_applied(db, version, &have, &found);
	if (st != DB_OK || found)
		return st;
	st = db_begin(db);
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
	st = sql_migration_record(db, version, f->name + strlen(PREFIX), (int64_t)time(NULL));
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
	int st = sql_migrations_table(db);
	if (st != DB_OK) {
		*err = xstrdup(db_errmsg(db));
		return st;
	}
	const struct embed_file **list = xcalloc((size_t)embed_count + 1, sizeof(*list));
	int n = 0;
	for (int i = 0; i < embed_count; i++)
		if (strncmp(embed_files[i].name, PREFIX, strlen(PREFIX)) == 0)
			list[n++] = &embed_files[i];
	qsort(list, (size_t)n, sizeof(*list), cmp_name);
	/* Every migration not yet recorded is applied, in order: a version
	 * merged later with a lower number than one already applied still runs. */
	for (int i = 0; st == DB_OK && i < n; i++) {
		int version = atoi(list[i]->name + strlen(PREFIX));
		st = apply_one(db, list[i], version, err);
	}
	if (st != DB_OK && !*err)
		*err = xstrdup(db_errmsg(db));
	free(list);
	return st;
}
