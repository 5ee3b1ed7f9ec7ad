/* The program manager's workspace through the API: the inbox (what waits for
 * a person, each item gone once done, a thread read by the one it was
 * written to), refusals (a thread of someone else's relationship), and
 * program health's summary of what needs action, with a pair that has not
 * met "not started" rather than scored. */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include "harness.h"

TestSuite(workspace, .init = h_setup, .fini = h_teardown, .timeout = 60);

typedef struct pair {
	h_client_t *mgr, *mentor, *mentee, *outsider;
	int64_t program, rel;
} pair_t;

static pair_t start(void)
{
	pair_t p = {h_bearer("mgr1@example.org"), h_bearer(h_member_email[0]), h_bearer(h_member_email[1]),
		    h_bearer(h_member_email[2]), 0, 0};
	h_resp_t *r = h_req(p.mgr, "POST", "/api/v1/programs",
		"{\"name\":\"Growth\",\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\"}");
	h_expect_status(r, 201);
	p.program = h_int(r, "id");
	h_expect_status(h_req(p.mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)p.program),
		h_fmt("{\"user_id\":%lld,\"role\":\"mentor\",\"capacity\":2}", (long long)H.member[0])), 201);
	h_expect_status(h_req(p.mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)p.program),
		h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[1])), 201);
	h_expect_status(h_req(p.mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)p.program),
		h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[3])), 201);
	r = h_req(p.mgr, "POST", "/api/v1/relationships",
		h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)p.program,
		      (long long)H.member[0], (long long)H.member[1]));
	h_expect_status(r, 201);
	p.rel = h_int(r, "id");
	return p;
}

static int count_kind(const h_resp_t *r, const char *kind)
{
	json_t *items = h_at(r, "items"), *it;
	size_t i;
	int n = 0;
	json_array_foreach(items, i, it)
		n += !strcmp(json_string_value(json_object_get(it, "kind")), kind);
	return n;
}

Test(workspace, inbox_lists_unread_messages_until_the_thread_is_read)
{
	pair_t p = start();
	h_resp_t *r = h_req(p.mentee, "GET", "/api/v1/me/inbox", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "count"), 0, "%s", r->body);
	h_expect_status(h_req(p.mentor, "POST", h_fmt("/api/v1/relationships/%lld/messages", (long long)p.rel),
			      "{\"body\":\"Hello!\"}"), 201);
	h_expect_status(h_req(p.mentor, "POST", h_fmt("/api/v1/relationships/%lld/messages", (long long)p.rel),
			      "{\"body\":\"When can we meet?\"}"), 201);
	r = h_req(p.mentee, "GET", "/api/v1/me/inbox", NULL);
	cr_assert_eq(h_int(r, "count"), 1, "%s", r->body);
	cr_assert_str_eq(h_str(r, "items.0.kind"), "messages");
	cr_assert_eq(h_int(r, "items.0.count"), 2);
	cr_assert_str_eq(h_str(r, "items.0.href"), h_fmt("/relationships/%lld/messages", (long long)p.rel));
	cr_assert_not_null(strstr(h_str(r, "items.0.title"), "2 new messages"), "%s", r->body);
	/* The author's own messages never wait for them. */
	cr_assert_eq(count_kind(h_req(p.mentor, "GET", "/api/v1/me/inbox", NULL), "messages"), 0);
	/* Only the pair may mark a thread read; others are refused. */
	h_expect_refused(h_req(p.outsider, "POST", h_fmt("/api/v1/relationships/%lld/messages/read", (long long)p.rel), NULL));
	h_expect_status(h_req(p.mgr, "POST", h_fmt("/api/v1/relationships/%lld/messages/read", (long long)p.rel), NULL), 403);
	r = h_req(p.mentee, "POST", h_fmt("/api/v1/relationships/%lld/messages/read", (long long)p.rel), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "count"), 0, "%s", r->body);
	/* The inbox needs credentials. */
	h_expect_status(h_req(h_client(), "GET", "/api/v1/me/inbox", NULL), 401);
}

Test(workspace, inbox_lists_an_agreement_to_sign_until_signed)
{
	pair_t p = start();
	/* Holding the kickoff opens goal setting. */
	time_t t = time(NULL) - 7200;
	struct tm tm;
	gmtime_r(&t, &tm);
	h_resp_t *r = h_req(p.mentee, "POST", h_fmt("/api/v1/relationships/%lld/meetings", (long long)p.rel),
		h_fmt("{\"starts_at\":\"%04d-%02d-%02dT%02d:%02d:00Z\",\"duration_min\":30,\"channel\":\"video\","
		      "\"kind\":\"kickoff\"}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min));
	h_expect_status(r, 201);
	h_expect_status(h_req(p.mentee, "PATCH", h_fmt("/api/v1/meetings/%lld", (long long)h_int(r, "id")),
			      "{\"status\":\"held\"}"), 200);
	h_expect_status(h_req(p.mentor, "PUT", h_fmt("/api/v1/relationships/%lld/agreement", (long long)p.rel),
		"{\"purpose\":\"Grow as a speaker\",\"expected_results\":\"Two talks\",\"cadence_days\":14,"
		"\"duration_weeks\":12,\"confidentiality\":\"What we say stays between us.\"}"), 200);
	cr_assert_eq(count_kind(h_req(p.mentee, "GET", "/api/v1/me/inbox", NULL), "agreement"), 1);
	cr_assert_eq(count_kind(h_req(p.mentor, "GET", "/api/v1/me/inbox", NULL), "agreement"), 1);
	h_expect_status(h_req(p.mentee, "POST", h_fmt("/api/v1/relationships/%lld/agreement/sign", (long long)p.rel),
			      NULL), 200);
	cr_assert_eq(count_kind(h_req(p.mentee, "GET", "/api/v1/me/inbox", NULL), "agreement"), 0, "signed: gone");
	cr_assert_eq(count_kind(h_req(p.mentor, "GET", "/api/v1/me/inbox", NULL), "agreement"), 1);
}

Test(workspace, health_summary_counts_what_needs_action)
{
	pair_t p = start();
	h_resp_t *r = h_req(p.mgr, "GET", h_fmt("/api/v1/programs/%lld/health", (long long)p.program), NULL);
	h_expect_status(r, 200);
	/* The new pair has not met: not started, no score, not "100". */
	cr_assert_eq(h_int(r, "summary.not_started"), 1, "%s", r->body);
	cr_assert_eq(h_int(r, "summary.at_risk"), 0);
	cr_assert_eq(h_int(r, "summary.awaiting_match"), 1, "the second mentee has no mentor");
	cr_assert_eq(h_int(r, "summary.pending_requests"), 0);
	cr_assert_str_eq(h_str(r, "items.0.state"), "not_started");
	cr_assert(json_is_null(h_at(r, "items.0.score")), "%s", r->body);
	r = h_req(p.mgr, "GET", h_fmt("/api/v1/relationships/%lld", (long long)p.rel), NULL);
	cr_assert_str_eq(h_str(r, "health.state"), "not_started");
	/* A mentee may not see the program's health. */
	h_expect_status(h_req(p.mentee, "GET", h_fmt("/api/v1/programs/%lld/health", (long long)p.program), NULL), 403);
}
