/* The "join a program" page (/enrol): every program open for
 * self-enrolment, and for each role whether the person may join and, when
 * not, why, in sentences about their own profile (svc/enrolment.c decides;
 * this page only says it). Joining is one button per role. Also the words
 * a program's own page uses for its rules (enrol.h). */
#include "web/enrol.h"
#include "web/page_types.h"
#include "svc/program.h"

#include <string.h>

#define ENROL_PAGE 20

/* "Engineering", "Engineering or Data", "Engineering, Data or Sales". */
static const char *either(req_t *r, const strlist_t *l)
{
	const char *out = "";
	for (int i = 0; i < l->n; i++)
		out = arena_printf(r->arena, "%s%s%s", out, i == 0 ? "" : i == l->n - 1 ? " or " : ", ", l->v[i]);
	return out;
}

static const char *levels(req_t *r, const char *who, int min, int max)
{
	if (min && max)
		return min == max ? arena_printf(r->arena, "%s at career level %d.", who, min)
				  : arena_printf(r->arena, "%s at career level %d to %d.", who, min, max);
	return min ? arena_printf(r->arena, "%s at career level %d or above.", who, min)
		   : arena_printf(r->arena, "%s at career level %d or below.", who, max);
}

json_t *web_enrolment_words(req_t *r, const program_t *p)
{
	bool mentee = svc_program_open_to(p, "mentee"), mentor = svc_program_open_to(p, "mentor");
	json_t *rules = json_array();
	const char *summary = mentee && mentor ? "Mentees and mentors can enrol themselves."
			      : mentee ? "Mentees can enrol themselves; the managers enrol the mentors."
			      : mentor ? "Mentors can enrol themselves; the managers enrol the mentees."
			      : "The program's managers enrol everyone.";
	if (mentee || mentor) {
		if (p->eligible_departments.n)
			json_array_append_new(rules, page_str(arena_printf(r->arena, "Only people in %s.",
									  either(r, &p->eligible_departments))));
		if (p->eligible_locations.n)
			json_array_append_new(rules, page_str(arena_printf(r->arena, "Only people at %s.",
									  either(r, &p->eligible_locations))));
		if (mentee && (p->mentee_seniority_min || p->mentee_seniority_max))
			json_array_append_new(rules, page_str(levels(r, "Mentees", p->mentee_seniority_min,
								     p->mentee_seniority_max)));
		if (mentor && (p->mentor_seniority_min || p->mentor_seniority_max))
			json_array_append_new(rules, page_str(levels(r, "Mentors", p->mentor_seniority_min,
								     p->mentor_seniority_max)));
	}
	return json_pack("{s:b, s:s, s:o, s:b}", "open", mentee || mentor, "summary", summary, "rules", rules,
			 "has_rules", json_array_size(rules) > 0);
}

static json_t *role_json(req_t *r, const OpenProgram_t *o, const EnrolOption_t *e)
{
	bool mentor = !strcmp(e->role, "mentor");
	json_t *reasons = json_array();
	for (int i = 0; i < e->reasons.n; i++)
		json_array_append_new(reasons, page_str(e->reasons.v[i]));
	return json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:I}", "role", e->role,
			 "as", mentor ? "a mentor" : "a mentee", "button", mentor ? "Join as a mentor" : "Join as a mentee",
			 "open", e->open, "enrolled", e->enrolled, "eligible", e->eligible, "reasons", reasons,
			 "program_id", (json_int_t)o->program.id);
}

static void show(req_t *r, int status, int64_t after, const char *alert)
{
	svc_t s;
	page_svc(r, &s);
	OpenProgramList_t list = {0};
	in_listOpenPrograms_t q = {.has_limit = true, .limit = ENROL_PAGE, .has_cursor = after > 0,
				   .cursor = after > 0 ? arena_printf(r->arena, "%lld", (long long)after) : NULL};
	int st = svc_enrolment_open_list(&s, &q, &list);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Join a program", "programs"), *items = json_array();
	for (int i = 0; i < list.items.n; i++) {
		const OpenProgram_t *o = &list.items.v[i];
		json_t *roles = json_array();
		bool member = false;
		for (int k = 0; k < o->roles.n; k++) {
			member |= o->roles.v[k].enrolled;
			if (o->roles.v[k].open || o->roles.v[k].enrolled)
				json_array_append_new(roles, role_json(r, o, &o->roles.v[k]));
		}
		json_array_append_new(items, json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:b, s:o}",
			"id", (json_int_t)o->program.id, "name", page_str(o->program.name),
			"description", page_str(o->program.description), "starts_on", page_str(o->program.starts_on),
			"ends_on", page_str(o->program.ends_on), "kind", page_kind_label(o->program.kind),
			"matching", page_matching_label(o->program.matching), "member", member, "roles", roles));
	}
	json_object_set_new(ctx, "programs", items);
	json_object_set_new(ctx, "has_programs", json_boolean(list.items.n > 0));
	if (list.next)
		json_object_set_new(ctx, "next_url", page_str(arena_printf(r->arena, "/enrol?after=%s", list.next)));
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	page_render(r, status, "enrol", ctx);
}

void page_enrol(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageEnrol_t *in = in_;
	show(r, 200, in->has_after ? in->after : 0, NULL);
}

void page_enrol_me(req_t *r, const void *in_, const verr_t *errs)
{
	const EnrolMeForm_t *f = &((const in_pageEnrolMe_t *)in_)->body;
	if (errs->n) {
		show(r, 422, 0, "Choose a program and a role with the buttons below.");
		return;
	}
	svc_t s;
	Participant_t made;
	page_svc(r, &s);
	int st = svc_enrolment_enrol(&s, &(in_enrolMe_t){.id = f->program_id, .body = {.role = f->role}}, &made);
	if (st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld?done=enrolled", (long long)f->program_id));
		return;
	}
	if (st == SVC_NOT_FOUND || st == SVC_ERROR || st == SVC_BUSY) {
		page_refuse(r, &s, st);
		return;
	}
	/* Not eligible, already in, archived or ended: say so above the list. */
	const char *why = s.fields.n ? s.fields.e[0].msg : s.err.message;
	show(r, st, 0, arena_printf(r->arena, "You could not join: %s", why ? why : "please try again."));
}
