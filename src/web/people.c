/* The people directory for administrators and managers: a searchable list
 * paged by name (GET /people) and a read-only profile (GET /people/{id}),
 * which members may open for themselves only. */
#include "web/page.h"
#include "store/store.h"
#include "api/api.h"

#include <string.h>

#define PEOPLE_PAGE 25

static json_t *person_json(const store_person_t *p)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:b}", "id", (json_int_t)p->id,
			 "name", page_str(p->name), "email", page_str(p->email),
			 "department", page_str(p->department), "headline", page_str(p->headline),
			 "role", role_name(p->role), "inactive", !p->active);
}

static const char *next_url(req_t *r, const char *q, int64_t after)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "/people?");
	if (*q) {
		buf_puts(&b, "q=");
		buf_put_urlenc(&b, q);
		buf_putc(&b, '&');
	}
	buf_printf(&b, "after=%lld", (long long)after);
	const char *s = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void list(req_t *r)
{
	if (r->who.role < ROLE_MANAGER) {
		web_error(r, 403, "Only administrators and program managers can browse people.");
		return;
	}
	verr_t ignored = {0};
	const char *q = http_query(r, "q"), *after_s = http_query(r, "after");
	int64_t after = 0;
	q = q && strlen(q) <= 100 ? q : "";
	if (after_s && !page_parse_int(after_s, 1, INT64_MAX, &after))
		after = 0;
	store_person_t *items;
	int n;
	int st = store_people_search(r->db, r->arena, q, after, PEOPLE_PAGE, &items, &n);
	if (st != DB_OK) {
		page_db_error(r, st);
		return;
	}
	json_t *ctx = page_ctx(r, "People", "people"), *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, person_json(&items[i]));
	json_object_set_new(ctx, "people", arr);
	json_object_set_new(ctx, "has_people", json_boolean(n > 0));
	json_object_set_new(ctx, "search", page_field("q", "Search by name, email or department", q,
						       NULL, &ignored));
	json_object_set_new(ctx, "q", page_str(q));
	json_object_set_new(ctx, "paged", json_boolean(after > 0));
	if (n == PEOPLE_PAGE)
		json_object_set_new(ctx, "next_url", page_str(next_url(r, q, items[n - 1].id)));
	page_render(r, 200, "people", ctx);
}

/* The profile JSON of the API, with display names added for the page. */
static json_t *profile_view(const profile_t *p, const user_t *manager)
{
	json_t *o = api_profile_json(p), *w;
	size_t i;
	json_array_foreach(json_object_get(o, "availability"), i, w)
		json_object_set_new(w, "day_name", page_str(page_day_name(
			(int)json_integer_value(json_object_get(w, "day")))));
	json_object_set_new(o, "channel_label", page_str(page_channel_label(p->preferred_channel)));
	json_object_set_new(o, "style_label", page_str(page_style_label(p->meeting_style)));
	if (manager)
		json_object_set_new(o, "manager", json_pack("{s:I, s:o}", "id", (json_int_t)manager->id,
							    "name", page_str(manager->name)));
	return o;
}

static void show(req_t *r)
{
	bool self = r->id[0] == r->who.user_id;
	if (r->who.role < ROLE_MANAGER && !self) {
		web_error(r, 403, "You can only see your own profile.");
		return;
	}
	user_t *u = NULL, *manager = NULL;
	profile_t *p = NULL;
	int st = store_user_get(r->db, r->arena, r->id[0], &u);
	if (st == DB_OK && u)
		st = store_profile_get(r->db, r->arena, u->id, &p);
	if (st == DB_OK && p && p->manager_id)
		st = store_user_get(r->db, r->arena, p->manager_id, &manager);
	if (st != DB_OK) {
		page_db_error(r, st);
		return;
	}
	if (!u) {
		web_error(r, 404, "There is no person with this number.");
		return;
	}
	json_t *ctx = page_ctx(r, u->name, self ? "profile" : "people");
	json_object_set_new(ctx, "person", api_user_json(u));
	json_object_set_new(ctx, "profile", profile_view(p, manager));
	json_object_set_new(ctx, "self", json_boolean(self));
	page_render(r, 200, "person", ctx);
}

void web_people_register(void)
{
	static const route_t routes[] = {
		{"GET", "/people", list, ROUTE_WEB, NULL},
		{"GET", "/people/{id}", show, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
