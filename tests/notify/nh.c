/* The notify test harness; see nh.h. */
#include "nh.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/timeutil.h"
#include "http/auth.h"
#include "store/store.h"
#include "../testdb.h"

nh_t NH;

const char *nh_src_dir(void)
{
	const char *d = getenv("NOTIFY_TESTS_DIR");
	return d ? d : "tests/notify";
}

const char *nh_bin(void)
{
	const char *b = getenv("MENTORD_BIN");
	return b ? b : "build-notify/mentord";
}

char *nh_fmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(NH.a, fmt, ap);
	va_end(ap);
	return s;
}

void nh_sleep(double secs)
{
	struct timespec ts = {(time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9)};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- the SMTP sink ---- */

void nh_sink_start(const nh_sink_opts_t *o)
{
	nh_sink_opts_t none = {0};
	if (!o)
		o = &none;
	unlink(nh_fmt("%s/port", NH.mail));
	char delay[32], fail[32];
	snprintf(delay, sizeof(delay), "%g", o->delay);
	snprintf(fail, sizeof(fail), "%d", o->fail_first);
	const char *script = nh_fmt("%s/smtp_sink.py", nh_src_dir());
	const char *delay_file = nh_fmt("%s/delay", NH.dir);
	pid_t pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* The sink dies with the test, even when the test crashes. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		const char *argv[12] = {"/usr/bin/python3", script, NH.mail, "--delay", delay,
					"--fail-first", fail, "--delay-file", delay_file, NULL};
		if (o->auth) {
			argv[9] = "--auth";
			argv[10] = o->auth;
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	NH.sink_pid = pid;
	/* The sink writes its port once it listens; bounded wait. */
	const char *port_file = nh_fmt("%s/port", NH.mail);
	double until = mono() + 15;
	while (mono() < until) {
		FILE *f = fopen(port_file, "r");
		if (f) {
			int port = 0;
			bool ok = fscanf(f, "%d", &port) == 1;
			fclose(f);
			if (ok && port > 0) {
				NH.sink_port = port;
				return;
			}
		}
		int status;
		cr_assert_eq(waitpid(pid, &status, WNOHANG), 0, "the SMTP sink exited early (status %d)", status);
		nh_sleep(0.02);
	}
	cr_assert_fail("the SMTP sink did not start within 15 s");
}

void nh_sink_stop(void)
{
	if (NH.sink_pid <= 0)
		return;
	kill(NH.sink_pid, SIGTERM);
	int status;
	double until = mono() + 5;
	while (waitpid(NH.sink_pid, &status, WNOHANG) == 0) {
		if (mono() > until) {
			kill(NH.sink_pid, SIGKILL);
			waitpid(NH.sink_pid, &status, 0);
			break;
		}
		nh_sleep(0.02);
	}
	NH.sink_pid = 0;
}

void nh_setup_sink(const nh_sink_opts_t *o)
{
	memset(&NH, 0, sizeof(NH));
	signal(SIGPIPE, SIG_IGN);
	NH.a = arena_new();
	snprintf(NH.dir, sizeof(NH.dir), "/tmp/mentord-notify-XXXXXX");
	cr_assert_not_null(mkdtemp(NH.dir));
	snprintf(NH.mail, sizeof(NH.mail), "%s/mail", NH.dir);
	cr_assert_eq(mkdir(NH.mail, 0700), 0);
	cr_assert_eq(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK);
	nh_sink_start(o);
}

/* ---- the cast ---- */

static const char *add_token(db_t *db, int64_t user_id)
{
	char secret[AUTH_SECRET_CHARS], hash[AUTH_HASH_HEX];
	auth_new_secret("mtd_", secret);
	auth_secret_hash(secret, hash);
	int64_t id = 0;
	cr_assert_eq(store_token_insert(db, &(store_token_new_t){.user_id = user_id, .name = "test", .token_hash = hash},
				       &id), DB_OK, "%s", db_errmsg(db));
	return arena_strdup(NH.a, secret);
}

static int64_t ins(db_t *db, const char *sql, const db_val_t *args, int n)
{
	int64_t id = 0;
	cr_assert_eq(db_query_int(db, &id, NULL, sql, args, n), DB_OK, "%s: %s", sql, db_errmsg(db));
	return id;
}

void nh_cast(db_pool_t *pool, const char *phase)
{
	db_t *db = db_pool_acquire(pool);
	int64_t now = time_now();
	cr_assert_eq(db_begin(db), DB_OK);
	const char *user = "INSERT INTO users (email, name, role, active, created_at, updated_at) "
			   "VALUES ($1, $2, 'member', 1, $3, $3) RETURNING id";
	NH.mentor = ins(db, user, DB_ARGS(DB_TEXT("mentor@example.org"), DB_TEXT("Marta Mentor"), DB_INT(now)));
	NH.mentee = ins(db, user, DB_ARGS(DB_TEXT("mentee@example.org"), DB_TEXT("Jonas Müller"), DB_INT(now)));
	const char *prof = "INSERT INTO profiles (user_id, timezone, updated_at) VALUES ($1, $2, $3) RETURNING user_id";
	ins(db, prof, DB_ARGS(DB_INT(NH.mentor), DB_TEXT("America/New_York"), DB_INT(now)));
	ins(db, prof, DB_ARGS(DB_INT(NH.mentee), DB_TEXT("Europe/Berlin"), DB_INT(now)));
	NH.program = ins(db, "INSERT INTO programs (name, kind, starts_on, ends_on, matching, cadence_days, "
			     "max_mentors_per_mentee, created_at, updated_at) VALUES ('Pilot', 'one_to_one', "
			     "'2026-01-01', '2027-12-31', 'optimal', 14, 2, $1, $1) RETURNING id",
			 DB_ARGS(DB_INT(now)));
	NH.rel = ins(db, "INSERT INTO relationships (program_id, mentor_id, mentee_id, phase, created_at, "
			 "updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
		     DB_ARGS(DB_INT(NH.program), DB_INT(NH.mentor), DB_INT(NH.mentee), DB_TEXT(phase),
			     DB_INT(now)));
	NH.mentor_token = add_token(db, NH.mentor);
	NH.mentee_token = add_token(db, NH.mentee);
	cr_assert_eq(db_commit(db), DB_OK);
	db_pool_release(pool, db);
}

/* ---- the server ---- */

void nh_db_create(void)
{
	testdb_create(NH.dir, "notify.db", true, NH.db_url, sizeof(NH.db_url));
}

void nh_setup(const nh_sink_opts_t *o, bool threads)
{
	nh_setup_sink(o);
	const char *why = NULL;
	config_defaults(&NH.cfg);
	nh_db_create();
	cr_assert_eq(config_set(&NH.cfg, "db", NH.db_url, &why), 0);
	cr_assert_eq(config_set(&NH.cfg, "listen", "127.0.0.1:0", &why), 0);
	cr_assert_eq(config_set(&NH.cfg, "threads", "2", &why), 0);
	cr_assert_eq(config_set(&NH.cfg, "pw_cost", "min", &why), 0);
	cr_assert_eq(config_set(&NH.cfg, "access_log", "false", &why), 0);
	cr_assert_eq(cli_open(&NH.cfg, &NH.app, NH.cfg.threads + 1 + NOTIFY_DB_CONNECTIONS), 0);
	NH.app.started_at = time_now();
	nh_cast(NH.app.pool, "working");
	notify_config_t n;
	notify_config_defaults(&n);
	n.smtp_url = nh_fmt("smtp://127.0.0.1:%d", NH.sink_port);
	n.smtp_user = o && o->auth ? "mentord" : NULL;
	n.smtp_password = o && o->auth ? "s3cret" : NULL;
	n.mail_from = "mentord@mentoring.example.org";
	n.base_url = "https://mentoring.example.org";
	n.smtp_timeout = 5;
	n.poll_ms = 20;
	n.retry_base = 1;
	n.retry_cap = 2;
	n.max_attempts = 5;
	n.job_interval = 3600; /* tests run jobs by hand at pinned times */
	notify_configure(&n);
	serve_compose(&NH.app);
	cr_assert_eq(server_start(&NH.app, &NH.srv, &NH.port), 0);
	if (threads) {
		cr_assert_eq(notify_start(NH.app.pool, &NH.threads), 0);
		/* The job runner's first pass runs at once, at the real time: let
		 * it finish before the test writes, or it could digest or remind
		 * what the test means to run at a pinned time. */
		for (int i = 0; i < 1000 && notify_job_passes(NH.threads) == 0; i++)
			nh_sleep(0.005);
		cr_assert(notify_job_passes(NH.threads) > 0, "the job runner did not make its first pass");
	}
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void nh_teardown(void)
{
	if (NH.srv)
		server_stop(NH.srv);
	NH.srv = NULL;
	if (NH.threads)
		notify_stop(NH.threads);
	NH.threads = NULL;
	if (NH.app.pool)
		cli_close(&NH.app);
	config_free(&NH.cfg);
	testdb_drop(NH.db_url);
	nh_sink_stop();
	curl_global_cleanup();
	if (NH.dir[0] && !getenv("NOTIFY_KEEP"))
		nftw(NH.dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	arena_free(NH.a);
	memset(&NH, 0, sizeof(NH));
}

/* ---- HTTP ---- */

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

long nh_http_at(int port, const char *token, const char *method, const char *path,
		const char *json, json_t **body, char **text)
{
	CURL *c = curl_easy_init();
	cr_assert_not_null(c);
	buf_t out = BUF_INIT;
	struct curl_slist *hl = NULL;
	curl_easy_setopt(c, CURLOPT_URL, nh_fmt("http://127.0.0.1:%d%s", port, path));
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (json) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
		hl = curl_slist_append(hl, "Content-Type: application/json");
	}
	if (token)
		hl = curl_slist_append(hl, nh_fmt("Authorization: Bearer %s", token));
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	cr_assert_eq(rc, CURLE_OK, "%s %s: %s", method, path, curl_easy_strerror(rc));
	char *s = arena_strdup(NH.a, buf_cstr(&out));
	buf_free(&out);
	if (text)
		*text = s;
	if (body) {
		*body = json_loads(s, 0, NULL);
		if (*body)
			arena_defer(NH.a, (void (*)(void *))json_decref, *body);
	}
	return status;
}

long nh_http(const char *token, const char *method, const char *path, const char *json,
	     json_t **body, char **text)
{
	return nh_http_at(NH.port, token, method, path, json, body, text);
}

/* ---- mail ---- */

int nh_mail_count(void)
{
	glob_t g;
	int n = 0;
	if (glob(nh_fmt("%s/msg-*.eml", NH.mail), 0, NULL, &g) == 0)
		n = (int)g.gl_pathc;
	globfree(&g);
	return n;
}

bool nh_wait_mail(int n, double secs)
{
	double until = mono() + secs;
	while (nh_mail_count() < n) {
		if (mono() > until)
			return false;
		nh_sleep(0.02);
	}
	return true;
}

static json_t *run_json(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p, "%s", cmd);
	buf_t b = BUF_INIT;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(&b, chunk, k);
	int rc = pclose(p);
	cr_assert_eq(rc, 0, "%s failed (%d): %s", cmd, rc, buf_cstr(&b));
	json_error_t err;
	json_t *j = json_loads(buf_cstr(&b), 0, &err);
	cr_assert_not_null(j, "%s: not JSON (%s): %.300s", cmd, err.text, buf_cstr(&b));
	buf_free(&b);
	arena_defer(NH.a, (void (*)(void *))json_decref, j);
	return j;
}

json_t *nh_mail_json(void)
{
	return json_object_get(run_json(nh_fmt("/usr/bin/python3 %s/check_mail.py %s", nh_src_dir(),
					       NH.mail)), "messages");
}

json_t *nh_ics_json(const char *ics)
{
	const char *path = nh_fmt("%s/feed.ics", NH.dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(ics, f);
	fclose(f);
	return run_json(nh_fmt("/usr/bin/python3 %s/check_mail.py --ics %s", nh_src_dir(), path));
}

json_t *nh_pick(json_t *mails, const char *kind, const char *addr)
{
	json_t *out = json_array();
	arena_defer(NH.a, (void (*)(void *))json_decref, out);
	size_t i;
	json_t *m;
	json_array_foreach(mails, i, m) {
		const char *k = json_string_value(json_object_get(m, "kind"));
		json_t *to = json_array_get(json_object_get(m, "envelope_to"), 0);
		if (k && !strcmp(k, kind) && (!addr || (to && strstr(json_string_value(to), addr))))
			json_array_append(out, m);
	}
	return out;
}

/* ---- database ---- */

int64_t nh_db_int(const char *sql)
{
	db_t *db = db_pool_acquire(NH.app.pool);
	int64_t v = -1;
	bool found = false;
	int st = db_query_int(db, &v, &found, sql, DB_NOARGS);
	db_pool_release(NH.app.pool, db);
	cr_assert_eq(st, DB_OK, "%s", sql);
	cr_assert(found, "%s: no row", sql);
	return v;
}

void nh_db_exec(const char *sql)
{
	db_t *db = db_pool_acquire(NH.app.pool);
	int st = db_exec(db, sql, DB_NOARGS);
	const char *msg = st == DB_OK ? "" : arena_strdup(NH.a, db_errmsg(db));
	db_pool_release(NH.app.pool, db);
	cr_assert_eq(st, DB_OK, "%s: %s", sql, msg);
}

notify_job_stats_t nh_jobs(int64_t now)
{
	db_t *db = db_pool_acquire(NH.app.pool);
	notify_job_stats_t s;
	int st = notify_jobs_run(db, now, &s);
	db_pool_release(NH.app.pool, db);
	cr_assert_eq(st, DB_OK, "jobs failed");
	return s;
}

int nh_deliver_all(void)
{
	db_t *db = db_pool_acquire(NH.app.pool);
	CURL *c = curl_easy_init();
	int n = 0;
	bool did = true;
	while (did && n < 10000) {
		cr_assert_eq(notify_deliver_one(db, c, &did), DB_OK);
		n += did;
	}
	curl_easy_cleanup(c);
	db_pool_release(NH.app.pool, db);
	return n;
}
