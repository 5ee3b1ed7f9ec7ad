/* The dispatcher of every page of the generated table (see pagetable.h). */
#include "web/pagetable.h"
#include "http/input.h"
#include "web/page.h"

#include <stdlib.h>
#include <string.h>

static void dispatch(req_t *r);

void web_pages_routes(void)
{
	route_t *routes = calloc((size_t)web_pages_count, sizeof(*routes));
	for (int i = 0; i < web_pages_count; i++)
		routes[i] = (route_t){web_pages[i].method, web_pages[i].pattern, dispatch, web_pages[i].flags,
				      &web_pages[i]};
	router_add(routes, web_pages_count);
	free(routes);
}

/* Input a page cannot take (a malformed link, a form from elsewhere). */
static void refuse_input(req_t *r, const verr_t *errs)
{
	buf_t msg = BUF_INIT;
	buf_puts(&msg, "Some of what was sent cannot be used: ");
	for (int i = 0; i < errs->n; i++)
		buf_printf(&msg, "%s%s %s", i ? "; " : "", errs->e[i].field, errs->e[i].msg);
	buf_puts(&msg, ". Go back and try again.");
	web_error(r, 422, arena_strdup(r->arena, buf_cstr(&msg)));
	buf_free(&msg);
}

static void dispatch(req_t *r)
{
	const web_page_t *pg = r->route_data;
	void *in = NULL;
	verr_t errs = {0};
	if (pg->in) {
		const char *code = "bad_request", *msg = "bad request";
		switch (http_input(r, pg->in, pg->body_type, pg->body_required, &in, &errs, &code, &msg)) {
		case INPUT_NO_PATH:
			web_error(r, 404, "There is no page at this address.");
			return;
		case INPUT_BAD:
			web_error(r, 400, "What was sent cannot be read. Go back and try again.");
			return;
		case INPUT_OK:
			break;
		}
		if (errs.n && !pg->form_errors) {
			refuse_input(r, &errs);
			return;
		}
	}
	pg->handler(r, in, &errs);
	if (r->db && db_in_tx(r->db))
		db_rollback(r->db);
}
