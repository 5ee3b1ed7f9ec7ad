/* Every named statement (the .sql files of src/store/sql) against SQLite's query
 * planner: EXPLAIN QUERY PLAN on a migrated database, failing on a full
 * scan of a table that grows with the organisation (people, relationships
 * and everything inside them), unless the statement says why a scan is
 * right (`-- scan: ...`, e.g. a nightly job that reads every row once).
 * Tables that do not grow with the organisation are listed below.
 *
 * On PostgreSQL (MENTORD_TEST_PG) every statement, in its PostgreSQL text
 * where it has one, is planned with its declared parameter types instead:
 * the backend-neutral SQL relies on what both engines accept (typed
 * parameters, COALESCE, ON CONFLICT ... DO UPDATE with excluded., RETURNING,
 * row-value comparison, window functions, LIMIT with a parameter, booleans as
 * 0/1 integers), and PostgreSQL refuses at planning time what it does not
 * (an untyped NULL comparison, an aggregate without its GROUP BY, a boolean
 * where an integer is due). Its planner's choices on empty tables say
 * nothing, so scans are SQLite's test. */
#include "tmpdb.h"
#include "store/stmts.h"

#include <ctype.h>

#include "core/buf.h"

/* Tables whose size does not grow with the number of people. */
static const char *const small_tables[] = {"schema_migrations", "health_settings", NULL};

static int params_of(const char *sql)
{
	int max = 0;
	for (const char *p = sql; (p = strchr(p, '$')); p++) {
		int n = atoi(p + 1);
		if (n > max)
			max = n;
	}
	return max;
}

static bool is_small(const char *table)
{
	for (int i = 0; small_tables[i]; i++)
		if (!strcmp(small_tables[i], table))
			return true;
	return false;
}

/* The name after a plan line's first word ("SCAN t USING INDEX i": t). */
static const char *name_after(arena_t *a, const char *detail, size_t skip)
{
	const char *t = detail + skip, *e = t;
	while (*e && !isspace((unsigned char)*e))
		e++;
	return arena_strndup(a, t, (size_t)(e - t));
}

/* "SCAN t", "SCAN t USING INDEX i", "SCAN t USING COVERING INDEX i": the
 * table name after SCAN (or NULL for anything else). What the statement
 * makes itself is no stored table: a table-valued function over its
 * parameters ("SCAN json_each VIRTUAL TABLE", a batch of ids), or the rows
 * of one of its own subqueries, which the plan announced before as a
 * CO-ROUTINE or MATERIALIZE (named in derived) or calls "(subquery-N)". */
static const char *scanned(arena_t *a, const char *detail, const char *derived)
{
	if (strncmp(detail, "SCAN ", 5) != 0 || !strncmp(detail, "SCAN CONSTANT ROW", 17) ||
	    strstr(detail, " VIRTUAL TABLE"))
		return NULL;
	const char *t = name_after(a, detail, 5);
	if (t[0] == '(' || strstr(derived, arena_printf(a, " %s ", t)))
		return NULL;
	return t;
}

/* Adds the name of a subquery's rows ("CO-ROUTINE e", "MATERIALIZE e") to
 * derived, a list of " name " entries. */
static const char *derive(arena_t *a, const char *detail, const char *derived)
{
	size_t skip = !strncmp(detail, "CO-ROUTINE ", 11) ? 11 : !strncmp(detail, "MATERIALIZE ", 12) ? 12 : 0;
	return skip ? arena_printf(a, "%s %s ", derived, name_after(a, detail, skip)) : derived;
}

/* EXPLAIN QUERY PLAN plans against the schema the connection last read, and
 * reads none itself: a connection that has not run a statement since the
 * migrations (which ran through the pool's writing connection) would plan
 * against the tables without their latest indexes. */
static void read_schema(db_t *db)
{
	db_stmt_t *s;
	cr_assert_eq(db_query(db, &s, "SELECT COUNT(*) FROM sqlite_master", DB_NOARGS), DB_OK);
	cr_assert_eq(db_step(s), 1);
	db_done(s);
}

/* The plan of statement id, its parameters all NULL: one row per step. */
static db_stmt_t *plan_of(tmpdb_t *t, int id)
{
	int n = params_of(stmt_sql[id]);
	db_val_t *args = arena_alloc(t->a, sizeof(db_val_t) * (size_t)(n + 1));
	for (int k = 0; k < n; k++)
		args[k] = DB_NULL;
	db_stmt_t *s;
	int st = db_query(t->db, &s, arena_printf(t->a, "EXPLAIN QUERY PLAN %s", stmt_sql[id]), args, n);
	cr_assert_eq(st, DB_OK, "%s does not prepare: %s", stmt_name[id], db_errmsg(t->db));
	return s;
}

Test(plans, no_statement_scans_a_growing_table)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	tmpdb_sqlite_only(&t);
	read_schema(t.db);
	int failures = 0;
	for (int i = 0; i < STMT_COUNT; i++) {
		db_stmt_t *s = plan_of(&t, i);
		int rc;
		const char *derived = " ";
		while ((rc = db_step(s)) == 1) {
			const char *detail = db_col_text(s, 3);
			if (detail)
				derived = derive(t.a, detail, derived);
			const char *table = detail ? scanned(t.a, detail, derived) : NULL;
			/* The alias stands for the table in "SCAN p": look it up. */
			if (!table || is_small(table) || stmt_scan_ok[i])
				continue;
			bool alias_of_small = false;
			for (int k = 0; small_tables[k]; k++) {
				char *pat = arena_printf(t.a, "%s %s ", small_tables[k], table);
				alias_of_small |= strstr(stmt_sql[i], pat) != NULL;
			}
			if (alias_of_small)
				continue;
			cr_log_error("%s: %s", stmt_name[i], detail);
			failures++;
		}
		db_done(s);
		cr_assert_geq(rc, 0, "%s: %s", stmt_name[i], db_errmsg(t.db));
	}
	tmpdb_close(&t);
	cr_assert_eq(failures, 0, "%d full scans of growing tables (see above); add an index, "
		     "or say why with `-- scan:`", failures);
}

/* The statement with each $N replaced by a NULL of its declared type. */
static const char *typed_nulls(arena_t *a, int id)
{
	const char *sql = stmt_sql_pg[id] ? stmt_sql_pg[id] : stmt_sql[id];
	const char *types = stmt_params[id];
	buf_t out = BUF_INIT;
	for (const char *p = sql; *p; p++) {
		if (*p == '$' && isdigit((unsigned char)p[1])) {
			char *end;
			long n = strtol(p + 1, &end, 10);
			char t = n >= 1 && n <= (long)strlen(types) ? types[n - 1] : '?';
			buf_puts(&out, t == 't' ? "CAST(NULL AS TEXT)" : t == 'r' ? "CAST(NULL AS DOUBLE PRECISION)"
										  : "CAST(NULL AS BIGINT)");
			p = end - 1;
		} else {
			buf_append(&out, p, 1);
		}
	}
	const char *s = arena_strdup(a, buf_cstr(&out));
	buf_free(&out);
	return s;
}

Test(plans, every_statement_plans_on_postgres)
{
	if (!testdb_pg())
		cr_skip_test("PostgreSQL only (MENTORD_TEST_PG)");
	tmpdb_t t;
	tmpdb_open(&t, true);
	int failures = 0;
	for (int i = 0; i < STMT_COUNT; i++) {
		/* DDL plans nothing: it ran when the pool migrated. */
		if (!strncmp(stmt_sql[i], "CREATE ", 7))
			continue;
		const char *sql = arena_printf(t.a, "EXPLAIN %s", typed_nulls(t.a, i));
		db_stmt_t *s;
		int st = db_query(t.db, &s, sql, DB_NOARGS);
		if (st != DB_OK) {
			cr_log_error("%s: %s", stmt_name[i], db_errmsg(t.db));
			failures++;
			continue;
		}
		db_done(s);
	}
	tmpdb_close(&t);
	cr_assert_eq(failures, 0, "%d statements PostgreSQL does not accept (see above)", failures);
}

/* What everyone's home page reads sorts nothing: a temporary b-tree takes a
 * pager of its own under one of SQLite's process-wide mutexes, on every
 * visit, even when the person has no row to sort (migration 0195). */
Test(plans, the_home_page_sorts_nothing)
{
	static const int home[] = {STMT_MENTEE_STEPS, STMT_MENTEE_PENDING_REQUESTS, STMT_REL_LIST_OF_USER,
				   STMT_INBOX_INVITATIONS};
	tmpdb_t t;
	tmpdb_open(&t, true);
	tmpdb_sqlite_only(&t);
	read_schema(t.db);
	for (size_t i = 0; i < sizeof(home) / sizeof(home[0]); i++) {
		int id = home[i];
		db_stmt_t *s = plan_of(&t, id);
		int rc;
		while ((rc = db_step(s)) == 1) {
			const char *detail = db_col_text(s, 3);
			cr_expect(!detail || !strstr(detail, "TEMP B-TREE"), "%s: %s", stmt_name[id], detail);
		}
		db_done(s);
		cr_assert_eq(rc, 0);
	}
	tmpdb_close(&t);
}
