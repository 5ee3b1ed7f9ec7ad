/* End-to-end tests of enrolment: adding mentors and mentees one at a time
 * (duplicates, capacities and both-roles refused with 422 naming the field,
 * only managers may add), and the all-or-nothing CSV import: a dry run
 * reports row errors with line numbers and writes nothing, a good file
 * imports every row (creating accounts when a name is given), and a file
 * with one bad row imports nothing. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

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
