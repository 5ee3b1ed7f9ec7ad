/* The health of a page of relationships (svc_health_rels), as every list of
 * relationships shows it: a batch must cost a fixed number of statements
 * however long it is (no query per relationship), and must answer each
 * relationship exactly as a batch of one does, in any order, with each
 * program's own thresholds. The fixture is two programs whose pairs cycle
 * through the missteps, built through the store with the clock pinned. */
#include "tmpdb.h"
#include "core/buf.h"
#include "svc/health.h"

/* 2026-01-01T00:00:00Z, when everything starts; checked 40 days later. */
#define T0 1767225600LL
#define DAY 86400LL
#define CHECK_AT (T0 + 40 * DAY)
#define NREL 64

enum { K_HEALTHY, K_QUIET, K_SCHEDULE, K_CREDIT, K_PUSHED, K_REPEATED, K_ONE_SIDED, K_OVERDUE, K_COUNT };
static const char *const expected[K_COUNT] = {
	NULL, "gone_quiet", "schedule_imposed", "credit_taken", "projects_pushed", "repeated_mistakes",
	"one_sided", "overdue_goals"};

static tmpdb_t t;
static relationship_t rels[NREL];
static int64_t strict_program; /* repeat_min 3: two repeats are not a pattern there */

static void at(int64_t when)
{
	char s[32];
	snprintf(s, sizeof(s), "%lld", (long long)when);
	setenv("MENTORD_NOW", s, 1);
}

static void ok(int st)
{
	cr_assert_eq(st, DB_OK, "store: %s", db_errmsg(t.db));
}

static int64_t user(const char *kind, int i)
{
	char email[64], name[64];
	snprintf(email, sizeof(email), "%s%d@example.org", kind, i);
	snprintf(name, sizeof(name), "%s %d", kind, i);
	user_t u = {.email = email, .name = name, .role = ROLE_MEMBER, .active = true};
	int64_t id = 0;
	ok(store_user_insert(t.db, &u, NULL, &id));
	return id;
}

static int64_t meeting(const relationship_t *r, int64_t by, int64_t starts, bool in_mentee_hours)
{
	meeting_row_t m = {.relationship_id = r->id, .starts_at = starts, .duration_min = 60, .channel = "video",
			   .kind = "regular", .status = "scheduled", .in_mentee_hours = in_mentee_hours,
			   .in_mentor_hours = true, .created_by = by};
	int64_t id = 0;
	ok(store_meeting_insert(t.db, &m, &id));
	return id;
}

static int64_t goal(const relationship_t *r, const char *due_on)
{
	goal_row_t g = {.relationship_id = r->id, .title = "Lead the weekly demo", .outcome = "Runs it alone",
			.term = "short", .metric = "demos led", .due_on = due_on, .relevance = "growth",
			.status = "active", .has_baseline = true, .baseline = 0, .has_target = true, .target = 4};
	int64_t id = 0;
	ok(store_goal_insert(t.db, &g, r->mentee_id, &id));
	return id;
}

/* Both propose, meetings in the mentee's hours, actions serve goals. */
static void healthy(const relationship_t *r)
{
	int64_t g = goal(r, "2026-06-30"), id;
	int64_t m = meeting(r, r->mentee_id, T0 + 2 * DAY, true);
	meeting(r, r->mentor_id, T0 + 16 * DAY, true);
	ok(store_agenda_add(t.db, m, r->mentee_id, "How do I prepare a demo?", true, &id));
	ok(store_agenda_add(t.db, m, r->mentor_id, "Review last week", false, &id));
	ok(store_action_add(t.db, r->id, 0, "Draft the outline", r->mentee_id, "2026-01-20", g, r->mentor_id, &id));
}

/* Relationship i shows misstep i % K_COUNT. */
static void misstep(const relationship_t *r, int kind)
{
	int64_t id, m1, m2, c;
	switch (kind) {
	case K_HEALTHY:
		healthy(r);
		break;
	case K_QUIET:
		goal(r, "2026-06-30");
		return; /* and no message below */
	case K_SCHEDULE:
		healthy(r);
		meeting(r, r->mentor_id, T0 + 20 * DAY, false);
		m2 = meeting(r, r->mentor_id, T0 + 22 * DAY, false);
		ok(store_reschedule_add(t.db, m2, T0 + 21 * DAY, T0 + 22 * DAY, r->mentor_id, "travel"));
		break;
	case K_CREDIT:
		healthy(r);
		ok(store_concern_add(t.db, r->id, r->mentee_id, "Demos run long", "", &c));
		ok(store_idea_add(t.db, c, r->mentee_id, "Timebox each demo", &id));
		ok(store_idea_credit(t.db, id, r->mentee_id, r->mentor_id, r->mentee_id));
		ok(store_win_add(t.db, r->id, r->mentor_id, "Demos are short now", 0, id, &id));
		break;
	case K_PUSHED:
		healthy(r);
		ok(store_action_add(t.db, r->id, 0, "Migrate my wiki", r->mentee_id, "2026-02-01", 0, r->mentor_id, &id));
		ok(store_action_add(t.db, r->id, 0, "Fix my build", r->mentee_id, "2026-02-01", 0, r->mentor_id, &id));
		break;
	case K_REPEATED:
		healthy(r);
		m1 = meeting(r, r->mentee_id, T0 + 5 * DAY, true);
		m2 = meeting(r, r->mentor_id, T0 + 12 * DAY, true);
		ok(store_feedback_add(t.db, m1, r->mentor_id, r->mentee_id, 3, "", "Listening,clarity", &id));
		ok(store_feedback_add(t.db, m2, r->mentor_id, r->mentee_id, 3, "", "listening", &id));
		break;
	case K_ONE_SIDED:
		goal(r, "2026-06-30");
		for (int i = 0; i < 4; i++) {
			m1 = meeting(r, r->mentor_id, T0 + (3 + 7 * i) * DAY, true);
			ok(store_agenda_add(t.db, m1, r->mentor_id, "My topic", false, &id));
		}
		break;
	case K_OVERDUE:
		healthy(r);
		goal(r, "2026-01-20");
		break;
	}
	/* Recent contact; and for some a meeting booked ahead, whose latest
	 * started meeting has to be looked up. */
	at(CHECK_AT - DAY);
	ok(store_message_add(t.db, r->id, r->mentee_id, "see you soon", &id));
	if (r->id % 3 == 0)
		meeting(r, r->mentee_id, CHECK_AT + 5 * DAY, true);
	at(T0);
}

static void setup(void)
{
	tmpdb_open(&t, true);
	at(T0);
	ok(db_begin(t.db));
	int64_t programs[2];
	for (int p = 0; p < 2; p++) {
		program_t prog = {.name = p ? "Strict cohort" : "Health cohort", .description = "",
				  .kind = "one_to_one", .starts_on = "2026-01-01", .ends_on = "2026-12-31",
				  .matching = "optimal", .cadence_days = 14, .max_mentors_per_mentee = 2,
				  .weights_json = "{}"};
		ok(store_program_insert(t.db, &prog, 0, &programs[p]));
	}
	strict_program = programs[1];
	health_thresholds_t strict;
	health_thresholds_default(&strict);
	strict.repeat_min = 3;
	ok(store_health_settings_put(t.db, strict_program, &strict, 0));
	for (int i = 0; i < NREL; i++) {
		/* Both programs see every misstep: blocks of K_COUNT alternate. */
		relationship_t *r = &rels[i];
		*r = (relationship_t){.program_id = programs[(i / K_COUNT) % 2], .mentor_id = user("mentor", i),
				      .mentee_id = user("mentee", i), .origin = "manual", .program_cadence_days = 14};
		ok(store_rel_insert(t.db, r, 0, &r->id));
		misstep(r, i % K_COUNT);
	}
	ok(db_commit(t.db));
	at(CHECK_AT);
}

static void teardown(void)
{
	unsetenv("MENTORD_NOW");
	tmpdb_close(&t);
}

TestSuite(health_batch, .init = setup, .fini = teardown);

static svc_t svc(void)
{
	svc_t s;
	svc_init_cli(&s, t.db, t.a, (secret_cost_t){0});
	return s;
}

/* The statements one call of svc_health_rels runs for the batch. */
static uint64_t statements_for(const relationship_t *batch, int n)
{
	svc_t s = svc();
	RelationshipHealth_t *out = arena_alloc(t.a, sizeof(*out) * (size_t)n);
	bool *known = arena_alloc(t.a, sizeof(bool) * (size_t)n);
	uint64_t before = db_statements_run(t.db);
	cr_assert_eq(svc_health_rels(&s, batch, n, out, known), SVC_OK);
	for (int i = 0; i < n; i++)
		cr_assert(known[i], "relationship %lld has a rollup", (long long)batch[i].id);
	return db_statements_run(t.db) - before;
}

Test(health_batch, a_page_costs_a_fixed_number_of_statements)
{
	/* Two blocks (every misstep in both programs) against the whole list. */
	uint64_t few = statements_for(rels, 2 * K_COUNT), all = statements_for(rels, NREL);
	/* Each program's thresholds, the rollups and their tags, the latest
	 * started meetings, and at most nine kinds of evidence. */
	cr_assert_leq(all, 2 + 3 + 9, "a batch of %d runs %llu statements", NREL, (unsigned long long)all);
	cr_assert_eq(all, few, "%d relationships run %llu statements, %d run %llu: the cost grows with the list",
		     NREL, (unsigned long long)all, 2 * K_COUNT, (unsigned long long)few);
	cr_assert_eq(statements_for(rels, 0), 0);
}

static const char *describe(const RelationshipHealth_t *h)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "%lld %d:", (long long)h->score, h->at_risk);
	for (int f = 0; f < h->flags.n; f++) {
		const HealthFlag_t *fl = &h->flags.v[f];
		buf_printf(&b, " %s/%s/%s [%s]", fl->code, fl->severity, fl->title, fl->message ? fl->message : "-");
		for (int e = 0; e < fl->evidence.n; e++)
			buf_printf(&b, " %s", fl->evidence.v[e].href);
	}
	const char *s = arena_strdup(t.a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static const char *alone(const relationship_t *r)
{
	svc_t s = svc();
	RelationshipHealth_t h;
	bool known = false;
	cr_assert_eq(svc_health_rels(&s, r, 1, &h, &known), SVC_OK);
	cr_assert(known);
	return describe(&h);
}

Test(health_batch, a_batch_answers_each_as_a_batch_of_one)
{
	/* The list backwards, with a relationship repeated and one unknown. */
	enum { N = NREL + 2 };
	relationship_t batch[N];
	for (int i = 0; i < NREL; i++)
		batch[i] = rels[NREL - 1 - i];
	batch[NREL] = rels[K_SCHEDULE];
	batch[NREL + 1] = (relationship_t){.id = 999999, .program_id = rels[0].program_id};
	RelationshipHealth_t out[N];
	bool known[N];
	svc_t s = svc();
	cr_assert_eq(svc_health_rels(&s, batch, N, out, known), SVC_OK);
	cr_assert(!known[NREL + 1], "no rollup, no health");
	for (int i = 0; i < NREL + 1; i++) {
		cr_assert(known[i]);
		const char *got = describe(&out[i]), *want = alone(&batch[i]);
		cr_assert_str_eq(got, want, "relationship %lld", (long long)batch[i].id);
	}
	/* And each shows its own misstep, with its program's thresholds. */
	for (int i = 0; i < NREL; i++) {
		const RelationshipHealth_t *h = &out[NREL - 1 - i];
		const char *code = expected[i % K_COUNT];
		if (i % K_COUNT == K_REPEATED && rels[i].program_id == strict_program)
			code = NULL;
		cr_assert_eq(h->flags.n, code ? 1 : 0, "relationship %d: %s", i, describe(h));
		if (code) {
			cr_assert_str_eq(h->flags.v[0].code, code, "relationship %d: %s", i, describe(h));
			cr_assert_gt(h->flags.v[0].evidence.n, 0, "relationship %d: %s", i, describe(h));
		}
	}
}
