/* Stepping in on a struggling relationship, as the pages need it besides
 * the API's operations (svc_stepin_* in svc/api_types.h): the program
 * manager's view of one relationship — its health with the flags in words,
 * the conversation with the pair, the managers' notes, and whether and why
 * a manager ended it. */
#ifndef MENTORD_SVC_STEPIN_H
#define MENTORD_SVC_STEPIN_H
#include "svc/health.h"
#include "svc/svc.h"

/* Why and when a program manager ended a relationship, if one did. */
typedef struct stepin_ended {
	bool ended;
	const char *reason, *by;
	int64_t at;
} stepin_ended_t;

typedef struct stepin_view {
	relationship_t *rel;
	bool active;
	bool has_health;            /* false when it cannot be computed yet */
	RelationshipHealth_t health;
	ManagerMessageList_t messages;
	ManagerNoteList_t notes;
	stepin_ended_t ended;
} stepin_view_t;

/* The program's managers and administrators (the pair gets 403, anyone
 * else 404). */
int svc_stepin_view(svc_t *s, int64_t id, stepin_view_t *out);
/* Whether a manager ended relationship rel_id (the caller has checked that
 * the asker may see it). */
int svc_stepin_ended(svc_t *s, int64_t rel_id, stepin_ended_t *out);

#endif
