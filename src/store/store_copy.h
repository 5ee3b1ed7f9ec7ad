/* Copying an organisation from one database to another (mentord copy-db):
 * every table, every row and id, the rollups exactly as the source has
 * them, and on PostgreSQL the identities set past the largest copied id.
 * Part of the store interface (store.h includes it). */
#ifndef MENTORD_STORE_COPY_H
#define MENTORD_STORE_COPY_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/* One table of the copy: how many rows it had in the source and has in
 * the target afterwards. */
typedef struct store_copy_table {
	const char *name;
	int64_t source, target;
} store_copy_table_t;

/* The tables the copy knows, in the order it writes them, with how many
 * columns each has (tests/store/test_copy.c holds them against the schema). */
int store_copy_tables(const char *const **names, const int **columns);

/* Copies everything from `from` into `to`, both migrated to the same
 * version, `to` empty. Reads in one transaction of `from` (a consistent
 * snapshot) and writes in one of `to`, which is committed only when every
 * table's count in the target equals the source's. tables[] (of
 * store_copy_tables' length) gets the counts. On failure *why says what
 * (static text or the database's message) and nothing is written. */
int store_copy(db_t *from, db_t *to, store_copy_table_t *tables, const char **why);

#endif
