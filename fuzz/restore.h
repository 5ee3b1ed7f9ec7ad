/* Putting the fixture back between inputs, so that every input starts from
 * the same database (restore.c says how: the tables a request touched are
 * repaired against a copy, rather than the whole database copied back). */
#ifndef MENTORD_FUZZ_RESTORE_H
#define MENTORD_FUZZ_RESTORE_H
#include <sqlite3.h>

/* Copies database `from` into schema to_name of connection `to`. */
void fz_restore_copy(sqlite3 *to, const char *to_name, sqlite3 *from);
/* Learns the tables of live and attaches snapshot (the fixture) to it. */
void fz_restore_install(sqlite3 *live, sqlite3 *snapshot);
/* A row of table changed (from the connection's update hook). */
void fz_restore_touched(const char *table);
/* Makes every table as the fixture left it. */
void fz_restore(void);

#endif
