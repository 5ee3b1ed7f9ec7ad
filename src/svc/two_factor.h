/* Two-factor sign-in (svc/two_factor.c): what the login (svc/auth.c), the
 * security pages and the command line share beyond the API's operations. */
#ifndef MENTORD_SVC_TWO_FACTOR_H
#define MENTORD_SVC_TWO_FACTOR_H
#include "svc/svc.h"

#define SVC_RECOVERY_CODES 10
#define SVC_TOTP_ISSUER "mentord"

/* Whether code is user_id's authenticator code for the time now (or one
 * step either side, and newer than the last one used), or one of their
 * unused recovery codes; a code that passes is spent. Runs inside the
 * caller's transaction; *ok false for an account without two-factor. */
int svc_two_factor_verify(svc_t *s, int64_t user_id, const char *code, int64_t now, bool *ok);
/* The caller's secret waiting for its first code (the enrolment page shows
 * it as a QR code); out's fields NULL when none waits. */
int svc_two_factor_pending(svc_t *s, TwoFactorSetup_t *out);
/* An administrator resets user id's two-factor sign-in (the pages, the
 * command line; the API's resetTwoFactor). */
int svc_two_factor_reset_id(svc_t *s, int64_t id, User_t *out);

#endif
