/* The web module's front door: registers every page route and the
 * stylesheet, and renders error pages. Pages live one concept per file
 * (login.c, home.c, profile.c, people.c, programs.c, participants.c, the
 * relationship pages rel_*.c and the matching pages match_pages.c) over
 * the shared machinery of page.c and the template engine of tmpl.c. */
#include "web/web.h"
#include "web/page.h"
#include "web/rel_shared.h"

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
		{"GET", "/static/style.css", stylesheet, ROUTE_PUBLIC},
	};
	page_init();
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
	web_login_register();
	web_home_register();
	web_profile_register();
	web_people_register();
	web_programs_register();
	web_participants_register();
	web_rel_register();
	web_rel_meetings_register();
	web_rel_goals_register();
	web_rel_board_register();
	web_match_register();
	web_settings_register();
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Please log in";
	case 403: return "Not allowed";
	case 404: return "Page not found";
	case 405: return "Not available";
	case 409: return "Conflict";
	case 413: return "Too large";
	case 429: return "Too many attempts";
	case 503: return "Busy";
	default: return status >= 500 ? "Something went wrong" : "Error";
	}
}

void web_error(req_t *r, int status, const char *message)
{
	json_t *ctx = page_ctx(r, status_title(status), NULL);
	json_object_set_new(ctx, "status", json_integer(status));
	json_object_set_new(ctx, "message", page_str(message));
	page_render(r, status, "error", ctx);
}
