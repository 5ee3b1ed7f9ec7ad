/* The people directory, the organisation's counts and a person's roles in a
 * program (see store_directory.h), composed from the named statements of
 * sql/directory.sql. The directory pages by name with a keyset cursor,
 * (lower(name), id) after the cursor person's, read from an index, so a
 * page costs the same wherever it is in a large organisation. */
#include "store/store_base.h"
#include "store/store_directory.h"
#include "store/stmts.h"

#include <string.h>

const char *store_like_pattern(arena_t *a, const char *q)
{
	if (!q || !*q)
		return NULL;
	size_t len = strlen(q);
	char *p = arena_alloc(a, len * 2 + 3), *o = p;
	*o++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*o++ = '\\';
		*o++ = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	}
	*o++ = '%';
	return p;
}

int store_people_search(db_t *db, arena_t *a, const store_people_filter_t *f, int64_t after, int limit,
			store_person_t **items, int *n)
{
	row_person_t *rows;
	const char *pattern = store_like_pattern(a, f->q);
	const char *by_role = f->role && *f->role ? f->role : NULL;
	const char *by_status = f->status && *f->status ? f->status : NULL;
	int st = after ? sql_people_after(db, a, after, pattern, by_role, by_status, limit, &rows, n)
		       : sql_people_first(db, a, pattern, by_role, by_status, limit, &rows, n);
	*items = arena_alloc(a, sizeof(store_person_t) * (size_t)(*n + 1));
	if (st != DB_OK)
		return st;
	for (int i = 0; i < *n; i++) {
		int role = role_parse(rows[i].role);
		(*items)[i] = (store_person_t){.id = rows[i].id, .name = rows[i].name, .email = rows[i].email,
					       .department = rows[i].department, .headline = rows[i].headline,
					       .role = role < 0 ? ROLE_MEMBER : (role_t)role,
					       .active = rows[i].active, .status = rows[i].status,
					       .invited_at = rows[i].invited_at,
					       .invite_expires_at = rows[i].invite_expires_at};
	}
	return DB_OK;
}

/* The two below read their rows by hand: their callers pass no arena, and
 * the answers are numbers and flags. */
int store_counts(db_t *db, store_counts_t *out)
{
	db_stmt_t *s;
	memset(out, 0, sizeof(*out));
	int st = db_query_named(db, &s, STMT_DIRECTORY_COUNTS, DB_NOARGS);
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1)
		*out = (store_counts_t){db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), db_col_int(s, 3)};
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_roles_in(db_t *db, int64_t program_id, int64_t user_id, bool *mentor, bool *mentee)
{
	db_stmt_t *s;
	*mentor = *mentee = false;
	int st = db_query_named(db, &s, STMT_ROLES_IN, DB_ARGS(DB_INT(program_id), DB_INT(user_id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		const char *role = db_col_text(s, 0);
		*mentor |= role && strcmp(role, "mentor") == 0;
		*mentee |= role && strcmp(role, "mentee") == 0;
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}
