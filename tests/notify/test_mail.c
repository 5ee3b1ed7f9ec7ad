/* Mail on the wire: rendering (encoded headers, no header injection, the
 * calendar MIME shape), SMTP delivery to a real server with AUTH, retries
 * with backoff after a 451, and delivery throughput. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nh.h"
#include "notify/mail.h"
#include "core/timeutil.h"

static void fini(void)
{
	nh_teardown();
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(s, f);
	fclose(f);
}

static void sink_only(void)
{
	cr_assert(sodium_init() >= 0);
	nh_setup_sink(NULL);
}

Test(mail, render_headers_and_calendar_shape, .init = sink_only, .fini = fini)
{
	notify_config_t c;
	notify_config_defaults(&c);
	c.mail_from = "mentord@mentoring.example.org";
	outbox_row_t o = {
		.id = 1, .to_addr = "jonas@example.org", .to_name = "Jonas \"JM\" Müller",
		.kind = "invite", .message_id = "<abc123@mentoring.example.org>",
		.subject = "Einladung: Treffen mit Zoë\r\nBcc: evil@example.org",
		.body = "Hallo Jonas,\n.\nein Punkt allein auf einer Zeile.\n", .created_at = 1893456000,
		.ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nMETHOD:REQUEST\r\n"
		       "BEGIN:VEVENT\r\nUID:meeting-1@mentord\r\nDTSTAMP:20300101T000000Z\r\n"
		       "DTSTART:20300101T100000Z\r\nSEQUENCE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		.ics_method = "REQUEST",
	};
	arena_t *a = arena_new();
	char *msg = mail_render(a, &c, &o);
	cr_assert_null(strstr(msg, "\nBcc:"), "header injection: %s", msg);
	write_file(nh_fmt("%s/msg-00001.eml", NH.mail), msg);
	write_file(nh_fmt("%s/msg-00001.env", NH.mail), "mentord@mentoring.example.org\njonas@example.org\n");
	arena_free(a);
	json_t *m = json_array_get(nh_mail_json(), 0);
	cr_assert_not_null(m);
	cr_assert_str_eq(json_string_value(json_object_get(m, "subject")),
			 "Einladung: Treffen mit Zoë  Bcc: evil@example.org");
	cr_assert_str_eq(json_string_value(json_object_get(m, "message_id")), "<abc123@mentoring.example.org>");
	cr_assert_not_null(strstr(json_string_value(json_object_get(m, "to")), "Müller"));
	cr_assert_str_eq(json_string_value(json_object_get(m, "text")), o.body);
	cr_assert_str_eq(json_string_value(json_object_get(m, "date")), "Tue, 01 Jan 2030 00:00:00 +0000");
	cr_assert(json_is_true(json_object_get(m, "attachment_same")));
	cr_assert_str_eq(json_string_value(json_object_get(m, "calendar_part_method")), "REQUEST");
	json_t *parts = json_object_get(m, "parts");
	cr_assert_str_eq(json_string_value(json_array_get(parts, 0)), "multipart/mixed");
	cr_assert_str_eq(json_string_value(json_array_get(parts, 1)), "multipart/alternative");
	cr_assert_str_eq(json_string_value(json_array_get(parts, 3)), "text/calendar");
}

/* Queues n plain messages for the mentee in one transaction. */
static void queue(int n)
{
	db_t *db = db_pool_acquire(NH.app.pool);
	arena_t *a = arena_new();
	notify_person_t *p = NULL;
	cr_assert_eq(store_notify_person(db, a, NH.mentee, &p), DB_OK);
	cr_assert_eq(db_begin(db), DB_OK);
	for (int i = 0; i < n; i++) {
		notify_mail_t m = {.category = "messages", .kind = "message",
				   .subject = arena_printf(a, "Message %d", i),
				   .body = arena_printf(a, "Body of message %d\n", i)};
		int64_t id = 0;
		cr_assert_eq(notify_enqueue(db, a, p, &m, &id), DB_OK);
		cr_assert(id > 0);
	}
	cr_assert_eq(db_commit(db), DB_OK);
	arena_free(a);
	db_pool_release(NH.app.pool, db);
}

static void with_auth(void)
{
	nh_sink_opts_t o = {.auth = "mentord:s3cret"};
	nh_setup(&o, false);
}

Test(mail, smtp_auth, .init = with_auth, .fini = fini)
{
	queue(2);
	cr_assert_eq(nh_deliver_all(), 2);
	cr_assert_eq(nh_mail_count(), 2);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 1"), 2);
}

static void failing_once(void)
{
	nh_sink_opts_t o = {.fail_first = 1};
	nh_setup(&o, false);
}

Test(mail, retry_after_451_with_backoff, .init = failing_once, .fini = fini)
{
	/* Times are whole seconds and the backoff is one: start just after a
	 * second turns, so that the retry is not already due when the first
	 * attempt is recorded. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	nh_sleep(1.0 - (double)now.tv_nsec / 1e9);
	queue(1);
	cr_assert_eq(nh_deliver_all(), 1); /* refused with 451, rescheduled */
	cr_assert_eq(nh_mail_count(), 0);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts = 1 "
			       "AND last_error LIKE '%451%' AND next_attempt_at > created_at"), 1);
	cr_assert_eq(nh_deliver_all(), 0, "not due before its backoff");
	nh_sleep(1.1); /* retry_base is 1 s */
	cr_assert_eq(nh_deliver_all(), 1);
	cr_assert_eq(nh_mail_count(), 1);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 2"), 1);
}

static void refusing(void)
{
	nh_setup(NULL, false);
}

Test(mail, permanent_refusal_and_dead_server, .init = refusing, .fini = fini)
{
	/* A recipient the server refuses for good is failed at once. */
	nh_db_exec("UPDATE users SET email = 'nobody@example.org' WHERE email = 'mentee@example.org'");
	queue(1);
	cr_assert_eq(nh_deliver_all(), 1);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND attempts = 1 "
			       "AND last_error LIKE '%550%'"), 1);
	/* A server that is gone: retried, never lost. */
	nh_db_exec("UPDATE users SET email = 'mentee@example.org' WHERE email = 'nobody@example.org'");
	nh_sink_stop();
	queue(1);
	nh_deliver_all();
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts = 1 "
			       "AND subject = 'Message 0' AND id = (SELECT MAX(id) FROM outbox)"), 1);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void threaded(void)
{
	nh_setup(NULL, true);
}

Test(mail, throughput_to_local_server, .init = threaded, .fini = fini, .timeout = 60)
{
	enum { N = 300 };
	double t0 = now_s();
	queue(N);
	cr_assert(nh_wait_mail(N, 45), "only %d of %d arrived", nh_mail_count(), N);
	double secs = now_s() - t0;
	fprintf(stderr, "notify throughput: %d messages in %.2f s = %.0f messages/s (one worker, one SMTP connection)\n",
		    N, secs, N / secs);
	nh_sleep(0.2);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), N);
	cr_assert_eq(nh_mail_count(), N);
}

/* The nice value of thread tid of this process (field 19 of its stat;
 * the command name before it is in parentheses and may hold spaces). */
static int thread_nice(const char *tid, char *comm, size_t cap)
{
	char path[320], buf[1024];
	snprintf(path, sizeof(path), "/proc/self/task/%s/comm", tid);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	cr_assert_not_null(fgets(comm, (int)cap, f));
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	snprintf(path, sizeof(path), "/proc/self/task/%s/stat", tid);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	cr_assert_not_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	const char *p = strrchr(buf, ')');
	cr_assert_not_null(p);
	int field = 2, nice = 0;
	for (p++; *p && field < 19; p++)
		if (*p == ' ' && ++field == 19)
			nice = atoi(p + 1);
	cr_assert_eq(field, 19, "stat of thread %s has too few fields", tid);
	return nice;
}

/* The delivery worker and the job runner give way to requests: they run
 * at nice 10, every other thread (the server's workers among them) at 0. */
Test(mail, background_threads_give_way, .init = threaded, .fini = fini)
{
	DIR *d = opendir("/proc/self/task");
	cr_assert_not_null(d);
	int background = 0, others = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char comm[64];
		int nice = thread_nice(e->d_name, comm, sizeof(comm));
		if (!strcmp(comm, "mentord-mail") || !strcmp(comm, "mentord-jobs")) {
			cr_assert_eq(nice, 10, "%s runs at nice %d", comm, nice);
			background++;
		} else {
			cr_assert_eq(nice, 0, "%s (thread %s) runs at nice %d", comm, e->d_name, nice);
			others++;
		}
	}
	closedir(d);
	cr_assert_eq(background, 2, "the mail worker and the job runner are both named");
	cr_assert(others >= 3, "the test's own thread and the server's workers: %d", others);
}
