/* The organisation every fuzz input starts from, built through the real
 * API as its people would build it, so it holds only what mentord itself
 * can produce: an administrator, a manager of two programs, mentors and
 * mentees with profiles, a relationship in every phase (the working one
 * with meetings, agenda, notes, feedback, goals, the whole cooperation
 * board and the streams), a draft match run, a pending mentor request,
 * notification settings, health thresholds and a calendar feed.
 *
 * Steps refer to what earlier steps made with placeholders: {u:mentee} is a
 * person's id, {id:goals:0} the first goal saved, {D+60} the date 60 days
 * from now, {T-30} 10:00 UTC 30 days ago. A step that does not answer its
 * expected status stops the fuzzer at once, naming the step: the fixture
 * must change with the API it drives. */
#include "fixture.h"

#include "cli/cli.h"
#include "core/timeutil.h"
#include "core/xalloc.h"
#include "svc/user.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const names[FZ_NCRED] = {"anon", "admin", "manager", "mentor", "mentee", "member", "mentor2",
					    "mentee2", "mentor3", "mentee3", "mentee4"};

static int64_t user_ids[FZ_NCRED];
static int64_t epoch;
static char *calendar_token;

/* Ids saved per resource, in the order made. */
typedef struct saved {
	const char *resource;
	int64_t ids[16];
	int n;
} saved_t;

static saved_t saved[24];
static int nsaved;

const char *fixture_email(int who)
{
	static char buf[FZ_NCRED][48];
	snprintf(buf[who], sizeof(buf[who]), "%s@fuzz.mentord.test", names[who]);
	return buf[who];
}

static saved_t *saved_of(const char *res, size_t len, bool make)
{
	for (int i = 0; i < nsaved; i++)
		if (strlen(saved[i].resource) == len && !memcmp(saved[i].resource, res, len))
			return &saved[i];
	if (!make || nsaved == (int)(sizeof(saved) / sizeof(saved[0])))
		return NULL;
	saved[nsaved].resource = xstrndup(res, len);
	return &saved[nsaved++];
}

static void save(const char *res, int64_t id)
{
	saved_t *s = saved_of(res, strlen(res), true);
	if (s && s->n < (int)(sizeof(s->ids) / sizeof(s->ids[0])))
		s->ids[s->n++] = id;
}

/* Path segments name their resource the way the pages and the API do. */
const int64_t *fz_ids(const char *resource, size_t len, int *n)
{
	static const char *const alias[][2] = {
		{"people", "users"}, {"runs", "match-runs"}, {"requests", "mentor-requests"},
		{"ideas", "ideas"}, {"feedback", "feedback"},
	};
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (strlen(alias[i][0]) == len && !memcmp(alias[i][0], resource, len)) {
			resource = alias[i][1];
			len = strlen(resource);
		}
	saved_t *s = saved_of(resource, len, false);
	*n = s ? s->n : 0;
	return s ? s->ids : NULL;
}

int64_t fz_user_id(int who)
{
	return who >= 0 && who < FZ_NCRED ? user_ids[who] : 0;
}

const char *fz_calendar_token(void)
{
	return calendar_token ? calendar_token : "1-2-3";
}

int64_t fz_epoch(void)
{
	return epoch;
}

void fixture_admin(app_t *app)
{
	arena_t *a = arena_new();
	db_t *db = db_pool_acquire(app->pool);
	svc_t s;
	svc_init_cli(&s, db, a, (secret_cost_t){app->pw_ops, app->pw_mem});
	in_createUser_t in = {.body = {.email = fixture_email(FZ_ADMIN), .name = "Ada Admin", .role = "admin",
				       .has_role = true, .password = FZ_PASSWORD, .has_password = true}};
	User_t out;
	if (svc_user_create(&s, &in, &out) != SVC_OK) {
		fprintf(stderr, "fuzz: creating the administrator failed: %s\n", s.err.message);
		abort();
	}
	user_ids[FZ_ADMIN] = out.id;
	save("users", out.id);
	db_pool_release(app->pool, db);
	arena_free(a);
	epoch = time_now();
}

typedef struct step {
	int who;        /* as whom (logged in with the session cookie) */
	const char *method, *path, *body;
	int status;     /* expected */
	const char *save; /* the resource whose list gets the answer's id */
	int login;      /* instead of a request: log this person in */
} step_t;

#define P(x) "{\"email\":\"" x "@fuzz.mentord.test\",\"name\":\"" x "\",\"password\":\"" FZ_PASSWORD "\"}"
#define PROFILE(tz, off, want, day) \
	"{\"headline\":\"" off " person\",\"bio\":\"Works on " off "\",\"department\":\"Platform\"," \
	"\"location\":\"Berlin\",\"timezone\":\"" tz "\",\"seniority\":5,\"languages\":[\"English\",\"Deutsch\"]," \
	"\"skills_offered\":[\"" off "\"],\"skills_wanted\":[\"" want "\"],\"interests\":[\"chess\"]," \
	"\"availability\":[{\"day\":" day ",\"start\":\"09:00\",\"end\":\"12:00\"},{\"day\":3,\"start\":\"14:00\"," \
	"\"end\":\"17:30\"}],\"preferred_channel\":\"video\",\"meeting_style\":\"structured\"," \
	"\"preferences\":\"mornings\"}"
#define CLOSE_MENTOR "{\"reflection\":\"We both grew\",\"satisfaction\":5,\"thank_you_note\":\"Thank you\"}"
#define CLOSE_MENTEE "{\"reflection\":\"I learned a lot\",\"satisfaction\":5,\"goals_met\":4," \
	"\"mentor_important\":5,\"would_recommend\":true,\"thank_you_note\":\"Thank you, truly\"}"
#define AGREEMENT "{\"purpose\":\"Become a confident speaker\",\"expected_results\":\"Talk at the all-hands\"," \
	"\"cadence_days\":14,\"duration_weeks\":40,\"confidentiality\":\"Between us\"}"
#define GOAL "{\"title\":\"Talk at the all-hands\",\"term\":\"short\",\"outcome\":\"Give a ten minute talk " \
	"at the all-hands\",\"metric\":\"rehearsals\",\"baseline\":0,\"target\":3,\"due_on\":\"{D+60}\"," \
	"\"relevance\":\"Speaking is the purpose of our agreement\"}"
#define KICKOFF "{\"starts_at\":\"{T-30}\",\"kind\":\"kickoff\",\"duration_min\":45}"
#define HELD "{\"status\":\"held\"}"

enum { A = FZ_ADMIN, M = FZ_MANAGER, R = FZ_MENTOR, E = FZ_MENTEE, O = FZ_MEMBER, R2 = FZ_MENTOR2,
       E2 = FZ_MENTEE2, R3 = FZ_MENTOR3, E3 = FZ_MENTEE3, E4 = FZ_MENTEE4 };

/* The relationships, saved in this order: 0 working (mentor, mentee), 1
 * getting to know (mentor2, mentee2), 2 goal setting (mentor, mentee2), 3
 * closing (mentor2, mentee), 4 completed (mentor3, mentee3), 5 alumni
 * (mentor3, mentee4); the program 0 matches optimally, 1 by requests. */
static const step_t steps[] = {
	{A, "POST", "/api/v1/users", "{\"email\":\"manager@fuzz.mentord.test\",\"name\":\"Mia Manager\","
				     "\"role\":\"manager\",\"password\":\"" FZ_PASSWORD "\"}", 201, "users", 0},
	{A, "POST", "/api/v1/users", P("mentor"), 201, "users", 0},
	{A, "POST", "/api/v1/users", P("mentee"), 201, "users", 0},
	{A, "POST", "/api/v1/users", P("member"), 201, "users", 0},
	{A, "POST", "/api/v1/users", P("mentor2"), 201, "users", 0},
	{A, "POST", "/api/v1/users", P("mentee2"), 201, "users", 0},
	{A, "POST", "/api/v1/users", P("mentor3"), 201, "users", 0},
	{A, "POST", "/api/v1/users", P("mentee3"), 201, "users", 0},
	{A, "POST", "/api/v1/users", P("mentee4"), 201, "users", 0},
	{A, "POST", "/api/v1/users", P("gone"), 201, "users", 0},
	{A, "DELETE", "/api/v1/users/{id:users:10}", NULL, 200, NULL, 0},
	{.login = M}, {.login = R}, {.login = E}, {.login = O}, {.login = R2}, {.login = E2},
	{.login = R3}, {.login = E3}, {.login = E4},
	{R, "PUT", "/api/v1/me/profile", PROFILE("Europe/Berlin", "public speaking", "Go", "1"), 200, NULL, 0},
	{E, "PUT", "/api/v1/me/profile", PROFILE("Europe/Berlin", "Go", "public speaking", "1"), 200, NULL, 0},
	{O, "PUT", "/api/v1/me/profile", PROFILE("America/New_York", "SQL", "public speaking", "2"), 200, NULL, 0},
	{R2, "PUT", "/api/v1/me/profile", PROFILE("Asia/Tokyo", "public speaking", "design", "2"), 200, NULL, 0},
	{E2, "PUT", "/api/v1/me/profile", PROFILE("Europe/London", "design", "public speaking", "1"), 200, NULL, 0},
	{A, "POST", "/api/v1/programs", "{\"name\":\"Growth\",\"description\":\"Grow into a lead\",\"kind\":\"one_to_one\","
					"\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\",\"matching\":\"optimal\","
					"\"cadence_days\":14,\"managers\":[{u:manager}]}", 201, "programs", 0},
	{A, "POST", "/api/v1/programs", "{\"name\":\"Choose a mentor\",\"kind\":\"one_to_one\",\"starts_on\":\"2020-01-01\","
					"\"ends_on\":\"2099-12-31\",\"matching\":\"self\",\"managers\":[{u:manager}]}",
	 201, "programs", 0},
	{M, "POST", "/api/v1/programs/{id:programs:0}/participants", "{\"user_id\":{u:mentor},\"role\":\"mentor\",\"capacity\":5}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:0}/participants", "{\"user_id\":{u:mentor2},\"role\":\"mentor\",\"capacity\":5}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:0}/participants", "{\"user_id\":{u:mentor3},\"role\":\"mentor\",\"capacity\":5}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:0}/participants", "{\"user_id\":{u:mentee},\"role\":\"mentee\"}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:0}/participants", "{\"user_id\":{u:mentee2},\"role\":\"mentee\"}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:0}/participants", "{\"user_id\":{u:member},\"role\":\"mentee\"}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:0}/participants", "{\"user_id\":{u:mentee3},\"role\":\"mentee\"}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:0}/participants", "{\"user_id\":{u:mentee4},\"role\":\"mentee\"}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:1}/participants", "{\"user_id\":{u:mentor2},\"role\":\"mentor\",\"capacity\":3}", 201, "participants", 0},
	{M, "POST", "/api/v1/programs/{id:programs:1}/participants", "{\"user_id\":{u:member},\"role\":\"mentee\"}", 201, "participants", 0},
	{M, "POST", "/api/v1/relationships", "{\"program_id\":{id:programs:0},\"mentor_id\":{u:mentor},\"mentee_id\":{u:mentee}}", 201, "relationships", 0},
	{M, "POST", "/api/v1/relationships", "{\"program_id\":{id:programs:0},\"mentor_id\":{u:mentor2},\"mentee_id\":{u:mentee2}}", 201, "relationships", 0},
	{M, "POST", "/api/v1/relationships", "{\"program_id\":{id:programs:0},\"mentor_id\":{u:mentor},\"mentee_id\":{u:mentee2}}", 201, "relationships", 0},
	{M, "POST", "/api/v1/relationships", "{\"program_id\":{id:programs:0},\"mentor_id\":{u:mentor2},\"mentee_id\":{u:mentee}}", 201, "relationships", 0},
	{M, "POST", "/api/v1/relationships", "{\"program_id\":{id:programs:0},\"mentor_id\":{u:mentor3},\"mentee_id\":{u:mentee3}}", 201, "relationships", 0},
	{M, "POST", "/api/v1/relationships", "{\"program_id\":{id:programs:0},\"mentor_id\":{u:mentor3},\"mentee_id\":{u:mentee4}}", 201, "relationships", 0},

	/* 0: working, with everything a working pair makes. */
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/meetings", KICKOFF, 201, "meetings", 0},
	{R, "PATCH", "/api/v1/meetings/{id:meetings:0}", HELD, 200, NULL, 0},
	{E, "PUT", "/api/v1/relationships/{id:relationships:0}/agreement", AGREEMENT, 200, NULL, 0},
	{R, "POST", "/api/v1/relationships/{id:relationships:0}/agreement/sign", NULL, 200, NULL, 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/agreement/sign", NULL, 200, NULL, 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/goals", GOAL, 201, "goals", 0},
	{R, "POST", "/api/v1/goals/{id:goals:0}/confirm", NULL, 200, NULL, 0},
	{E, "POST", "/api/v1/goals/{id:goals:0}/progress", "{\"value\":1,\"note\":\"first rehearsal\"}", 201, NULL, 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/goals",
	 "{\"title\":\"Lead a retro\",\"term\":\"long\",\"outcome\":\"Lead our team retrospective\",\"metric\":\"retros led\","
	 "\"baseline\":0,\"target\":2,\"due_on\":\"{D+120}\",\"relevance\":\"Speaking up is our purpose\"}", 201, "goals", 0},
	{R, "POST", "/api/v1/relationships/{id:relationships:0}/meetings",
	 "{\"starts_at\":\"{T+7}\",\"kind\":\"regular\",\"rrule\":\"FREQ=WEEKLY;INTERVAL=2;COUNT=6\"}", 201, "meetings", 0},
	{R, "PATCH", "/api/v1/meetings/{id:meetings:1}", "{\"starts_at\":\"{T+8}\",\"reason\":\"travelling\"}", 200, NULL, 0},
	{E, "POST", "/api/v1/meetings/{id:meetings:1}/agenda", "{\"text\":\"How do I handle hard questions?\"}", 201, "agenda", 0},
	{R, "POST", "/api/v1/meetings/{id:meetings:1}/notes", "{\"body\":\"*mine*\",\"private\":true}", 201, "notes", 0},
	{E, "POST", "/api/v1/meetings/{id:meetings:1}/notes", "{\"body\":\"shared **note**\"}", 201, "notes", 0},
	{E, "POST", "/api/v1/meetings/{id:meetings:0}/feedback",
	 "{\"rating\":5,\"comment\":\"Great questions\",\"tags\":[\"listening\"]}", 201, "feedback", 0},
	{R, "POST", "/api/v1/meetings/{id:meetings:0}/feedback", "{\"rating\":4,\"comment\":\"Well prepared\",\"tags\":[\"preparation\"]}", 201, "feedback", 0},
	{R, "POST", "/api/v1/feedback/{id:feedback:0}/acknowledge", NULL, 200, NULL, 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/concerns", "{\"title\":\"Nervous with directors\"}", 201, "concerns", 0},
	{E, "POST", "/api/v1/concerns/{id:concerns:0}/ideas", "{\"text\":\"Rehearse with friendly directors\"}", 201, "ideas", 0},
	{R, "POST", "/api/v1/concerns/{id:concerns:0}/ideas", "{\"text\":\"Record a rehearsal\"}", 201, "ideas", 0},
	{E, "PATCH", "/api/v1/ideas/{id:ideas:0}", "{\"credited_to\":{u:mentor}}", 200, NULL, 0},
	{R, "POST", "/api/v1/concerns/{id:concerns:0}/plan", "{\"plan\":\"Two rehearsals\",\"idea_id\":{id:ideas:0}}", 200, NULL, 0},
	{R, "POST", "/api/v1/concerns/{id:concerns:0}/actions",
	 "{\"title\":\"Book the rehearsal\",\"owner_id\":{u:mentee},\"due_on\":\"{D+9}\",\"goal_id\":{id:goals:0}}", 201, "actions", 0},
	{E, "POST", "/api/v1/concerns/{id:concerns:0}/actions",
	 "{\"title\":\"Find a room\",\"owner_id\":{u:mentor},\"due_on\":\"{D+5}\"}", 201, "actions", 0},
	{E, "PATCH", "/api/v1/actions/{id:actions:0}", "{\"status\":\"done\"}", 200, NULL, 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/concerns", "{\"title\":\"Too little time\"}", 201, "concerns", 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/wins", "{\"text\":\"Rehearsal went well\",\"idea_id\":{id:ideas:0}}", 201, "wins", 0},
	{R, "POST", "/api/v1/relationships/{id:relationships:0}/messages", "{\"body\":\"Same time next week?\"}", 201, "messages", 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/messages", "{\"body\":\"Yes,\\nsee you then\"}", 201, "messages", 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:0}/checkins", "{\"mood\":4,\"note\":\"good week\"}", 201, "checkins", 0},
	{R, "POST", "/api/v1/relationships/{id:relationships:0}/learnings", "{\"text\":\"How the new dashboards work\"}", 201, "learnings", 0},

	/* 1: getting to know, a kickoff ahead. */
	{R2, "POST", "/api/v1/relationships/{id:relationships:1}/meetings",
	 "{\"starts_at\":\"{T+3}\",\"kind\":\"kickoff\",\"channel\":\"phone\"}", 201, "meetings", 0},
	/* 2: goal setting, an agreement signed by one. */
	{E2, "POST", "/api/v1/relationships/{id:relationships:2}/meetings", KICKOFF, 201, "meetings", 0},
	{R, "PATCH", "/api/v1/meetings/{id:meetings:3}", HELD, 200, NULL, 0},
	{E2, "PUT", "/api/v1/relationships/{id:relationships:2}/agreement", AGREEMENT, 200, NULL, 0},
	{E2, "POST", "/api/v1/relationships/{id:relationships:2}/agreement/sign", NULL, 200, NULL, 0},
	{E2, "POST", "/api/v1/relationships/{id:relationships:2}/goals", GOAL, 201, "goals", 0},
	/* 3: closing, 4: completed, 5: alumni. */
	{E, "POST", "/api/v1/relationships/{id:relationships:3}/meetings", KICKOFF, 201, "meetings", 0},
	{R2, "PATCH", "/api/v1/meetings/{id:meetings:4}", HELD, 200, NULL, 0},
	{E, "PUT", "/api/v1/relationships/{id:relationships:3}/agreement", AGREEMENT, 200, NULL, 0},
	{R2, "POST", "/api/v1/relationships/{id:relationships:3}/agreement/sign", NULL, 200, NULL, 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:3}/agreement/sign", NULL, 200, NULL, 0},
	{E, "POST", "/api/v1/relationships/{id:relationships:3}/goals", GOAL, 201, "goals", 0},
	{R2, "POST", "/api/v1/goals/{id:goals:3}/confirm", NULL, 200, NULL, 0},
	{R2, "POST", "/api/v1/relationships/{id:relationships:3}/close", CLOSE_MENTOR, 201, NULL, 0},
	{E3, "POST", "/api/v1/relationships/{id:relationships:4}/meetings", KICKOFF, 201, "meetings", 0},
	{R3, "PATCH", "/api/v1/meetings/{id:meetings:5}", HELD, 200, NULL, 0},
	{E3, "PUT", "/api/v1/relationships/{id:relationships:4}/agreement", AGREEMENT, 200, NULL, 0},
	{R3, "POST", "/api/v1/relationships/{id:relationships:4}/agreement/sign", NULL, 200, NULL, 0},
	{E3, "POST", "/api/v1/relationships/{id:relationships:4}/agreement/sign", NULL, 200, NULL, 0},
	{E3, "POST", "/api/v1/relationships/{id:relationships:4}/goals", GOAL, 201, "goals", 0},
	{R3, "POST", "/api/v1/goals/{id:goals:4}/confirm", NULL, 200, NULL, 0},
	{R3, "POST", "/api/v1/relationships/{id:relationships:4}/close", CLOSE_MENTOR, 201, NULL, 0},
	{E3, "POST", "/api/v1/relationships/{id:relationships:4}/close", CLOSE_MENTEE, 201, NULL, 0},
	{E4, "POST", "/api/v1/relationships/{id:relationships:5}/meetings", KICKOFF, 201, "meetings", 0},
	{R3, "PATCH", "/api/v1/meetings/{id:meetings:6}", HELD, 200, NULL, 0},
	{E4, "PUT", "/api/v1/relationships/{id:relationships:5}/agreement", AGREEMENT, 200, NULL, 0},
	{R3, "POST", "/api/v1/relationships/{id:relationships:5}/agreement/sign", NULL, 200, NULL, 0},
	{E4, "POST", "/api/v1/relationships/{id:relationships:5}/agreement/sign", NULL, 200, NULL, 0},
	{E4, "POST", "/api/v1/relationships/{id:relationships:5}/goals", GOAL, 201, "goals", 0},
	{R3, "POST", "/api/v1/goals/{id:goals:5}/confirm", NULL, 200, NULL, 0},
	{R3, "POST", "/api/v1/relationships/{id:relationships:5}/close", CLOSE_MENTOR, 201, NULL, 0},
	{E4, "POST", "/api/v1/relationships/{id:relationships:5}/close", CLOSE_MENTEE, 201, NULL, 0},
	{E4, "POST", "/api/v1/relationships/{id:relationships:5}/keep-in-touch", "{\"every_days\":30}", 200, NULL, 0},
	{R3, "POST", "/api/v1/relationships/{id:relationships:5}/meetings",
	 "{\"starts_at\":\"{T+20}\",\"kind\":\"coffee\",\"channel\":\"in_person\"}", 201, "meetings", 0},

	/* Matching, requests, settings, the feed. */
	{M, "POST", "/api/v1/programs/{id:programs:0}/match-runs", "{\"algorithm\":\"optimal\"}", 201, "match-runs", 0},
	{O, "POST", "/api/v1/programs/{id:programs:1}/mentor-requests",
	 "{\"mentor_id\":{u:mentor2},\"message\":\"Would you mentor me?\"}", 201, "mentor-requests", 0},
	{M, "PUT", "/api/v1/programs/{id:programs:0}/health-settings", "{\"quiet_factor\":3,\"at_risk_below\":70}", 200, NULL, 0},
	{E, "PUT", "/api/v1/me/notifications", "{\"mode\":\"digest\",\"digest_hour\":9}", 200, NULL, 0},
	{E, "POST", "/api/v1/me/calendar-token", NULL, 201, "calendar-token", 0},
	{R, "POST", "/api/v1/tokens", "{\"name\":\"script\"}", 201, "tokens", 0},
};

static void put_date(buf_t *b, int days)
{
	char d[16];
	time_t t = (time_t)epoch + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(d, sizeof(d), "%Y-%m-%d", &tm);
	buf_puts(b, d);
}

/* Expands the placeholders of one step's text. */
static char *expand(const char *s)
{
	buf_t b = BUF_INIT;
	while (s && *s) {
		const char *open = strchr(s, '{'), *close = open ? strchr(open, '}') : NULL;
		bool ph = open && close &&
			  (!strncmp(open, "{u:", 3) || !strncmp(open, "{id:", 4) || !strncmp(open, "{D", 2) ||
			   !strncmp(open, "{T", 2));
		if (!open) {
			buf_puts(&b, s);
			break;
		}
		if (!ph) {
			buf_append(&b, s, (size_t)(open - s) + 1);
			s = open + 1;
			continue;
		}
		buf_append(&b, s, (size_t)(open - s));
		char key[64];
		snprintf(key, sizeof(key), "%.*s", (int)(close - open - 1), open + 1);
		if (key[0] == 'u') {
			int who = -1;
			for (int i = 0; i < FZ_NCRED; i++)
				if (!strcmp(key + 2, names[i]))
					who = i;
			if (who < 0 || !user_ids[who])
				goto bad;
			buf_printf(&b, "%lld", (long long)user_ids[who]);
		} else if (key[0] == 'i') {
			char *colon = strrchr(key, ':');
			int n;
			const int64_t *ids = fz_ids(key + 3, (size_t)(colon - key - 3), &n);
			int k = atoi(colon + 1);
			if (k >= n)
				goto bad;
			buf_printf(&b, "%lld", (long long)ids[k]);
		} else if (key[0] == 'D') {
			put_date(&b, atoi(key + 1));
		} else {
			put_date(&b, atoi(key + 1));
			buf_puts(&b, "T10:00:00Z");
		}
		s = close + 1;
	}
	return buf_detach(&b, NULL);
bad:
	fprintf(stderr, "fuzz: fixture placeholder not known yet in: %s\n", s);
	abort();
}

void fixture_build(void (*log_in)(int who, const char *email))
{
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const step_t *st = &steps[i];
		if (st->login) {
			log_in(st->login, fixture_email(st->login));
			continue;
		}
		char *path = expand(st->path), *body = st->body ? expand(st->body) : NULL;
		fz_req_t q = {.method = st->method, .path = path, .body = body, .body_len = body ? strlen(body) : 0,
			      .content_type = body ? "application/json" : NULL, .who = st->who, .auth = FZ_COOKIE};
		const fz_resp_t *r = fz_run(&q);
		if (r->status != st->status) {
			fprintf(stderr, "fuzz: fixture step %zu (%s %s %s) answered %d, not %d: %s\n", i, st->method,
				path, body ? body : "", r->status, st->status, r->body);
			abort();
		}
		json_t *j = st->save ? json_loadb(r->body, r->len, 0, NULL) : NULL;
		if (st->save && !strcmp(st->save, "calendar-token")) {
			const char *tok = json_string_value(json_object_get(j, "token"));
			calendar_token = tok ? xstrdup(tok) : NULL;
		} else if (st->save) {
			int64_t id = json_integer_value(json_object_get(j, "id"));
			save(st->save, id);
			const char *email =
				strcmp(st->save, "users") ? NULL : json_string_value(json_object_get(j, "email"));
			for (int w = 0; email && w < FZ_NCRED; w++)
				if (!strcmp(fixture_email(w), email))
					user_ids[w] = id;
		}
		json_decref(j);
		free(path);
		free(body);
	}
}
