/* Administrators' pages of the organisation (pages/admin.json): the audit
 * log, newest first, filtered by person (an email, or the id a person's
 * page links with) and by kind of action, with its CSV download (the API's
 * GET /api/v1/audit.csv with the same filters, which the session's cookie
 * may fetch); and the organisation's sign-in rule (two-factor sign-in
 * required of administrators and program managers). Through svc/audit.c
 * and svc/org.c. */
#include "web/page.h"
#include "web/page_types.h"
#include "web/rel_shared.h"
#include "svc/audit.h"
#include "svc/user.h"

#include <string.h>

#define AUDIT_PAGE 50

static const page_opt_t actions[] = {
	{"", "Every action"}, {"user.", "Accounts (made, role, deactivated, ...)"},
	{"invitation.", "Invitations"}, {"password.", "Passwords"}, {"two_factor.", "Two-factor sign-in"},
	{"token.", "API tokens"}, {"session.", "Sessions"}, {"settings.", "Organisation settings"},
	{"program.", "Programs"}, {"participant.", "Enrolments"}, {"match.", "Matching"},
	{"relationship.", "Relationships"}, {NULL, NULL}};

static void put_param(buf_t *b, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, "%s%s=", b->data[b->len - 1] == '?' ? "" : "&", name);
	buf_put_urlenc(b, v);
}

static const char *url(req_t *r, const char *base, int64_t person_id, const char *action, int64_t before)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s?", base);
	if (person_id)
		put_param(&b, "person_id", arena_printf(r->arena, "%lld", (long long)person_id));
	put_param(&b, "action", action);
	if (before)
		put_param(&b, "before", arena_printf(r->arena, "%lld", (long long)before));
	if (b.data[b.len - 1] == '?')
		b.data[--b.len] = '\0';
	const char *s = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static json_t *entry_json(req_t *r, const AuditEntry_t *e)
{
	bool person = !strcmp(e->object_type, "user") && !e->object_id_null;
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:b}", "when", page_str(relp_at(r, relp_viewer_tz(r), e->at)),
			      "action", page_str(e->action), "detail", page_str(e->detail),
			      "object", page_str(e->object_id_null ? e->object_type
								   : arena_printf(r->arena, "%s %lld", e->object_type,
										  (long long)e->object_id)),
			      "person_object", person);
	json_object_set_new(o, "object_id", json_integer(e->object_id));
	if (!e->actor_id_null)
		json_object_set_new(o, "actor", json_pack("{s:I, s:o}", "id", (json_int_t)e->actor_id, "name",
							  page_str(e->actor_name_null ? "" : e->actor_name)));
	return o;
}

void page_audit(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageAudit_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	const char *action = in->has_action ? in->action : "";
	int64_t person_id = in->has_person_id ? in->person_id : 0;
	const char *person = in->has_person ? in->person : "";
	const char *alert = NULL;
	/* A person typed by email: found among the accounts, or said so. */
	if (*person && !person_id) {
		user_t *u = NULL;
		int db = store_user_by_email(s.db, s.arena, person, &u, NULL);
		if (db != DB_OK) {
			page_refuse(r, &s, svc_db(&s, db));
			return;
		}
		if (u)
			person_id = u->id;
		else
			alert = arena_printf(r->arena, "Nobody has the email %s: showing everyone.", person);
	}
	svc_audit_filter_t f = {.person_id = person_id, .action = action};
	AuditList_t list;
	int st = svc_audit_page(&s, &f, in->has_before ? in->before : 0, AUDIT_PAGE, &list);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Audit log", "audit"), *arr = json_array();
	for (int i = 0; i < list.items.n; i++)
		json_array_append_new(arr, entry_json(r, &list.items.v[i]));
	json_object_set_new(ctx, "entries", arr);
	json_object_set_new(ctx, "has_entries", json_boolean(list.items.n > 0));
	if (person_id) {
		svc_person_t v;
		if (svc_user_person(&s, person_id, &v) == SVC_OK)
			person = v.user->email;
	}
	json_t *pf = page_field("person", "Person (email)", person, NULL, NULL);
	json_object_set_new(pf, "type", json_string("email"));
	json_object_set_new(ctx, "person_field", pf);
	json_object_set_new(ctx, "action_field", page_select("action", "Action", actions, action, NULL, NULL));
	json_object_set_new(ctx, "csv_url", page_str(url(r, "/api/v1/audit.csv", person_id, action, 0)));
	json_object_set_new(ctx, "filtered", json_boolean(person_id || *action));
	if (list.next) {
		int64_t before = 0;
		svc_cursor(list.next, &before);
		json_object_set_new(ctx, "older_url", page_str(url(r, "/admin/audit", person_id, action, before)));
	}
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	page_render(r, 200, "audit", ctx);
}

static void security_show(req_t *r, int status, const char *notice, const char *alert)
{
	svc_t s;
	page_svc(r, &s);
	SecuritySettings_t cur;
	int st = svc_org_security_get(&s, &cur);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Sign-in rules", "people");
	json_object_set_new(ctx, "require_two_factor", json_boolean(cur.require_two_factor));
	if (notice)
		json_object_set_new(ctx, "notice", page_str(notice));
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	page_render(r, status, "org_security", ctx);
}

void page_org_security(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageOrgSecurity_t *in = in_;
	security_show(r, 200, in->has_saved ? "The sign-in rules are saved." : NULL, NULL);
}

void page_org_security_save(req_t *r, const void *in_, const verr_t *errs)
{
	const OrgSecurityForm_t *f = &((const in_pageOrgSecuritySave_t *)in_)->body;
	svc_t s;
	page_svc(r, &s);
	SecuritySettings_t out;
	in_putSecuritySettings_t in = {.body = {.require_two_factor = f->has_require_two_factor && f->require_two_factor}};
	int st = svc_org_security_put(&s, &in, &out);
	if (st == SVC_CONFLICT) {
		security_show(r, 409, NULL, "Set up your own two-factor sign-in first (Settings, Security), then require it "
					    "of others.");
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, "/admin/security?saved=1");
}
