/* Passwords (svc/password.c): what the other account services, the pages
 * and the command line share beyond the API's operations. */
#ifndef MENTORD_SVC_PASSWORD_H
#define MENTORD_SVC_PASSWORD_H
#include "svc/svc.h"

#define SVC_RESET_SECONDS 3600
#define SVC_RESET_PER_HOUR 3 /* reset mails to one account per hour */

/* Argon2id of a new password. Slow and memory-hungry: done before any
 * transaction, so it never holds the write lock. SVC_BUSY when it cannot
 * be done now. */
int svc_password_hash(svc_t *s, const char *password, char hash[crypto_pwhash_STRBYTES]);
/* Whether token is a live reset link (the reset page checks before it
 * shows its form); *email gets the account's email. */
int svc_password_reset_check(svc_t *s, const char *token, const char **email);
/* Mails a reset link to the account with this email (an administrator's
 * "send a reset link", the command line), whatever the hourly bound; link
 * (optional) gets the link. 404 for no such active account. */
int svc_password_reset_send(svc_t *s, const char *email, const char **link);

#endif
