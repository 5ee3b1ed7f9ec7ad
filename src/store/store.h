/* The one storage interface of mentord: every read and write of the domain
 * goes through a store_ function over a db_t connection (see db.h), whatever
 * the backend. Conventions:
 *  - Functions return a DB_ status (DB_OK, DB_CONSTRAINT, ...).
 *  - Lookups set *out to NULL when nothing matches; records and their strings
 *    are allocated in the arena passed in and owned by it.
 *  - Writes do not open transactions themselves: the caller (one API request,
 *    one CLI command) wraps its whole unit of work in db_begin/db_commit so it
 *    lands entirely or not at all. */
#ifndef MENTORD_STORE_H
#define MENTORD_STORE_H
/* The store, whole: callers above the store include this one header. */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "store/store_health.h"
#include "store/store_notify.h"
#include "store/store_match.h"
#include "store/store_directory.h"
#include "store/store_copy.h"
#include "store/store_usage.h"
#include "store/store_list.h"

#endif
