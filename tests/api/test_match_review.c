/* Reviewing a match run at scale through the API (issue 13): a run's
 * summary (pairs, unmatched by reason, average fit, mentors used, places
 * left, departments), its pairs a page at a time by keyset with fit and
 * department filters, its unmatched mentees each with what would help them
 * (worked out from the people: a language nobody with a place speaks),
 * publishing that introduces every pair by mail, and the refusals. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(match_review, .init = h_setup, .fini = h_teardown, .timeout = 60);

/* A person made by the administrator, with a profile; returns the id. */
static int64_t person(h_client_t *admin, const char *email, const char *dept, const char *langs, const char *skills)
{
	h_resp_t *r = h_req(admin, "POST", "/api/v1/users", h_fmt(
		"{\"email\":\"%s\",\"name\":\"%s\",\"password\":\"" H_PASSWORD "\"}", email, email));
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	h_expect_status(h_req(h_bearer(email), "PUT", "/api/v1/me/profile", h_fmt(
		"{\"department\":\"%s\",\"languages\":[%s],\"skills_offered\":[%s],\"skills_wanted\":[%s],"
		"\"timezone\":\"Europe/Berlin\"}", dept, langs, skills, skills)), 200);
	return id;
}

static void enrol(h_client_t *mgr, int64_t prog, int64_t uid, const char *role, int capacity)
{
	h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)prog),
		h_fmt("{\"user_id\":%lld,\"role\":\"%s\",\"capacity\":%d}", (long long)uid, role, capacity)), 201);
}

/* Two mentors with two places each, five English-speaking mentees (Sales
 * and Engineering) and one who speaks only German: four pairs, one mentee
 * left over because every mentor is full, one because of the language. */
static int64_t run_of_a_program(h_client_t *mgr, int64_t *prog_out, int64_t *german)
{
	h_client_t *admin = h_bearer("admin@example.org");
	h_resp_t *r = h_req(mgr, "POST", "/api/v1/programs",
		"{\"name\":\"Review\",\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\"}");
	h_expect_status(r, 201);
	int64_t prog = h_int(r, "id");
	for (int i = 0; i < 2; i++)
		enrol(mgr, prog, person(admin, h_fmt("mentor%d@example.org", i), "Finance", "\"English\"",
			"\"negotiation\""), "mentor", 2);
	for (int i = 0; i < 5; i++)
		enrol(mgr, prog, person(admin, h_fmt("mentee%d@example.org", i), i < 3 ? "Sales" : "Engineering",
			"\"English\"", "\"negotiation\""), "mentee", 1);
	*german = person(admin, "deutsch@example.org", "Sales", "\"German\"", "\"negotiation\"");
	enrol(mgr, prog, *german, "mentee", 1);
	r = h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/match-runs", (long long)prog), "{\"algorithm\":\"optimal\"}");
	h_expect_status(r, 201);
	*prog_out = prog;
	return h_int(r, "id");
}

Test(match_review, summary_pages_filters_and_help)
{
	h_client_t *mgr = h_bearer("mgr1@example.org");
	int64_t prog, german;
	int64_t run = run_of_a_program(mgr, &prog, &german);
	h_resp_t *r = h_req(mgr, "GET", h_fmt("/api/v1/match-runs/%lld", (long long)run), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "summary.pairs"), 4, "%s", r->body);
	cr_assert_eq(h_int(r, "summary.unmatched"), 2, "%s", r->body);
	cr_assert_eq(h_int(r, "summary.unmatched_by_reason.all_candidates_full"), 1, "%s", r->body);
	cr_assert_eq(h_int(r, "summary.unmatched_by_reason.blocked_by_rules") +
		     h_int(r, "summary.unmatched_by_reason.no_candidates"), 1, "%s", r->body);
	cr_assert_eq(h_int(r, "summary.mentors_used"), 2, "%s", r->body);
	cr_assert_eq(h_int(r, "summary.capacity_left"), 0, "%s", r->body);
	cr_assert_eq(h_int(r, "summary.max_score"), 100, "the default weights sum to 100: %s", r->body);
	cr_assert_eq(h_int(r, "summary.fit.excellent") + h_int(r, "summary.fit.good") + h_int(r, "summary.fit.fair") +
		     h_int(r, "summary.fit.weak"), 4, "%s", r->body);
	cr_assert_not_null(h_str(r, "summary.average_fit"), "%s", r->body);
	cr_assert_str_eq(h_str(r, "summary.departments.0.department"), "Engineering", "%s", r->body);
	cr_assert_str_eq(h_str(r, "summary.departments.1.department"), "Sales", "%s", r->body);
	cr_assert_eq(h_int(r, "summary.departments.1.unmatched") + h_int(r, "summary.departments.0.unmatched"), 2);

	/* Every pair once, one to a page, best first. */
	const char *pairs = h_fmt("/api/v1/match-runs/%lld/pairs", (long long)run);
	const char *cursor = NULL;
	int64_t seen[8] = {0}, last = 1 << 20;
	int n = 0;
	do {
		r = h_req(mgr, "GET", cursor ? h_fmt("%s?limit=1&cursor=%s", pairs, cursor) : h_fmt("%s?limit=1", pairs), NULL);
		h_expect_status(r, 200);
		if (!h_at(r, "items.0"))
			break;
		cr_assert(h_int(r, "items.0.score") <= last, "best first: %s", r->body);
		last = h_int(r, "items.0.score");
		for (int k = 0; k < n; k++)
			cr_assert_neq(seen[k], h_int(r, "items.0.mentee_id"), "a pair twice: %s", r->body);
		seen[n++] = h_int(r, "items.0.mentee_id");
		cursor = h_str(r, "next") ? h_fmt("%s", h_str(r, "next")) : NULL;
	} while (cursor && n < 8);
	cr_assert_eq(n, 4);

	/* Each fit filter keeps its pairs only; together they are every pair. */
	static const char *const fits[] = {"excellent", "good", "fair", "weak"};
	int total = 0;
	for (int k = 0; k < 4; k++) {
		r = h_req(mgr, "GET", h_fmt("%s?fit=%s", pairs, fits[k]), NULL);
		h_expect_status(r, 200);
		json_t *item;
		size_t i;
		json_array_foreach(h_at(r, "items"), i, item) {
			cr_assert_str_eq(json_string_value(json_object_get(item, "fit")), fits[k]);
			total++;
		}
	}
	cr_assert_eq(total, 4);
	r = h_req(mgr, "GET", h_fmt("%s?department=Engineering", pairs), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "items.0.department"), "Engineering", "%s", r->body);
	r = h_req(mgr, "GET", h_fmt("%s?department=Nowhere", pairs), NULL);
	cr_assert_null(h_at(r, "items.0"), "%s", r->body);
	cr_assert(json_is_null(h_at(r, "next")), "%s", r->body);

	/* What would help: worked out from the people, not a canned line. */
	r = h_req(mgr, "GET", h_fmt("/api/v1/match-runs/%lld/unmatched?department=Sales", (long long)run), NULL);
	h_expect_status(r, 200);
	bool found = false;
	json_t *item;
	size_t i;
	json_array_foreach(h_at(r, "items"), i, item) {
		const char *help = json_string_value(json_object_get(item, "help"));
		if (json_integer_value(json_object_get(item, "mentee_id")) == german) {
			found = true;
			cr_assert(strstr(help, "German"), "the missing language is named: %s", help);
		}
	}
	cr_assert(found, "%s", r->body);
	r = h_req(mgr, "GET", h_fmt("/api/v1/match-runs/%lld/unmatched", (long long)run), NULL);
	bool full = false;
	json_array_foreach(h_at(r, "items"), i, item)
		full |= strstr(json_string_value(json_object_get(item, "help")), "mentor0@example.org") != NULL ||
			strstr(json_string_value(json_object_get(item, "help")), "mentor1@example.org") != NULL;
	cr_assert(full, "the full mentors who fit are named: %s", r->body);
}

Test(match_review, refusals)
{
	h_client_t *mgr = h_bearer("mgr1@example.org");
	int64_t prog, german;
	int64_t run = run_of_a_program(mgr, &prog, &german);
	const char *pairs = h_fmt("/api/v1/match-runs/%lld/pairs", (long long)run);
	const char *unmatched = h_fmt("/api/v1/match-runs/%lld/unmatched", (long long)run);
	h_expect_field(h_req(mgr, "GET", h_fmt("%s?cursor=abc", pairs), NULL), "cursor");
	h_expect_field(h_req(mgr, "GET", h_fmt("%s?fit=perfect", pairs), NULL), "fit");
	h_expect_field(h_req(mgr, "GET", h_fmt("%s?cursor=x", unmatched), NULL), "cursor");
	/* A participant of the program may not review it; a manager of
	 * another program does not learn that the run exists. */
	h_expect_status(h_req(h_bearer("deutsch@example.org"), "GET", pairs, NULL), 403);
	h_expect_status(h_req(h_bearer("mgr2@example.org"), "GET", pairs, NULL), 404);
	h_expect_status(h_req(h_bearer("mgr2@example.org"), "GET", unmatched, NULL), 404);
	h_expect_status(h_req(mgr, "GET", "/api/v1/match-runs/999999/pairs", NULL), 404);
	h_expect_status(h_req(h_bearer("admin@example.org"), "GET", pairs, NULL), 200);
}

Test(match_review, publishing_introduces_every_pair)
{
	h_client_t *mgr = h_bearer("mgr1@example.org");
	int64_t prog, german;
	int64_t run = run_of_a_program(mgr, &prog, &german);
	h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/match-runs/%lld/publish", (long long)run), NULL), 200);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM relationships"), 4);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'matched'"), 8);
	cr_assert_eq(h_db_int("SELECT COUNT(DISTINCT user_id) FROM outbox WHERE kind = 'matched'"), 6,
		     "four mentees and both mentors");
}
