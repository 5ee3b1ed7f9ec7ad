/* Credentials' last-used times, noted in memory and written in batches (see
 * store_usage.h). The table is small: one entry per credential used since
 * the last flush, found by linear search (a few hundred entries at most
 * between two flushes of a busy server; more is handled by growing). */
#include "store/store_usage.h"
#include "store/stmts.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct noted {
	usage_kind_t kind;
	int64_t id, at;
	char ip[64]; /* the address of the latest use (an IPv6 address fits) */
} noted_t;

static void set_ip(noted_t *n, const char *ip)
{
	snprintf(n->ip, sizeof(n->ip), "%s", ip ? ip : "");
}

static struct {
	pthread_mutex_t mu;
	noted_t *v;
	int n, cap;
} usage = {.mu = PTHREAD_MUTEX_INITIALIZER};

void store_usage_note(usage_kind_t kind, int64_t id, int64_t stored, int64_t at, const char *ip)
{
	if (at - stored < USAGE_GRAIN)
		return;
	pthread_mutex_lock(&usage.mu);
	for (int i = 0; i < usage.n; i++)
		if (usage.v[i].kind == kind && usage.v[i].id == id) {
			if (at > usage.v[i].at) {
				usage.v[i].at = at;
				set_ip(&usage.v[i], ip);
			}
			pthread_mutex_unlock(&usage.mu);
			return;
		}
	if (usage.n == usage.cap) {
		usage.cap = usage.cap ? usage.cap * 2 : 64;
		usage.v = xrealloc(usage.v, sizeof(*usage.v) * (size_t)usage.cap);
	}
	usage.v[usage.n] = (noted_t){.kind = kind, .id = id, .at = at};
	set_ip(&usage.v[usage.n++], ip);
	pthread_mutex_unlock(&usage.mu);
}

bool store_usage_peek(usage_kind_t kind, int64_t id, arena_t *a, int64_t *at, const char **ip)
{
	bool found = false;
	pthread_mutex_lock(&usage.mu);
	for (int i = 0; i < usage.n && !found; i++)
		if (usage.v[i].kind == kind && usage.v[i].id == id) {
			*at = usage.v[i].at;
			*ip = arena_strdup(a, usage.v[i].ip);
			found = true;
		}
	pthread_mutex_unlock(&usage.mu);
	return found;
}

int store_usage_pending(void)
{
	pthread_mutex_lock(&usage.mu);
	int n = usage.n;
	pthread_mutex_unlock(&usage.mu);
	return n;
}

int store_usage_flush(db_t *db, int *written)
{
	if (written)
		*written = 0;
	pthread_mutex_lock(&usage.mu);
	noted_t *v = usage.v;
	int n = usage.n;
	usage.v = NULL;
	usage.n = usage.cap = 0;
	pthread_mutex_unlock(&usage.mu);
	if (n == 0)
		return DB_OK;
	int st = db_begin(db);
	for (int i = 0; st == DB_OK && i < n; i++)
		st = v[i].kind == USAGE_TOKEN ? sql_token_touch(db, v[i].id, v[i].at, v[i].ip)
					      : sql_session_touch(db, v[i].id, v[i].at, v[i].ip);
	if (st == DB_OK)
		st = db_commit(db);
	if (st != DB_OK) {
		db_rollback(db);
		/* Put them back for the next flush rather than lose them. */
		for (int i = 0; i < n; i++)
			store_usage_note(v[i].kind, v[i].id, 0, v[i].at, v[i].ip);
	} else if (written) {
		*written = n;
	}
	free(v);
	return st;
}
