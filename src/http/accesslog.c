/* The buffered access log (see accesslog.h). Two buffers: requests append
 * to the front one while the writer writes the back one; the writer swaps
 * them under the mutex and writes outside it. When the front buffer is full
 * (a burst beyond ACCESSLOG_MAX between two writes) the line is dropped and
 * counted, rather than making requests wait for the disk; the count is
 * logged with the next write. */
#include "http/accesslog.h"
#include "core/buf.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#define ACCESSLOG_FLUSH_MS 200
#define ACCESSLOG_MAX (8u << 20)

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	buf_t front, back;
	FILE *out;
	bool running, stop;
	unsigned long dropped;
} lg = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void write_back(unsigned long dropped)
{
	if (lg.back.len)
		fwrite(lg.back.data, 1, lg.back.len, lg.out);
	if (dropped)
		fprintf(lg.out, "{\"level\":\"warn\",\"msg\":\"access log lines dropped\",\"lines\":%lu}\n", dropped);
	fflush(lg.out);
	buf_reset(&lg.back);
}

static void *writer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lg.mu);
	for (;;) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += ACCESSLOG_FLUSH_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!lg.stop && pthread_cond_timedwait(&lg.cv, &lg.mu, &until) == 0)
			;
		buf_t t = lg.front;
		lg.front = lg.back;
		lg.back = t;
		unsigned long dropped = lg.dropped;
		lg.dropped = 0;
		bool stop = lg.stop;
		pthread_mutex_unlock(&lg.mu);
		write_back(dropped);
		pthread_mutex_lock(&lg.mu);
		if (stop && lg.front.len == 0)
			break;
	}
	pthread_mutex_unlock(&lg.mu);
	return NULL;
}

int accesslog_start(FILE *out)
{
	pthread_mutex_lock(&lg.mu);
	if (lg.running) {
		pthread_mutex_unlock(&lg.mu);
		return 0;
	}
	lg.out = out;
	lg.stop = false;
	buf_grow(&lg.front, 64 * 1024);
	buf_grow(&lg.back, 64 * 1024);
	int rc = pthread_create(&lg.thread, NULL, writer, NULL);
	lg.running = rc == 0;
	pthread_mutex_unlock(&lg.mu);
	return rc == 0 ? 0 : -1;
}

void accesslog_line(const char *line, size_t n)
{
	pthread_mutex_lock(&lg.mu);
	if (!lg.running) {
		pthread_mutex_unlock(&lg.mu);
		return;
	}
	if (lg.front.len + n + 1 > ACCESSLOG_MAX) {
		lg.dropped++;
	} else {
		buf_append(&lg.front, line, n);
		buf_putc(&lg.front, '\n');
	}
	pthread_mutex_unlock(&lg.mu);
}

void accesslog_stop(void)
{
	pthread_mutex_lock(&lg.mu);
	if (!lg.running) {
		pthread_mutex_unlock(&lg.mu);
		return;
	}
	lg.stop = true;
	pthread_cond_signal(&lg.cv);
	pthread_mutex_unlock(&lg.mu);
	pthread_join(lg.thread, NULL);
	pthread_mutex_lock(&lg.mu);
	lg.running = false;
	buf_free(&lg.front);
	buf_free(&lg.back);
	pthread_mutex_unlock(&lg.mu);
}
