/* End-to-end tests of programs: a manager creates one and becomes its
 * manager, every field is validated (422 naming it), other managers cannot
 * edit it (403, or 404 where the server hides it), members see it only when
 * enrolled (404 otherwise, so its existence is not confirmed), and lists
 * show each role what it may see. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

TestSuite(programs, .init = h_setup, .fini = h_teardown);

static const char *const good =
	"{\"name\":\"Spring cohort\",\"description\":\"First one\",\"kind\":\"one_to_one\","
	"\"starts_on\":\"2026-03-01\",\"ends_on\":\"2026-08-31\",\"matching\":\"stable\","
	"\"cadence_days\":14,\"max_mentors_per_mentee\":2,\"weights\":{\"skills\":60,\"timezone\":10}}";

static int64_t create_as(h_client_t *c)
{
	h_resp_t *r = h_req(c, "POST", "/api/v1/programs", good);
	h_expect_status(r, 201);
	return h_int(r, "id");
}

static const char *prog_path(int64_t id)
{
	return h_fmt("/api/v1/programs/%lld", (long long)id);
}

Test(programs, manager_creates_and_manages)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_resp_t *r = h_req(m, "POST", "/api/v1/programs", good);
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	cr_assert_str_eq(h_str(r, "name"), "Spring cohort");
	cr_assert_str_eq(h_str(r, "kind"), "one_to_one");
	cr_assert_str_eq(h_str(r, "matching"), "stable");
	cr_assert_str_eq(h_str(r, "starts_on"), "2026-03-01");
	cr_assert_str_eq(h_str(r, "ends_on"), "2026-08-31");
	cr_assert_eq(h_int(r, "cadence_days"), 14);
	cr_assert_eq(h_int(r, "max_mentors_per_mentee"), 2);
	cr_assert_eq(h_int(r, "weights.skills"), 60);
	cr_assert_eq(h_int(r, "weights.timezone"), 10);
	cr_assert_eq(json_array_size(h_at(r, "managers")), 1);
	cr_assert_eq(h_int(r, "managers.0"), H.mgr1, "the creating manager manages it");
	cr_assert_eq(h_int(r, "mentors"), 0);

	r = h_req(m, "PATCH", prog_path(id), "{\"name\":\"Renamed\",\"cadence_days\":7}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "name"), "Renamed");
	cr_assert_eq(h_int(r, "cadence_days"), 7);
	cr_assert_str_eq(h_str(r, "starts_on"), "2026-03-01", "unnamed fields are kept");
	r = h_req(m, "GET", prog_path(id), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "name"), "Renamed");
}

Test(programs, defaults)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_resp_t *r = h_req(m, "POST", "/api/v1/programs",
			    "{\"name\":\"Minimal\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-01-01\"}");
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "kind"), "one_to_one");
	cr_assert_str_eq(h_str(r, "matching"), "optimal");
	cr_assert(json_is_object(h_at(r, "weights")));
}

Test(programs, admin_creates_with_named_managers)
{
	h_client_t *a = h_as("admin@example.org");
	h_resp_t *r = h_req(a, "POST", "/api/v1/programs",
			    h_fmt("{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\","
				  "\"managers\":[%lld]}", (long long)H.mgr2));
	h_expect_status(r, 201);
	cr_assert_eq(json_array_size(h_at(r, "managers")), 1);
	cr_assert_eq(h_int(r, "managers.0"), H.mgr2);
	int64_t id = h_int(r, "id");
	h_expect_status(h_req(h_as("mgr2@example.org"), "PATCH", prog_path(id), "{\"name\":\"Q\"}"), 200);
	h_expect_refused(h_req(h_as("mgr1@example.org"), "PATCH", prog_path(id), "{\"name\":\"R\"}"));
}

Test(programs, validation_names_the_field)
{
	h_client_t *m = h_as("mgr1@example.org");
	struct { const char *field, *body; } cases[] = {
		{"name", "{\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\"}"},
		{"name", "{\"name\":\"  \",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\"}"},
		{"starts_on", "{\"name\":\"P\",\"ends_on\":\"2026-02-01\"}"},
		{"starts_on", "{\"name\":\"P\",\"starts_on\":\"2026-02-30\",\"ends_on\":\"2026-03-01\"}"},
		{"starts_on", "{\"name\":\"P\",\"starts_on\":\"01/02/2026\",\"ends_on\":\"2026-03-01\"}"},
		{"ends_on", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2025-12-31\"}"},
		{"ends_on", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-13-01\"}"},
		{"kind", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"kind\":\"tribe\"}"},
		{"matching", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"matching\":\"random\"}"},
		{"cadence_days", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"cadence_days\":0}"},
		{"cadence_days", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"cadence_days\":366}"},
		{"max_mentors_per_mentee", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"max_mentors_per_mentee\":11}"},
		{"weights", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"weights\":{\"astrology\":5}}"},
		{"weights", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"weights\":{\"skills\":101}}"},
		{"weights", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"weights\":{\"skills\":\"high\"}}"},
		{"weights", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"weights\":[1]}"},
		{"managers", h_fmt("{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"managers\":[%lld]}",
				   (long long)H.member[0])},
		{"managers", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"managers\":[999999]}"},
		{"managers", "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"managers\":\"me\"}"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		h_resp_t *r = h_req(m, "POST", "/api/v1/programs", cases[i].body);
		cr_assert_eq(r->status, 422, "%s: status %ld: %s", cases[i].body, r->status, r->body);
		cr_assert_not_null(h_str(r, h_fmt("error.fields.%s", cases[i].field)),
				   "%s not named for %s: %s", cases[i].field, cases[i].body, r->body);
	}
	h_resp_t *r = h_req(m, "POST", "/api/v1/programs",
			    "{\"name\":\"P\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\",\"weights\":{\"astrology\":5}}");
	cr_assert(strstr(h_str(r, "error.fields.weights"), "astrology"), "%s", r->body);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs"), 0, "nothing was written");
}

Test(programs, patch_validation)
{
	h_client_t *m = h_as("mgr1@example.org");
	int64_t id = create_as(m);
	h_expect_field(h_req(m, "PATCH", prog_path(id), "{\"ends_on\":\"2020-01-01\"}"), "ends_on");
	h_expect_field(h_req(m, "PATCH", prog_path(id), "{\"managers\":[]}"), "managers");
	h_expect_field(h_req(m, "PATCH", prog_path(id), "{\"weights\":{\"vibes\":1}}"), "weights");
	h_resp_t *r = h_req(m, "GET", prog_path(id), NULL);
	cr_assert_str_eq(h_str(r, "ends_on"), "2026-08-31");
	cr_assert_eq(h_int(r, "managers.0"), H.mgr1);
}

Test(programs, other_manager_cannot_patch)
{
	int64_t id = create_as(h_as("mgr1@example.org"));
	h_client_t *other = h_as("mgr2@example.org");
	h_resp_t *r = h_req(other, "PATCH", prog_path(id), "{\"name\":\"Taken over\"}");
	h_expect_refused(r);
	h_expect_refused(h_req(other, "PATCH", prog_path(id), h_fmt("{\"managers\":[%lld]}", (long long)H.mgr2)));
	h_resp_t *now = h_req(h_as("admin@example.org"), "GET", prog_path(id), NULL);
	cr_assert_str_eq(h_str(now, "name"), "Spring cohort");
	/* An admin may edit any program. */
	h_expect_status(h_req(h_as("admin@example.org"), "PATCH", prog_path(id), "{\"name\":\"By admin\"}"), 200);
}

Test(programs, members_cannot_create)
{
	h_client_t *m = h_as(h_member_email[0]);
	h_expect_status(h_req(m, "POST", "/api/v1/programs", good), 403);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM programs"), 0);
}

Test(programs, visibility)
{
	h_client_t *mgr = h_as("mgr1@example.org");
	int64_t id = create_as(mgr);
	h_client_t *outsider = h_as(h_member_email[1]);
	h_resp_t *r = h_req(outsider, "GET", prog_path(id), NULL);
	h_expect_status(r, 404);
	cr_assert_str_eq(h_str(r, "error.code"), "not_found");
	h_expect_refused(h_req(outsider, "PATCH", prog_path(id), "{\"name\":\"x\"}"));
	h_expect_status(h_req(outsider, "GET", h_fmt("%s/participants", prog_path(id)), NULL), 404);
	h_expect_status(h_req(h_as("mgr2@example.org"), "GET", prog_path(id), NULL), 404);

	h_expect_status(h_req(mgr, "POST", h_fmt("%s/participants", prog_path(id)),
			      h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[0])), 201);
	h_client_t *enrolled = h_as(h_member_email[0]);
	r = h_req(enrolled, "GET", prog_path(id), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "mentees"), 1);
	h_expect_status(h_req(enrolled, "GET", h_fmt("%s/participants", prog_path(id)), NULL), 200);
	/* Reading is not managing. */
	h_expect_status(h_req(enrolled, "PATCH", prog_path(id), "{\"name\":\"Mine now\"}"), 403);

	r = h_req(enrolled, "GET", "/api/v1/programs", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	r = h_req(outsider, "GET", "/api/v1/programs", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 0);
	r = h_req(h_as("admin@example.org"), "GET", "/api/v1/programs", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	h_expect_status(h_req(h_as("admin@example.org"), "GET", prog_path(id + 100), NULL), 404);
}
