/* Tests of the backend-neutral SQL layer (store/db.h) on the backend the run
 * asks for (SQLite files, or PostgreSQL databases with MENTORD_TEST_PG; see
 * tests/testdb.h): migrations apply once and are idempotent across
 * reopenings, $N placeholders bind by number whatever their order or
 * repetition, every constraint kind maps to DB_CONSTRAINT, a failed
 * transaction leaves nothing half-written, and (PostgreSQL) a conflict
 * between two transactions ends one of them in DB_CONFLICT. */
#include "tmpdb.h"

static tmpdb_t t;

static void setup(void)
{
	tmpdb_open(&t, true);
}

static void teardown(void)
{
	tmpdb_close(&t);
}

TestSuite(migrate, .fini = teardown);

static const char *text1(db_t *db, const char *sql, const db_val_t *args, int n, arena_t *a)
{
	db_stmt_t *s;
	int st = db_query(db, &s, sql, args, n);
	cr_assert_eq(st, DB_OK, "%s: %s", sql, db_errmsg(db));
	cr_assert_eq(db_step(s), 1);
	const char *v = arena_strdup(a, db_col_text(s, 0));
	db_done(s);
	return v;
}

static const char *text1_noargs(db_t *db, const char *sql, arena_t *a)
{
	return text1(db, sql, DB_NOARGS, a);
}
TestSuite(db, .init = setup, .fini = teardown);

/* ---- migrations ---- */

Test(migrate, applies_once_and_is_idempotent)
{
	tmpdb_open(&t, false);
	char *err = NULL;
	int v = -1;
	cr_assert_eq(store_migrate(t.db, &err), DB_OK, "%s", err ? err : "");
	cr_assert_null(err);
	cr_assert_eq(store_schema_version(t.db, &v), DB_OK);
	cr_assert(v >= 1);
	int64_t applied = tmpdb_int(t.db, "SELECT COUNT(*) FROM schema_migrations");
	cr_assert(applied >= 1);
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM schema_migrations WHERE name = '0001_foundation.sql'"), 1);
	/* Again on the same connection, and from the second connection. */
	cr_assert_eq(store_migrate(t.db, &err), DB_OK);
	cr_assert_eq(store_migrate(t.db2, &err), DB_OK);
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM schema_migrations"), applied);
	int v2 = -1;
	cr_assert_eq(store_schema_version(t.db2, &v2), DB_OK);
	cr_assert_eq(v2, v);
	/* The schema is really there. */
	static const char *const tables[] = {"users", "profiles", "programs", "participants", "sessions",
					     "api_tokens", "relationships", "outbox", "health_activity"};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		cr_assert_eq(tmpdb_int(t.db, arena_printf(t.a, "SELECT COUNT(*) FROM %s", tables[i])), 0);
}

Test(migrate, survives_reopening_with_data)
{
	tmpdb_open(&t, true);
	int64_t id = tmpdb_user(t.db, "keep@example.org", "Keep", ROLE_MEMBER);
	char url[sizeof(t.url)];
	snprintf(url, sizeof(url), "%s", t.url);
	db_pool_release(t.pool, t.db);
	db_pool_release(t.pool, t.db2);
	db_pool_close(t.pool);
	char *err = NULL;
	cr_assert_eq(db_pool_open(url, 1, &t.pool, &err), DB_OK);
	t.db = db_pool_acquire(t.pool);
	t.db2 = NULL;
	cr_assert_eq(store_migrate(t.db, &err), DB_OK, "%s", err ? err : "");
	user_t *u = NULL;
	cr_assert_eq(store_user_get(t.db, t.a, id, &u), DB_OK);
	cr_assert_not_null(u);
	cr_assert_str_eq(u->email, "keep@example.org");
	db_pool_release(t.pool, t.db);
	db_pool_close(t.pool);
	t.pool = NULL;
	tmpdb_close(&t);
}

Test(migrate, pragmas_are_set)
{
	tmpdb_open(&t, true);
	tmpdb_sqlite_only(&t);
	cr_assert_eq(tmpdb_int(t.db, "PRAGMA foreign_keys"), 1);
	db_stmt_t *s;
	cr_assert_eq(db_query(t.db, &s, "PRAGMA journal_mode", DB_NOARGS), DB_OK);
	cr_assert_eq(db_step(s), 1);
	cr_assert_str_eq(db_col_text(s, 0), "wal");
	db_done(s);
}

Test(migrate, sessions_are_set_up)
{
	tmpdb_open(&t, true);
	if (!testdb_pg()) {
		tmpdb_close(&t);
		cr_skip_test("PostgreSQL only");
	}
	cr_assert_str_eq(db_pool_backend(t.pool), "postgres");
	cr_assert_str_eq(db_backend(t.db), "postgres");
	cr_assert_str_eq(text1_noargs(t.db, "SHOW TimeZone", t.a), "UTC");
	cr_assert_str_eq(text1_noargs(t.db, "SHOW lock_timeout", t.a), "10s");
	cr_assert_str_eq(text1_noargs(t.db, "SHOW client_encoding", t.a), "UTF8");
}

Test(migrate, bad_urls)
{
	db_pool_t *p = NULL;
	char *err = NULL;
	/* Nothing listens on port 1. */
	cr_assert_eq(db_pool_open("postgres://nobody@127.0.0.1:1/x", 1, &p, &err), DB_ERROR);
	cr_assert_not_null(err);
	free(err);
	err = NULL;
	cr_assert_eq(db_pool_open("mysql://localhost/x", 1, &p, &err), DB_ERROR);
	cr_assert(strstr(err, "unsupported"), "%s", err);
	free(err);
	err = NULL;
	cr_assert_eq(db_pool_open("sqlite:/nonexistent-dir-for-mentord/x.db", 1, &p, &err), DB_ERROR);
	cr_assert_not_null(err);
	free(err);
}

/* ---- placeholders ---- */

Test(db, placeholders_bind_by_number_out_of_order)
{
	cr_assert_str_eq(text1(t.db, "SELECT $2 || '-' || $1 || '-' || $3",
			       DB_ARGS(DB_TEXT("a"), DB_TEXT("b"), DB_TEXT("c")), t.a), "b-a-c");
	cr_assert_str_eq(text1(t.db, "SELECT $3 || $1 || $2",
			       DB_ARGS(DB_TEXT("x"), DB_TEXT("y"), DB_TEXT("z")), t.a), "zxy");
}

Test(db, repeated_placeholder_binds_once)
{
	int64_t v = 0;
	cr_assert_eq(db_query_int(t.db, &v, NULL, "SELECT $2 * 100 + $1 + $1",
				  DB_ARGS(DB_INT(3), DB_INT(5))), DB_OK);
	cr_assert_eq(v, 506);
}

Test(db, out_of_order_in_a_real_write)
{
	/* store_program_insert-style: $11 used twice, listed out of order. */
	cr_assert_eq(db_exec(t.db, "INSERT INTO users (updated_at, email, created_at, name, role) "
				   "VALUES ($3, $1, $3, $2, $4)",
			     DB_ARGS(DB_TEXT("o@example.org"), DB_TEXT("Order"), DB_INT(99), DB_TEXT("member"))),
		     DB_OK, "%s", db_errmsg(t.db));
	cr_assert_eq(tmpdb_int(t.db, "SELECT created_at + updated_at FROM users WHERE email = 'o@example.org'"), 198);
	cr_assert_str_eq(text1(t.db, "SELECT name FROM users WHERE email = $1",
			       DB_ARGS(DB_TEXT("o@example.org")), t.a), "Order");
}

Test(db, wrong_argument_counts_are_errors)
{
	int64_t v;
	cr_assert_eq(db_query_int(t.db, &v, NULL, "SELECT $1 + $2", DB_ARGS(DB_INT(1))), DB_ERROR);
	cr_assert(strstr(db_errmsg(t.db), "parameters"), "%s", db_errmsg(t.db));
	cr_assert_eq(db_query_int(t.db, &v, NULL, "SELECT $1", DB_ARGS(DB_INT(1), DB_INT(2))), DB_ERROR);
	/* A gap: $1 and $3 only, so $2 has nowhere to go. */
	cr_assert_eq(db_query_int(t.db, &v, NULL, "SELECT $1 + $3", DB_ARGS(DB_INT(1), DB_INT(2))), DB_ERROR);
	/* The connection still works afterwards. */
	cr_assert_eq(db_query_int(t.db, &v, NULL, "SELECT $1", DB_ARGS(DB_INT(41))), DB_OK);
	cr_assert_eq(v, 41);
}

Test(db, value_types)
{
	db_stmt_t *s;
	cr_assert_eq(db_query(t.db, &s, "SELECT $1, $2, $3, $4, $5",
			      DB_ARGS(DB_INT(INT64_MAX), DB_REAL(2.5), DB_TEXT("t'x"), DB_TEXT(NULL), DB_NULL)),
		     DB_OK);
	cr_assert_eq(db_step(s), 1);
	cr_assert_eq(db_col_int(s, 0), INT64_MAX);
	cr_assert_float_eq(db_col_real(s, 1), 2.5, 1e-9);
	cr_assert_str_eq(db_col_text(s, 2), "t'x");
	cr_assert(db_col_null(s, 3));
	cr_assert_null(db_col_text(s, 3));
	cr_assert(db_col_null(s, 4));
	cr_assert_not(db_col_null(s, 0));
	cr_assert_eq(db_step(s), 0);
	db_done(s);
}

Test(db, values_are_never_spliced_into_sql)
{
	const char *evil = "x'); DROP TABLE users; --";
	tmpdb_user(t.db, evil, "Evil", ROLE_MEMBER);
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM users"), 1);
	user_t *u = NULL;
	cr_assert_eq(store_user_by_email(t.db, t.a, evil, &u, NULL), DB_OK);
	cr_assert_not_null(u);
}

Test(db, same_sql_while_running_uses_a_second_statement)
{
	const char *sql = testdb_pg() ? "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))"
				      : "SELECT value FROM json_each($1)";
	db_stmt_t *outer, *inner;
	cr_assert_eq(db_query(t.db, &outer, sql, DB_ARGS(DB_TEXT("[1,2,3]"))), DB_OK);
	int64_t sum = 0;
	while (db_step(outer) == 1) {
		cr_assert_eq(db_query(t.db, &inner, sql, DB_ARGS(DB_TEXT("[10,20]"))), DB_OK);
		while (db_step(inner) == 1)
			sum += db_col_int(outer, 0) * db_col_int(inner, 0);
		db_done(inner);
	}
	db_done(outer);
	cr_assert_eq(sum, (1 + 2 + 3) * 30);
	/* And the cached statement is reusable afterwards. */
	cr_assert_eq(db_query(t.db, &outer, sql, DB_ARGS(DB_TEXT("[5]"))), DB_OK);
	cr_assert_eq(db_step(outer), 1);
	cr_assert_eq(db_col_int(outer, 0), 5);
	db_done(outer);
}

Test(db, syntax_errors_are_db_error)
{
	cr_assert_eq(db_exec(t.db, "SELEC nonsense", DB_NOARGS), DB_ERROR);
	cr_assert(strstr(db_errmsg(t.db), "syntax"), "%s", db_errmsg(t.db));
	cr_assert_eq(db_exec_script(t.db, "CREATE TABLE x (a INTEGER); CREATE TABLE x (a INTEGER);"), DB_ERROR);
}

Test(db, exec_changes_counts_rows)
{
	tmpdb_user(t.db, "a@example.org", "A", ROLE_MEMBER);
	tmpdb_user(t.db, "b@example.org", "B", ROLE_MEMBER);
	int changes = -1;
	cr_assert_eq(db_exec_changes(t.db, &changes, "UPDATE users SET name = $1", DB_ARGS(DB_TEXT("Z"))), DB_OK);
	cr_assert_eq(changes, 2);
	cr_assert_eq(db_exec_changes(t.db, &changes, "UPDATE users SET name = $1 WHERE id < 0",
				     DB_ARGS(DB_TEXT("Z"))), DB_OK);
	cr_assert_eq(changes, 0);
}

/* ---- constraints ---- */

Test(db, unique_maps_to_constraint)
{
	tmpdb_user(t.db, "dup@example.org", "One", ROLE_MEMBER);
	user_t u = {.email = "DUP@Example.org", .name = "Two", .role = ROLE_MEMBER};
	int64_t id = 0;
	cr_assert_eq(store_user_insert(t.db, &u, NULL, &id), DB_CONSTRAINT,
		     "emails are unique case-insensitively");
}

Test(db, check_maps_to_constraint)
{
	cr_assert_eq(db_exec(t.db, "INSERT INTO users (email, name, role, created_at, updated_at) "
				   "VALUES ($1, $2, $3, 0, 0)",
			     DB_ARGS(DB_TEXT("c@example.org"), DB_TEXT("C"), DB_TEXT("boss"))), DB_CONSTRAINT);
	int64_t uid = tmpdb_user(t.db, "p@example.org", "P", ROLE_MEMBER);
	cr_assert_eq(db_exec(t.db, "INSERT INTO profiles (user_id, seniority, updated_at) VALUES ($1, 11, 0)",
			     DB_ARGS(DB_INT(uid))), DB_CONSTRAINT);
}

Test(db, not_null_maps_to_constraint)
{
	cr_assert_eq(db_exec(t.db, "INSERT INTO users (email, name, role, created_at, updated_at) "
				   "VALUES ($1, $2, 'member', 0, 0)",
			     DB_ARGS(DB_TEXT("n@example.org"), DB_NULL)), DB_CONSTRAINT);
}

Test(db, foreign_key_maps_to_constraint)
{
	participant_t p = {.program_id = 999, .user_id = 999, .role = "mentor", .capacity = 1};
	int64_t id;
	cr_assert_eq(store_participant_insert(t.db, &p, &id), DB_CONSTRAINT);
	cr_assert_eq(db_exec(t.db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
				   "VALUES ('h', 12345, 'c', 0, 1)", DB_NOARGS), DB_CONSTRAINT);
}

/* ---- transactions ---- */

Test(db, rollback_leaves_nothing_half_written)
{
	cr_assert_eq(db_begin(t.db), DB_OK);
	cr_assert(db_in_tx(t.db));
	tmpdb_user(t.db, "first@example.org", "First", ROLE_MEMBER);
	user_t dup = {.email = "first@example.org", .name = "Again", .role = ROLE_MEMBER};
	int64_t id;
	cr_assert_eq(store_user_insert(t.db, &dup, NULL, &id), DB_CONSTRAINT);
	db_rollback(t.db);
	cr_assert_not(db_in_tx(t.db));
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM users"), 0);
}

Test(db, uncommitted_writes_are_invisible_to_other_connections)
{
	cr_assert_eq(db_begin(t.db), DB_OK);
	tmpdb_user(t.db, "tx@example.org", "Tx", ROLE_MEMBER);
	cr_assert_eq(tmpdb_int(t.db2, "SELECT COUNT(*) FROM users"), 0);
	cr_assert_eq(db_commit(t.db), DB_OK);
	cr_assert_not(db_in_tx(t.db));
	cr_assert_eq(tmpdb_int(t.db2, "SELECT COUNT(*) FROM users"), 1);
}

Test(db, nested_begin_is_refused)
{
	cr_assert_eq(db_begin(t.db), DB_OK);
	cr_assert_eq(db_begin(t.db), DB_ERROR);
	cr_assert(db_in_tx(t.db), "the outer transaction is still open");
	db_rollback(t.db);
}

Test(db, releasing_a_connection_rolls_back_its_open_transaction)
{
	cr_assert_eq(db_begin(t.db), DB_OK);
	tmpdb_user(t.db, "forgot@example.org", "Forgot", ROLE_MEMBER);
	db_pool_release(t.pool, t.db);
	t.db = db_pool_acquire(t.pool);
	cr_assert_not(db_in_tx(t.db));
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM users"), 0);
}

/* A read snapshot (what a request reads in until it writes) reads one view of the
 * database until it ends; a write on the way ends it first, whether in a
 * transaction or on its own, and what follows sees the database as it is. */
Test(db, a_read_snapshot_keeps_one_view_until_it_ends)
{
	const char *count = "SELECT COUNT(*) FROM users";
	db_read_begin(t.db);
	cr_assert_eq(tmpdb_int(t.db, count), 0);
	tmpdb_user(t.db2, "one@example.org", "One", ROLE_MEMBER);
	/* PostgreSQL ignores the hint: each statement sees what is committed. */
	cr_assert_eq(tmpdb_int(t.db, count), testdb_pg() ? 1 : 0);
	db_read_end(t.db);
	cr_assert_eq(tmpdb_int(t.db, count), 1);
}

Test(db, a_write_in_a_read_snapshot_ends_it_first)
{
	const char *count = "SELECT COUNT(*) FROM users";
	db_read_begin(t.db);
	cr_assert_eq(tmpdb_int(t.db, count), 0);
	tmpdb_user(t.db2, "other@example.org", "Other", ROLE_MEMBER);
	/* On its own: on a stale snapshot SQLite would refuse to upgrade. */
	tmpdb_user(t.db, "own@example.org", "Own", ROLE_MEMBER);
	cr_assert_eq(tmpdb_int(t.db, count), 2);
	db_read_begin(t.db);
	cr_assert_eq(tmpdb_int(t.db, count), 2);
	tmpdb_user(t.db2, "other2@example.org", "Other", ROLE_MEMBER);
	cr_assert_eq(db_begin(t.db), DB_OK, "%s", db_errmsg(t.db));
	cr_assert_eq(tmpdb_int(t.db, count), 3);
	tmpdb_user(t.db, "own2@example.org", "Own", ROLE_MEMBER);
	cr_assert_eq(db_commit(t.db), DB_OK, "%s", db_errmsg(t.db));
	tmpdb_user(t.db2, "other3@example.org", "Other", ROLE_MEMBER);
	cr_assert_eq(tmpdb_int(t.db, count), 5, "after the write the connection reads what is committed");
	db_read_end(t.db);
}

/* A connection that writes while rows of its own are still being read
 * (on SQLite those keep its own connection's snapshot open) reads its
 * commit afterwards, as any connection reads what it wrote. */
Test(db, a_write_while_rows_are_read_is_read_back_after_its_commit)
{
	tmpdb_user(t.db, "first@example.org", "First", ROLE_MEMBER);
	db_stmt_t *rows;
	cr_assert_eq(db_query(t.db, &rows, "SELECT id FROM users", DB_NOARGS), DB_OK);
	cr_assert_eq(db_step(rows), 1);
	cr_assert_eq(db_begin(t.db), DB_OK, "%s", db_errmsg(t.db));
	tmpdb_user(t.db, "second@example.org", "Second", ROLE_MEMBER);
	cr_assert_eq(db_commit(t.db), DB_OK, "%s", db_errmsg(t.db));
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM users"), 2, "the commit is read back while rows are open");
	db_done(rows);
	cr_assert_eq(tmpdb_int(t.db2, "SELECT COUNT(*) FROM users"), 2);
}

Test(db, releasing_a_connection_ends_its_read_snapshot)
{
	const char *count = "SELECT COUNT(*) FROM users";
	db_read_begin(t.db);
	cr_assert_eq(tmpdb_int(t.db, count), 0);
	db_pool_release(t.pool, t.db);
	t.db = db_pool_acquire(t.pool);
	tmpdb_user(t.db2, "later@example.org", "Later", ROLE_MEMBER);
	cr_assert_eq(tmpdb_int(t.db, count), 1);
}

Test(db, failed_profile_put_keeps_the_old_profile)
{
	/* A put that fails half-way (a duplicate list item the validator would
	 * normally catch) must leave the previous profile whole once the
	 * caller rolls back. */
	int64_t uid = tmpdb_user(t.db, "prof@example.org", "Prof", ROLE_MEMBER);
	static const char *langs[] = {"English", "German"};
	profile_t p = {.user_id = uid, .headline = "Old", .bio = "", .department = "", .location = "",
		       .timezone = "UTC", .preferences = "", .languages = {langs, 2}};
	cr_assert_eq(db_begin(t.db), DB_OK);
	cr_assert_eq(store_profile_put(t.db, t.a, &p), DB_OK);
	cr_assert_eq(db_commit(t.db), DB_OK);

	static const char *dup[] = {"French", "french"};
	profile_t q = p;
	q.headline = "New";
	q.languages = (strlist_t){dup, 2};
	cr_assert_eq(db_begin(t.db), DB_OK);
	cr_assert_eq(store_profile_put(t.db, t.a, &q), DB_CONSTRAINT);
	db_rollback(t.db);

	profile_t *got = NULL;
	cr_assert_eq(store_profile_get(t.db, t.a, uid, &got), DB_OK);
	cr_assert_str_eq(got->headline, "Old");
	cr_assert_eq(got->languages.n, 2);
	cr_assert_str_eq(got->languages.v[0], "English");
	cr_assert_str_eq(got->languages.v[1], "German");
}

/* ---- conflicts (PostgreSQL: SERIALIZABLE write transactions) ---- */

/* Write skew: each transaction reads what the other writes. Serially one
 * would see the other's row; PostgreSQL ends one of them in a conflict. */
Test(db, write_skew_ends_in_a_conflict)
{
	if (!testdb_pg())
		cr_skip_test("PostgreSQL only: SQLite's writers take turns");
	uint64_t commits0, conflicts0;
	db_tx_counts(t.db2, &commits0, &conflicts0);
	const char *count = "SELECT COUNT(*) FROM users";
	const char *add = "INSERT INTO users (email, name, role, created_at, updated_at) VALUES ($1, 'X', 'member', 0, 0)";
	int64_t n1 = -1, n2 = -1;
	cr_assert_eq(db_begin(t.db), DB_OK);
	cr_assert_eq(db_begin(t.db2), DB_OK);
	cr_assert_eq(db_query_int(t.db, &n1, NULL, count, DB_NOARGS), DB_OK);
	cr_assert_eq(db_query_int(t.db2, &n2, NULL, count, DB_NOARGS), DB_OK);
	cr_assert_eq(db_exec(t.db, add, DB_ARGS(DB_TEXT("one@example.org"))), DB_OK);
	cr_assert_eq(db_exec(t.db2, add, DB_ARGS(DB_TEXT("two@example.org"))), DB_OK);
	cr_assert_eq(db_commit(t.db), DB_OK);
	cr_assert_eq(db_commit(t.db2), DB_CONFLICT, "%s", db_errmsg(t.db2));
	cr_assert_not(db_in_tx(t.db2));
	uint64_t commits, conflicts;
	db_tx_counts(t.db2, &commits, &conflicts);
	cr_assert_eq(commits, commits0);
	cr_assert_eq(conflicts, conflicts0 + 1);
	cr_assert_eq(tmpdb_int(t.db2, count), 1);
	/* Run again, it sees the first one's row and commits. */
	cr_assert_eq(db_begin(t.db2), DB_OK);
	cr_assert_eq(db_exec(t.db2, add, DB_ARGS(DB_TEXT("two@example.org"))), DB_OK);
	cr_assert_eq(db_commit(t.db2), DB_OK);
	cr_assert_eq(tmpdb_int(t.db, count), 2);
}

/* A relaxed transaction sees what others committed after it began. */
Test(db, relaxed_transactions_see_later_commits)
{
	if (!testdb_pg())
		cr_skip_test("PostgreSQL only: on SQLite both kinds take the write lock");
	const char *count = "SELECT COUNT(*) FROM users";
	cr_assert_eq(db_begin_relaxed(t.db), DB_OK);
	cr_assert_eq(tmpdb_int(t.db, count), 0);
	tmpdb_user(t.db2, "later@example.org", "Later", ROLE_MEMBER);
	cr_assert_eq(tmpdb_int(t.db, count), 1);
	cr_assert_eq(db_commit(t.db), DB_OK);
	/* SERIALIZABLE keeps its first snapshot. */
	cr_assert_eq(db_begin(t.db), DB_OK);
	cr_assert_eq(tmpdb_int(t.db, count), 1);
	tmpdb_user(t.db2, "later2@example.org", "Later", ROLE_MEMBER);
	cr_assert_eq(tmpdb_int(t.db, count), 1);
	cr_assert_eq(db_commit(t.db), DB_OK);
}

/* A statement that fails inside a transaction and is committed anyway:
 * the commit says the transaction is gone. */
Test(db, commit_after_a_failed_statement_is_an_error)
{
	tmpdb_user(t.db, "first@example.org", "First", ROLE_MEMBER);
	cr_assert_eq(db_begin(t.db), DB_OK);
	tmpdb_user(t.db, "second@example.org", "Second", ROLE_MEMBER);
	user_t dup = {.email = "first@example.org", .name = "Again", .role = ROLE_MEMBER};
	int64_t id;
	cr_assert_eq(store_user_insert(t.db, &dup, NULL, &id), DB_CONSTRAINT);
	if (testdb_pg()) {
		cr_assert_eq(db_commit(t.db), DB_ERROR);
		cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM users"), 1);
	} else {
		/* SQLite undoes the failed statement only. */
		cr_assert_eq(db_commit(t.db), DB_OK);
		cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM users"), 2);
	}
	cr_assert_not(db_in_tx(t.db));
}

Test(db, redacted_urls_hide_the_password)
{
	char *r = db_url_redacted("postgres://me:s3cret@db.example.org:5432/mentord?sslmode=require");
	cr_assert_str_eq(r, "postgres://me:***@db.example.org:5432/mentord?sslmode=require");
	free(r);
	r = db_url_redacted("postgresql://me@db/mentord");
	cr_assert_str_eq(r, "postgresql://me@db/mentord");
	free(r);
	r = db_url_redacted("sqlite:/var/lib/mentord/m.db");
	cr_assert_str_eq(r, "sqlite:/var/lib/mentord/m.db");
	free(r);
	cr_assert(db_url_is_postgres("postgresql://x"));
	cr_assert(db_url_is_postgres("postgres://"));
	cr_assert_not(db_url_is_postgres("sqlite:postgres://"));
}
