/* The program's navigation (see program_nav.h). */
#include "web/program_nav.h"

#include <time.h>

void web_program_nav(json_t *ctx, int64_t id, bool manage, bool ask, const char *at)
{
	json_object_set_new(ctx, "pnav", json_pack("{s:I, s:b, s:b, s:{s:b}}", "id", (json_int_t)id, "manage", manage,
						   "ask", ask, "at", at, 1));
}

const char *web_day(req_t *r, int64_t t)
{
	static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
					     "August", "September", "October", "November", "December"};
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return "";
	return arena_printf(r->arena, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

void web_program_nav_archived(req_t *r, json_t *ctx, int64_t archived_at)
{
	json_t *nav = json_object_get(ctx, "pnav");
	if (nav && archived_at)
		json_object_set_new(nav, "archived", page_str(web_day(r, archived_at)));
}
