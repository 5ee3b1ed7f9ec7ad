/* Request, latency and login counters; see metrics.h. The latency histogram
 * uses fixed buckets so rendering needs no locking. */
#include "http/metrics.h"
#include "core/timeutil.h"
#include "store/store.h"

#include <stdatomic.h>

static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define NB (sizeof(bounds) / sizeof(bounds[0]))

static atomic_ullong by_class[6];
static atomic_ullong hist[NB + 1];
static atomic_ullong sum_us;
static atomic_llong in_flight;
static atomic_ullong logins_ok, logins_failed;
static atomic_ullong tx_retries;

void metrics_request_done(int status, double seconds)
{
	int cls = status / 100;
	if (cls < 1 || cls > 5)
		cls = 0;
	atomic_fetch_add(&by_class[cls], 1);
	size_t b = 0;
	while (b < NB && seconds > bounds[b])
		b++;
	atomic_fetch_add(&hist[b], 1);
	atomic_fetch_add(&sum_us, (unsigned long long)(seconds * 1e6));
}

void metrics_in_flight(int delta)
{
	atomic_fetch_add(&in_flight, delta);
}

void metrics_tx_retry(void)
{
	atomic_fetch_add(&tx_retries, 1);
}

void metrics_login(bool ok)
{
	atomic_fetch_add(ok ? &logins_ok : &logins_failed, 1);
}

/* A histogram's lines after its HELP and TYPE: at_most[b] observations were
 * at most bound[b] (cumulative, as Prometheus counts), count in all. */
static void histogram(buf_t *out, const char *name, const double *bound, const uint64_t *at_most, size_t nb,
		      uint64_t count, double sum)
{
	for (size_t b = 0; b < nb; b++)
		buf_printf(out, "%s_bucket{le=\"%g\"} %llu\n", name, bound[b], (unsigned long long)at_most[b]);
	buf_printf(out, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.6f\n%s_count %llu\n", name,
		   (unsigned long long)count, name, sum, name, (unsigned long long)count);
}

void metrics_render(req_t *r, buf_t *out)
{
	buf_puts(out, "# HELP mentord_http_requests_total HTTP requests answered, by status class.\n"
		      "# TYPE mentord_http_requests_total counter\n");
	for (int c = 1; c <= 5; c++)
		buf_printf(out, "mentord_http_requests_total{code=\"%dxx\"} %llu\n", c,
			   (unsigned long long)atomic_load(&by_class[c]));
	buf_puts(out, "# HELP mentord_http_request_duration_seconds Time to answer a request.\n"
		      "# TYPE mentord_http_request_duration_seconds histogram\n");
	uint64_t at_most[NB], total = 0;
	for (size_t b = 0; b <= NB; b++) {
		total += atomic_load(&hist[b]);
		if (b < NB)
			at_most[b] = total;
	}
	histogram(out, "mentord_http_request_duration_seconds", bounds, at_most, NB, total,
		  (double)atomic_load(&sum_us) / 1e6);
	buf_printf(out, "# HELP mentord_http_requests_in_flight Requests being answered now.\n"
			"# TYPE mentord_http_requests_in_flight gauge\n"
			"mentord_http_requests_in_flight %lld\n",
		   (long long)atomic_load(&in_flight));
	buf_printf(out, "# HELP mentord_logins_total Login attempts, by outcome.\n"
			"# TYPE mentord_logins_total counter\n"
			"mentord_logins_total{outcome=\"ok\"} %llu\n"
			"mentord_logins_total{outcome=\"failed\"} %llu\n",
		   (unsigned long long)atomic_load(&logins_ok),
		   (unsigned long long)atomic_load(&logins_failed));
	buf_printf(out, "# HELP mentord_tx_retries_total Requests run again because their transactions "
			"lost a conflict with concurrent ones (PostgreSQL).\n"
			"# TYPE mentord_tx_retries_total counter\nmentord_tx_retries_total %llu\n",
		   (unsigned long long)atomic_load(&tx_retries));
	buf_printf(out, "# HELP mentord_uptime_seconds Seconds since the server started.\n"
			"# TYPE mentord_uptime_seconds gauge\nmentord_uptime_seconds %lld\n",
		   (long long)(time_now() - r->app->started_at));
	db_sync_stats_t sync;
	if (db_pool_sync_stats(r->app->pool, &sync)) {
		buf_puts(out, "# HELP mentord_sqlite_wal_fsync_seconds Time of each fsync of the SQLite WAL: a write is "
			      "answered once one covers its commit.\n"
			      "# TYPE mentord_sqlite_wal_fsync_seconds histogram\n");
		histogram(out, "mentord_sqlite_wal_fsync_seconds", db_sync_bounds, sync.at_most, DB_SYNC_BUCKETS,
			  sync.count, sync.seconds);
	}
	int64_t users = 0;
	if (store_user_count(r->db, &users) == DB_OK)
		buf_printf(out, "# HELP mentord_users Accounts in the database.\n"
				"# TYPE mentord_users gauge\nmentord_users %lld\n", (long long)users);
}
