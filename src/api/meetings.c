/* A meeting as an iCalendar file, the one meeting answer that is not JSON
 * (x-handler of getMeetingIcs). Every other meeting endpoint is generated
 * from the document and served by svc/meeting.c. */
#include "api/endpoint.h"
#include "api/handlers.h"
#include "svc/meeting.h"

#include <string.h>

void api_meeting_ics(req_t *r, const void *in_)
{
	const in_getMeetingIcs_t *in = in_;
	svc_t s;
	api_svc(r, &s);
	const char *text;
	int st = svc_meeting_ics(&s, in->id, &text);
	if (st != SVC_OK) {
		api_refuse(r, &s, st);
		return;
	}
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"meeting-%lld.ics\"", (long long)in->id));
	resp_text(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
}
