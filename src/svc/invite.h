/* Invitations (svc/invite.c): what account creation (svc/user.c), the CSV
 * import (svc/participant.c), provisioning, the invitation page and the
 * command line share beyond the API's operations. */
#ifndef MENTORD_SVC_INVITE_H
#define MENTORD_SVC_INVITE_H
#include "svc/svc.h"
#include "svc/auth.h"

#define SVC_INVITE_SECONDS (7 * 24 * 3600)

/* Invites user_id inside the caller's open transaction: earlier live
 * invitation links stop working, a new one (7 days) is made and its mail
 * queued in the outbox, and the audit log says who invited. inviter names
 * the sender in the mail (NULL: the caller's name, or "Your organisation").
 * link (optional) gets the link itself, for a command line that prints it;
 * *expires_at (optional) its end. Returns a DB_ status. */
int svc_invite_queue(svc_t *s, int64_t user_id, const char *inviter, const char **link, int64_t *expires_at);
/* Invites n accounts made in the caller's open transaction, which have no
 * link yet (an import's new accounts), as svc_invite_queue would each, in a
 * few statements whatever n. Returns a DB_ status. */
int svc_invite_queue_new(svc_t *s, int n, const int64_t *user_ids);
/* (Re)sends the invitation of the account with this email (the command
 * line); link as above. */
int svc_invite_send_email(svc_t *s, const char *email, const char **link, InvitationSent_t *out);
/* Accepts an invitation: spends the link, sets the password and starts a
 * session, as a login does (out: the cookie's secret and the answer). */
int svc_invite_accept(svc_t *s, const char *token, const char *password, const char *user_agent,
		      svc_login_t *out);

#endif
