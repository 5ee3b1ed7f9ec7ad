/* The delivery worker and the job-runner thread. Delivery of one message:
 *   1. claim: one transaction moves a due row to 'sending' with a lease
 *      (lease_until) and commits, before any byte goes to the SMTP server;
 *   2. send: one SMTP transaction; the server's 250 after DATA is the
 *      moment the message is accepted;
 *   3. record: one transaction marks it sent, or pending again with an
 *      exponential backoff, or failed after a permanent refusal or too many
 *      attempts.
 * A crash between 1 and 3 leaves the row 'sending' until its lease runs
 * out, then it is claimed and sent again with the same Message-ID: delivery
 * is at least once, and the one window for a duplicate is a crash after the
 * server said 250 and before step 3 committed (docs/notify.md). The workers
 * of several servers on one PostgreSQL database drain one outbox: a claim
 * locks its row and passes over rows others are claiming (FOR UPDATE SKIP
 * LOCKED), so each message goes to one worker. */
#include "notify/notify.h"
#include "notify/mail.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

static int64_t backoff(const notify_config_t *c, int attempts)
{
	int64_t d = c->retry_base > 0 ? c->retry_base : 1;
	for (int i = 1; i < attempts && d < c->retry_cap; i++)
		d *= 2;
	return d < c->retry_cap ? d : c->retry_cap;
}

/* Writes the outcome. A busy database must not turn a sent message into a
 * re-send, so this tries for a while before giving up. */
static int record(db_t *db, const notify_config_t *c, const outbox_row_t *o, mail_result_t res,
		  const char *err)
{
	int st = DB_BUSY;
	for (int i = 0; i < 50 && (st == DB_BUSY || st == DB_ERROR || st == DB_CONFLICT); i++) {
		if (i)
			usleep(100 * 1000);
		st = db_begin_relaxed(db);
		if (st != DB_OK)
			continue;
		int64_t now = time_now();
		if (res == MAIL_SENT)
			st = store_outbox_sent(db, o->id, o->lease_until, now);
		else if (res == MAIL_PERMANENT || o->attempts >= c->max_attempts)
			st = store_outbox_failed(db, o->id, o->lease_until, err);
		else
			st = store_outbox_retry(db, o->id, o->lease_until, now + backoff(c, o->attempts), err);
		if (st == DB_OK)
			st = db_commit(db);
		else
			db_rollback(db);
	}
	return st;
}

int notify_deliver_one(db_t *db, CURL *curl, bool *did)
{
	const notify_config_t *c = notify_config();
	arena_t *a = arena_new();
	outbox_row_t *o = NULL;
	*did = false;
	int64_t now = time_now();
	/* Relaxed: the claim guards itself (sql/notify.sql, outbox_claim). */
	int st = db_begin_relaxed(db);
	if (st != DB_OK)
		goto done;
	st = store_outbox_claim(db, a, now, now + notify_lease_seconds(c), &o);
	if (st == DB_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	if (st != DB_OK || !o)
		goto done;
	*did = true;
	char err[512];
	const char *msg = mail_render(a, c, o);
	mail_result_t res = mail_send(curl, c, o, msg, err, sizeof(err));
	if (res != MAIL_SENT)
		fprintf(stderr, "mentord: mail %lld to %s, attempt %d: %s\n", (long long)o->id, o->to_addr,
			o->attempts, err);
	st = record(db, c, o, res, err);
	if (st != DB_OK)
		fprintf(stderr, "mentord: mail %lld: recording the outcome failed: %s\n", (long long)o->id,
			db_errmsg(db));
done:
	arena_free(a);
	return st;
}

/* ---- threads ---- */

/* The delivery worker and the job runner give way to requests: a job
 * pass after a start on a large database queues mail for seconds on end,
 * one core busy, and at the same priority it shared the 2-core machine
 * evenly with the requests answered beside it (the first dashboard of 50,000
 * relationships after a start, 5 interleaved starts each: median 164 ->
 * 123 ms). Nice 10 weighs about a tenth of a request thread when both
 * want a CPU, so a busy server still runs its jobs, only slower. Linux
 * keeps a nice value per thread; where raising it fails, nothing else
 * changes. */
enum { BACKGROUND_NICE = 10 };

/* Names the calling thread (as top -H and /proc show it) and lowers its
 * priority. */
static void background(const char *name)
{
	pthread_setname_np(pthread_self(), name);
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), BACKGROUND_NICE) != 0)
		fprintf(stderr, "mentord: %s: priority: %s\n", name, strerror(errno));
}

struct notify_threads {
	db_pool_t *pool;
	pthread_t worker, jobs;
	bool has_worker, has_jobs, stop;
	unsigned long passes; /* under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Sleeps up to ms unless asked to stop; returns whether to stop. */
static bool nap(notify_threads_t *t, long ms)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&t->mu);
	while (!t->stop && pthread_cond_timedwait(&t->cv, &t->mu, &until) != ETIMEDOUT)
		;
	bool stop = t->stop;
	pthread_mutex_unlock(&t->mu);
	return stop;
}

static void *worker_main(void *arg)
{
	notify_threads_t *t = arg;
	const notify_config_t *c = notify_config();
	background("mentord-mail");
	CURL *curl = curl_easy_init();
	db_t *db = db_pool_acquire(t->pool);
	bool stop = curl == NULL;
	if (!curl)
		fprintf(stderr, "mentord: mail: cannot create a libcurl handle\n");
	while (!stop) {
		bool did = false;
		int st = notify_deliver_one(db, curl, &did);
		if (st != DB_OK)
			fprintf(stderr, "mentord: mail: outbox: %s\n", db_errmsg(db));
		pthread_mutex_lock(&t->mu);
		stop = t->stop;
		pthread_mutex_unlock(&t->mu);
		if (!stop && (!did || st != DB_OK))
			stop = nap(t, c->poll_ms > 0 ? c->poll_ms : 500);
	}
	db_pool_release(t->pool, db);
	if (curl)
		curl_easy_cleanup(curl);
	return NULL;
}

static void *jobs_main(void *arg)
{
	notify_threads_t *t = arg;
	const notify_config_t *c = notify_config();
	background("mentord-jobs");
	db_t *db = db_pool_acquire(t->pool);
	do {
		notify_job_stats_t stats;
		if (notify_jobs_run(db, time_now(), &stats) != DB_OK)
			fprintf(stderr, "mentord: jobs: %s\n", db_errmsg(db));
		pthread_mutex_lock(&t->mu);
		t->passes++;
		pthread_mutex_unlock(&t->mu);
	} while (!nap(t, 1000L * (c->job_interval > 0 ? c->job_interval : 60)));
	db_pool_release(t->pool, db);
	return NULL;
}

int notify_start(db_pool_t *pool, notify_threads_t **out)
{
	const notify_config_t *c = notify_config();
	notify_threads_t *t = xcalloc(1, sizeof(*t));
	t->pool = pool;
	pthread_mutex_init(&t->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cv, &ca);
	pthread_condattr_destroy(&ca);
	*out = t;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	if (c->smtp_url && *c->smtp_url) {
		if (pthread_create(&t->worker, NULL, worker_main, t) != 0)
			return -1;
		t->has_worker = true;
	} else {
		fprintf(stderr, "mentord: smtp_url is not set: notifications are queued, not sent\n");
	}
	if (pthread_create(&t->jobs, NULL, jobs_main, t) != 0)
		return -1;
	t->has_jobs = true;
	return 0;
}

unsigned long notify_job_passes(notify_threads_t *t)
{
	pthread_mutex_lock(&t->mu);
	unsigned long n = t->passes;
	pthread_mutex_unlock(&t->mu);
	return n;
}

void notify_stop(notify_threads_t *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = true;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
	if (t->has_worker)
		pthread_join(t->worker, NULL);
	if (t->has_jobs)
		pthread_join(t->jobs, NULL);
	pthread_cond_destroy(&t->cv);
	pthread_mutex_destroy(&t->mu);
	curl_global_cleanup();
	free(t);
}
