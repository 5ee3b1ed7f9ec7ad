/* The program's navigation (see program_nav.h). */
#include "web/program_nav.h"

void web_program_nav(json_t *ctx, int64_t id, bool manage, bool ask, const char *at)
{
	json_object_set_new(ctx, "pnav", json_pack("{s:I, s:b, s:b, s:{s:b}}", "id", (json_int_t)id, "manage", manage,
						   "ask", ask, "at", at, 1));
}
