/* The health dashboard benchmark: generates a program with 50,000
 * relationships and a year of their activity (meetings, agendas, feedback,
 * messages, goals with progress, the cooperation board, closures) straight
 * into a SQLite file through the db layer in one transaction, with the
 * rollup triggers of migration 0004 running as they do in production; then
 * times the dashboard's whole query-and-render path in-process, as its page
 * handler runs it (access check included), and prints the median and p95.
 *
 * usage: health_bench [--relationships N] [--runs N] [--db PATH] [--keep]
 * The database goes to a temp dir and is removed unless --keep or --db names
 * an existing file (then it is reused and nothing is generated). */
#include "core/timeutil.h"
#include "core/xalloc.h"
#include "http/http.h"
#include "store/store.h"
#include "svc/health.h"
#include "web/page_types.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DAY 86400LL
#define NOW 1769904000LL /* 2026-02-01T00:00:00Z */
#define YEAR_AGO (NOW - 365 * DAY)

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static int pct(int p)
{
	return (int)(rnd() % 100) < p;
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of this thread: what the render costs when the machine is busy. */
static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static db_t *db;
static long long rows;

static void must(int st, const char *what)
{
	if (st != DB_OK) {
		fprintf(stderr, "health_bench: %s: %s\n", what, db_errmsg(db));
		exit(1);
	}
	rows++;
}

static int64_t insert_id(const char *sql, const db_val_t *args, int nargs, const char *what)
{
	int64_t id = 0;
	must(db_query_int(db, &id, NULL, sql, args, nargs), what);
	return id;
}

static const char *const tag_pool[] = {"listening", "punctuality", "preparation", "clarity", "follow-up",
				       "delegation", "prioritising", "presenting"};

/* One relationship's year. Most pairs are healthy; some show a misstep. */
static void relationship(int64_t program, int64_t mentor, int64_t mentee, int k)
{
	static const char *const phases[] = {"getting_to_know", "goal_setting", "working", "closing", "completed"};
	int ph = k % 20 == 0 ? 0 : k % 20 == 1 ? 1 : k % 20 == 2 ? 3 : k % 20 == 3 ? 4 : 2;
	int64_t start = YEAR_AGO + (int64_t)(rnd() % 30) * DAY;
	bool quiet = pct(8), imposing = pct(6), pushing = pct(6), taking = pct(3), one_sided = pct(5);
	bool careless = pct(5); /* lets repeated feedback pass without an action */
	int64_t stop = quiet ? NOW - (40 + rnd() % 60) * DAY : NOW;
	int64_t rel = insert_id(
		"INSERT INTO relationships (program_id, mentor_id, mentee_id, phase, origin, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, 'match', $5, $5) RETURNING id",
		DB_ARGS(DB_INT(program), DB_INT(mentor), DB_INT(mentee), DB_TEXT(phases[ph]), DB_INT(start)),
		"relationship");
	int cadence = k % 10 == 0 ? 7 : 14;
	must(db_exec(db, "INSERT INTO agreements (relationship_id, purpose, expected_results, cadence_days, "
		     "duration_weeks, confidentiality, updated_at, mentor_signed_at, mentee_signed_at) "
		     "VALUES ($1, 'Grow as a tech lead', 'Lead a project', $2, 52, 'between us', $3, $3, $3)",
		     DB_ARGS(DB_INT(rel), DB_INT(cadence), DB_INT(start + 14 * DAY))), "agreement");
	int64_t goal[3];
	for (int g = 0; g < 3; g++) {
		int64_t due = start + (120 + 90 * g) * DAY;
		char due_on[16];
		time_t t = (time_t)due;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(due_on, sizeof(due_on), "%Y-%m-%d", &tm);
		const char *status = due < NOW ? (pct(88) ? "achieved" : pct(50) ? "active" : "dropped")
				   : "active";
		goal[g] = insert_id(
			"INSERT INTO goals (relationship_id, title, outcome, term, metric, baseline, target, due_on, "
			"relevance, status, confirmed_by, confirmed_at, created_by, created_at, updated_at) "
			"VALUES ($1, 'Run the design review', 'Runs it alone', 'short', 'reviews led', 0, 10, $2, "
			"'tech lead', $3, $4, $5, $6, $5, $5) RETURNING id",
			DB_ARGS(DB_INT(rel), DB_TEXT(due_on), DB_TEXT(status), DB_INT(mentor),
				DB_INT(start + 15 * DAY), DB_INT(mentee)), "goal");
		for (int p = 1; p <= 6; p++) {
			int64_t at = start + (20 + 40 * p) * DAY;
			if (at > stop)
				break;
			must(db_exec(db, "INSERT INTO goal_progress (goal_id, value, note, author_id, at) "
				     "VALUES ($1, $2, '', $3, $4)",
				     DB_ARGS(DB_INT(goal[g]), DB_REAL(p * 1.5 + (double)(rnd() % 3)), DB_INT(mentee),
					     DB_INT(at))), "progress");
		}
	}
	/* The cooperation board, early in the year. */
	int64_t concern = insert_id(
		"INSERT INTO concerns (relationship_id, author_id, title, created_at, updated_at) "
		"VALUES ($1, $2, 'Reviews run long', $3, $3) RETURNING id",
		DB_ARGS(DB_INT(rel), DB_INT(mentee), DB_INT(start + 30 * DAY)), "concern");
	for (int i = 0; i < 2; i++) {
		int64_t by = i ? mentor : mentee;
		int64_t idea = insert_id(
			"INSERT INTO ideas (concern_id, author_id, credited_to, text, created_at) "
			"VALUES ($1, $2, $2, 'Timebox each item', $3) RETURNING id",
			DB_ARGS(DB_INT(concern), DB_INT(by), DB_INT(start + 31 * DAY)), "idea");
		if (taking && !i) {
			must(db_exec(db, "UPDATE ideas SET credited_to = $2 WHERE id = $1",
				     DB_ARGS(DB_INT(idea), DB_INT(mentor))), "credit");
			must(db_exec(db, "INSERT INTO idea_credits (idea_id, from_user, to_user, by_user, at) "
				     "VALUES ($1, $2, $3, $2, $4)",
				     DB_ARGS(DB_INT(idea), DB_INT(mentee), DB_INT(mentor), DB_INT(start + 40 * DAY))),
			     "ledger");
		}
		must(db_exec(db, "INSERT INTO wins (relationship_id, author_id, text, idea_id, created_at) "
			     "VALUES ($1, $2, 'Reviews end on time', $3, $4)",
			     DB_ARGS(DB_INT(rel), DB_INT(taking ? mentor : by), DB_INT(idea), DB_INT(start + 60 * DAY))),
		     "win");
	}
	for (int i = 0; i < (pushing ? 3 : 1); i++)
		must(db_exec(db, "INSERT INTO actions (relationship_id, concern_id, title, owner_id, due_on, status, "
			     "created_by, created_at, updated_at) VALUES ($1, $2, 'Update the runbook', $3, "
			     "'2026-03-01', 'open', $4, $5, $5)",
			     DB_ARGS(DB_INT(rel), DB_INT(concern), DB_INT(mentee), DB_INT(mentor),
				     DB_INT(start + 45 * DAY))), "action");
	/* Meetings every cadence, each with an agenda and feedback; the next
	 * one booked ahead for most pairs still meeting. */
	int n = 0;
	for (int64_t at = start + 3 * DAY; at < stop + (quiet ? 0 : 10 * DAY); at += cadence * DAY, n++) {
		bool ahead = at > NOW;
		int64_t by = one_sided || n % 2 ? mentor : mentee;
		bool outside = imposing && n % 5 == 0;
		int64_t m = insert_id(
			"INSERT INTO meetings (relationship_id, starts_at, duration_min, channel, kind, status, "
			"in_mentee_hours, in_mentor_hours, created_by, created_at, updated_at) "
			"VALUES ($1, $2, 60, 'video', $3, $4, $5, 1, $6, $7, $7) RETURNING id",
			DB_ARGS(DB_INT(rel), DB_INT(at), DB_TEXT(n ? "regular" : "kickoff"),
				DB_TEXT(ahead ? "scheduled" : pct(4) ? "cancelled" : "held"), DB_INT(!outside),
				DB_INT(by), DB_INT(at - 5 * DAY)), "meeting");
		if (imposing && n % 7 == 3)
			must(db_exec(db, "INSERT INTO meeting_reschedules (meeting_id, from_starts_at, to_starts_at, "
				     "requested_by, reason, at) VALUES ($1, $2, $3, $4, 'travel', $5)",
				     DB_ARGS(DB_INT(m), DB_INT(at - DAY), DB_INT(at), DB_INT(mentor), DB_INT(at - 2 * DAY))),
			     "reschedule");
		must(db_exec(db, "INSERT INTO agenda_items (meeting_id, relationship_id, author_id, text, is_question, "
			     "created_at) VALUES ($1, $2, $3, 'How do I handle pushback in reviews?', 1, $4)",
			     DB_ARGS(DB_INT(m), DB_INT(rel), DB_INT(one_sided ? mentor : mentee), DB_INT(at - 2 * DAY))), "agenda");
		if (n % 2)
			must(db_exec(db, "INSERT INTO agenda_items (meeting_id, relationship_id, author_id, text, is_question, "
				     "created_at) VALUES ($1, $2, $3, 'Follow up on last time', 0, $4)",
				     DB_ARGS(DB_INT(m), DB_INT(rel), DB_INT(mentor), DB_INT(at - DAY))), "agenda");
		if (ahead)
			continue;
		const char *tags = pct(30) ? tag_pool[rnd() % 8] : "";
		must(db_exec(db, "INSERT INTO feedback (meeting_id, from_id, to_id, rating, comment, tags, created_at) "
			     "VALUES ($1, $2, $3, $4, 'Good session', $5, $6)",
			     DB_ARGS(DB_INT(m), DB_INT(mentor), DB_INT(mentee), DB_INT(3 + rnd() % 3), DB_TEXT(tags),
				     DB_INT(at + 3600))), "feedback");
		if (n % 3 == 0)
			must(db_exec(db, "INSERT INTO feedback (meeting_id, from_id, to_id, rating, comment, tags, created_at) "
				     "VALUES ($1, $2, $3, $4, 'Helpful', '', $5)",
				     DB_ARGS(DB_INT(m), DB_INT(mentee), DB_INT(mentor), DB_INT(2 + rnd() % 4),
					     DB_INT(at + 7200))), "feedback");
		/* The board: a corrective action now and then. */
		if (n % 6 == 2 && !careless)
			must(db_exec(db, "INSERT INTO actions (relationship_id, title, owner_id, due_on, goal_id, status, "
				     "created_by, created_at, updated_at) VALUES ($1, 'Practise the review', $2, "
				     "'2026-03-01', $3, $4, $5, $6, $6)",
				     DB_ARGS(DB_INT(rel), DB_INT(mentee), DB_INT(goal[n % 3]), DB_TEXT(pct(70) ? "done" : "open"),
					     DB_INT(mentor), DB_INT(at + DAY))), "action");
	}
	for (int64_t at = start + DAY; at < stop; at += (3 + rnd() % 12) * DAY)
		must(db_exec(db, "INSERT INTO messages (relationship_id, author_id, body, created_at) "
			     "VALUES ($1, $2, 'See you Thursday', $3)",
			     DB_ARGS(DB_INT(rel), DB_INT(rnd() % 2 ? mentor : mentee), DB_INT(at))), "message");
	if (ph == 4)
		for (int i = 0; i < 2; i++)
			must(db_exec(db, "INSERT INTO closures (relationship_id, user_id, reflection, satisfaction, "
				     "goals_met, mentor_important, would_recommend, thank_you_note, created_at) "
				     "VALUES ($1, $2, 'We grew', $3, $4, $5, 1, 'Thank you', $6)",
				     DB_ARGS(DB_INT(rel), DB_INT(i ? mentor : mentee), DB_INT(3 + rnd() % 3),
					     DB_INT(2 + rnd() % 4), i ? DB_NULL : DB_INT(3 + rnd() % 3),
					     DB_INT(NOW - 10 * DAY))), "closure");
}

static int64_t generate(int nrel)
{
	must(db_begin(db), "begin");
	int64_t admin = insert_id("INSERT INTO users (email, name, role, created_at, updated_at) "
				  "VALUES ('admin@bench.test', 'Bench Admin', 'admin', $1, $1) RETURNING id",
				  DB_ARGS(DB_INT(YEAR_AGO)), "admin");
	int64_t program = insert_id(
		"INSERT INTO programs (name, kind, starts_on, ends_on, matching, cadence_days, "
		"max_mentors_per_mentee, created_by, created_at, updated_at) VALUES ('Enterprise mentoring 2025', "
		"'one_to_one', '2025-01-15', '2026-06-30', 'optimal', 14, 2, $1, $2, $2) RETURNING id",
		DB_ARGS(DB_INT(admin), DB_INT(YEAR_AGO)), "program");
	must(db_exec(db, "INSERT INTO program_managers (program_id, user_id) VALUES ($1, $2)",
		     DB_ARGS(DB_INT(program), DB_INT(admin))), "manager");
	int nmentor = nrel / 4 + 1;
	int64_t first_mentor = 0, first_mentee = 0;
	for (int i = 0; i < nmentor + nrel; i++) {
		char email[64], name[64];
		bool mentor = i < nmentor;
		snprintf(email, sizeof(email), "%s%d@bench.test", mentor ? "mentor" : "mentee", i);
		snprintf(name, sizeof(name), "%s %d", mentor ? "Mentor" : "Mentee", i);
		int64_t id = insert_id("INSERT INTO users (email, name, role, created_at, updated_at) "
				       "VALUES ($1, $2, 'member', $3, $3) RETURNING id",
				       DB_ARGS(DB_TEXT(email), DB_TEXT(name), DB_INT(YEAR_AGO)), "user");
		must(db_exec(db, "INSERT INTO participants (program_id, user_id, role, capacity, created_at) "
			     "VALUES ($1, $2, $3, 4, $4)",
			     DB_ARGS(DB_INT(program), DB_INT(id), DB_TEXT(mentor ? "mentor" : "mentee"),
				     DB_INT(YEAR_AGO))), "participant");
		if (i == 0)
			first_mentor = id;
		if (i == nmentor)
			first_mentee = id;
	}
	for (int k = 0; k < nrel; k++) {
		relationship(program, first_mentor + k % nmentor, first_mentee + k, k);
		if (k % 5000 == 4999)
			fprintf(stderr, "  %d relationships, %lld rows\n", k + 1, rows);
	}
	must(db_commit(db), "commit");
	return program;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int nrel = 50000, runs = 15;
	const char *path = NULL;
	bool keep = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--relationships") && i + 1 < argc)
			nrel = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--db") && i + 1 < argc)
			path = argv[++i];
		else if (!strcmp(argv[i], "--keep"))
			keep = true;
		else {
			fprintf(stderr, "usage: health_bench [--relationships N] [--runs N] [--db PATH] [--keep]\n");
			return 2;
		}
	}
	if (nrel < 1 || runs < 1)
		return 2;
	json_set_alloc_funcs(xmalloc, free);
	setenv("MENTORD_NOW", "1769904000", 1);
	char dir[64] = "", file[128];
	struct stat sb;
	bool reuse = path && stat(path, &sb) == 0;
	if (!path) {
		snprintf(dir, sizeof(dir), "/tmp/mentord-health-bench-XXXXXX");
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
		fprintf(stderr, "health_bench: %s\n", err);
		return 1;
	}
	db = db_pool_acquire(pool);
	if (store_migrate(db, &err) != DB_OK) {
		fprintf(stderr, "health_bench: migrate: %s\n", err);
		return 1;
	}
	int64_t program = 1;
	if (!reuse) {
		fprintf(stderr, "generating %d relationships with a year of activity...\n", nrel);
		double t0 = seconds();
		program = generate(nrel);
		double gen = seconds() - t0;
		/* The pool's checkpointer may be copying the WAL right now: a
		 * second checkpoint then answers busy (its first column), and the
		 * file's size would leave out what the WAL still holds. */
		for (int tries = 0; tries < 600; tries++) {
			int64_t busy = 1;
			bool found = false;
			db_query_int(db, &busy, &found, "PRAGMA wal_checkpoint(TRUNCATE)", DB_NOARGS);
			if (found && busy == 0)
				break;
			struct timespec pause = {0, 100 * 1000000L};
			nanosleep(&pause, NULL);
		}
		stat(path, &sb);
		printf("generated: %d relationships, %lld rows in %.1f s; database %.0f MiB\n", nrel, rows, gen,
		       (double)sb.st_size / (1024.0 * 1024.0));
	} else {
		bool found;
		db_query_int(db, &program, &found, "SELECT MIN(id) FROM programs", DB_NOARGS);
	}
	/* The page as its handler renders it for a logged-in administrator
	 * (the first run also loads its templates). */
	app_t app = {0};
	arena_t *pa = arena_new();
	program_t *prog = NULL;
	if (store_program_get(db, pa, program, &prog) != DB_OK || !prog) {
		fprintf(stderr, "health_bench: no program\n");
		return 1;
	}
	double *t = xcalloc((size_t)runs, sizeof(double)), *cpu = xcalloc((size_t)runs, sizeof(double));
	size_t bytes = 0;
	int at_risk = 0;
	for (int i = 0; i < runs + 1; i++) {
		req_t r = {.arena = arena_new(), .db = db, .app = &app, .method = "GET", .path = "/programs/1/dashboard",
			   .who = {.user_id = 1, .role = ROLE_ADMIN, .name = "Bench Admin", .email = "admin@bench.test",
				   .csrf = "x", .via_cookie = true}};
		double t0 = seconds(), c0 = cpu_seconds();
		page_health_dashboard(&r, &(in_pageHealthDashboard_t){.id = prog->id}, &(verr_t){0});
		double dt = seconds() - t0, dc = cpu_seconds() - c0;
		if (r.status != 200) {
			fprintf(stderr, "health_bench: status %d\n", r.status);
			return 1;
		}
		bytes = r.out.len;
		if (i > 0) { /* the first run warms the page cache and statement cache */
			t[i - 1] = dt * 1000;
			cpu[i - 1] = dc * 1000;
		}
		buf_free(&r.out);
		arena_free(r.arena);
	}
	health_program_t hp;
	arena_t *a = arena_new();
	if (health_program_load(db, a, prog, time_now(), false, &hp) == DB_OK)
		at_risk = hp.at_risk;
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	qsort(cpu, (size_t)runs, sizeof(double), cmp_double);
	int i95 = (int)((runs - 1) * 0.95 + 0.5);
	printf("dashboard: %d relationships (%d at risk), page %zu bytes; %d runs: wall median %.1f ms, p95 %.1f ms "
	       "(min %.1f, max %.1f); CPU median %.1f ms, p95 %.1f ms\n", hp.n, at_risk, bytes, runs, t[runs / 2],
	       t[i95], t[0], t[runs - 1], cpu[runs / 2], cpu[i95]);
	arena_free(a);
	arena_free(pa);
	free(t);
	free(cpu);
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
	} else if (dir[0]) {
		printf("kept %s\n", path);
	}
	return 0;
}
