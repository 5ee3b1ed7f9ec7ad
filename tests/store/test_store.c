/* Tests of the domain store functions (store/store.h) on a real SQLite file:
 * users (case-insensitive emails, search with literal LIKE characters,
 * paging, deactivation revoking credentials), sessions and tokens, the
 * login-failure ledger, profiles with every field round-tripped, the
 * manager-cycle check, programs with their managers and visibility, and
 * participants. */
#include "tmpdb.h"
#include "store/store_match.h"

static tmpdb_t t;

static void setup(void)
{
	tmpdb_open(&t, true);
}

static void teardown(void)
{
	tmpdb_close(&t);
}

TestSuite(users, .init = setup, .fini = teardown);
TestSuite(auth, .init = setup, .fini = teardown);
TestSuite(profiles, .init = setup, .fini = teardown);
TestSuite(programs, .init = setup, .fini = teardown);
TestSuite(matching, .init = setup, .fini = teardown);

/* ---- users ---- */

Test(users, insert_get_and_lookup_by_email)
{
	user_t u = {.email = "Ada.Lovelace@Example.ORG", .name = "Ada", .role = ROLE_MANAGER};
	int64_t id = 0;
	cr_assert_eq(store_user_insert(t.db, &u, "argon-hash", &id), DB_OK);
	user_t *got = NULL;
	cr_assert_eq(store_user_get(t.db, t.a, id, &got), DB_OK);
	cr_assert_not_null(got);
	cr_assert_str_eq(got->email, "ada.lovelace@example.org", "emails are stored lower-cased");
	cr_assert_str_eq(got->name, "Ada");
	cr_assert_eq(got->role, ROLE_MANAGER);
	cr_assert(got->active);
	cr_assert(got->has_password);
	cr_assert(got->created_at > 0);
	const char *hash = NULL;
	user_t *by = NULL;
	cr_assert_eq(store_user_by_email(t.db, t.a, "ADA.LOVELACE@example.org", &by, &hash), DB_OK);
	cr_assert_not_null(by);
	cr_assert_eq(by->id, id);
	cr_assert_str_eq(hash, "argon-hash");
	cr_assert_eq(store_user_by_email(t.db, t.a, "nobody@example.org", &by, &hash), DB_OK);
	cr_assert_null(by);
	cr_assert_eq(store_user_get(t.db, t.a, id + 100, &got), DB_OK);
	cr_assert_null(got);
}

Test(users, without_password)
{
	user_t u = {.email = "np@example.org", .name = "No Password", .role = ROLE_MEMBER};
	int64_t id;
	cr_assert_eq(store_user_insert(t.db, &u, NULL, &id), DB_OK);
	user_t *got;
	const char *hash = "x";
	cr_assert_eq(store_user_by_email(t.db, t.a, "np@example.org", &got, &hash), DB_OK);
	cr_assert_not(got->has_password);
	cr_assert_null(hash);
}

Test(users, list_search_and_paging)
{
	tmpdb_user(t.db, "alice@example.org", "Alice Archer", ROLE_MEMBER);
	tmpdb_user(t.db, "bob@example.org", "Bob 100% Builder", ROLE_MEMBER);
	tmpdb_user(t.db, "carol@example.org", "Carol_Coder", ROLE_ADMIN);
	tmpdb_user(t.db, "dan@example.org", "Dan", ROLE_MEMBER);
	user_t *items;
	int n;
	cr_assert_eq(store_user_list(t.db, t.a, &(store_people_filter_t){0}, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 4);
	cr_assert_eq(store_user_list(t.db, t.a, &(store_people_filter_t){.q = "ALICE"}, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(items[0].name, "Alice Archer");
	/* LIKE metacharacters are literal: "%" matches only a real percent. */
	cr_assert_eq(store_user_list(t.db, t.a, &(store_people_filter_t){.q = "%"}, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(items[0].email, "bob@example.org");
	cr_assert_eq(store_user_list(t.db, t.a, &(store_people_filter_t){.q = "_"}, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(items[0].email, "carol@example.org");
	/* Paging: two at a time by id. */
	cr_assert_eq(store_user_list(t.db, t.a, &(store_people_filter_t){0}, 0, 2, &items, &n), DB_OK);
	cr_assert_eq(n, 2);
	int64_t last = items[1].id;
	cr_assert_eq(store_user_list(t.db, t.a, &(store_people_filter_t){0}, last, 2, &items, &n), DB_OK);
	cr_assert_eq(n, 2);
	cr_assert(items[0].id > last);
	cr_assert_eq(store_user_list(t.db, t.a, &(store_people_filter_t){0}, items[1].id, 2, &items, &n), DB_OK);
	cr_assert_eq(n, 0);
	int64_t count = 0;
	cr_assert_eq(store_user_count(t.db, &count), DB_OK);
	cr_assert_eq(count, 4);
}

Test(users, update_and_conflicting_email)
{
	int64_t a = tmpdb_user(t.db, "a@example.org", "A", ROLE_MEMBER);
	tmpdb_user(t.db, "b@example.org", "B", ROLE_MEMBER);
	user_t *u;
	cr_assert_eq(store_user_get(t.db, t.a, a, &u), DB_OK);
	u->name = "Anna";
	u->role = ROLE_ADMIN;
	u->email = "Anna@Example.org";
	cr_assert_eq(store_user_update(t.db, u), DB_OK);
	cr_assert_eq(store_user_get(t.db, t.a, a, &u), DB_OK);
	cr_assert_str_eq(u->name, "Anna");
	cr_assert_str_eq(u->email, "anna@example.org");
	cr_assert_eq(u->role, ROLE_ADMIN);
	u->email = "B@example.org";
	cr_assert_eq(store_user_update(t.db, u), DB_CONSTRAINT);
}

Test(users, deactivate_revokes_sessions_and_tokens)
{
	int64_t id = tmpdb_user(t.db, "leaver@example.org", "Leaver", ROLE_MEMBER);
	cr_assert_eq(store_session_insert(t.db, "sess-hash", id, "csrf", 4000000000LL, "10.0.0.1", "test"), DB_OK);
	int64_t tok;
	cr_assert_eq(store_token_insert(t.db, &(store_token_new_t){.user_id = id, .name = "script", .token_hash = "tok-hash"}, &tok), DB_OK);
	cr_assert_eq(store_user_deactivate(t.db, id), DB_OK);
	auth_row_t *row = NULL;
	cr_assert_eq(store_session_lookup(t.db, t.a, "sess-hash", 1000, "10.0.0.1", &row), DB_OK);
	cr_assert_null(row);
	cr_assert_eq(store_token_lookup(t.db, t.a, "tok-hash", 1000, "10.0.0.9", &row), DB_OK);
	cr_assert_null(row);
	user_t *u;
	cr_assert_eq(store_user_get(t.db, t.a, id, &u), DB_OK);
	cr_assert_not(u->active);
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NOT NULL"), 1);
}

Test(users, new_password_ends_sessions_and_tokens)
{
	int64_t id = tmpdb_user(t.db, "pw@example.org", "Pw", ROLE_MEMBER), tok;
	cr_assert_eq(store_token_insert(t.db, &(store_token_new_t){.user_id = id, .name = "n", .token_hash = "th"}, &tok),
		     DB_OK);
	cr_assert_eq(store_session_insert(t.db, "s1", id, "c", 4000000000LL, "10.0.0.1", "test"), DB_OK);
	cr_assert_eq(store_user_set_password(t.db, id, "new-hash", NULL, NULL), DB_OK);
	auth_row_t *row = NULL;
	cr_assert_eq(store_session_lookup(t.db, t.a, "s1", 1000, "10.0.0.1", &row), DB_OK);
	cr_assert_null(row);
	const char *hash;
	user_t *u;
	cr_assert_eq(store_user_by_email(t.db, t.a, "pw@example.org", &u, &hash), DB_OK);
	cr_assert_str_eq(hash, "new-hash");
	cr_assert_eq(store_token_lookup(t.db, t.a, "th", 1000, "10.0.0.9", &row), DB_OK);
	cr_assert_null(row, "a new password revokes the tokens too");
}

Test(users, audit_rows)
{
	int64_t id = tmpdb_user(t.db, "aud@example.org", "Aud", ROLE_ADMIN);
	cr_assert_eq(store_audit(t.db, id, "user.create", "user", id, "x"), DB_OK);
	cr_assert_eq(store_audit(t.db, 0, "system", "none", 0, NULL), DB_OK);
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE actor_id IS NULL AND object_id IS NULL"), 1);
}

/* ---- sessions, tokens, login failures ---- */

Test(auth, sessions_expire_and_can_be_deleted)
{
	int64_t id = tmpdb_user(t.db, "s@example.org", "S", ROLE_MANAGER);
	cr_assert_eq(store_session_insert(t.db, "h1", id, "csrf-1", 2000, "10.0.0.1", "test"), DB_OK);
	auth_row_t *row = NULL;
	cr_assert_eq(store_session_lookup(t.db, t.a, "h1", 1999, "10.0.0.1", &row), DB_OK);
	cr_assert_not_null(row);
	cr_assert_eq(row->user_id, id);
	cr_assert_eq(row->role, ROLE_MANAGER);
	cr_assert_str_eq(row->csrf_token, "csrf-1");
	cr_assert_str_eq(row->email, "s@example.org");
	cr_assert(row->session_id > 0);
	cr_assert_eq(store_session_lookup(t.db, t.a, "h1", 2000, "10.0.0.1", &row), DB_OK);
	cr_assert_null(row, "a session is over at its expiry time");
	cr_assert_eq(store_session_lookup(t.db, t.a, "other", 1, "10.0.0.1", &row), DB_OK);
	cr_assert_null(row);
	cr_assert_eq(store_session_delete(t.db, "h1"), DB_OK);
	cr_assert_eq(store_session_lookup(t.db, t.a, "h1", 1, "10.0.0.1", &row), DB_OK);
	cr_assert_null(row);
	cr_assert_eq(store_session_insert(t.db, "h2", id, "c", 2000, "10.0.0.1", "test"), DB_OK);
	cr_assert_eq(store_session_insert(t.db, "h2", id, "c", 2000, "10.0.0.1", "test"), DB_CONSTRAINT);
}

Test(auth, tokens_lookup_revoke_and_last_use)
{
	int64_t id = tmpdb_user(t.db, "t@example.org", "T", ROLE_MEMBER);
	int64_t tok = 0;
	cr_assert_eq(store_token_insert(t.db, &(store_token_new_t){.user_id = id, .name = "ci", .token_hash = "th"}, &tok), DB_OK);
	cr_assert(tok > 0);
	auth_row_t *row = NULL;
	cr_assert_eq(store_token_lookup(t.db, t.a, "th", 5000, "10.0.0.9", &row), DB_OK);
	cr_assert_not_null(row);
	cr_assert_eq(row->token_id, tok);
	cr_assert_eq(row->user_id, id);
	/* The lookup writes nothing: the use is noted, and written in a batch. */
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM api_tokens WHERE last_used_at IS NULL"), 1);
	cr_assert_eq(store_usage_pending(), 1);
	int written = 0;
	cr_assert_eq(store_usage_flush(t.db, &written), DB_OK);
	cr_assert_eq(written, 1);
	cr_assert_eq(tmpdb_int(t.db, "SELECT last_used_at FROM api_tokens"), 5000);
	/* Within a minute of the stored time a use is not even noted. */
	cr_assert_eq(store_token_lookup(t.db, t.a, "th", 5030, "10.0.0.9", &row), DB_OK);
	cr_assert_eq(store_usage_pending(), 0);
	cr_assert_eq(store_token_lookup(t.db, t.a, "th", 5100, "10.0.0.9", &row), DB_OK);
	cr_assert_eq(store_token_lookup(t.db, t.a, "th", 5200, "10.0.0.9", &row), DB_OK);
	cr_assert_eq(store_usage_pending(), 1, "one entry per token, the latest time");
	cr_assert_eq(store_usage_flush(t.db, NULL), DB_OK);
	cr_assert_eq(tmpdb_int(t.db, "SELECT last_used_at FROM api_tokens"), 5200);
	cr_assert_eq(db_exec(t.db, "UPDATE api_tokens SET revoked_at = 1", DB_NOARGS), DB_OK);
	cr_assert_eq(store_token_lookup(t.db, t.a, "th", 5200, "10.0.0.9", &row), DB_OK);
	cr_assert_null(row);
}

Test(auth, throttle_counts_in_one_statement)
{
	row_throttle_t *c = NULL;
	for (int i = 1; i <= 3; i++) {
		cr_assert_eq(sql_throttle_hit(t.db, t.a, "ei:x@example.org|10.0.0.1", 1000 + i, 100, &c), DB_OK);
		cr_assert_eq(c->failures, i);
		cr_assert_eq(c->first_at, 1001);
	}
	/* Once the window (from the first failure) is over, the count starts again. */
	cr_assert_eq(sql_throttle_hit(t.db, t.a, "ei:x@example.org|10.0.0.1", 3000, 2000, &c), DB_OK);
	cr_assert_eq(c->failures, 1);
	cr_assert_eq(c->first_at, 3000);
	cr_assert_eq(sql_throttle_release(t.db, "ei:x@example.org|10.0.0.1"), DB_OK);
	cr_assert_eq(sql_throttle_get(t.db, t.a, "ei:x@example.org|10.0.0.1", &c), DB_OK);
	cr_assert_eq(c->failures, 0);
	cr_assert_eq(sql_throttle_release(t.db, "ei:x@example.org|10.0.0.1"), DB_OK);
	cr_assert_eq(sql_throttle_get(t.db, t.a, "ei:x@example.org|10.0.0.1", &c), DB_OK);
	cr_assert_eq(c->failures, 0, "never below zero");
	cr_assert_eq(sql_throttle_prune(t.db, 3001), DB_OK);
	cr_assert_eq(sql_throttle_get(t.db, t.a, "ei:x@example.org|10.0.0.1", &c), DB_OK);
	cr_assert_null(c);
}

Test(auth, tokens_expire_and_carry_their_scope)
{
	int64_t id = tmpdb_user(t.db, "x@example.org", "X", ROLE_ADMIN), tok;
	cr_assert_eq(store_token_insert(t.db, &(store_token_new_t){.user_id = id, .name = "m", .token_hash = "mh",
								  .scope = "metrics", .expires_at = 6000}, &tok), DB_OK);
	auth_row_t *row = NULL;
	cr_assert_eq(store_token_lookup(t.db, t.a, "mh", 5999, "10.0.0.9", &row), DB_OK);
	cr_assert_not_null(row);
	cr_assert_str_eq(row->scope, "metrics");
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM api_tokens WHERE last_used_ip = '10.0.0.9'"), 0,
		     "the use is noted, not written, on the request path");
	int written = 0;
	cr_assert_eq(store_usage_flush(t.db, &written), DB_OK);
	cr_assert_geq(written, 1);
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM api_tokens WHERE last_used_ip = '10.0.0.9'"), 1);
	cr_assert_eq(store_token_lookup(t.db, t.a, "mh", 6000, "10.0.0.9", &row), DB_OK);
	cr_assert_null(row, "a token is over at its expiry time");
}

/* ---- profiles ---- */

Test(profiles, default_for_a_user_without_one)
{
	int64_t id = tmpdb_user(t.db, "p@example.org", "P", ROLE_MEMBER);
	profile_t *p = NULL;
	cr_assert_eq(store_profile_get(t.db, t.a, id, &p), DB_OK);
	cr_assert_not_null(p);
	cr_assert_eq(p->user_id, id);
	cr_assert_str_eq(p->timezone, "UTC");
	cr_assert_str_eq(p->headline, "");
	cr_assert_eq(p->seniority, 0);
	cr_assert_eq(p->manager_id, 0);
	cr_assert_null(p->preferred_channel);
	cr_assert_eq(p->languages.n + p->skills_offered.n + p->skills_wanted.n + p->interests.n, 0);
	cr_assert_eq(p->n_availability, 0);
	cr_assert_eq(p->updated_at, 0);
}

Test(profiles, full_round_trip_and_replacement)
{
	int64_t boss = tmpdb_user(t.db, "boss@example.org", "Boss", ROLE_MANAGER);
	int64_t id = tmpdb_user(t.db, "p@example.org", "P", ROLE_MEMBER);
	static const char *langs[] = {"Deutsch", "English"};
	static const char *offered[] = {"Go", "SQL", "Public speaking"};
	static const char *wanted[] = {"Negotiation"};
	static const char *interests[] = {"Climbing", "Chess"};
	avail_t w[] = {{3, 600, 660}, {1, 540, 600}, {1, 480, 510}};
	profile_t in = {
		.user_id = id, .headline = "Staff engineer", .bio = "Line one\nline two",
		.department = "Platform", .location = "Berlin", .timezone = "Europe/Berlin",
		.seniority = 7, .manager_id = boss, .preferred_channel = "video",
		.meeting_style = "structured", .preferences = "mornings",
		.languages = {langs, 2}, .skills_offered = {offered, 3}, .skills_wanted = {wanted, 1},
		.interests = {interests, 2}, .availability = w, .n_availability = 3,
	};
	cr_assert_eq(store_profile_put(t.db, t.a, &in), DB_OK, "%s", db_errmsg(t.db));
	profile_t *p = NULL;
	cr_assert_eq(store_profile_get(t.db, t.a, id, &p), DB_OK);
	cr_assert_str_eq(p->headline, "Staff engineer");
	cr_assert_str_eq(p->bio, "Line one\nline two");
	cr_assert_str_eq(p->department, "Platform");
	cr_assert_str_eq(p->location, "Berlin");
	cr_assert_str_eq(p->timezone, "Europe/Berlin");
	cr_assert_eq(p->seniority, 7);
	cr_assert_eq(p->manager_id, boss);
	cr_assert_str_eq(p->preferred_channel, "video");
	cr_assert_str_eq(p->meeting_style, "structured");
	cr_assert_str_eq(p->preferences, "mornings");
	cr_assert(p->updated_at > 0);
	cr_assert_eq(p->languages.n, 2);
	cr_assert_str_eq(p->languages.v[0], "Deutsch");
	cr_assert_str_eq(p->languages.v[1], "English");
	cr_assert_eq(p->skills_offered.n, 3);
	cr_assert_str_eq(p->skills_offered.v[0], "Go", "lists keep the order given");
	cr_assert_str_eq(p->skills_offered.v[2], "Public speaking");
	cr_assert_eq(p->skills_wanted.n, 1);
	cr_assert_str_eq(p->skills_wanted.v[0], "Negotiation");
	cr_assert_eq(p->interests.n, 2);
	cr_assert_str_eq(p->interests.v[0], "Climbing");
	cr_assert_eq(p->n_availability, 3);
	cr_assert_eq(p->availability[0].day, 1);
	cr_assert_eq(p->availability[0].start_min, 480);
	cr_assert_eq(p->availability[1].start_min, 540);
	cr_assert_eq(p->availability[2].day, 3);
	cr_assert_eq(p->availability[2].end_min, 660);
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM profile_items WHERE norm = 'public speaking'"), 1);

	/* A second put replaces everything, including clearing to "none". */
	profile_t in2 = {.user_id = id, .headline = "", .bio = "", .department = "", .location = "",
			 .timezone = "UTC", .preferences = "", .languages = {langs + 1, 1}};
	cr_assert_eq(store_profile_put(t.db, t.a, &in2), DB_OK);
	cr_assert_eq(store_profile_get(t.db, t.a, id, &p), DB_OK);
	cr_assert_eq(p->seniority, 0);
	cr_assert_eq(p->manager_id, 0);
	cr_assert_null(p->preferred_channel);
	cr_assert_null(p->meeting_style);
	cr_assert_eq(p->languages.n, 1);
	cr_assert_str_eq(p->languages.v[0], "English");
	cr_assert_eq(p->skills_offered.n, 0);
	cr_assert_eq(p->n_availability, 0);
	cr_assert_eq(tmpdb_int(t.db, "SELECT COUNT(*) FROM profiles"), 1);
}

Test(profiles, manager_cycle_check)
{
	int64_t a = tmpdb_user(t.db, "a@example.org", "A", ROLE_MEMBER);
	int64_t b = tmpdb_user(t.db, "b@example.org", "B", ROLE_MEMBER);
	int64_t c = tmpdb_user(t.db, "c@example.org", "C", ROLE_MEMBER);
	int64_t d = tmpdb_user(t.db, "d@example.org", "D", ROLE_MEMBER);
	/* a reports to b, b reports to c. */
	profile_t pa = {.user_id = a, .headline = "", .bio = "", .department = "", .location = "",
			.timezone = "UTC", .preferences = "", .manager_id = b};
	profile_t pb = pa;
	pb.user_id = b;
	pb.manager_id = c;
	cr_assert_eq(store_profile_put(t.db, t.a, &pa), DB_OK);
	cr_assert_eq(store_profile_put(t.db, t.a, &pb), DB_OK);
	bool cycle = true;
	cr_assert_eq(store_manager_would_cycle(t.db, c, a, &cycle), DB_OK);
	cr_assert(cycle, "c -> a -> b -> c is a loop");
	cr_assert_eq(store_manager_would_cycle(t.db, c, b, &cycle), DB_OK);
	cr_assert(cycle, "c -> b -> c is a loop");
	cr_assert_eq(store_manager_would_cycle(t.db, a, a, &cycle), DB_OK);
	cr_assert(cycle, "one's own manager is a loop");
	cr_assert_eq(store_manager_would_cycle(t.db, c, d, &cycle), DB_OK);
	cr_assert_not(cycle);
	cr_assert_eq(store_manager_would_cycle(t.db, d, a, &cycle), DB_OK);
	cr_assert_not(cycle, "d -> a -> b -> c ends without meeting d");
	cr_assert_eq(store_manager_would_cycle(t.db, a, 0, &cycle), DB_OK);
	cr_assert_not(cycle);
	cr_assert_eq(store_manager_would_cycle(t.db, a, 9999, &cycle), DB_OK);
	cr_assert_not(cycle);
}

Test(profiles, manager_cycle_walk_is_bounded)
{
	/* A loop already in the data (written directly) must not hang. */
	int64_t a = tmpdb_user(t.db, "a@example.org", "A", ROLE_MEMBER);
	int64_t b = tmpdb_user(t.db, "b@example.org", "B", ROLE_MEMBER);
	int64_t x = tmpdb_user(t.db, "x@example.org", "X", ROLE_MEMBER);
	cr_assert_eq(db_exec(t.db, "INSERT INTO profiles (user_id, manager_id, updated_at) VALUES ($1, $2, 0), ($2, $1, 0)",
			     DB_ARGS(DB_INT(a), DB_INT(b))), DB_OK);
	bool cycle = true;
	cr_assert_eq(store_manager_would_cycle(t.db, x, a, &cycle), DB_OK);
	cr_assert_not(cycle);
}

/* ---- programs and participants ---- */

static program_t sample_program(void)
{
	return (program_t){.name = "Spring 2026", .description = "First cohort", .kind = "one_to_one",
			   .starts_on = "2026-03-01", .ends_on = "2026-08-31", .matching = "optimal",
			   .cadence_days = 14, .max_mentors_per_mentee = 2,
			   .weights_json = "{\"skills\":50}"};
}

Test(programs, round_trip_with_managers)
{
	int64_t m1 = tmpdb_user(t.db, "m1@example.org", "M1", ROLE_MANAGER);
	int64_t m2 = tmpdb_user(t.db, "m2@example.org", "M2", ROLE_MANAGER);
	program_t in = sample_program();
	int64_t id = 0;
	cr_assert_eq(store_program_insert(t.db, &in, m1, &id), DB_OK);
	int64_t ids[] = {m2, m1, m2};
	cr_assert_eq(store_program_set_managers(t.db, id, ids, 3), DB_OK, "duplicates are ignored");
	program_t *p = NULL;
	cr_assert_eq(store_program_get(t.db, t.a, id, &p), DB_OK);
	cr_assert_not_null(p);
	cr_assert_str_eq(p->name, "Spring 2026");
	cr_assert_str_eq(p->description, "First cohort");
	cr_assert_str_eq(p->kind, "one_to_one");
	cr_assert_str_eq(p->starts_on, "2026-03-01");
	cr_assert_str_eq(p->ends_on, "2026-08-31");
	cr_assert_str_eq(p->matching, "optimal");
	cr_assert_eq(p->cadence_days, 14);
	cr_assert_eq(p->max_mentors_per_mentee, 2);
	cr_assert_str_eq(p->weights_json, "{\"skills\":50}");
	cr_assert_eq(p->n_managers, 2);
	cr_assert_eq(p->managers[0], m1);
	cr_assert_eq(p->managers[1], m2);
	p->name = "Renamed";
	p->cadence_days = 7;
	cr_assert_eq(store_program_update(t.db, p), DB_OK);
	cr_assert_eq(store_program_set_managers(t.db, id, ids, 1), DB_OK);
	cr_assert_eq(store_program_get(t.db, t.a, id, &p), DB_OK);
	cr_assert_str_eq(p->name, "Renamed");
	cr_assert_eq(p->cadence_days, 7);
	cr_assert_eq(p->n_managers, 1);
	cr_assert_eq(p->managers[0], m2);
	cr_assert_eq(store_program_get(t.db, t.a, id + 1, &p), DB_OK);
	cr_assert_null(p);
}

/* The weights column read back: the text store_weights_text writes, and
 * any other JSON as jansson reads it (spaces, a repeated key keeps its last
 * value, non-integers skipped, invalid JSON no weights). */
Test(programs, weights_read_back)
{
	static const struct {
		const char *text;
		int n;
		const char *key[3];
		int64_t num[3];
	} cases[] = {
		{"{}", 0, {NULL}, {0}},
		{"{\"skills\":40,\"time_zone\":-5,\"x\":0}", 3, {"skills", "time_zone", "x"}, {40, -5, 0}},
		{"{ \"skills\": 40 }", 1, {"skills"}, {40}},
		{"{\"skills\":40,\"skills\":7}", 1, {"skills"}, {7}},
		{"{\"skills\":4.5,\"timezone\":15}", 1, {"timezone"}, {15}},
		{"{\"Skills\":40}", 1, {"Skills"}, {40}},
		{"{\"skills\":040}", 0, {NULL}, {0}},
		{"{\"skills\":40", 0, {NULL}, {0}},
		{"{\"skills\":40}x", 0, {NULL}, {0}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		program_t in = sample_program();
		in.weights_json = cases[i].text;
		int64_t id = 0;
		cr_assert_eq(store_program_insert(t.db, &in, 0, &id), DB_OK);
		program_t *p = NULL;
		cr_assert_eq(store_program_get(t.db, t.a, id, &p), DB_OK);
		cr_assert_eq(p->weights.n, cases[i].n, "%s", cases[i].text);
		for (int k = 0; k < cases[i].n; k++) {
			cr_assert_str_eq(p->weights.key[k], cases[i].key[k], "%s", cases[i].text);
			cr_assert_eq(p->weights.num[k], cases[i].num[k], "%s", cases[i].text);
		}
	}
}

Test(programs, schema_checks)
{
	program_t in = sample_program();
	int64_t id;
	in.ends_on = "2026-01-01";
	cr_assert_eq(store_program_insert(t.db, &in, 0, &id), DB_CONSTRAINT, "ends before it starts");
	in = sample_program();
	in.kind = "tribal";
	cr_assert_eq(store_program_insert(t.db, &in, 0, &id), DB_CONSTRAINT);
	in = sample_program();
	in.max_mentors_per_mentee = 11;
	cr_assert_eq(store_program_insert(t.db, &in, 0, &id), DB_CONSTRAINT);
}

Test(programs, visibility_and_roles)
{
	int64_t admin = tmpdb_user(t.db, "admin@example.org", "Admin", ROLE_ADMIN);
	int64_t m1 = tmpdb_user(t.db, "m1@example.org", "M1", ROLE_MANAGER);
	int64_t m2 = tmpdb_user(t.db, "m2@example.org", "M2", ROLE_MANAGER);
	int64_t mem = tmpdb_user(t.db, "mem@example.org", "Mem", ROLE_MEMBER);
	int64_t out = tmpdb_user(t.db, "out@example.org", "Out", ROLE_MEMBER);
	program_t in = sample_program();
	int64_t p1, p2;
	cr_assert_eq(store_program_insert(t.db, &in, m1, &p1), DB_OK);
	cr_assert_eq(store_program_insert(t.db, &in, m2, &p2), DB_OK);
	cr_assert_eq(store_program_set_managers(t.db, p1, &m1, 1), DB_OK);
	cr_assert_eq(store_program_set_managers(t.db, p2, &m2, 1), DB_OK);
	participant_t part = {.program_id = p2, .user_id = mem, .role = "mentee", .capacity = 1};
	int64_t pid;
	cr_assert_eq(store_participant_insert(t.db, &part, &pid), DB_OK);

	program_t *items;
	int n;
	cr_assert_eq(store_program_list(t.db, t.a, admin, ROLE_ADMIN, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 2);
	cr_assert_eq(store_program_list(t.db, t.a, m1, ROLE_MANAGER, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(items[0].id, p1);
	cr_assert_eq(items[0].n_managers, 1);
	cr_assert_eq(store_program_list(t.db, t.a, mem, ROLE_MEMBER, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(items[0].id, p2);
	cr_assert_eq(items[0].n_mentees, 1);
	cr_assert_eq(store_program_list(t.db, t.a, out, ROLE_MEMBER, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 0);
	cr_assert_eq(store_program_list(t.db, t.a, admin, ROLE_ADMIN, p1, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 1, "cursor skips ids up to and including it");

	bool yes = true;
	cr_assert_eq(store_program_is_manager(t.db, p1, m1, &yes), DB_OK);
	cr_assert(yes);
	cr_assert_eq(store_program_is_manager(t.db, p1, m2, &yes), DB_OK);
	cr_assert_not(yes);
	cr_assert_eq(store_program_is_participant(t.db, p2, mem, &yes), DB_OK);
	cr_assert(yes);
	cr_assert_eq(store_program_is_participant(t.db, p1, mem, &yes), DB_OK);
	cr_assert_not(yes);
}

Test(programs, participants_round_trip)
{
	int64_t m = tmpdb_user(t.db, "m@example.org", "Mentor Mia", ROLE_MEMBER);
	int64_t e = tmpdb_user(t.db, "e@example.org", "Mentee Eli", ROLE_MEMBER);
	profile_t pr = {.user_id = m, .headline = "", .bio = "", .department = "Sales", .location = "",
			.timezone = "UTC", .preferences = ""};
	cr_assert_eq(store_profile_put(t.db, t.a, &pr), DB_OK);
	program_t in = sample_program();
	int64_t prog;
	cr_assert_eq(store_program_insert(t.db, &in, 0, &prog), DB_OK);
	participant_t a = {.program_id = prog, .user_id = m, .role = "mentor", .capacity = 3};
	participant_t b = {.program_id = prog, .user_id = e, .role = "mentee", .capacity = 1};
	int64_t ida, idb;
	cr_assert_eq(store_participant_insert(t.db, &a, &ida), DB_OK);
	cr_assert_eq(store_participant_insert(t.db, &b, &idb), DB_OK);
	cr_assert_eq(store_participant_insert(t.db, &a, &ida), DB_CONSTRAINT, "same person, same role twice");
	participant_t bad = a;
	bad.role = "sponsor";
	cr_assert_eq(store_participant_insert(t.db, &bad, &ida), DB_CONSTRAINT);
	bad = a;
	bad.capacity = 21;
	bad.role = "mentee";
	cr_assert_eq(store_participant_insert(t.db, &bad, &ida), DB_CONSTRAINT);

	participant_t *got = NULL;
	cr_assert_eq(store_participant_get(t.db, t.a, prog, m, "mentor", &got), DB_OK);
	cr_assert_not_null(got);
	cr_assert_eq(got->id, ida);
	cr_assert_eq(got->capacity, 3);
	cr_assert_str_eq(got->name, "Mentor Mia");
	cr_assert_str_eq(got->email, "m@example.org");
	cr_assert_str_eq(got->department, "Sales");
	cr_assert_eq(store_participant_get(t.db, t.a, prog, m, "mentee", &got), DB_OK);
	cr_assert_null(got);

	participant_t *items;
	int n;
	cr_assert_eq(store_participant_list(t.db, t.a, prog, NULL, 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(items[1].department, "", "no profile reads as an empty department");
	cr_assert_eq(store_participant_list(t.db, t.a, prog, "mentee", 0, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(items[0].user_id, e);
	cr_assert_eq(store_participant_list(t.db, t.a, prog, NULL, ida, 10, &items, &n), DB_OK);
	cr_assert_eq(n, 1);
	program_t *p;
	cr_assert_eq(store_program_get(t.db, t.a, prog, &p), DB_OK);
	cr_assert_eq(p->n_mentors, 1);
	cr_assert_eq(p->n_mentees, 1);
}

Test(matching, people_keep_each_list_in_profile_order)
{
	/* The engine's load reads profile items by person and orders each
	 * person's lists itself; both roles of one person share them. */
	int64_t m = tmpdb_user(t.db, "m@example.org", "Mia", ROLE_MEMBER);
	int64_t e = tmpdb_user(t.db, "e@example.org", "Eli", ROLE_MEMBER);
	static const char *offered[] = {"SQL", "Go", "Public speaking", "Accounting"};
	static const char *wanted[] = {"Negotiation", "Budgeting"};
	static const char *langs[] = {"English", "Deutsch"};
	static const char *interests[] = {"Chess", "Climbing"};
	profile_t pm = {.user_id = m, .headline = "", .bio = "", .department = "", .location = "", .timezone = "UTC",
			.preferences = "", .languages = {langs, 2}, .skills_offered = {offered, 4},
			.skills_wanted = {wanted, 2}, .interests = {interests, 2}};
	profile_t pe = {.user_id = e, .headline = "", .bio = "", .department = "", .location = "", .timezone = "UTC",
			.preferences = "", .skills_wanted = {offered + 1, 2}};
	cr_assert_eq(store_profile_put(t.db, t.a, &pm), DB_OK);
	cr_assert_eq(store_profile_put(t.db, t.a, &pe), DB_OK);
	program_t in = sample_program();
	int64_t prog, id;
	cr_assert_eq(store_program_insert(t.db, &in, 0, &prog), DB_OK);
	participant_t rows[] = {{.program_id = prog, .user_id = m, .role = "mentor", .capacity = 2},
				{.program_id = prog, .user_id = m, .role = "mentee", .capacity = 1},
				{.program_id = prog, .user_id = e, .role = "mentee", .capacity = 1}};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		cr_assert_eq(store_participant_insert(t.db, &rows[i], &id), DB_OK);
	match_people_t people;
	cr_assert_eq(store_match_people(t.db, t.a, prog, &people), DB_OK);
	cr_assert_eq(people.n, 3);
	int mia = 0;
	for (int i = 0; i < people.n; i++) {
		const match_person_row_t *p = &people.v[i];
		if (p->user_id == e) {
			cr_assert_eq(p->skills_wanted.n, 2);
			cr_assert_str_eq(p->skills_wanted.v[0], "Go");
			cr_assert_str_eq(p->skills_wanted.v[1], "Public speaking");
			cr_assert_eq(p->skills_offered.n + p->languages.n + p->interests.n, 0);
			continue;
		}
		mia++;
		cr_assert_eq(p->skills_offered.n, 4);
		for (int k = 0; k < 4; k++)
			cr_assert_str_eq(p->skills_offered.v[k], offered[k], "skill %d of role %s", k,
					 p->mentor ? "mentor" : "mentee");
		cr_assert_eq(p->skills_wanted.n, 2);
		cr_assert_str_eq(p->skills_wanted.v[0], "Negotiation");
		cr_assert_str_eq(p->skills_wanted.v[1], "Budgeting");
		cr_assert_eq(p->languages.n, 2);
		cr_assert_str_eq(p->languages.v[0], "English");
		cr_assert_str_eq(p->languages.v[1], "Deutsch");
		cr_assert_eq(p->interests.n, 2);
		cr_assert_str_eq(p->interests.v[0], "Chess");
	}
	cr_assert_eq(mia, 2, "both of Mia's roles");
}

/* Every list of every row of people, as one string. */
static const char *people_text(const match_people_t *p)
{
	static char buf[8192];
	size_t at = 0;
	buf[0] = '\0';
	for (int i = 0; i < p->n; i++) {
		const match_person_row_t *r = &p->v[i];
		const strlist_t *lists[] = {&r->skills_offered, &r->skills_wanted, &r->interests, &r->languages};
		at += (size_t)snprintf(buf + at, sizeof buf - at, "%lld %s:", (long long)r->user_id,
				       r->mentor ? "mentor" : "mentee");
		for (int l = 0; l < 4; l++) {
			for (int k = 0; k < lists[l]->n; k++)
				at += (size_t)snprintf(buf + at, sizeof buf - at, " %s", lists[l]->v[k]);
			at += (size_t)snprintf(buf + at, sizeof buf - at, " |");
		}
		at += (size_t)snprintf(buf + at, sizeof buf - at, " %d windows\n", r->n_avail);
	}
	cr_assert_lt(at, sizeof buf - 1);
	return arena_strdup(t.a, buf);
}

Test(matching, people_load_alike_on_one_connection_and_on_two)
{
	/* With a second connection free, the availability and half of the
	 * people's items are read on it; in a read snapshot or a transaction,
	 * or with none free, all on the one connection. Each way loads the
	 * same. */
	program_t in = sample_program();
	int64_t prog, id;
	cr_assert_eq(store_program_insert(t.db, &in, 0, &prog), DB_OK);
	static const char *words[] = {"Go", "SQL", "Chess", "English", "Deutsch", "Rust", "Sales", "Piano"};
	avail_t w[] = {{1, 540, 600}};
	for (int p = 0; p < 9; p++) {
		char email[32];
		snprintf(email, sizeof email, "p%d@example.org", p);
		int64_t u = tmpdb_user(t.db, email, email, ROLE_MEMBER);
		profile_t pr = {.user_id = u, .headline = "", .bio = "", .department = "", .location = "",
				.timezone = "UTC", .preferences = "", .skills_offered = {words + p % 5, 3},
				.skills_wanted = {words + (p + 2) % 6, 2}, .interests = {words + p % 7, 1},
				.languages = {words + 3, 1 + p % 2}, .availability = w, .n_availability = p % 2};
		cr_assert_eq(store_profile_put(t.db, t.a, &pr), DB_OK);
		participant_t row = {.program_id = prog, .user_id = u, .role = p % 3 ? "mentee" : "mentor", .capacity = 1};
		cr_assert_eq(store_participant_insert(t.db, &row, &id), DB_OK);
	}
	match_people_t people;
	/* Both of the pool's connections held: one connection. */
	cr_assert_null(db_pool_try_acquire(t.pool));
	cr_assert_eq(store_match_people(t.db, t.a, prog, &people), DB_OK);
	cr_assert_eq(people.n, 9);
	const char *one = people_text(&people);
	cr_assert_not_null(strstr(one, "SQL Chess English |"), "%s", one);

	db_pool_release(t.pool, t.db2);
	uint64_t before = db_statements_run(t.db);
	db_t *spare = db_pool_try_acquire(t.pool);
	cr_assert_not_null(spare, "a free connection is handed out");
	uint64_t spare_before = db_statements_run(spare);
	db_pool_release(t.pool, spare);
	cr_assert_eq(store_match_people(t.db, t.a, prog, &people), DB_OK);
	cr_assert_str_eq(people_text(&people), one);
	spare = db_pool_try_acquire(t.pool);
	cr_assert_eq(db_statements_run(spare), spare_before + 2,
		     "the second connection read the availability and half of the items");
	cr_assert_gt(db_statements_run(t.db), before);

	/* A read snapshot (SQLite's; PostgreSQL's statements each read their
	 * own, on any connection): all on its own connection. */
	uint64_t spare_then = db_statements_run(spare);
	db_pool_release(t.pool, spare);
	db_read_begin(t.db);
	cr_assert_eq(store_match_people(t.db, t.a, prog, &people), DB_OK);
	db_read_end(t.db);
	cr_assert_str_eq(people_text(&people), one);
	t.db2 = db_pool_acquire(t.pool);
	if (!strcmp(db_backend(t.db), "sqlite"))
		cr_assert_eq(db_statements_run(t.db2), spare_then, "a snapshot's reads stay on its connection");
	/* A transaction: likewise, on every backend. */
	uint64_t spare_now = db_statements_run(t.db2);
	db_pool_release(t.pool, t.db2);
	cr_assert_eq(db_begin(t.db), DB_OK);
	cr_assert_eq(store_match_people(t.db, t.a, prog, &people), DB_OK);
	db_rollback(t.db);
	cr_assert_str_eq(people_text(&people), one);
	t.db2 = db_pool_acquire(t.pool);
	cr_assert_eq(db_statements_run(t.db2), spare_now, "a transaction's reads stay on its connection");
}
