/* Counts the store keeps with their rows (migration 0008): a program's
 * mentors and mentees follow enrolments as they are added, change role,
 * move and are removed, so listing programs never counts participants. */
#include "tmpdb.h"
#include "core/timeutil.h"

static int64_t user(tmpdb_t *t, const char *email)
{
	user_t u = {.email = email, .name = email, .role = ROLE_MEMBER, .active = true};
	int64_t id = 0;
	cr_assert_eq(store_user_insert(t->db, &u, NULL, &id), DB_OK, "%s", db_errmsg(t->db));
	return id;
}

static int64_t program(tmpdb_t *t, const char *name)
{
	program_t p = {.name = name, .description = "", .kind = "one_to_one", .starts_on = "2026-01-01",
		       .ends_on = "2026-12-31", .matching = "optimal", .cadence_days = 14,
		       .max_mentors_per_mentee = 2, .weights_json = "{}"};
	int64_t id = 0;
	cr_assert_eq(store_program_insert(t->db, &p, 0, &id), DB_OK, "%s", db_errmsg(t->db));
	return id;
}

static void expect(tmpdb_t *t, int64_t prog, int mentors, int mentees)
{
	program_t *p = NULL;
	cr_assert_eq(store_program_get(t->db, t->a, prog, &p), DB_OK);
	cr_assert_eq(p->n_mentors, mentors, "program %lld: %d mentors, want %d", (long long)prog, p->n_mentors, mentors);
	cr_assert_eq(p->n_mentees, mentees, "program %lld: %d mentees, want %d", (long long)prog, p->n_mentees, mentees);
}

Test(rollups, program_counts_follow_enrolments)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	int64_t a = program(&t, "A"), b = program(&t, "B");
	int64_t u1 = user(&t, "u1@x.org"), u2 = user(&t, "u2@x.org"), u3 = user(&t, "u3@x.org");
	int64_t id;
	participant_t p1 = {.program_id = a, .user_id = u1, .role = "mentor", .capacity = 2};
	participant_t p2 = {.program_id = a, .user_id = u2, .role = "mentee", .capacity = 1};
	participant_t p3 = {.program_id = a, .user_id = u3, .role = "mentee", .capacity = 1};
	cr_assert_eq(store_participant_insert(t.db, &p1, &id), DB_OK);
	cr_assert_eq(store_participant_insert(t.db, &p2, &id), DB_OK);
	cr_assert_eq(store_participant_insert(t.db, &p3, &id), DB_OK);
	expect(&t, a, 1, 2);
	expect(&t, b, 0, 0);
	cr_assert_eq(db_exec(t.db, "UPDATE participants SET role = 'mentor' WHERE user_id = $1",
			     DB_ARGS(DB_INT(u3))), DB_OK);
	expect(&t, a, 2, 1);
	cr_assert_eq(db_exec(t.db, "UPDATE participants SET program_id = $1 WHERE user_id = $2",
			     DB_ARGS(DB_INT(b), DB_INT(u2))), DB_OK);
	expect(&t, a, 2, 0);
	expect(&t, b, 0, 1);
	cr_assert_eq(db_exec(t.db, "DELETE FROM participants WHERE user_id = $1", DB_ARGS(DB_INT(u1))), DB_OK);
	expect(&t, a, 1, 0);
	tmpdb_close(&t);
}

/* The waiting mentees (migration 0080), counted the slow way. */
static int64_t awaiting_counted(tmpdb_t *t, int64_t prog)
{
	int64_t n = -1;
	bool found;
	cr_assert_eq(db_query_int(t->db, &n, &found,
		"SELECT COUNT(*) FROM participants x JOIN users u ON u.id = x.user_id "
		"WHERE x.program_id = $1 AND x.role = 'mentee' AND u.active = 1 AND NOT EXISTS "
		"(SELECT 1 FROM relationships r WHERE r.mentee_id = x.user_id AND r.program_id = x.program_id "
		" AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'))", DB_ARGS(DB_INT(prog))), DB_OK);
	return n;
}

static int64_t awaiting_kept(tmpdb_t *t, int64_t prog)
{
	int64_t n = -1;
	bool found;
	cr_assert_eq(db_query_int(t->db, &n, &found, "SELECT awaiting_match FROM programs WHERE id = $1",
				  DB_ARGS(DB_INT(prog))), DB_OK);
	return n;
}

static void exec(tmpdb_t *t, const char *sql, int64_t a, int64_t b)
{
	cr_assert_eq(db_exec(t->db, sql, DB_ARGS(DB_INT(a), DB_INT(b))), DB_OK, "%s: %s", sql, db_errmsg(t->db));
}

/* A long run of random changes to enrolments, accounts and relationships,
 * the kept count checked against the counted one after each. */
Test(rollups, awaiting_match_follows_every_change)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	enum { PROGRAMS = 2, USERS = 8, STEPS = 600 };
	int64_t prog[PROGRAMS], usr[USERS];
	for (int i = 0; i < PROGRAMS; i++)
		prog[i] = program(&t, i ? "B" : "A");
	for (int i = 0; i < USERS; i++) {
		char email[32];
		snprintf(email, sizeof(email), "w%d@x.org", i);
		usr[i] = user(&t, email);
	}
	static const char *const phases[] = {"getting_to_know", "goal_setting", "working", "closing", "completed",
					     "alumni"};
	unsigned seed = 20261130;
	for (int step = 0; step < STEPS; step++) {
		int64_t p = prog[rand_r(&seed) % PROGRAMS], u = usr[rand_r(&seed) % USERS],
			v = usr[rand_r(&seed) % USERS];
		const char *role = rand_r(&seed) % 3 ? "mentee" : "mentor";
		int64_t id;
		switch (rand_r(&seed) % 8) {
		case 0:
		case 1: {
			participant_t x = {.program_id = p, .user_id = u, .role = role, .capacity = 1};
			store_participant_insert(t.db, &x, &id); /* a duplicate is refused: fine */
			break;
		}
		case 2:
			exec(&t, "DELETE FROM participants WHERE program_id = $1 AND user_id = $2", p, u);
			break;
		case 3:
			db_exec(t.db, "UPDATE participants SET role = CASE role WHEN 'mentee' THEN 'mentor' ELSE 'mentee' END "
				"WHERE program_id = $1 AND user_id = $2", DB_ARGS(DB_INT(p), DB_INT(u)));
			break;
		case 4:
			exec(&t, "UPDATE users SET active = 1 - active WHERE id = $1 AND $2 = $2", u, 0);
			break;
		case 5:
			if (u != v) {
				relationship_t r = {.program_id = p, .mentor_id = v, .mentee_id = u, .origin = "manual"};
				store_rel_insert(t.db, &r, 0, &id);
			}
			break;
		case 6:
			cr_assert_eq(db_exec(t.db, "UPDATE relationships SET phase = $1 WHERE id = (SELECT id FROM relationships "
				"WHERE program_id = $2 ORDER BY (id * 7919) % 101 LIMIT 1)",
				DB_ARGS(DB_TEXT(phases[rand_r(&seed) % 6]), DB_INT(p))), DB_OK, "%s", db_errmsg(t.db));
			break;
		case 7:
			exec(&t, "DELETE FROM relationships WHERE id = (SELECT id FROM relationships WHERE program_id = $1 "
			     "AND mentee_id = $2 LIMIT 1)", p, u);
			break;
		}
		for (int i = 0; i < PROGRAMS; i++)
			cr_assert_eq(awaiting_kept(&t, prog[i]), awaiting_counted(&t, prog[i]),
				     "step %d: program %d keeps %lld waiting, %lld are", step, i,
				     (long long)awaiting_kept(&t, prog[i]), (long long)awaiting_counted(&t, prog[i]));
	}
	tmpdb_close(&t);
}

/* One side's median of the delays d[0..n) (sorted here), rounded down. */
static int64_t median_of(int64_t *d, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && d[j - 1] > d[j]; j--) {
			int64_t x = d[j];
			d[j] = d[j - 1];
			d[j - 1] = x;
		}
	return n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
}

static int64_t one_int(tmpdb_t *t, const char *sql, int64_t rel)
{
	int64_t v = -1;
	bool found = false;
	cr_assert_eq(db_query_int(t->db, &v, &found, sql, DB_ARGS(DB_INT(rel))), DB_OK, "%s", db_errmsg(t->db));
	return found ? v : -1;
}

/* Reply delays and the hours held (migration 0096): a random thread of
 * messages by both members (and someone else, who answers nothing), an
 * accepted mentor request and meetings held, changed and cancelled; the
 * rollup's counts and medians must equal the ones counted here from the
 * definition: a member's message after the other's unanswered ones is a
 * reply, waited on from the first of them. */
Test(rollups, reply_delays_and_held_minutes_follow_every_change)
{
	tmpdb_t t;
	tmpdb_open(&t, true);
	enum { STEPS = 300 };
	int64_t prog = program(&t, "A");
	int64_t mentor = user(&t, "mentor@x.org"), mentee = user(&t, "mentee@x.org"), admin = user(&t, "admin@x.org");
	relationship_t r = {.program_id = prog, .mentor_id = mentor, .mentee_id = mentee, .origin = "manual"};
	int64_t rel = 0;
	cr_assert_eq(store_rel_insert(t.db, &r, admin, &rel), DB_OK, "%s", db_errmsg(t.db));
	cr_assert_eq(db_exec(t.db, "INSERT INTO mentor_requests (program_id, mentee_id, mentor_id, created_at) "
			     "VALUES ($1, $2, $3, 1000)", DB_ARGS(DB_INT(prog), DB_INT(mentee), DB_INT(mentor))), DB_OK);
	cr_assert_eq(db_exec(t.db, "UPDATE mentor_requests SET status = 'accepted', relationship_id = $1, "
			     "answered_at = 1000 + 7200", DB_ARGS(DB_INT(rel))), DB_OK);
	int64_t delays[2][STEPS + 1];
	int n[2] = {0, 0};
	delays[0][n[0]++] = 7200; /* the request: the mentor's first reply */
	int64_t now = 10000, waiting_since = 0;
	int last = -1; /* 0 mentor, 1 mentee: who wrote last of the two */
	int minutes = 0;
	srand(14);
	for (int i = 0; i < STEPS; i++) {
		now += 60 + rand() % 200000;
		int who = rand() % 5; /* 0-1 mentor, 2-3 mentee, 4 someone else */
		int side = who < 2 ? 0 : who < 4 ? 1 : -1;
		int64_t author = side == 0 ? mentor : side == 1 ? mentee : admin;
		cr_assert_eq(db_exec(t.db, "INSERT INTO messages (relationship_id, author_id, body, created_at) "
				     "VALUES ($1, $2, 'x', $3)", DB_ARGS(DB_INT(rel), DB_INT(author), DB_INT(now))), DB_OK);
		if (side < 0)
			continue;
		if (last == !side)
			delays[side][n[side]++] = now - waiting_since;
		if (last != side) {
			last = side;
			waiting_since = now;
		}
		if (i % 10 == 0) {
			int dur = 15 + rand() % 120;
			meeting_row_t m = {.relationship_id = rel, .starts_at = now, .duration_min = dur, .channel = "video",
					   .kind = "regular", .status = "scheduled", .in_mentee_hours = true,
					   .in_mentor_hours = true, .created_by = mentee};
			int64_t id = 0;
			cr_assert_eq(store_meeting_insert(t.db, &m, &id), DB_OK, "%s", db_errmsg(t.db));
			int fate = rand() % 3; /* held; held then longer; held then cancelled */
			cr_assert_eq(db_exec(t.db, "UPDATE meetings SET status = 'held' WHERE id = $1", DB_ARGS(DB_INT(id))),
				     DB_OK);
			if (fate == 1)
				cr_assert_eq(db_exec(t.db, "UPDATE meetings SET duration_min = duration_min + 30 WHERE id = $1",
						     DB_ARGS(DB_INT(id))), DB_OK);
			if (fate == 2)
				cr_assert_eq(db_exec(t.db, "UPDATE meetings SET status = 'cancelled' WHERE id = $1",
						     DB_ARGS(DB_INT(id))), DB_OK);
			minutes += fate == 2 ? 0 : dur + (fate == 1 ? 30 : 0);
		}
	}
	cr_assert_eq(one_int(&t, "SELECT mentor_replies FROM health_activity WHERE relationship_id = $1", rel), n[0]);
	cr_assert_eq(one_int(&t, "SELECT mentee_replies FROM health_activity WHERE relationship_id = $1", rel), n[1]);
	cr_assert_eq(one_int(&t, "SELECT mentor_reply_median FROM health_activity WHERE relationship_id = $1", rel),
		     median_of(delays[0], n[0]));
	cr_assert_eq(one_int(&t, "SELECT mentee_reply_median FROM health_activity WHERE relationship_id = $1", rel),
		     median_of(delays[1], n[1]));
	cr_assert_eq(one_int(&t, "SELECT held_minutes FROM health_activity WHERE relationship_id = $1", rel), minutes);
	tmpdb_close(&t);
}
