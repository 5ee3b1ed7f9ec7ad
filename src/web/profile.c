/* Editing one's own profile at /profile: every field of the profile, with
 * weekly availability as rows of day/start/end selects (a few empty rows to
 * add more, no JavaScript needed). The form is held as the raw strings the
 * person typed, so a rejected form comes back exactly as sent, with each
 * problem next to its field and in the summary at the top. Validation and
 * the write are the API's (profile_validate, api_profile_save), so a page
 * and a PUT /me/profile accept and refuse the same things. */
#include "web/page.h"
#include "api/api.h"
#include "core/profile.h"
#include "core/timeutil.h"

#include <stdio.h>
#include <string.h>

#define EMPTY_ROWS 3
#define LIST_INPUT_MAX (PROFILE_LIST_MAX * (PROFILE_ITEM_MAX + 2))

enum {
	F_HEADLINE, F_BIO, F_DEPARTMENT, F_SENIORITY, F_MANAGER, F_LOCATION, F_TIMEZONE,
	F_LANGUAGES, F_SKILLS_OFFERED, F_SKILLS_WANTED, F_INTERESTS, F_CHANNEL, F_STYLE,
	F_PREFERENCES, F_PREF_DEPTS, F_PREF_LANGS, F_PREF_MENTORS, F_AVOID, F_COUNT
};

static const struct {
	const char *name, *label, *hint;
	size_t max;
} fields[F_COUNT] = {
	[F_HEADLINE] = {"headline", "Headline", "One line about what you do, e.g. Backend engineer, payments.", 200},
	[F_BIO] = {"bio", "About you", "Your background and what you hope to give or get from mentoring.", 5000},
	[F_DEPARTMENT] = {"department", "Department", NULL, 100},
	[F_SENIORITY] = {"seniority", "Career level", NULL, 2},
	[F_MANAGER] = {"manager_email", "Your manager's email", "Used so you are never matched with your own manager.", 254},
	[F_LOCATION] = {"location", "Location", "City or office.", 100},
	[F_TIMEZONE] = {"timezone", "Time zone", "An IANA name such as Europe/Berlin, America/New_York or UTC.", 64},
	[F_LANGUAGES] = {"languages", "Languages", "Separate with commas, e.g. English, German.", LIST_INPUT_MAX},
	[F_SKILLS_OFFERED] = {"skills_offered", "Skills you can offer", "Separate with commas.", LIST_INPUT_MAX},
	[F_SKILLS_WANTED] = {"skills_wanted", "Skills you want to grow", "Separate with commas.", LIST_INPUT_MAX},
	[F_INTERESTS] = {"interests", "Interests", "Separate with commas; good conversation starters.", LIST_INPUT_MAX},
	[F_CHANNEL] = {"preferred_channel", "Preferred channel", NULL, 20},
	[F_STYLE] = {"meeting_style", "Meeting style", NULL, 20},
	[F_PREFERENCES] = {"preferences", "Other preferences", "Anything a mentor or mentee should know, e.g. no meetings on Fridays.", 2000},
	[F_PREF_DEPTS] = {"pref_departments", "Departments you would like a mentor from", "Separate with commas. Matching gives these mentors extra points.", LIST_INPUT_MAX},
	[F_PREF_LANGS] = {"pref_languages", "Languages you would like to be mentored in", "Separate with commas.", LIST_INPUT_MAX},
	[F_PREF_MENTORS] = {"pref_mentor_emails", "People you would like as a mentor", "Their emails, separated with commas.", LIST_INPUT_MAX},
	[F_AVOID] = {"avoid_emails", "People you would rather not be matched with", "Their emails, separated with commas. Only you can see this list; matching never pairs you with them.", LIST_INPUT_MAX},
};

static const page_opt_t levels[] = {
	{"", "Not given"}, {"1", "Level 1 (entry)"}, {"2", "Level 2"}, {"3", "Level 3"},
	{"4", "Level 4"}, {"5", "Level 5"}, {"6", "Level 6"}, {"7", "Level 7"}, {"8", "Level 8"},
	{"9", "Level 9"}, {"10", "Level 10 (executive)"}, {NULL, NULL}};

typedef struct avail_row {
	const char *day, *start, *end;
	bool invalid;
} avail_row_t;

/* The form as typed: raw strings, so it can be shown again unchanged. */
typedef struct pform {
	const char *v[F_COUNT];
	avail_row_t *rows;
	int nrows;
	int bad_row; /* 1-based row the availability error points at */
} pform_t;

/* ---- from the stored profile ---- */

/* User ids as a comma-separated list of their emails. */
static int emails_of(req_t *r, const int64_t *ids, int n, const char **out)
{
	strlist_t l = {arena_alloc(r->arena, sizeof(char *) * (size_t)(n + 1)), 0};
	for (int i = 0; i < n; i++) {
		user_t *u = NULL;
		int st = store_user_get(r->db, r->arena, ids[i], &u);
		if (st != DB_OK)
			return st;
		if (u)
			l.v[l.n++] = u->email;
	}
	*out = page_join_list(r->arena, &l);
	return DB_OK;
}

static int form_from_profile(req_t *r, const profile_t *p, pform_t *f)
{
	arena_t *a = r->arena;
	f->v[F_HEADLINE] = p->headline;
	f->v[F_BIO] = p->bio;
	f->v[F_DEPARTMENT] = p->department;
	f->v[F_SENIORITY] = p->seniority ? arena_printf(a, "%d", p->seniority) : "";
	f->v[F_LOCATION] = p->location;
	f->v[F_TIMEZONE] = p->timezone;
	f->v[F_LANGUAGES] = page_join_list(a, &p->languages);
	f->v[F_SKILLS_OFFERED] = page_join_list(a, &p->skills_offered);
	f->v[F_SKILLS_WANTED] = page_join_list(a, &p->skills_wanted);
	f->v[F_INTERESTS] = page_join_list(a, &p->interests);
	f->v[F_CHANNEL] = p->preferred_channel ? p->preferred_channel : "";
	f->v[F_STYLE] = p->meeting_style ? p->meeting_style : "";
	f->v[F_PREFERENCES] = p->preferences;
	f->nrows = p->n_availability;
	f->rows = arena_alloc(a, sizeof(avail_row_t) * (size_t)(f->nrows + 1));
	for (int i = 0; i < f->nrows; i++) {
		char s[6], e[6];
		clock_format(p->availability[i].start_min, s);
		clock_format(p->availability[i].end_min, e);
		f->rows[i].day = arena_printf(a, "%d", p->availability[i].day);
		f->rows[i].start = arena_strdup(a, s);
		f->rows[i].end = arena_strdup(a, e);
	}
	f->v[F_PREF_DEPTS] = page_join_list(a, &p->pref_departments);
	f->v[F_PREF_LANGS] = page_join_list(a, &p->pref_languages);
	int st = emails_of(r, p->pref_mentors, p->n_pref_mentors, &f->v[F_PREF_MENTORS]);
	if (st == DB_OK)
		st = emails_of(r, p->avoid, p->n_avoid, &f->v[F_AVOID]);
	f->v[F_MANAGER] = "";
	if (st != DB_OK || !p->manager_id)
		return st;
	user_t *m = NULL;
	st = store_user_get(r->db, a, p->manager_id, &m);
	if (st == DB_OK && m)
		f->v[F_MANAGER] = m->email;
	return st;
}

/* ---- from the request ---- */

static const char *nth(const char **v, int n, int i)
{
	return i < n ? v[i] : "";
}

static void rows_from_request(req_t *r, pform_t *f)
{
	const char **days, **starts, **ends;
	int nd = http_form_all(r, "avail_day", &days);
	int ns = http_form_all(r, "avail_start", &starts);
	int ne = http_form_all(r, "avail_end", &ends);
	int n = nd > ns ? nd : ns;
	n = n > ne ? n : ne;
	if (n > PROFILE_AVAIL_MAX + EMPTY_ROWS)
		n = PROFILE_AVAIL_MAX + EMPTY_ROWS; /* more than the form ever offers */
	f->rows = arena_alloc(r->arena, sizeof(avail_row_t) * (size_t)(n + 1));
	f->nrows = n;
	for (int i = 0; i < n; i++) {
		f->rows[i].day = nth(days, nd, i);
		f->rows[i].start = nth(starts, ns, i);
		f->rows[i].end = nth(ends, ne, i);
	}
}

static void form_from_request(req_t *r, pform_t *f, verr_t *errs)
{
	for (int i = 0; i < F_COUNT; i++)
		f->v[i] = page_form_text(r, fields[i].name, fields[i].max, errs);
	rows_from_request(r, f);
}

/* ---- from the form into the profile ---- */

static void read_rows(req_t *r, pform_t *f, profile_t *p, verr_t *errs)
{
	p->availability = arena_alloc(r->arena, sizeof(avail_t) * (size_t)(f->nrows + 1));
	p->n_availability = 0;
	for (int i = 0; i < f->nrows; i++) {
		avail_row_t *row = &f->rows[i];
		if (!*row->day && !*row->start && !*row->end)
			continue;
		avail_t *w = &p->availability[p->n_availability];
		int64_t day = 0;
		if (!page_parse_int(row->day, 1, 7, &day) || !clock_parse(row->start, &w->start_min) ||
		    !clock_parse(row->end, &w->end_min)) {
			verr_addf(errs, r->arena, "availability", "Row %d: choose a day, a start and an end", i + 1);
		} else if (w->start_min >= w->end_min) {
			verr_addf(errs, r->arena, "availability", "Row %d: the start must be before the end", i + 1);
		} else {
			w->day = (int)day;
			p->n_availability++;
			continue;
		}
		if (!f->bad_row) {
			f->bad_row = i + 1;
			row->invalid = true;
		}
	}
	if (p->n_availability > PROFILE_AVAIL_MAX)
		verr_addf(errs, r->arena, "availability", "at most %d windows", PROFILE_AVAIL_MAX);
}

static int read_manager(req_t *r, const char *email, profile_t *p, verr_t *errs)
{
	p->manager_id = 0;
	if (!*email || verr_has(errs, "manager_email"))
		return DB_OK;
	user_t *m = NULL;
	int st = store_user_by_email(r->db, r->arena, email, &m, NULL);
	if (st == DB_OK && (!m || !m->active))
		verr_add(errs, "manager_email", "there is no active account with this email");
	else if (st == DB_OK)
		p->manager_id = m->id;
	return st;
}

/* Comma-separated emails into user ids; an unknown email is named. */
static int ids_of_emails(req_t *r, const char *s, const char *field, int64_t **ids, int *n, verr_t *errs)
{
	strlist_t l;
	page_split_list(r->arena, s, &l);
	*ids = arena_alloc(r->arena, sizeof(int64_t) * (size_t)(l.n + 1));
	*n = 0;
	for (int i = 0; i < l.n; i++) {
		user_t *u = NULL;
		int st = store_user_by_email(r->db, r->arena, l.v[i], &u, NULL);
		if (st != DB_OK)
			return st;
		if (!u || !u->active) {
			verr_addf(errs, r->arena, field, "there is no active account with the email %s", l.v[i]);
			return DB_OK;
		}
		(*ids)[(*n)++] = u->id;
	}
	return DB_OK;
}

static int form_to_profile(req_t *r, pform_t *f, profile_t *p, verr_t *errs)
{
	int64_t level = 0;
	p->headline = f->v[F_HEADLINE];
	p->bio = f->v[F_BIO];
	p->department = f->v[F_DEPARTMENT];
	p->location = f->v[F_LOCATION];
	p->timezone = f->v[F_TIMEZONE];
	p->preferences = f->v[F_PREFERENCES];
	p->preferred_channel = *f->v[F_CHANNEL] ? f->v[F_CHANNEL] : NULL;
	p->meeting_style = *f->v[F_STYLE] ? f->v[F_STYLE] : NULL;
	if (*f->v[F_SENIORITY] && !page_parse_int(f->v[F_SENIORITY], 1, 10, &level))
		verr_add(errs, "seniority", "choose a level from the list");
	p->seniority = (int)level;
	page_split_list(r->arena, f->v[F_LANGUAGES], &p->languages);
	page_split_list(r->arena, f->v[F_SKILLS_OFFERED], &p->skills_offered);
	page_split_list(r->arena, f->v[F_SKILLS_WANTED], &p->skills_wanted);
	page_split_list(r->arena, f->v[F_INTERESTS], &p->interests);
	page_split_list(r->arena, f->v[F_PREF_DEPTS], &p->pref_departments);
	page_split_list(r->arena, f->v[F_PREF_LANGS], &p->pref_languages);
	read_rows(r, f, p, errs);
	int st = ids_of_emails(r, f->v[F_PREF_MENTORS], "pref_mentor_emails", &p->pref_mentors,
			       &p->n_pref_mentors, errs);
	if (st == DB_OK)
		st = ids_of_emails(r, f->v[F_AVOID], "avoid_emails", &p->avoid, &p->n_avoid, errs);
	return st == DB_OK ? read_manager(r, f->v[F_MANAGER], p, errs) : st;
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

static json_t *fields_json(const pform_t *f, const verr_t *errs)
{
	json_t *o = json_object();
	for (int i = 0; i < F_COUNT; i++) {
		json_t *fl;
		if (i == F_SENIORITY || i == F_CHANNEL || i == F_STYLE) {
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
		json_object_set_new(o, fields[i].name, fl);
	}
	return o;
}

static void show(req_t *r, int status, const pform_t *f, const verr_t *errs, bool add_empty)
{
	json_t *ctx = page_ctx(r, "My profile", "profile");
	bool avail_err = errs && verr_has(errs, "availability");
	page_label_t labels[F_COUNT + 2];
	for (int i = 0; i < F_COUNT; i++)
		labels[i] = (page_label_t){fields[i].name, fields[i].label, NULL};
	labels[F_COUNT] = (page_label_t){"availability", "Availability",
		arena_printf(r->arena, "f-avail-day-%d", f->bad_row ? f->bad_row : 1)};
	labels[F_COUNT + 1] = (page_label_t){NULL, NULL, NULL};
	json_object_set_new(ctx, "f", fields_json(f, errs));
	json_object_set_new(ctx, "rows", rows_json(f, add_empty, avail_err));
	for (int i = 0; avail_err && i < errs->n; i++)
		if (strcmp(errs->e[i].field, "availability") == 0)
			json_object_set_new(ctx, "avail_error", page_str(errs->e[i].msg));
	if (http_query(r, "saved"))
		json_object_set_new(ctx, "notice", page_str("Your profile has been saved."));
	page_error_summary(ctx, errs, labels);
	page_render(r, status, "profile", ctx);
}

static void edit(req_t *r)
{
	profile_t *p = NULL;
	pform_t f = {0};
	int st = store_profile_get(r->db, r->arena, r->who.user_id, &p);
	if (st == DB_OK)
		st = form_from_profile(r, p, &f);
	if (st != DB_OK) {
		page_db_error(r, st);
		return;
	}
	show(r, 200, &f, NULL, true);
}

static void save(req_t *r)
{
	profile_t *p = NULL;
	pform_t f = {0};
	verr_t errs = {0};
	int st = store_profile_get(r->db, r->arena, r->who.user_id, &p);
	if (st == DB_OK) {
		form_from_request(r, &f, &errs);
		st = form_to_profile(r, &f, p, &errs);
	}
	if (st == DB_OK && errs.n)
		profile_validate(p, &errs, r->arena); /* report every problem at once */
	else if (st == DB_OK)
		st = api_profile_save(r, p, &errs);
	if (st != DB_OK) {
		page_db_error(r, st);
		return;
	}
	if (errs.n) {
		page_rename_error(&errs, "manager_id", "manager_email");
		page_rename_error(&errs, "mentor_preferences.departments", "pref_departments");
		page_rename_error(&errs, "mentor_preferences.languages", "pref_languages");
		page_rename_error(&errs, "mentor_preferences.mentors", "pref_mentor_emails");
		page_rename_error(&errs, "mentor_preferences.avoid", "avoid_emails");
		page_rename_error(&errs, "mentor_preferences", "pref_mentor_emails");
		show(r, 422, &f, &errs, false);
		return;
	}
	resp_redirect(r, "/profile?saved=1");
}

void web_profile_register(void)
{
	static const route_t routes[] = {
		{"GET", "/profile", edit, ROUTE_WEB, NULL},
		{"POST", "/profile", save, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
