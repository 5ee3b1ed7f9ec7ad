/* Lists as statement parameters: a statement that reads or writes many rows
 * in one round trip (sql/import.sql) takes them as one JSON array, of
 * values or of rows (arrays of values), which SQLite reads with json_each
 * and PostgreSQL with json_array_elements. This builds such an array in a
 * request's arena. Part of the store interface (store.h includes it). */
#ifndef MENTORD_STORE_LIST_H
#define MENTORD_STORE_LIST_H
#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"

typedef struct store_list {
	buf_t b;
	int n;        /* values (or rows) so far */
	int in_row;   /* values in the open row, -1 when no row is open */
} store_list_t;

/* An empty list (nothing to free until store_list_json). */
void store_list_init(store_list_t *l);
/* Starts a row: the values that follow, until the next row or the end, are its columns. */
void store_list_row(store_list_t *l);
void store_list_int(store_list_t *l, int64_t v);
/* s as a JSON string; NULL as null. */
void store_list_text(store_list_t *l, const char *s);
/* The array, copied into a; frees the builder (init it again to reuse it). */
const char *store_list_json(store_list_t *l, arena_t *a);

#endif
