/* Program surveys through the real API: a program's managers define pulse
 * and NPS surveys (validation naming the field, participants 403, others
 * 404), edit them until the first answer, open, close and archive them;
 * the due job sends each member of each live relationship the round that
 * is due, once however many passes run (an inbox item, a survey_responses
 * row, a mail with the link); the member answers once per round; answers
 * are private to the member and the program's managers (the other member
 * 403, anyone else 404); the results (counts, averages, NPS score, choice
 * tallies, text answers) and the program report's JSON and CSV. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "harness.h"
#include "notify/notify.h"
#include "core/timeutil.h"

TestSuite(surveys, .init = h_setup, .fini = h_teardown, .timeout = 60);

enum { DAY = 86400 };

typedef struct fx {
	h_client_t *mgr, *mentor, *mentee, *outsider, *mgr2;
	int64_t program, rel;
} fx_t;

static fx_t start(void)
{
	fx_t p = {h_bearer("mgr1@example.org"), h_bearer(h_member_email[0]), h_bearer(h_member_email[1]),
		  h_bearer(h_member_email[2]), h_bearer("mgr2@example.org"), 0, 0};
	h_resp_t *r = h_req(p.mgr, "POST", "/api/v1/programs",
		"{\"name\":\"Pulse\",\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\"}");
	h_expect_status(r, 201);
	p.program = h_int(r, "id");
	h_expect_status(h_req(p.mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)p.program),
		h_fmt("{\"user_id\":%lld,\"role\":\"mentor\",\"capacity\":2}", (long long)H.member[0])), 201);
	h_expect_status(h_req(p.mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)p.program),
		h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[1])), 201);
	r = h_req(p.mgr, "POST", "/api/v1/relationships",
		h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)p.program,
		      (long long)H.member[0], (long long)H.member[1]));
	h_expect_status(r, 201);
	p.rel = h_int(r, "id");
	return p;
}

static const char *surveys_path(const fx_t *p)
{
	return h_fmt("/api/v1/programs/%lld/surveys", (long long)p->program);
}

static const char nps_survey[] =
	"{\"title\":\"How is it going?\",\"kind\":\"nps\",\"audience\":\"both\",\"first_after_days\":30,"
	"\"every_days\":60,\"questions\":[{\"kind\":\"rating\",\"prompt\":\"How useful are your meetings?\","
	"\"required\":true},{\"kind\":\"choice\",\"prompt\":\"What helps most?\",\"options\":[\"Meetings\","
	"\"Messages\",\"Goals\"]},{\"kind\":\"text\",\"prompt\":\"Anything else?\"}]}";

static void sql(const char *text)
{
	db_t *db = db_pool_acquire(H.app.pool);
	int st = db_exec(db, text, NULL, 0);
	db_pool_release(H.app.pool, db);
	cr_assert_eq(st, DB_OK, "%s", text);
}

/* One pass of the job runner at time now; the survey requests it sent. */
static int jobs(int64_t now)
{
	db_t *db = db_pool_acquire(H.app.pool);
	notify_job_stats_t stats;
	int st = notify_jobs_run(db, now, &stats);
	db_pool_release(H.app.pool, db);
	cr_assert_eq(st, DB_OK);
	return stats.survey_requests;
}

static int64_t create_open(const fx_t *p, const char *body)
{
	h_resp_t *r = h_req(p->mgr, "POST", surveys_path(p), body);
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	h_expect_status(h_req(p->mgr, "PUT", h_fmt("/api/v1/surveys/%lld/status", (long long)id),
			      "{\"status\":\"open\"}"), 200);
	return id;
}

Test(surveys, managers_define_edit_open_close_and_archive)
{
	fx_t p = start();
	h_resp_t *r = h_req(p.mgr, "POST", surveys_path(&p), nps_survey);
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	cr_assert_str_eq(h_str(r, "status"), "draft");
	cr_assert_eq(json_array_size(h_at(r, "questions")), 4, "%s", r->body);
	cr_assert_str_eq(h_str(r, "questions.0.kind"), "nps");
	cr_assert(strstr(h_str(r, "questions.0.prompt"), "How likely are you to recommend"), "%s", r->body);
	cr_assert_str_eq(h_str(r, "questions.2.options.1"), "Messages");
	cr_assert_eq(h_int(r, "every_days"), 60);

	/* Validation names the field. */
	h_expect_field(h_req(p.mgr, "POST", surveys_path(&p), "{\"title\":\"P\",\"kind\":\"pulse\",\"audience\":"
		"\"both\",\"first_after_days\":7,\"questions\":[]}"), "questions");
	r = h_req(p.mgr, "POST", surveys_path(&p), "{\"title\":\"P\",\"kind\":\"pulse\",\"audience\":\"both\","
		"\"first_after_days\":7,\"questions\":[{\"kind\":\"choice\",\"prompt\":\"Pick\",\"options\":[\"One\"]}]}");
	h_expect_field(r, "questions");
	cr_assert(strstr(h_str(r, "error.fields.questions"), "item 1"), "%s", r->body);
	h_expect_field(h_req(p.mgr, "POST", surveys_path(&p), "{\"title\":\"P\",\"kind\":\"weekly\",\"audience\":"
		"\"both\",\"first_after_days\":7,\"questions\":[]}"), "kind");
	h_expect_field(h_req(p.mgr, "POST", surveys_path(&p), "{\"title\":\"P\",\"kind\":\"pulse\",\"audience\":"
		"\"both\",\"first_after_days\":7,\"every_days\":0,\"questions\":[{\"kind\":\"text\",\"prompt\":\"?\"}]}"),
		"every_days");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM surveys"), 1, "a refused survey writes nothing");

	/* Who may. */
	h_expect_status(h_req(p.mentor, "POST", surveys_path(&p), nps_survey), 403);
	h_expect_status(h_req(p.mentee, "GET", h_fmt("/api/v1/surveys/%lld", (long long)id), NULL), 403);
	h_expect_status(h_req(p.outsider, "GET", h_fmt("/api/v1/surveys/%lld", (long long)id), NULL), 404);
	h_expect_status(h_req(p.mgr2, "GET", surveys_path(&p), NULL), 404);
	h_expect_status(h_req(p.mgr2, "GET", h_fmt("/api/v1/surveys/%lld/results", (long long)id), NULL), 404);
	r = h_req(h_bearer("admin@example.org"), "GET", surveys_path(&p), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);

	/* Edit: questions replaced, every_days left out means once. */
	r = h_req(p.mgr, "PUT", h_fmt("/api/v1/surveys/%lld", (long long)id), "{\"title\":\"Quarterly\","
		"\"audience\":\"mentees\",\"first_after_days\":10,\"questions\":[{\"kind\":\"text\",\"prompt\":\"Why?\"}]}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "title"), "Quarterly");
	cr_assert(json_is_null(h_at(r, "every_days")), "%s", r->body);
	cr_assert_eq(json_array_size(h_at(r, "questions")), 2, "the NPS question stays first: %s", r->body);
	cr_assert_str_eq(h_str(r, "questions.1.prompt"), "Why?");

	/* Status. */
	const char *status = h_fmt("/api/v1/surveys/%lld/status", (long long)id);
	r = h_req(p.mgr, "PUT", status, "{\"status\":\"closed\"}");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "not_open");
	h_expect_field(h_req(p.mgr, "PUT", status, "{\"status\":\"draft\"}"), "status");
	h_expect_status(h_req(p.mentor, "PUT", status, "{\"status\":\"open\"}"), 403);
	cr_assert_str_eq(h_str(h_req(p.mgr, "PUT", status, "{\"status\":\"open\"}"), "status"), "open");
	cr_assert_str_eq(h_str(h_req(p.mgr, "PUT", status, "{\"status\":\"closed\"}"), "status"), "closed");
	cr_assert_str_eq(h_str(h_req(p.mgr, "PUT", status, "{\"status\":\"archived\"}"), "status"), "archived");
	r = h_req(p.mgr, "PUT", status, "{\"status\":\"open\"}");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "archived");
	h_expect_status(h_req(p.mgr, "PUT", h_fmt("/api/v1/surveys/%lld", (long long)id), "{\"title\":\"Again\","
		"\"audience\":\"both\",\"first_after_days\":1}"), 409);
}

Test(surveys, the_due_job_sends_each_round_once)
{
	fx_t p = start();
	int64_t now = time_now();
	sql(h_fmt("UPDATE relationships SET created_at = %lld", (long long)(now - 29 * DAY)));
	int64_t id = create_open(&p, nps_survey);
	cr_assert_eq(jobs(now), 0, "29 days after the match: not due");
	cr_assert_eq(jobs(now + 1 * DAY + 60), 2, "30 days: both members");
	cr_assert_eq(jobs(now + 1 * DAY + 120), 0, "once per round");
	cr_assert_eq(jobs(now + 30 * DAY), 0, "still the first round");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM survey_responses"), 2);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'survey'"), 2);
	cr_assert(strstr(h_outbox_body("survey", h_member_email[1]), "/survey-responses/"), "the mail links the answer");

	/* The member's inbox and list. */
	h_resp_t *r = h_req(p.mentee, "GET", "/api/v1/me/inbox", NULL);
	h_expect_status(r, 200);
	bool seen = false;
	json_t *items = h_at(r, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		if (!strcmp(json_string_value(json_object_get(it, "kind")), "survey")) {
			seen = true;
			cr_assert(strstr(json_string_value(json_object_get(it, "href")), "/survey-responses/"));
		}
	}
	cr_assert(seen, "%s", r->body);
	r = h_req(p.mentee, "GET", "/api/v1/survey-responses", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1, "%s", r->body);
	cr_assert_eq(h_int(r, "items.0.round"), 1);
	cr_assert(json_is_true(h_at(r, "items.0.can_answer")));

	/* 30 + 60 days: the second round. */
	cr_assert_eq(jobs(now + 61 * DAY + 60), 2);
	cr_assert_eq(jobs(now + 61 * DAY + 120), 0);
	cr_assert_eq(h_db_int("SELECT MAX(round) FROM survey_responses"), 2);

	/* Closed: nothing more is sent; a closing relationship gets nothing. */
	h_expect_status(h_req(p.mgr, "PUT", h_fmt("/api/v1/surveys/%lld/status", (long long)id),
			      "{\"status\":\"closed\"}"), 200);
	cr_assert_eq(jobs(now + 122 * DAY), 0);
	h_expect_status(h_req(p.mgr, "PUT", h_fmt("/api/v1/surveys/%lld/status", (long long)id),
			      "{\"status\":\"open\"}"), 200);
	sql("UPDATE relationships SET phase = 'closing'");
	cr_assert_eq(jobs(now + 122 * DAY), 0);
	sql("UPDATE relationships SET phase = 'working'");
	cr_assert_eq(jobs(now + 122 * DAY), 2, "round 3, not the missed ones");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM survey_responses"), 6);

	/* An audience of mentors only, sent once. */
	int64_t once = create_open(&p, "{\"title\":\"Mentors\",\"kind\":\"pulse\",\"audience\":\"mentors\","
		"\"first_after_days\":0,\"questions\":[{\"kind\":\"rating\",\"prompt\":\"How is it?\"}]}");
	cr_assert_eq(jobs(now + 122 * DAY + 60), 1);
	jobs(now + 400 * DAY);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM survey_responses WHERE survey_id = %lld", (long long)once)), 1);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM survey_responses WHERE survey_id = %lld AND role = 'mentor'",
				    (long long)once)), 1);
}

/* The mentee's response id after the first round went out. */
static int64_t mentee_response(const fx_t *p)
{
	return h_db_int(h_fmt("SELECT id FROM survey_responses WHERE user_id = %lld", (long long)H.member[1]));
}

Test(surveys, members_answer_once_privately_and_managers_see_results)
{
	fx_t p = start();
	int64_t now = time_now();
	sql(h_fmt("UPDATE relationships SET created_at = %lld", (long long)(now - 31 * DAY)));
	int64_t id = create_open(&p, nps_survey);
	cr_assert_eq(jobs(now), 2);
	int64_t mine = mentee_response(&p);
	int64_t theirs = h_db_int(h_fmt("SELECT id FROM survey_responses WHERE user_id = %lld", (long long)H.member[0]));
	const char *get = h_fmt("/api/v1/survey-responses/%lld", (long long)mine);
	const char *post = h_fmt("/api/v1/survey-responses/%lld/answers", (long long)mine);
	h_resp_t *r = h_req(p.mentee, "GET", get, NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "questions")), 4);
	cr_assert_str_eq(h_str(r, "role"), "mentee");
	int64_t q[4];
	for (int i = 0; i < 4; i++)
		q[i] = h_int(r, h_fmt("questions.%d.id", i));

	/* Refusals: the other member 403, an outsider or another program's manager 404. */
	h_expect_status(h_req(p.mentor, "GET", get, NULL), 403);
	h_expect_status(h_req(p.mentee, "GET", h_fmt("/api/v1/survey-responses/%lld", (long long)theirs), NULL), 403);
	h_expect_status(h_req(p.outsider, "GET", get, NULL), 404);
	h_expect_status(h_req(p.mgr2, "GET", get, NULL), 404);
	h_expect_status(h_req(p.mentor, "POST", post, "{\"answers\":[]}"), 403);
	h_expect_status(h_req(p.mgr, "POST", post, "{\"answers\":[]}"), 403);
	h_expect_status(h_req(p.outsider, "POST", post, "{\"answers\":[]}"), 404);
	h_expect_status(h_req(p.mgr, "GET", get, NULL), 200);

	/* Answers must fit their questions; required ones are needed. */
	r = h_req(p.mentee, "POST", post, h_fmt("{\"answers\":[{\"question_id\":%lld,\"rating\":9}]}", (long long)q[0]));
	h_expect_field(r, "answers");
	cr_assert(strstr(h_str(r, "error.fields.answers"), "question 2"), "%s", r->body);
	h_expect_field(h_req(p.mentee, "POST", post, h_fmt("{\"answers\":[{\"question_id\":%lld,\"rating\":9},"
		"{\"question_id\":%lld,\"rating\":7}]}", (long long)q[0], (long long)q[1])), "answers");
	h_expect_field(h_req(p.mentee, "POST", post, h_fmt("{\"answers\":[{\"question_id\":%lld,\"rating\":9},"
		"{\"question_id\":%lld,\"rating\":4},{\"question_id\":%lld,\"choice\":\"Coffee\"}]}", (long long)q[0],
		(long long)q[1], (long long)q[2])), "answers");
	h_expect_field(h_req(p.mentee, "POST", post, h_fmt("{\"answers\":[{\"question_id\":%lld,\"text\":\"9\"},"
		"{\"question_id\":%lld,\"rating\":4}]}", (long long)q[0], (long long)q[1])), "answers");
	h_expect_field(h_req(p.mentee, "POST", post, h_fmt("{\"answers\":[{\"question_id\":%lld,\"rating\":11},"
		"{\"question_id\":%lld,\"rating\":4}]}", (long long)q[0], (long long)q[1])), "answers");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM survey_answers"), 0);

	r = h_req(p.mentee, "POST", post, h_fmt("{\"answers\":[{\"question_id\":%lld,\"rating\":10},"
		"{\"question_id\":%lld,\"rating\":4},{\"question_id\":%lld,\"choice\":\"Goals\"},"
		"{\"question_id\":%lld,\"text\":\"More time to talk\"}]}", (long long)q[0], (long long)q[1],
		(long long)q[2], (long long)q[3]));
	h_expect_status(r, 200);
	cr_assert(!json_is_null(h_at(r, "answered_at")), "%s", r->body);
	cr_assert(json_is_false(h_at(r, "can_answer")));
	cr_assert_eq(json_array_size(h_at(r, "answers")), 4);
	r = h_req(p.mentee, "POST", post, h_fmt("{\"answers\":[{\"question_id\":%lld,\"rating\":1},"
		"{\"question_id\":%lld,\"rating\":1}]}", (long long)q[0], (long long)q[1]));
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "already_answered");

	/* The mentor answers too (a detractor); then the results. */
	h_expect_status(h_req(p.mentor, "POST", h_fmt("/api/v1/survey-responses/%lld/answers", (long long)theirs),
		h_fmt("{\"answers\":[{\"question_id\":%lld,\"rating\":3},{\"question_id\":%lld,\"rating\":2},"
		      "{\"question_id\":%lld,\"choice\":\"Goals\"}]}", (long long)q[0], (long long)q[1], (long long)q[2])),
		200);
	h_expect_status(h_req(p.mentor, "GET", h_fmt("/api/v1/surveys/%lld/results", (long long)id), NULL), 403);
	r = h_req(p.mgr, "GET", h_fmt("/api/v1/surveys/%lld/results", (long long)id), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "sent"), 2);
	cr_assert_eq(h_int(r, "answered"), 2);
	cr_assert_float_eq(json_real_value(h_at(r, "response_rate")), 100.0, 1e-9, "%s", r->body);
	cr_assert_eq(h_int(r, "nps.promoters"), 1);
	cr_assert_eq(h_int(r, "nps.detractors"), 1);
	cr_assert_eq(h_int(r, "nps.score"), 0, "%s", r->body);
	cr_assert_float_eq(json_real_value(h_at(r, "questions.1.average")), 3.0, 1e-9, "%s", r->body);
	cr_assert_str_eq(h_str(r, "questions.2.choices.2.option"), "Goals");
	cr_assert_eq(h_int(r, "questions.2.choices.2.count"), 2);
	cr_assert_eq(h_int(r, "questions.2.choices.0.count"), 0);
	cr_assert_str_eq(h_str(r, "questions.3.texts.0.text"), "More time to talk");
	cr_assert_str_eq(h_str(r, "questions.3.texts.0.role"), "mentee");

	/* Once someone answered, the questions stay. */
	r = h_req(p.mgr, "PUT", h_fmt("/api/v1/surveys/%lld", (long long)id), "{\"title\":\"T\",\"audience\":\"both\","
		"\"first_after_days\":30,\"questions\":[{\"kind\":\"text\",\"prompt\":\"New?\"}]}");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "has_answers");
	h_expect_status(h_req(p.mgr, "PUT", h_fmt("/api/v1/surveys/%lld", (long long)id), "{\"title\":\"Renamed\","
		"\"audience\":\"both\",\"first_after_days\":30,\"every_days\":60}"), 200);

	/* The program report: the survey's figures, and the row's. */
	r = h_req(p.mgr, "GET", h_fmt("/api/v1/programs/%lld/report", (long long)p.program), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "surveys")), 1, "%s", r->body);
	cr_assert_str_eq(h_str(r, "surveys.0.title"), "Renamed");
	cr_assert_eq(h_int(r, "surveys.0.nps_score"), 0);
	cr_assert_float_eq(json_real_value(h_at(r, "surveys.0.average_rating")), 3.0, 1e-9, "%s", r->body);
	cr_assert_eq(h_int(r, "items.0.survey_answers"), 2);
	cr_assert_float_eq(json_real_value(h_at(r, "items.0.nps")), 6.5, 1e-9, "%s", r->body);
	cr_assert_float_eq(json_real_value(h_at(r, "items.0.survey_rating")), 3.0, 1e-9, "%s", r->body);
	cr_assert(strstr(r->body, "\"items\":") > strstr(r->body, "\"surveys\":"), "items stay last");
	r = h_req(p.mgr, "GET", h_fmt("/api/v1/programs/%lld/report.csv", (long long)p.program), NULL);
	h_expect_status(r, 200);
	/* Columns found by name. */
	char *line2 = strstr(r->body, "\r\n");
	cr_assert_not_null(line2);
	const char *names[] = {"survey_answers", "survey_rating", "nps"};
	const char *want[] = {"2", "3.0", "6.5"};
	for (int k = 0; k < 3; k++) {
		int col = -1, c = 0;
		for (const char *s = r->body; s < line2; c++) {
			const char *e = strpbrk(s, ",\r");
			if ((size_t)(e - s) == strlen(names[k]) && !strncmp(s, names[k], strlen(names[k])))
				col = c;
			s = e + 1;
		}
		cr_assert_geq(col, 0, "no column %s", names[k]);
		const char *s = line2 + 2;
		for (int i = 0; i < col; i++) {
			if (*s == '"') { /* a quoted field */
				s = strchr(s + 1, '"');
				while (s[1] == '"')
					s = strchr(s + 2, '"');
			}
			s = strchr(s, ',') + 1;
		}
		cr_assert(!strncmp(s, want[k], strlen(want[k])), "%s: %.20s", names[k], s);
	}

	/* Closed: no more answers. */
	sql("UPDATE survey_responses SET answered_at = NULL WHERE role = 'mentor'");
	h_expect_status(h_req(p.mgr, "PUT", h_fmt("/api/v1/surveys/%lld/status", (long long)id),
			      "{\"status\":\"closed\"}"), 200);
	r = h_req(p.mentor, "POST", h_fmt("/api/v1/survey-responses/%lld/answers", (long long)theirs),
		  h_fmt("{\"answers\":[{\"question_id\":%lld,\"rating\":3},{\"question_id\":%lld,\"rating\":2}]}",
			(long long)q[0], (long long)q[1]));
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "survey_closed");
}

/* Two job runners at once (two connections, as two servers would run
 * them, each a whole pass): every round still goes out once. */
typedef struct racer {
	pthread_barrier_t *go;
	int64_t now;
	int queued, st;
} racer_t;

static void *race(void *arg)
{
	racer_t *x = arg;
	db_t *db = db_pool_acquire(H.app.pool);
	pthread_barrier_wait(x->go);
	notify_job_stats_t stats;
	x->st = notify_jobs_run(db, x->now, &stats);
	x->queued = stats.survey_requests;
	db_pool_release(H.app.pool, db);
	return NULL;
}

Test(surveys, two_runners_at_once_send_each_round_once)
{
	fx_t p = start();
	int64_t now = time_now();
	for (int i = 0; i < 5; i++)
		create_open(&p, nps_survey);
	sql(h_fmt("UPDATE relationships SET created_at = %lld", (long long)(now - 31 * DAY)));
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, 2);
	racer_t x[2] = {{&go, now, 0, 0}, {&go, now, 0, 0}};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, race, &x[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&go);
	/* A runner that met the other's lock or rows waits or skips; neither fails
	 * for good (a busy SQLite file may refuse one pass: the next pass sends). */
	if (x[0].st != DB_OK || x[1].st != DB_OK)
		jobs(now);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM survey_responses"), 10);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'survey'"), 10);
	if (x[0].st == DB_OK && x[1].st == DB_OK)
		cr_assert_eq(x[0].queued + x[1].queued, 10, "%d + %d", x[0].queued, x[1].queued);
	cr_assert_eq(jobs(now + 60), 0);
}
