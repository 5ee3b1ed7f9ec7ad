/* End-to-end tests of the program manager's enrolment tools and of finding
 * a mentor (issue 13, items 1 and 6): archiving a program makes it
 * read-only everywhere (409 archived) while its reports stay readable, and
 * restoring it opens it again; a participant's role and capacity change
 * within the rules; a withdrawal ends the person's open relationships with
 * the reason in their history (which the pair still reads), declines their
 * pending requests and is listed; the rules of self-enrolment decide who
 * may enrol themselves and say why not; the CSV import's dry run counts
 * new and existing people and previews the rows; the mentors of one's
 * programs, and only those, can be searched; profile suggestions name
 * nobody. Every refusal is checked too: 403 for participants, 404 for
 * outsiders. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

static h_client_t *mgr;
static int64_t prog;

static int64_t make_program(h_client_t *c, const char *name, const char *extra)
{
	h_resp_t *r = h_req(c, "POST", "/api/v1/programs",
			    h_fmt("{\"name\":\"%s\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2099-12-31\","
				  "\"max_mentors_per_mentee\":2%s}", name, extra ? extra : ""));
	h_expect_status(r, 201);
	return h_int(r, "id");
}

static void setup(void)
{
	h_setup();
	mgr = h_as("mgr1@example.org");
	prog = make_program(mgr, "Autumn", NULL);
}

TestSuite(archive, .init = setup, .fini = h_teardown);
TestSuite(participant_edit, .init = setup, .fini = h_teardown);
TestSuite(self_enrol, .init = setup, .fini = h_teardown);
TestSuite(import_preview, .init = setup, .fini = h_teardown);
TestSuite(mentors, .init = setup, .fini = h_teardown);

static const char *prog_path(int64_t id, const char *rest)
{
	return h_fmt("/api/v1/programs/%lld%s", (long long)id, rest);
}

/* Enrols user in program as role; the enrolment's id. */
static int64_t enrol(int64_t program, int64_t user, const char *role, int capacity)
{
	h_resp_t *r = h_req(mgr, "POST", prog_path(program, "/participants"),
			    h_fmt("{\"user_id\":%lld,\"role\":\"%s\",\"capacity\":%d}", (long long)user, role, capacity));
	h_expect_status(r, 201);
	return h_int(r, "id");
}

static int64_t pair(int64_t program, int64_t mentor, int64_t mentee)
{
	h_resp_t *r = h_req(mgr, "POST", "/api/v1/relationships",
			    h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)program,
				  (long long)mentor, (long long)mentee));
	h_expect_status(r, 201);
	return h_int(r, "id");
}

/* A 422 naming a field whose name has a dot (h_expect_field reads paths). */
static void expect_nested_field(h_resp_t *r, const char *field)
{
	h_expect_status(r, 422);
	cr_assert_not_null(json_object_get(h_at(r, "error.fields"), field), "422 does not name %s: %s", field, r->body);
}

static void expect_archived(h_resp_t *r)
{
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "archived", "%s", r->body);
}

/* ---- archive and restore ---- */

Test(archive, read_only_everywhere_until_restored)
{
	int64_t mentor_part = enrol(prog, H.member[0], "mentor", 2);
	enrol(prog, H.member[1], "mentee", 1);
	int64_t rel = pair(prog, H.member[0], H.member[1]);
	(void)mentor_part;

	h_resp_t *r = h_req(mgr, "POST", prog_path(prog, "/archive"), NULL);
	h_expect_status(r, 200);
	cr_assert_not_null(h_str(r, "archived_at"), "%s", r->body);
	expect_archived(h_req(mgr, "POST", prog_path(prog, "/archive"), NULL));

	/* The program, its enrolment, matching and health settings refuse. */
	expect_archived(h_req(mgr, "PATCH", prog_path(prog, ""), "{\"name\":\"New name\"}"));
	expect_archived(h_req(mgr, "POST", prog_path(prog, "/participants"),
			      h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[2])));
	expect_archived(h_req_ct(mgr, "POST", prog_path(prog, "/participants/import?dry_run=1"), "text/csv",
				 "email,role\nmember3@example.org,mentee\n",
				 strlen("email,role\nmember3@example.org,mentee\n")));
	expect_archived(h_req(mgr, "POST", prog_path(prog, "/match-runs"), "{\"algorithm\":\"optimal\"}"));
	expect_archived(h_req(mgr, "PUT", prog_path(prog, "/health-settings"), "{\"quiet_factor\":3}"));
	expect_archived(h_req(mgr, "POST", "/api/v1/relationships",
			      h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)prog,
				    (long long)H.member[0], (long long)H.member[2])));
	/* Inside its relationships too, for the pair. */
	h_client_t *mentor = h_as(h_member_email[0]);
	expect_archived(h_req(mentor, "POST", h_fmt("/api/v1/relationships/%lld/messages", (long long)rel),
			      "{\"body\":\"hello\"}"));
	expect_archived(h_req(mentor, "POST", h_fmt("/api/v1/relationships/%lld/meetings", (long long)rel),
			      "{\"starts_at\":\"2030-01-07T10:00:00Z\",\"kind\":\"kickoff\"}"));
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM messages"), 0);

	/* Everything stays readable: the program, its people, the pair's
	 * relationship, the health and the reports. */
	h_expect_status(h_req(mgr, "GET", prog_path(prog, ""), NULL), 200);
	h_expect_status(h_req(mgr, "GET", prog_path(prog, "/participants"), NULL), 200);
	h_expect_status(h_req(mgr, "GET", prog_path(prog, "/health"), NULL), 200);
	h_expect_status(h_req(mgr, "GET", prog_path(prog, "/report"), NULL), 200);
	h_expect_status(h_req(mgr, "GET", prog_path(prog, "/report.csv"), NULL), 200);
	h_expect_status(h_req(mentor, "GET", h_fmt("/api/v1/relationships/%lld/messages", (long long)rel), NULL), 200);

	/* Participants may not restore it; another manager may not know it. */
	h_expect_status(h_req(mentor, "POST", prog_path(prog, "/restore"), NULL), 403);
	h_expect_status(h_req(h_as("mgr2@example.org"), "POST", prog_path(prog, "/restore"), NULL), 404);
	r = h_req(mgr, "POST", prog_path(prog, "/restore"), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_null(h_at(r, "archived_at")), "%s", r->body);
	h_expect_status(h_req(mgr, "POST", prog_path(prog, "/restore"), NULL), 409);
	h_expect_status(h_req(mentor, "POST", h_fmt("/api/v1/relationships/%lld/messages", (long long)rel),
			      "{\"body\":\"hello again\"}"), 201);
	h_expect_status(h_req(mgr, "PATCH", prog_path(prog, ""), "{\"name\":\"New name\"}"), 200);
}

Test(archive, admins_archive_too_and_members_cannot)
{
	h_client_t *admin = h_as("admin@example.org");
	h_expect_status(h_req(admin, "POST", prog_path(prog, "/archive"), NULL), 200);
	h_expect_status(h_req(admin, "POST", prog_path(prog, "/restore"), NULL), 200);
	h_expect_status(h_req(h_as(h_member_email[0]), "POST", prog_path(prog, "/archive"), NULL), 404);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action IN ('program.archive', 'program.restore')"), 2);
}

/* ---- the rules of self-enrolment, as a program's settings ---- */

Test(self_enrol, rules_are_saved_and_checked)
{
	h_resp_t *r = h_req(mgr, "PATCH", prog_path(prog, ""),
			    "{\"enrolment\":{\"open_to\":[\"mentee\"],\"departments\":[\"Engineering\",\" engineering \",\"Data\"],"
			    "\"mentee_seniority_min\":2,\"mentee_seniority_max\":5}}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "enrolment.open_to.0"), "mentee");
	cr_assert_eq(json_array_size(h_at(r, "enrolment.open_to")), 1);
	cr_assert_eq(json_array_size(h_at(r, "enrolment.departments")), 2, "repeats are dropped: %s", r->body);
	cr_assert_eq(h_int(r, "enrolment.mentee_seniority_max"), 5);
	cr_assert(json_is_null(h_at(r, "enrolment.mentor_seniority_min")));
	expect_nested_field(h_req(mgr, "PATCH", prog_path(prog, ""), "{\"enrolment\":{\"mentee_seniority_min\":6}}"),
			    "enrolment.mentee_seniority_max");
	/* The edge names a nested object's problems under the object. */
	h_resp_t *bad = h_req(mgr, "PATCH", prog_path(prog, ""), "{\"enrolment\":{\"open_to\":[\"sponsor\"]}}");
	h_expect_field(bad, "enrolment");
	cr_assert(strstr(h_str(bad, "error.fields.enrolment"), "open_to"), "%s", bad->body);
	bad = h_req(mgr, "PATCH", prog_path(prog, ""), "{\"enrolment\":{\"colour\":\"red\"}}");
	h_expect_field(bad, "enrolment");
	cr_assert(strstr(h_str(bad, "error.fields.enrolment"), "colour"), "%s", bad->body);
	/* A program created with rules keeps them. */
	r = h_req(mgr, "GET", prog_path(make_program(mgr, "Open", ",\"enrolment\":{\"open_to\":[\"mentor\",\"mentee\"]}"), ""),
		  NULL);
	cr_assert_eq(json_array_size(h_at(r, "enrolment.open_to")), 2, "%s", r->body);
}

Test(self_enrol, eligibility_with_reasons_and_enrolling)
{
	h_expect_status(h_req(mgr, "PATCH", prog_path(prog, ""),
			      "{\"enrolment\":{\"open_to\":[\"mentee\"],\"departments\":[\"Engineering\"],"
			      "\"mentee_seniority_max\":4}}"), 200);
	int64_t closed = make_program(mgr, "Closed", NULL);
	h_client_t *m = h_as(h_member_email[0]);
	h_expect_status(h_req(m, "PUT", "/api/v1/me/profile", "{\"department\":\"Sales\",\"seniority\":6}"), 200);

	h_resp_t *r = h_req(m, "GET", "/api/v1/me/open-programs", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1, "only the open program: %s", r->body);
	cr_assert_eq(h_int(r, "items.0.program.id"), prog);
	cr_assert_str_eq(h_str(r, "items.0.roles.0.role"), "mentee");
	cr_assert(json_is_false(h_at(r, "items.0.roles.0.eligible")));
	cr_assert_eq(json_array_size(h_at(r, "items.0.roles.0.reasons")), 2, "%s", r->body);
	cr_assert(strstr(h_str(r, "items.0.roles.0.reasons.0"), "Engineering") &&
		  strstr(h_str(r, "items.0.roles.0.reasons.0"), "Sales"), "%s", r->body);
	cr_assert(strstr(h_str(r, "items.0.roles.0.reasons.1"), "level 6"), "%s", r->body);
	cr_assert(json_is_false(h_at(r, "items.0.roles.1.open")), "mentors are enrolled by managers");

	r = h_req(m, "POST", prog_path(prog, "/enrol"), "{\"role\":\"mentee\"}");
	h_expect_status(r, 403);
	cr_assert_str_eq(h_str(r, "error.code"), "not_eligible");
	cr_assert(strstr(h_str(r, "error.message"), "Sales"), "%s", r->body);
	h_expect_status(h_req(m, "POST", prog_path(closed, "/enrol"), "{\"role\":\"mentee\"}"), 404);

	h_expect_status(h_req(m, "PUT", "/api/v1/me/profile", "{\"department\":\"engineering\",\"seniority\":3}"), 200);
	r = h_req(m, "GET", "/api/v1/me/open-programs", NULL);
	cr_assert(json_is_true(h_at(r, "items.0.roles.0.eligible")), "%s", r->body);
	r = h_req(m, "POST", prog_path(prog, "/enrol"), "{\"role\":\"mentee\"}");
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "user_id"), H.member[0]);
	cr_assert_eq(h_int(r, "capacity"), 1);
	h_expect_field(h_req(m, "POST", prog_path(prog, "/enrol"), "{\"role\":\"mentee\"}"), "role");
	r = h_req(m, "POST", prog_path(prog, "/enrol"), "{\"role\":\"mentor\"}");
	h_expect_status(r, 403);
	cr_assert_str_eq(h_str(r, "error.code"), "not_eligible");
	r = h_req(m, "GET", "/api/v1/me/open-programs", NULL);
	cr_assert(json_is_true(h_at(r, "items.0.roles.0.enrolled")), "%s", r->body);
	cr_assert_eq(json_array_size(h_at(r, "items.0.roles.0.reasons")), 0);

	/* Archived or ended programs are not open. */
	h_expect_status(h_req(mgr, "POST", prog_path(prog, "/archive"), NULL), 200);
	r = h_req(h_as(h_member_email[1]), "GET", "/api/v1/me/open-programs", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 0, "%s", r->body);
	h_expect_status(h_req(h_as(h_member_email[1]), "POST", prog_path(prog, "/enrol"), "{\"role\":\"mentee\"}"), 404);
}

/* ---- a participant's role, capacity and withdrawal ---- */

Test(participant_edit, capacity_and_role_within_the_rules)
{
	int64_t mentor = enrol(prog, H.member[0], "mentor", 2);
	int64_t mentee = enrol(prog, H.member[1], "mentee", 1);
	const char *mp = h_fmt("/api/v1/participants/%lld", (long long)mentor);
	h_resp_t *r = h_req(mgr, "PATCH", mp, "{\"capacity\":4}");
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "capacity"), 4);
	cr_assert_str_eq(h_str(r, "role"), "mentor");
	pair(prog, H.member[0], H.member[1]);
	h_expect_field(h_req(mgr, "PATCH", mp, "{\"capacity\":0}"), "capacity");
	r = h_req(mgr, "PATCH", mp, "{\"role\":\"mentee\"}");
	h_expect_status(r, 409);
	cr_assert(strstr(h_str(r, "error.message"), "open relationship"), "%s", r->body);
	h_expect_field(h_req(mgr, "PATCH", h_fmt("/api/v1/participants/%lld", (long long)mentee), "{\"capacity\":3}"),
		       "capacity");
	/* A mentee without relationships becomes a mentor with a mentor's default. */
	int64_t other = enrol(prog, H.member[2], "mentee", 1);
	r = h_req(mgr, "PATCH", h_fmt("/api/v1/participants/%lld", (long long)other), "{\"role\":\"mentor\"}");
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "capacity"), 2);
	r = h_req(mgr, "GET", prog_path(prog, ""), NULL);
	cr_assert_eq(h_int(r, "mentors"), 2);
	cr_assert_eq(h_int(r, "mentees"), 1);
	/* Who may: participants read (no email), only managers change. */
	h_client_t *m = h_as(h_member_email[1]);
	r = h_req(m, "GET", mp, NULL);
	h_expect_status(r, 200);
	cr_assert_null(h_at(r, "email"));
	h_expect_status(h_req(m, "PATCH", mp, "{\"capacity\":3}"), 403);
	h_expect_status(h_req(h_as(h_member_email[3]), "GET", mp, NULL), 404);
	h_expect_status(h_req(h_as("mgr2@example.org"), "PATCH", mp, "{\"capacity\":3}"), 404);
	h_expect_status(h_req(mgr, "PATCH", "/api/v1/participants/999999", "{\"capacity\":3}"), 404);
}

Test(participant_edit, withdrawal_ends_relationships_and_keeps_history)
{
	int64_t mentor = enrol(prog, H.member[0], "mentor", 3);
	enrol(prog, H.member[1], "mentee", 1);
	enrol(prog, H.member[2], "mentee", 1);
	int64_t r1 = pair(prog, H.member[0], H.member[1]);
	int64_t r2 = pair(prog, H.member[0], H.member[2]);
	const char *wp = h_fmt("/api/v1/participants/%lld/withdraw", (long long)mentor);

	h_expect_field(h_req(mgr, "POST", wp, "{}"), "reason");
	h_expect_status(h_req(h_as(h_member_email[1]), "POST", wp, "{\"reason\":\"no\"}"), 403);
	h_resp_t *r = h_req(mgr, "POST", wp, "{\"reason\":\"Moved to another company\"}");
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "user_id"), H.member[0]);
	cr_assert_str_eq(h_str(r, "role"), "mentor");
	cr_assert_eq(json_array_size(h_at(r, "ended_relationships")), 2, "%s", r->body);
	cr_assert_eq(h_int(r, "withdrawn_by"), H.mgr1);
	cr_assert_str_eq(h_str(r, "reason"), "Moved to another company");
	/* Gone from the program, both relationships ended with the reason. */
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM participants WHERE program_id = %lld AND role = 'mentor'",
				    (long long)prog)), 0);
	r = h_req(mgr, "GET", prog_path(prog, ""), NULL);
	cr_assert_eq(h_int(r, "mentors"), 0);
	h_client_t *mentee = h_as(h_member_email[1]);
	r = h_req(mentee, "GET", h_fmt("/api/v1/relationships/%lld", (long long)r1), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "phase"), "completed");
	r = h_req(mentee, "GET", h_fmt("/api/v1/relationships/%lld/history", (long long)r1), NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "Moved to another company"), "%s", r->body);
	/* The withdrawn mentor keeps reading their ended relationships. */
	h_client_t *gone = h_as(h_member_email[0]);
	h_expect_status(h_req(gone, "GET", h_fmt("/api/v1/relationships/%lld/history", (long long)r2), NULL), 200);
	h_expect_status(h_req(gone, "GET", h_fmt("/api/v1/relationships/%lld/messages", (long long)r2), NULL), 200);
	/* The withdrawal is listed, for managers only; withdrawn twice is 404. */
	r = h_req(mgr, "GET", prog_path(prog, "/withdrawals"), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	cr_assert_str_eq(h_str(r, "items.0.reason"), "Moved to another company");
	h_expect_status(h_req(mentee, "GET", prog_path(prog, "/withdrawals"), NULL), 403);
	h_expect_status(h_req(mgr, "POST", wp, "{\"reason\":\"again\"}"), 404);
	/* They can be enrolled again later. */
	enrol(prog, H.member[0], "mentor", 1);
}

Test(participant_edit, withdrawal_declines_pending_requests)
{
	int64_t self = make_program(mgr, "Self", ",\"matching\":\"self\"");
	int64_t mentor = enrol(self, H.member[0], "mentor", 2);
	enrol(self, H.member[1], "mentee", 1);
	h_client_t *mentee = h_as(h_member_email[1]);
	h_expect_status(h_req(mentee, "POST", prog_path(self, "/mentor-requests"),
			      h_fmt("{\"mentor_id\":%lld}", (long long)H.member[0])), 201);
	h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/participants/%lld/withdraw", (long long)mentor),
			      "{\"reason\":\"On leave\"}"), 200);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM mentor_requests WHERE status = 'pending'"), 0);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM mentor_requests WHERE status = 'declined'"), 1);
}

/* ---- the import's preview ---- */

Test(import_preview, dry_run_counts_new_and_existing_people)
{
	const char *csv = "email,role,capacity,name\n"
			  "member1@example.org,mentor,3,\n"
			  "new.person@example.org,mentee,,New Person\n"
			  "member2@example.org,mentee,1,\n";
	h_resp_t *r = h_req_ct(mgr, "POST", prog_path(prog, "/participants/import?dry_run=1"), "text/csv", csv,
			       strlen(csv));
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "enrolled"), 3);
	cr_assert_eq(h_int(r, "created_users"), 1);
	cr_assert_eq(h_int(r, "existing_users"), 2);
	cr_assert_eq(h_int(r, "invited"), 1);
	cr_assert_eq(json_array_size(h_at(r, "preview")), 3);
	cr_assert_eq(h_int(r, "preview.1.line"), 3);
	cr_assert_str_eq(h_str(r, "preview.1.account"), "new");
	cr_assert_str_eq(h_str(r, "preview.1.name"), "New Person");
	cr_assert_str_eq(h_str(r, "preview.0.account"), "existing");
	cr_assert_eq(h_int(r, "preview.0.capacity"), 3);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM participants"), 0, "a dry run writes nothing");
	r = h_req_ct(mgr, "POST", prog_path(prog, "/participants/import"), "text/csv", csv, strlen(csv));
	h_expect_status(r, 201);
	cr_assert_eq(h_int(r, "existing_users"), 2);
	cr_assert_eq(json_array_size(h_at(r, "preview")), 0);
}

/* ---- finding a mentor ---- */

static void profile(const char *email, const char *body)
{
	h_expect_status(h_req(h_as(email), "PUT", "/api/v1/me/profile", body), 200);
}

Test(mentors, only_the_mentors_of_my_programs)
{
	int64_t other = make_program(h_as("mgr2@example.org"), "Elsewhere", NULL);
	enrol(prog, H.member[0], "mentor", 2);
	enrol(prog, H.member[1], "mentee", 1);
	h_resp_t *r = h_req(h_as("mgr2@example.org"), "POST", prog_path(other, "/participants"),
			    h_fmt("{\"user_id\":%lld,\"role\":\"mentor\"}", (long long)H.member[2]));
	h_expect_status(r, 201);
	profile(h_member_email[0], "{\"headline\":\"Staff engineer\",\"bio\":\"I love distributed systems.\","
		"\"department\":\"Engineering\",\"languages\":[\"German\",\"English\"],"
		"\"skills_offered\":[\"Go\",\"System design\"],\"interests\":[\"Chess\"]}");
	profile(h_member_email[2], "{\"headline\":\"Secret mentor\",\"skills_offered\":[\"Go\"]}");

	h_client_t *m = h_as(h_member_email[1]);
	r = h_req(m, "GET", "/api/v1/mentors", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1, "never another program's mentors: %s", r->body);
	cr_assert_eq(h_int(r, "items.0.user_id"), H.member[0]);
	cr_assert_str_eq(h_str(r, "items.0.headline"), "Staff engineer");
	cr_assert_str_eq(h_str(r, "items.0.bio"), "I love distributed systems.");
	cr_assert_str_eq(h_str(r, "items.0.skills_offered.1"), "System design");
	cr_assert_str_eq(h_str(r, "items.0.languages.0"), "German");
	cr_assert_str_eq(h_str(r, "items.0.interests.0"), "Chess");
	cr_assert_eq(h_int(r, "items.0.free_capacity"), 2);
	cr_assert_eq(h_int(r, "items.0.programs.0.program_id"), prog);
	cr_assert(json_is_false(h_at(r, "items.0.programs.0.can_ask")), "not a self-match program");

	struct { const char *query; size_t want; } cases[] = {
		{"?skill=system%20design", 1}, {"?skill=cobol", 0}, {"?department=engineering", 1},
		{"?department=Sales", 0}, {"?language=GERMAN", 1}, {"?language=Swahili", 0},
		{"?q=distributed", 1}, {"?q=chess", 1}, {"?q=nothing-like-it", 0}, {"?available=1", 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = h_req(m, "GET", h_fmt("/api/v1/mentors%s", cases[i].query), NULL);
		h_expect_status(r, 200);
		cr_assert_eq(json_array_size(h_at(r, "items")), cases[i].want, "%s: %s", cases[i].query, r->body);
	}
	h_expect_status(h_req(m, "GET", h_fmt("/api/v1/mentors?program_id=%lld", (long long)other), NULL), 404);
	h_expect_status(h_req(m, "GET", h_fmt("/api/v1/mentors?program_id=%lld", (long long)prog), NULL), 200);
	/* A mentor at capacity has no place left. */
	pair(prog, H.member[0], H.member[1]);
	enrol(prog, H.member[3], "mentee", 1);
	pair(prog, H.member[0], H.member[3]);
	r = h_req(m, "GET", "/api/v1/mentors?available=1", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 0, "%s", r->body);
	/* Someone in no program sees nobody; archived programs are left out. */
	r = h_req(h_as("admin@example.org"), "GET", "/api/v1/mentors", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 0, "%s", r->body);
	h_expect_status(h_req(mgr, "POST", prog_path(prog, "/archive"), NULL), 200);
	r = h_req(m, "GET", "/api/v1/mentors", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 0, "%s", r->body);
}

Test(mentors, paged_by_name_and_askable_in_self_match)
{
	int64_t self = make_program(mgr, "Self", ",\"matching\":\"self\"");
	profile(h_member_email[0], "{\"headline\":\"B\"}");
	enrol(self, H.member[0], "mentor", 2);
	enrol(self, H.member[2], "mentor", 2);
	enrol(self, H.member[3], "mentor", 2);
	enrol(self, H.member[1], "mentee", 1);
	h_client_t *m = h_as(h_member_email[1]);
	h_resp_t *r = h_req(m, "GET", "/api/v1/mentors?limit=2", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 2);
	const char *next = h_str(r, "next");
	cr_assert_not_null(next);
	int64_t first = h_int(r, "items.0.user_id");
	cr_assert(json_is_true(h_at(r, "items.0.programs.0.can_ask")), "%s", r->body);
	r = h_req(m, "GET", h_fmt("/api/v1/mentors?limit=2&cursor=%s", next), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1, "%s", r->body);
	cr_assert_neq(h_int(r, "items.0.user_id"), first);
	cr_assert(json_is_null(h_at(r, "next")));
	/* Once asked, the mentor is no longer askable. */
	h_expect_status(h_req(m, "POST", prog_path(self, "/mentor-requests"),
			      h_fmt("{\"mentor_id\":%lld}", (long long)first)), 201);
	r = h_req(m, "GET", "/api/v1/mentors?limit=1", NULL);
	cr_assert(json_is_false(h_at(r, "items.0.programs.0.can_ask")), "%s", r->body);
}

Test(mentors, suggestions_name_nobody_and_need_two_people)
{
	profile(h_member_email[0], "{\"skills_offered\":[\"Negotiation\",\"Underwater basket weaving\"],"
		"\"department\":\"Sales\"}");
	profile(h_member_email[1], "{\"skills_wanted\":[\"negotiation\"],\"interests\":[\"Chess\"]}");
	h_client_t *m = h_as(h_member_email[2]);
	h_resp_t *r = h_req(m, "GET", "/api/v1/profile-suggestions?kind=skill", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1, "%s", r->body);
	cr_assert_str_eq(h_str(r, "items.0"), "Negotiation");
	r = h_req(m, "GET", "/api/v1/profile-suggestions?kind=department", NULL);
	cr_assert_str_eq(h_str(r, "items.0"), "Sales");
	h_expect_field(h_req(m, "GET", "/api/v1/profile-suggestions", NULL), "kind");
	h_expect_field(h_req(m, "GET", "/api/v1/profile-suggestions?kind=email", NULL), "kind");
	/* A changed profile moves the counts. */
	profile(h_member_email[1], "{\"skills_wanted\":[]}");
	r = h_req(m, "GET", "/api/v1/profile-suggestions?kind=skill", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 0, "%s", r->body);
}
