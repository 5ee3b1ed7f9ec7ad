/* Matching through the API: a manager runs the engine on a small program,
 * every pair carries its reasons, a mentee's stated preferences earn
 * points and the people they avoid are never proposed (nor accepted in an
 * edit), publishing creates the relationships; in a self-match program a
 * mentee sees ranked mentors, asks one, and the mentor accepts. The
 * mentee's avoid list is theirs alone to see. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(matching, .init = h_setup, .fini = h_teardown, .timeout = 60);

/* member1, member2: mentors (Sales, Engineering); member3: mentee. */
static int64_t program(h_client_t *mgr, const char *matching)
{
	h_resp_t *r = h_req(mgr, "POST", "/api/v1/programs", h_fmt(
		"{\"name\":\"M\",\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\",\"matching\":\"%s\"}", matching));
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	for (int i = 0; i < 3; i++)
		h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)id),
			h_fmt("{\"user_id\":%lld,\"role\":\"%s\"}", (long long)H.member[i], i < 2 ? "mentor" : "mentee")), 201);
	static const char *const depts[] = {"Sales", "Engineering", "Finance"};
	for (int i = 0; i < 3; i++)
		h_expect_status(h_req(h_bearer(h_member_email[i]), "PUT", "/api/v1/me/profile", h_fmt(
			"{\"department\":\"%s\",\"languages\":[\"English\"],\"skills_offered\":[\"negotiation\"],"
			"\"skills_wanted\":[\"negotiation\"],\"timezone\":\"Europe/Berlin\"}", depts[i])), 200);
	return id;
}

/* A 422 naming a nested field such as "mentor_preferences.avoid" (the key
 * itself holds the dot, so the dotted-path helpers cannot reach it). */
static void expect_nested_field(h_resp_t *r, const char *field)
{
	h_expect_status(r, 422);
	cr_assert_not_null(json_object_get(h_at(r, "error.fields"), field), "422 does not name %s: %s", field, r->body);
}

static json_t *pair_of(h_resp_t *r, int64_t mentee)
{
	json_t *m;
	size_t i;
	json_array_foreach(h_at(r, "matches"), i, m)
		if (json_integer_value(json_object_get(m, "mentee_id")) == mentee)
			return m;
	return NULL;
}

static bool has_reason(json_t *pair, const char *criterion)
{
	json_t *x;
	size_t i;
	json_array_foreach(json_object_get(pair, "reasons"), i, x)
		if (!strcmp(json_string_value(json_object_get(x, "criterion")), criterion))
			return true;
	return false;
}

Test(matching, preferences_and_avoid)
{
	h_client_t *mgr = h_bearer("mgr1@example.org"), *mentee = h_bearer(h_member_email[2]);
	int64_t prog = program(mgr, "optimal");
	/* Prefers an Engineering mentor: member2 wins on preferences. */
	h_resp_t *r = h_req(mentee, "PUT", "/api/v1/me/profile",
		"{\"mentor_preferences\":{\"departments\":[\"engineering\"]}}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "mentor_preferences.departments.0"), "engineering");
	r = h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/match-runs", (long long)prog), "{\"algorithm\":\"optimal\"}");
	h_expect_status(r, 201);
	json_t *p = pair_of(r, H.member[2]);
	cr_assert_not_null(p, "%s", r->body);
	cr_assert_eq(json_integer_value(json_object_get(p, "mentor_id")), H.member[1], "%s", r->body);
	cr_assert(has_reason(p, "preferences") && has_reason(p, "skills"), "%s", r->body);
	int64_t run = h_int(r, "id");

	/* Avoiding member2: the engine proposes member1 instead, and a manager
	 * cannot put the avoided pair back by hand. */
	h_expect_status(h_req(mentee, "PUT", "/api/v1/me/profile", h_fmt(
		"{\"mentor_preferences\":{\"avoid\":[%lld]}}", (long long)H.member[1])), 200);
	r = h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/match-runs", (long long)prog), NULL);
	h_expect_status(r, 201);
	cr_assert_eq(json_integer_value(json_object_get(pair_of(r, H.member[2]), "mentor_id")), H.member[0], "%s", r->body);
	h_expect_field(h_req(mgr, "PATCH", h_fmt("/api/v1/match-runs/%lld", (long long)h_int(r, "id")), h_fmt(
		"{\"mentee_id\":%lld,\"mentor_id\":%lld}", (long long)H.member[2], (long long)H.member[1])), "mentor_id");

	/* The avoid list is the mentee's alone. */
	cr_assert_not_null(h_at(h_req(mentee, "GET", "/api/v1/me/profile", NULL), "mentor_preferences.avoid"));
	r = h_req(mgr, "GET", h_fmt("/api/v1/users/%lld/profile", (long long)H.member[2]), NULL);
	h_expect_status(r, 200);
	cr_assert_null(h_at(r, "mentor_preferences.avoid"), "%s", r->body);
	expect_nested_field(h_req(mentee, "PUT", "/api/v1/me/profile", h_fmt(
		"{\"mentor_preferences\":{\"mentors\":[%lld],\"avoid\":[%lld]}}", (long long)H.member[0],
		(long long)H.member[0])), "mentor_preferences.avoid");
	expect_nested_field(h_req(mentee, "PUT", "/api/v1/me/profile",
		"{\"mentor_preferences\":{\"mentors\":[999999]}}"), "mentor_preferences.mentors");

	/* Members cannot run or read matching; publishing the first run pairs them. */
	h_expect_refused(h_req(mentee, "POST", h_fmt("/api/v1/programs/%lld/match-runs", (long long)prog), NULL));
	h_expect_refused(h_req(mentee, "GET", h_fmt("/api/v1/match-runs/%lld", (long long)run), NULL));
	r = h_req(mgr, "POST", h_fmt("/api/v1/match-runs/%lld/publish", (long long)run), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "status"), "published");
	h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/match-runs/%lld/publish", (long long)run), NULL), 409);
	r = h_req(mentee, "GET", "/api/v1/relationships", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1, "%s", r->body);
	cr_assert_str_eq(h_str(r, "items.0.origin"), "match");
}

Test(matching, self_match_request_and_accept)
{
	h_client_t *mgr = h_bearer("mgr1@example.org"), *mentee = h_bearer(h_member_email[2]);
	h_client_t *mentor = h_bearer(h_member_email[0]);
	int64_t prog = program(mgr, "self");
	h_resp_t *r = h_req(mentee, "GET", h_fmt("/api/v1/programs/%lld/recommendations", (long long)prog), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 2, "%s", r->body);
	cr_assert_not_null(h_at(r, "items.0.reasons.0.detail"), "%s", r->body);
	h_expect_status(h_req(mentor, "GET", h_fmt("/api/v1/programs/%lld/recommendations", (long long)prog), NULL), 403);
	r = h_req(mentee, "POST", h_fmt("/api/v1/programs/%lld/mentor-requests", (long long)prog),
		  h_fmt("{\"mentor_id\":%lld,\"message\":\"Would you mentor me?\"}", (long long)H.member[0]));
	h_expect_status(r, 201);
	int64_t q = h_int(r, "id");
	h_expect_status(h_req(mentee, "POST", h_fmt("/api/v1/programs/%lld/mentor-requests", (long long)prog),
		h_fmt("{\"mentor_id\":%lld}", (long long)H.member[0])), 409);
	h_expect_status(h_req(mentee, "POST", h_fmt("/api/v1/mentor-requests/%lld/accept", (long long)q), NULL), 403);
	h_expect_refused(h_req(h_bearer(h_member_email[1]), "POST", h_fmt("/api/v1/mentor-requests/%lld/accept", (long long)q), NULL));
	r = h_req(mentor, "POST", h_fmt("/api/v1/mentor-requests/%lld/accept", (long long)q), "{\"answer\":\"Gladly\"}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "status"), "accepted");
	cr_assert_not_null(h_at(r, "relationship_id"));
	h_expect_status(h_req(mentor, "POST", h_fmt("/api/v1/mentor-requests/%lld/decline", (long long)q), NULL), 409);
	r = h_req(mentor, "GET", h_fmt("/api/v1/relationships/%lld", (long long)h_int(r, "relationship_id")), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "origin"), "request");
}

/* Input is checked at the edge against the declared shapes (issue 9):
 * weights name known criteria only, an edit takes only its two fields, and
 * a request's message may span lines but holds no control characters. */
Test(matching, input_refused_at_the_edge)
{
	h_client_t *mgr = h_bearer("mgr1@example.org"), *mentee = h_bearer(h_member_email[2]);
	int64_t prog = program(mgr, "optimal");
	const char *runs = h_fmt("/api/v1/programs/%lld/match-runs", (long long)prog);
	h_expect_field(h_req(mgr, "POST", runs, "{\"weights\":{\"astrology\":5}}"), "weights");
	h_expect_field(h_req(mgr, "POST", runs, "{\"weights\":{\"skills\":101}}"), "weights");
	h_expect_field(h_req(mgr, "POST", runs, "{\"algorithm\":\"random\"}"), "algorithm");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM match_runs"), 0);
	h_resp_t *r = h_req(mgr, "POST", runs, "{\"weights\":{\"skills\":50}}");
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "weights.skills"), 50, "%s", r->body);
	int64_t run = h_int(r, "id");
	const char *edit = h_fmt("/api/v1/match-runs/%lld", (long long)run);
	h_expect_field(h_req(mgr, "PATCH", edit, h_fmt("{\"mentee_id\":%lld,\"mentor_id\":%lld,\"score\":100}",
		(long long)H.member[2], (long long)H.member[0])), "score");
	h_expect_field(h_req(mgr, "PATCH", edit, h_fmt("{\"mentee_id\":%lld}", (long long)H.member[2])), "mentor_id");

	h_expect_status(h_req(mgr, "PATCH", h_fmt("/api/v1/programs/%lld", (long long)prog), "{\"matching\":\"self\"}"), 200);
	const char *ask = h_fmt("/api/v1/programs/%lld/mentor-requests", (long long)prog);
	h_expect_field(h_req(mentee, "POST", ask, h_fmt("{\"mentor_id\":%lld,\"message\":\"Hello,\\nplease\\u0085\"}",
		(long long)H.member[0])), "message");
	r = h_req(mentee, "POST", ask, h_fmt("{\"mentor_id\":%lld,\"message\":\"Hello,\\n\\twould you?\"}",
		(long long)H.member[0]));
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "message"), "Hello,\n\twould you?");
}

/* A manager changes a pair's mentor, removes a pair, and a run whose pairs
 * no longer fit publishes nothing and names each pair that does not. */
Test(matching, edit_and_publish_conflicts)
{
	h_client_t *mgr = h_bearer("mgr1@example.org");
	int64_t prog = program(mgr, "optimal");
	h_resp_t *r = h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/match-runs", (long long)prog), NULL);
	h_expect_status(r, 201);
	int64_t run = h_int(r, "id");
	cr_assert_eq(h_int(r, "pairs"), 1, "%s", r->body);
	cr_assert_not_null(h_at(r, "stats.candidate_arcs"), "%s", r->body);
	const char *edit = h_fmt("/api/v1/match-runs/%lld", (long long)run);
	int64_t other = h_int(r, "matches.0.mentor_id") == H.member[0] ? H.member[1] : H.member[0];
	r = h_req(mgr, "PATCH", edit, h_fmt("{\"mentee_id\":%lld,\"mentor_id\":%lld}", (long long)H.member[2],
		(long long)other));
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "matches.0.mentor_id"), other, "%s", r->body);
	cr_assert(json_is_true(h_at(r, "matches.0.edited")), "%s", r->body);
	cr_assert_eq(h_int(r, "total_score"), h_int(r, "matches.0.score"), "%s", r->body);
	h_expect_field(h_req(mgr, "PATCH", edit, h_fmt("{\"mentee_id\":%lld,\"mentor_id\":%lld}",
		(long long)H.member[0], (long long)other)), "mentee_id");

	r = h_req(mgr, "PATCH", edit, h_fmt("{\"mentee_id\":%lld,\"mentor_id\":null}", (long long)H.member[2]));
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "pairs"), 0, "%s", r->body);
	cr_assert_str_eq(h_str(r, "unmatched.0.reason"), "removed_by_manager", "%s", r->body);
	h_expect_status(h_req(mgr, "PATCH", edit, h_fmt("{\"mentee_id\":%lld,\"mentor_id\":%lld}",
		(long long)H.member[2], (long long)other)), 200);

	/* The same pair made by hand meanwhile: publishing refuses the whole run. */
	h_expect_status(h_req(mgr, "POST", "/api/v1/relationships", h_fmt(
		"{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)prog, (long long)other,
		(long long)H.member[2])), 201);
	r = h_req(mgr, "POST", h_fmt("/api/v1/match-runs/%lld/publish", (long long)run), NULL);
	h_expect_status(r, 409);
	cr_assert_eq(h_int(r, "error.pairs.0.mentee_id"), H.member[2], "%s", r->body);
	cr_assert_not_null(h_str(r, "error.pairs.0.reason"), "%s", r->body);
	cr_assert_null(h_at(r, "error.fields"), "%s", r->body);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM relationships"), 1);
	r = h_req(mgr, "GET", edit, NULL);
	cr_assert_str_eq(h_str(r, "status"), "draft", "%s", r->body);
	r = h_req(mgr, "GET", h_fmt("/api/v1/programs/%lld/match-runs", (long long)prog), NULL);
	h_expect_status(r, 200);
	cr_assert_null(h_at(r, "items.0.matches"), "%s", r->body);
	cr_assert_eq(h_int(r, "items.0.id"), run, "%s", r->body);
}

/* Issue 15: a run says whether its total is certified optimal over every
 * mentee x mentor pair, and why not; the certificate survives being stored
 * and read back; a time limit is bounded. */
Test(matching, runs_say_whether_they_are_certified_optimal)
{
	h_client_t *mgr = h_bearer("mgr1@example.org");
	int64_t prog = program(mgr, "optimal");
	const char *runs = h_fmt("/api/v1/programs/%lld/match-runs", (long long)prog);
	h_resp_t *r = h_req(mgr, "POST", runs, "{\"algorithm\":\"optimal\"}");
	h_expect_status(r, 201);
	cr_assert(json_is_true(h_at(r, "certified_optimal")), "%s", r->body);
	cr_assert(json_is_null(h_at(r, "certified_optimal_reason")), "%s", r->body);
	cr_assert(h_int(r, "stats.certificate_rounds") >= 1, "%s", r->body);
	r = h_req(mgr, "GET", h_fmt("/api/v1/match-runs/%lld", (long long)h_int(r, "id")), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "certified_optimal")), "read back: %s", r->body);

	r = h_req(mgr, "POST", runs, "{\"algorithm\":\"stable\"}");
	h_expect_status(r, 201);
	cr_assert(json_is_false(h_at(r, "certified_optimal")), "%s", r->body);
	cr_assert_str_eq(h_str(r, "certified_optimal_reason"), "stable_algorithm");

	h_expect_status(h_req(mgr, "POST", runs, "{\"algorithm\":\"optimal\",\"time_limit_ms\":60000}"), 201);
	h_expect_field(h_req(mgr, "POST", runs, "{\"time_limit_ms\":-1}"), "time_limit_ms");
	h_expect_field(h_req(mgr, "POST", runs, "{\"time_limit_ms\":86400001}"), "time_limit_ms");
}
