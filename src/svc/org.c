/* The organisation's settings that administrators change at run time (the
 * server's own settings are in its config file): today the sign-in rule
 * that administrators and program managers must use two-factor sign-in.
 * Kept in org_settings, read by every session lookup (store_session_lookup
 * marks a person who must set it up first). */
#include "svc/svc.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

int svc_org_security_get(svc_t *s, SecuritySettings_t *out)
{
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	row_org_setting_t *o = NULL;
	int db = sql_org_setting_get(s->db, s->arena, "require_two_factor", &o);
	if (db != DB_OK)
		return svc_db(s, db);
	*out = (SecuritySettings_t){.require_two_factor = o && !strcmp(o->value, "true")};
	return SVC_OK;
}

int svc_org_security_put(svc_t *s, const in_putSecuritySettings_t *in, SecuritySettings_t *out)
{
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	bool on = in->body.require_two_factor;
	/* An administrator who turns it on without having it would be sent
	 * straight to the enrolment: better said now. */
	user_t *me = NULL;
	int db = s->uid ? store_user_get(s->db, s->arena, s->uid, &me) : DB_OK;
	if (db != DB_OK)
		return svc_db(s, db);
	if (on && me && !me->two_factor)
		return svc_fail(s, SVC_CONFLICT, "conflict", "set up your own two-factor sign-in first");
	if ((st = svc_begin(s)))
		return st;
	db = sql_org_setting_put(s->db, "require_two_factor", on ? "true" : "false", time_now(), s->uid);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "settings.security", "org", 0,
				 on ? "two-factor sign-in required of administrators and managers"
				    : "two-factor sign-in optional");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (SecuritySettings_t){.require_two_factor = on};
	return SVC_OK;
}
