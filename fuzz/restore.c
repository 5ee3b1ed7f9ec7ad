/* Putting the fixture back between inputs (see restore.h). Copying the
 * whole database back resets the connection's schema, and re-preparing
 * every statement made a request that writes 60 times dearer than one that
 * reads. Instead each table a
 * request touched is repaired against a copy of the fixture attached as
 * fzsnap: rows it added deleted (children before parents), rows it changed
 * set back, rows it deleted put back (parents first), by statements
 * prepared once. mentord's own triggers fire while it is done and touch
 * further tables, which are repaired in turn, until a round changes
 * nothing: then every table is as the fixture left it. The update hook
 * does not see tables WITHOUT ROWID, so those are always repaired. Should
 * a round fail (a unique value moved between rows) or never settle, the
 * whole copy is put back. */
#include "restore.h"

#include "core/buf.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *live;     /* the pool's connection */
static sqlite3 *snapshot; /* the fixture, in a connection of its own */

void fz_restore_copy(sqlite3 *to, const char *to_name, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, to_name, from, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK) {
		fprintf(stderr, "fuzz: copying the database failed: %s\n", sqlite3_errmsg(to));
		abort();
	}
}

static void exec_or_die(const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(live, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fuzz: %s: %s\n", err ? err : "?", sql);
		abort();
	}
}

typedef struct fz_table {
	char *name;
	bool rowid;     /* false: WITHOUT ROWID, found by its primary key */
	bool dirty;
	char **parents; /* the tables its foreign keys name */
	int nparents;
	sqlite3_stmt *del, *upd, *ins;
} fz_table_t;

static fz_table_t *tables;
static int ntables;
static int *order; /* parents before children */

void fz_restore_touched(const char *name)
{
	for (int i = 0; i < ntables; i++)
		if (!strcmp(tables[i].name, name)) {
			tables[i].dirty = true;
			return;
		}
}

static sqlite3_stmt *prepare(const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(live, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz: %s: %s\n", sqlite3_errmsg(live), sql);
		abort();
	}
	return st;
}

/* The repair statements of table t. */
static void repair_statements(fz_table_t *t)
{
	buf_t cols = BUF_INIT, key = BUF_INIT, match = BUF_INIT, sql = BUF_INIT;
	sqlite3_stmt *st = prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		buf_printf(&cols, "%s\"%s\"", cols.len ? "," : "", c);
		if (sqlite3_column_int(st, 1) && !t->rowid) {
			buf_printf(&key, "%s\"%s\"", key.len ? "," : "", c);
			buf_printf(&match, "%ss.\"%s\" = main.\"%s\".\"%s\"", match.len ? " AND " : "", c, t->name, c);
		}
	}
	sqlite3_finalize(st);
	if (t->rowid) {
		buf_puts(&key, "rowid");
		buf_printf(&match, "s.rowid = main.\"%s\".rowid", t->name);
	}
	const char *n = t->name, *k = key.data, *all = t->rowid ? "rowid, *" : "*";
	buf_printf(&sql, "DELETE FROM main.\"%s\" WHERE (%s) NOT IN (SELECT %s FROM fzsnap.\"%s\")", n, k, k, n);
	t->del = prepare(sql.data);
	buf_reset(&sql);
	buf_printf(&sql, "UPDATE main.\"%s\" SET (%s) = (SELECT %s FROM fzsnap.\"%s\" s WHERE %s) WHERE (%s) IN "
			 "(SELECT %s FROM (SELECT %s FROM main.\"%s\" EXCEPT SELECT %s FROM fzsnap.\"%s\"))",
		   n, cols.data, cols.data, n, match.data, k, k, all, n, all, n);
	t->upd = prepare(sql.data);
	buf_reset(&sql);
	buf_printf(&sql, "INSERT INTO main.\"%s\" (%s%s) SELECT %s%s FROM fzsnap.\"%s\" WHERE (%s) NOT IN "
			 "(SELECT %s FROM main.\"%s\")",
		   n, t->rowid ? "rowid," : "", cols.data, t->rowid ? "rowid," : "", cols.data, n, k, k, n);
	t->ins = prepare(sql.data);
	buf_free(&cols);
	buf_free(&key);
	buf_free(&match);
	buf_free(&sql);
}

static bool placed(const bool *done, const fz_table_t *t)
{
	for (int p = 0; p < t->nparents; p++)
		for (int j = 0; j < ntables; j++)
			if (!done[j] && strcmp(tables[j].name, t->name) && !strcmp(tables[j].name, t->parents[p]))
				return false;
	return true;
}

void fz_restore_install(sqlite3 *conn, sqlite3 *copy)
{
	live = conn;
	snapshot = copy;
	exec_or_die("ATTACH ':memory:' AS fzsnap");
	fz_restore_copy(live, "fzsnap", snapshot);
	sqlite3_stmt *st = prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
				   " AND name NOT LIKE 'sqlite_%' ORDER BY name");
	while (sqlite3_step(st) == SQLITE_ROW) {
		tables = xrealloc(tables, sizeof(*tables) * (size_t)(ntables + 1));
		tables[ntables++] = (fz_table_t){.name = xstrdup((const char *)sqlite3_column_text(st, 0)),
						 .rowid = !sqlite3_column_int(st, 1)};
	}
	sqlite3_finalize(st);
	for (int i = 0; i < ntables; i++) {
		fz_table_t *t = &tables[i];
		st = prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)");
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			t->parents = xrealloc(t->parents, sizeof(char *) * (size_t)(t->nparents + 1));
			t->parents[t->nparents++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
		repair_statements(t);
	}
	/* Parents before children (a cycle keeps its tables in name order). */
	order = xcalloc((size_t)ntables, sizeof(int));
	bool *done = xcalloc((size_t)ntables, sizeof(bool));
	for (int n = 0; n < ntables;) {
		int before = n;
		for (int i = 0; i < ntables; i++)
			if (!done[i] && placed(done, &tables[i]))
				done[i] = true, order[n++] = i;
		if (n == before)
			for (int i = 0; i < ntables; i++)
				if (!done[i]) {
					done[i] = true, order[n++] = i;
					break;
				}
	}
	free(done);
}

static int step_changes(sqlite3_stmt *st, bool *ok)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		*ok = false;
		return 0;
	}
	return sqlite3_changes(live);
}

/* One round over the dirty tables; the number of rows it changed. */
static int repair_round(bool *ok)
{
	int changed = 0;
	for (int i = ntables - 1; i >= 0 && *ok; i--)
		if (tables[order[i]].dirty)
			changed += step_changes(tables[order[i]].del, ok);
	for (int i = 0; i < ntables && *ok; i++)
		if (tables[order[i]].dirty)
			changed += step_changes(tables[order[i]].upd, ok);
	for (int i = 0; i < ntables && *ok; i++)
		if (tables[order[i]].dirty)
			changed += step_changes(tables[order[i]].ins, ok);
	return changed;
}

/* The first table that differs from the fixture's copy, or NULL. */
static const char *drifted(void)
{
	for (int i = 0; i < ntables; i++) {
		const char *name = tables[i].name, *r = tables[i].rowid ? "rowid, " : "";
		char sql[512];
		snprintf(sql, sizeof(sql),
			 "SELECT (SELECT count(*) FROM (SELECT %s* FROM main.\"%s\" EXCEPT SELECT %s* FROM fzsnap.\"%s\"))"
			 " + (SELECT count(*) FROM (SELECT %s* FROM fzsnap.\"%s\" EXCEPT SELECT %s* FROM main.\"%s\"))",
			 r, name, r, name, r, name, r, name);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(live, sql, -1, &st, NULL))
			abort();
		bool differs = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) != 0;
		sqlite3_finalize(st);
		if (differs)
			return name;
	}
	return NULL;
}

void fz_restore(void)
{
	static unsigned resets;
	for (int i = 0; i < ntables; i++)
		tables[i].dirty |= !tables[i].rowid;
	bool ok = true;
	int rounds = 0;
	exec_or_die("BEGIN");
	while (ok && repair_round(&ok) > 0 && ++rounds < 8)
		;
	ok = ok && rounds < 8 && sqlite3_exec(live, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
	if (!ok)
		sqlite3_exec(live, "ROLLBACK", NULL, NULL, NULL);
	/* Now and then, and when MENTORD_FUZZ_VERIFY is set, every table. */
	const char *t = !ok ? "a table" : (++resets % 256 == 0 || getenv("MENTORD_FUZZ_VERIFY")) ? drifted() : NULL;
	if (t) {
		static int told;
		if (ok && told++ < 5)
			fprintf(stderr, "fuzz: repairing left %s unlike the fixture; copying it back whole\n", t);
		fz_restore_copy(live, "main", snapshot);
	}
	for (int i = 0; i < ntables; i++)
		tables[i].dirty = false;
}
