/* copy-db's engine (store/store_copy.c) and the online backup
 * (db_pool_backup): the copy knows every table and every column of the
 * schema (a migration that adds one must add it to sql/copy.sql), it moves
 * every row with its id, links that point forward (an outbox row to its
 * digest) and the rollups exactly, refuses a target that holds data and
 * leaves it untouched; a backup taken while writers commit holds whole
 * transactions only. */
#include "tmpdb.h"
#include "store/stmts.h"

#include <pthread.h>

/* The copy's column count of table, or -1 when it does not know it. */
static int copy_columns(const char *table)
{
	const char *const *names;
	const int *cols;
	int n = store_copy_tables(&names, &cols);
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], table))
			return cols[i];
	return -1;
}

Test(copy, knows_every_table_and_column)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	const char *tables_sql = testdb_pg()
		? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
		  "AND table_type = 'BASE TABLE' ORDER BY 1"
		: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1";
	const char *cols_sql = testdb_pg()
		? "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() "
		  "AND table_name = $1 AND is_generated = 'NEVER'" /* articles.search is computed */
		: "SELECT COUNT(*) FROM pragma_table_info($1)";
	db_stmt_t *s;
	cr_assert_eq(db_query(t.db, &s, tables_sql, DB_NOARGS), DB_OK, "%s", db_errmsg(t.db));
	int tables = 0;
	while (db_step(s) == 1) {
		const char *name = arena_strdup(t.a, db_col_text(s, 0));
		if (!strcmp(name, "schema_migrations"))
			continue; /* each database keeps its own */
		if (!strncmp(name, "article_search", 14))
			continue; /* SQLite's FTS5 index and its shadow tables, built by triggers */
		int64_t have = 0;
		cr_assert_eq(db_query_int(t.db2, &have, NULL, cols_sql, DB_ARGS(DB_TEXT(name))), DB_OK);
		cr_assert_eq(copy_columns(name), have, "copy-db takes %d columns of %s, which has %lld "
			     "(add them to src/store/sql/copy.sql)", copy_columns(name), name, (long long)have);
		tables++;
	}
	db_done(s);
	const char *const *names;
	const int *cols;
	cr_assert_eq(store_copy_tables(&names, &cols), tables, "copy-db knows a table the schema lacks");
	tmpdb_close(&t);
}

static void exec(db_t *db, const char *sql, const db_val_t *args, int n)
{
	cr_assert_eq(db_exec(db, sql, args, n), DB_OK, "%s: %s", sql, db_errmsg(db));
}

/* A small organisation with what a plain row-by-row copy would get wrong. */
static void fill(tmpdb_t *t)
{
	int64_t mentor = tmpdb_user(t->db, "mentor@example.org", "Mentor", ROLE_MEMBER);
	int64_t gone = tmpdb_user(t->db, "gone@example.org", "Gone", ROLE_MEMBER);
	int64_t mentee = tmpdb_user(t->db, "mentee@example.org", "Mentee", ROLE_MEMBER);
	/* A gap in the ids: the copy keeps them. */
	exec(t->db, "DELETE FROM users WHERE id = $1", DB_ARGS(DB_INT(gone)));
	cr_assert_eq(mentee, gone + 1);
	exec(t->db, "INSERT INTO programs (id, name, kind, starts_on, ends_on, matching, cadence_days, "
		    "max_mentors_per_mentee, created_at, updated_at) VALUES (7, 'P', 'one_to_one', '2026-01-01', "
		    "'2026-12-31', 'optimal', 14, 2, 0, 0)", DB_NOARGS);
	exec(t->db, "INSERT INTO participants (program_id, user_id, role, capacity, created_at) "
		    "VALUES (7, $1, 'mentor', 2, 0), (7, $2, 'mentee', 1, 0)", DB_ARGS(DB_INT(mentor), DB_INT(mentee)));
	exec(t->db, "INSERT INTO relationships (id, program_id, mentor_id, mentee_id, phase, created_at, updated_at) "
		    "VALUES (3, 7, $1, $2, 'working', 100, 100)", DB_ARGS(DB_INT(mentor), DB_INT(mentee)));
	exec(t->db, "INSERT INTO meetings (relationship_id, starts_at, duration_min, channel, kind, status, "
		    "in_mentee_hours, in_mentor_hours, created_by, created_at, updated_at) "
		    "VALUES (3, 1767225600, 30, 'video', 'regular', 'held', 0, 1, $1, 0, 0)", DB_ARGS(DB_INT(mentee)));
	exec(t->db, "INSERT INTO feedback (meeting_id, from_id, to_id, rating, tags, created_at) "
		    "VALUES (1, $1, $2, 3, 'late,Late,vague', 10)", DB_ARGS(DB_INT(mentee), DB_INT(mentor)));
	exec(t->db, "INSERT INTO actions (relationship_id, title, owner_id, due_on, created_by, created_at, updated_at) "
		    "VALUES (3, 'be on time', $1, '2026-02-01', $1, 20, 20)", DB_ARGS(DB_INT(mentor)));
	exec(t->db, "INSERT INTO goals (relationship_id, title, term, baseline, target, created_by, created_at, "
		    "updated_at) VALUES (3, 'g', 'short', 0, 10, $1, 0, 0)", DB_ARGS(DB_INT(mentee)));
	exec(t->db, "INSERT INTO goal_progress (goal_id, value, note, author_id, at) VALUES (1, 2.5, '', $1, 5)",
	     DB_ARGS(DB_INT(mentee)));
	/* A digest written after the rows it bundles, which point at it. */
	const char *mail = "INSERT INTO outbox (id, user_id, to_addr, category, kind, message_id, subject, body, "
			   "status, next_attempt_at, created_at) VALUES ($1, $2, 'm@example.org', $3, 'k', $4, 's', "
			   "'b', $5, 0, 0)";
	exec(t->db, mail, DB_ARGS(DB_INT(1), DB_INT(mentee), DB_TEXT("messages"), DB_TEXT("<1@x>"),
				  DB_TEXT("digested")));
	exec(t->db, mail, DB_ARGS(DB_INT(2), DB_INT(mentee), DB_TEXT("digest"), DB_TEXT("<2@x>"), DB_TEXT("sent")));
	exec(t->db, "UPDATE outbox SET digest_id = 2 WHERE id = 1", DB_NOARGS);
	/* A rollup the triggers would not rebuild from the rows alone: the
	 * copy must take the source's. */
	exec(t->db, "UPDATE health_activity SET meetings_by_mentor = 41 WHERE relationship_id = 3", DB_NOARGS);
}

static int64_t one(db_t *db, const char *sql)
{
	return tmpdb_int(db, sql);
}

Test(copy, moves_every_row_id_link_and_rollup)
{
	tmpdb_t src, dst;
	tmpdb_open(&src, true);
	tmpdb_open(&dst, true);
	fill(&src);
	const char *const *names;
	const int *cols;
	int n = store_copy_tables(&names, &cols);
	store_copy_table_t *tables = arena_alloc(src.a, sizeof(*tables) * (size_t)n);
	const char *why = NULL;
	cr_assert_eq(store_copy(src.db, dst.db, tables, &why), DB_OK, "%s", why ? why : "");
	for (int i = 0; i < n; i++)
		cr_assert_eq(tables[i].source, tables[i].target, "%s", tables[i].name);
	cr_assert_eq(one(dst.db, "SELECT COUNT(*) FROM users"), 2);
	cr_assert_eq(one(dst.db, "SELECT MAX(id) FROM users"), one(src.db, "SELECT MAX(id) FROM users"));
	cr_assert_eq(one(dst.db, "SELECT MAX(id) - MIN(id) FROM users"), 2, "the gap is kept");
	cr_assert_eq(one(dst.db, "SELECT digest_id FROM outbox WHERE id = 1"), 2);
	cr_assert_eq(one(dst.db, "SELECT meetings_by_mentor FROM health_activity WHERE relationship_id = 3"), 41);
	cr_assert_eq(one(dst.db, "SELECT outside_mentee_hours FROM health_activity WHERE relationship_id = 3"), 1);
	cr_assert_eq(one(dst.db, "SELECT CAST(progress_pct_sum * 10 AS INTEGER) FROM health_activity"), 250);
	cr_assert_eq(one(dst.db, "SELECT COUNT(*) FROM health_tags"), 2, "late and vague, once each");
	cr_assert_eq(one(dst.db, "SELECT COUNT(*) FROM health_tags WHERE corrected_at IS NOT NULL"),
		     one(src.db, "SELECT COUNT(*) FROM health_tags WHERE corrected_at IS NOT NULL"));
	cr_assert_eq(one(dst.db, "SELECT mentors * 10 + mentees FROM programs WHERE id = 7"), 11,
		     "the kept counts are the source's, not twice them");
	/* New rows take new ids. */
	int64_t next = tmpdb_user(dst.db, "new@example.org", "New", ROLE_MEMBER);
	cr_assert_eq(next, one(src.db, "SELECT MAX(id) FROM users") + 1);
	/* A second copy into the filled database is refused and changes nothing. */
	cr_assert_eq(store_copy(src.db, dst.db, tables, &why), DB_ERROR);
	cr_assert(strstr(why, "not empty"), "%s", why);
	cr_assert_eq(one(dst.db, "SELECT COUNT(*) FROM users"), 3);
	tmpdb_close(&dst);
	tmpdb_close(&src);
}

/* ---- backup ---- */

typedef struct writer {
	db_pool_t *pool;
	volatile bool stop;
	int txs, errors;
} writer_t;

/* Commits transactions of ten audit rows each until told to stop. */
static void *write_tens(void *arg)
{
	writer_t *w = arg;
	while (!w->stop) {
		db_t *db = db_pool_acquire(w->pool);
		int st = db_begin(db);
		for (int k = 0; st == DB_OK && k < 10; k++)
			st = db_exec(db, "INSERT INTO audit_log (action, object_type, detail, at) "
					 "VALUES ('backup-test', 'x', '', $1)", DB_ARGS(DB_INT(k)));
		if (st == DB_OK)
			st = db_commit(db);
		else
			db_rollback(db);
		w->txs += st == DB_OK;
		w->errors += st != DB_OK;
		db_pool_release(w->pool, db);
	}
	return NULL;
}

Test(backup, is_consistent_while_writers_commit)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	char *path = arena_printf(t.a, "%s/backup.db", t.dir), *err = NULL;
	if (testdb_pg()) {
		cr_assert_eq(db_pool_backup(t.pool, path, &err), DB_ERROR);
		cr_assert(strstr(err, "pg_dump"), "%s", err);
		free(err);
		tmpdb_close(&t);
		return;
	}
	writer_t w = {.pool = t.pool};
	db_pool_release(t.pool, t.db2); /* the writer's connection */
	t.db2 = NULL;
	pthread_t th;
	cr_assert_eq(pthread_create(&th, NULL, write_tens, &w), 0);
	while (w.txs < 20)
		usleep(1000);
	int st = db_pool_backup(t.pool, path, &err);
	int during = w.txs;
	usleep(20000);
	w.stop = true;
	pthread_join(th, NULL);
	t.db2 = db_pool_acquire(t.pool);
	cr_assert_eq(st, DB_OK, "%s", err ? err : "");
	cr_assert_eq(w.errors, 0);
	cr_assert_gt(w.txs, during, "the writer went on during and after the backup");
	/* The backup is a database of its own, holding whole transactions. */
	db_pool_t *p = NULL;
	cr_assert_eq(db_pool_open(path, 1, &p, &err), DB_OK, "%s", err ? err : "");
	db_t *db = db_pool_acquire(p);
	int64_t rows = tmpdb_int(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup-test'");
	cr_assert(rows >= 200 && rows % 10 == 0, "%lld rows: not whole transactions", (long long)rows);
	cr_assert_lt(rows, tmpdb_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup-test'"));
	db_pool_release(p, db);
	db_pool_close(p);
	/* Never over an existing file. */
	cr_assert_eq(db_pool_backup(t.pool, path, &err), DB_ERROR);
	cr_assert(strstr(err, "already there"), "%s", err);
	free(err);
	tmpdb_close(&t);
}
