/* The throttle of password and two-factor code checks (svc/throttle.c),
 * shared by logging in, changing a password and the two-factor settings.
 * Every attempt is counted before its password (or code) is checked, and
 * given back when it was right, so parallel attempts cannot pass a limit:
 *  - one email from one client address: at most 5 failures in 15 minutes,
 *    then 429 until the window is over (one stranger locks only himself);
 *  - one client address at all: at most 30 in 15 minutes;
 *  - one email from anywhere: past 10 failures within an hour, each attempt
 *    waits 2^(n-10) seconds after the last one, at most 60 (guessing from
 *    many addresses slows down; nobody is locked out for long). */
#ifndef MENTORD_SVC_THROTTLE_H
#define MENTORD_SVC_THROTTLE_H
#include "svc/svc.h"

#define SVC_THROTTLE_WINDOW (15 * 60)
#define SVC_THROTTLE_MAX_PER_EMAIL 5
#define SVC_THROTTLE_MAX_PER_IP 30
#define SVC_THROTTLE_BACKOFF_WINDOW 3600
#define SVC_THROTTLE_BACKOFF_FREE 10
#define SVC_THROTTLE_BACKOFF_MAX 60

/* The counters one attempt touches: the email from this address (s->ip),
 * the address, and the email from anywhere. Emails are compared
 * lower-cased. Strings in s->arena. */
typedef struct svc_throttle {
	const char *pair, *addr, *email;
} svc_throttle_t;
svc_throttle_t svc_throttle_keys(svc_t *s, const char *email);

/* Takes one attempt's slot under every counter, in its own transaction, or
 * refuses (SVC_LIMITED, too_many_attempts, nothing counted) when a limit is
 * reached, with the seconds to wait in *retry_after. The slot stays a
 * failure unless svc_throttle_give_back returns it. */
int svc_throttle_take(svc_t *s, const svc_throttle_t *k, int64_t now, int *retry_after);
/* Gives a right attempt's slot back, inside the caller's transaction: the
 * email's count from this address starts again; the others lose this one
 * attempt. Returns a DB_ status. */
int svc_throttle_give_back(svc_t *s, const svc_throttle_t *k);

/* The two above for one check of email's password at the time now (a
 * password change, the two-factor settings); _ok returns an SVC_ status. */
int svc_throttle_attempt(svc_t *s, const char *email, int *retry_after);
int svc_throttle_attempt_ok(svc_t *s, const char *email);

#endif
