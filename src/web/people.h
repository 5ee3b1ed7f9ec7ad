/* What the people pages (web/people.c, web/people_admin.c) share. */
#ifndef MENTORD_WEB_PEOPLE_H
#define MENTORD_WEB_PEOPLE_H
#include "http/http.h"

/* The badge of a status: "invited", "deactivated", or "" for active. */
const char *people_status_label(const char *status);
/* An invitation in words for the viewer ("invited ...; the link works
 * until ..."); owned by r's arena. */
const char *people_invitation_words(req_t *r, int64_t invited_at, int64_t expires_at);

#endif
