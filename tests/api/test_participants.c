/* End-to-end tests of enrolment: adding mentors and mentees one at a time
 * (duplicates, capacities and both-roles refused with 422 naming the field,
 * only managers may add), and the all-or-nothing CSV import: a dry run
 * reports row errors with line numbers and writes nothing, a good file
 * imports every row (creating accounts when a name is given), and a file
 * with one bad row imports nothing; a large file is written in several
 * transactions and still lands whole or not at all. Then the input of the relationship
 * operations as the document declares it (issue 9): query parameters read
 * strictly (no "14abc", no repeats, ranges), multi-line text in a closing
 * and an agreement, and who may read what. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "core/buf.h"
#include "store/store.h"
#include "svc/svc.h"

static h_client_t *mgr;
static int64_t prog;

static void setup(void)
{
	h_setup();
	mgr = h_as("mgr1@example.org");
	h_resp_t *r = h_req(mgr, "POST", "/api/v1/programs",
			    "{\"name\":\"Autumn\",\"starts_on\":\"2026-09-01\",\"ends_on\":\"2027-02-28\","
			    "\"max_mentors_per_mentee\":2}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	prog = h_int(r, "id");
}

TestSuite(participants, .init = setup, .fini = h_teardown);
TestSuite(import, .init = setup, .fini = h_teardown);

static const char *parts(void)
{
	return h_fmt("/api/v1/programs/%lld/participants", (long long)prog);
}

static h_resp_t *add(h_client_t *c, int64_t user, const char *role, int capacity)
{
	const char *body = capacity >= 0
		? h_fmt("{\"user_id\":%lld,\"role\":\"%s\",\"capacity\":%d}", (long long)user, role, capacity)
		: h_fmt("{\"user_id\":%lld,\"role\":\"%s\"}", (long long)user, role);
	return h_req(c, "POST", parts(), body);
}

static int64_t count_parts(void)
{
	return h_db_int("SELECT COUNT(*) FROM participants");
}

Test(participants, add_mentor_and_mentee)
{
	h_resp_t *r = add(mgr, H.member[0], "mentor", 3);
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "user_id"), H.member[0]);
	cr_assert_str_eq(h_str(r, "role"), "mentor");
	cr_assert_eq(h_int(r, "capacity"), 3);
	cr_assert_str_eq(h_str(r, "email"), h_member_email[0]);
	cr_assert_eq(h_int(r, "program_id"), prog);
	r = add(mgr, H.member[1], "mentee", -1);
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "capacity"), 1, "a mentee defaults to one mentor");
	r = add(mgr, H.member[2], "mentor", -1);
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "capacity"), 2, "a mentor defaults to two mentees");

	r = h_req(mgr, "GET", parts(), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 3);
	r = h_req(mgr, "GET", h_fmt("%s?role=mentee", parts()), NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	h_expect_field(h_req(mgr, "GET", h_fmt("%s?role=sponsor", parts()), NULL), "role");
	r = h_req(mgr, "GET", h_fmt("/api/v1/programs/%lld", (long long)prog), NULL);
	cr_assert_eq(h_int(r, "mentors"), 2);
	cr_assert_eq(h_int(r, "mentees"), 1);
}

Test(participants, duplicates_refused)
{
	h_expect_status(add(mgr, H.member[0], "mentor", 2), 201);
	h_expect_field(add(mgr, H.member[0], "mentor", 2), "user_id");
	/* Not both roles outside peer programs. */
	h_expect_field(add(mgr, H.member[0], "mentee", 1), "role");
	cr_assert_eq(count_parts(), 1);
}

Test(participants, peer_programs_allow_both_roles)
{
	h_resp_t *r = h_req(mgr, "POST", "/api/v1/programs",
			    "{\"name\":\"Peers\",\"kind\":\"peer\",\"starts_on\":\"2026-09-01\",\"ends_on\":\"2026-12-01\"}");
	h_expect_status(r, 201);
	const char *path = h_fmt("/api/v1/programs/%lld/participants", (long long)h_int(r, "id"));
	h_expect_status(h_req(mgr, "POST", path, h_fmt("{\"user_id\":%lld,\"role\":\"mentor\"}", (long long)H.member[0])), 201);
	h_expect_status(h_req(mgr, "POST", path, h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[0])), 201);
}

Test(participants, capacities)
{
	h_resp_t *r = add(mgr, H.member[0], "mentee", 3);
	h_expect_field(r, "capacity");
	cr_assert(strstr(h_str(r, "error.fields.capacity"), "2"), "names the program's maximum: %s", r->body);
	h_expect_field(add(mgr, H.member[0], "mentee", 0), "capacity");
	h_expect_status(add(mgr, H.member[0], "mentee", 2), 201);
	h_expect_field(add(mgr, H.member[1], "mentor", 21), "capacity");
	h_expect_status(add(mgr, H.member[1], "mentor", 0), 201);
	cr_assert_eq(count_parts(), 2);
}

Test(participants, field_validation)
{
	h_expect_field(h_req(mgr, "POST", parts(), "{\"role\":\"mentor\"}"), "user_id");
	h_expect_field(h_req(mgr, "POST", parts(), h_fmt("{\"user_id\":%lld,\"role\":\"coach\"}", (long long)H.member[0])), "role");
	h_expect_field(h_req(mgr, "POST", parts(), "{\"user_id\":999999,\"role\":\"mentor\"}"), "user_id");
	h_expect_field(h_req(mgr, "POST", parts(), "{\"user_id\":\"1\",\"role\":\"mentor\"}"), "user_id");
	/* Deactivated people cannot be enrolled. */
	h_client_t *a = h_as("admin@example.org");
	h_expect_status(h_req(a, "DELETE", h_fmt("/api/v1/users/%lld", (long long)H.member[3]), NULL), 200);
	h_expect_field(add(mgr, H.member[3], "mentor", 1), "user_id");
	cr_assert_eq(count_parts(), 0);
}

Test(participants, only_managers_add)
{
	h_expect_refused(add(h_as("mgr2@example.org"), H.member[0], "mentor", 1));
	h_expect_status(add(h_as("admin@example.org"), H.member[0], "mentor", 1), 201);
	h_client_t *member = h_as(h_member_email[0]);
	h_expect_status(add(member, H.member[0], "mentee", 1), 403);
	/* People outside the program are refused (403, or 404 so as not to
	 * confirm that it exists); an enrolled member above gets 403. */
	h_expect_refused(add(h_as(h_member_email[1]), H.member[1], "mentee", 1));
	h_expect_status(h_req(mgr, "POST", "/api/v1/programs/99999/participants",
			      h_fmt("{\"user_id\":%lld,\"role\":\"mentor\"}", (long long)H.member[1])), 404);
	cr_assert_eq(count_parts(), 1);
}

/* ---- CSV import ---- */

static h_resp_t *import(h_client_t *c, const char *csv, bool dry)
{
	return h_req_ct(c, "POST", h_fmt("%s/import%s", parts(), dry ? "?dry_run=1" : ""), "text/csv",
			csv, strlen(csv));
}

/* Finds the row error for line in an errors array; NULL if none. */
static json_t *row_error(json_t *errors, int line)
{
	for (size_t i = 0; i < json_array_size(errors); i++) {
		json_t *e = json_array_get(errors, i);
		if (json_integer_value(json_object_get(e, "line")) == line)
			return e;
	}
	return NULL;
}

static const char *err_field(json_t *e)
{
	return json_string_value(json_object_get(e, "field"));
}

Test(import, dry_run_reports_row_errors_and_writes_nothing)
{
	const char *csv =
		"email,role,capacity,name\n"
		"member1@example.org,mentor,2,\n"              /* line 2: fine */
		"not-an-email,mentee,,\n"                      /* line 3: email */
		"member2@example.org,coach,,\n"                /* line 4: role */
		"member3@example.org,mentor,99,\n"             /* line 5: capacity */
		"stranger@example.org,mentee,1,\n"             /* line 6: no such user, no name */
		"new.person@example.org,mentee,1,New Person\n" /* line 7: fine, would create */
		"member4@example.org,mentee,5,\n";             /* line 8: over max mentors */
	h_resp_t *r = import(mgr, csv, true);
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "dry_run")));
	cr_assert_eq(h_int(r, "rows"), 7);
	json_t *errors = h_at(r, "errors");
	cr_assert_eq(json_array_size(errors), 5, "%s", r->body);
	cr_assert_null(row_error(errors, 2));
	cr_assert_str_eq(err_field(row_error(errors, 3)), "email");
	cr_assert_str_eq(err_field(row_error(errors, 4)), "role");
	cr_assert_str_eq(err_field(row_error(errors, 5)), "capacity");
	cr_assert_str_eq(err_field(row_error(errors, 6)), "email");
	cr_assert_null(row_error(errors, 7));
	cr_assert_str_eq(err_field(row_error(errors, 8)), "capacity");
	cr_assert_eq(count_parts(), 0, "a dry run writes nothing");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'new.person@example.org'"), 0);
}

Test(import, clean_dry_run_predicts_the_real_import)
{
	const char *csv = "email,role\nmember1@example.org,mentor\nmember2@example.org,mentee\n";
	h_resp_t *r = import(mgr, csv, true);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "enrolled"), 2);
	cr_assert_eq(json_array_size(h_at(r, "errors")), 0);
	cr_assert_eq(count_parts(), 0);
	r = import(mgr, csv, false);
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "enrolled"), 2);
	cr_assert_eq(count_parts(), 2);
}

Test(import, good_file_imports_all_and_creates_accounts)
{
	const char *csv =
		"Email, Role ,capacity,name\r\n"
		"member1@example.org,mentor,3,\r\n"
		"MEMBER2@example.org,mentee,,\r\n"
		"ana.new@example.org,mentee,2,Ana New\r\n"
		"\"bo.new@example.org\",mentor,,\"New, Bo\"\r\n";
	h_resp_t *r = import(mgr, csv, false);
	h_expect_status(r, 201);
	cr_assert(json_is_false(h_at(r, "dry_run")));
	cr_assert_eq(h_int(r, "rows"), 4);
	cr_assert_eq(h_int(r, "enrolled"), 4);
	cr_assert_eq(h_int(r, "created_users"), 2);
	cr_assert_eq(count_parts(), 4);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'ana.new@example.org' "
			      "AND name = 'Ana New' AND role = 'member' AND password_hash IS NULL"), 1);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'bo.new@example.org' AND name = 'New, Bo'"), 1);
	cr_assert_eq(h_db_int(h_fmt("SELECT capacity FROM participants WHERE user_id = %lld", (long long)H.member[0])), 3);
	cr_assert_eq(h_db_int("SELECT p.capacity FROM participants p JOIN users u ON u.id = p.user_id "
			      "WHERE u.email = 'ana.new@example.org'"), 2);
	/* Importing the same file again is all duplicates: nothing changes. */
	r = import(mgr, csv, false);
	h_expect_status(r, 422);
	cr_assert_eq(json_array_size(h_at(r, "error.rows")), 4);
	cr_assert_eq(count_parts(), 4);
}

Test(import, one_bad_row_imports_nothing)
{
	const char *csv =
		"email,role,name\n"
		"member1@example.org,mentor,\n"
		"fresh@example.org,mentee,Fresh Face\n"
		"member2@example.org,sponsor,\n"
		"member3@example.org,mentee,\n";
	h_resp_t *r = import(mgr, csv, false);
	h_expect_status(r, 422);
	cr_assert_str_eq(h_str(r, "error.code"), "validation_failed");
	json_t *rows = h_at(r, "error.rows");
	cr_assert_eq(json_array_size(rows), 1, "%s", r->body);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "line")), 4);
	cr_assert_str_eq(err_field(json_array_get(rows, 0)), "role");
	cr_assert_eq(count_parts(), 0, "all or nothing");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'fresh@example.org'"), 0,
		     "the account of a good row is rolled back too");
}

Test(import, duplicate_rows_within_a_file)
{
	const char *csv = "email,role\nmember1@example.org,mentor\nmember1@example.org,mentor\n";
	h_resp_t *r = import(mgr, csv, false);
	h_expect_status(r, 422);
	json_t *rows = h_at(r, "error.rows");
	cr_assert_eq(json_array_size(rows), 1);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "line")), 3);
	cr_assert_eq(count_parts(), 0);
}

/* An account the file creates may be named again by a later row: the
 * same account, in a peer program in its other role; elsewhere refused. */
Test(import, a_new_account_named_twice)
{
	const char *csv = "email,role,name\nnew.twice@example.org,mentor,Twice\nNEW.twice@example.org,mentee,\n";
	h_resp_t *r = import(mgr, csv, false);
	h_expect_status(r, 422);
	json_t *rows = h_at(r, "error.rows");
	cr_assert_eq(json_array_size(rows), 1, "%s", r->body);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "line")), 3);
	cr_assert_str_eq(err_field(json_array_get(rows, 0)), "role");
	h_expect_status(h_req(mgr, "PATCH", h_fmt("/api/v1/programs/%lld", (long long)prog), "{\"kind\":\"peer\"}"),
			200);
	r = import(mgr, csv, false);
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "enrolled"), 2);
	cr_assert_eq(h_int(r, "created_users"), 1);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM participants p JOIN users u ON u.id = p.user_id "
			      "WHERE u.email = 'new.twice@example.org'"), 2);
}

/* A file of accounts to create: bulk.N@example.org, name Bulk N. */
static char *bulk_csv(int n, const char *extra_line, int extra_at)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "email,role,name\n");
	for (int i = 1; i <= n; i++) {
		if (i == extra_at)
			buf_printf(&b, "%s\n", extra_line);
		buf_printf(&b, "bulk.%d@example.org,%s,Bulk %d\n", i, i % 3 ? "mentee" : "mentor", i);
	}
	char *s = h_fmt("%s", buf_cstr(&b));
	buf_free(&b);
	return s;
}

Test(import, a_large_file_is_written_in_batches)
{
	h_resp_t *r = import(mgr, bulk_csv(1600, NULL, 0), false);
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "enrolled"), 1600);
	cr_assert_eq(h_int(r, "created_users"), 1600);
	cr_assert_eq(count_parts(), 1600);
	cr_assert_eq(h_db_int(h_fmt("SELECT mentors + mentees FROM programs WHERE id = %lld", (long long)prog)), 1600);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'participant.import'"), 1);
}

/* An import costs statements per batch, not per row: the check reads the
 * file's accounts and their enrolments 500 rows per statement, and each
 * batch of the write (50 to 500 rows, sized by time) a handful. Before,
 * the dry run of this file ran 4,800 statements and the import over
 * 20,000; each a round trip, which PostgreSQL makes dear. */
Test(import, costs_statements_per_batch_not_per_row)
{
	const char *csv = bulk_csv(1600, NULL, 0);
	uint64_t before = db_pool_statements_run(H.app.pool);
	h_resp_t *r = import(mgr, csv, true);
	h_expect_status(r, 200);
	uint64_t dry = db_pool_statements_run(H.app.pool) - before;
	before = db_pool_statements_run(H.app.pool);
	r = import(mgr, csv, false);
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "enrolled"), 1600);
	uint64_t real = db_pool_statements_run(H.app.pool) - before;
	printf("import of 1,600 new people: dry run %llu statements, import %llu\n", (unsigned long long)dry,
	       (unsigned long long)real);
	cr_assert_lt(dry, 40, "the dry run ran %llu statements", (unsigned long long)dry);
	cr_assert_lt(real, 1600, "the import ran %llu statements", (unsigned long long)real);
	/* Every account got its invitation, as one at a time would. */
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'invitation' AND to_addr LIKE 'bulk%'"), 1600);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM account_links l JOIN users u ON u.id = l.user_id "
			       "WHERE l.purpose = 'invite' AND u.email LIKE 'bulk%'"), 1600);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'invitation.send' "
			       "AND object_id IN (SELECT id FROM users WHERE email LIKE 'bulk%')"), 1600);
}

typedef struct import_call {
	const char *url, *token, *csv;
	long status;
	buf_t body;
} import_call_t;

static size_t into(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

static void *import_thread(void *arg)
{
	import_call_t *c = arg;
	CURL *cu = curl_easy_init();
	char auth[256];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->token);
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: text/csv");
	hl = curl_slist_append(hl, auth);
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(cu, CURLOPT_URL, c->url);
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(cu, CURLOPT_POSTFIELDS, c->csv);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, into);
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, &c->body);
	if (curl_easy_perform(cu) == CURLE_OK)
		curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &c->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(cu);
	return NULL;
}

/* The program changes while a large import is being written (someone
 * enrols the person of its row 1201 between two of its batches): the
 * import answers 409 and takes back the batches it had already written. */
Test(import, a_change_under_a_large_import_takes_it_all_back)
{
	h_client_t *bearer = h_bearer("mgr1@example.org");
	import_call_t call = {.url = h_fmt("http://127.0.0.1:%d%s/import", H.port, parts()), .token = bearer->bearer,
			      .csv = bulk_csv(1500, h_fmt("%s,mentor,", h_member_email[3]), 1200)};
	pthread_t th;
	cr_assert_eq(pthread_create(&th, NULL, import_thread, &call), 0);
	/* Once its first batch is in, the file has been checked... */
	for (int i = 0; i < 30000 && count_parts() == 0; i++)
		usleep(1000);
	/* ...then this enrolment takes its turn among the program's writers
	 * (the same turn the import's batches take: svc_begin's key), before
	 * the import's batch that holds row 1201. */
	svc_t key = {0};
	svc_scope_program(&key, prog);
	db_t *db = db_pool_acquire(H.app.pool);
	cr_assert_eq(db_begin_keyed(db, key.tx_key), DB_OK);
	cr_assert_eq(db_exec(db, "INSERT INTO participants (program_id, user_id, role, capacity, created_at) "
				 "VALUES ($1, $2, 'mentor', 1, 0)",
			     DB_ARGS(DB_INT(prog), DB_INT(H.member[3]))),
		     DB_OK, "%s", db_errmsg(db));
	cr_assert_eq(db_commit(db), DB_OK, "%s", db_errmsg(db));
	db_pool_release(H.app.pool, db);
	pthread_join(th, NULL);
	cr_assert_eq(call.status, 409, "%ld %s", call.status, buf_cstr(&call.body));
	cr_assert(strstr(buf_cstr(&call.body), "line 1201"), "%s", buf_cstr(&call.body));
	buf_free(&call.body);
	cr_assert_eq(count_parts(), 1, "only the enrolment made meanwhile stays");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email LIKE 'bulk.%'"), 0,
		     "the accounts the import created are gone");
	cr_assert_eq(h_db_int(h_fmt("SELECT mentors + mentees FROM programs WHERE id = %lld", (long long)prog)), 1);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'participant.import'"), 0);
}

/* PRODUCT BUG (reported): an empty CSV body crashes the server.
 * src/api/participants.c:316 calls col_index() before the c.n == 0 check on
 * line 318, and col_index() reads c->ncols[0] / c->rows[0], which are NULL
 * when the file has no rows: a NULL dereference in a server thread takes the
 * whole process down. Expected: 400 bad_csv ("the first row must be a
 * header ..."). This test fails (crashes) until that is fixed. */
Test(import, empty_file_is_400)
{
	h_expect_status(import(mgr, "", false), 400);
	h_expect_status(h_req(h_client(), "GET", "/healthz", NULL), 200);
}

Test(import, malformed_files_are_400)
{
	h_expect_status(import(mgr, "name,capacity\nX,1\n", false), 400);
	h_expect_status(import(mgr, "email,role\nx@example.org,\"ment\"or\"\n", false), 400);
	/* An unterminated quote at the end of the file is taken as one long
	 * field (libcsv without CSV_STRICT_FINI), so it surfaces as a row error
	 * rather than a 400; either way nothing is imported. */
	h_resp_t *r = import(mgr, "email,role\n\"unterminated,mentor\n", false);
	cr_assert(r->status == 400 || r->status == 422, "status %ld: %s", r->status, r->body);
	cr_assert_eq(count_parts(), 0);
}

Test(import, only_managers_import)
{
	const char *csv = "email,role\nmember1@example.org,mentor\n";
	h_expect_refused(import(h_as("mgr2@example.org"), csv, false));
	h_expect_refused(import(h_as(h_member_email[0]), csv, true));
	h_client_t *m = h_as("mgr1@example.org");
	m->send_csrf = false;
	h_expect_status(import(m, csv, false), 403);
	cr_assert_eq(count_parts(), 0);
}

Test(import, line_numbers_count_blank_lines)
{
	/* People fix the line the server names in their editor, so the number
	 * must be the physical line even after a blank one. */
	const char *csv = "email,role\n\nmember1@example.org,coach\n";
	h_resp_t *r = import(mgr, csv, true);
	h_expect_status(r, 200);
	json_t *errors = h_at(r, "errors");
	cr_assert_eq(json_array_size(errors), 1, "%s", r->body);
	cr_assert_not_null(row_error(errors, 3), "the bad row is on line 3: %s", r->body);
}

/* ---- relationships: input read at the edge ---- */

static int64_t rel;
static h_client_t *mentor, *mentee;

/* A program with member1 mentoring member2, as the manager made it. */
static void rel_setup(void)
{
	setup();
	h_expect_status(add(mgr, H.member[0], "mentor", 2), 201);
	h_expect_status(add(mgr, H.member[1], "mentee", 1), 201);
	h_resp_t *r = h_req(mgr, "POST", "/api/v1/relationships",
			    h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)prog,
				  (long long)H.member[0], (long long)H.member[1]));
	h_expect_status(r, 201);
	rel = h_int(r, "id");
	cr_assert_str_eq(h_str(r, "phase"), "getting_to_know");
	cr_assert_not_null(h_at(r, "commonalities"), "a created relationship comes with its detail");
	cr_assert_not_null(h_at(r, "preferences.mentor"), "%s", r->body);
	mentor = h_as(h_member_email[0]);
	mentee = h_as(h_member_email[1]);
}

TestSuite(relationships, .init = rel_setup, .fini = h_teardown);

static const char *rel_path(const char *tail)
{
	return h_fmt("/api/v1/relationships/%lld%s", (long long)rel, tail);
}

/* Moves the relationship to phase (the steps that lead there are the
 * lifecycle test's). */
static void set_phase(const char *phase)
{
	h_db_int(h_fmt("UPDATE relationships SET phase = '%s' WHERE id = %lld RETURNING id", phase, (long long)rel));
}

Test(relationships, meeting_slot_days_are_whole_numbers_in_range)
{
	h_resp_t *r = h_req(mentee, "GET", rel_path("/meeting-slots?days=14abc"), NULL);
	h_expect_field(r, "days");
	h_expect_field(h_req(mentee, "GET", rel_path("/meeting-slots?days=0"), NULL), "days");
	h_expect_field(h_req(mentee, "GET", rel_path("/meeting-slots?days=61"), NULL), "days");
	h_expect_field(h_req(mentee, "GET", rel_path("/meeting-slots?days=-3"), NULL), "days");
	h_expect_field(h_req(mentee, "GET", rel_path("/meeting-slots?days=1e1"), NULL), "days");
	h_expect_field(h_req(mentee, "GET", rel_path("/meeting-slots?duration_min=14"), NULL), "duration_min");
	h_expect_field(h_req(mentee, "GET", rel_path("/meeting-slots?duration_min=241"), NULL), "duration_min");
	r = h_req(mentee, "GET", rel_path("/meeting-slots?days=60&duration_min=15"), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_array(h_at(r, "items")));
	cr_assert(json_is_null(h_at(r, "next")), "%s", r->body);
	/* Managers do not see inside the relationship. */
	h_expect_status(h_req(mgr, "GET", rel_path("/meeting-slots"), NULL), 403);
}

Test(relationships, list_limit_is_a_whole_number)
{
	h_expect_field(h_req(mentee, "GET", "/api/v1/relationships?limit=abc", NULL), "limit");
	h_expect_field(h_req(mentee, "GET", "/api/v1/relationships?limit=5x", NULL), "limit");
	/* Too large is capped, as documented. */
	h_resp_t *r = h_req(mentee, "GET", "/api/v1/relationships?limit=100000", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	cr_assert_eq(h_int(r, "items.0.id"), rel);
	cr_assert_not_null(h_at(r, "items.0.health"), "every item has its health member: %s", r->body);
	cr_assert_null(h_at(r, "items.0.commonalities"), "lists carry the summary");
	h_expect_field(h_req(mgr, "GET", "/api/v1/relationships?program_id=abc", NULL), "program_id");
	h_expect_field(h_req(mentee, "GET", "/api/v1/relationships?cursor=-1", NULL), "cursor");
}

Test(relationships, a_repeated_query_parameter_is_refused)
{
	h_expect_field(h_req(mentee, "GET", "/api/v1/relationships?limit=5&limit=6", NULL), "limit");
	h_expect_field(h_req(mentee, "GET", rel_path("/meeting-slots?days=3&days=3"), NULL), "days");
	h_expect_field(h_req(mgr, "GET", h_fmt("%s?role=mentor&role=mentee", parts()), NULL), "role");
}

Test(relationships, program_lists_are_for_its_managers)
{
	h_resp_t *r = h_req(mgr, "GET", h_fmt("/api/v1/relationships?program_id=%lld", (long long)prog), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	cr_assert_eq(h_int(r, "items.0.mentor.id"), H.member[0]);
	cr_assert_eq(h_int(r, "items.0.mentee_id"), H.member[1]);
	h_expect_status(h_req(mentee, "GET", h_fmt("/api/v1/relationships?program_id=%lld", (long long)prog), NULL),
			403);
	h_expect_status(h_req(h_as(h_member_email[2]), "GET",
			      h_fmt("/api/v1/relationships?program_id=%lld", (long long)prog), NULL), 404);
	h_expect_status(h_req(h_as(h_member_email[2]), "GET", rel_path(""), NULL), 404);
}

Test(relationships, closing_reflection_keeps_line_breaks_and_tabs)
{
	set_phase("working");
	/* Single-line fields refuse what multi-line ones accept. */
	h_resp_t *r = h_req(mentee, "POST", rel_path("/close"),
			    "{\"reflection\":\"Line one\\n\\tindented\",\"thank_you_note\":\"Thanks\\u0001\","
			    "\"satisfaction\":5,\"mentor_important\":4}");
	h_expect_field(r, "thank_you_note");
	r = h_req(mentee, "POST", rel_path("/close"),
		  "{\"reflection\":\"We grew.\\nNext:\\n\\t- speak up\",\"thank_you_note\":\"Thank you!\\n\\tAda\","
		  "\"satisfaction\":5,\"mentor_important\":4,\"would_recommend\":true}");
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "phase"), "closing");
	cr_assert_str_eq(h_str(r, "closures.0.reflection"), "We grew.\nNext:\n\t- speak up");
	cr_assert_str_eq(h_str(r, "closures.0.thank_you_note"), "Thank you!\n\tAda");
	cr_assert(json_is_null(h_at(r, "closures.0.goals_met")), "%s", r->body);
	h_expect_status(h_req(mentee, "POST", rel_path("/close"),
			      "{\"reflection\":\"Again\",\"thank_you_note\":\"x\",\"satisfaction\":5,\"mentor_important\":4}"),
			409);
	/* The mentor is not asked whether the mentor mattered. */
	h_expect_field(h_req(mentor, "POST", rel_path("/close"),
			     "{\"reflection\":\"r\",\"thank_you_note\":\"t\",\"satisfaction\":4,\"mentor_important\":4}"),
		       "mentor_important");
	r = h_req(mentor, "POST", rel_path("/close"), "{\"reflection\":\"r\",\"thank_you_note\":\"t\",\"satisfaction\":4}");
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "phase"), "completed");
	cr_assert_eq(json_array_size(h_at(r, "closures")), 2);
	/* The manager sees that a thank-you note was written, not what it says. */
	r = h_req(mgr, "GET", rel_path("/history"), NULL);
	h_expect_status(r, 200);
	json_t *items = h_at(r, "items");
	bool thanks = false;
	for (size_t i = 0; i < json_array_size(items); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(items, i), "kind")), "thank_you")) {
			thanks = true;
			cr_assert_str_eq(json_string_value(json_object_get(json_array_get(items, i), "detail")), "");
		}
	cr_assert(thanks, "%s", r->body);
	h_expect_status(h_req(mgr, "GET", rel_path("/closing"), NULL), 403);
	r = h_req(mentor, "POST", rel_path("/keep-in-touch"), "{\"every_days\":60}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "phase"), "alumni");
	cr_assert_eq(h_int(r, "keep_in_touch_days"), 60);
	h_expect_field(h_req(mentor, "POST", rel_path("/keep-in-touch"), "{\"every_days\":366}"), "every_days");
}

Test(relationships, agreement_terms_are_multi_line_and_signatures_reset)
{
	h_expect_status(h_req(mentee, "GET", rel_path("/agreement"), NULL), 404);
	const char *terms = "{\"purpose\":\"Speak up\\n\\tin meetings\",\"expected_results\":\"A talk\","
			    "\"duration_weeks\":12,\"confidentiality\":\"Between us\"}";
	h_resp_t *r = h_req(mentee, "PUT", rel_path("/agreement"), terms);
	cr_assert_eq(r->status, 409, "getting to know each other comes first: %s", r->body);
	cr_assert_str_eq(h_str(r, "error.phase"), "getting_to_know");
	set_phase("goal_setting");
	h_expect_field(h_req(mentee, "PUT", rel_path("/agreement"),
			     "{\"purpose\":\"p\",\"expected_results\":\"e\",\"duration_weeks\":12,\"confidentiality\":\"c\","
			     "\"extra\":1}"), "extra");
	r = h_req(mentee, "PUT", rel_path("/agreement"), terms);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "purpose"), "Speak up\n\tin meetings");
	cr_assert_eq(h_int(r, "cadence_days"), 14, "the program's cadence by default");
	cr_assert_eq(h_int(r, "version"), 1);
	cr_assert(json_is_null(h_at(r, "mentor_signed_at")));
	r = h_req(mentee, "POST", rel_path("/agreement/sign"), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_string(h_at(r, "mentee_signed_at")), "%s", r->body);
	r = h_req(mentee, "PUT", rel_path("/agreement"), terms);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "version"), 2);
	cr_assert(json_is_null(h_at(r, "mentee_signed_at")), "new terms clear the signatures: %s", r->body);
	h_expect_status(h_req(mgr, "GET", rel_path("/agreement"), NULL), 403);
}

Test(import, dry_run_is_a_boolean)
{
	const char *csv = "email,role\nmember1@example.org,mentor\n";
	h_resp_t *r = h_req_ct(mgr, "POST", h_fmt("%s/import?dry_run=true", parts()), "text/csv", csv, strlen(csv));
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "dry_run")));
	r = h_req_ct(mgr, "POST", h_fmt("%s/import?dry_run=maybe", parts()), "text/csv", csv, strlen(csv));
	h_expect_field(r, "dry_run");
	cr_assert_eq(count_parts(), 0);
	/* The file is text by the one text rule: a control character
	 * anywhere in it makes it unreadable. */
	const char *bad = "email,role,name\nnew.one@example.org,mentee,New\x01One\n";
	r = h_req_ct(mgr, "POST", h_fmt("%s/import", parts()), "text/csv", bad, strlen(bad));
	h_expect_status(r, 400);
	cr_assert_str_eq(h_str(r, "error.code"), "bad_csv");
}
