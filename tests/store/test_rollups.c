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
