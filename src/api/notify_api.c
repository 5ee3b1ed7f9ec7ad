/* The personal calendar feed, GET /calendar/{token}.ics: the one
 * notification operation whose answer is not JSON but a calendar for
 * calendar apps, so it names this handler (x-handler) instead of a service
 * in src/api/openapi.json. The token's form is checked by the document
 * before this runs; svc_calendar_feed (svc/notify.c) does the rest. The
 * settings and the feed token's creation and revocation are generated
 * endpoints of their services. */
#include "api/endpoint.h"
#include "svc/notify.h"

#include <string.h>

/* Declared by the generated endpoint table (build/src/api/endpoints.c). */
void api_calendar_feed(req_t *r, const void *in);

void api_calendar_feed(req_t *r, const void *in_)
{
	const in_getCalendarFeed_t *in = in_;
	svc_t s;
	api_svc(r, &s);
	const char *ics = NULL;
	int st = svc_calendar_feed(&s, in->token, &ics);
	if (st == SVC_NOT_FOUND) {
		/* Plain text: what asks is a calendar app, not an API client. */
		const char *msg = "no calendar feed at this address\n";
		resp_text(r, 404, "text/plain; charset=utf-8", msg, strlen(msg));
		return;
	}
	if (st != SVC_OK) {
		api_refuse(r, &s, st);
		return;
	}
	resp_header(r, "Cache-Control", "private, max-age=300");
	resp_text(r, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
}
