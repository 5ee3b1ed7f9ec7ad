/* The people directory for administrators and managers (pages/people.json):
 * a searchable list paged by name (GET /people) and a read-only profile
 * (GET /people/{id}), which members may open for themselves only. Both
 * through the account services (svc/user.h). */
#include "web/page.h"
#include "web/page_types.h"
#include "core/timeutil.h"
#include "svc/user.h"

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

void page_people(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePeople_t *in = in_;
	const char *q = in->has_q ? in->q : "";
	int64_t after = in->has_after ? in->after : 0;
	svc_t s;
	page_svc(r, &s);
	svc_people_t people;
	store_people_filter_t f = {.q = q};
	int st = svc_user_directory(&s, &f, after, PEOPLE_PAGE, &people);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "People", "people"), *arr = json_array();
	for (int i = 0; i < people.n; i++)
		json_array_append_new(arr, person_json(&people.items[i]));
	json_object_set_new(ctx, "people", arr);
	json_object_set_new(ctx, "has_people", json_boolean(people.n > 0));
	json_object_set_new(ctx, "search", page_field("q", "Search by name, email or department", q, NULL, NULL));
	json_object_set_new(ctx, "q", page_str(q));
	json_object_set_new(ctx, "paged", json_boolean(after > 0));
	if (people.next)
		json_object_set_new(ctx, "next_url", page_str(next_url(r, q, people.next)));
	page_render(r, 200, "people", ctx);
}

static json_t *strs_json(const strlist_t *l)
{
	json_t *a = json_array();
	for (int i = 0; i < l->n; i++)
		json_array_append_new(a, page_str(l->v[i]));
	return a;
}

/* The profile as the person page shows it. Every key the template reads
 * inside the profile is set, so none falls through to the outer context. */
static json_t *profile_json(const profile_t *p, const user_t *manager)
{
	json_t *avail = json_array();
	for (int i = 0; i < p->n_availability; i++) {
		char from[6], until[6];
		clock_format(p->availability[i].start_min, from);
		clock_format(p->availability[i].end_min, until);
		json_array_append_new(avail, json_pack("{s:s, s:s, s:s}", "day_name",
						       page_day_name(p->availability[i].day), "start", from,
						       "end", until));
	}
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "headline", page_str(p->headline),
			      "bio", page_str(p->bio), "department", page_str(p->department),
			      "location", page_str(p->location), "timezone", page_str(p->timezone),
			      "preferences", page_str(p->preferences), "availability", avail);
	json_object_set_new(o, "seniority", p->seniority ? json_integer(p->seniority) : json_null());
	json_object_set_new(o, "languages", strs_json(&p->languages));
	json_object_set_new(o, "skills_offered", strs_json(&p->skills_offered));
	json_object_set_new(o, "skills_wanted", strs_json(&p->skills_wanted));
	json_object_set_new(o, "interests", strs_json(&p->interests));
	json_object_set_new(o, "channel_label", page_str(page_channel_label(p->preferred_channel)));
	json_object_set_new(o, "style_label", page_str(page_style_label(p->meeting_style)));
	json_object_set_new(o, "manager", manager ? json_pack("{s:I, s:o}", "id", (json_int_t)manager->id,
							     "name", page_str(manager->name))
						  : json_null());
	return o;
}

void page_person(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePerson_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	svc_person_t v;
	int st = svc_user_person(&s, in->id, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, v.user->name, v.self ? "profile" : "people");
	json_object_set_new(ctx, "person", json_pack("{s:I, s:o, s:o, s:s}", "id", (json_int_t)v.user->id,
						     "name", page_str(v.user->name), "email",
						     page_str(v.user->email), "role", role_name(v.user->role)));
	json_object_set_new(ctx, "profile", profile_json(v.profile, v.manager));
	json_object_set_new(ctx, "self", json_boolean(v.self));
	page_render(r, 200, "person", ctx);
}
