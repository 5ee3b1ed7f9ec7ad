/* The inbox as pages: GET /inbox lists what waits for the person, each item
 * linking to the page where it is done; the same list leads the dashboard
 * (web_inbox_json), and every page's header shows how many items wait
 * (web_inbox_header, installed with page_set_header). Everything comes from
 * the inbox services (svc/inbox.c). */
#include "web/inbox.h"
#include "web/page_types.h"
#include "web/rel_shared.h"
#include "svc/inbox.h"

void web_inbox_header(req_t *r, json_t *me)
{
	svc_t s;
	int n = 0;
	page_svc(r, &s);
	if (svc_inbox_count(&s, &n) == SVC_OK && n > 0)
		json_object_set_new(me, "inbox_count", json_integer(n));
}

int web_inbox_json(req_t *r, json_t *ctx)
{
	svc_t s;
	Inbox_t in;
	page_svc(r, &s);
	int st = svc_inbox_get(&s, &in);
	if (st)
		return st;
	const char *tz = relp_viewer_tz(r);
	json_t *items = json_array();
	for (int i = 0; i < in.items.n; i++) {
		const InboxItem_t *it = &in.items.v[i];
		json_array_append_new(items, json_pack("{s:s, s:o, s:o, s:o}", "kind", it->kind,
			"title", page_str(it->title), "href", page_str(it->href),
			"when", page_str(it->at ? relp_at(r, tz, it->at) : "")));
	}
	json_object_set_new(ctx, "inbox", json_pack("{s:o, s:b, s:I}", "items", items, "has_items",
						    in.items.n > 0, "count", (json_int_t)in.count));
	return SVC_OK;
}

void page_inbox(req_t *r, const void *in, const verr_t *errs)
{
	(void)in;
	(void)errs;
	json_t *ctx = page_ctx(r, "Inbox", "inbox");
	svc_t s;
	page_svc(r, &s);
	int st = web_inbox_json(r, ctx);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	page_render(r, 200, "inbox", ctx);
}
