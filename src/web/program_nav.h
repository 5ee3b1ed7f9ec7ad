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

#endif
