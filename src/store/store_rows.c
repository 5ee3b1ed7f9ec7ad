/* Rows as JSON records (see store_rel.h): each column is converted by its
 * declared kind, times become RFC 3339 strings, 0/1 columns booleans. */
#include "store/store_rel.h"
#include "core/timeutil.h"

#include <string.h>

static json_t *tags_json(const char *s)
{
	json_t *arr = json_array();
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		if (n)
			json_array_append_new(arr, json_stringn(s, n));
		s += n + (comma ? 1 : 0);
	}
	return arr;
}

static json_t *col_json(db_stmt_t *s, int i, col_kind_t kind)
{
	bool null = db_col_null(s, i);
	char ts[32];
	switch (kind) {
	case COL_INT:
		return json_integer(db_col_int(s, i));
	case COL_OPT_INT:
		return null ? json_null() : json_integer(db_col_int(s, i));
	case COL_TEXT:
		return json_string(null ? "" : db_col_text(s, i));
	case COL_OPT_TEXT:
		return null ? json_null() : json_string(db_col_text(s, i));
	case COL_REAL:
		return json_real(db_col_real(s, i));
	case COL_OPT_REAL:
		return null ? json_null() : json_real(db_col_real(s, i));
	case COL_TIME:
	case COL_OPT_TIME:
		if (null)
			return json_null();
		time_format(db_col_int(s, i), ts, sizeof(ts));
		return json_string(ts);
	case COL_BOOL:
		return json_boolean(db_col_int(s, i) != 0);
	case COL_OPT_BOOL:
		return null ? json_null() : json_boolean(db_col_int(s, i) != 0);
	case COL_TAGS:
		return tags_json(null ? "" : db_col_text(s, i));
	}
	return json_null();
}

static json_t *row_json(db_stmt_t *s, const col_t *cols, int ncols)
{
	json_t *o = json_object();
	for (int i = 0; i < ncols; i++) {
		json_t *v = col_json(s, i, cols[i].kind);
		/* jansson refuses strings that are not UTF-8; never drop a field silently. */
		json_object_set_new(o, cols[i].name, v ? v : json_string(""));
	}
	return o;
}

int store_rows(db_t *db, json_t **out, const col_t *cols, int ncols, const char *sql,
	       const db_val_t *args, int nargs)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s)) == 1)
		json_array_append_new(arr, row_json(s, cols, ncols));
	db_done(s);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return DB_OK;
}

int store_row(db_t *db, json_t **out, const col_t *cols, int ncols, const char *sql,
	      const db_val_t *args, int nargs)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1)
		*out = row_json(s, cols, ncols);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}
