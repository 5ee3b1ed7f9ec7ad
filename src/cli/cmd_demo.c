/* mentord demo: fills a database with a realistic organisation so a new user
 * sees something real at once: about 200 people over ten departments with
 * management chains, varied profiles (skills, interests, languages, time
 * zones, weekly availability), and a mentoring program with mentors and
 * mentees enrolled, and one relationship in its working phase with its
 * history (kickoff, agreement, goals, board, messages) and an open NPS
 * survey the mentee has answered and the mentor has yet to, and the guidance
 * library with a few votes, a comment and an answered request
 * (cmd_articles.c). Deterministic for a given --seed and day. The
 * organisation is written in one transaction: an interrupted demo leaves
 * the database as it was; the library follows in its own. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/phase.h"
#include "core/profile.h"
#include "core/timeutil.h"
#include "core/tzconv.h"
#include "http/auth.h"
#include "store/store.h"
#include "store/stmts.h"
#include "svc/survey.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "mentord-demo"
#define DEMO_PEOPLE 200

static const char usage[] =
	"usage: mentord demo [--db URL] [--seed N]\n"
	"\n"
	"Creates a demo organisation in a new (empty) database: ~200 people, their\n"
	"profiles and management chains, and a mentoring program with mentors and mentees.\n"
	"Prints the logins. Refuses to touch a database that already has users.\n";

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: small, fast, and reproducible across platforms. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

#define PICK(arr) (arr[rnd(sizeof(arr) / sizeof(arr[0]))])
#define COUNT(arr) ((int)(sizeof(arr) / sizeof(arr[0])))

static const char *const first[] = {
	"Aisha", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kofi",
	"Lena", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Victor",
	"Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Diego", "Emeka", "Freya", "Gustavo",
	"Hana", "Ivan", "Julia", "Kenji", "Leila", "Marek", "Nina", "Olu", "Paula", "Rahul", "Sofia",
	"Tomás", "Valentina", "William", "Yara", "Zainab", "Anders"};
static const char *const last[] = {
	"Okafor", "Schmidt", "García", "Ivanova", "Tanaka", "Haddad", "Nguyen", "Kowalski", "Silva",
	"Müller", "Mensah", "Rossi", "Johansson", "Patel", "Dubois", "Kim", "Hernández", "Andersen",
	"Cohen", "Osei", "Yamamoto", "Novak", "Fischer", "Costa", "Singh", "Larsen", "Moreau", "Chen",
	"Adeyemi", "Bianchi", "Kaya", "Lindqvist", "Mbeki", "O'Brien", "Petrov", "Santos"};

typedef struct dept {
	const char *name;
	const char *skills[8];
} dept_t;

static const dept_t depts[] = {
	{"Engineering", {"C", "distributed systems", "code review", "system design", "testing",
			 "performance tuning", "Kubernetes", "incident response"}},
	{"Product", {"product discovery", "roadmapping", "user research", "prioritisation",
		     "stakeholder management", "metrics", "writing specs", "experimentation"}},
	{"Design", {"interaction design", "accessibility", "design systems", "prototyping",
		    "user research", "visual design", "facilitation", "storytelling"}},
	{"Data", {"SQL", "statistics", "experimentation", "data modelling", "Python", "dashboards",
		  "machine learning", "metrics"}},
	{"Sales", {"negotiation", "account planning", "public speaking", "forecasting",
		   "storytelling", "stakeholder management", "presentation skills", "CRM"}},
	{"Marketing", {"brand strategy", "content writing", "SEO", "campaign planning", "analytics",
		       "public speaking", "storytelling", "social media"}},
	{"Finance", {"budgeting", "forecasting", "financial modelling", "Excel", "risk management",
		     "negotiation", "compliance", "presentation skills"}},
	{"People", {"coaching", "conflict resolution", "hiring", "facilitation", "employment law",
		    "career development", "feedback", "change management"}},
	{"Customer Success", {"customer empathy", "escalation handling", "onboarding", "writing",
			      "account planning", "product knowledge", "negotiation", "training"}},
	{"Operations", {"process design", "project management", "vendor management", "budgeting",
			"risk management", "lean", "change management", "planning"}},
};

static const char *const general_skills[] = {
	"leadership", "public speaking", "giving feedback", "time management", "career planning",
	"delegation", "writing", "presentation skills", "managing up", "negotiation", "coaching"};
static const char *const interests[] = {
	"hiking", "chess", "photography", "cooking", "cycling", "running", "jazz", "board games",
	"gardening", "climbing", "reading sci-fi", "podcasts", "volunteering", "sailing", "yoga",
	"woodworking", "football", "travel", "baking", "languages"};
static const char *const languages[] = {"English", "German", "Spanish", "French", "Portuguese",
					"Hindi", "Japanese", "Polish", "Italian", "Swahili"};
static const struct { const char *tz, *city, *lang; } places[] = {
	{"Europe/Berlin", "Berlin", "German"}, {"Europe/London", "London", "English"},
	{"America/New_York", "New York", "English"}, {"America/Los_Angeles", "San Francisco", "English"},
	{"Asia/Singapore", "Singapore", "English"}, {"Asia/Kolkata", "Bengaluru", "Hindi"},
	{"America/Sao_Paulo", "São Paulo", "Portuguese"}, {"Europe/Madrid", "Madrid", "Spanish"},
	{"Europe/Warsaw", "Warsaw", "Polish"}, {"Asia/Tokyo", "Tokyo", "Japanese"},
};
static const char *const titles[] = {"", "Associate", "Junior", "", "Senior", "Senior", "Staff",
				     "Lead", "Principal", "Director", "VP"};
static const char *const channels[] = {"video", "video", "in_person", "phone", "chat"};
static const char *const styles[] = {"structured", "conversational", "flexible"};

/* Picks n distinct entries of pool (size m) into out. */
static void pick_distinct(const char *const *pool, int m, int n, strlist_t *out, arena_t *a)
{
	out->v = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
	out->n = 0;
	for (int tries = 0; out->n < n && tries < 100; tries++) {
		const char *c = pool[rnd((uint32_t)m)];
		bool dup = false;
		for (int i = 0; i < out->n; i++)
			dup |= strcmp(out->v[i], c) == 0;
		if (!dup)
			out->v[out->n++] = c;
	}
}

typedef struct person {
	int64_t id;
	int dept, seniority, place;
	int64_t manager;
} person_t;

static void build_profile(profile_t *p, const person_t *who, arena_t *a)
{
	const dept_t *d = &depts[who->dept];
	p->user_id = who->id;
	p->department = d->name;
	p->seniority = who->seniority;
	p->manager_id = who->manager;
	p->timezone = places[who->place].tz;
	p->location = places[who->place].city;
	if (who->seniority >= 9)
		p->headline = arena_printf(a, "Head of %s", d->name);
	else
		p->headline = arena_printf(a, "%s%s%s specialist", titles[who->seniority],
					   *titles[who->seniority] ? " " : "", d->name);
	p->bio = arena_printf(a, "I have worked in %s for %d years, most recently on %s. Outside work "
			      "you will find me %s.", d->name, 1 + who->seniority * 2,
			      d->skills[rnd(8)], PICK(interests));
	/* Senior people offer their department's skills; juniors want them. */
	int offered = who->seniority >= 5 ? 3 + (int)rnd(3) : 1 + (int)rnd(2);
	pick_distinct(d->skills, 8, offered, &p->skills_offered, a);
	strlist_t wanted;
	pick_distinct(general_skills, COUNT(general_skills), who->seniority >= 6 ? 1 : 2, &wanted, a);
	strlist_t own;
	pick_distinct(depts[rnd(COUNT(depts))].skills, 8, who->seniority >= 6 ? 1 : 2, &own, a);
	p->skills_wanted.v = arena_alloc(a, sizeof(char *) * 6);
	for (int i = 0; i < wanted.n; i++)
		p->skills_wanted.v[p->skills_wanted.n++] = wanted.v[i];
	for (int i = 0; i < own.n; i++) {
		bool dup = false;
		for (int j = 0; j < p->skills_wanted.n; j++)
			dup |= strcmp(p->skills_wanted.v[j], own.v[i]) == 0;
		for (int j = 0; j < p->skills_offered.n; j++)
			dup |= strcmp(p->skills_offered.v[j], own.v[i]) == 0;
		if (!dup)
			p->skills_wanted.v[p->skills_wanted.n++] = own.v[i];
	}
	pick_distinct(interests, COUNT(interests), 2 + (int)rnd(3), &p->interests, a);
	p->languages.v = arena_alloc(a, sizeof(char *) * 3);
	p->languages.v[p->languages.n++] = "English";
	if (strcmp(places[who->place].lang, "English") != 0)
		p->languages.v[p->languages.n++] = places[who->place].lang;
	if (rnd(3) == 0) {
		const char *extra = PICK(languages);
		bool dup = false;
		for (int i = 0; i < p->languages.n; i++)
			dup |= strcmp(p->languages.v[i], extra) == 0;
		if (!dup)
			p->languages.v[p->languages.n++] = extra;
	}
	p->preferred_channel = PICK(channels);
	p->meeting_style = PICK(styles);
	p->preferences = rnd(2) ? "Prefers an agenda shared a day ahead; cameras optional."
				: "Happy to walk and talk; mornings work best.";
	/* Two or three weekday windows in local working hours. */
	int n = 2 + (int)rnd(2);
	p->availability = arena_alloc(a, sizeof(avail_t) * (size_t)n);
	int day = 1 + (int)rnd(2);
	for (int i = 0; i < n && day <= 5; i++, day += 1 + (int)rnd(2)) {
		int start = (9 + (int)rnd(7)) * 60;
		p->availability[p->n_availability++] = (avail_t){day, start, start + 60 + 30 * (int)rnd(3)};
	}
}

static int add_person(db_t *db, arena_t *a, const char *email, const char *name, role_t role,
		      const char *hash, person_t *who)
{
	user_t u = {.email = email, .name = name, .role = role, .active = true};
	int st = store_user_insert(db, &u, hash, &who->id);
	if (st != DB_OK)
		return st;
	profile_t p = {0};
	build_profile(&p, who, a);
	verr_t v = {0};
	profile_validate(&p, &v, a);
	if (v.n) {
		fprintf(stderr, "mentord demo: generated an invalid profile (%s: %s)\n", v.e[0].field,
			v.e[0].msg);
		return DB_ERROR;
	}
	return store_profile_put(db, a, &p);
}

/* The named mentor and mentee get profiles that fit, so their relationship
 * shows what "what you have in common" looks like. */
static int tune_pair(db_t *db, arena_t *a, int64_t mentor_id, int64_t mentee_id)
{
	profile_t *m = NULL, *e = NULL;
	int st = store_profile_get(db, a, mentor_id, &m);
	if (st == DB_OK)
		st = store_profile_get(db, a, mentee_id, &e);
	if (st != DB_OK)
		return st;
	static const char *offered[] = {"public speaking", "system design", "giving feedback", "code review"};
	static const char *wanted[] = {"public speaking", "system design", "career planning"};
	static const char *shared[] = {"hiking", "chess", "photography"};
	static const char *langs_m[] = {"English", "Spanish"}, *langs_e[] = {"English", "German", "Spanish"};
	m->skills_offered = (strlist_t){offered, 4};
	e->skills_wanted = (strlist_t){wanted, 3};
	m->interests = (strlist_t){shared, 3};
	e->interests = (strlist_t){shared, 2};
	m->languages = (strlist_t){langs_m, 2};
	e->languages = (strlist_t){langs_e, 3};
	m->timezone = "Europe/London";
	m->location = "London";
	e->timezone = "Europe/Berlin";
	e->location = "Berlin";
	static avail_t am[] = {{1, 9 * 60, 12 * 60}, {3, 13 * 60, 16 * 60}, {4, 9 * 60, 11 * 60}};
	static avail_t ae[] = {{1, 10 * 60, 13 * 60}, {3, 14 * 60, 17 * 60}, {5, 9 * 60, 10 * 60}};
	m->availability = am;
	m->n_availability = 3;
	e->availability = ae;
	e->n_availability = 3;
	m->preferred_channel = e->preferred_channel = "video";
	st = store_profile_put(db, a, m);
	return st == DB_OK ? store_profile_put(db, a, e) : st;
}

/* Monday 10:00 in London, `weeks` weeks from the coming Monday. */
static int64_t monday_at_ten(int weeks)
{
	local_time_t lt;
	int64_t t = 0, now = time_now();
	tz_to_local("Europe/London", now, &lt);
	int ahead = (8 - lt.weekday) % 7;
	ahead = ahead ? ahead : 7;
	tz_from_local("Europe/London", lt.year, lt.month, lt.day + ahead + 7 * weeks, 10 * 60, &t);
	return t;
}

/* A relationship in its working phase between the named mentor and mentee,
 * with the history a real one has by then, so every page has content. */
static int demo_relationship(db_t *db, arena_t *a, int64_t program_id, int64_t manager,
			     int64_t mentor, int64_t mentee, int64_t *rel_id)
{
	relationship_t rel = {.program_id = program_id, .mentor_id = mentor, .mentee_id = mentee,
			      .origin = "manual"};
	int64_t id, rid, mid, gid, cid, iid;
	int changes;
	int st = store_rel_insert(db, &rel, manager, &rid);
	*rel_id = rid;
	meeting_row_t kickoff = {.relationship_id = rid, .starts_at = monday_at_ten(-4), .duration_min = 60,
				 .channel = "video", .kind = "kickoff", .status = "scheduled",
				 .in_mentee_hours = true, .in_mentor_hours = true, .created_by = mentee};
	if (st == DB_OK)
		st = store_meeting_insert(db, &kickoff, &kickoff.id);
	kickoff.status = "held";
	kickoff.sequence = 1;
	if (st == DB_OK)
		st = store_meeting_update(db, &kickoff);
	if (st == DB_OK)
		st = store_agenda_add(db, kickoff.id, mentee, "How did you get started with public speaking?", true, &id);
	if (st == DB_OK)
		st = store_note_add(db, kickoff.id, mentee, "We both like **hiking**. Agreed to meet every two weeks "
				    "on Mondays; agenda shared a day ahead.", false, &id);
	if (st == DB_OK)
		st = store_rel_set_phase(db, rid, PHASE_GOAL_SETTING, mentee, "kickoff held");
	if (st == DB_OK)
		st = store_agreement_put(db, rid, mentee, "Become a confident speaker in front of senior leaders",
			"Present our team's results at the quarterly all-hands", 14, 24,
			"What we discuss stays between us unless we both agree to share it");
	if (st == DB_OK)
		st = store_agreement_sign(db, rid, true, time_now() - 20 * 86400, &changes);
	if (st == DB_OK)
		st = store_agreement_sign(db, rid, false, time_now() - 20 * 86400, &changes);
	goal_row_t g = {.relationship_id = rid, .title = "Present at the all-hands", .term = "short",
			.outcome = "Give a ten-minute talk on our results at the next all-hands",
			.metric = "rehearsals with feedback", .has_baseline = true, .baseline = 0,
			.has_target = true, .target = 4, .relevance = "Speaking to senior leaders is the purpose of our agreement"};
	char due[32];
	time_format(time_now() + 70 * 86400, due, sizeof(due));
	due[10] = '\0';
	g.due_on = due;
	if (st == DB_OK)
		st = store_goal_insert(db, &g, mentee, &gid);
	if (st == DB_OK)
		st = store_goal_confirm(db, gid, mentor);
	if (st == DB_OK)
		st = store_goal_progress_add(db, gid, 1, "First rehearsal with the team", mentee, &id);
	if (st == DB_OK)
		st = store_rel_set_phase(db, rid, PHASE_WORKING, mentor, "agreement signed and a goal confirmed");
	meeting_row_t next = {.relationship_id = rid, .starts_at = monday_at_ten(0), .duration_min = 45,
			      .channel = "video", .kind = "regular", .rrule = "FREQ=WEEKLY;INTERVAL=2;COUNT=8",
			      .status = "scheduled", .in_mentee_hours = true, .in_mentor_hours = true,
			      .created_by = mentee};
	if (st == DB_OK)
		st = store_meeting_insert(db, &next, &mid);
	if (st == DB_OK)
		st = store_agenda_add(db, mid, mentee, "How do I handle a hard question from a director?", true, &id);
	if (st == DB_OK)
		st = store_concern_add(db, rid, mentee, "Nervous in front of senior leaders",
				       "My voice speeds up when directors are in the room.", &cid);
	if (st == DB_OK)
		st = store_idea_add(db, cid, mentee, "Rehearse with two friendly directors first", &iid);
	if (st == DB_OK)
		st = store_idea_add(db, cid, mentor, "Open with a story, not a slide", &id);
	if (st == DB_OK)
		st = store_concern_plan(db, cid, "Two rehearsals with friendly directors, opening with a story", iid,
					"planned");
	if (st == DB_OK)
		st = store_action_add(db, rid, cid, "Book a rehearsal with two directors", mentee, due, gid, mentee, &id);
	if (st == DB_OK)
		st = store_win_add(db, rid, mentee, "First rehearsal done: the story opening worked", gid, iid, &id);
	if (st == DB_OK)
		st = store_message_add(db, rid, mentor, "Great rehearsal today. Same time in two weeks?", &id);
	if (st == DB_OK)
		st = store_message_add(db, rid, mentee, "Yes! I'll bring the new opening.", &id);
	if (st == DB_OK)
		st = store_checkin_add(db, rid, mentee, 4, "Feeling more confident", &id);
	if (st == DB_OK)
		st = store_learning_add(db, rid, mentor, "to_mentor", "How the new analytics dashboards are built", &id);
	return st;
}

/* An open NPS survey of the program, every 30 days from the match: its
 * first round sent to the demo pair, the mentee's answered, the mentor's
 * waiting in their inbox (as the due job and the answer page would leave
 * them). */
static int demo_survey(db_t *db, arena_t *a, int64_t program_id, int64_t manager, int64_t rel_id, int64_t mentor,
		       int64_t mentee)
{
	int64_t sid = 0, mine = 0, theirs = 0, now = time_now();
	bool found = false;
	int st = sql_survey_insert(db, program_id, "How is your mentoring going?", "nps", "both", 0, 30, manager,
				   now, &sid, &found);
	if (st == DB_OK)
		st = sql_survey_question_add(db, sid, 1, "nps", survey_nps_prompt, true, "");
	if (st == DB_OK)
		st = sql_survey_question_add(db, sid, 2, "rating", "How useful were your last meetings?", true, "");
	if (st == DB_OK)
		st = sql_survey_question_add(db, sid, 3, "choice", "What helps you most?", false,
					     "Meetings\nMessages\nGoals\nThe guides");
	if (st == DB_OK)
		st = sql_survey_question_add(db, sid, 4, "text", "What would make the program better?", false, "");
	if (st == DB_OK)
		st = sql_survey_status_set(db, sid, "open", now, NULL);
	if (st == DB_OK)
		st = sql_survey_response_claim(db, sid, rel_id, mentee, "mentee", 1, now, &mine, &found);
	if (st == DB_OK)
		st = sql_survey_response_claim(db, sid, rel_id, mentor, "mentor", 1, now, &theirs, &found);
	row_survey_question_t *qs;
	int n = 0;
	if (st == DB_OK)
		st = sql_survey_questions_of(db, a, sid, &qs, &n);
	if (st == DB_OK && n == 4) {
		st = sql_survey_answer_add(db, mine, qs[0].id, 9, NULL, NULL);
		if (st == DB_OK)
			st = sql_survey_answer_add(db, mine, qs[1].id, 4, NULL, NULL);
		if (st == DB_OK)
			st = sql_survey_answer_add(db, mine, qs[2].id, 0, "Meetings", NULL);
		if (st == DB_OK)
			st = sql_survey_answer_add(db, mine, qs[3].id, 0, NULL, "More examples of good agendas");
		if (st == DB_OK)
			st = sql_survey_response_answered(db, mine, now, NULL);
	}
	return st;
}

static int fill(db_t *db, arena_t *a, const char *hash, int64_t *program_id)
{
	person_t *people = arena_alloc(a, sizeof(person_t) * DEMO_PEOPLE);
	int64_t heads[COUNT(depts)];
	int st = DB_OK, n = 0;
	/* Named accounts first, so their ids are easy to find. */
	people[n] = (person_t){.dept = 7, .seniority = 8, .place = 1};
	st = add_person(db, a, "admin@demo.mentord.test", "Ada Admin", ROLE_ADMIN, hash, &people[n++]);
	people[n] = (person_t){.dept = 7, .seniority = 7, .place = 0};
	if (st == DB_OK)
		st = add_person(db, a, "manager@demo.mentord.test", "Maya Manager", ROLE_MANAGER, hash,
				&people[n++]);
	for (int d = 0; st == DB_OK && d < COUNT(depts); d++) {
		people[n] = (person_t){.dept = d, .seniority = 9, .place = (int)rnd(COUNT(places))};
		const char *fn = PICK(first), *ln = PICK(last);
		st = add_person(db, a, arena_printf(a, "head.%d@demo.mentord.test", d + 1),
				arena_printf(a, "%s %s", fn, ln), ROLE_MEMBER, NULL, &people[n]);
		heads[d] = people[n++].id;
	}
	int64_t mentor_id = 0, mentee_id = 0;
	for (int i = 0; st == DB_OK && n < DEMO_PEOPLE; i++) {
		int d = (int)rnd(COUNT(depts));
		int sen = 1 + (int)rnd(8);
		/* Early seniors become leads others report to. */
		int64_t boss = heads[d];
		for (int j = n - 1; j >= 2 + COUNT(depts) && sen < 7; j--)
			if (people[j].dept == d && people[j].seniority >= 7) {
				boss = people[j].id;
				break;
			}
		people[n] = (person_t){.dept = d, .seniority = sen, .place = (int)rnd(COUNT(places)),
				       .manager = boss};
		const char *email, *h = NULL;
		if (!mentor_id && sen >= 7) {
			email = "mentor@demo.mentord.test";
			h = hash;
		} else if (!mentee_id && sen <= 3) {
			email = "mentee@demo.mentord.test";
			h = hash;
		} else {
			email = arena_printf(a, "person.%d@demo.mentord.test", n + 1);
		}
		const char *name = arena_printf(a, "%s %s", PICK(first), PICK(last));
		st = add_person(db, a, email, name, ROLE_MEMBER, h, &people[n]);
		if (h && sen >= 7)
			mentor_id = people[n].id;
		else if (h)
			mentee_id = people[n].id;
		n++;
	}
	if (st != DB_OK)
		return st;
	program_t prog = {
		.name = "2027 Growth Mentoring",
		.description = "A six-month, one-to-one program pairing experienced colleagues with people "
			       "early in their careers, across departments.",
		.kind = "one_to_one", .starts_on = "2027-01-11", .ends_on = "2027-07-09",
		.matching = "optimal", .cadence_days = 14, .max_mentors_per_mentee = 2,
		.weights_json = "{\"availability\":10,\"department\":5,\"interests\":10,\"languages\":10,"
				"\"seniority\":10,\"skills\":40,\"timezone\":15}"};
	if ((st = store_program_insert(db, &prog, people[1].id, program_id)) != DB_OK)
		return st;
	if ((st = store_program_set_managers(db, *program_id, &people[1].id, 1)) != DB_OK)
		return st;
	int mentors = 0, mentees = 0;
	for (int i = 2; st == DB_OK && i < n; i++) {
		participant_t part = {.program_id = *program_id, .user_id = people[i].id};
		if (people[i].seniority >= 6 && (mentors < 45 || people[i].id == mentor_id)) {
			part.role = "mentor";
			part.capacity = 1 + (int)rnd(3);
			mentors++;
		} else if (people[i].seniority <= 4 && (mentees < 90 || people[i].id == mentee_id)) {
			part.role = "mentee";
			part.capacity = 1;
			mentees++;
		} else {
			continue;
		}
		int64_t id;
		st = store_participant_insert(db, &part, &id);
	}
	if (st == DB_OK)
		st = tune_pair(db, a, mentor_id, mentee_id);
	int64_t rel_id = 0;
	if (st == DB_OK)
		st = demo_relationship(db, a, *program_id, people[1].id, mentor_id, mentee_id, &rel_id);
	if (st == DB_OK)
		st = demo_survey(db, a, *program_id, people[1].id, rel_id, mentor_id, mentee_id);
	if (st == DB_OK)
		printf("created %d people in %d departments; program \"%s\" with %d mentors and %d mentees\n",
		       n, COUNT(depts), prog.name, mentors, mentees);
	return st;
}

int cmd_demo(int argc, char **argv, config_t *cfg)
{
	static const struct option longopts[] = {
		{"seed", required_argument, NULL, 's'}, CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int opt;
	rng_state = 0x6d656e746f7264ULL; /* "mentord" */
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int c = cli_common_opt(cfg, opt, optarg);
		if (c < 0)
			return 2;
		if (c)
			continue;
		if (opt == 's') {
			rng_state ^= strtoull(optarg, NULL, 10) * 0x9E3779B97F4A7C15ULL;
			if (!rng_state)
				rng_state = 1;
		} else if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	app_t app;
	if (cli_open(cfg, &app, 1) != 0)
		return 1;
	db_t *db = db_pool_acquire(app.pool);
	arena_t *a = arena_new();
	int64_t users = 0, program_id = 0;
	int rc = 1;
	char hash[crypto_pwhash_STRBYTES];
	user_t *admin = NULL;
	int st = store_user_count(db, &users);
	if (st == DB_OK)
		st = store_user_by_email(db, a, "admin@demo.mentord.test", &admin, NULL);
	if (st == DB_OK && admin) {
		/* Running the README's first command twice just serves again. */
		printf("%s already holds the demo organisation (password for all: %s)\n", cfg->db_shown,
		       DEMO_PASSWORD);
		rc = cli_demo_guides(db, 0); /* a demo made before the guides gets them */
		goto done;
	}
	if (st == DB_OK && users > 0) {
		fprintf(stderr, "mentord demo: %s already has %lld users; use a new database file\n",
			cfg->db_shown, (long long)users);
		goto done;
	}
	if (auth_hash_password(&app, DEMO_PASSWORD, hash) != 0) {
		fprintf(stderr, "mentord demo: cannot hash the demo password\n");
		goto done;
	}
	if (st == DB_OK)
		st = db_begin(db);
	if (st == DB_OK)
		st = fill(db, a, hash, &program_id);
	if (st == DB_OK)
		st = db_commit(db);
	if (st != DB_OK) {
		db_rollback(db);
		fprintf(stderr, "mentord demo: %s\n", db_errmsg(db));
		goto done;
	}
	if (cli_demo_guides(db, program_id))
		goto done;
	printf("\nDemo logins (password for all: %s)\n"
	       "  admin@demo.mentord.test    administrator\n"
	       "  manager@demo.mentord.test  program manager of program %lld\n"
	       "  mentor@demo.mentord.test   a mentor in that program\n"
	       "  mentee@demo.mentord.test   a mentee in that program, working with the mentor\n",
	       DEMO_PASSWORD, (long long)program_id);
	rc = 0;
done:
	arena_free(a);
	db_pool_release(app.pool, db);
	cli_close(&app);
	return rc;
}
