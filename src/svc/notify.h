/* What the notification services offer beyond the generated operations:
 * the personal calendar feed, whose answer is a calendar (text/calendar),
 * not JSON, so the API serves it with a hand-written handler. */
#ifndef MENTORD_SVC_NOTIFY_H
#define MENTORD_SVC_NOTIFY_H
#include "svc/svc.h"

/* The iCalendar text (METHOD:PUBLISH) of the meetings of the person whose
 * feed token this is: every series, and single meetings that started in
 * the last 180 days or are to come, at most 2,000. An unknown token, or one
 * whose owner is no longer active, is SVC_NOT_FOUND. The text is owned by
 * s->arena. Needs no caller: the token is the credential. */
int svc_calendar_feed(svc_t *s, const char *token, const char **ics);

#endif
