/* Offboarding (see svc/offboard.h): one place for what a deactivation
 * does, so a person switched off by an administrator and one switched off by
 * the identity provider leave the same traces: their sessions and tokens
 * dead at once, and their relationships shown to the other member and the
 * program manager as ended by the organisation, with all history kept. */
#include "svc/svc.h"
#include "svc/offboard.h"
#include "core/timeutil.h"
#include "store/stmts.h"

int svc_offboard(svc_t *s, int64_t id, const char *name, int *ended)
{
	int64_t now = time_now();
	*ended = 0;
	int db = store_user_deactivate(s->db, id);
	if (db == DB_OK)
		db = sql_rel_end_by_org_events(s->db, id, now, s->uid,
					       arena_printf(s->arena, "%s was deactivated by the organisation", name));
	if (db == DB_OK)
		db = sql_rel_end_by_org(s->db, id, now, ended);
	return db;
}
