/* A program's participants as a page: the list with a mentor/mentee filter,
 * and for the program's managers a form that enrols a person by email with
 * a role and a capacity. Everything goes through the participant services
 * (svc/participant.c), so the page applies the API's enrolment rules and
 * shows contact details to the program's managers only, as the API does. */
#include "web/page.h"
#include "web/page_types.h"
#include "svc/participant.h"
#include "svc/program.h"
#include "web/program_nav.h"

#include <string.h>

#define PARTICIPANTS_PAGE 100

static const page_opt_t filter_opts[] = {
	{"", "Everyone"}, {"mentor", "Mentors"}, {"mentee", "Mentees"}, {NULL, NULL}};
static const page_opt_t role_opts[] = {{"mentee", "Mentee"}, {"mentor", "Mentor"}, {NULL, NULL}};
static const page_label_t labels[] = {
	{"email", "Email", NULL}, {"role", "Role", NULL}, {"capacity", "Capacity", NULL},
	{"form", "Enrolment", "f-email"}, {NULL, NULL, NULL}};

static json_t *participant_json(const Participant_t *p)
{
	bool mentor = strcmp(p->role, "mentor") == 0;
	return json_pack("{s:I, s:o, s:o, s:o, s:s, s:I, s:b}", "user_id", (json_int_t)p->user_id,
			 "name", page_str(p->name), "email", page_str(p->has_email ? p->email : ""),
			 "department", page_str(p->department), "role", mentor ? "Mentor" : "Mentee",
			 "capacity", (json_int_t)p->capacity, "mentor", mentor);
}

/* What the page shows: the program, the viewer's rights, the list's page. */
typedef struct view {
	program_view_t program;
	const char *role; /* the filter, NULL for everyone */
	ParticipantList_t list;
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
	return svc_participant_list(s, &q, &v->list);
}

static void show(req_t *r, int status, const view_t *v, const char **typed, const verr_t *errs,
		 bool added)
{
	const program_t *prog = v->program.program;
	bool manage = v->program.can_manage;
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
	web_program_nav(ctx, prog->id, manage, v->program.can_ask, "participants");
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
	if (added)
		json_object_set_new(ctx, "notice", page_str("The person has been enrolled."));
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
	show(r, 200, &v, typed, NULL, in->has_added);
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
	show(r, 422, &v, typed, &errs, false);
}
