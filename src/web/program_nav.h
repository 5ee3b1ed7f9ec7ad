/* A program's own navigation (templates/program_nav.html), shared by every
 * page of a program: its overview, participants, and for its managers
 * matching, relationships and health; "find a mentor" for the mentees of a
 * self-match program. */
#ifndef MENTORD_WEB_PROGRAM_NAV_H
#define MENTORD_WEB_PROGRAM_NAV_H
#include "web/page.h"

/* Sets "pnav" on ctx: program id, whether the viewer manages it or may ask
 * for a mentor, and at (overview, participants, matching, relationships,
 * health, find) marked as the current page. */
void web_program_nav(json_t *ctx, int64_t id, bool manage, bool ask, const char *at);
/* Marks the program's pages as archived (archived_at, seconds; 0: live):
 * the navigation says it is read-only since that day and, for its
 * managers, offers to restore it. Call after web_program_nav. */
void web_program_nav_archived(req_t *r, json_t *ctx, int64_t archived_at);
/* A day in words: "30 November 2026" (UTC). Owned by the request. */
const char *web_day(req_t *r, int64_t t);

#endif
