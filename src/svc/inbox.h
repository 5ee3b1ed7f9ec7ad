/* What the inbox services offer the pages besides the API's operations
 * (svc_inbox_get, svc_message_mark_read): the number of waiting items for
 * the header of every page. */
#ifndef MENTORD_SVC_INBOX_H
#define MENTORD_SVC_INBOX_H
#include "svc/svc.h"

/* How many items wait for the caller (0 for nobody); one query. */
int svc_inbox_count(svc_t *s, int *count);

/* The kinds the inbox lists, each a source of items: the store's
 * inbox_items query answers the first six in one statement; invitations
 * the caller sent that ran out unaccepted come from svc_inbox_invitations
 * (one item counting the people; managers and administrators only). */
int svc_inbox_invitations(svc_t *s, InboxItem_t **items, int *n);

#endif
