/* End-to-end tests of requests to a program's managers ("Have more
 * questions? Submit a request") over the real API: a participant asks, the
 * program's managers find it in their inbox and get a mail, reply in the
 * thread and mark it answered, and the asker is told by mail; the asker
 * writing again opens it once more. Who sees what: the asker and the
 * program's managers always, administrators unless it is about a
 * relationship; everyone else 404, including the other member of that
 * relationship and the managers of other programs. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(help_requests, .init = h_setup, .fini = h_teardown, .timeout = 60);

typedef struct cast {
	h_client_t *mgr, *other_mgr, *admin, *mentor, *mentee, *outsider;
	int64_t program, rel;
} cast_t;

/* A program managed by mgr1 with member 0 as mentor and member 1 as mentee
 * in one relationship; member 2 takes part in nothing. */
static cast_t setup_cast(void)
{
	cast_t c = {h_bearer("mgr1@example.org"), h_bearer("mgr2@example.org"), h_bearer("admin@example.org"),
		    h_bearer(h_member_email[0]), h_as(h_member_email[1]), h_bearer(h_member_email[2]), 0, 0};
	h_resp_t *r = h_req(c.mgr, "POST", "/api/v1/programs",
		"{\"name\":\"Growth\",\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\"}");
	h_expect_status(r, 201);
	c.program = h_int(r, "id");
	const char *parts = h_fmt("/api/v1/programs/%lld/participants", (long long)c.program);
	h_expect_status(h_req(c.mgr, "POST", parts, h_fmt("{\"user_id\":%lld,\"role\":\"mentor\"}", (long long)H.member[0])),
			201);
	h_expect_status(h_req(c.mgr, "POST", parts, h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[1])),
			201);
	r = h_req(c.mgr, "POST", "/api/v1/relationships",
		h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)c.program,
		      (long long)H.member[0], (long long)H.member[1]));
	h_expect_status(r, 201);
	c.rel = h_int(r, "id");
	return c;
}

static const char *req_path(int64_t id, const char *rest)
{
	return h_fmt("/api/v1/help-requests/%lld%s", (long long)id, rest);
}

static int64_t mails(const char *kind, int64_t user)
{
	return h_db_int(h_fmt("SELECT COUNT(*) FROM outbox WHERE kind = '%s' AND user_id = %lld", kind, (long long)user));
}

static bool lists(h_resp_t *r, int64_t id)
{
	json_t *items = h_at(r, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (json_integer_value(json_object_get(json_array_get(items, i), "id")) == id)
			return true;
	return false;
}

Test(help_requests, ask_answer_and_be_told)
{
	cast_t c = setup_cast();
	h_resp_t *r = h_req(c.mentee, "POST", "/api/v1/help-requests",
		h_fmt("{\"program_id\":%lld,\"subject\":\"How often should we meet?\","
		      "\"body\":\"Our agreement says every two weeks.\\nIs that enough?\"}", (long long)c.program));
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	cr_assert_str_eq(h_str(r, "status"), "open");
	cr_assert_str_eq(h_str(r, "program_name"), "Growth");
	cr_assert_eq(h_int(r, "asker.id"), H.member[1]);
	cr_assert(json_is_null(h_at(r, "relationship_id")));
	cr_assert(json_is_false(h_at(r, "can_answer")));
	cr_assert_eq(json_array_size(h_at(r, "thread")), 0);
	cr_assert_eq(mails("help_request", H.mgr1), 1, "the program's manager gets a mail");
	cr_assert_eq(mails("help_request", H.mgr2), 0);
	cr_assert_eq(mails("help_request", H.member[1]), 0, "not the asker");

	/* Who sees it. */
	cr_assert(lists(h_req(c.mentee, "GET", "/api/v1/help-requests?box=asked", NULL), id));
	cr_assert(!lists(h_req(c.mentee, "GET", "/api/v1/help-requests?box=inbox", NULL), id));
	r = h_req(c.mgr, "GET", "/api/v1/help-requests?box=inbox&status=open", NULL);
	cr_assert(lists(r, id), "%s", r->body);
	cr_assert(json_is_true(h_at(r, "items.0.can_answer")));
	cr_assert(!lists(h_req(c.mgr, "GET", "/api/v1/help-requests?box=asked", NULL), id));
	cr_assert(lists(h_req(c.admin, "GET", "/api/v1/help-requests", NULL), id), "admins see it");
	h_expect_status(h_req(c.admin, "GET", req_path(id, ""), NULL), 200);
	h_expect_status(h_req(c.other_mgr, "GET", req_path(id, ""), NULL), 404);
	cr_assert(!lists(h_req(c.other_mgr, "GET", "/api/v1/help-requests", NULL), id));
	h_expect_status(h_req(c.mentor, "GET", req_path(id, ""), NULL), 404);
	h_expect_status(h_req(c.outsider, "GET", req_path(id, ""), NULL), 404);
	h_expect_status(h_req(c.outsider, "POST", req_path(id, "/replies"), "{\"body\":\"me too\"}"), 404);
	h_expect_status(h_req(c.other_mgr, "POST", req_path(id, "/answered"), NULL), 404);

	/* The manager answers and marks it answered: one mail to the asker. */
	r = h_req(c.mgr, "POST", req_path(id, "/replies"),
		  "{\"body\":\"Every two weeks is right for most pairs.\",\"mark_answered\":true}");
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "status"), "answered");
	cr_assert(json_is_string(h_at(r, "answered_at")));
	cr_assert_eq(json_array_size(h_at(r, "thread")), 1);
	cr_assert(json_is_true(h_at(r, "thread.0.from_manager")));
	cr_assert_str_eq(h_str(r, "thread.0.author.name"), "Mona Manager");
	cr_assert_eq(mails("help_reply", H.member[1]), 1);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM outbox WHERE kind = 'help_reply' AND body LIKE "
				    "'%%marked answered%%' AND body LIKE '%%/guides/requests/%lld%%'", (long long)id)), 1);
	cr_assert_eq(json_array_size(h_at(h_req(c.mgr, "GET", "/api/v1/help-requests?box=inbox&status=open", NULL),
					  "items")), 0, "nothing open waits any more");

	/* The asker writes again: open once more, the managers are told. */
	h_expect_status(h_req(c.mentee, "POST", req_path(id, "/answered"), NULL), 403);
	h_expect_status(h_req(c.mentee, "POST", req_path(id, "/replies"), "{\"body\":\"x\",\"mark_answered\":true}"),
			403);
	r = h_req(c.mentee, "POST", req_path(id, "/replies"), "{\"body\":\"And in the summer?\"}");
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "status"), "open");
	cr_assert(json_is_null(h_at(r, "answered_at")));
	cr_assert(json_is_false(h_at(r, "thread.1.from_manager")));
	cr_assert_eq(mails("help_reply", H.mgr1), 1);
	r = h_req(c.mgr, "POST", req_path(id, "/answered"), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "status"), "answered");
	cr_assert_eq(mails("help_answered", H.member[1]), 1, "the asker is told");
	h_expect_status(h_req(c.mgr, "POST", req_path(id, "/answered"), NULL), 200);
	cr_assert_eq(mails("help_answered", H.member[1]), 1, "answering twice tells once");
	/* An administrator may answer what is not about a relationship. */
	h_expect_status(h_req(c.admin, "POST", req_path(id, "/replies"), "{\"body\":\"Admin here\"}"), 201);
}

Test(help_requests, about_a_relationship_is_private)
{
	cast_t c = setup_cast();
	h_resp_t *r = h_req(c.mentee, "POST", "/api/v1/help-requests",
		h_fmt("{\"program_id\":%lld,\"relationship_id\":%lld,\"subject\":\"My mentor cancels a lot\","
		      "\"body\":\"What can I do?\"}", (long long)c.program, (long long)c.rel));
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	cr_assert_eq(h_int(r, "relationship_id"), c.rel);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM outbox WHERE kind = 'help_request' AND body LIKE "
				    "'%%private%%' AND user_id = %lld", (long long)H.mgr1)), 1);
	h_expect_status(h_req(c.mentor, "GET", req_path(id, ""), NULL), 404);
	cr_assert(!lists(h_req(c.mentor, "GET", "/api/v1/help-requests", NULL), id));
	h_expect_status(h_req(c.admin, "GET", req_path(id, ""), NULL), 404);
	cr_assert(!lists(h_req(c.admin, "GET", "/api/v1/help-requests", NULL), id));
	h_expect_status(h_req(c.admin, "POST", req_path(id, "/answered"), NULL), 404);
	r = h_req(c.mgr, "GET", req_path(id, ""), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "can_answer")));

	/* Only one's own relationship, in that program. */
	const char *theirs = h_fmt("{\"program_id\":%lld,\"relationship_id\":%lld,\"subject\":\"s\",\"body\":\"b\"}",
				   (long long)c.program, (long long)c.rel);
	h_expect_status(h_req(c.outsider, "POST", "/api/v1/help-requests", theirs), 404);
	h_expect_status(h_req(c.mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)c.program),
			      h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[2])), 201);
	h_expect_field(h_req(c.outsider, "POST", "/api/v1/help-requests", theirs), "relationship_id");
}

Test(help_requests, who_may_ask_and_what)
{
	cast_t c = setup_cast();
	const char *ask = h_fmt("{\"program_id\":%lld,\"subject\":\"s\",\"body\":\"b\"}", (long long)c.program);
	h_expect_status(h_req(c.outsider, "POST", "/api/v1/help-requests", ask), 404);
	h_expect_status(h_req(c.other_mgr, "POST", "/api/v1/help-requests", ask), 404);
	h_expect_status(h_req(c.outsider, "POST", "/api/v1/help-requests",
			      "{\"program_id\":987654,\"subject\":\"s\",\"body\":\"b\"}"), 404);
	h_expect_field(h_req(c.mentor, "POST", "/api/v1/help-requests",
		h_fmt("{\"program_id\":%lld,\"relationship_id\":987654,\"subject\":\"s\",\"body\":\"b\"}",
		      (long long)c.program)), "relationship_id");
	h_expect_field(h_req(c.mentor, "POST", "/api/v1/help-requests",
		h_fmt("{\"program_id\":%lld,\"subject\":\"\",\"body\":\"b\"}", (long long)c.program)), "subject");
	h_expect_field(h_req(c.mentor, "POST", "/api/v1/help-requests",
		h_fmt("{\"program_id\":%lld,\"subject\":\"a\\nb\",\"body\":\"b\"}", (long long)c.program)), "subject");
	h_expect_field(h_req(c.mentor, "POST", "/api/v1/help-requests",
		h_fmt("{\"program_id\":%lld,\"subject\":\"s\",\"body\":\"b\",\"to\":1}", (long long)c.program)), "to");
	/* From an article: only a published one. */
	h_resp_t *r = h_req(c.mgr, "POST", "/api/v1/articles", "{\"title\":\"Draft\",\"body\":\"x\"}");
	int64_t draft = h_int(r, "id");
	h_expect_field(h_req(c.mentor, "POST", "/api/v1/help-requests",
		h_fmt("{\"program_id\":%lld,\"article_id\":%lld,\"subject\":\"s\",\"body\":\"b\"}", (long long)c.program,
		      (long long)draft)), "article_id");
	h_expect_status(h_req(c.mgr, "POST", h_fmt("/api/v1/articles/%lld/publish", (long long)draft), NULL), 200);
	r = h_req(c.mentor, "POST", "/api/v1/help-requests",
		h_fmt("{\"program_id\":%lld,\"article_id\":%lld,\"subject\":\"s\",\"body\":\"b\"}", (long long)c.program,
		      (long long)draft));
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "article.id"), draft);
	cr_assert_str_eq(h_str(r, "article.title"), "Draft");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM help_requests"), 1, "nothing refused was written");
	/* A manager may ask the program's other managers too. */
	h_expect_status(h_req(c.mgr, "POST", "/api/v1/help-requests", ask), 201);
	h_expect_status(h_req(h_client(), "GET", "/api/v1/help-requests", NULL), 401);
	h_expect_field(h_req(c.mgr, "GET", "/api/v1/help-requests?box=everything", NULL), "box");
}

Test(help_requests, newest_first_in_pages)
{
	cast_t c = setup_cast();
	int64_t ids[3];
	for (int i = 0; i < 3; i++) {
		h_resp_t *r = h_req(c.mentor, "POST", "/api/v1/help-requests",
			h_fmt("{\"program_id\":%lld,\"subject\":\"Question %d\",\"body\":\"b\"}", (long long)c.program, i));
		h_expect_status(r, 201);
		ids[i] = h_int(r, "id");
	}
	h_resp_t *r = h_req(c.mgr, "GET", "/api/v1/help-requests?limit=2", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "items.0.id"), ids[2]);
	cr_assert_eq(h_int(r, "items.1.id"), ids[1]);
	cr_assert_null(h_at(r, "items.0.thread"), "lists leave the thread out");
	const char *next = h_str(r, "next");
	cr_assert_not_null(next);
	r = h_req(c.mgr, "GET", h_fmt("/api/v1/help-requests?limit=2&cursor=%s", next), NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	cr_assert_eq(h_int(r, "items.0.id"), ids[0]);
	cr_assert(json_is_null(h_at(r, "next")));
}
