/* What a request costs in SQL statements, counted on the server's own
 * connections (db_pool_statements_run): listing a page of relationships
 * costs the same number of statements for 10 relationships as for 100 (their
 * health, names and programs are read for the whole page at once, not per
 * row), and creating one stays a small fixed number. The counts are printed,
 * so a change in them shows in the test log. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "store/store.h"

TestSuite(costs, .init = h_setup, .fini = h_teardown, .timeout = 120);

static int64_t program;

/* A program of mgr1's with n pairs, written straight into the store. */
static void fill(int n)
{
	db_t *db = db_pool_acquire(H.app.pool);
	cr_assert_eq(db_begin(db), DB_OK);
	program_t p = {.name = "Costs", .description = "", .kind = "one_to_one", .starts_on = "2026-01-01",
		       .ends_on = "2027-12-31", .matching = "optimal", .cadence_days = 14,
		       .max_mentors_per_mentee = 2, .weights_json = "{}"};
	cr_assert_eq(store_program_insert(db, &p, H.mgr1, &program), DB_OK);
	int64_t mgr = H.mgr1;
	cr_assert_eq(store_program_set_managers(db, program, &mgr, 1), DB_OK);
	for (int i = 0; i < n; i++) {
		int64_t mentor, mentee, id;
		user_t a = {.email = h_fmt("cost-mentor%d@example.org", i), .name = h_fmt("Mentor %d", i),
			    .role = ROLE_MEMBER, .active = true};
		user_t b = {.email = h_fmt("cost-mentee%d@example.org", i), .name = h_fmt("Mentee %d", i),
			    .role = ROLE_MEMBER, .active = true};
		cr_assert_eq(store_user_insert(db, &a, NULL, &mentor), DB_OK);
		cr_assert_eq(store_user_insert(db, &b, NULL, &mentee), DB_OK);
		participant_t pm = {.program_id = program, .user_id = mentor, .role = "mentor", .capacity = 2};
		participant_t pe = {.program_id = program, .user_id = mentee, .role = "mentee", .capacity = 1};
		cr_assert_eq(store_participant_insert(db, &pm, &id), DB_OK);
		cr_assert_eq(store_participant_insert(db, &pe, &id), DB_OK);
		relationship_t r = {.program_id = program, .mentor_id = mentor, .mentee_id = mentee, .origin = "manual"};
		cr_assert_eq(store_rel_insert(db, &r, H.mgr1, &id), DB_OK, "%s", db_errmsg(db));
	}
	cr_assert_eq(db_commit(db), DB_OK);
	db_pool_release(H.app.pool, db);
}

static uint64_t cost(h_client_t *c, const char *method, const char *path, const char *body, long want)
{
	uint64_t before = db_pool_statements_run(H.app.pool);
	h_resp_t *r = h_req(c, method, path, body);
	h_expect_status(r, want);
	return db_pool_statements_run(H.app.pool) - before;
}

static uint64_t list_cost(h_client_t *m, int limit)
{
	const char *path = h_fmt("/api/v1/relationships?program_id=%lld&limit=%d", (long long)program, limit);
	cost(m, "GET", path, NULL, 200); /* warm: the first request of a connection prepares statements */
	return cost(m, "GET", path, NULL, 200);
}

Test(costs, a_page_of_relationships_costs_the_same_at_any_size)
{
	fill(100);
	h_client_t *m = h_bearer("mgr1@example.org");
	uint64_t ten = list_cost(m, 10), hundred = list_cost(m, 100);
	printf("GET /api/v1/relationships?limit=10: %llu statements; limit=100: %llu statements\n",
	       (unsigned long long)ten, (unsigned long long)hundred);
	cr_assert_eq(ten, hundred, "the page of 100 cost %llu statements, of 10 %llu: a query per row",
		     (unsigned long long)hundred, (unsigned long long)ten);
	cr_assert_lt(hundred, 40, "%llu statements for one page", (unsigned long long)hundred);
}

Test(costs, creating_a_relationship_is_a_small_fixed_cost)
{
	fill(3);
	db_t *db = db_pool_acquire(H.app.pool);
	int64_t mentor = 0, mentee = 0;
	bool found;
	cr_assert_eq(db_query_int(db, &mentor, &found, "SELECT user_id FROM participants WHERE role = 'mentor' "
				  "ORDER BY id LIMIT 1", DB_NOARGS), DB_OK);
	cr_assert_eq(db_query_int(db, &mentee, &found, "SELECT user_id FROM participants WHERE role = 'mentee' "
				  "ORDER BY id DESC LIMIT 1", DB_NOARGS), DB_OK);
	db_pool_release(H.app.pool, db);
	h_client_t *m = h_bearer("mgr1@example.org");
	uint64_t n = cost(m, "POST", "/api/v1/relationships",
			  h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)program,
				(long long)mentor, (long long)mentee), 201);
	printf("POST /api/v1/relationships: %llu statements\n", (unsigned long long)n);
	cr_assert_lt(n, 40, "%llu statements to create one relationship", (unsigned long long)n);
}

/* A read never waits for a writer: with another connection holding the
 * write transaction, a bearer-token read (whose last use is only noted, and
 * written later in a batch) answers at once. */
Test(costs, reads_take_no_write_lock)
{
	h_client_t *c = h_bearer("member1@example.org");
	h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 200);
	db_t *writer = db_pool_acquire(H.app.pool);
	cr_assert_eq(db_begin(writer), DB_OK);
	for (int i = 0; i < 3; i++) {
		uint64_t before = db_pool_statements_run(H.app.pool);
		h_expect_status(h_req(c, "GET", "/api/v1/me", NULL), 200);
		h_expect_status(h_req(c, "GET", "/api/v1/programs", NULL), 200);
		cr_assert_gt(db_pool_statements_run(H.app.pool), before);
	}
	db_rollback(writer);
	db_pool_release(H.app.pool, writer);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM api_tokens WHERE last_used_at IS NOT NULL"), 0,
		     "nothing written by the reads themselves");
	cr_assert_eq(store_usage_pending(), 1, "the use is noted for the next batch");
}

/* A report larger than one streamed piece (256 rows) arrives whole and in
 * order as JSON and as CSV, sent in chunks rather than as one body. */
Test(costs, a_large_report_streams_whole)
{
	enum { N = 600 };
	fill(N);
	h_client_t *m = h_bearer("mgr1@example.org");
	h_resp_t *json = h_req(m, "GET", h_fmt("/api/v1/programs/%lld/report", (long long)program), NULL);
	h_expect_status(json, 200);
	cr_assert_not_null(json->json, "the streamed report parses: %.200s", json->body);
	cr_assert_not_null(strstr(json->headers, "chunked"), "%s", json->headers);
	cr_assert_eq(h_int(json, "relationships.total"), N);
	json_t *items = h_at(json, "items");
	cr_assert_eq(json_array_size(items), N);
	h_resp_t *csv = h_req(m, "GET", h_fmt("/api/v1/programs/%lld/report.csv", (long long)program), NULL);
	h_expect_status(csv, 200);
	cr_assert_not_null(strstr(csv->headers, "chunked"), "%s", csv->headers);
	/* Row i of the CSV is item i of the JSON. */
	const char *line = strchr(csv->body, '\n');
	for (size_t i = 0; i < N; i++) {
		cr_assert_not_null(line);
		long long id = strtoll(line + 1, NULL, 10);
		json_t *it = json_array_get(items, i);
		cr_assert_eq(id, json_integer_value(json_object_get(it, "relationship_id")), "row %zu", i);
		cr_assert_not_null(strstr(line, "Mentor "), "row %zu", i);
		line = strchr(line + 1, '\n');
	}
	cr_assert(line && line[1] == '\0', "nothing after the last row");
}
