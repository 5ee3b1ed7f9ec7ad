/* The people directory for administrators and managers (pages/people.json):
 * a list paged by name (GET /people), searched and filtered by role and
 * status (invited, active, deactivated: who has not accepted an invitation
 * yet), and a read-only profile (GET /people/{id}), which members may open
 * for themselves only; administrators also see the account there and act
 * on it (web/people_admin.c). Through the account services (svc/user.h). */
#include "web/page.h"
#include "web/page_types.h"
#include "web/people.h"
#include "web/rel_shared.h"
#include "core/timeutil.h"
#include "svc/user.h"

#include <string.h>

#define PEOPLE_PAGE 25

static const page_opt_t role_filter[] = {
	{"", "Any role"}, {"member", "Members"}, {"manager", "Program managers"}, {"admin", "Administrators"},
	{NULL, NULL}};
static const page_opt_t status_filter[] = {
	{"", "Any status"}, {"invited", "Invited, not accepted yet"}, {"active", "Active"},
	{"deactivated", "Deactivated"}, {NULL, NULL}};

const char *people_status_label(const char *status)
{
	return !strcmp(status, "invited") ? "invited" : !strcmp(status, "deactivated") ? "deactivated" : "";
}

/* "Invited Mon 30 Nov 2026, 10:00, link valid until ...", "the link has
 * expired", or "no invitation sent yet". */
const char *people_invitation_words(req_t *r, int64_t invited_at, int64_t expires_at)
{
	const char *tz = relp_viewer_tz(r);
	if (!invited_at)
		return "no invitation sent yet";
	if (expires_at && expires_at > time_now())
		return arena_printf(r->arena, "invited %s; the link works until %s", relp_at(r, tz, invited_at),
				    relp_at(r, tz, expires_at));
	return arena_printf(r->arena, "invited %s; the link is no longer valid", relp_at(r, tz, invited_at));
}

static json_t *person_json(req_t *r, const store_person_t *p)
{
	bool invited = !strcmp(p->status, "invited");
	json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:b, s:b, s:o}", "id", (json_int_t)p->id,
			      "name", page_str(p->name), "email", page_str(p->email),
			      "department", page_str(p->department), "headline", page_str(p->headline),
			      "role", role_name(p->role), "inactive", !p->active, "invited", invited,
			      "status", page_str(people_status_label(p->status)));
	if (invited)
		json_object_set_new(o, "invitation",
				    page_str(people_invitation_words(r, p->invited_at, p->invite_expires_at)));
	return o;
}

static void put_param(buf_t *b, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, "%s=", name);
	buf_put_urlenc(b, v);
	buf_putc(b, '&');
}

static const char *list_url(req_t *r, const store_people_filter_t *f, int64_t after)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "/people?");
	put_param(&b, "q", f->q);
	put_param(&b, "role", f->role);
	put_param(&b, "status", f->status);
	if (after)
		buf_printf(&b, "after=%lld", (long long)after);
	if (b.data[b.len - 1] == '&' || b.data[b.len - 1] == '?')
		b.data[--b.len] = '\0';
	const char *s = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

void page_people(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePeople_t *in = in_;
	store_people_filter_t f = {.q = in->has_q ? in->q : "", .role = in->has_role ? in->role : "",
				   .status = in->has_status ? in->status : ""};
	int64_t after = in->has_after ? in->after : 0;
	svc_t s;
	page_svc(r, &s);
	svc_people_t people;
	int st = svc_user_directory(&s, &f, after, PEOPLE_PAGE, &people);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "People", "people"), *arr = json_array();
	for (int i = 0; i < people.n; i++)
		json_array_append_new(arr, person_json(r, &people.items[i]));
	json_object_set_new(ctx, "people", arr);
	json_object_set_new(ctx, "has_people", json_boolean(people.n > 0));
	json_object_set_new(ctx, "search", page_field("q", "Search by name, email or department", f.q, NULL, NULL));
	json_object_set_new(ctx, "role_filter", page_select("role", "Role", role_filter, f.role, NULL, NULL));
	json_object_set_new(ctx, "status_filter", page_select("status", "Status", status_filter, f.status, NULL, NULL));
	json_object_set_new(ctx, "q", page_str(f.q));
	json_object_set_new(ctx, "filtered", json_boolean(*f.q || *f.role || *f.status));
	json_object_set_new(ctx, "first_url", page_str(list_url(r, &f, 0)));
	json_object_set_new(ctx, "paged", json_boolean(after > 0));
	json_object_set_new(ctx, "admin", json_boolean(r->who.role == ROLE_ADMIN));
	if (people.next)
		json_object_set_new(ctx, "next_url", page_str(list_url(r, &f, people.next)));
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

/* The account as its administrators see it: status, sign-ins, two-factor,
 * the invitation, sessions and tokens, and the actions on it. */
static json_t *account_json(req_t *r, svc_t *s, const user_t *u, bool admin)
{
	const char *tz = relp_viewer_tz(r);
	const char *status = user_status(u);
	json_t *o = json_pack("{s:I, s:s, s:o, s:b, s:b, s:b, s:b, s:b, s:b}", "id", (json_int_t)u->id,
			      "role", role_name(u->role),
			      "last_login", page_str(u->last_login_at ? relp_at(r, tz, u->last_login_at) : "never"),
			      "two_factor", u->two_factor, "active", u->active,
			      "invited", !strcmp(status, "invited"), "deactivated", !u->active,
			      "link_live", u->invite_expires_at > time_now(), "admin", admin);
	json_object_set_new(o, "status", page_str(status));
	json_object_set_new(o, "invitation", page_str(people_invitation_words(r, u->invited_at, u->invite_expires_at)));
	if (!admin)
		return o;
	static const page_opt_t roles[] = {
		{"member", "Member"}, {"manager", "Program manager"}, {"admin", "Administrator"}, {NULL, NULL}};
	json_object_set_new(o, "role_field", page_select("role", "Role", roles, role_name(u->role), NULL, NULL));
	SessionList_t sessions = {0};
	TokenList_t tokens = {0};
	if (svc_session_list_user(s, &(in_listUserSessions_t){.id = u->id}, &sessions) == SVC_OK) {
		json_t *a = json_array();
		for (int i = 0; i < sessions.items.n; i++) {
			const Session_t *x = &sessions.items.v[i];
			json_array_append_new(a, json_pack("{s:o, s:o, s:o}", "agent", page_str(*x->user_agent ? x->user_agent
												      : "unknown"),
							   "ip", page_str(x->ip), "last_seen",
							   page_str(relp_at(r, tz, x->last_seen_at))));
		}
		json_object_set_new(o, "sessions", a);
	}
	if (svc_token_list_user(s, &(in_listUserTokens_t){.id = u->id}, &tokens) == SVC_OK) {
		json_t *a = json_array();
		for (int i = 0; i < tokens.items.n; i++) {
			const Token_t *t = &tokens.items.v[i];
			json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)t->id, "name",
							   page_str(t->name), "last_used",
							   page_str(t->last_used_at_null ? "never" : relp_at(r, tz, t->last_used_at)),
							   "expires",
							   page_str(t->expires_at_null ? "never" : relp_at(r, tz, t->expires_at))));
		}
		json_object_set_new(o, "tokens", a);
	}
	return o;
}

static const char *done_notice(const char *done)
{
	static const struct {
		const char *key, *text;
	} notices[] = {
		{"invited", "The invitation is on its way."}, {"revoked", "The invitation link no longer works."},
		{"role", "The role is changed."}, {"deactivated", "The account is deactivated: signed out everywhere."},
		{"reactivated", "The account is active again."}, {"two_factor", "Two-factor sign-in is reset."},
		{"signed_out", "Signed out everywhere: every session ended, every token revoked."},
		{"reset_link", "A password reset link is on its way."}, {"token", "The token no longer works."},
		{"created", "The account is made and the invitation is on its way."}};
	for (size_t i = 0; done && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (!strcmp(done, notices[i].key))
			return notices[i].text;
	return NULL;
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
	if (r->who.role >= ROLE_MANAGER)
		json_object_set_new(ctx, "account", account_json(r, &s, v.user, r->who.role == ROLE_ADMIN));
	const char *notice = done_notice(in->has_done ? in->done : NULL);
	if (notice)
		json_object_set_new(ctx, "notice", page_str(notice));
	page_render(r, 200, "person", ctx);
}
