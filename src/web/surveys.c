/* Program surveys as pages, usable without JavaScript. For a program's
 * managers: the list of its surveys with the form to define one
 * (/programs/{id}/surveys), and one survey (/surveys/{id}) with its
 * definition to edit, the buttons to open, close or archive it, and its
 * results. The questions are written one per line in a small syntax
 * (questions_parse), so the form needs no script to add rows; a problem
 * names its line. For a member: the survey sent to them
 * (/survey-responses/{id}, linked from the inbox and the mail) with one
 * field per question, or the answers given. Every rule is
 * svc/survey.c's. */
#include "web/page.h"
#include "web/page_types.h"
#include "web/program_nav.h"
#include "svc/program.h"
#include "core/buf.h"
#include "core/timeutil.h"

#include <stdlib.h>
#include <string.h>

static const page_opt_t kind_opts[] = {
	{"pulse", "Pulse: your questions only"},
	{"nps", "NPS: \"How likely are you to recommend...\" (0-10) first, then your questions"}, {NULL, NULL}};
static const page_opt_t audience_opts[] = {
	{"both", "Mentors and mentees"}, {"mentors", "Mentors"}, {"mentees", "Mentees"}, {NULL, NULL}};

static const char *const done_text[] = {
	"created", "The survey has been created as a draft. Open it to start sending it.",
	"saved", "The survey has been saved.",
	"open", "The survey is open: each member gets it when a round falls due.",
	"closed", "The survey is closed: nothing more is sent or answered.",
	"archived", "The survey has been archived.",
	"answered", "Thank you: your answers have been saved.", NULL};

static void notice(req_t *r, json_t *ctx, bool has, const char *done)
{
	for (int i = 0; has && done_text[i]; i += 2)
		if (!strcmp(done_text[i], done))
			json_object_set_new(ctx, "notice", page_str(done_text[i + 1]));
}

static const char *day_of(req_t *r, int64_t t)
{
	char s[32];
	time_format(t, s, sizeof(s));
	return arena_strndup(r->arena, s, 10);
}

static const char *label_of(const page_opt_t *opts, const char *value)
{
	for (const page_opt_t *o = opts; o->value; o++)
		if (!strcmp(o->value, value))
			return o->label;
	return value;
}

static const char *schedule_text(req_t *r, const Survey_t *sv)
{
	const char *first = arena_printf(r->arena, "%lld days after the match", (long long)sv->first_after_days);
	return sv->every_days_null ? arena_printf(r->arena, "Once, %s", first)
		: arena_printf(r->arena, "%s, then every %lld days until the relationship ends", first,
			       (long long)sv->every_days);
}

static const char *status_label(const char *status)
{
	return !strcmp(status, "draft") ? "Draft" : !strcmp(status, "open") ? "Open"
		: !strcmp(status, "closed") ? "Closed" : "Archived";
}

/* ---- the questions as text ---- */

/* The questions of a survey written back in the form's syntax (the NPS
 * question is implied by the kind and not listed). */
static const char *questions_text(req_t *r, const Survey_t *sv)
{
	buf_t b = BUF_INIT;
	for (int i = 0; i < sv->questions.n; i++) {
		const SurveyQuestion_t *q = &sv->questions.v[i];
		if (!strcmp(q->kind, "nps"))
			continue;
		buf_printf(&b, "%s%s: %s", q->kind, q->required ? "*" : "", q->prompt);
		for (int k = 0; k < q->options.n; k++)
			buf_printf(&b, " | %s", q->options.v[k]);
		buf_putc(&b, '\n');
	}
	const char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Parses "kind[*]: prompt | option | option" lines into qs; a problem is
 * recorded under "questions" naming its line. Blank lines are skipped. */
static void questions_parse(req_t *r, const char *text, SurveyQuestionInput_list_t *qs, verr_t *errs)
{
	char *copy = arena_strdup(r->arena, text ? text : "");
	int lines = 1;
	for (const char *p = copy; *p; p++)
		lines += *p == '\n';
	qs->v = arena_alloc(r->arena, sizeof(SurveyQuestionInput_t) * (size_t)(lines + 1));
	qs->n = 0;
	int line = 0;
	for (char *save = NULL, *l = copy; l; l = save) {
		save = strchr(l, '\n');
		if (save)
			*save++ = '\0';
		line++;
		l = trim(l);
		if (!*l)
			continue;
		char *colon = strchr(l, ':');
		if (!colon) {
			verr_add(errs, "questions", arena_printf(r->arena, "line %d: start with rating, choice or text and a colon, "
								     "such as \"rating: How useful are your meetings?\"", line));
			return;
		}
		*colon = '\0';
		char *kind = trim(l), *rest = colon + 1;
		bool required = false;
		size_t kn = strlen(kind);
		if (kn && kind[kn - 1] == '*') {
			required = true;
			kind[kn - 1] = '\0';
			kind = trim(kind);
		}
		if (strcmp(kind, "rating") && strcmp(kind, "choice") && strcmp(kind, "text")) {
			verr_add(errs, "questions", arena_printf(r->arena, "line %d: \"%s\" is not a kind of question: "
								     "use rating, choice or text", line, kind));
			return;
		}
		SurveyQuestionInput_t *q = &qs->v[qs->n];
		*q = (SurveyQuestionInput_t){.kind = kind, .required = required, .has_required = true};
		char *bar = strchr(rest, '|');
		if (bar)
			*bar++ = '\0';
		q->prompt = trim(rest);
		if (!*q->prompt || strlen(q->prompt) > 300) {
			verr_add(errs, "questions", arena_printf(r->arena, "line %d: write the question (at most 300 characters) "
								     "after the colon", line));
			return;
		}
		int nopt = 0;
		for (const char *p = bar; p && *p; p++)
			nopt += *p == '|';
		q->options.v = arena_alloc(r->arena, sizeof(char *) * (size_t)(nopt + 2));
		while (bar) {
			char *next = strchr(bar, '|');
			if (next)
				*next++ = '\0';
			char *o = trim(bar);
			if (*o) {
				if (strlen(o) > 100 || q->options.n >= 12) {
					verr_add(errs, "questions", arena_printf(r->arena, "line %d: at most 12 options of at "
										     "most 100 characters", line));
					return;
				}
				q->options.v[q->options.n++] = o;
			}
			bar = next;
		}
		q->has_options = q->options.n > 0;
		if (qs->n >= 30) {
			verr_add(errs, "questions", arena_printf(r->arena, "line %d: at most 30 questions", line));
			return;
		}
		qs->n++;
	}
}

/* ---- the list and the form to define one ---- */

static json_t *form_json(req_t *r, const char *title, const char *kind, const char *audience, const char *first,
			 const char *every, const char *questions, bool with_kind, const verr_t *errs)
{
	json_t *f = json_object();
	json_t *t = page_field("title", "Title", title, NULL, errs);
	json_object_set_new(t, "required", json_true());
	json_object_set_new(t, "maxlength", json_integer(200));
	json_object_set_new(f, "title", t);
	if (with_kind)
		json_object_set_new(f, "kind", page_select("kind", "Kind", kind_opts, kind, NULL, errs));
	json_object_set_new(f, "audience", page_select("audience", "Sent to", audience_opts, audience, NULL, errs));
	json_t *a = page_field("first_after_days", "First sent, days after the match", first,
			       "Each relationship gets the first round this many days after it was matched.", errs);
	json_object_set_new(a, "inputmode", json_string("numeric"));
	json_object_set_new(f, "first", a);
	json_t *e = page_field("every_days", "Then every (days)", every,
			       "Leave empty to send it once. Rounds stop when the relationship starts closing.", errs);
	json_object_set_new(e, "inputmode", json_string("numeric"));
	json_object_set_new(f, "every", e);
	json_t *q = page_field("questions", "Questions", questions,
			       "One per line: rating (1 to 5), choice or text, a * if it must be answered, a colon, "
			       "the question. A choice question lists its options after it, each after a |. "
			       "For example: \"rating*: How useful are your meetings?\" or "
			       "\"choice: What helps most? | Meetings | Messages | Goals\".", errs);
	json_object_set_new(q, "rows", json_integer(8));
	json_object_set_new(f, "questions", q);
	return f;
}

static const page_label_t form_labels[] = {
	{"title", "Title", NULL}, {"kind", "Kind", NULL}, {"audience", "Sent to", NULL},
	{"first_after_days", "First sent", NULL}, {"every_days", "Then every", NULL},
	{"questions", "Questions", NULL}, {"status", "Status", NULL}, {NULL, NULL, NULL}};

static json_t *survey_row(req_t *r, const Survey_t *sv)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:o, s:I, s:I}", "id", (json_int_t)sv->id, "title", page_str(sv->title),
			 "kind", page_str(!strcmp(sv->kind, "nps") ? "NPS" : "Pulse"), "status", status_label(sv->status),
			 "schedule", page_str(schedule_text(r, sv)), "sent", (json_int_t)sv->sent,
			 "answered", (json_int_t)sv->answered);
}

static void show_list(req_t *r, int64_t program_id, int status, const SurveyForm_t *typed, const verr_t *errs)
{
	svc_t s;
	page_svc(r, &s);
	program_view_t v;
	SurveyList_t l = {0};
	int st = svc_program_view(&s, program_id, &v);
	if (!st)
		st = svc_survey_list(&s, &(in_listSurveys_t){.id = program_id}, &l);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Surveys of %s", v.program->name), "programs");
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)program_id,
						       "name", page_str(v.program->name)));
	web_program_nav(ctx, program_id, true, v.can_ask, "surveys");
	json_t *rows = json_array();
	for (int i = 0; i < l.items.n; i++)
		json_array_append_new(rows, survey_row(r, &l.items.v[i]));
	json_object_set_new(ctx, "surveys", rows);
	json_object_set_new(ctx, "has_surveys", json_boolean(l.items.n > 0));
	bool back = typed != NULL;
	json_object_set_new(ctx, "form", form_json(r, back ? page_raw(r, "title") : "",
		back ? page_raw(r, "kind") : "pulse", back ? page_raw(r, "audience") : "both",
		back ? page_raw(r, "first_after_days") : "30", back ? page_raw(r, "every_days") : "",
		back ? page_raw(r, "questions") : "rating*: How useful are your meetings?\ntext: What would help you most?\n",
		true, errs));
	if (errs && errs->n)
		page_error_summary(ctx, errs, form_labels);
	page_render(r, status, "surveys", ctx);
}

void page_surveys(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSurveys_t *in = in_;
	(void)errs;
	show_list(r, in->id, 200, NULL, NULL);
}

/* The form's days as numbers; the patterns have checked the digits. */
static bool days_of(req_t *r, const SurveyForm_t *b, int64_t *first, int64_t *every, verr_t *errs)
{
	*first = b->first_after_days ? strtoll(b->first_after_days, NULL, 10) : 0;
	*every = b->has_every_days && b->every_days && *b->every_days ? strtoll(b->every_days, NULL, 10) : 0;
	if (*first > 3650)
		verr_add(errs, "first_after_days", "at most 3650 days");
	if (*every > 3650)
		verr_add(errs, "every_days", "at most 3650 days");
	(void)r;
	return !errs->n;
}

/* A form's outcome once its service has answered st: on success the
 * redirect to `to` (true: the page is answered); a conflict the form can
 * show (conflict_field set) goes next to that field with status 409; any
 * other refusal is a refusal page (true); else the service's problems
 * join errs to show the form again (false). */
static bool form_outcome(req_t *r, const svc_t *s, int st, const char *to, const char *conflict_field,
			 verr_t *errs, int *status)
{
	if (st == SVC_OK) {
		resp_redirect(r, to);
		return true;
	}
	if (st == SVC_CONFLICT && conflict_field) {
		verr_add(errs, conflict_field, s->err.message);
		*status = 409;
		return false;
	}
	if (st != SVC_INVALID) {
		page_refuse(r, s, st);
		return true;
	}
	page_add_errors(errs, s);
	return false;
}

void page_survey_create(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageSurveyCreate_t *in = in_;
	const SurveyForm_t *b = &in->body;
	verr_t errs = *form_errs;
	int status = 422;
	SurveyCreate_t c = {0};
	int64_t first = 0, every = 0;
	if (!errs.n && days_of(r, b, &first, &every, &errs))
		questions_parse(r, b->has_questions ? b->questions : "", &c.questions, &errs);
	if (!errs.n) {
		svc_t s;
		Survey_t out;
		page_svc(r, &s);
		c.title = b->title;
		c.kind = b->has_kind ? b->kind : "pulse";
		c.audience = b->audience;
		c.first_after_days = first;
		c.every_days = every;
		c.has_every_days = every > 0;
		int st = svc_survey_create(&s, &(in_createSurvey_t){.id = in->id, .body = c}, &out);
		const char *to = st ? NULL : arena_printf(r->arena, "/surveys/%lld?done=created", (long long)out.id);
		if (form_outcome(r, &s, st, to, NULL, &errs, &status))
			return;
	}
	show_list(r, in->id, status, b, &errs);
}

/* ---- one survey: definition, status, results ---- */

/* Whether two texts are the same but for whitespace at their ends. */
static bool same_text(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	while (na && strchr(" \t\r\n", a[na - 1]))
		na--;
	while (nb && strchr(" \t\r\n", b[nb - 1]))
		nb--;
	return na == nb && !strncmp(a, b, na);
}

static json_t *results_json(req_t *r, const SurveyResults_t *res)
{
	json_t *qs = json_array();
	for (int i = 0; i < res->questions.n; i++) {
		const SurveyQuestionResult_t *q = &res->questions.v[i];
		json_t *choices = json_array(), *texts = json_array();
		for (int k = 0; k < q->choices.n; k++)
			json_array_append_new(choices, json_pack("{s:o, s:I}", "option", page_str(q->choices.v[k].option),
								 "count", (json_int_t)q->choices.v[k].count));
		for (int k = 0; k < q->texts.n; k++)
			json_array_append_new(texts, json_pack("{s:o, s:s, s:o}", "text", page_str(q->texts.v[k].text),
				"role", !strcmp(q->texts.v[k].role, "mentor") ? "A mentor" : "A mentee",
				"day", page_str(day_of(r, q->texts.v[k].answered_at))));
		json_array_append_new(qs, json_pack("{s:I, s:o, s:I, s:o, s:o, s:b, s:o, s:b}", "position",
			(json_int_t)q->position, "prompt", page_str(q->prompt), "answers", (json_int_t)q->answers,
			"average", q->average_null ? json_null() : page_str(arena_printf(r->arena, "%.1f", q->average)),
			"choices", choices, "has_choices", q->choices.n > 0, "texts", texts, "has_texts", q->texts.n > 0));
	}
	const SurveyNps_t *n = &res->nps;
	return json_pack("{s:I, s:I, s:o, s:o, s:o}", "sent", (json_int_t)res->sent, "answered", (json_int_t)res->answered,
		"rate", res->response_rate_null ? json_null() : page_str(arena_printf(r->arena, "%.1f%%", res->response_rate)),
		"nps", n->score_null ? json_null() : json_pack("{s:I, s:I, s:I, s:I, s:I}", "score", (json_int_t)n->score,
			"promoters", (json_int_t)n->promoters, "passives", (json_int_t)n->passives,
			"detractors", (json_int_t)n->detractors, "answers", (json_int_t)n->answers),
		"questions", qs);
}

static void show_survey(req_t *r, int64_t id, int status, bool typed, const verr_t *errs, bool has_done,
			const char *done)
{
	svc_t s;
	page_svc(r, &s);
	SurveyResults_t res;
	int st = svc_survey_results(&s, &(in_getSurveyResults_t){.id = id}, &res);
	program_view_t v;
	if (!st)
		st = svc_program_view(&s, res.survey.program_id, &v);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	const Survey_t *sv = &res.survey;
	json_t *ctx = page_ctx(r, sv->title, "programs");
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)sv->program_id,
						       "name", page_str(v.program->name)));
	web_program_nav(ctx, sv->program_id, true, v.can_ask, "surveys");
	const char *every = sv->every_days_null ? "" : arena_printf(r->arena, "%lld", (long long)sv->every_days);
	json_object_set_new(ctx, "survey", json_pack("{s:I, s:o, s:s, s:o, s:s, s:o, s:b, s:b, s:b, s:b, s:b}",
		"id", (json_int_t)sv->id, "title", page_str(sv->title), "kind", !strcmp(sv->kind, "nps") ? "NPS" : "Pulse",
		"audience", page_str(label_of(audience_opts, sv->audience)), "status", status_label(sv->status),
		"schedule", page_str(schedule_text(r, sv)), "can_open", !strcmp(sv->status, "draft") || !strcmp(sv->status, "closed"),
		"can_close", !strcmp(sv->status, "open"), "can_archive", strcmp(sv->status, "archived") != 0,
		"editable", strcmp(sv->status, "archived") != 0, "locked", sv->answered > 0));
	json_object_set_new(ctx, "form", form_json(r, typed ? page_raw(r, "title") : sv->title, sv->kind,
		typed ? page_raw(r, "audience") : sv->audience,
		typed ? page_raw(r, "first_after_days") : arena_printf(r->arena, "%lld", (long long)sv->first_after_days),
		typed ? page_raw(r, "every_days") : every, typed ? page_raw(r, "questions") : questions_text(r, sv),
		false, errs));
	json_object_set_new(ctx, "results", results_json(r, &res));
	notice(r, ctx, has_done, done);
	if (errs && errs->n)
		page_error_summary(ctx, errs, form_labels);
	page_render(r, status, "survey", ctx);
}

void page_survey(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSurvey_t *in = in_;
	(void)errs;
	show_survey(r, in->id, 200, false, NULL, in->has_done, in->done);
}

void page_survey_edit(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageSurveyEdit_t *in = in_;
	const SurveyForm_t *b = &in->body;
	verr_t errs = *form_errs;
	int status = 422;
	SurveyUpdate_t u = {0};
	int64_t first = 0, every = 0;
	svc_t s;
	page_svc(r, &s);
	Survey_t cur;
	int st = svc_survey_get(&s, &(in_getSurvey_t){.id = in->id}, &cur);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	if (!errs.n && days_of(r, b, &first, &every, &errs))
		questions_parse(r, b->has_questions ? b->questions : "", &u.questions, &errs);
	if (!errs.n) {
		Survey_t out;
		u.title = b->title;
		u.audience = b->audience;
		u.first_after_days = first;
		u.every_days = every;
		u.has_every_days = every > 0;
		/* The questions are sent only when they changed, so a survey
		 * with answers can still be renamed or rescheduled. */
		u.has_questions = !same_text(questions_text(r, &cur), page_raw(r, "questions"));
		st = svc_survey_update(&s, &(in_updateSurvey_t){.id = in->id, .body = u}, &out);
		if (form_outcome(r, &s, st, arena_printf(r->arena, "/surveys/%lld?done=saved", (long long)in->id),
				 "questions", &errs, &status))
			return;
	}
	show_survey(r, in->id, status, true, &errs, false, NULL);
}

void page_survey_status(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSurveyStatus_t *in = in_;
	(void)errs;
	svc_t s;
	Survey_t out;
	page_svc(r, &s);
	int st = svc_survey_status(&s, &(in_setSurveyStatus_t){.id = in->id, .body = in->body}, &out);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, arena_printf(r->arena, "/surveys/%lld?done=%s", (long long)in->id, in->body.status));
}

/* ---- a member's survey ---- */

static const page_opt_t rating_opts[] = {
	{"", "No answer"}, {"1", "1 – poor"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5 – excellent"}, {NULL, NULL}};

/* The field of question q, holding value. */
static json_t *answer_field(req_t *r, const SurveyQuestion_t *q, int i, const char *value)
{
	const char *label = arena_printf(r->arena, "%d. %s%s", (int)q->position, q->prompt,
					 q->required ? " (required)" : "");
	json_t *f;
	if (!strcmp(q->kind, "text")) {
		f = page_field("answer", label, value, NULL, NULL);
		json_object_set_new(f, "rows", json_integer(4));
		json_object_set_new(f, "maxlength", json_integer(5000));
		json_object_set_new(f, "is_text", json_true());
	} else {
		page_opt_t *opts;
		if (!strcmp(q->kind, "rating")) {
			opts = (page_opt_t *)rating_opts;
		} else if (!strcmp(q->kind, "nps")) {
			opts = arena_alloc(r->arena, sizeof(page_opt_t) * 13);
			opts[0] = (page_opt_t){"", "No answer"};
			for (int k = 0; k <= 10; k++)
				opts[k + 1] = (page_opt_t){arena_printf(r->arena, "%d", k),
					k == 0 ? "0 – not at all likely" : k == 10 ? "10 – extremely likely"
						: arena_printf(r->arena, "%d", k)};
			opts[12] = (page_opt_t){NULL, NULL};
		} else {
			opts = arena_alloc(r->arena, sizeof(page_opt_t) * (size_t)(q->options.n + 2));
			opts[0] = (page_opt_t){"", "No answer"};
			for (int k = 0; k < q->options.n; k++)
				opts[k + 1] = (page_opt_t){q->options.v[k], q->options.v[k]};
			opts[q->options.n + 1] = (page_opt_t){NULL, NULL};
		}
		f = page_select("answer", label, opts, value, NULL, NULL);
	}
	json_object_set_new(f, "id", json_string(arena_printf(r->arena, "f-answer-%d", i)));
	return f;
}

static void show_response(req_t *r, int64_t id, int status, const strlist_t *typed, const verr_t *errs,
			  bool has_done, const char *done)
{
	svc_t s;
	page_svc(r, &s);
	SurveyResponse_t x;
	int st = svc_survey_response_get(&s, &(in_getSurveyResponse_t){.id = id}, &x);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, x.title, "inbox");
	json_t *qs = json_array(), *given = json_array();
	for (int i = 0; i < x.questions.n; i++) {
		const SurveyQuestion_t *q = &x.questions.v[i];
		const char *value = typed && i < typed->n ? typed->v[i] : "";
		json_array_append_new(qs, json_pack("{s:I, s:o}", "id", (json_int_t)q->id,
						    "field", answer_field(r, q, i, value)));
		const char *ans = NULL;
		for (int k = 0; k < x.answers.n; k++) {
			const SurveyAnswer_t *a = &x.answers.v[k];
			if (a->question_id != q->id)
				continue;
			ans = !a->rating_null ? arena_printf(r->arena, "%lld", (long long)a->rating)
				: !a->choice_null ? a->choice : a->text;
		}
		json_array_append_new(given, json_pack("{s:o, s:o}", "prompt", page_str(q->prompt),
						       "answer", page_str(ans ? ans : "No answer")));
	}
	json_object_set_new(ctx, "response", json_pack("{s:I, s:o, s:o, s:I, s:o, s:b, s:b, s:b, s:o}",
		"id", (json_int_t)x.id, "title", page_str(x.title), "other", page_str(x.other), "round", (json_int_t)x.round,
		"sent", page_str(day_of(r, x.sent_at)), "can_answer", x.can_answer, "answered", !x.answered_at_null,
		"closed", strcmp(x.survey_status, "open") != 0,
		"answered_on", x.answered_at_null ? json_null() : page_str(day_of(r, x.answered_at))));
	json_object_set_new(ctx, "questions", qs);
	json_object_set_new(ctx, "given", given);
	notice(r, ctx, has_done, done);
	if (errs && errs->n) {
		page_label_t labels[] = {{"answers", "Answers", "f-answer-0"}, {"answer", "Answers", "f-answer-0"},
					 {"question", "Answers", "f-answer-0"}, {NULL, NULL, NULL}};
		page_error_summary(ctx, errs, labels);
	}
	page_render(r, status, "survey_response", ctx);
}

void page_survey_response(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSurveyResponse_t *in = in_;
	(void)errs;
	show_response(r, in->id, 200, NULL, NULL, in->has_done, in->done);
}

/* The form's rows as the API's answers; an empty row is left out, and a
 * number answers an NPS or rating question. */
static int answers_of(req_t *r, const SurveyAnswerForm_t *b, const SurveyResponse_t *x, SurveyAnswersPut_t *put)
{
	int n = b->question.n < b->answer.n ? b->question.n : b->answer.n;
	put->answers.v = arena_alloc(r->arena, sizeof(SurveyAnswerInput_t) * (size_t)(n + 1));
	put->answers.n = 0;
	for (int i = 0; i < n; i++) {
		const char *v = b->answer.v[i];
		if (!v[0])
			continue;
		int64_t qid = strtoll(b->question.v[i], NULL, 10);
		SurveyAnswerInput_t *a = &put->answers.v[put->answers.n++];
		*a = (SurveyAnswerInput_t){.question_id = qid};
		const char *kind = "text";
		for (int k = 0; k < x->questions.n; k++)
			if (x->questions.v[k].id == qid)
				kind = x->questions.v[k].kind;
		if (!strcmp(kind, "nps") || !strcmp(kind, "rating")) {
			a->rating = strtoll(v, NULL, 10);
			a->has_rating = true;
		} else if (!strcmp(kind, "choice")) {
			a->choice = v;
			a->has_choice = true;
		} else {
			a->text = v;
			a->has_text = true;
		}
	}
	return n;
}

void page_survey_answer(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageSurveyAnswer_t *in = in_;
	verr_t errs = *form_errs;
	int status = 422;
	svc_t s;
	page_svc(r, &s);
	SurveyResponse_t x;
	int st = svc_survey_response_get(&s, &(in_getSurveyResponse_t){.id = in->id}, &x);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	if (!errs.n) {
		SurveyAnswersPut_t put;
		SurveyResponse_t out;
		answers_of(r, &in->body, &x, &put);
		st = svc_survey_answer(&s, &(in_answerSurvey_t){.id = in->id, .body = put}, &out);
		const char *to = arena_printf(r->arena, "/survey-responses/%lld?done=answered", (long long)in->id);
		if (form_outcome(r, &s, st, to, "answers", &errs, &status))
			return;
	}
	show_response(r, in->id, status, &in->body.answer, &errs, false, NULL);
}
