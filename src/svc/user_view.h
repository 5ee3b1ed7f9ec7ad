/* The API's shape of an account (svc/user_view.c), apart from the account
 * services so that logging in, invitations and the account services can
 * all answer with it without including one another. */
#ifndef MENTORD_SVC_USER_VIEW_H
#define MENTORD_SVC_USER_VIEW_H
#include "svc/svc.h"

/* Fills out from u (strings stay u's). */
void svc_user_view(const user_t *u, User_t *out);

#endif
