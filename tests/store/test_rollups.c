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
