/* Stepping in on a struggling relationship through the API (issue 13): the
 * conversation between the program's managers and the pair (both of the
 * pair read it and get it by mail; the pair's own thread stays theirs), the
 * managers' notes (never shown to the pair), ending a relationship with a
 * reason, rematching the mentee from the engine's recommendations, and the
 * refusals (the pair 403 where only managers act, others 404). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(stepping_in, .init = h_setup, .fini = h_teardown, .timeout = 60);

typedef struct cast {
	h_client_t *mgr, *mentor, *mentee, *outsider, *other_mgr;
	int64_t program, rel;
} cast_t;

/* member1 mentors member2; member4 is a second mentor with a place. */
static cast_t start(void)
{
	cast_t c = {h_bearer("mgr1@example.org"), h_bearer(h_member_email[0]), h_bearer(h_member_email[1]),
		    h_bearer(h_member_email[2]), h_bearer("mgr2@example.org"), 0, 0};
	h_resp_t *r = h_req(c.mgr, "POST", "/api/v1/programs",
		"{\"name\":\"Growth\",\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\"}");
	h_expect_status(r, 201);
	c.program = h_int(r, "id");
	const char *parts = h_fmt("/api/v1/programs/%lld/participants", (long long)c.program);
	h_expect_status(h_req(c.mgr, "POST", parts, h_fmt("{\"user_id\":%lld,\"role\":\"mentor\",\"capacity\":2}",
		(long long)H.member[0])), 201);
	h_expect_status(h_req(c.mgr, "POST", parts, h_fmt("{\"user_id\":%lld,\"role\":\"mentor\",\"capacity\":2}",
		(long long)H.member[3])), 201);
	h_expect_status(h_req(c.mgr, "POST", parts, h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}",
		(long long)H.member[1])), 201);
	r = h_req(c.mgr, "POST", "/api/v1/relationships", h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}",
		(long long)c.program, (long long)H.member[0], (long long)H.member[1]));
	h_expect_status(r, 201);
	c.rel = h_int(r, "id");
	return c;
}

static const char *rel(const cast_t *c, const char *rest)
{
	return h_fmt("/api/v1/relationships/%lld%s", (long long)c->rel, rest);
}

static int64_t mail(const char *kind, int64_t to)
{
	return h_db_int(h_fmt("SELECT count(*) FROM outbox WHERE kind = '%s' AND user_id = %lld", kind, (long long)to));
}

Test(stepping_in, conversation_with_the_pair)
{
	cast_t c = start();
	h_resp_t *r = h_req(c.mgr, "POST", rel(&c, "/manager-messages"), "{\"body\":\"How are things going?\"}");
	h_expect_status(r, 201);
	cr_assert(json_is_true(h_at(r, "from_manager")), "%s", r->body);
	cr_assert_eq(mail("manager_message", H.member[0]), 1);
	cr_assert_eq(mail("manager_message", H.member[1]), 1);
	cr_assert_eq(mail("manager_message", H.mgr1), 0, "the author gets no copy");

	/* The mentee replies: the managers and the mentor hear of it. */
	r = h_req(c.mentee, "POST", rel(&c, "/manager-messages"), "{\"body\":\"We have not found a time yet.\"}");
	h_expect_status(r, 201);
	cr_assert(json_is_false(h_at(r, "from_manager")), "%s", r->body);
	cr_assert_eq(mail("manager_message", H.mgr1), 1);
	cr_assert_eq(mail("manager_message", H.member[0]), 2);

	r = h_req(c.mentor, "GET", rel(&c, "/manager-messages"), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "items.0.body"), "How are things going?");
	cr_assert_str_eq(h_str(r, "items.1.body"), "We have not found a time yet.");

	h_expect_status(h_req(c.outsider, "GET", rel(&c, "/manager-messages"), NULL), 404);
	h_expect_status(h_req(c.other_mgr, "POST", rel(&c, "/manager-messages"), "{\"body\":\"hi\"}"), 404);
	h_expect_field(h_req(c.mgr, "POST", rel(&c, "/manager-messages"), "{\"body\":\"\"}"), "body");
}

Test(stepping_in, notes_are_the_managers_own)
{
	cast_t c = start();
	h_resp_t *r = h_req(c.mgr, "POST", rel(&c, "/manager-notes"), "{\"body\":\"Mentor travels a lot in Q4.\"}");
	h_expect_status(r, 201);
	r = h_req(h_bearer("admin@example.org"), "GET", rel(&c, "/manager-notes"), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "items.0.body"), "Mentor travels a lot in Q4.");
	cr_assert_str_eq(h_str(r, "items.0.author_name"), h_str(r, "items.0.author_name"));
	h_expect_status(h_req(c.mentor, "GET", rel(&c, "/manager-notes"), NULL), 403);
	h_expect_status(h_req(c.mentee, "POST", rel(&c, "/manager-notes"), "{\"body\":\"x\"}"), 403);
	h_expect_status(h_req(c.outsider, "GET", rel(&c, "/manager-notes"), NULL), 404);
	h_expect_status(h_req(c.other_mgr, "GET", rel(&c, "/manager-notes"), NULL), 404);
	cr_assert_eq(h_db_int("SELECT count(*) FROM outbox WHERE body LIKE '%travels a lot%'"), 0, "notes are never mailed");
}

Test(stepping_in, end_with_a_reason)
{
	cast_t c = start();
	h_expect_status(h_req(c.mentee, "POST", rel(&c, "/end"), "{\"reason\":\"x\"}"), 403);
	h_expect_status(h_req(c.outsider, "POST", rel(&c, "/end"), "{\"reason\":\"x\"}"), 404);
	h_expect_field(h_req(c.mgr, "POST", rel(&c, "/end"), "{}"), "reason");
	h_resp_t *r = h_req(c.mgr, "POST", rel(&c, "/end"), "{\"reason\":\"The mentor has left the company.\"}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "phase"), "completed", "%s", r->body);
	cr_assert_eq(mail("relationship_ended", H.member[0]), 1);
	cr_assert_eq(mail("relationship_ended", H.member[1]), 1);
	cr_assert_eq(h_db_int(h_fmt("SELECT count(*) FROM relationship_events WHERE relationship_id = %lld AND kind = 'ended'"
		" AND detail = 'The mentor has left the company.'", (long long)c.rel)), 1);
	h_expect_status(h_req(c.mgr, "POST", rel(&c, "/end"), "{\"reason\":\"again\"}"), 409);
	/* The history stays readable by the pair. */
	h_expect_status(h_req(c.mentee, "GET", rel(&c, ""), NULL), 200);
}

Test(stepping_in, rematch_from_recommendations)
{
	cast_t c = start();
	h_expect_status(h_req(c.mentor, "GET", rel(&c, "/rematch"), NULL), 403);
	h_expect_status(h_req(c.outsider, "GET", rel(&c, "/rematch"), NULL), 404);
	h_resp_t *r = h_req(c.mgr, "GET", rel(&c, "/rematch"), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "items.0.mentor_id"), H.member[3], "the other mentor, never the current one: %s", r->body);
	cr_assert_null(h_at(r, "items.1"), "%s", r->body);

	const char *body = h_fmt("{\"mentor_id\":%lld}", (long long)H.member[3]);
	h_expect_field(h_req(c.mgr, "POST", rel(&c, "/rematch"), body), "reason");
	h_expect_field(h_req(c.mgr, "POST", rel(&c, "/rematch"), h_fmt("{\"mentor_id\":%lld,\"reason\":\"x\"}",
		(long long)H.member[0])), "mentor_id");
	h_expect_status(h_req(c.mentee, "POST", rel(&c, "/rematch"), body), 403);
	r = h_req(c.mgr, "POST", rel(&c, "/rematch"), h_fmt("{\"mentor_id\":%lld,\"reason\":\"Their schedules never met.\"}",
		(long long)H.member[3]));
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "mentor_id"), H.member[3], "%s", r->body);
	cr_assert_eq(h_int(r, "mentee_id"), H.member[1], "%s", r->body);
	cr_assert_neq(h_int(r, "id"), c.rel);
	cr_assert_str_eq(h_str(h_req(c.mgr, "GET", rel(&c, ""), NULL), "phase"), "completed");
	cr_assert_eq(mail("relationship_ended", H.member[1]), 1);
	cr_assert_eq(mail("matched", H.member[3]), 1);
}
