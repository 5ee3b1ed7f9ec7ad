/* A program's participants as a page: the list with a mentor/mentee filter,
 * and for the program's managers a form that enrols a person by email with
 * a role and a capacity, a link to the CSV import (web/import.c), a page
 * per participant to change their role or capacity or withdraw them, and
 * the latest withdrawals with their reasons. Everything goes through the
 * participant services (svc/participant.c), so the page applies the API's
 * enrolment rules and shows contact details to the program's managers
 * only, as the API does. An archived program's page shows no forms. */
#include "web/page.h"
#include "web/page_types.h"
#include "svc/participant.h"
#include "svc/program.h"
#include "web/program_nav.h"

#include <string.h>

#define PARTICIPANTS_PAGE 100
#define WITHDRAWALS_SHOWN 20

static const page_opt_t filter_opts[] = {
	{"", "Everyone"}, {"mentor", "Mentors"}, {"mentee", "Mentees"}, {NULL, NULL}};
static const page_opt_t role_opts[] = {{"mentee", "Mentee"}, {"mentor", "Mentor"}, {NULL, NULL}};
static const page_label_t labels[] = {
	{"email", "Email", NULL}, {"role", "Role", NULL}, {"capacity", "Capacity", NULL},
	{"form", "Enrolment", "f-email"}, {NULL, NULL, NULL}};

static json_t *participant_json(const Participant_t *p)
{
	bool mentor = strcmp(p->role, "mentor") == 0;
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:s, s:I, s:b}", "id", (json_int_t)p->id,
			 "user_id", (json_int_t)p->user_id,
			 "name", page_str(p->name), "email", page_str(p->has_email ? p->email : ""),
			 "department", page_str(p->department), "role", mentor ? "Mentor" : "Mentee",
			 "capacity", (json_int_t)p->capacity, "mentor", mentor);
}

/* What the page shows: the program, the viewer's rights, the list's page. */
typedef struct view {
	program_view_t program;
	const char *role; /* the filter, NULL for everyone */
	ParticipantList_t list;
	WithdrawalList_t withdrawals; /* the latest, for the program's managers */
} view_t;

static int load(svc_t *s, int64_t id, const char *role, int64_t after, view_t *v)
{
	int st = svc_program_view(s, id, &v->program);
	if (st)
		return st;
	v->role = role;
	in_listParticipants_t q = {.id = id, .has_role = role != NULL, .role = role, .has_limit = true,
				   .limit = PARTICIPANTS_PAGE, .has_cursor = after > 0,
				   .cursor = after > 0 ? arena_printf(s->arena, "%lld", (long long)after) : NULL};
	if ((st = svc_participant_list(s, &q, &v->list)))
		return st;
	v->withdrawals = (WithdrawalList_t){0};
	if (!v->program.can_manage)
		return SVC_OK;
	in_listWithdrawals_t w = {.id = id, .has_limit = true, .limit = WITHDRAWALS_SHOWN};
	return svc_participant_withdrawals(s, &w, &v->withdrawals);
}

static json_t *withdrawals_json(req_t *r, const WithdrawalList_t *l)
{
	json_t *arr = json_array();
	for (int i = 0; i < l->items.n; i++) {
		const Withdrawal_t *w = &l->items.v[i];
		int n = w->ended_relationships.n;
		json_array_append_new(arr, json_pack("{s:o, s:s, s:o, s:o, s:o}", "name", page_str(w->name),
			"role", strcmp(w->role, "mentor") ? "mentee" : "mentor", "when", page_str(web_day(r, w->withdrawn_at)),
			"reason", page_str(w->reason),
			"ended", page_str(n == 0 ? "no relationship ended" : n == 1 ? "1 relationship ended"
					 : arena_printf(r->arena, "%d relationships ended", n))));
	}
	return arr;
}

static const char *done_text(req_t *r, const in_pageParticipants_t *in)
{
	if (!in->has_done)
		return in->has_added ? "The person has been enrolled." : NULL;
	if (!strcmp(in->done, "changed"))
		return "The enrolment has been changed.";
	if (!strcmp(in->done, "withdrawn"))
		return "The person has been withdrawn from the program. Their open relationships have ended; "
		       "the pairs keep their history.";
	int64_t n = in->has_count ? in->count : 0, fresh = in->has_new ? in->new : 0;
	return arena_printf(r->arena, "%lld %s enrolled%s.", (long long)n, n == 1 ? "person was" : "people were",
			    fresh ? arena_printf(r->arena, ", %lld of them new to mentord", (long long)fresh) : "");
}

static void show(req_t *r, int status, const view_t *v, const char **typed, const verr_t *errs,
		 const char *notice)
{
	const program_t *prog = v->program.program;
	bool manage = v->program.can_manage && !prog->archived_at;
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Participants of %s", prog->name), "programs");
	json_t *arr = json_array();
	for (int i = 0; i < v->list.items.n; i++)
		json_array_append_new(arr, participant_json(&v->list.items.v[i]));
	json_object_set_new(ctx, "participants", arr);
	json_object_set_new(ctx, "has_participants", json_boolean(v->list.items.n > 0));
	json_object_set_new(ctx, "filter", page_select("role", "Show", filter_opts, v->role ? v->role : "",
						       NULL, NULL));
	if (v->list.next)
		json_object_set_new(ctx, "next_url", page_str(arena_printf(r->arena,
			"/programs/%lld/participants?%s%s%safter=%s", (long long)prog->id, v->role ? "role=" : "",
			v->role ? v->role : "", v->role ? "&" : "", v->list.next)));
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o, s:i, s:i}", "id", (json_int_t)prog->id,
		"name", page_str(prog->name), "mentors", prog->n_mentors, "mentees", prog->n_mentees));
	json_object_set_new(ctx, "can_manage", json_boolean(manage));
	json_object_set_new(ctx, "sees_contacts", json_boolean(v->program.can_manage));
	web_program_nav(ctx, prog->id, v->program.can_manage, v->program.can_ask, "participants");
	web_program_nav_archived(r, ctx, prog->archived_at);
	json_object_set_new(ctx, "withdrawals", withdrawals_json(r, &v->withdrawals));
	json_object_set_new(ctx, "has_withdrawals", json_boolean(v->withdrawals.items.n > 0));
	json_object_set_new(ctx, "is_manager", json_boolean(r->who.role >= ROLE_MANAGER));
	if (manage) {
		json_t *f = json_object(), *email = page_field("email", "Email", typed[0], NULL, errs);
		json_t *cap = page_field("capacity", "Capacity", typed[2],
			"Mentors: how many mentees (0-20, default 2). Mentees: how many mentors (default 1).", errs);
		json_object_set_new(email, "type", json_string("email"));
		json_object_set_new(email, "required", json_true());
		json_object_set_new(cap, "inputmode", json_string("numeric"));
		json_object_set_new(f, "email", email);
		json_object_set_new(f, "role", page_select("role", "Role", role_opts, typed[1], NULL, errs));
		json_object_set_new(f, "capacity", cap);
		json_object_set_new(ctx, "f", f);
	}
	if (notice)
		json_object_set_new(ctx, "notice", page_str(notice));
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "participants", ctx);
}

void page_participants(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageParticipants_t *in = in_;
	svc_t s;
	view_t v;
	page_svc(r, &s);
	int st = load(&s, in->id, in->has_role ? in->role : NULL, in->has_after ? in->after : 0, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	const char *typed[3] = {"", "mentee", ""};
	show(r, 200, &v, typed, NULL, done_text(r, in));
}

void page_participant_add(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageParticipantAdd_t *in = in_;
	const EnrolForm_t *f = &in->body;
	verr_t errs = *form_errs;
	svc_t s;
	Participant_t made;
	page_svc(r, &s);
	if (!errs.n) {
		int st = svc_participant_enrol_email(&s, in->id, f->email, f->role, f->has_capacity, f->capacity,
						     &made);
		if (st == SVC_INVALID)
			page_add_errors(&errs, &s);
		else if (st) {
			page_refuse(r, &s, st);
			return;
		}
	}
	if (!errs.n) {
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld/participants?added=1", (long long)in->id));
		return;
	}
	/* Show the form again with what was typed, over the first page. */
	view_t v;
	page_svc(r, &s);
	int st = load(&s, in->id, NULL, 0, &v);
	if (st || !v.program.can_manage) {
		page_refuse(r, &s, st ? st : svc_fail(&s, SVC_FORBIDDEN, "forbidden",
						       "only this program's managers can do that"));
		return;
	}
	const char *typed[3] = {page_raw(r, "email"), page_raw(r, "role"), page_raw(r, "capacity")};
	show(r, 422, &v, typed, &errs, NULL);
}

/* ---- one participant: change, withdraw ---- */

static const page_label_t one_labels[] = {
	{"role", "Role", NULL}, {"capacity", "Capacity", NULL}, {"reason", "Reason", NULL}, {NULL, NULL, NULL}};

/* The participant's page; typed holds what was typed into its forms (role,
 * capacity, reason), alert a refusal that belongs to no field. */
static void one_show(req_t *r, int status, const participant_view_t *v, const char **typed, const verr_t *errs,
		     const char *alert)
{
	const participant_t *p = v->participant;
	const program_t *prog = v->program.program;
	bool live = !prog->archived_at, mentor = !strcmp(p->role, "mentor");
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "%s · %s", p->name, prog->name), "programs");
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)prog->id, "name",
						      page_str(prog->name)));
	json_object_set_new(ctx, "person", json_pack("{s:I, s:I, s:o, s:o, s:o, s:s, s:i, s:o, s:s}",
		"id", (json_int_t)p->id, "user_id", (json_int_t)p->user_id, "name", page_str(p->name),
		"email", page_str(p->email), "department", page_str(p->department), "role", mentor ? "Mentor" : "Mentee",
		"capacity", p->capacity, "since", page_str(web_day(r, p->created_at)),
		"capacity_words", mentor ? "mentees at most" : "mentors at most"));
	json_t *open = json_array();
	for (int i = 0; i < v->n_open; i++)
		json_array_append_new(open, json_pack("{s:I, s:o}", "id", (json_int_t)v->open[i].id, "other",
						      page_str(v->open[i].other_name)));
	json_object_set_new(ctx, "open", open);
	json_object_set_new(ctx, "n_open", json_integer(v->n_open));
	json_object_set_new(ctx, "one_open", json_boolean(v->n_open == 1));
	json_object_set_new(ctx, "live", json_boolean(live));
	if (live) {
		json_t *f = json_object(), *cap = page_field("capacity", "Capacity", typed[1],
			"A mentor: how many mentees at most (0-20). A mentee: how many mentors at most.", errs);
		json_object_set_new(cap, "inputmode", json_string("numeric"));
		json_object_set_new(f, "role", page_select("role", "Role", role_opts, typed[0], NULL, errs));
		json_object_set_new(f, "capacity", cap);
		json_t *reason = page_field("reason", "Reason", typed[2],
			"Kept with the withdrawal and in the history of every relationship it ends, which the pair can read.",
			errs);
		json_object_set_new(reason, "rows", json_integer(3));
		json_object_set_new(reason, "required", json_true());
		json_object_set_new(f, "reason", reason);
		json_object_set_new(ctx, "f", f);
	}
	web_program_nav(ctx, prog->id, true, v->program.can_ask, "participants");
	web_program_nav_archived(r, ctx, prog->archived_at);
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	page_error_summary(ctx, errs, one_labels);
	page_render(r, status, "participant", ctx);
}

/* The participant of this program's page, for its managers; refuses (and
 * answers) otherwise. */
static bool one_load(req_t *r, svc_t *s, int64_t program_id, int64_t id, participant_view_t *v)
{
	page_svc(r, s);
	int st = svc_participant_view(s, id, v);
	if (!st && v->participant->program_id != program_id) /* another program's, under this address */
		st = svc_not_found(s, "participant", id);
	if (st) {
		page_refuse(r, s, st);
		return false;
	}
	return true;
}

void page_participant(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageParticipant_t *in = in_;
	svc_t s;
	participant_view_t v;
	if (!one_load(r, &s, in->id, in->participant, &v))
		return;
	const char *typed[3] = {v.participant->role, arena_printf(r->arena, "%d", v.participant->capacity), ""};
	one_show(r, 200, &v, typed, NULL, NULL);
}

/* After a refused change or withdrawal: the page again with the problem. */
static void one_again(req_t *r, int64_t program_id, int64_t id, svc_t *s, int st, verr_t *errs, bool withdraw)
{
	const char *alert = NULL;
	if (st == SVC_INVALID)
		page_add_errors(errs, s);
	else if (st == SVC_CONFLICT)
		alert = s->err.message;
	else if (st) {
		page_refuse(r, s, st);
		return;
	}
	svc_t s2;
	participant_view_t v;
	if (!one_load(r, &s2, program_id, id, &v))
		return;
	/* The form that was sent comes back as typed, the other as stored. */
	const char *typed[3] = {withdraw ? v.participant->role : page_raw(r, "role"),
				withdraw ? arena_printf(r->arena, "%d", v.participant->capacity) : page_raw(r, "capacity"),
				withdraw ? page_raw(r, "reason") : ""};
	one_show(r, alert ? 409 : 422, &v, typed, errs, alert);
}

void page_participant_save(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageParticipantSave_t *in = in_;
	verr_t errs = *form_errs;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_OK;
	if (!errs.n) {
		participant_view_t v;
		if (!one_load(r, &s, in->id, in->participant, &v))
			return;
		Participant_t out;
		page_svc(r, &s);
		st = svc_participant_update(&s, &(in_updateParticipant_t){.id = in->participant, .body = {
			.role = in->body.role, .has_role = true, .capacity = in->body.capacity, .has_capacity = true}}, &out);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/programs/%lld/participants?done=changed", (long long)in->id));
			return;
		}
	}
	one_again(r, in->id, in->participant, &s, st, &errs, false);
}

void page_participant_withdraw(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageParticipantWithdraw_t *in = in_;
	verr_t errs = *form_errs;
	svc_t s;
	page_svc(r, &s);
	int st = SVC_OK;
	if (!errs.n) {
		participant_view_t v;
		if (!one_load(r, &s, in->id, in->participant, &v))
			return;
		Withdrawal_t out;
		page_svc(r, &s);
		st = svc_participant_withdraw(&s, &(in_withdrawParticipant_t){.id = in->participant,
			.body = {.reason = in->body.reason}}, &out);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/programs/%lld/participants?done=withdrawn", (long long)in->id));
			return;
		}
	}
	one_again(r, in->id, in->participant, &s, st, &errs, true);
}
