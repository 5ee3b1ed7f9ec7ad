/* Personal API tokens (svc/token.c): what the command line uses beyond the
 * API's operations. */
#ifndef MENTORD_SVC_TOKEN_H
#define MENTORD_SVC_TOKEN_H
#include "svc/svc.h"

#define SVC_TOKEN_DAYS 90 /* a token's life when none is asked for */

/* How a token is made: its label, scope ("api" or "metrics"), and life in
 * days (0: the default; -1: never expires, administrators only). */
typedef struct svc_token_opts {
	const char *name, *scope;
	int days;
} svc_token_opts_t;

/* A token for the active account with this email; administrators only (the
 * command line `mentord token create`). The secret is in out->token, shown
 * once. */
int svc_token_create_for(svc_t *s, const char *email, const svc_token_opts_t *o, TokenCreated_t *out);
/* The live tokens of the account with this email (administrators). */
int svc_token_list_email(svc_t *s, const char *email, TokenList_t *out);

#endif
