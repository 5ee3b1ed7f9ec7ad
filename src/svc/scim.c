/* SCIM provisioning's rules (see svc/scim.h): who may provision (a
 * provisioning token, nothing else), what a provisioned account looks like
 * (a member without a password or invitation, its userName and externalId
 * unique, its name from the provider's parts, department and manager on its
 * profile), and what deactivation does in one transaction (the account off,
 * its sessions, tokens and links ended, its live relationships ended by the
 * organisation). Every change is in the audit log, marked "(SCIM)". */
#include "svc/svc.h"
#include "svc/scim.h"
#include "svc/offboard.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>
#include <strings.h>

#define SCIM_MAX_TEXT 200 /* characters of a name, userName, externalId or department */

static int require(svc_t *s)
{
	if (!s->provisioning)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "SCIM needs a token with the provisioning scope");
	return SVC_OK;
}

static void from_row(const row_scim_user_t *r, svc_scim_user_t *u)
{
	*u = (svc_scim_user_t){.id = r->id, .user_name = r->user_name ? r->user_name : r->email,
			       .external_id = r->external_id, .given_name = r->given_name ? r->given_name : "",
			       .family_name = r->family_name ? r->family_name : "", .name = r->name,
			       .email = r->email, .active = r->active, .department = r->department ? r->department : "",
			       .manager_id = r->manager_id_null ? 0 : r->manager_id, .manager_name = r->manager_name,
			       .created_at = r->created_at, .updated_at = r->updated_at};
}

static int load(svc_t *s, int64_t id, svc_scim_user_t *out)
{
	row_scim_user_t *r = NULL;
	int db = sql_scim_user_get(s->db, s->arena, id, &r);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!r)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "no user %lld", (long long)id);
	from_row(r, out);
	return SVC_OK;
}

int svc_scim_user_get(svc_t *s, int64_t id, svc_scim_user_t *out)
{
	int st = require(s);
	return st ? st : load(s, id, out);
}

int svc_scim_user_list(svc_t *s, const char *by, const char *value, int64_t start, int count, svc_scim_page_t *out)
{
	*out = (svc_scim_page_t){0};
	int st = require(s);
	if (st)
		return st;
	if (start < 1)
		start = 1;
	if (by) {
		int64_t id = 0;
		bool found = false;
		int db = !strcmp(by, "userName") ? sql_scim_id_by_user_name(s->db, value, &id, &found)
						 : sql_scim_id_by_external_id(s->db, value, &id, &found);
		if (db != DB_OK)
			return svc_db(s, db);
		if (!found || !id)
			return SVC_OK;
		out->total = 1;
		if (start > 1 || count < 1)
			return SVC_OK;
		out->items = arena_alloc(s->arena, sizeof(*out->items));
		if ((st = load(s, id, &out->items[0])))
			return st;
		out->n = 1;
		return SVC_OK;
	}
	int db = sql_scim_user_total(s->db, &out->total, NULL);
	if (db != DB_OK)
		return svc_db(s, db);
	if (count < 1)
		return SVC_OK;
	row_scim_user_t *rows;
	int n = 0;
	if ((db = sql_scim_user_page(s->db, s->arena, start - 1, count, &rows, &n)) != DB_OK)
		return svc_db(s, db);
	out->items = arena_alloc(s->arena, sizeof(*out->items) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		from_row(&rows[i], &out->items[i]);
	out->n = n;
	return SVC_OK;
}

/* A single-line text of at most SCIM_MAX_TEXT characters (empty allowed
 * when may_be_empty), or a refusal naming the attribute. */
static bool text_fits(svc_t *s, const char *attr, const char *v, bool may_be_empty)
{
	const char *why = NULL;
	size_t len = v ? strlen(v) : 0;
	if (!len && !may_be_empty)
		why = "must not be empty";
	else if (len && !text_ok(v, len, false, &why))
		;
	else if (len && text_chars(v, len) > SCIM_MAX_TEXT)
		why = "must be at most 200 characters";
	if (why)
		svc_fail(s, SVC_BAD, "invalidValue", "%s %s", attr, why);
	return !why;
}

/* The account as it will be: cur (NULL for a new one) with c applied. */
static int merge(svc_t *s, const svc_scim_user_t *cur, const svc_scim_change_t *c, svc_scim_user_t *u)
{
	*u = cur ? *cur : (svc_scim_user_t){.active = true, .given_name = "", .family_name = "", .department = ""};
	if (c->has_user_name)
		u->user_name = c->user_name;
	if (c->has_external_id)
		u->external_id = c->external_id && *c->external_id ? c->external_id : NULL;
	if (c->has_given_name)
		u->given_name = c->given_name ? c->given_name : "";
	if (c->has_family_name)
		u->family_name = c->family_name ? c->family_name : "";
	if (c->has_active)
		u->active = c->active;
	if (c->has_department)
		u->department = c->department ? c->department : "";
	if (c->has_manager)
		u->manager_id = c->manager_id;
	if (!text_fits(s, "userName", u->user_name, false) || !text_fits(s, "externalId", u->external_id, true) ||
	    !text_fits(s, "name.givenName", u->given_name, true) ||
	    !text_fits(s, "name.familyName", u->family_name, true) ||
	    !text_fits(s, "department", u->department, true))
		return SVC_BAD;
	/* The account's name: displayName, else the parts, else what it was. */
	if (c->has_display_name && c->display_name && *c->display_name) {
		if (!text_fits(s, "displayName", c->display_name, false))
			return SVC_BAD;
		u->name = c->display_name;
	} else if (c->has_given_name || c->has_family_name || !cur) {
		const char *joined = text_trim(s->arena, arena_printf(s->arena, "%s %s", u->given_name, u->family_name),
					       strlen(u->given_name) + strlen(u->family_name) + 1);
		if (*joined)
			u->name = joined;
		else if (!cur)
			u->name = u->user_name;
	}
	if (!text_fits(s, "name", u->name, false))
		return SVC_BAD;
	/* The sign-in email: the work email given, else a userName that is one. */
	if (c->has_email && c->email && *c->email)
		u->email = c->email;
	else if (!cur || (c->has_user_name && !strcasecmp(cur->email, cur->user_name)))
		u->email = u->user_name;
	/* Stored lower-cased (store/sql/user.sql); compared so below. */
	char *lower = arena_strdup(s->arena, u->email);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	u->email = lower;
	if (!text_email_ok(u->email))
		return svc_fail(s, SVC_BAD, "invalidValue",
				"emails: a work email address is needed (userName \"%s\" is not one)", u->user_name);
	return SVC_OK;
}

/* Refuses a userName, externalId or email another account holds, and a
 * manager who is unknown, the person, or below them. */
static int check_unique(svc_t *s, int64_t self, const svc_scim_user_t *u)
{
	int64_t other = 0;
	bool found = false;
	int db = sql_scim_id_by_user_name(s->db, u->user_name, &other, &found);
	if (db == DB_OK && found && other && other != self)
		return svc_fail(s, SVC_CONFLICT, "uniqueness", "userName \"%s\" is taken", u->user_name);
	if (db == DB_OK && u->external_id && (db = sql_scim_id_by_external_id(s->db, u->external_id, &other, &found)) == DB_OK &&
	    found && other != self)
		return svc_fail(s, SVC_CONFLICT, "uniqueness", "externalId \"%s\" is taken", u->external_id);
	user_t *e = NULL;
	if (db == DB_OK && (db = store_user_by_email(s->db, s->arena, u->email, &e, NULL)) == DB_OK && e &&
	    e->id != self)
		return svc_fail(s, SVC_CONFLICT, "uniqueness", "another account has the email %s", u->email);
	if (db == DB_OK && u->manager_id) {
		user_t *m = NULL;
		bool cycle = false;
		if ((db = store_user_get(s->db, s->arena, u->manager_id, &m)) == DB_OK && !m)
			return svc_fail(s, SVC_BAD, "invalidValue", "manager: there is no user %lld",
					(long long)u->manager_id);
		if (db == DB_OK && u->manager_id == self)
			return svc_fail(s, SVC_BAD, "invalidValue", "manager: a person cannot be their own manager");
		if (db == DB_OK && self && (db = store_manager_would_cycle(s->db, self, u->manager_id, &cycle)) == DB_OK &&
		    cycle)
			return svc_fail(s, SVC_BAD, "invalidValue", "manager: %lld reports to this person already",
					(long long)u->manager_id);
	}
	return db == DB_OK ? SVC_OK : svc_db(s, db);
}

/* Writes the provider's names and, when given, the department and manager. */
static int write_scim(svc_t *s, int64_t id, const svc_scim_user_t *u, bool profile)
{
	int64_t now = time_now();
	int db = sql_scim_link_put(s->db, id, u->user_name, u->external_id, u->given_name, u->family_name, now);
	if (db == DB_OK && profile)
		db = sql_scim_profile_put(s->db, id, u->department, u->manager_id, now);
	return db;
}

/* Deactivation, inside the update's transaction: the same as an
 * administrator's (svc_offboard), audited as the provider's. */
static int offboard(svc_t *s, const svc_scim_user_t *u)
{
	int ended = 0;
	int db = svc_offboard(s, u->id, u->name, &ended);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "user.deactivate", "user", u->id,
				 arena_printf(s->arena, "%s (SCIM): sessions and tokens ended, %d relationships ended",
					      u->email, ended));
	return db;
}

int svc_scim_user_create(svc_t *s, const svc_scim_change_t *c, svc_scim_user_t *out)
{
	svc_scim_user_t u;
	int st = require(s);
	if (st || (st = merge(s, NULL, c, &u)) || (st = svc_begin(s)))
		return st;
	if ((st = check_unique(s, 0, &u)))
		return svc_abort(s, st);
	user_t acc = {.email = u.email, .name = u.name, .role = ROLE_MEMBER, .active = true};
	int64_t id = 0;
	int db = store_user_insert(s->db, &acc, NULL, &id);
	if (db == DB_OK)
		db = write_scim(s, id, &u, c->has_department || c->has_manager);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "user.create", "user", id, arena_printf(s->arena, "%s (SCIM)", u.email));
	if (db == DB_OK && !u.active) {
		u.id = id;
		db = offboard(s, &u);
	}
	if (db == DB_CONSTRAINT)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "uniqueness", "userName, externalId or email is taken"));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return load(s, id, out);
}

int svc_scim_user_update(svc_t *s, int64_t id, const svc_scim_change_t *c, svc_scim_user_t *out)
{
	svc_scim_user_t cur, u;
	int st = require(s);
	if (st || (st = load(s, id, &cur)) || (st = merge(s, &cur, c, &u)))
		return st;
	/* Provisioning would lock itself out. */
	if (id == s->uid && !u.active)
		return svc_fail(s, SVC_BAD, "mutability", "the account that holds this provisioning token cannot be deactivated");
	if ((st = svc_begin(s)))
		return st;
	if ((st = check_unique(s, id, &u)))
		return svc_abort(s, st);
	user_t *acc = NULL;
	int db = store_user_get(s->db, s->arena, id, &acc);
	if (db == DB_OK && !acc)
		db = DB_ERROR;
	/* Nobody could administer mentord any more (nor make a new
	 * provisioning token): the last active administrator stays. */
	int64_t admins = 0;
	if (db == DB_OK && cur.active && !u.active && acc->role == ROLE_ADMIN)
		db = sql_scim_active_admins(s->db, &admins, NULL);
	if (db == DB_OK && cur.active && !u.active && acc->role == ROLE_ADMIN && admins <= 1)
		return svc_abort(s, svc_fail(s, SVC_BAD, "mutability",
					     "%s is the last active administrator of mentord and cannot be deactivated; "
					     "make another person an administrator first", acc->email));
	bool changed = db == DB_OK && (strcmp(acc->email, u.email) || strcmp(acc->name, u.name));
	if (db == DB_OK) {
		user_t was = *acc;
		acc->email = u.email;
		acc->name = u.name;
		acc->active = u.active;
		db = store_user_update(s->db, acc);
		/* Links already mailed went to the old address. */
		if (db == DB_OK && strcmp(was.email, u.email))
			db = store_user_links_revoke(s->db, id);
	}
	if (db == DB_OK)
		db = write_scim(s, id, &u, c->has_department || c->has_manager);
	if (db == DB_OK && (changed || c->has_department || c->has_manager || c->has_user_name || c->has_external_id))
		db = store_audit(s->db, s->uid, "user.update", "user", id, arena_printf(s->arena, "%s (SCIM)", u.email));
	if (db == DB_OK && cur.active && !u.active)
		db = offboard(s, &u);
	else if (db == DB_OK && !cur.active && u.active)
		db = store_audit(s->db, s->uid, "user.reactivate", "user", id,
				 arena_printf(s->arena, "%s (SCIM): ended relationships stay ended", u.email));
	if (db == DB_OK)
		db = sql_scim_user_touch(s->db, id, time_now());
	if (db == DB_CONSTRAINT)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "uniqueness", "userName, externalId or email is taken"));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return load(s, id, out);
}
