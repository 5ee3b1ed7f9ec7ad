/* Enrolling many people from a CSV file, as pages, for a program's
 * managers: the file's text goes into a form; "Check" runs the import as a
 * dry run (svc_participant_import, which takes every row through the rules
 * of one enrolment and rolls everything back) and shows what would happen
 * before anything is written: how many rows, people who already have an
 * account, new people, invitations, every row problem by line and column,
 * and the first rows as they would be enrolled. When the file is clean the
 * preview carries it on to "Import N rows", which imports it whole, in one
 * transaction, exactly as POST /programs/{id}/participants/import does; a
 * file that no longer fits by then (someone enrolled meanwhile) comes back
 * with its problems and nothing imported. No script needed. */
#include "web/page.h"
#include "web/page_types.h"
#include "svc/participant.h"
#include "svc/program.h"
#include "web/program_nav.h"

#include <string.h>

#define ERRORS_SHOWN 200

static const page_label_t labels[] = {{"csv", "The file", NULL}, {NULL, NULL, NULL}};

/* The program for a page of its managers, live; refuses (and answers)
 * otherwise. */
static bool load(req_t *r, svc_t *s, int64_t id, program_view_t *v)
{
	page_svc(r, s);
	int st = svc_program_view(s, id, v);
	if (!st && !v->can_manage)
		st = svc_fail(s, SVC_FORBIDDEN, "forbidden", "only this program's managers can enrol people");
	if (!st)
		st = svc_program_writable(s, v->program);
	if (st) {
		page_refuse(r, s, st);
		return false;
	}
	return true;
}

static json_t *base_ctx(req_t *r, const program_view_t *v, const char *title)
{
	const program_t *p = v->program;
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "%s · %s", title, p->name), "programs");
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)p->id, "name", page_str(p->name)));
	web_program_nav(ctx, p->id, true, v->can_ask, "participants");
	return ctx;
}

/* The form with the file's text (and its problem, if any). */
static void form(req_t *r, int status, const program_view_t *v, const char *csv, const verr_t *errs)
{
	json_t *ctx = base_ctx(r, v, "Import participants");
	json_t *f = page_field("csv", "The file", csv,
		"Open the file in a spreadsheet or text editor, copy everything and paste it here.", errs);
	json_object_set_new(f, "rows", json_integer(12));
	json_object_set_new(ctx, "f_csv", f);
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "import", ctx);
}

void page_import(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageImport_t *in = in_;
	svc_t s;
	program_view_t v;
	if (load(r, &s, in->id, &v))
		form(r, 200, &v, "", NULL);
}

static const char *column_label(const char *field)
{
	return !strcmp(field, "email") ? "email" : !strcmp(field, "role") ? "role"
	       : !strcmp(field, "capacity") ? "capacity" : !strcmp(field, "name") ? "name" : field;
}

static json_t *errors_json(req_t *r, const ImportRowError_t *e, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n && i < ERRORS_SHOWN; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:o}", "line", (json_int_t)e[i].line,
						     "column", column_label(e[i].field), "message", page_str(e[i].message)));
	return arr;
}

/* The preview: what the import would do (rep), or why it cannot (errs). */
static void preview(req_t *r, int status, const program_view_t *v, const char *csv, const ImportReport_t *rep,
		    const ImportRowError_t *errs, int nerr, const char *alert)
{
	json_t *ctx = base_ctx(r, v, "Check the import");
	json_t *rows = json_array();
	for (int i = 0; i < rep->preview.n; i++) {
		const ImportPreviewRow_t *p = &rep->preview.v[i];
		json_array_append_new(rows, json_pack("{s:I, s:o, s:o, s:s, s:I, s:s}", "line", (json_int_t)p->line,
			"name", page_str(p->name), "email", page_str(p->email),
			"role", strcmp(p->role, "mentor") ? "Mentee" : "Mentor", "capacity", (json_int_t)p->capacity,
			"account", strcmp(p->account, "new") ? "Has an account" : "New: an account is made"));
	}
	json_object_set_new(ctx, "report", json_pack("{s:I, s:I, s:I, s:I, s:I, s:b, s:b, s:b}",
		"rows", (json_int_t)rep->rows, "enrolled", (json_int_t)rep->enrolled,
		"existing", (json_int_t)rep->existing_users, "created", (json_int_t)rep->created_users,
		"invited", (json_int_t)rep->invited, "one_row", rep->rows == 1, "one", rep->enrolled == 1,
		"not_invited", rep->created_users > rep->invited));
	json_object_set_new(ctx, "preview", rows);
	json_object_set_new(ctx, "more_rows", json_boolean(rep->enrolled > rep->preview.n));
	json_object_set_new(ctx, "shown_rows", json_integer(rep->preview.n));
	json_object_set_new(ctx, "errors", errors_json(r, errs, nerr));
	json_object_set_new(ctx, "n_errors", json_integer(nerr));
	json_object_set_new(ctx, "one_error", json_boolean(nerr == 1));
	json_object_set_new(ctx, "more_errors", json_boolean(nerr > ERRORS_SHOWN));
	json_object_set_new(ctx, "clean", json_boolean(nerr == 0 && rep->enrolled > 0));
	json_object_set_new(ctx, "csv", page_str(csv));
	if (nerr) {
		json_t *f = page_field("csv", "The file, to correct", csv,
			"Correct the lines named above (the header is line 1), then check again.", NULL);
		json_object_set_new(f, "rows", json_integer(12));
		json_object_set_new(ctx, "f_csv", f);
	}
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	page_render(r, status, "import", ctx);
}

void page_import_post(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageImportCheck_t *in = in_;
	const ImportForm_t *f = &in->body;
	verr_t errs = *form_errs;
	svc_t s;
	program_view_t v;
	if (!load(r, &s, in->id, &v))
		return;
	const char *csv = f->has_csv ? f->csv : "";
	if (!errs.n && !*csv)
		verr_add(&errs, "csv", "paste the text of the CSV file");
	if (errs.n) {
		form(r, 422, &v, page_raw(r, "csv"), &errs);
		return;
	}
	bool check = !strcmp(f->step, "check");
	ImportReport_t rep = {0};
	page_svc(r, &s);
	int st = svc_participant_import(&s, in->id, check, csv, strlen(csv), &rep);
	if (st == SVC_OK && !check) {
		resp_redirect(r, arena_printf(r->arena, "/programs/%lld/participants?done=imported&count=%lld&new=%lld",
					      (long long)in->id, (long long)rep.enrolled, (long long)rep.created_users));
		return;
	}
	if (st == SVC_OK) {
		preview(r, 200, &v, csv, &rep, rep.errors.v, rep.errors.n, NULL);
		return;
	}
	if (st == SVC_BAD) { /* not CSV, or no header naming email and role */
		verr_add(&errs, "csv", s.err.message);
		form(r, 422, &v, csv, &errs);
		return;
	}
	if (st == SVC_INVALID && s.err.has_rows) {
		preview(r, 422, &v, csv, &rep, s.err.rows.v, s.err.rows.n,
			"Nothing was imported: the file no longer fits the program (see the problems below).");
		return;
	}
	page_refuse(r, &s, st);
}
