/* Skill self-assessment through the real API: the mentee rates the skills
 * of their profile at the start and at the end, the mentor rates the mentee
 * too; the phase opens each moment (409 otherwise), only the skills to rate
 * are accepted (422 naming ratings), rating again replaces; only the pair
 * sees the ratings (the program's managers 403, others 404); and the
 * program report's skill growth switches to the self-assessments once a
 * mentee has rated both moments, in JSON and in the CSV. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "core/phase.h"
#include "store/store.h"

TestSuite(skills, .init = h_setup, .fini = h_teardown, .timeout = 60);

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
	h_expect_status(h_req(p.mentee, "PUT", "/api/v1/me/profile",
		"{\"skills_wanted\":[\"Public speaking\",\"SQL\",\"Negotiation\"]}"), 200);
	r = h_req(p.mgr, "POST", "/api/v1/relationships",
		h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)p.program,
		      (long long)H.member[0], (long long)H.member[1]));
	h_expect_status(r, 201);
	p.rel = h_int(r, "id");
	return p;
}

static const char *path(const pair_t *p)
{
	return h_fmt("/api/v1/relationships/%lld/skill-ratings", (long long)p->rel);
}

/* Moves the relationship to a phase straight through the store (the walk
 * there through the API is tests/api/test_lifecycle.c's). */
static void set_phase(const pair_t *p, int phase)
{
	db_t *db = db_pool_acquire(H.app.pool);
	cr_assert_eq(store_rel_set_phase(db, p->rel, phase, 0, "test"), DB_OK, "%s", db_errmsg(db));
	db_pool_release(H.app.pool, db);
}

/* The growth entry of a skill in an assessment answer. */
static json_t *growth_of(const h_resp_t *r, const char *skill)
{
	json_t *g = h_at(r, "growth");
	for (size_t i = 0; i < json_array_size(g); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(g, i), "skill")), skill))
			return json_array_get(g, i);
	return NULL;
}

Test(skills, the_mentee_and_the_mentor_rate_at_the_start_and_at_the_end)
{
	pair_t p = start();
	h_resp_t *r = h_req(p.mentee, "GET", path(&p), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "skills")), 3, "%s", r->body);
	cr_assert_str_eq(h_str(r, "skills.0"), "Public speaking");
	cr_assert(json_is_true(h_at(r, "can_rate.start")) && json_is_false(h_at(r, "can_rate.end")), "%s", r->body);
	cr_assert(json_is_null(h_at(r, "mentee_change")), "%s", r->body);

	/* Skills are matched ignoring case and stored as the profile writes them. */
	r = h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"public  speaking\","
		"\"rating\":2},{\"skill\":\"SQL\",\"rating\":1}]}");
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "ratings")), 2, "%s", r->body);
	cr_assert_str_eq(h_str(r, "ratings.0.rater_role"), "mentee");
	cr_assert_str_eq(h_str(r, "ratings.0.skill"), "Public speaking", "%s", r->body);
	cr_assert_eq(h_int(r, "ratings.0.rater.id"), H.member[1]);
	h_expect_status(h_req(p.mentor, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":2}]}"), 200);

	/* The end is not open yet. */
	r = h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"end\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":4}]}");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "wrong_phase");
	cr_assert_str_eq(h_str(r, "error.phase"), "getting_to_know");

	set_phase(&p, PHASE_WORKING);
	r = h_req(p.mentee, "GET", path(&p), NULL);
	cr_assert(json_is_true(h_at(r, "can_rate.start")) && json_is_true(h_at(r, "can_rate.end")), "%s", r->body);
	set_phase(&p, PHASE_CLOSING);
	r = h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":3}]}");
	h_expect_status(r, 409);
	r = h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"end\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":4},"
		"{\"skill\":\"Public speaking\",\"rating\":3},{\"skill\":\"Negotiation\",\"rating\":2}]}");
	h_expect_status(r, 200);
	h_expect_status(h_req(p.mentor, "PUT", path(&p), "{\"moment\":\"end\",\"ratings\":[{\"skill\":\"sql\",\"rating\":3}]}"), 200);
	r = h_req(p.mentor, "GET", path(&p), NULL);
	h_expect_status(r, 200);
	json_t *sql = growth_of(r, "SQL"), *talk = growth_of(r, "Public speaking"), *neg = growth_of(r, "Negotiation");
	cr_assert(sql && talk && neg, "%s", r->body);
	cr_assert_eq(json_integer_value(json_object_get(sql, "mentee_change")), 3, "%s", r->body);
	cr_assert_eq(json_integer_value(json_object_get(sql, "mentor_change")), 1, "%s", r->body);
	cr_assert_eq(json_integer_value(json_object_get(talk, "mentee_change")), 1);
	cr_assert(json_is_null(json_object_get(talk, "mentor_start")), "%s", r->body);
	cr_assert(json_is_null(json_object_get(neg, "mentee_change")), "only the end: %s", r->body);
	/* (3 + 1) / 2 skills rated at both moments. */
	cr_assert_float_eq(json_real_value(h_at(r, "mentee_change")), 2.0, 1e-9, "%s", r->body);
	cr_assert_float_eq(json_real_value(h_at(r, "mentor_change")), 1.0, 1e-9, "%s", r->body);

	/* Rating again replaces the member's ratings at that moment. */
	r = h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"end\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":5}]}");
	h_expect_status(r, 200);
	cr_assert_eq(json_integer_value(json_object_get(growth_of(r, "SQL"), "mentee_end")), 5, "%s", r->body);
	cr_assert(json_is_null(json_object_get(growth_of(r, "Public speaking"), "mentee_end")), "%s", r->body);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM skill_ratings WHERE relationship_id = %lld", (long long)p.rel)), 5);
}

Test(skills, only_the_skills_to_rate_and_valid_ratings)
{
	pair_t p = start();
	h_expect_field(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"Juggling\",\"rating\":2}]}"),
		       "ratings");
	h_expect_field(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":2},"
		"{\"skill\":\"sql\",\"rating\":3}]}"), "ratings");
	h_expect_field(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":6}]}"),
		       "ratings");
	h_expect_field(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"later\",\"ratings\":[]}"), "moment");
	h_expect_field(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[],\"extra\":1}"), "extra");
	h_expect_field(h_req(p.mentee, "PUT", path(&p), "{\"ratings\":[]}"), "moment");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM skill_ratings"), 0);

	/* A skill rated before stays to rate after the profile drops it. */
	h_expect_status(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"Negotiation\",\"rating\":1}]}"), 200);
	h_expect_status(h_req(p.mentee, "PUT", "/api/v1/me/profile", "{\"skills_wanted\":[\"SQL\"]}"), 200);
	h_resp_t *r = h_req(p.mentor, "GET", path(&p), NULL);
	cr_assert_eq(json_array_size(h_at(r, "skills")), 2, "%s", r->body);
	cr_assert_str_eq(h_str(r, "skills.1"), "Negotiation", "%s", r->body);
}

Test(skills, only_the_pair_sees_the_ratings)
{
	pair_t p = start();
	h_expect_status(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":2}]}"), 200);
	h_expect_status(h_req(p.mgr, "GET", path(&p), NULL), 403);
	h_expect_status(h_req(h_bearer("admin@example.org"), "GET", path(&p), NULL), 403);
	h_expect_status(h_req(p.outsider, "GET", path(&p), NULL), 404);
	h_expect_status(h_req(p.mgr, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[]}"), 403);
	h_expect_status(h_req(p.outsider, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[]}"), 404);
	h_expect_status(h_req(h_client(), "GET", path(&p), NULL), 401);
	h_expect_status(h_req(p.mentee, "GET", "/api/v1/relationships/999999/skill-ratings", NULL), 404);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM skill_ratings"), 1);
}

Test(skills, the_report_prefers_the_self_assessments)
{
	pair_t p = start();
	const char *report = h_fmt("/api/v1/programs/%lld/report", (long long)p.program);
	h_resp_t *r = h_req(p.mgr, "GET", report, NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "skill_growth.measure"), "goal_progress", "%s", r->body);
	cr_assert_eq(h_int(r, "skill_growth.self_assessment.relationships"), 0);
	cr_assert(json_is_null(h_at(r, "skill_growth.self_assessment.average_change")), "%s", r->body);
	cr_assert(json_is_null(h_at(r, "items.0.skill_change")), "%s", r->body);

	h_expect_status(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"start\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":1},"
		"{\"skill\":\"Negotiation\",\"rating\":2}]}"), 200);
	set_phase(&p, PHASE_CLOSING);
	h_expect_status(h_req(p.mentee, "PUT", path(&p), "{\"moment\":\"end\",\"ratings\":[{\"skill\":\"SQL\",\"rating\":4},"
		"{\"skill\":\"Negotiation\",\"rating\":2}]}"), 200);
	r = h_req(p.mgr, "GET", report, NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "skill_growth.measure"), "self_assessment", "%s", r->body);
	cr_assert_eq(h_int(r, "skill_growth.self_assessment.relationships"), 1);
	cr_assert_eq(h_int(r, "skill_growth.self_assessment.skills"), 2);
	cr_assert_float_eq(json_real_value(h_at(r, "skill_growth.self_assessment.average_start")), 1.5, 1e-9);
	cr_assert_float_eq(json_real_value(h_at(r, "skill_growth.self_assessment.average_end")), 3.0, 1e-9);
	cr_assert_float_eq(json_real_value(h_at(r, "skill_growth.self_assessment.average_change")), 1.5, 1e-9);
	cr_assert_str_eq(h_str(r, "skill_growth.self_assessment.relationships_by_change.3.range"), "1_to_2");
	cr_assert_eq(h_int(r, "skill_growth.self_assessment.relationships_by_change.3.relationships"), 1, "%s", r->body);
	cr_assert(json_is_null(h_at(r, "skill_growth.self_assessment.mentor_average_change")), "%s", r->body);
	cr_assert_float_eq(json_real_value(h_at(r, "items.0.skill_change")), 1.5, 1e-9, "%s", r->body);
	cr_assert(json_is_null(h_at(r, "items.0.mentor_skill_change")), "%s", r->body);
	/* Counts and averages only: no skill names, no single rating. */
	cr_assert_null(strstr(r->body, "Negotiation"), "%s", r->body);

	r = h_req(p.mgr, "GET", h_fmt("/api/v1/programs/%lld/report.csv", (long long)p.program), NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, ",skill_change,mentor_skill_change,"), "%s", r->body);
	cr_assert(strstr(r->body, ",1.5,,0.0,"), "%s", r->body);
}
