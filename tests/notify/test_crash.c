/* A killed worker loses and duplicates nothing it could avoid: run
 * `mentord serve` as a child process, create meetings through the API (two
 * invitations each), let the worker deliver to an SMTP server that takes a
 * second to answer each message, SIGKILL the server while a message is in
 * flight (received by the SMTP server, its 250 not yet sent), restart it
 * and wait for the outbox to drain. Then every outbox message has arrived;
 * the only possible duplicate is the message in flight at the kill, and it
 * arrives again byte for byte with the same Message-ID (deduplicable). */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nh.h"
#include "store/store.h"

enum { MEETINGS = 8, MAILS = 2 * MEETINGS, SMTP_TIMEOUT = 3 };

static pid_t child;
static int http_port;

static void fini(void)
{
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		child = 0;
	}
	nh_teardown();
}

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

static void serve(void)
{
	const char *db = NH.db_url;
	const char *listen = nh_fmt("127.0.0.1:%d", http_port);
	const char *log = nh_fmt("%s/serve.log", NH.dir);
	child = fork();
	cr_assert(child >= 0);
	if (child == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setenv("MENTORD_SMTP_URL", nh_fmt("smtp://127.0.0.1:%d", NH.sink_port), 1);
		setenv("MENTORD_SMTP_TIMEOUT", nh_fmt("%d", SMTP_TIMEOUT), 1);
		setenv("MENTORD_MAIL_FROM", "mentord@mentoring.example.org", 1);
		setenv("MENTORD_NOTIFY_POLL_MS", "20", 1);
		setenv("MENTORD_NOTIFY_RETRY_BASE", "1", 1);
		setenv("MENTORD_PW_COST", "min", 1);
		setenv("MENTORD_ACCESS_LOG", "false", 1);
		unsetenv("MENTORD_NOW");
		execl(nh_bin(), nh_bin(), "serve", "--db", db, "--listen", listen, "--threads", "2", (char *)NULL);
		_exit(127);
	}
	/* Ready when /healthz answers; bounded. */
	for (int i = 0; i < 500; i++) {
		int status;
		cr_assert_eq(waitpid(child, &status, WNOHANG), 0, "mentord serve exited (see %s)", log);
		int s = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)http_port),
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		bool up = connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		close(s);
		if (up && nh_http_at(http_port, NULL, "GET", "/healthz", NULL, NULL, NULL) == 200)
			return;
		nh_sleep(0.02);
	}
	cr_assert_fail("mentord serve did not come up");
}

static void set_delay(const char *secs)
{
	FILE *f = fopen(nh_fmt("%s/delay", NH.dir), "w");
	cr_assert_not_null(f);
	fputs(secs, f);
	fclose(f);
}

static void init(void)
{
	nh_setup_sink(NULL);
	set_delay("1.0");
	/* The database and the cast, prepared the way `mentord serve` opens it. */
	const char *why;
	config_defaults(&NH.cfg);
	nh_db_create();
	cr_assert_eq(config_set(&NH.cfg, "db", NH.db_url, &why), 0);
	cr_assert_eq(cli_open(&NH.cfg, &NH.app, 2), 0);
	nh_cast(NH.app.pool, "working");
	http_port = free_port();
}

Test(crash, killed_mid_delivery_loses_nothing, .init = init, .fini = fini, .timeout = 90)
{
	serve();
	for (int i = 0; i < MEETINGS; i++) {
		char *text = NULL;
		long st = nh_http_at(http_port, NH.mentee_token, "POST",
				     nh_fmt("/api/v1/relationships/%lld/meetings", (long long)NH.rel),
				     nh_fmt("{\"starts_at\": \"2030-04-%02dT14:00:00Z\"}", i + 1), NULL, &text);
		cr_assert_eq(st, 201, "%s", text);
	}
	/* Each message waits a second for its 250: kill right after the third
	 * one reached the server, while the worker waits for that answer. */
	cr_assert(nh_wait_mail(3, 30), "delivery did not start");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	child = 0;
	int before = nh_mail_count();
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox"), MAILS);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sending'"), 1,
		     "the message in flight keeps its lease");
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), before - 1);

	set_delay("0");
	serve();
	/* The lease (2 * smtp_timeout + 2 s) runs out, then everything drains. */
	for (int i = 0; i < 1500 && nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") < MAILS; i++)
		nh_sleep(0.02);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), MAILS);
	kill(child, SIGTERM);
	int status = 0;
	waitpid(child, &status, 0);
	child = 0;
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "clean shutdown on SIGTERM");

	/* Nothing lost: every outbox Message-ID arrived. At most one duplicate,
	 * the message in flight at the kill, identical and with the same ID. */
	json_t *mails = nh_mail_json();
	size_t n = json_array_size(mails);
	cr_assert(n == MAILS || n == MAILS + 1, "%zu messages for %d outbox rows", n, MAILS);
	db_t *db = db_pool_acquire(NH.app.pool);
	db_stmt_t *s;
	cr_assert_eq(db_query(db, &s, "SELECT message_id, attempts FROM outbox ORDER BY id", DB_NOARGS), DB_OK);
	int dups = 0;
	while (db_step(s) == 1) {
		const char *mid = db_col_text(s, 0);
		int copies = 0;
		const char *sha = NULL;
		size_t i;
		json_t *m;
		json_array_foreach(mails, i, m) {
			if (strcmp(json_string_value(json_object_get(m, "message_id")), mid) != 0)
				continue;
			const char *h = json_string_value(json_object_get(m, "raw_sha"));
			cr_assert(!sha || !strcmp(sha, h), "a re-send of %s differs from the first copy", mid);
			sha = h;
			copies++;
		}
		cr_assert(copies >= 1, "message %s was lost", mid);
		cr_assert(copies <= 2, "message %s arrived %d times", mid, copies);
		if (copies == 2) {
			dups++;
			cr_assert_eq(db_col_int(s, 1), 2, "the duplicate is the re-sent message in flight");
		}
	}
	db_done(s);
	db_pool_release(NH.app.pool, db);
	cr_assert(dups <= 1);
	cr_assert_eq((int)n, MAILS + dups);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE attempts > 1"), dups);
}
