/* Single-use links (see link.h): the secret travels only in the mail, its
 * BLAKE2b hash is what account_links keeps; a link is live until it is
 * used, revoked (a newer one of the same purpose replaces it, a new
 * password ends pending resets, a deactivation ends everything) or
 * expired. While single sign-on is the only way in (oidc_sso_only), a link
 * works for the break-glass administrator alone. */
#include "svc/svc.h"
#include "svc/link.h"
#include "svc/sso.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

int svc_link_check(svc_t *s, const char *purpose, const char *token, svc_link_t *out)
{
	char hash[SECRET_HASH_HEX];
	secret_hash(token ? token : "", hash);
	row_link_t *l = NULL;
	user_t *u = NULL;
	int db = sql_link_lookup(s->db, s->arena, hash, &l);
	if (db == DB_OK && l)
		db = store_user_get(s->db, s->arena, l->user_id, &u);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!l || strcmp(l->purpose, purpose) != 0 || !u || !u->active)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "this link is not valid; check that you copied all of it");
	/* With single sign-on the only way in, a link must not hand anyone
	 * but the break-glass administrator a password: it would be refused
	 * at the login anyway, and a link mailed before the switch still
	 * works otherwise. */
	if (svc_sso_password_refused(u->email))
		return svc_fail(s, SVC_FORBIDDEN, "sso_only",
				"passwords are switched off here: %s signs in with %s from the login page, without a "
				"password", u->email, svc_sso_provider_name());
	if (!l->used_at_null)
		return svc_fail(s, SVC_CONFLICT, "link_used", "this link was used already; each link works once");
	if (!l->revoked_at_null)
		return svc_fail(s, SVC_CONFLICT, "link_revoked", "this link was replaced by a newer one; use the latest mail");
	if (l->expires_at <= time_now())
		return svc_fail(s, SVC_CONFLICT, "link_expired", "this link has expired; ask for a new one");
	*out = (svc_link_t){.id = l->id, .expires_at = l->expires_at, .purpose = l->purpose, .user = u};
	return SVC_OK;
}

int svc_link_spend(svc_t *s, const svc_link_t *l, const char *password_hash, store_signout_t *out)
{
	int changes = 0;
	int db = sql_link_use(s->db, l->id, time_now(), &changes);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!changes)
		return svc_fail(s, SVC_CONFLICT, "link_used", "this link was used already; each link works once");
	/* Revokes the person's other links too. */
	return svc_db(s, store_user_set_password(s->db, l->user->id, password_hash, NULL, out));
}
