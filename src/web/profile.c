/* Editing one's own profile at /profile: every field of the profile, with
 * weekly availability as rows of day/start/end selects (a few empty rows to
 * add more, no JavaScript needed), through the profile services
 * (svc/profile.c), so a page and a PUT /me/profile accept and refuse the
 * same things. The form's fields and their rules are declared in
 * pages/profile.json and checked before the handler runs; a rejected form
 * comes back exactly as sent, with each problem next to its field and in
 * the summary at the top. The form names people by email; languages,
 * skills and interests come one per input, each input suggesting what
 * other people entered (a datalist from svc_profile_suggestions: no script
 * needed), with a few empty inputs to add more; the other lists are
 * comma-separated text. The service takes ids and lists. */
#include "web/page.h"
#include "web/page_types.h"
#include "web/tzpick.h"
#include "svc/profile.h"
#include "core/profile.h"
#include "core/text.h"
#include "core/timeutil.h"

#include <string.h>

#define EMPTY_ROWS 3
#define EMPTY_ITEMS 2   /* empty inputs after a list's items */
#define SUGGESTIONS 300 /* datalist options per kind */

enum {
	F_HEADLINE, F_BIO, F_DEPARTMENT, F_SENIORITY, F_MANAGER, F_LOCATION, F_TIMEZONE,
	F_LANGUAGES, F_SKILLS_OFFERED, F_SKILLS_WANTED, F_INTERESTS, F_CHANNEL, F_STYLE,
	F_PREFERENCES, F_PREF_DEPTS, F_PREF_LANGS, F_PREF_MENTORS, F_AVOID, F_COUNT
};

static const struct {
	const char *name, *label, *hint;
	size_t max; /* the maxLength of pages/profile.json, for the input's maxlength */
} fields[F_COUNT] = {
	[F_HEADLINE] = {"headline", "Headline", "One line about what you do, e.g. Backend engineer, payments.", 200},
	[F_BIO] = {"bio", "About you", "Your background and what you hope to give or get from mentoring.", 5000},
	[F_DEPARTMENT] = {"department", "Department", NULL, 100},
	[F_SENIORITY] = {"seniority", "Career level", NULL, 2},
	[F_MANAGER] = {"manager_email", "Your manager's email", "Used so you are never matched with your own manager.", 254},
	[F_LOCATION] = {"location", "Location", "City or office.", 100},
	[F_TIMEZONE] = {"timezone", "Time zone", "Your city, or the nearest one in your time zone: on the list, type its first letters.", 64},
	[F_LANGUAGES] = {"languages", "Languages", "One per box, e.g. English. Save to get more boxes.", 64},
	[F_SKILLS_OFFERED] = {"skills_offered", "Skills you can offer", "One per box; pick what others wrote where it fits, so people find you.", 64},
	[F_SKILLS_WANTED] = {"skills_wanted", "Skills you want to grow", "One per box.", 64},
	[F_INTERESTS] = {"interests", "Interests", "One per box; good conversation starters.", 64},
	[F_CHANNEL] = {"preferred_channel", "Preferred channel", NULL, 20},
	[F_STYLE] = {"meeting_style", "Meeting style", NULL, 20},
	[F_PREFERENCES] = {"preferences", "Other preferences", "Anything a mentor or mentee should know, e.g. no meetings on Fridays.", 2000},
	[F_PREF_DEPTS] = {"pref_departments", "Departments you would like a mentor from", "Separate with commas. Matching gives these mentors extra points.", 1980},
	[F_PREF_LANGS] = {"pref_languages", "Languages you would like to be mentored in", "Separate with commas.", 1980},
	[F_PREF_MENTORS] = {"pref_mentor_emails", "People you would like as a mentor", "Their emails, separated with commas.", 1980},
	[F_AVOID] = {"avoid_emails", "People you would rather not be matched with", "Their emails, separated with commas. Only you can see this list; matching never pairs you with them.", 1980},
};

/* The service's (API's) names of fields the form names otherwise. */
static const struct {
	const char *api, *form;
} renames[] = {
	{"manager_id", "manager_email"},
	{"mentor_preferences.departments", "pref_departments"},
	{"mentor_preferences.languages", "pref_languages"},
	{"mentor_preferences.mentors", "pref_mentor_emails"},
	{"mentor_preferences.avoid", "avoid_emails"},
	{"mentor_preferences", "pref_mentor_emails"},
	{"avail_day", "availability"},
	{"avail_start", "availability"},
	{"avail_end", "availability"},
};

static const page_opt_t levels[] = {
	{"", "Not given"}, {"1", "Level 1 (entry)"}, {"2", "Level 2"}, {"3", "Level 3"},
	{"4", "Level 4"}, {"5", "Level 5"}, {"6", "Level 6"}, {"7", "Level 7"}, {"8", "Level 8"},
	{"9", "Level 9"}, {"10", "Level 10 (executive)"}, {NULL, NULL}};

typedef struct avail_row {
	const char *day, *start, *end;
	bool invalid;
} avail_row_t;

/* The fields typed one item per input, and the suggestions each offers. */
static bool is_list(int i)
{
	return i == F_LANGUAGES || i == F_SKILLS_OFFERED || i == F_SKILLS_WANTED || i == F_INTERESTS;
}

static const char *list_kind(int i)
{
	return i == F_LANGUAGES ? "language" : i == F_INTERESTS ? "interest" : "skill";
}

/* The form as shown: the text of each field (the items of a list field),
 * the availability rows. */
typedef struct pform {
	const char *v[F_COUNT];
	strlist_t items[F_COUNT];
	avail_row_t *rows;
	int nrows;
	int bad_row; /* 1-based row the availability error points at */
} pform_t;

/* ---- the stored profile as the form ---- */

static void form_from_profile(req_t *r, const profile_form_view_t *view, pform_t *f)
{
	arena_t *a = r->arena;
	const profile_t *p = view->profile;
	f->v[F_HEADLINE] = p->headline;
	f->v[F_BIO] = p->bio;
	f->v[F_DEPARTMENT] = p->department;
	f->v[F_SENIORITY] = p->seniority ? arena_printf(a, "%d", p->seniority) : "";
	f->v[F_MANAGER] = view->manager_email;
	f->v[F_LOCATION] = p->location;
	f->v[F_TIMEZONE] = p->timezone;
	f->items[F_LANGUAGES] = p->languages;
	f->items[F_SKILLS_OFFERED] = p->skills_offered;
	f->items[F_SKILLS_WANTED] = p->skills_wanted;
	f->items[F_INTERESTS] = p->interests;
	f->v[F_CHANNEL] = p->preferred_channel ? p->preferred_channel : "";
	f->v[F_STYLE] = p->meeting_style ? p->meeting_style : "";
	f->v[F_PREFERENCES] = p->preferences;
	f->v[F_PREF_DEPTS] = page_join_list(a, &p->pref_departments);
	f->v[F_PREF_LANGS] = page_join_list(a, &p->pref_languages);
	f->v[F_PREF_MENTORS] = page_join_list(a, &view->mentor_emails);
	f->v[F_AVOID] = page_join_list(a, &view->avoid_emails);
	f->nrows = p->n_availability;
	f->rows = arena_alloc(a, sizeof(avail_row_t) * (size_t)(f->nrows + 1));
	for (int i = 0; i < f->nrows; i++) {
		char s[6], e[6];
		clock_format(p->availability[i].start_min, s);
		clock_format(p->availability[i].end_min, e);
		f->rows[i] = (avail_row_t){arena_printf(a, "%d", p->availability[i].day), arena_strdup(a, s),
					   arena_strdup(a, e), false};
	}
}

/* ---- the posted form as the service's input ---- */

static const char *nth(const strlist_t *l, int i)
{
	return i < l->n ? l->v[i] : "";
}

/* The rows as typed: the three columns stay aligned (x-keep-empty). */
static void rows_from_form(req_t *r, const ProfileForm_t *b, pform_t *f)
{
	int n = b->avail_day.n > b->avail_start.n ? b->avail_day.n : b->avail_start.n;
	n = n > b->avail_end.n ? n : b->avail_end.n;
	f->rows = arena_alloc(r->arena, sizeof(avail_row_t) * (size_t)(n + 1));
	f->nrows = n;
	for (int i = 0; i < n; i++)
		f->rows[i] = (avail_row_t){nth(&b->avail_day, i), nth(&b->avail_start, i), nth(&b->avail_end, i),
					   false};
}

/* The filled rows as windows; a row half filled or ending before it starts
 * is named by its number. Empty rows are skipped. */
static void windows_from_rows(req_t *r, pform_t *f, AvailabilityWindow_list_t *out, verr_t *errs)
{
	out->v = arena_alloc(r->arena, sizeof(AvailabilityWindow_t) * (size_t)(f->nrows + 1));
	out->n = 0;
	for (int i = 0; i < f->nrows; i++) {
		avail_row_t *row = &f->rows[i];
		if (!*row->day && !*row->start && !*row->end)
			continue;
		int start = 0, end = 0;
		if (!*row->day || !clock_parse(row->start, &start) || !clock_parse(row->end, &end)) {
			verr_addf(errs, r->arena, "availability", "Row %d: choose a day, a start and an end", i + 1);
		} else if (start >= end) {
			verr_addf(errs, r->arena, "availability", "Row %d: the start must be before the end", i + 1);
		} else {
			out->v[out->n++] = (AvailabilityWindow_t){row->day[0] - '0', row->start, row->end};
			continue;
		}
		if (!f->bad_row) {
			f->bad_row = i + 1;
			row->invalid = true;
		}
	}
}

static strlist_t split(req_t *r, bool has, const char *s)
{
	strlist_t l;
	page_split_list(r->arena, has ? s : "", &l);
	return l;
}

/* People named by email as ids, their problems under field. */
static int ids_of(svc_t *s, req_t *r, bool has, const char *text, const char *field, i64list_t *out,
		  verr_t *errs)
{
	strlist_t emails = split(r, has, text);
	page_svc(r, s); /* a fresh context: only this lookup's problems */
	int st = svc_profile_ids_by_email(s, &emails, field, out);
	page_add_errors(errs, s);
	return st;
}

/* The whole form as a save of the whole profile. */
static int update_from_form(svc_t *s, req_t *r, const ProfileForm_t *b, pform_t *f, ProfileUpdate_t *u,
			    verr_t *errs)
{
	i64list_t manager = {0}, mentors = {0}, avoid = {0};
	int st = ids_of(s, r, b->has_manager_email, b->manager_email, "manager_email", &manager, errs);
	if (!st)
		st = ids_of(s, r, b->has_pref_mentor_emails, b->pref_mentor_emails, "pref_mentor_emails", &mentors, errs);
	if (!st)
		st = ids_of(s, r, b->has_avoid_emails, b->avoid_emails, "avoid_emails", &avoid, errs);
	if (st)
		return st;
	if (manager.n > 1)
		verr_add(errs, "manager_email", "give one email");
	*u = (ProfileUpdate_t){
		.has_headline = true, .headline = b->has_headline ? b->headline : "",
		.has_bio = true, .bio = b->has_bio ? b->bio : "",
		.has_department = true, .department = b->has_department ? b->department : "",
		.has_location = true, .location = b->has_location ? b->location : "",
		.has_timezone = true, .timezone = b->timezone,
		.has_preferences = true, .preferences = b->has_preferences ? b->preferences : "",
		.has_seniority = true, .seniority = b->seniority, .seniority_null = !b->has_seniority,
		.has_manager_id = true, .manager_id = manager.n ? manager.v[0] : 0, .manager_id_null = !manager.n,
		.has_preferred_channel = true, .preferred_channel = b->preferred_channel,
		.preferred_channel_null = !b->has_preferred_channel,
		.has_meeting_style = true, .meeting_style = b->meeting_style, .meeting_style_null = !b->has_meeting_style,
		.has_languages = true, .languages = b->languages,
		.has_skills_offered = true, .skills_offered = b->skills_offered,
		.has_skills_wanted = true, .skills_wanted = b->skills_wanted,
		.has_interests = true, .interests = b->interests,
		.has_availability = true,
		.has_mentor_preferences = true,
		.mentor_preferences = {
			.has_departments = true, .departments = split(r, b->has_pref_departments, b->pref_departments),
			.has_languages = true, .languages = split(r, b->has_pref_languages, b->pref_languages),
			.has_mentors = true, .mentors = mentors, .has_avoid = true, .avoid = avoid}};
	rows_from_form(r, b, f);
	windows_from_rows(r, f, &u->availability, errs);
	return SVC_OK;
}

/* ---- rendering ---- */

/* Options for a clock select: every half hour from first to last, plus the
 * current value if it is off the grid (set through the API). */
static json_t *time_options(const char *current, int first, int last)
{
	json_t *opts = json_array();
	bool seen = !*current;
	json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label", "—", "selected", !*current));
	for (int m = first; m <= last; m += 30) {
		char t[6];
		clock_format(m, t);
		bool sel = strcmp(t, current) == 0;
		seen |= sel;
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", t, "label", t, "selected", sel));
	}
	if (!seen)
		json_array_append_new(opts, json_pack("{s:o, s:o, s:b}", "value", page_str(current),
						      "label", page_str(current), "selected", 1));
	return opts;
}

static json_t *day_options(const char *current)
{
	json_t *opts = json_array();
	json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label", "—", "selected", !*current));
	for (int d = 1; d <= 7; d++) {
		char v[2] = {(char)('0' + d), '\0'};
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", v, "label",
						      page_day_name(d), "selected", strcmp(v, current) == 0));
	}
	return opts;
}

static json_t *rows_json(const pform_t *f, bool add_empty, bool has_error)
{
	json_t *rows = json_array();
	int n = f->nrows + (add_empty ? EMPTY_ROWS : 0);
	for (int i = 0; i < n; i++) {
		avail_row_t empty = {"", "", "", false};
		const avail_row_t *row = i < f->nrows ? &f->rows[i] : &empty;
		json_array_append_new(rows, json_pack("{s:i, s:o, s:o, s:o, s:b}", "n", i + 1,
			"days", day_options(row->day), "starts", time_options(row->start, 0, 23 * 60 + 30),
			"ends", time_options(row->end, 30, 24 * 60), "invalid",
			has_error && (row->invalid || (!f->bad_row && i == 0))));
	}
	return rows;
}

/* What others entered for kind, as the options of a datalist. */
static json_t *suggestions(req_t *r, const char *kind)
{
	svc_t s;
	page_svc(r, &s);
	SuggestionList_t l = {0};
	json_t *a = json_array();
	if (svc_profile_suggestions(&s, &(in_listProfileSuggestions_t){.kind = kind, .has_limit = true,
									 .limit = SUGGESTIONS}, &l) == SVC_OK)
		for (int i = 0; i < l.items.n; i++)
			json_array_append_new(a, page_str(l.items.v[i]));
	return a;
}

/* A list field: its items, then empty inputs to add more, all with the
 * same name; the first input carries the field's id, label and error. */
static json_t *list_json(req_t *r, int i, const strlist_t *items, const verr_t *errs)
{
	json_t *fl = page_field(fields[i].name, fields[i].label, "", fields[i].hint, errs), *inputs = json_array();
	int n = items->n + EMPTY_ITEMS;
	if (n > PROFILE_LIST_MAX)
		n = items->n > PROFILE_LIST_MAX ? items->n : PROFILE_LIST_MAX;
	for (int k = 0; k < n; k++)
		json_array_append_new(inputs, json_pack("{s:s, s:o, s:o, s:b}",
			"id", k ? arena_printf(r->arena, "f-%s-%d", fields[i].name, k + 1) : arena_printf(r->arena, "f-%s", fields[i].name),
			"value", page_str(k < items->n ? items->v[k] : ""),
			"label", page_str(arena_printf(r->arena, "%s, %d", fields[i].label, k + 1)), "first", k == 0));
	json_object_set_new(fl, "inputs", inputs);
	json_object_set_new(fl, "list", page_str(arena_printf(r->arena, "%s-list", list_kind(i))));
	json_object_set_new(fl, "maxlength", json_integer((json_int_t)fields[i].max));
	return fl;
}

static json_t *fields_json(req_t *r, const pform_t *f, const verr_t *errs)
{
	json_t *o = json_object();
	for (int i = 0; i < F_COUNT; i++) {
		json_t *fl;
		if (is_list(i))
			fl = list_json(r, i, &f->items[i], errs);
		else if (i == F_SENIORITY || i == F_CHANNEL || i == F_STYLE) {
			const page_opt_t *opts = i == F_SENIORITY ? levels : i == F_CHANNEL ? page_channels :
						 page_styles;
			fl = page_select(fields[i].name, fields[i].label, opts, f->v[i], fields[i].hint, errs);
		} else {
			fl = page_field(fields[i].name, fields[i].label, f->v[i], fields[i].hint, errs);
			json_object_set_new(fl, "maxlength", json_integer((json_int_t)fields[i].max));
		}
		if (i == F_BIO || i == F_PREFERENCES)
			json_object_set_new(fl, "rows", json_integer(i == F_BIO ? 6 : 3));
		if (i == F_MANAGER)
			json_object_set_new(fl, "type", json_string("email"));
		if (i == F_TIMEZONE)
			tzpick_field(fl, f->v[i]);
		json_object_set_new(o, fields[i].name, fl);
	}
	return o;
}

static void show(req_t *r, int status, const pform_t *f, const verr_t *errs, bool add_empty, bool saved)
{
	json_t *ctx = page_ctx(r, "My profile", "profile");
	bool avail_err = errs && verr_has(errs, "availability");
	page_label_t labels[F_COUNT + 2];
	for (int i = 0; i < F_COUNT; i++)
		labels[i] = (page_label_t){fields[i].name, fields[i].label, NULL};
	labels[F_COUNT] = (page_label_t){"availability", "Availability",
		arena_printf(r->arena, "f-avail-day-%d", f->bad_row ? f->bad_row : 1)};
	labels[F_COUNT + 1] = (page_label_t){NULL, NULL, NULL};
	json_object_set_new(ctx, "f", fields_json(r, f, errs));
	json_object_set_new(ctx, "skill_options", suggestions(r, "skill"));
	json_object_set_new(ctx, "language_options", suggestions(r, "language"));
	json_object_set_new(ctx, "interest_options", suggestions(r, "interest"));
	json_object_set_new(ctx, "rows", rows_json(f, add_empty, avail_err));
	for (int i = 0; avail_err && i < errs->n; i++)
		if (strcmp(errs->e[i].field, "availability") == 0) {
			json_object_set_new(ctx, "avail_error", page_str(errs->e[i].msg));
			break;
		}
	if (saved)
		json_object_set_new(ctx, "notice", page_str("Your profile has been saved."));
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "profile", ctx);
}

void page_profile(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageProfile_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	profile_form_view_t view;
	int st = svc_profile_form(&s, &view);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	pform_t f = {0};
	form_from_profile(r, &view, &f);
	show(r, 200, &f, NULL, true, in->has_saved);
}

/* A list field's inputs as typed, the empty ones left out. */
static void raw_items(req_t *r, const char *name, strlist_t *out)
{
	const char **raw = NULL;
	int n = http_form_all(r, name, &raw);
	out->v = arena_alloc(r->arena, sizeof(char *) * (size_t)(n > 0 ? n + 1 : 1));
	out->n = 0;
	for (int i = 0; i < n; i++) {
		const char *v = text_trim(r->arena, raw[i], strlen(raw[i])), *why;
		if (*v && text_ok(v, strlen(v), false, &why))
			out->v[out->n++] = v;
	}
}

void page_profile_save(req_t *r, const void *in_, const verr_t *form_errs)
{
	const ProfileForm_t *b = &((const in_pageProfileSave_t *)in_)->body;
	verr_t errs = *form_errs;
	svc_t s;
	page_svc(r, &s);
	pform_t f = {0};
	in_putMyProfile_t u;
	int st = update_from_form(&s, r, b, &f, &u.body, &errs);
	if (st == SVC_OK && !errs.n) {
		Profile_t saved;
		page_svc(r, &s);
		st = svc_profile_put_mine(&s, &u, &saved);
		if (st == SVC_INVALID) {
			page_add_errors(&errs, &s);
			st = SVC_OK;
		}
	}
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	if (!errs.n) {
		resp_redirect(r, "/profile?saved=1");
		return;
	}
	/* The form again, as it was typed. */
	for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++)
		page_rename_error(&errs, renames[i].api, renames[i].form);
	for (int i = 0; i < F_COUNT; i++) {
		if (is_list(i))
			raw_items(r, fields[i].name, &f.items[i]);
		else
			f.v[i] = page_raw(r, fields[i].name);
	}
	/* The rows as typed; empty ones to start again if none could be read. */
	show(r, 422, &f, &errs, f.nrows == 0, false);
}
