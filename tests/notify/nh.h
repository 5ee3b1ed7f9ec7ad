/* The notify test harness: a real SMTP server (tests/notify/smtp_sink.py,
 * aiosmtpd on 127.0.0.1 at a free port, stopped by PID), a fresh database
 * (SQLite in a temp directory, or PostgreSQL: tests/testdb.h) with a mentor, a mentee, a program and a
 * relationship, the real HTTP server on a loopback port with the notify
 * threads delivering to the sink, and the independent reader
 * (check_mail.py) whose JSON the tests assert on.
 *
 * Memory: everything the harness hands out is owned by NH.a and released by
 * nh_teardown(). */
#ifndef MENTORD_TESTS_NH_H
#define MENTORD_TESTS_NH_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "notify/notify.h"

typedef struct nh_sink_opts {
	double delay;        /* seconds before answering 250 */
	int fail_first;      /* answer 451 to the first N messages */
	const char *auth;    /* "user:password" to require AUTH */
} nh_sink_opts_t;

typedef struct nh {
	char dir[64];        /* temp dir: database, mail/ */
	char db_url[512];    /* sqlite:DIR/notify.db, or a database of MENTORD_TEST_PG (tests/testdb.h) */
	char mail[96];       /* where the sink stores messages */
	arena_t *a;
	pid_t sink_pid;
	int sink_port;
	config_t cfg;
	app_t app;
	server_t *srv;
	notify_threads_t *threads;
	int port;
	int64_t mentor, mentee, program, rel;
	const char *mentor_token, *mentee_token;
} nh_t;

extern nh_t NH;

/* Directory of this file's scripts and the mentord binary (from meson). */
const char *nh_src_dir(void);
const char *nh_bin(void);

/* A fresh database for this test in NH.db_url (see tests/testdb.h). */
void nh_db_create(void);
/* Temp dir and sink only. */
void nh_setup_sink(const nh_sink_opts_t *o);
/* The above plus database, cast and the server with notify threads (threads
 * = false: no delivery worker or job runner; tests drive them by hand). */
void nh_setup(const nh_sink_opts_t *o, bool threads);
void nh_teardown(void);
void nh_sink_start(const nh_sink_opts_t *o);
void nh_sink_stop(void);

char *nh_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Creates the cast in the database at url (users with profiles and zones,
 * program, relationship in phase `phase`, bearer tokens). */
void nh_cast(db_pool_t *pool, const char *phase);

/* HTTP with a bearer token; returns the status, *body the parsed JSON (or
 * NULL) and *text the raw body. */
long nh_http(const char *token, const char *method, const char *path, const char *json,
	     json_t **body, char **text);
long nh_http_at(int port, const char *token, const char *method, const char *path,
		const char *json, json_t **body, char **text);

/* Messages the sink has stored. */
int nh_mail_count(void);
/* Waits (at most secs) until at least n messages have arrived. */
bool nh_wait_mail(int n, double secs);
/* check_mail.py over the sink's directory, or over one .ics file. */
json_t *nh_mail_json(void);
json_t *nh_ics_json(const char *ics_text);
/* The messages whose X-Mentord-Kind is kind and that went to addr (NULL = any). */
json_t *nh_pick(json_t *mails, const char *kind, const char *addr);

/* One integer from the database. */
int64_t nh_db_int(const char *sql);
void nh_db_exec(const char *sql);
/* Runs one job-runner pass at now. */
notify_job_stats_t nh_jobs(int64_t now);
/* Delivers everything due with the calling thread. */
int nh_deliver_all(void);

void nh_sleep(double secs);

#endif
