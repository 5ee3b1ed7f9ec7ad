/* libFuzzer target: the CSV participant import (svc_participant_import,
 * which POST /api/v1/programs/{id}/participants/import and `mentord
 * import` share). Each input is a file, imported by the program's manager
 * first as a dry run, then for real, over the fixture's database. Besides
 * the sanitizers it holds the import to its promises (svc/participant.h):
 *   - a file is refused whole (400 bad_csv), or its rows are checked:
 *     never another status, never a transaction left open;
 *   - every row problem names a field and the physical line (after the
 *     header, within the file) with a message;
 *   - a dry run writes nothing, and reports exactly what the import then
 *     does: no problems means the import succeeds with the same counts, and
 *     problems mean it refuses with the same problems and writes nothing;
 *   - an import that succeeds has enrolled and created what it says. */
#include "harness.h"

#include "svc/participant.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t program_id;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fz_init();
	int n;
	const int64_t *ids = fz_ids("programs", 8, &n);
	program_id = ids[0];
	return 0;
}

static int64_t count(db_t *db, const char *sql)
{
	int64_t v = 0;
	bool found;
	if (db_query_int(db, &v, &found, sql, DB_NOARGS) != DB_OK)
		fz_fail("counting failed: %s", db_errmsg(db));
	return v;
}

static int import(db_t *db, arena_t *a, bool dry, const uint8_t *data, size_t size, svc_t *s,
		  ImportReport_t *out)
{
	app_t *app = fz_app();
	svc_init(s, db, a, fz_user_id(FZ_MANAGER), ROLE_MANAGER, "Mia Manager", "manager@fuzz.mentord.test",
		 "192.0.2.1", (secret_cost_t){app->pw_ops, app->pw_mem});
	memset(out, 0, sizeof(*out));
	int st = svc_participant_import(s, program_id, dry, (const char *)data, size, out);
	if (db_in_tx(db))
		fz_fail("the import (dry run %d) returned %d with its transaction open", dry, st);
	if (st != SVC_OK && st != SVC_BAD && st != SVC_INVALID)
		fz_fail("the import (dry run %d) answered %d: %s", dry, st, s->err.message ? s->err.message : "");
	if (st != SVC_OK && (!s->err.code || !s->err.message || !*s->err.message))
		fz_fail("the import's refusal %d has no code or message", st);
	if (st == SVC_BAD && strcmp(s->err.code, "bad_csv"))
		fz_fail("a file that cannot be read answered %s, not bad_csv", s->err.code);
	return st;
}

static int lines_of(const uint8_t *data, size_t size)
{
	int n = 1;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
	return n;
}

static void check_rows(const ImportRowError_t *e, int n, int lines)
{
	for (int i = 0; i < n; i++) {
		if (e[i].line < 2 || e[i].line > lines)
			fz_fail("row problem %d names line %lld of a file of %d lines", i, (long long)e[i].line, lines);
		if (!e[i].field || !*e[i].field || !e[i].message || !*e[i].message ||
		    !fz_utf8(e[i].message, strlen(e[i].message)))
			fz_fail("row problem %d on line %lld has no field or message", i, (long long)e[i].line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	db_t *db = fz_db_acquire();
	arena_t *a = arena_new();
	const char *people = "SELECT (SELECT count(*) FROM participants) * 100000 + (SELECT count(*) FROM users)";
	int64_t before = count(db, people);
	svc_t dry, real;
	ImportReport_t d, r;
	int sd = import(db, a, true, data, size, &dry, &d);
	if (count(db, people) != before)
		fz_fail("a dry run wrote to the database");
	if (sd == SVC_INVALID)
		fz_fail("a dry run answered 422 instead of reporting its row problems");
	int lines = lines_of(data, size);
	if (sd == SVC_OK)
		check_rows(d.errors.v, d.errors.n, lines);
	int sr = import(db, a, false, data, size, &real, &r);
	if (sd == SVC_BAD) {
		if (sr != SVC_BAD || strcmp(dry.err.message, real.err.message))
			fz_fail("the dry run refused the file (%s) but the import answered %d", dry.err.message, sr);
	} else if (d.errors.n == 0) {
		if (sr != SVC_OK)
			fz_fail("the dry run found no problem but the import answered %d: %s", sr, real.err.message);
		if (r.rows != d.rows || r.enrolled != d.enrolled || r.created_users != d.created_users)
			fz_fail("the dry run reported %lld rows, %lld enrolled, %lld created; the import %lld, %lld, %lld",
				(long long)d.rows, (long long)d.enrolled, (long long)d.created_users, (long long)r.rows,
				(long long)r.enrolled, (long long)r.created_users);
		if (count(db, people) != before + r.enrolled * 100000 + r.created_users)
			fz_fail("the import enrolled %lld and created %lld, but the database says otherwise",
				(long long)r.enrolled, (long long)r.created_users);
	} else {
		if (sr != SVC_INVALID || real.err.rows.n != d.errors.n)
			fz_fail("the dry run found %d problems but the import answered %d with %d", d.errors.n, sr,
				real.err.rows.n);
		for (int i = 0; i < d.errors.n; i++)
			if (real.err.rows.v[i].line != d.errors.v[i].line ||
			    strcmp(real.err.rows.v[i].field, d.errors.v[i].field) ||
			    strcmp(real.err.rows.v[i].message, d.errors.v[i].message))
				fz_fail("problem %d differs between the dry run and the import", i);
		if (count(db, people) != before)
			fz_fail("an import with row problems wrote to the database");
	}
	arena_free(a);
	fz_db_release(db);
	return 0;
}
