/* People administration for administrators (pages/people.json): inviting a
 * person (the account and its invitation mail), and the actions of a
 * person's page: change the role, deactivate and reactivate, send the
 * invitation again (program managers too) or revoke it, mail a password
 * reset link, reset two-factor sign-in, sign out everywhere, revoke a
 * token. Each is the API's service (svc/user.c, svc/invite.c,
 * svc/password.c, svc/two_factor.c, svc/token.c), so each is written to the
 * audit log the same way; after it the person's page says what was done. */
#include "web/page.h"
#include "web/page_types.h"
#include "svc/invite.h"
#include "svc/user.h"
#include "svc/password.h"
#include "svc/two_factor.h"

#include <string.h>

static const page_opt_t roles[] = {
	{"member", "Member"}, {"manager", "Program manager"}, {"admin", "Administrator"}, {NULL, NULL}};
static const page_label_t invite_labels[] = {
	{"email", "Email", NULL}, {"name", "Name", NULL}, {"role", "Role", NULL}, {"form", "Invitation", "f-email"},
	{NULL, NULL, NULL}};

static void invite_show(req_t *r, int status, const verr_t *errs)
{
	json_t *ctx = page_ctx(r, "Invite someone", "people"), *f = json_object();
	json_t *email = page_field("email", "Email", page_raw(r, "email"), NULL, errs);
	json_object_set_new(email, "type", json_string("email"));
	json_object_set_new(email, "required", json_true());
	json_t *name = page_field("name", "Name", page_raw(r, "name"), NULL, errs);
	json_object_set_new(name, "required", json_true());
	json_object_set_new(f, "email", email);
	json_object_set_new(f, "name", name);
	const char *role = page_raw(r, "role");
	json_object_set_new(f, "role", page_select("role", "Role", roles, *role ? role : "member", NULL, errs));
	json_object_set_new(ctx, "f", f);
	page_error_summary(ctx, errs, invite_labels);
	page_render(r, status, "people_invite", ctx);
}

void page_people_invite(req_t *r, const void *in, const verr_t *errs)
{
	if (r->who.role != ROLE_ADMIN) {
		web_error(r, 403, "Only administrators can invite people. Program managers enrol people in their programs.");
		return;
	}
	invite_show(r, 200, NULL);
}

void page_people_invite_post(req_t *r, const void *in_, const verr_t *errs)
{
	const InviteForm_t *f = &((const in_pageInviteCreate_t *)in_)->body;
	if (errs->n) {
		invite_show(r, 422, errs);
		return;
	}
	svc_t s;
	page_svc(r, &s);
	in_createUser_t in = {.body = {.email = f->email, .name = f->name, .has_role = f->has_role, .role = f->role}};
	User_t made;
	int st = svc_user_create(&s, &in, &made);
	if (st == SVC_CONFLICT || st == SVC_INVALID) {
		verr_t e = {0};
		if (st == SVC_CONFLICT)
			verr_add(&e, "email", "belongs to someone already: find them in the list");
		else
			page_add_errors(&e, &s);
		invite_show(r, st, &e);
		return;
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, arena_printf(r->arena, "/people/%lld?done=created", (long long)made.id));
}

/* After an action: the person's page with what was done, or the refusal. */
static void after(req_t *r, const svc_t *s, int st, int64_t id, const char *done)
{
	if (st) {
		page_refuse(r, s, st);
		return;
	}
	resp_redirect(r, arena_printf(r->arena, "/people/%lld?done=%s", (long long)id, done));
}

void page_person_role(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonRole_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	User_t out;
	in_updateUser_t u = {.id = in->id, .body = {.has_role = true, .role = in->body.role}};
	int st = svc_user_update(&s, &u, &out);
	if (st == SVC_INVALID) /* yourself: the field's words as the page's */
		st = svc_fail(&s, SVC_CONFLICT, "conflict", "%s", s.fields.n ? s.fields.e[0].msg : "not possible");
	after(r, &s, st, in->id, "role");
}

void page_person_deactivate(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonDeactivate_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	User_t out;
	after(r, &s, svc_user_deactivate(&s, &(in_deactivateUser_t){.id = in->id}, &out), in->id, "deactivated");
}

void page_person_reactivate(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonReactivate_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	User_t out;
	in_updateUser_t u = {.id = in->id, .body = {.has_active = true, .active = true}};
	after(r, &s, svc_user_update(&s, &u, &out), in->id, "reactivated");
}

void page_person_invite(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonInvite_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	InvitationSent_t out;
	after(r, &s, svc_invite_send(&s, &(in_sendInvitation_t){.id = in->id}, &out), in->id, "invited");
}

void page_person_invite_revoke(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonInviteRevoke_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	InvitationRevoked_t out;
	after(r, &s, svc_invite_revoke(&s, &(in_revokeInvitation_t){.id = in->id}, &out), in->id, "revoked");
}

void page_person_two_factor_reset(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonTwoFactorReset_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	User_t out;
	after(r, &s, svc_two_factor_reset_id(&s, in->id, &out), in->id, "two_factor");
}

void page_person_sign_out(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonSignOut_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	SignedOut_t out;
	after(r, &s, svc_user_sign_out(&s, &(in_signOutUser_t){.id = in->id}, &out), in->id, "signed_out");
}

void page_person_reset_link(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonResetLink_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	svc_person_t v;
	int st = svc_user_person(&s, in->id, &v);
	if (!st)
		st = svc_password_reset_send(&s, v.user->email, NULL);
	after(r, &s, st, in->id, "reset_link");
}

void page_person_token_revoke(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePersonTokenRevoke_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	TokenRevoked_t out;
	after(r, &s, svc_token_revoke(&s, &(in_revokeToken_t){.id = in->token_id}, &out), in->id, "token");
}
