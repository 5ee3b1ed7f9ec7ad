/* The audit log for administrators (issue 11, item 6): the people
 * administration's actions are written to it (who, what, to whom), and it
 * is read newest first, by person (acting or acted on) and by action (one,
 * or a prefix), page by page, or as a CSV file with the same filters;
 * nobody else reads it. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(audit, .init = h_setup, .fini = h_teardown);

/* A few administrative actions on member1: a role change, deactivation,
 * reactivation, and a new account for someone else. */
static void act(h_client_t *admin)
{
	const char *m1 = h_fmt("/api/v1/users/%lld", (long long)H.member[0]);
	h_expect_status(h_req(admin, "PATCH", m1, "{\"role\":\"manager\"}"), 200);
	h_expect_status(h_req(admin, "DELETE", m1, NULL), 200);
	h_expect_status(h_req(admin, "PATCH", m1, "{\"active\":true}"), 200);
	h_expect_status(h_req(admin, "POST", "/api/v1/users", "{\"email\":\"=cmd@example.org\",\"name\":\"=HYPERLINK(1)\"}"),
			201);
}

Test(audit, actions_are_written_and_read_back)
{
	h_client_t *admin = h_as("admin@example.org");
	act(admin);
	h_resp_t *r = h_req(admin, "GET", "/api/v1/audit", NULL);
	h_expect_status(r, 200);
	cr_assert(json_array_size(h_at(r, "items")) >= 5, "%s", r->body);
	/* Newest first: the invitation of the new account, then its creation. */
	cr_assert_str_eq(h_str(r, "items.0.action"), "invitation.send");
	cr_assert_str_eq(h_str(r, "items.1.action"), "user.create");
	cr_assert_str_eq(h_str(r, "items.1.actor_name"), "Ada Admin");
	cr_assert_eq(h_int(r, "items.1.actor_id"), H.admin);
	r = h_req(admin, "GET", h_fmt("/api/v1/audit?person_id=%lld", (long long)H.member[0]), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 3, "%s", r->body);
	cr_assert_str_eq(h_str(r, "items.0.action"), "user.reactivate");
	cr_assert_str_eq(h_str(r, "items.1.action"), "user.deactivate");
	cr_assert_str_eq(h_str(r, "items.2.action"), "user.role");
	cr_assert(strstr(h_str(r, "items.2.detail"), "member to manager"), "%s", r->body);
	r = h_req(admin, "GET", "/api/v1/audit?action=user.role", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1, "%s", r->body);
	r = h_req(admin, "GET", "/api/v1/audit?action=user.", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 4, "every user.* action: %s", r->body);
	r = h_req(admin, "GET", h_fmt("/api/v1/audit?action=user.&person_id=%lld", (long long)H.member[0]), NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 3, "%s", r->body);
	/* The admin acted in every entry: the person filter finds the actor too. */
	r = h_req(admin, "GET", h_fmt("/api/v1/audit?person_id=%lld", (long long)H.admin), NULL);
	cr_assert(json_array_size(h_at(r, "items")) >= 5, "%s", r->body);
	h_expect_field(h_req(admin, "GET", "/api/v1/audit?action=DROP%20TABLE", NULL), "action");
}

Test(audit, pages)
{
	h_client_t *admin = h_as("admin@example.org");
	act(admin);
	h_resp_t *r = h_req(admin, "GET", "/api/v1/audit?limit=2", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 2);
	const char *next = h_str(r, "next");
	cr_assert_not_null(next);
	int64_t last = h_int(r, "items.1.id");
	r = h_req(admin, "GET", h_fmt("/api/v1/audit?limit=2&cursor=%s", next), NULL);
	h_expect_status(r, 200);
	cr_assert(h_int(r, "items.0.id") < last);
}

Test(audit, csv_export)
{
	h_client_t *admin = h_as("admin@example.org");
	act(admin);
	h_resp_t *r = h_req(admin, "GET", "/api/v1/audit.csv?action=user.", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(strncmp(h_header(r, "Content-Type"), "text/csv", 8), 0);
	cr_assert(strstr(h_header(r, "Content-Disposition"), "audit.csv"));
	cr_assert_eq(strncmp(r->body, "id,at,actor_id,actor_name,action,object_type,object_id,detail\r\n", 62), 0, "%s", r->body);
	int lines = 0;
	for (const char *p = r->body; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	cr_assert_eq(lines, 5, "header and four user.* entries: %s", r->body);
	cr_assert(strstr(r->body, ",\"Ada Admin\",\"user.role\",\"user\","), "%s", r->body);
	/* The new account's email starts with "=": a spreadsheet must not run it. */
	cr_assert(strstr(r->body, ",\"'=cmd@example.org\""), "formulas are defused: %s", r->body);
	cr_assert_null(strstr(r->body, "\"=cmd@"), "%s", r->body);
}

Test(audit, only_administrators)
{
	for (int i = 0; i < 2; i++) {
		h_client_t *c = h_as(i ? "mgr1@example.org" : h_member_email[0]);
		h_expect_status(h_req(c, "GET", "/api/v1/audit", NULL), 403);
		h_expect_status(h_req(c, "GET", "/api/v1/audit.csv", NULL), 403);
	}
	h_expect_status(h_req(h_client(), "GET", "/api/v1/audit", NULL), 401);
}
