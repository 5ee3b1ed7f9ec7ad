/* How a service's refusal lands on a relationship page's form (relform_t,
 * web/rel_shared.h), for the goal and meeting pages: field problems (422)
 * stay with the form they belong to, next to their fields; a refusal that
 * belongs to no field (409 wrong phase or conflict, 403 not yours) becomes
 * the form's alert; anything else is answered as an error page. */
#ifndef MENTORD_WEB_REL_REFUSAL_H
#define MENTORD_WEB_REL_REFUSAL_H
#include "core/timeutil.h"
#include "web/rel_shared.h"

/* Fills f from the refusal st of s for form which; false when it answered
 * an error page instead (the caller stops). */
static inline bool relp_refused(req_t *r, const svc_t *s, int st, const char *which, relform_t *f)
{
	f->which = which;
	f->status = st;
	if (st == SVC_INVALID) {
		page_add_errors(&f->errs, s);
		return true;
	}
	if (st == SVC_CONFLICT || st == SVC_FORBIDDEN) {
		f->alert = s->err.message;
		return true;
	}
	page_refuse(r, s, st);
	return false;
}

/* An instant as the viewer's local time ("Mon 30 Nov 2026, 10:00"). */
static inline const char *relp_when_t(req_t *r, const relp_t *rp, int64_t t)
{
	char text[32];
	time_format(t, text, sizeof(text));
	return relp_when(r, rp->tz, text);
}

#endif
