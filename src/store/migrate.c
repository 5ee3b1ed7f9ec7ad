/* Versioned schema migrations. The migration scripts are built into the
 * binary (store/migrations/<backend>/NNNN_name.sql) and applied in order on
 * start; each runs in its own transaction together with the row that records
 * it, so a crash mid-migration leaves the previous version intact. DDL is the
 * one place SQL differs per backend, hence one directory per backend. */
#include "store/store_base.h"
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
	int st = db_query_int(db, &v, &found, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
			      DB_NOARGS);
	*version = (int)v;
	return st;
}

static int apply_one(db_t *db, const struct embed_file *f, int version, char **err)
{
	int64_t have = 0;
	bool found;
	/* The common case, already applied, costs one read and no write lock. */
	int st = db_query_int(db, &have, &found, "SELECT version FROM schema_migrations WHERE version = $1",
			      DB_ARGS(DB_INT(version)));
	if (st != DB_OK || found)
		return st;
	st = db_begin(db);
	if (st != DB_OK)
		goto fail;
	st = db_query_int(db, &have, &found, "SELECT version FROM schema_migrations WHERE version = $1",
			  DB_ARGS(DB_INT(version)));
	if (st != DB_OK)
		goto fail;
	if (found) { /* another process got here first */
		db_rollback(db);
		return DB_OK;
	}
	st = db_exec_script(db, f->data);
	if (st != DB_OK)
		goto fail;
	st = db_exec(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
		     DB_ARGS(DB_INT(version), DB_TEXT(f->name + strlen(PREFIX)),
			     DB_INT((int64_t)time(NULL))));
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
	int st = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
			 DB_NOARGS);
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
