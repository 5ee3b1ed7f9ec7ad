/* The people directory and counts (see store_directory.h). The directory pages by name with a
 * keyset cursor, (lower(name), id) > the cursor person's, so a page costs
 * the same wherever it is in a large organisation. */
#include "store/store_base.h"
#include "store/store_directory.h"

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

int store_people_search(db_t *db, arena_t *a, const char *q, int64_t after, int limit,
		store_person_t **items, int *n)
{
	db_stmt_t *s;
	*n = 0;
	*items = arena_alloc(a, sizeof(store_person_t) * (size_t)(limit > 0 ? limit : 1));
	int st = db_query(db, &s,
		"SELECT u.id, u.name, u.email, u.role, u.active, COALESCE(p.department, ''), "
		"COALESCE(p.headline, '') FROM users u LEFT JOIN profiles p ON p.user_id = u.id "
		"WHERE ($1 = 0 OR (lower(u.name), u.id) > "
		"(SELECT lower(c.name), c.id FROM users c WHERE c.id = $1)) "
		"AND ($2 IS NULL OR lower(u.name) LIKE $2 ESCAPE '\\' OR u.email LIKE $2 ESCAPE '\\' "
		"OR lower(p.department) LIKE $2 ESCAPE '\\') "
		"ORDER BY lower(u.name), u.id LIMIT $3",
		DB_ARGS(DB_INT(after), DB_TEXT(store_like_pattern(a, q)), DB_INT(limit)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		store_person_t *p = &(*items)[(*n)++];
		p->id = db_col_int(s, 0);
		p->name = arena_strdup(a, db_col_text(s, 1));
		p->email = arena_strdup(a, db_col_text(s, 2));
		int role = role_parse(db_col_text(s, 3));
		p->role = role < 0 ? ROLE_MEMBER : (role_t)role;
		p->active = db_col_int(s, 4) != 0;
		p->department = arena_strdup(a, db_col_text(s, 5));
		p->headline = arena_strdup(a, db_col_text(s, 6));
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_counts(db_t *db, store_counts_t *out)
{
	db_stmt_t *s;
	memset(out, 0, sizeof(*out));
	int st = db_query(db, &s,
		"SELECT (SELECT COUNT(*) FROM users WHERE active = 1), (SELECT COUNT(*) FROM programs), "
		"(SELECT COUNT(*) FROM participants WHERE role = 'mentor'), "
		"(SELECT COUNT(*) FROM participants WHERE role = 'mentee')", DB_NOARGS);
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		out->people = db_col_int(s, 0);
		out->programs = db_col_int(s, 1);
		out->mentors = db_col_int(s, 2);
		out->mentees = db_col_int(s, 3);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_roles_in(db_t *db, int64_t program_id, int64_t user_id, bool *mentor, bool *mentee)
{
	db_stmt_t *s;
	*mentor = *mentee = false;
	int st = db_query(db, &s, "SELECT role FROM participants WHERE program_id = $1 AND user_id = $2",
			  DB_ARGS(DB_INT(program_id), DB_INT(user_id)));
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
