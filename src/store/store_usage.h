/* When credentials were last used, recorded without a write on the request
 * path: a lookup that finds a token or session last used more than USAGE_GRAIN seconds
 * ago notes the new time here (a small in-memory table under a mutex), and
 * store_usage_flush writes what was noted, for every credential at once, in
 * one short transaction (the server's housekeeping thread calls it every few
 * seconds and when it stops). A busy script's requests therefore read only;
 * and a crash loses at most the last few seconds of "last used" times,
 * never anything else. Part of the store interface (store.h includes it). */
#ifndef MENTORD_STORE_USAGE_H
#define MENTORD_STORE_USAGE_H
#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/db.h"

#define USAGE_GRAIN 60 /* seconds: last-used times are kept to the minute */

typedef enum { USAGE_TOKEN, USAGE_SESSION } usage_kind_t;

/* Notes that credential id of kind was used at `at` from address ip (may
 * be NULL), if its stored time (`stored`, 0 for never) is older than the
 * grain. Never touches the database. */
void store_usage_note(usage_kind_t kind, int64_t id, int64_t stored, int64_t at, const char *ip);
/* Writes the noted times (one transaction, a statement each) and forgets
 * them. *written says how many (may be NULL). */
int store_usage_flush(db_t *db, int *written);
/* The noted, not yet written use of credential id of kind, if any: sets
 * *at and copies the address into an arena string at *ip. Lists of
 * sessions and tokens show it over the stored time, so a person sees the
 * use they just made without a write on the request path. */
bool store_usage_peek(usage_kind_t kind, int64_t id, arena_t *a, int64_t *at, const char **ip);
/* How many times wait to be written. */
int store_usage_pending(void);

#endif
