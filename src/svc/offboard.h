/* Offboarding (svc/offboard.c): what switching a person off does, the same
 * whichever way it comes: an administrator (PATCH /api/v1/users/{id} with
 * active false, POST /api/v1/users/{id}/deactivate, the people admin page,
 * `mentord user deactivate`) or the identity provider (SCIM). */
#ifndef MENTORD_SVC_OFFBOARD_H
#define MENTORD_SVC_OFFBOARD_H
#include "svc/svc.h"

/* Inside the caller's transaction: switches account id off, ends every
 * session, API token and pending link of the person at once, and ends each
 * of their live relationships (getting to know to closing) as the
 * organisation's doing: completed, ended_by_org_at set, a line naming name
 * in its history; goals, meetings, notes and messages stay. *ended counts
 * the relationships ended. Returns a store status (DB_OK). */
int svc_offboard(svc_t *s, int64_t id, const char *name, int *ended);

#endif
