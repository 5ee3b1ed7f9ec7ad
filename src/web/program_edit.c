/* Changing a program as pages, for its managers and administrators: the
 * edit form (the program's settings, its managers by email, and who may
 * enrol themselves: the roles, departments, locations and a career level
 * range per role), and archiving (a page that says what it does first)
 * and restoring. Everything goes through the program services
 * (svc/program.c), so the page refuses what PATCH /programs/{id},
 * /archive and /restore refuse; an archived program's form is not shown. */
#include "web/page.h"
#include "web/page_types.h"
#include "svc/program.h"
#include "web/program_nav.h"

#include <string.h>

#define MAX_MANAGERS 20

enum {
	E_NAME, E_DESCRIPTION, E_KIND, E_STARTS, E_ENDS, E_MATCHING, E_CADENCE, E_MAXM, E_MANAGERS,
	E_DEPTS, E_LOCS, E_MEE_MIN, E_MEE_MAX, E_MOR_MIN, E_MOR_MAX, E_COUNT
};

static const struct {
	const char *name, *label, *hint;
} efields[E_COUNT] = {
	[E_NAME] = {"name", "Name", NULL},
	[E_DESCRIPTION] = {"description", "Description", "What the program is for and who it is for."},
	[E_KIND] = {"kind", "Kind", NULL},
	[E_STARTS] = {"starts_on", "Starts on", "YYYY-MM-DD"},
	[E_ENDS] = {"ends_on", "Ends on", "YYYY-MM-DD"},
	[E_MATCHING] = {"matching", "Matching", NULL},
	[E_CADENCE] = {"cadence_days", "Meet every (days)", "How often pairs are expected to meet."},
	[E_MAXM] = {"max_mentors_per_mentee", "Mentors per mentee (at most)", NULL},
	[E_MANAGERS] = {"managers", "Managers", "Emails, separated by commas. At least one."},
	[E_DEPTS] = {"departments", "Only these departments", "Separated by commas; leave empty for every department."},
	[E_LOCS] = {"locations", "Only these locations", "Separated by commas; leave empty for every location."},
	[E_MEE_MIN] = {"mentee_seniority_min", "Mentees from career level", NULL},
	[E_MEE_MAX] = {"mentee_seniority_max", "Mentees up to career level", NULL},
	[E_MOR_MIN] = {"mentor_seniority_min", "Mentors from career level", NULL},
	[E_MOR_MAX] = {"mentor_seniority_max", "Mentors up to career level", NULL},
};

static const page_opt_t levels[] = {
	{"", "Any"}, {"1", "1 (entry)"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"}, {"6", "6"},
	{"7", "7"}, {"8", "8"}, {"9", "9"}, {"10", "10 (executive)"}, {NULL, NULL}};

/* The form as shown: each field's text and the two checkboxes. */
typedef struct eform {
	const char *v[E_COUNT];
	bool open_mentee, open_mentor;
} eform_t;

static const char *level_text(req_t *r, int level)
{
	return level ? arena_printf(r->arena, "%d", level) : "";
}

static void form_from_program(req_t *r, const program_view_t *v, eform_t *f)
{
	const program_t *p = v->program;
	strlist_t emails = {arena_alloc(r->arena, sizeof(char *) * (size_t)(v->n_managers + 1)), 0};
	for (int i = 0; i < v->n_managers; i++)
		emails.v[emails.n++] = v->managers[i].email;
	*f = (eform_t){.v = {
		[E_NAME] = p->name, [E_DESCRIPTION] = p->description, [E_KIND] = p->kind,
		[E_STARTS] = p->starts_on, [E_ENDS] = p->ends_on, [E_MATCHING] = p->matching,
		[E_CADENCE] = arena_printf(r->arena, "%d", p->cadence_days),
		[E_MAXM] = arena_printf(r->arena, "%d", p->max_mentors_per_mentee),
		[E_MANAGERS] = page_join_list(r->arena, &emails),
		[E_DEPTS] = page_join_list(r->arena, &p->eligible_departments),
		[E_LOCS] = page_join_list(r->arena, &p->eligible_locations),
		[E_MEE_MIN] = level_text(r, p->mentee_seniority_min), [E_MEE_MAX] = level_text(r, p->mentee_seniority_max),
		[E_MOR_MIN] = level_text(r, p->mentor_seniority_min), [E_MOR_MAX] = level_text(r, p->mentor_seniority_max)},
		.open_mentee = svc_program_open_to(p, "mentee"), .open_mentor = svc_program_open_to(p, "mentor")};
}

static void edit_form(req_t *r, int status, const program_t *p, const eform_t *v, const verr_t *errs)
{
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Change %s", p->name), "programs"), *f = json_object();
	page_label_t labels[E_COUNT + 1];
	for (int i = 0; i < E_COUNT; i++) {
		json_t *fl;
		labels[i] = (page_label_t){efields[i].name, efields[i].label, NULL};
		if (i == E_KIND || i == E_MATCHING)
			fl = page_select(efields[i].name, efields[i].label, i == E_KIND ? page_kinds : page_matchings,
					 v->v[i], efields[i].hint, errs);
		else if (i >= E_MEE_MIN)
			fl = page_select(efields[i].name, efields[i].label, levels, v->v[i], efields[i].hint, errs);
		else
			fl = page_field(efields[i].name, efields[i].label, v->v[i], efields[i].hint, errs);
		if (i == E_STARTS || i == E_ENDS)
			json_object_set_new(fl, "type", json_string("date"));
		if (i == E_CADENCE || i == E_MAXM)
			json_object_set_new(fl, "inputmode", json_string("numeric"));
		if (i == E_DESCRIPTION)
			json_object_set_new(fl, "rows", json_integer(4));
		if (i == E_NAME || i == E_STARTS || i == E_ENDS || i == E_MANAGERS)
			json_object_set_new(fl, "required", json_true());
		json_object_set_new(f, efields[i].name, fl);
	}
	labels[E_COUNT] = (page_label_t){NULL, NULL, NULL};
	json_object_set_new(ctx, "f", f);
	json_object_set_new(ctx, "open_mentee", json_boolean(v->open_mentee));
	json_object_set_new(ctx, "open_mentor", json_boolean(v->open_mentor));
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)p->id, "name", page_str(p->name)));
	web_program_nav(ctx, p->id, true, false, "overview");
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "program_edit", ctx);
}

/* The program for a page of its managers; refuses (and answers) otherwise.
 * archived_ok: the page may show an archived program. */
static bool load_managed(req_t *r, svc_t *s, int64_t id, bool archived_ok, program_view_t *v)
{
	int st = svc_program_view(s, id, v);
	if (st) {
		page_refuse(r, s, st);
		return false;
	}
	if (!v->can_manage) {
		web_error(r, 403, "Only this program's managers and administrators can change it.");
		return false;
	}
	if (!archived_ok && v->program->archived_at) {
		page_refuse(r, s, svc_program_writable(s, v->program));
		return false;
	}
	return true;
}

void page_program_edit(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageProgramEdit_t *in = in_;
	svc_t s;
	program_view_t v;
	page_svc(r, &s);
	if (!load_managed(r, &s, in->id, false, &v))
		return;
	eform_t f;
	form_from_program(r, &v, &f);
	edit_form(r, 200, v.program, &f, NULL);
}

static strlist_t split(req_t *r, bool has, const char *s)
{
	strlist_t l;
	page_split_list(r->arena, has ? s : "", &l);
	return l;
}

void page_program_save(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageProgramSave_t *in = in_;
	const ProgramEditForm_t *f = &in->body;
	verr_t errs = *form_errs;
	svc_t s;
	program_view_t v;
	page_svc(r, &s);
	if (!load_managed(r, &s, in->id, false, &v))
		return;
	/* The form names managers by email; the service takes ids. */
	strlist_t emails = split(r, f->managers != NULL, f->managers);
	i64list_t managers = {0};
	if (emails.n > MAX_MANAGERS)
		verr_addf(&errs, r->arena, "managers", "at most %d managers", MAX_MANAGERS);
	else if (!verr_has(&errs, "managers") && emails.n == 0)
		verr_add(&errs, "managers", "name at least one manager by email");
	else if (svc_program_managers_by_email(&s, &emails, "managers", &managers))
		verr_add(&errs, "form", "The managers could not be checked. Please try again.");
	page_add_errors(&errs, &s);
	if (!errs.n) {
		const char *open[2];
		int nopen = 0;
		if (f->has_open_mentee)
			open[nopen++] = "mentee";
		if (f->has_open_mentor)
			open[nopen++] = "mentor";
		in_updateProgram_t u = {.id = in->id, .body = {
			.has_name = true, .name = f->name, .has_description = true,
			.description = f->has_description ? f->description : "",
			.has_kind = f->has_kind, .kind = f->kind, .has_starts_on = true, .starts_on = f->starts_on,
			.has_ends_on = true, .ends_on = f->ends_on, .has_matching = f->has_matching, .matching = f->matching,
			.has_cadence_days = f->has_cadence_days, .cadence_days = f->cadence_days,
			.has_max_mentors_per_mentee = f->has_max_mentors_per_mentee,
			.max_mentors_per_mentee = f->max_mentors_per_mentee,
			.has_managers = true, .managers = managers, .has_enrolment = true, .enrolment = {
				.has_open_to = true, .open_to = {open, nopen},
				.has_departments = true, .departments = split(r, f->has_departments, f->departments),
				.has_locations = true, .locations = split(r, f->has_locations, f->locations),
				.has_mentee_seniority_min = true, .mentee_seniority_min = f->mentee_seniority_min,
				.mentee_seniority_min_null = !f->has_mentee_seniority_min,
				.has_mentee_seniority_max = true, .mentee_seniority_max = f->mentee_seniority_max,
				.mentee_seniority_max_null = !f->has_mentee_seniority_max,
				.has_mentor_seniority_min = true, .mentor_seniority_min = f->mentor_seniority_min,
				.mentor_seniority_min_null = !f->has_mentor_seniority_min,
				.has_mentor_seniority_max = true, .mentor_seniority_max = f->mentor_seniority_max,
				.mentor_seniority_max_null = !f->has_mentor_seniority_max}}};
		Program_t saved;
		page_svc(r, &s);
		int st = svc_program_update(&s, &u, &saved);
		if (st == SVC_INVALID) {
			page_add_errors(&errs, &s);
		} else if (st) {
			page_refuse(r, &s, st);
			return;
		}
	}
	if (errs.n) {
		/* The service names the rules' fields inside enrolment. */
		static const char *const nested[] = {"departments", "locations", "mentee_seniority_min",
			"mentee_seniority_max", "mentor_seniority_min", "mentor_seniority_max", NULL};
		for (int i = 0; nested[i]; i++)
			page_rename_error(&errs, arena_printf(r->arena, "enrolment.%s", nested[i]), nested[i]);
		eform_t typed = {.open_mentee = f->has_open_mentee, .open_mentor = f->has_open_mentor};
		for (int i = 0; i < E_COUNT; i++)
			typed.v[i] = page_raw(r, efields[i].name);
		edit_form(r, 422, v.program, &typed, &errs);
		return;
	}
	resp_redirect(r, arena_printf(r->arena, "/programs/%lld?done=saved", (long long)in->id));
}

/* ---- archiving and restoring ---- */

void page_program_archive_confirm(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageProgramArchiveConfirm_t *in = in_;
	svc_t s;
	program_view_t v;
	int64_t open = 0;
	page_svc(r, &s);
	if (!load_managed(r, &s, in->id, true, &v))
		return;
	int st = svc_program_open_relationships(&s, in->id, &open);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	const program_t *p = v.program;
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Archive %s", p->name), "programs");
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o, s:b, s:I, s:b, s:i, s:i}", "id", (json_int_t)p->id,
		"name", page_str(p->name), "archived", p->archived_at != 0, "open", (json_int_t)open,
		"one_open", open == 1, "mentors", p->n_mentors, "mentees", p->n_mentees));
	web_program_nav(ctx, p->id, true, false, "overview");
	page_render(r, 200, "program_archive", ctx);
}

static void set_archived(req_t *r, int64_t id, bool archive)
{
	svc_t s;
	Program_t out;
	page_svc(r, &s);
	int st = archive ? svc_program_archive(&s, &(in_archiveProgram_t){.id = id}, &out)
			 : svc_program_restore(&s, &(in_restoreProgram_t){.id = id}, &out);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, arena_printf(r->arena, "/programs/%lld?done=%s", (long long)id,
				      archive ? "archived" : "restored"));
}

void page_program_archive(req_t *r, const void *in_, const verr_t *errs)
{
	set_archived(r, ((const in_pageProgramArchive_t *)in_)->id, true);
}

void page_program_restore(req_t *r, const void *in_, const verr_t *errs)
{
	set_archived(r, ((const in_pageProgramRestore_t *)in_)->id, false);
}
