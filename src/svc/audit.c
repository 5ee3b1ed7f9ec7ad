/* The audit log, read by administrators: who did what to whom, newest
 * first, by person (as the actor, or the account acted on) and by action
 * (one, or every action under a prefix such as "user."). The writes are
 * store_audit's, called by every service that changes something worth
 * knowing about. */
#include "svc/svc.h"
#include "svc/audit.h"
#include "store/stmts.h"

#include <string.h>

int svc_audit_page(svc_t *s, const svc_audit_filter_t *f, int64_t before, int limit, AuditList_t *out)
{
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	if (before <= 0)
		before = INT64_MAX;
	const char *lo = f->action && *f->action ? f->action : NULL, *hi = lo;
	/* "user." is every action under it: up to "user." followed by DEL,
	 * which sorts after every character an action has. */
	if (lo && lo[strlen(lo) - 1] == '.')
		hi = arena_printf(s->arena, "%s\x7f", lo);
	row_audit_t *rows;
	int n = 0, db;
	if (f->person_id && lo)
		db = sql_audit_by_person_action(s->db, s->arena, f->person_id, lo, hi, before, limit, &rows, &n);
	else if (f->person_id)
		db = sql_audit_by_person(s->db, s->arena, f->person_id, before, limit, &rows, &n);
	else if (lo)
		db = sql_audit_by_action(s->db, s->arena, lo, hi, before, limit, &rows, &n);
	else
		db = sql_audit_page(s->db, s->arena, before, limit, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(AuditEntry_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++) {
		const row_audit_t *r = &rows[i];
		out->items.v[i] = (AuditEntry_t){.id = r->id, .at = r->at, .actor_id = r->actor_id,
						  .actor_id_null = r->actor_id_null, .actor_name = r->actor_name,
						  .actor_name_null = !r->actor_name, .action = r->action,
						  .object_type = r->object_type, .object_id = r->object_id,
						  .object_id_null = r->object_id_null, .detail = r->detail};
	}
	out->next = svc_next_cursor(s, n, limit, n ? rows[n - 1].id : 0);
	return SVC_OK;
}

int svc_audit_list(svc_t *s, const in_listAudit_t *in, AuditList_t *out)
{
	int64_t before = 0;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &before)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	svc_audit_filter_t f = {.person_id = in->has_person_id ? in->person_id : 0,
				.action = in->has_action ? in->action : NULL};
	return svc_audit_page(s, &f, before, in->has_limit ? (int)in->limit : 50, out);
}
