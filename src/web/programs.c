/* Programs as pages: the list of programs a person can see, one program's
 * detail (dates, kind, matching, cadence, managers, counts), and the form
 * with which managers and administrators create a program, all through the
 * program services (svc/program.c). A program's creator always manages it;
 * other managers are named by email. */
#include "web/page.h"
#include "web/page_types.h"
#include "svc/program.h"
#include "web/program_nav.h"

#include <string.h>

#define PROGRAMS_PAGE 50
#define MAX_MANAGERS 20

static json_t *program_json(const Program_t *p)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:s, s:I, s:I, s:I, s:I}",
			 "id", (json_int_t)p->id, "name", page_str(p->name),
			 "description", page_str(p->description), "kind", page_kind_label(p->kind),
			 "starts_on", page_str(p->starts_on), "ends_on", page_str(p->ends_on),
			 "matching", page_matching_label(p->matching), "cadence_days", (json_int_t)p->cadence_days,
			 "max_mentors_per_mentee", (json_int_t)p->max_mentors_per_mentee,
			 "mentors", (json_int_t)p->mentors, "mentees", (json_int_t)p->mentees);
}

void page_programs(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pagePrograms_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	in_listPrograms_t q = {.has_limit = true, .limit = PROGRAMS_PAGE, .has_cursor = in->has_after,
			       .cursor = in->has_after ? arena_printf(r->arena, "%lld", (long long)in->after) : NULL};
	ProgramList_t list = {0};
	int st = svc_program_list(&s, &q, &list);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Programs", "programs"), *arr = json_array();
	for (int i = 0; i < list.items.n; i++)
		json_array_append_new(arr, program_json(&list.items.v[i]));
	json_object_set_new(ctx, "programs", arr);
	json_object_set_new(ctx, "has_programs", json_boolean(list.items.n > 0));
	if (list.next)
		json_object_set_new(ctx, "next_url", page_str(arena_printf(r->arena, "/programs?after=%s", list.next)));
	page_render(r, 200, "programs", ctx);
}

void page_program(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageProgram_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	program_view_t v;
	int st = svc_program_view(&s, in->id, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	Program_t p;
	svc_program_out(v.program, &p);
	json_t *managers = json_array();
	for (int i = 0; i < v.n_managers; i++)
		json_array_append_new(managers, json_pack("{s:I, s:o, s:o}", "id", (json_int_t)v.managers[i].id,
							  "name", page_str(v.managers[i].name),
							  "email", page_str(v.managers[i].email)));
	json_t *ctx = page_ctx(r, p.name, "programs");
	json_object_set_new(ctx, "program", program_json(&p));
	json_object_set_new(ctx, "managers", managers);
	json_object_set_new(ctx, "can_manage", json_boolean(v.can_manage));
	/* Self-match: the program's mentees find their mentors themselves. */
	json_object_set_new(ctx, "can_ask", json_boolean(v.can_ask));
	web_program_nav(ctx, p.id, v.can_manage, v.can_ask, "overview");
	if (in->has_created)
		json_object_set_new(ctx, "notice", page_str("The program has been created."));
	page_render(r, 200, "program", ctx);
}

/* ---- creating a program ---- */

enum { P_NAME, P_DESCRIPTION, P_KIND, P_STARTS, P_ENDS, P_MATCHING, P_CADENCE, P_MAXM, P_MANAGERS, P_COUNT };

static const struct {
	const char *name, *label, *hint;
	size_t max;
} pfields[P_COUNT] = {
	[P_NAME] = {"name", "Name", NULL, 200},
	[P_DESCRIPTION] = {"description", "Description", "What the program is for and who it is for.", 5000},
	[P_KIND] = {"kind", "Kind", NULL, 20},
	[P_STARTS] = {"starts_on", "Starts on", "YYYY-MM-DD", 10},
	[P_ENDS] = {"ends_on", "Ends on", "YYYY-MM-DD", 10},
	[P_MATCHING] = {"matching", "Matching", NULL, 20},
	[P_CADENCE] = {"cadence_days", "Meet every (days)", "How often pairs are expected to meet.", 3},
	[P_MAXM] = {"max_mentors_per_mentee", "Mentors per mentee (at most)", NULL, 2},
	[P_MANAGERS] = {"managers", "Other managers", "Emails, separated by commas. You manage the program yourself.", 2000},
};

static void new_form(req_t *r, int status, const char **v, const verr_t *errs)
{
	json_t *ctx = page_ctx(r, "New program", "programs"), *f = json_object();
	page_label_t labels[P_COUNT + 1];
	for (int i = 0; i < P_COUNT; i++) {
		json_t *fl;
		labels[i] = (page_label_t){pfields[i].name, pfields[i].label, NULL};
		if (i == P_KIND || i == P_MATCHING)
			fl = page_select(pfields[i].name, pfields[i].label, i == P_KIND ? page_kinds :
					 page_matchings, v[i], pfields[i].hint, errs);
		else
			fl = page_field(pfields[i].name, pfields[i].label, v[i], pfields[i].hint, errs);
		if (i == P_STARTS || i == P_ENDS)
			json_object_set_new(fl, "type", json_string("date"));
		if (i == P_CADENCE || i == P_MAXM)
			json_object_set_new(fl, "inputmode", json_string("numeric"));
		if (i == P_DESCRIPTION)
			json_object_set_new(fl, "rows", json_integer(4));
		if (i == P_NAME || i == P_STARTS || i == P_ENDS)
			json_object_set_new(fl, "required", json_true());
		json_object_set_new(f, pfields[i].name, fl);
	}
	labels[P_COUNT] = (page_label_t){NULL, NULL, NULL};
	json_object_set_new(ctx, "f", f);
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "program_new", ctx);
}

static bool may_create(req_t *r)
{
	if (r->who.role >= ROLE_MANAGER)
		return true;
	web_error(r, 403, "Only program managers and administrators can create programs.");
	return false;
}

void page_program_new(req_t *r, const void *in, const verr_t *errs)
{
	const char *v[P_COUNT] = {"", "", "one_to_one", "", "", "optimal", "14", "2", ""};
	if (may_create(r))
		new_form(r, 200, v, NULL);
}

void page_program_create(req_t *r, const void *in_, const verr_t *form_errs)
{
	const ProgramForm_t *f = &((const in_pageProgramCreate_t *)in_)->body;
	if (!may_create(r))
		return;
	verr_t errs = *form_errs;
	svc_t s;
	page_svc(r, &s);
	/* The form names other managers by email; the service takes ids. */
	strlist_t emails = {0};
	i64list_t managers = {0};
	page_split_list(r->arena, f->has_managers ? f->managers : "", &emails);
	if (emails.n >= MAX_MANAGERS)
		verr_addf(&errs, r->arena, "managers", "at most %d other managers", MAX_MANAGERS - 1);
	else if (svc_program_managers_by_email(&s, &emails, "managers", &managers))
		verr_add(&errs, "form", "The managers could not be checked. Please try again.");
	page_add_errors(&errs, &s);
	int64_t id = 0;
	if (!errs.n) {
		in_createProgram_t c = {.body = {
			.name = f->name, .has_description = f->has_description, .description = f->description,
			.has_kind = f->has_kind, .kind = f->kind, .starts_on = f->starts_on, .ends_on = f->ends_on,
			.has_matching = f->has_matching, .matching = f->matching,
			.has_cadence_days = f->has_cadence_days, .cadence_days = f->cadence_days,
			.has_max_mentors_per_mentee = f->has_max_mentors_per_mentee,
			.max_mentors_per_mentee = f->max_mentors_per_mentee,
			.has_managers = managers.n > 0, .managers = managers}};
		Program_t created = {0};
		page_svc(r, &s);
		int st = svc_program_create(&s, &c, &created);
		if (st == SVC_INVALID)
			page_add_errors(&errs, &s);
		else if (st) {
			page_refuse(r, &s, st);
			return;
		}
		id = created.id;
	}
	if (errs.n) {
		const char *v[P_COUNT];
		for (int i = 0; i < P_COUNT; i++)
			v[i] = page_raw(r, pfields[i].name);
		new_form(r, 422, v, &errs);
		return;
	}
	resp_redirect(r, arena_printf(r->arena, "/programs/%lld?created=1", (long long)id));
}
