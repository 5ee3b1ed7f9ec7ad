/* The services' shared plumbing: refusals, transactions, access (svc.h). */
#include "svc/svc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void svc_init(svc_t *s, db_t *db, arena_t *a, int64_t uid, role_t role, const char *name,
	      const char *email, const char *ip, secret_cost_t cost)
{
	memset(s, 0, sizeof(*s));
	s->db = db;
	s->arena = a;
	s->uid = uid;
	s->role = role;
	s->name = name;
	s->email = email;
	s->ip = ip;
	s->pw_cost = cost;
}

void svc_init_cli(svc_t *s, db_t *db, arena_t *a, secret_cost_t cost)
{
	memset(s, 0, sizeof(*s));
	s->db = db;
	s->arena = a;
	s->role = ROLE_ADMIN;
	s->ip = "cli";
	s->pw_cost = cost;
}

int svc_fail(svc_t *s, int status, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	s->err.code = code;
	s->err.message = arena_vprintf(s->arena, fmt, ap);
	va_end(ap);
	return status;
}

void svc_field(svc_t *s, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr_add(&s->fields, field, arena_vprintf(s->arena, fmt, ap));
	va_end(ap);
}

int svc_check(svc_t *s)
{
	if (s->fields.n == 0)
		return SVC_OK;
	if (!s->err.code) {
		s->err.code = "validation_failed";
		s->err.message = "some fields are invalid";
	}
	return SVC_INVALID;
}

int svc_db(svc_t *s, int st)
{
	switch (st) {
	case DB_OK:
		return SVC_OK;
	case DB_CONSTRAINT:
		return svc_fail(s, SVC_CONFLICT, "conflict", "this conflicts with existing data");
	case DB_BUSY:
	case DB_CONFLICT: /* the HTTP server runs such a request again first */
		return svc_fail(s, SVC_BUSY, "busy", "the database is busy; try again");
	default:
		s->detail = arena_strdup(s->arena, db_errmsg(s->db));
		return svc_fail(s, SVC_ERROR, "internal", "internal error");
	}
}

int svc_not_found(svc_t *s, const char *what, int64_t id)
{
	return svc_fail(s, SVC_NOT_FOUND, "not_found", "no %s %lld", what, (long long)id);
}

/* Keys of db_begin_keyed: the kind of thing in the top bits, its id below. */
enum { KEY_RELATIONSHIP = 1, KEY_PROGRAM = 2, KEY_NEW_PROGRAM = 3 };

void svc_scope_relationship(svc_t *s, int64_t id)
{
	s->tx_key = ((int64_t)KEY_RELATIONSHIP << 56) | id;
}

void svc_scope_program(svc_t *s, int64_t id)
{
	if (!s->tx_key)
		s->tx_key = ((int64_t)KEY_PROGRAM << 56) | id;
}

void svc_scope_new_program(svc_t *s)
{
	s->tx_key = (int64_t)KEY_NEW_PROGRAM << 56;
}

int svc_begin(svc_t *s)
{
	return svc_db(s, db_begin_keyed(s->db, s->tx_key));
}

int svc_commit(svc_t *s)
{
	return svc_db(s, db_commit(s->db));
}

int svc_abort(svc_t *s, int st)
{
	db_rollback(s->db);
	return st;
}

int svc_require_role(svc_t *s, role_t min)
{
	if (s->role >= min)
		return SVC_OK;
	return svc_fail(s, SVC_FORBIDDEN, "forbidden", "this needs the %s role", role_name(min));
}

int svc_program_access(svc_t *s, int64_t id, bool manage, program_t **out)
{
	int st = store_program_get(s->db, s->arena, id, out);
	if (st != DB_OK)
		return svc_db(s, st);
	if (!*out)
		return svc_not_found(s, "program", id);
	svc_scope_program(s, id);
	if (s->role == ROLE_ADMIN)
		return SVC_OK;
	bool is_manager = false, is_participant = false;
	/* Listed as a program's manager counts only while the role says so. */
	if (s->role >= ROLE_MANAGER)
		st = store_program_is_manager(s->db, id, s->uid, &is_manager);
	if (st == DB_OK && !is_manager)
		st = store_program_is_participant(s->db, id, s->uid, &is_participant);
	if (st != DB_OK)
		return svc_db(s, st);
	if (is_manager || (!manage && is_participant))
		return SVC_OK;
	if (!is_participant) /* not even visible: do not confirm the program exists */
		return svc_not_found(s, "program", id);
	return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only this program's managers can do that");
}

const char *svc_next_cursor(svc_t *s, int n, int limit, int64_t last_id)
{
	if (n < limit || last_id <= 0)
		return NULL;
	return arena_printf(s->arena, "%lld", (long long)last_id);
}

bool svc_cursor(const char *s, int64_t *out)
{
	*out = 0;
	if (!s || !*s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 0)
		return false;
	*out = v;
	return true;
}
