/* Single-use links by mail (svc/link.c): what invitations (svc/invite.c)
 * and password resets (svc/password.c) share. */
#ifndef MENTORD_SVC_LINK_H
#define MENTORD_SVC_LINK_H
#include "svc/svc.h"

/* A live link and its account. */
typedef struct svc_link {
	int64_t id, expires_at;
	const char *purpose; /* "invite" | "reset" */
	user_t *user;
} svc_link_t;

/* Finds the live link of this purpose whose secret is token: 404 not_found
 * for none (or the other purpose's, or a deactivated account's); 403
 * sso_only when passwords are switched off for its account (single sign-on
 * only, and not the break-glass administrator); 409 link_used,
 * link_revoked (a newer one replaced it) or link_expired. */
int svc_link_check(svc_t *s, const char *purpose, const char *token, svc_link_t *out);
/* Inside the caller's transaction: spends l (409 link_used when a parallel
 * request spent it first) and sets the password whose hash is given, which
 * ends every session of the person, revokes every API token and every
 * other live link of theirs. out (optional) counts what ended. */
int svc_link_spend(svc_t *s, const svc_link_t *l, const char *password_hash, store_signout_t *out);

#endif
