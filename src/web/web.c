/* The web module's front door: registers every page route and the
 * stylesheet, and renders error pages. Pages live one concept per file
 * (login.c, home.c, profile.c, people.c, programs.c, participants.c, the
 * relationship pages rel_*.c and the matching pages match_pages.c) over
 * the shared machinery of page.c and the template engine of tmpl.c. */
#include "web/web.h"
#include "web/page.h"
#include "web/rel_shared.h"
#include "web/pagetable.h"

#include <string.h>

static void stylesheet(req_t *r)
{
	size_t len;
	const char *css = page_css(&len);
	/* The pages link the stylesheet with a content hash (page_init), so
	 * any cached copy is the right one. */
	resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	resp_text(r, 200, "text/css; charset=utf-8", css, len);
}

void web_register(void)
{
	static const route_t routes[] = {
		{"GET", "/static/style.css", stylesheet, ROUTE_PUBLIC, NULL},
	};
	page_init();
	web_pages_routes(); /* generated from src/web/pages.json */
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
	web_home_register();
	web_participants_register();
	web_rel_register();
	web_rel_meetings_register();
	web_rel_goals_register();
	web_match_register();
}
