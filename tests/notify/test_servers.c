/* Several `mentord serve` processes on one database behave as one: the
 * real binary twice, on two loopback ports, on one database (PostgreSQL
 * with MENTORD_TEST_PG, else one SQLite file), with their delivery workers
 * and job runners sending to one SMTP sink.
 *
 *  - Writes go through both at once (two client threads, one per server,
 *    into the same relationship, so their transactions conflict and are run
 *    again): 40 meetings and 40 messages make 200 mails (two invitations
 *    and two reminders per meeting, one notice per message); each arrives
 *    exactly once, by Message-ID, though both workers drain the outbox and
 *    both job runners look for due reminders every second.
 *  - A server killed with SIGKILL while mail is in flight loses nothing:
 *    the other takes over once the lease runs out; the one message that
 *    may arrive twice is the documented one in flight at the kill
 *    (docs/notify.md), re-sent with the same Message-ID.
 *  - A session and a token work on either server, and ending them on one
 *    ends them on both.
 *  - Two managers publishing one match run on the two servers at once: one
 *    wins, the other gets 409, and the relationships exist once. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nh.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "http/auth.h"
#include "store/store.h"

enum { SERVERS = 2, MEETINGS = 40, MESSAGES = 40, MAILS = 4 * MEETINGS + MESSAGES };

TestSuite(servers, .timeout = 120);

static pid_t pids[SERVERS];
static int ports[SERVERS];

static int free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	cr_assert_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(getsockname(s, (struct sockaddr *)&sa, &len), 0);
	close(s);
	return ntohs(sa.sin_port);
}

/* Starts server i on the test's database and waits until it answers. */
static void serve(int i)
{
	ports[i] = free_port();
	const char *listen = nh_fmt("127.0.0.1:%d", ports[i]);
	const char *log = nh_fmt("%s/serve-%d.log", NH.dir, i);
	pids[i] = fork();
	cr_assert(pids[i] >= 0);
	if (pids[i] == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setenv("MENTORD_SMTP_URL", nh_fmt("smtp://127.0.0.1:%d", NH.sink_port), 1);
		setenv("MENTORD_SMTP_TIMEOUT", "2", 1);
		setenv("MENTORD_MAIL_FROM", "mentord@mentoring.example.org", 1);
		setenv("MENTORD_NOTIFY_POLL_MS", "20", 1);
		setenv("MENTORD_NOTIFY_RETRY_BASE", "1", 1);
		setenv("MENTORD_NOTIFY_JOB_INTERVAL", "1", 1);
		setenv("MENTORD_PW_COST", "min", 1);
		setenv("MENTORD_ACCESS_LOG", "false", 1);
		unsetenv("MENTORD_NOW");
		execl(nh_bin(), nh_bin(), "serve", "--db", NH.db_url, "--listen", listen, "--threads", "4",
		      (char *)NULL);
		_exit(127);
	}
	for (int k = 0; k < 500; k++) {
		int status;
		cr_assert_eq(waitpid(pids[i], &status, WNOHANG), 0, "mentord serve %d exited (see %s)", i, log);
		int s = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)ports[i]),
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		bool up = connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		close(s);
		if (up && nh_http_at(ports[i], NULL, "GET", "/healthz", NULL, NULL, NULL) == 200)
			return;
		nh_sleep(0.02);
	}
	cr_assert_fail("mentord serve %d did not come up", i);
}

static void stop(int i, int sig)
{
	if (pids[i] <= 0)
		return;
	kill(pids[i], sig);
	int status = 0;
	waitpid(pids[i], &status, 0);
	if (sig == SIGTERM)
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "server %d: clean shutdown on SIGTERM", i);
	pids[i] = 0;
}

/* The sink, a fresh database with the cast (a relationship in its working
 * phase), migrated the way `mentord serve` opens it. */
static void init(void)
{
	nh_setup_sink(NULL);
	nh_db_create();
	const char *why;
	config_defaults(&NH.cfg);
	cr_assert_eq(config_set(&NH.cfg, "db", NH.db_url, &why), 0);
	cr_assert_eq(cli_open(&NH.cfg, &NH.app, 2), 0);
	nh_cast(NH.app.pool, "working");
}

static void fini(void)
{
	for (int i = 0; i < SERVERS; i++)
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
			pids[i] = 0;
		}
	nh_teardown();
}

/* ---- a client thread per server (no arena, no Criterion asserts: the
 * main thread asserts on what they recorded) ---- */

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

/* One request; returns the status (0 when the request itself failed). */
static long post(CURL *c, int port, const char *token, const char *path, const char *json, buf_t *out)
{
	char url[256], auth[256];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
	hl = curl_slist_append(hl, auth);
	hl = curl_slist_append(hl, "Expect:");
	buf_reset(out);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hl);
	return status;
}

typedef struct writer {
	int server;
	const char *meetings_path, *messages_path;
	const char *tokens[2]; /* mentee, mentor: they take turns */
	int64_t first_start;   /* this writer's meetings start here, 10 minutes apart */
	long status[MEETINGS / SERVERS + MESSAGES / SERVERS];
	char last_error[512];
} writer_t;

static void *write_through(void *arg)
{
	writer_t *w = arg;
	CURL *c = curl_easy_init();
	buf_t out = BUF_INIT;
	int k = 0;
	for (int i = 0; c && i < MEETINGS / SERVERS; i++) {
		char when[32], body[96];
		time_format(w->first_start + (int64_t)i * 600, when, sizeof(when));
		snprintf(body, sizeof(body), "{\"starts_at\": \"%s\"}", when);
		w->status[k] = post(c, ports[w->server], w->tokens[i % 2], w->meetings_path, body, &out);
		if (w->status[k++] != 201)
			snprintf(w->last_error, sizeof(w->last_error), "%s", buf_cstr(&out));
		snprintf(body, sizeof(body), "{\"body\": \"note %d from server %d\"}", i, w->server);
		w->status[k] = post(c, ports[w->server], w->tokens[(i + 1) % 2], w->messages_path, body, &out);
		if (w->status[k++] != 201)
			snprintf(w->last_error, sizeof(w->last_error), "%s", buf_cstr(&out));
	}
	buf_free(&out);
	if (c)
		curl_easy_cleanup(c);
	return NULL;
}

/* Drives the writes through both servers at once and checks every answer. */
static void write_through_both(void)
{
	writer_t w[SERVERS];
	pthread_t th[SERVERS];
	int64_t soon = time_now() + 2 * 3600; /* inside the reminders' day ahead */
	for (int i = 0; i < SERVERS; i++) {
		w[i] = (writer_t){.server = i,
				  .meetings_path = nh_fmt("/api/v1/relationships/%lld/meetings", (long long)NH.rel),
				  .messages_path = nh_fmt("/api/v1/relationships/%lld/messages", (long long)NH.rel),
				  .tokens = {NH.mentee_token, NH.mentor_token},
				  .first_start = soon + (int64_t)i * 300};
		cr_assert_eq(pthread_create(&th[i], NULL, write_through, &w[i]), 0);
	}
	for (int i = 0; i < SERVERS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < SERVERS; i++)
		for (size_t k = 0; k < sizeof(w[i].status) / sizeof(w[i].status[0]); k++)
			cr_assert_eq(w[i].status[k], 201, "server %d, write %zu: %ld %s", i, k, w[i].status[k],
				     w[i].last_error);
}

/* Waits until the outbox holds want rows, all sent, and the sink has them. */
static void wait_delivered(int want, double secs)
{
	int sent = 0;
	for (double t = 0; t < secs; t += 0.05) {
		sent = (int)nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent'");
		if (sent >= want && nh_mail_count() >= want)
			break;
		nh_sleep(0.05);
	}
	cr_assert_geq(sent, want, "%d of %d mails sent", sent, want);
}

/* Every outbox row arrived, as many times as its Message-ID appears in the
 * sink; returns how many arrived twice (each must have been claimed again:
 * attempts > 1). */
static int check_each_arrived(void)
{
	json_t *mails = nh_mail_json();
	db_t *db = db_pool_acquire(NH.app.pool);
	db_stmt_t *s;
	cr_assert_eq(db_query(db, &s, "SELECT message_id, attempts FROM outbox ORDER BY id", DB_NOARGS), DB_OK);
	int rows = 0, dups = 0;
	while (db_step(s) == 1) {
		const char *mid = db_col_text(s, 0);
		int copies = 0;
		size_t i;
		json_t *m;
		json_array_foreach(mails, i, m)
			copies += strcmp(json_string_value(json_object_get(m, "message_id")), mid) == 0;
		cr_assert(copies >= 1, "message %s was lost", mid);
		cr_assert(copies <= 2, "message %s arrived %d times", mid, copies);
		if (copies == 2) {
			dups++;
			cr_assert_geq(db_col_int(s, 1), 2, "%s arrived twice but was claimed once", mid);
		}
		rows++;
	}
	db_done(s);
	db_pool_release(NH.app.pool, db);
	cr_assert_eq((int)json_array_size(mails), rows + dups, "%zu messages in the sink for %d outbox rows",
		     json_array_size(mails), rows);
	return dups;
}

Test(servers, two_servers_send_each_mail_once, .init = init, .fini = fini)
{
	for (int i = 0; i < SERVERS; i++)
		serve(i);
	write_through_both();
	wait_delivered(MAILS, 60);
	/* Both job runners keep passing (every second) and both workers keep
	 * polling: give a late duplicate the chance to show. */
	nh_sleep(2.5);
	for (int i = 0; i < SERVERS; i++)
		stop(i, SIGTERM);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox"), MAILS);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'meeting_reminder'"), 2 * MEETINGS);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'message'"), MESSAGES);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), MAILS);
	cr_assert_eq(check_each_arrived(), 0, "with no crash every Message-ID arrives exactly once");
	cr_assert_eq(nh_mail_count(), MAILS);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM meetings"), MEETINGS);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM messages"), MESSAGES);
	/* The rollups kept up with the concurrent writers. */
	cr_assert_eq(nh_db_int(nh_fmt("SELECT meetings FROM health_activity WHERE relationship_id = %lld",
				      (long long)NH.rel)), MEETINGS);
}

Test(servers, a_killed_server_loses_nothing, .init = init, .fini = fini)
{
	/* A slow SMTP server, so that a message is in flight at the kill more
	 * often than not. */
	FILE *f = fopen(nh_fmt("%s/delay", NH.dir), "w");
	cr_assert_not_null(f);
	fputs("0.05", f);
	fclose(f);
	for (int i = 0; i < SERVERS; i++)
		serve(i);
	write_through_both();
	cr_assert(nh_wait_mail(MAILS / 4, 60), "delivery did not start");
	stop(0, SIGKILL);
	/* Server 1 alone finishes, taking over server 0's claims once their
	 * lease (2 * smtp_timeout + 2 s) runs out. */
	wait_delivered(MAILS, 60);
	nh_sleep(1);
	stop(1, SIGTERM);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox"), MAILS);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), MAILS);
	int dups = check_each_arrived();
	cr_assert_leq(dups, 1, "only the message in flight at the kill may arrive twice");
}

/* ---- sessions and tokens ---- */

static long with_cookie(CURL *c, int port, const char *method, const char *path, const char *csrf,
			const char *json, buf_t *out)
{
	char url[256], hdr[256];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
	hl = curl_slist_append(hl, "Expect:");
	if (csrf) {
		snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf);
		hl = curl_slist_append(hl, hdr);
	}
	buf_reset(out);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, strcmp(method, "GET") ? method : NULL);
	if (json)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	long status = 0;
	cr_assert_eq(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hl);
	return status;
}

static const char *json_str(arena_t *a, buf_t *b, const char *key)
{
	json_t *j = json_loads(buf_cstr(b), 0, NULL);
	cr_assert_not_null(j, "not JSON: %s", buf_cstr(b));
	const char *v = arena_strdup(a, json_string_value(json_object_get(j, key)));
	json_decref(j);
	return v;
}

Test(servers, sessions_and_tokens_work_on_either, .init = init, .fini = fini)
{
	for (int i = 0; i < SERVERS; i++)
		serve(i);
	/* The cast has no passwords: give the mentee one through the store. */
	char hash[crypto_pwhash_STRBYTES];
	app_t app = NH.app;
	app.pw_ops = crypto_pwhash_OPSLIMIT_MIN;
	app.pw_mem = crypto_pwhash_MEMLIMIT_MIN;
	cr_assert_eq(auth_hash_password(&app, "a-long-enough-password", hash), 0);
	db_t *db = db_pool_acquire(NH.app.pool);
	cr_assert_eq(store_user_set_password(db, NH.mentee, hash, NULL, NULL), DB_OK);
	db_pool_release(NH.app.pool, db);

	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	buf_t out = BUF_INIT;
	cr_assert_eq(with_cookie(c, ports[0], "POST", "/api/v1/auth/login", NULL,
				 "{\"email\": \"mentee@example.org\", \"password\": \"a-long-enough-password\"}", &out),
		     200, "%s", buf_cstr(&out));
	/* The session made on server 0 is known to server 1. */
	cr_assert_eq(with_cookie(c, ports[1], "GET", "/api/v1/me", NULL, NULL, &out), 200, "%s", buf_cstr(&out));
	const char *csrf = json_str(NH.a, &out, "csrf_token");
	/* A token made on server 1 with it works on server 0. */
	cr_assert_eq(with_cookie(c, ports[1], "POST", "/api/v1/tokens", csrf, "{\"name\": \"both\"}", &out), 201,
		     "%s", buf_cstr(&out));
	const char *token = json_str(NH.a, &out, "token");
	json_t *made = json_loads(buf_cstr(&out), 0, NULL);
	int64_t token_id = json_integer_value(json_object_get(made, "id"));
	json_decref(made);
	cr_assert_eq(nh_http_at(ports[0], token, "GET", "/api/v1/me", NULL, NULL, NULL), 200);
	/* Revoked on server 0, refused by server 1. */
	cr_assert_eq(with_cookie(c, ports[0], "DELETE", nh_fmt("/api/v1/tokens/%lld", (long long)token_id), csrf,
				 NULL, &out), 200, "%s", buf_cstr(&out));
	cr_assert_eq(nh_http_at(ports[1], token, "GET", "/api/v1/me", NULL, NULL, NULL), 401);
	/* Logged out on server 1, the cookie is dead on server 0 too. */
	cr_assert_eq(with_cookie(c, ports[1], "POST", "/api/v1/auth/logout", csrf, NULL, &out), 200, "%s",
		     buf_cstr(&out));
	curl_easy_cleanup(c);
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	cr_assert_eq(with_cookie(c, ports[0], "GET", "/api/v1/me", NULL, NULL, &out), 401);
	buf_free(&out);
	curl_easy_cleanup(c);
}

/* ---- publishing one match run twice at once ---- */

typedef struct publisher {
	int server;
	const char *token, *path;
	pthread_barrier_t *go;
	long status;
} publisher_t;

static void *publish(void *arg)
{
	publisher_t *p = arg;
	CURL *c = curl_easy_init();
	buf_t out = BUF_INIT;
	pthread_barrier_wait(p->go);
	p->status = c ? post(c, ports[p->server], p->token, p->path, "{}", &out) : 0;
	buf_free(&out);
	if (c)
		curl_easy_cleanup(c);
	return NULL;
}

/* Runs the binary on the test's database; its output (trimmed) or NULL. */
static const char *run_cli(const char *args)
{
	const char *cmd = nh_fmt("MENTORD_PW_COST=min '%s' %s --db '%s' 2>&1", nh_bin(), args, NH.db_url);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	char out[4096];
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: %s", cmd, out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	return arena_strdup(NH.a, out);
}

static void init_demo(void)
{
	nh_setup_sink(NULL);
	nh_db_create();
	run_cli("demo");
	const char *why;
	config_defaults(&NH.cfg);
	cr_assert_eq(config_set(&NH.cfg, "db", NH.db_url, &why), 0);
	cr_assert_eq(cli_open(&NH.cfg, &NH.app, 2), 0);
}

Test(servers, one_publish_wins, .init = init_demo, .fini = fini)
{
	for (int i = 0; i < SERVERS; i++)
		serve(i);
	const char *tokens[SERVERS] = {run_cli("token create --email manager@demo.mentord.test"),
				       run_cli("token create --email admin@demo.mentord.test")};
	json_t *run = NULL;
	char *text = NULL;
	cr_assert_eq(nh_http_at(ports[0], tokens[0], "POST", "/api/v1/programs/1/match-runs",
				"{\"algorithm\": \"optimal\"}", &run, &text), 201, "%s", text);
	int64_t run_id = json_integer_value(json_object_get(run, "id"));
	size_t pairs = json_array_size(json_object_get(run, "matches"));
	cr_assert_gt(pairs, 10u, "%s", text);
	int64_t before = nh_db_int("SELECT COUNT(*) FROM relationships");

	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, SERVERS);
	publisher_t p[SERVERS];
	pthread_t th[SERVERS];
	for (int i = 0; i < SERVERS; i++) {
		p[i] = (publisher_t){.server = i, .token = tokens[i], .go = &go,
				     .path = nh_fmt("/api/v1/match-runs/%lld/publish", (long long)run_id)};
		cr_assert_eq(pthread_create(&th[i], NULL, publish, &p[i]), 0);
	}
	for (int i = 0; i < SERVERS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&go);
	int won = 0, refused = 0;
	for (int i = 0; i < SERVERS; i++) {
		won += p[i].status == 200;
		refused += p[i].status == 409;
	}
	cr_assert(won == 1 && refused == 1, "publish answered %ld and %ld; want one 200 and one 409", p[0].status,
		  p[1].status);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM relationships") - before, (int64_t)pairs,
		     "each pair became a relationship once");
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM match_runs WHERE id = %lld AND status = 'published'",
				      (long long)run_id)), 1);
}
