/* End-to-end tests of /api/v1/users: the full create-read-update-deactivate
 * cycle as an administrator, field validation (422 naming the field),
 * conflicts (409), and the refusals: members and managers cannot write,
 * members cannot list or read other accounts, nobody demotes or
 * deactivates themselves. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(users, .init = h_setup, .fini = h_teardown);

static const char *user_path(int64_t id)
{
	return h_fmt("/api/v1/users/%lld", (long long)id);
}

Test(users, crud_as_admin)
{
	h_client_t *a = h_as("admin@example.org");
	h_resp_t *r = h_req(a, "POST", "/api/v1/users",
			    "{\"email\":\"  New.Person@Example.org \",\"name\":\" New Person \","
			    "\"role\":\"manager\",\"password\":\"long-enough-password\"}");
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	cr_assert_str_eq(h_str(r, "email"), "new.person@example.org");
	cr_assert_str_eq(h_str(r, "name"), "New Person", "strings are trimmed");
	cr_assert_str_eq(h_str(r, "role"), "manager");
	cr_assert(json_is_true(h_at(r, "active")));
	cr_assert(json_is_true(h_at(r, "has_password")));
	cr_assert_not_null(h_str(r, "created_at"));
	cr_assert_eq(h_login(h_client(), "new.person@example.org", "long-enough-password"), 200);

	r = h_req(a, "GET", user_path(id), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "name"), "New Person");

	r = h_req(a, "PATCH", user_path(id), "{\"name\":\"Renamed\",\"role\":\"member\"}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "name"), "Renamed");
	cr_assert_str_eq(h_str(r, "role"), "member");
	cr_assert_str_eq(h_str(r, "email"), "new.person@example.org", "unnamed fields are kept");

	r = h_req(a, "GET", "/api/v1/users?q=renamed", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	cr_assert_eq(h_int(r, "items.0.id"), id);

	r = h_req(a, "DELETE", user_path(id), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_false(h_at(r, "active")));
	cr_assert_eq(h_login(h_client(), "new.person@example.org", "long-enough-password"), 401);
	r = h_req(a, "GET", user_path(id), NULL);
	cr_assert(json_is_false(h_at(r, "active")), "deactivated, not deleted");
}

Test(users, password_change_ends_sessions)
{
	h_client_t *m = h_as(h_member_email[0]);
	h_client_t *a = h_as("admin@example.org");
	h_expect_status(h_req(a, "PATCH", user_path(H.member[0]), "{\"password\":\"a-brand-new-password\"}"), 200);
	h_expect_status(h_req(m, "GET", "/api/v1/me", NULL), 401);
	cr_assert_eq(h_login(h_client(), h_member_email[0], H_PASSWORD), 401);
	cr_assert_eq(h_login(h_client(), h_member_email[0], "a-brand-new-password"), 200);
}

Test(users, list_paging)
{
	h_client_t *a = h_as("admin@example.org");
	h_resp_t *r = h_req(a, "GET", "/api/v1/users?limit=3", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 3);
	const char *next = h_str(r, "next");
	cr_assert_not_null(next);
	int seen = 3;
	while (next) {
		r = h_req(a, "GET", h_fmt("/api/v1/users?limit=3&cursor=%s", next), NULL);
		h_expect_status(r, 200);
		seen += (int)json_array_size(h_at(r, "items"));
		next = h_str(r, "next");
	}
	cr_assert_eq(seen, 7);
	/* Issue 9: a cursor that is not one is refused, naming it; a page
	 * size outside 1..500 is clamped into it. */
	h_expect_field(h_req(a, "GET", "/api/v1/users?cursor=abc", NULL), "cursor");
	r = h_req(a, "GET", "/api/v1/users?limit=-5", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	r = h_req(a, "GET", "/api/v1/users?limit=100000", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 7);
}

Test(users, validation_names_the_field)
{
	h_client_t *a = h_as("admin@example.org");
	h_expect_field(h_req(a, "POST", "/api/v1/users", "{\"email\":\"not-an-email\",\"name\":\"X\"}"), "email");
	h_expect_field(h_req(a, "POST", "/api/v1/users", "{\"email\":\"a@b\",\"name\":\"X\"}"), "email");
	h_expect_field(h_req(a, "POST", "/api/v1/users", "{\"email\":\"a b@example.org\",\"name\":\"X\"}"), "email");
	h_expect_field(h_req(a, "POST", "/api/v1/users", "{\"email\":\"x@example.org\",\"name\":\"X\",\"role\":\"boss\"}"), "role");
	h_expect_field(h_req(a, "POST", "/api/v1/users", "{\"email\":\"x@example.org\",\"name\":\"\"}"), "name");
	h_expect_field(h_req(a, "POST", "/api/v1/users", "{\"email\":\"x@example.org\"}"), "name");
	h_expect_field(h_req(a, "POST", "/api/v1/users", "{\"email\":\"x@example.org\",\"name\":\"X\",\"password\":\"short\"}"), "password");
	h_expect_field(h_req(a, "POST", "/api/v1/users", "{\"email\":\"x@example.org\",\"name\":7}"), "name");
	/* Every problem at once. */
	h_resp_t *r = h_req(a, "POST", "/api/v1/users", "{\"email\":\"bad\",\"role\":\"king\"}");
	h_expect_status(r, 422);
	cr_assert_not_null(h_str(r, "error.fields.email"));
	cr_assert_not_null(h_str(r, "error.fields.name"));
	cr_assert_not_null(h_str(r, "error.fields.role"));
	h_expect_field(h_req(a, "PATCH", user_path(H.member[0]), "{\"email\":\"nope\"}"), "email");
	h_expect_field(h_req(a, "PATCH", user_path(H.member[0]), "{\"active\":\"yes\"}"), "active");
	h_expect_field(h_req(a, "PATCH", user_path(H.member[0]), "{\"role\":\"root\"}"), "role");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users"), 7, "nothing was written");
}

Test(users, duplicate_email_is_409)
{
	h_client_t *a = h_as("admin@example.org");
	h_resp_t *r = h_req(a, "POST", "/api/v1/users", "{\"email\":\"MEMBER1@example.org\",\"name\":\"Dup\"}");
	h_expect_status(r, 409);
	r = h_req(a, "PATCH", user_path(H.member[1]), "{\"email\":\"member1@example.org\"}");
	h_expect_status(r, 409);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM users WHERE email = 'member2@example.org'")), 1);
}

Test(users, members_and_managers_cannot_write)
{
	const char *create = "{\"email\":\"sneaky@example.org\",\"name\":\"Sneaky\"}";
	const char *emails[] = {h_member_email[0], "mgr1@example.org"};
	for (int i = 0; i < 2; i++) {
		h_client_t *c = h_as(emails[i]);
		h_resp_t *r = h_req(c, "POST", "/api/v1/users", create);
		h_expect_status(r, 403);
		cr_assert_str_eq(h_str(r, "error.code"), "forbidden");
		h_expect_status(h_req(c, "PATCH", user_path(H.member[1]), "{\"name\":\"Hacked\"}"), 403);
		h_expect_status(h_req(c, "DELETE", user_path(H.member[1]), NULL), 403);
		/* Not even on their own account: no self-promotion. */
		h_expect_status(h_req(c, "PATCH", user_path(i ? H.mgr1 : H.member[0]), "{\"role\":\"admin\"}"), 403);
	}
	/* The same refusals for a bearer token. */
	h_client_t *b = h_bearer(h_member_email[0]);
	h_expect_status(h_req(b, "POST", "/api/v1/users", create), 403);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'sneaky@example.org'"), 0);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM users WHERE name = 'Hacked' OR role = 'admin' AND id <> %lld",
				    (long long)H.admin)), 0);
}

Test(users, member_reads_only_self)
{
	h_client_t *m = h_as(h_member_email[0]);
	h_resp_t *r = h_req(m, "GET", user_path(H.member[0]), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "email"), h_member_email[0]);
	r = h_req(m, "GET", user_path(H.member[1]), NULL);
	h_expect_status(r, 403);
	h_expect_status(h_req(m, "GET", user_path(H.admin), NULL), 403);
	h_expect_status(h_req(m, "GET", "/api/v1/users", NULL), 403);
}

Test(users, manager_reads_accounts)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_expect_status(h_req(m, "GET", user_path(H.member[1]), NULL), 200);
	h_resp_t *r = h_req(m, "GET", "/api/v1/users", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 7);
	h_expect_status(h_req(m, "GET", user_path(9999), NULL), 404);
}

Test(users, no_self_demotion_or_deactivation)
{
	h_client_t *a = h_as("admin@example.org");
	h_expect_field(h_req(a, "PATCH", user_path(H.admin), "{\"role\":\"member\"}"), "role");
	h_expect_status(h_req(a, "PATCH", user_path(H.admin), "{\"active\":false}"), 422);
	h_expect_status(h_req(a, "DELETE", user_path(H.admin), NULL), 409);
	h_expect_status(h_req(a, "GET", "/api/v1/me", NULL), 200);
	h_expect_status(h_req(a, "PATCH", user_path(H.admin), "{\"name\":\"Still Admin\"}"), 200);
}

Test(users, unknown_user_is_404)
{
	h_client_t *a = h_as("admin@example.org");
	h_expect_status(h_req(a, "GET", user_path(424242), NULL), 404);
	h_expect_status(h_req(a, "PATCH", user_path(424242), "{\"name\":\"X\"}"), 404);
	h_expect_status(h_req(a, "DELETE", user_path(424242), NULL), 404);
}

/* Issue 9: one text rule for every string, read at the edge. A name is a
 * single line: the control characters, DEL, C1 controls, and line breaks
 * are refused (422 naming name), and nothing is written. */
static h_resp_t *create_named(h_client_t *a, const char *name_json)
{
	return h_req(a, "POST", "/api/v1/users",
		     h_fmt("{\"email\":\"text.rule@example.org\",\"name\":%s}", name_json));
}

Test(users, a_carriage_return_in_a_name_is_refused)
{
	h_client_t *a = h_as("admin@example.org");
	h_expect_field(create_named(a, "\"A\\rB\""), "name");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'text.rule@example.org'"), 0);
}

Test(users, del_and_c1_controls_in_a_name_are_refused)
{
	h_client_t *a = h_as("admin@example.org");
	h_expect_field(create_named(a, "\"A\\u007fB\""), "name"); /* DEL */
	h_expect_field(create_named(a, "\"A\\u0085B\""), "name"); /* C1: next line */
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'text.rule@example.org'"), 0);
	h_expect_status(create_named(a, "\"Zoë Ångström\""), 201);
}

Test(users, a_line_feed_in_a_single_line_name_is_refused)
{
	h_client_t *a = h_as("admin@example.org");
	h_expect_field(create_named(a, "\"First line\\nsecond line\""), "name");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'text.rule@example.org'"), 0);
}

Test(users, patch_applies_the_same_text_rule)
{
	h_client_t *a = h_as("admin@example.org");
	static const char *const names[] = {"\"A\\rB\"", "\"A\\u007fB\"", "\"A\\u0085B\"", "\"A\\nB\""};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		h_expect_field(h_req(a, "PATCH", user_path(H.member[0]), h_fmt("{\"name\":%s}", names[i])), "name");
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM users WHERE id = %lld AND name = 'Mia Member'",
				    (long long)H.member[0])), 1, "the name is unchanged");
}

/* The people pages read the same services: administrators and managers
 * browse the directory by name (searching name, email or department) and
 * open anyone's page; members only their own. */
Test(users, people_pages)
{
	h_client_t *a = h_as("admin@example.org");
	h_resp_t *r = h_req(a, "GET", "/people", NULL);
	h_expect_status(r, 200);
	const char *mara = strstr(r->body, "Mara Member"), *milo = strstr(r->body, "Milo Member");
	cr_assert(mara && milo && mara < milo, "in name order: %s", r->body);
	r = h_req(a, "GET", "/people?q=MILO", NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "Milo Member") && !strstr(r->body, "Mara Member"), "%s", r->body);
	/* The page after Mara (by name: Ada, Mara, Max, Mia, Milo, Mona, Moritz). */
	r = h_req(a, "GET", h_fmt("/people?after=%lld", (long long)H.member[2]), NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "Max Manager") && strstr(r->body, "Moritz Member"), "%s", r->body);
	cr_assert(!strstr(r->body, h_fmt("/people/%lld\"", (long long)H.admin)) && !strstr(r->body, "Mara Member"),
		  "%s", r->body);
	h_expect_status(h_req(a, "GET", "/people?after=abc", NULL), 422);
	r = h_req(a, "GET", h_fmt("/people/%lld", (long long)H.member[1]), NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "Milo Member") && strstr(r->body, "member2@example.org"), "%s", r->body);
	h_expect_status(h_req(a, "GET", "/people/424242", NULL), 404);

	h_client_t *m = h_as(h_member_email[0]);
	h_expect_status(h_req(m, "GET", "/people", NULL), 403);
	h_expect_status(h_req(m, "GET", h_fmt("/people/%lld", (long long)H.member[1]), NULL), 403);
	h_expect_status(h_req(m, "GET", h_fmt("/people/%lld", (long long)H.member[0]), NULL), 200);
}
