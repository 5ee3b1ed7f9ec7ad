/* What the meeting services offer besides the API's operations (whose
 * prototypes are generated into svc/api_types.h): the iCalendar file of one
 * meeting, and the times a pair could meet, for the meetings page's
 * proposal form. */
#ifndef MENTORD_SVC_MEETING_H
#define MENTORD_SVC_MEETING_H
#include "svc/svc.h"

/* The meeting as an iCalendar document (METHOD PUBLISH, its RRULE and
 * SEQUENCE), for a member of the pair; *text is owned by s->arena. */
int svc_meeting_ics(svc_t *s, int64_t id, const char **text);

/* Up to 40 times from the next full hour within `days` days, each
 * `minutes` long, inside both people's weekly availability, the mentee's
 * schedule first; then times that suit only the mentee. For a member of
 * the pair. */
int svc_meeting_slots(svc_t *s, int64_t rel_id, int days, int minutes, SlotList_t *out);

#endif
