/* Input read at the edge, once, by the declared rules (issue 9): the one
 * text rule for every string (UTF-8; no C0/C1 controls or DEL; single-line
 * fields refuse CR, LF and TAB, multi-line fields allow LF and TAB), closed
 * request bodies, strict query parameters, and form posts where an encoded
 * NUL or a repeated field is refused instead of silently cut or dropped.
 * Programs serve as the example: their API and their page read the same
 * declared shapes. Each refusal writes nothing. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(input, .init = h_setup, .fini = h_teardown);

static h_resp_t *create(h_client_t *c, const char *name_json, const char *extra)
{
	return h_req(c, "POST", "/api/v1/programs",
		     h_fmt("{\"name\":%s,\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\"%s}", name_json,
			   extra ? extra : ""));
}

static void refused_name(h_client_t *c, const char *name_json)
{
	h_resp_t *r = create(c, name_json, NULL);
	cr_assert_eq(r->status, 422, "%s: status %ld: %s", name_json, r->status, r->body);
	cr_assert_not_null(h_str(r, "error.fields.name"), "%s: name not named: %s", name_json, r->body);
}

Test(input, control_characters_in_a_single_line_field)
{
	h_client_t *m = h_as("mgr1@example.org");
	refused_name(m, "\"A\\rB\"");      /* carriage return */
	refused_name(m, "\"A\\nB\"");      /* line feed in a single-line field */
	refused_name(m, "\"A\\tB\"");      /* tab in a single-line field */
	refused_name(m, "\"A\\u007fB\"");  /* DEL */
	refused_name(m, "\"A\\u0085B\"");  /* C1: next line */
	refused_name(m, "\"A\\u009bB\"");  /* C1: control sequence introducer */
	refused_name(m, "\"A\\u0000B\"");  /* an encoded NUL */
	refused_name(m, "\"A\\u0007B\"");  /* BEL */
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs"), 0, "nothing was written");
	h_expect_status(create(m, "\"Ünïcödé ✓ 🌱\"", NULL), 201);
}

Test(input, multi_line_fields_allow_lf_and_tab_only)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_resp_t *r = create(m, "\"P\"", ",\"description\":\"Line one\\n\\tLine two\"");
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "description"), "Line one\n\tLine two");
	h_expect_field(create(m, "\"P\"", ",\"description\":\"Line one\\r\\nLine two\""), "description");
	h_expect_field(create(m, "\"P\"", ",\"description\":\"bell \\u0007\""), "description");
}

Test(input, unknown_fields_are_refused)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_resp_t *r = create(m, "\"P\"", ",\"colour\":\"blue\"");
	h_expect_field(r, "colour");
	r = h_req(m, "POST", "/api/v1/programs", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\","
						 "\"weights\":{\"skills\":1},\"Name\":\"case matters\"}");
	h_expect_field(r, "Name");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs"), 0);
}

Test(input, lengths_count_characters)
{
	h_client_t *m = h_as("mgr1@example.org");
	/* 200 two-byte characters fit maxLength 200; 201 do not. */
	char name[2 * 201 + 3] = "\"";
	for (int i = 0; i < 200; i++)
		strcat(name, "é");
	h_expect_status(create(m, h_fmt("%s\"", name), NULL), 201);
	h_expect_field(create(m, h_fmt("%sé\"", name), NULL), "name");
}

Test(input, query_parameters_are_strict)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_expect_field(h_req(m, "GET", "/api/v1/programs?limit=14abc", NULL), "limit");
	h_expect_field(h_req(m, "GET", "/api/v1/programs?cursor=x1", NULL), "cursor");
	h_expect_field(h_req(m, "GET", "/api/v1/programs?limit=5&limit=6", NULL), "limit");
	/* Documented: a page size beyond the maximum is capped, not refused. */
	h_expect_status(h_req(m, "GET", "/api/v1/programs?limit=100000", NULL), 200);
	h_expect_status(h_req(m, "GET", "/api/v1/programs?limit=2&utm_source=mail", NULL), 200);
	/* An empty value is "not given", as in a form. */
	h_expect_status(h_req(m, "GET", "/api/v1/programs?limit=", NULL), 200);
}

Test(input, path_ids_that_break_their_rules_are_not_found)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_expect_status(h_req(m, "GET", "/api/v1/programs/0", NULL), 404);
	h_expect_status(h_req(m, "GET", "/api/v1/programs/abc", NULL), 404);
	h_expect_status(h_req(m, "GET", "/api/v1/programs/99999999999999999999", NULL), 404);
}

Test(input, malformed_bodies_are_bad_requests)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_resp_t *r = h_req(m, "POST", "/api/v1/programs", "{\"name\":");
	h_expect_status(r, 400);
	cr_assert_str_eq(h_str(r, "error.code"), "bad_json");
	r = h_req(m, "POST", "/api/v1/programs", "[1]");
	h_expect_status(r, 400);
	cr_assert_str_eq(h_str(r, "error.code"), "bad_request");
	r = h_req(m, "POST", "/api/v1/programs", "{\"name\":\"a\",\"name\":\"b\"}");
	h_expect_status(r, 400);
	r = h_req_ct(m, "POST", "/api/v1/programs", "application/json", "{\"name\":\"\xff\"}", 12);
	h_expect_status(r, 400);
}

static h_resp_t *form(h_client_t *c, const char *body)
{
	return h_req_ct(c, "POST", "/programs", "application/x-www-form-urlencoded", body, strlen(body));
}

static const char *const form_rest = "&starts_on=2026-01-01&ends_on=2026-02-01&kind=one_to_one"
				     "&matching=optimal&cadence_days=14&max_mentors_per_mentee=2";

Test(input, form_posts_refuse_an_encoded_nul)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_resp_t *r = form(m, h_fmt("name=Spring%%00cohort%s", form_rest));
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "f-name-error"), "the name field carries the error: %s", r->body);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs"), 0, "nothing half-written");
}

Test(input, form_posts_refuse_a_repeated_field)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_resp_t *r = form(m, h_fmt("name=First&name=Second%s", form_rest));
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "more than once"), "%s", r->body);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs"), 0);
}

Test(input, form_posts_apply_the_text_rule_and_types)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_expect_status(form(m, h_fmt("name=A%%0DB%s", form_rest)), 422);
	h_expect_status(form(m, h_fmt("name=A%%FFB%s", form_rest)), 422);
	h_resp_t *r = form(m, "name=P&starts_on=2026-01-01&ends_on=2026-02-01&cadence_days=14abc");
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "whole number of days"), "%s", r->body);
	h_expect_status(form(m, h_fmt("name=P%s&stray=1", form_rest)), 422);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs"), 0);
	/* Multi-line text from a browser arrives with CRLF: read as LF. */
	r = form(m, h_fmt("name=Good&description=one%%0D%%0Atwo%s", form_rest));
	h_expect_status(r, 303);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs WHERE description = 'one\ntwo'"), 1);
}
