/* The match review benchmark (issue 13): generates a program of 10,000
 * mentees and 3,400 mentors (three places each, profiles with departments,
 * languages, skills and interests; a few mentees speak a language no mentor
 * does) straight into a SQLite file, runs matching through the service as
 * a manager does (10,000 pairs and the unmatched with what would help
 * them), then renders the run's review pages in-process with their page
 * handlers and prints each page's size in bytes and its median and p95
 * time: the first page, a filtered page, a page deep in the run (by
 * keyset), the unmatched mentees, one mentee's page with the mentors who
 * fit them, and the publish confirmation. For contrast it prints the size
 * of the whole run as the API's single-run answer.
 *
 * usage: match_review_bench [--mentees N] [--runs N] [--db PATH] [--keep] */
#include "core/timeutil.h"
#include "core/xalloc.h"
#include "http/http.h"
#include "http/schema_io.h"
#include "store/store.h"
#include "svc/matching.h"
#include "web/page.h"
#include "web/page_types.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NOW 1769904000LL /* 2026-02-01T00:00:00Z */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static db_t *db;

static void must(int st, const char *what)
{
	if (st != DB_OK) {
		fprintf(stderr, "match_review_bench: %s: %s\n", what, db_errmsg(db));
		exit(1);
	}
}

static int64_t insert_id(const char *sql, const db_val_t *args, int nargs, const char *what)
{
	int64_t id = 0;
	must(db_query_int(db, &id, NULL, sql, args, nargs), what);
	return id;
}

static const char *const departments[] = {"Engineering", "Product", "Design", "Data", "Sales", "Marketing",
					  "Finance", "People", "Operations", "Customer Success", "Legal", "Research"};
static const char *const skills[] = {
	"public speaking", "negotiation", "system design", "writing specs", "leadership", "hiring",
	"stakeholder management", "career planning", "data analysis", "product strategy", "coaching",
	"budgeting", "user research", "accessibility", "security", "pricing", "storytelling", "sql",
	"machine learning", "time management", "conflict resolution", "roadmaps", "presenting", "mentoring",
	"delegation", "feedback", "facilitation", "prioritisation", "design systems", "testing"};
static const char *const interests[] = {"hiking", "chess", "cooking", "photography", "running", "music",
					"gardening", "cycling", "reading", "travel", "football", "climbing"};
#define N(a) (int)(sizeof(a) / sizeof(a[0]))

static void item(int64_t uid, const char *kind, int pos, const char *value)
{
	/* Duplicates of a kind are skipped: the primary key is (user, kind, norm). */
	must(db_exec(db, "INSERT OR IGNORE INTO profile_items (user_id, kind, position, value, norm) "
		     "VALUES ($1, $2, $3, $4, $4)",
		     DB_ARGS(DB_INT(uid), DB_TEXT(kind), DB_INT(pos), DB_TEXT(value))), "item");
}

static int64_t person(int64_t program, int i, bool mentor)
{
	char email[64], name[64];
	snprintf(email, sizeof(email), "%s%d@bench.test", mentor ? "mentor" : "mentee", i);
	snprintf(name, sizeof(name), "%s %d", mentor ? "Mentor" : "Mentee", i);
	int64_t id = insert_id("INSERT INTO users (email, name, role, created_at, updated_at) "
			       "VALUES ($1, $2, 'member', $3, $3) RETURNING id",
			       DB_ARGS(DB_TEXT(email), DB_TEXT(name), DB_INT(NOW)), "user");
	must(db_exec(db, "INSERT INTO profiles (user_id, department, seniority, timezone, updated_at) "
		     "VALUES ($1, $2, $3, $4, $5)",
		     DB_ARGS(DB_INT(id), DB_TEXT(departments[rnd() % N(departments)]),
			     DB_INT(mentor ? 4 + rnd() % 5 : 1 + rnd() % 4),
			     DB_TEXT(rnd() % 4 ? "Europe/Berlin" : "Europe/London"), DB_INT(NOW))), "profile");
	must(db_exec(db, "INSERT INTO participants (program_id, user_id, role, capacity, created_at) "
		     "VALUES ($1, $2, $3, $4, $5)",
		     DB_ARGS(DB_INT(program), DB_INT(id), DB_TEXT(mentor ? "mentor" : "mentee"), DB_INT(mentor ? 3 : 1),
			     DB_INT(NOW))), "participant");
	/* One mentee in 200 speaks only Finnish, which no mentor speaks. */
	bool finnish = !mentor && rnd() % 200 == 0;
	item(id, "language", 0, finnish ? "Finnish" : "English");
	if (!finnish && rnd() % 3 == 0)
		item(id, "language", 1, "German");
	for (int k = 0; k < (mentor ? 4 : 2); k++)
		item(id, mentor ? "skill_offered" : "skill_wanted", k, skills[rnd() % N(skills)]);
	for (int k = 0; k < 2; k++)
		item(id, "interest", k, interests[rnd() % N(interests)]);
	int day = 1 + (int)(rnd() % 5), start = 8 * 60 + (int)(rnd() % 8) * 60;
	must(db_exec(db, "INSERT INTO availability (user_id, day, start_min, end_min) VALUES ($1, $2, $3, $4)",
		     DB_ARGS(DB_INT(id), DB_INT(day), DB_INT(start), DB_INT(start + 180))), "availability");
	return id;
}

static int64_t generate(int mentees, int mentors)
{
	must(db_begin(db), "begin");
	int64_t admin = insert_id("INSERT INTO users (email, name, role, created_at, updated_at) "
				  "VALUES ('admin@bench.test', 'Bench Admin', 'admin', $1, $1) RETURNING id",
				  DB_ARGS(DB_INT(NOW)), "admin");
	int64_t program = insert_id(
		"INSERT INTO programs (name, kind, starts_on, ends_on, matching, cadence_days, "
		"max_mentors_per_mentee, created_by, created_at, updated_at) VALUES ('Enterprise mentoring 2026', "
		"'one_to_one', '2026-01-15', '2026-12-31', 'optimal', 14, 1, $1, $2, $2) RETURNING id",
		DB_ARGS(DB_INT(admin), DB_INT(NOW)), "program");
	must(db_exec(db, "INSERT INTO program_managers (program_id, user_id) VALUES ($1, $2)",
		     DB_ARGS(DB_INT(program), DB_INT(admin))), "manager");
	for (int i = 0; i < mentors; i++)
		person(program, i, true);
	for (int i = 0; i < mentees; i++)
		person(program, i, false);
	must(db_commit(db), "commit");
	return program;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

typedef void (*page_fn)(req_t *r, const void *in, const verr_t *errs);

/* Renders one page runs times (after a warm-up) and prints its figures. */
static void time_page(app_t *app, const char *what, page_fn fn, const void *in, int runs)
{
	double *t = xcalloc((size_t)runs, sizeof(double));
	size_t bytes = 0;
	for (int i = 0; i < runs + 1; i++) {
		req_t r = {.arena = arena_new(), .db = db, .app = app, .method = "GET", .path = "/bench",
			   .who = {.user_id = 1, .role = ROLE_ADMIN, .name = "Bench Admin", .email = "admin@bench.test",
				   .csrf = "x", .via_cookie = true}};
		double t0 = seconds();
		fn(&r, in, &(verr_t){0});
		double dt = seconds() - t0;
		if (r.status != 200) {
			fprintf(stderr, "match_review_bench: %s: status %d\n%.*s\n", what, r.status, (int)r.out.len,
				r.out.data);
			exit(1);
		}
		bytes = r.out.len;
		if (i > 0)
			t[i - 1] = dt * 1000;
		buf_free(&r.out);
		arena_free(r.arena);
	}
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	int i95 = (int)((runs - 1) * 0.95 + 0.5);
	printf("  %-44s %8zu bytes  median %7.1f ms  p95 %7.1f ms\n", what, bytes, t[runs / 2], t[i95]);
	free(t);
}

int main(int argc, char **argv)
{
	int mentees = 10000, runs = 11;
	const char *path = NULL;
	bool keep = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mentees") && i + 1 < argc)
			mentees = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--db") && i + 1 < argc)
			path = argv[++i];
		else if (!strcmp(argv[i], "--keep"))
			keep = true;
		else {
			fprintf(stderr, "usage: match_review_bench [--mentees N] [--runs N] [--db PATH] [--keep]\n");
			return 2;
		}
	}
	if (mentees < 10 || runs < 1)
		return 2;
	json_set_alloc_funcs(xmalloc, free);
	setenv("MENTORD_NOW", "1769904000", 1);
	char dir[64] = "", file[128];
	struct stat sb;
	bool reuse = path && stat(path, &sb) == 0;
	if (!path) {
		snprintf(dir, sizeof(dir), "/tmp/mentord-match-review-bench-XXXXXX");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			return 1;
		}
		snprintf(file, sizeof(file), "%s/bench.db", dir);
		path = file;
	}
	char url[256], *err = NULL;
	snprintf(url, sizeof(url), "sqlite:%s", path);
	db_pool_t *pool;
	if (db_pool_open(url, 1, &pool, &err) != DB_OK) {
		fprintf(stderr, "match_review_bench: %s\n", err);
		return 1;
	}
	db = db_pool_acquire(pool);
	if (store_migrate(db, &err) != DB_OK) {
		fprintf(stderr, "match_review_bench: migrate: %s\n", err);
		return 1;
	}
	int64_t program = 1;
	arena_t *a = arena_new();
	svc_t s;
	svc_init_cli(&s, db, a, (secret_cost_t){0});
	MatchRun_t run;
	if (!reuse) {
		int mentors = mentees * 34 / 100;
		fprintf(stderr, "generating %d mentees and %d mentors...\n", mentees, mentors);
		double t0 = seconds();
		program = generate(mentees, mentors);
		printf("generated: %d mentees, %d mentors (3 places each) in %.1f s\n", mentees, mentors, seconds() - t0);
		t0 = seconds();
		if (svc_match_run_create(&s, &(in_runMatching_t){.id = program}, &run) != SVC_OK) {
			fprintf(stderr, "match_review_bench: the run: %s\n", s.err.message);
			return 1;
		}
		printf("the run: %lld pairs, %lld unmatched, made and stored in %.1f s\n", (long long)run.pairs,
		       (long long)run.unmatched_count, seconds() - t0);
	} else {
		bool found;
		db_query_int(db, &program, &found, "SELECT MIN(id) FROM programs", DB_NOARGS);
		int64_t id = 0;
		db_query_int(db, &id, &found, "SELECT MAX(id) FROM match_runs", DB_NOARGS);
		if (svc_match_run_get(&s, &(in_getMatchRun_t){.id = id}, &run) != SVC_OK) {
			fprintf(stderr, "match_review_bench: no run\n");
			return 1;
		}
	}
	/* The whole run as the API's single-run answer: what a page of it is not. */
	MatchRun_t whole;
	if (svc_match_run_get(&s, &(in_getMatchRun_t){.id = run.id}, &whole) == SVC_OK) {
		json_t *j = sch_to_jansson(&sch_MatchRun, &whole);
		char *text = json_dumps(j, JSON_COMPACT);
		printf("the whole run as one JSON answer (GET /api/v1/match-runs/{id}): %zu bytes\n", text ? strlen(text) : 0);
		free(text);
		json_decref(j);
	}
	/* A cursor 90% of the way down the run, and a mentee without a mentor. */
	int64_t deep_score = 0, deep_mentee = 0, loner = 0, paired = 0;
	bool found;
	db_query_int(db, &deep_score, &found, "SELECT score FROM match_run_pairs WHERE run_id = $1 "
		     "ORDER BY score DESC, mentee_id DESC LIMIT 1 OFFSET $2", DB_ARGS(DB_INT(run.id), DB_INT(run.pairs * 9 / 10)));
	db_query_int(db, &deep_mentee, &found, "SELECT mentee_id FROM match_run_pairs WHERE run_id = $1 "
		     "ORDER BY score DESC, mentee_id DESC LIMIT 1 OFFSET $2", DB_ARGS(DB_INT(run.id), DB_INT(run.pairs * 9 / 10)));
	db_query_int(db, &loner, &found, "SELECT MIN(mentee_id) FROM match_run_unmatched WHERE run_id = $1",
		     DB_ARGS(DB_INT(run.id)));
	db_query_int(db, &paired, &found, "SELECT MIN(mentee_id) FROM match_run_pairs WHERE run_id = $1",
		     DB_ARGS(DB_INT(run.id)));
	const char *deep = arena_printf(a, "%lld-%lld", (long long)deep_score, (long long)deep_mentee);
	app_t app = {0};
	page_init(); /* the templates, as mentord serve loads them */
	printf("review pages of run %lld (%lld pairs, %lld unmatched), %d runs each:\n", (long long)run.id,
	       (long long)run.pairs, (long long)run.unmatched_count, runs);
	time_page(&app, "first page (summary, unmatched first, pairs)", page_match_run,
		  &(in_pageMatchRun_t){.id = program, .run = run.id}, runs);
	time_page(&app, "filtered: good fit, Engineering", page_match_run,
		  &(in_pageMatchRun_t){.id = program, .run = run.id, .has_fit = true, .fit = "good",
				       .has_department = true, .department = "Engineering"}, runs);
	time_page(&app, "a page 90% of the way down (keyset)", page_match_run,
		  &(in_pageMatchRun_t){.id = program, .run = run.id, .has_cursor = true, .cursor = deep}, runs);
	time_page(&app, "only the unmatched", page_match_run,
		  &(in_pageMatchRun_t){.id = program, .run = run.id, .has_show = true, .show = "unmatched"}, runs);
	if (loner)
		time_page(&app, "an unmatched mentee's page", page_match_run_mentee,
			  &(in_pageMatchRunMentee_t){.id = program, .run = run.id, .mentee = loner}, runs);
	time_page(&app, "a paired mentee's page, with a search", page_match_run_mentee,
		  &(in_pageMatchRunMentee_t){.id = program, .run = run.id, .mentee = paired, .has_q = true, .q = "mentor 1"},
		  runs);
	time_page(&app, "the publish confirmation", page_match_run_publish_confirm,
		  &(in_pageMatchRunPublishConfirm_t){.id = program, .run = run.id}, runs);
	arena_free(a);
	db_pool_release(pool, db);
	db_pool_close(pool);
	if (dir[0] && !keep) {
		char wal[160];
		unlink(path);
		snprintf(wal, sizeof(wal), "%s-wal", path);
		unlink(wal);
		snprintf(wal, sizeof(wal), "%s-shm", path);
		unlink(wal);
		rmdir(dir);
	} else {
		printf("database kept: %s\n", path);
	}
	return 0;
}
