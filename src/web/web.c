/* The web module's front door: the pages' routes (generated from the page
 * documents of src/web/pages) and the two stylesheets. Pages live one
 * concept per file (login.c, home.c, profile.c, people.c, programs.c,
 * participants.c, the relationship pages rel_*.c, the matching pages
 * match_pages.c, the health dashboard health/) over the shared machinery of
 * page.c and the template engine of tmpl.c. */
#include "web/web.h"
#include "web/page.h"
#include "web/inbox.h"
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
		{"GET", "/static/rel.css", relp_css, ROUTE_PUBLIC, NULL},
	};
	page_init();
	page_set_header(web_inbox_header);
	web_pages_routes();
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
