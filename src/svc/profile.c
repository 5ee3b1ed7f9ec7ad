/* Profiles: everyone reads and saves their own; administrators and managers
 * read anyone's (members only their own). A save replaces the fields the
 * input names and keeps the others; the whole result is checked (the
 * domain's rules of core/profile.c, then the ones that need the database:
 * the manager exists and makes no loop, the preferred and avoided people
 * mentor in one of the person's programs) before anything is written.
 * The values people entered are suggested to others filling in theirs. */
#include "svc/svc.h"
#include "svc/profile.h"
#include "core/profile.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

void svc_profile_out(arena_t *a, const profile_t *p, bool owner, Profile_t *out)
{
	*out = (Profile_t){.user_id = p->user_id, .headline = p->headline, .bio = p->bio,
			   .department = p->department, .location = p->location, .timezone = p->timezone,
			   .seniority = p->seniority, .seniority_null = p->seniority == 0,
			   .manager_id = p->manager_id, .manager_id_null = p->manager_id == 0,
			   .languages = p->languages, .skills_offered = p->skills_offered,
			   .skills_wanted = p->skills_wanted, .interests = p->interests,
			   .preferred_channel = p->preferred_channel,
			   .preferred_channel_null = p->preferred_channel == NULL,
			   .meeting_style = p->meeting_style, .meeting_style_null = p->meeting_style == NULL,
			   .preferences = p->preferences, .updated_at = p->updated_at,
			   .updated_at_null = p->updated_at == 0};
	AvailabilityWindow_t *w = arena_alloc(a, sizeof(*w) * (size_t)(p->n_availability + 1));
	for (int i = 0; i < p->n_availability; i++) {
		char start[6], end[6];
		clock_format(p->availability[i].start_min, start);
		clock_format(p->availability[i].end_min, end);
		w[i] = (AvailabilityWindow_t){p->availability[i].day, arena_strdup(a, start), arena_strdup(a, end)};
	}
	out->availability = (AvailabilityWindow_list_t){w, p->n_availability};
	MentorPreferences_t *m = &out->mentor_preferences;
	m->departments = p->pref_departments;
	m->languages = p->pref_languages;
	m->mentors = (i64list_t){p->pref_mentors, p->n_pref_mentors};
	m->has_avoid = owner;
	if (owner)
		m->avoid = (i64list_t){p->avoid, p->n_avoid};
}

/* Loads user_id's profile (a default one when never saved) and answers it. */
static int answer(svc_t *s, int64_t user_id, Profile_t *out)
{
	profile_t *p;
	int st = store_profile_get(s->db, s->arena, user_id, &p);
	if (st != DB_OK)
		return svc_db(s, st);
	svc_profile_out(s->arena, p, user_id == s->uid, out);
	return SVC_OK;
}

int svc_profile_get_mine(svc_t *s, Profile_t *out)
{
	return answer(s, s->uid, out);
}

int svc_profile_get(svc_t *s, const in_getUserProfile_t *in, Profile_t *out)
{
	if (s->role < ROLE_MANAGER && in->id != s->uid)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "you can only see your own profile");
	user_t *u = NULL;
	int st = store_user_get(s->db, s->arena, in->id, &u);
	if (st != DB_OK)
		return svc_db(s, st);
	if (!u)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "no user %lld", (long long)in->id);
	return answer(s, u->id, out);
}

/* ---- saving ---- */

static void take_list(bool has, bool null, const strlist_t *v, strlist_t *into)
{
	if (has)
		*into = null ? (strlist_t){0} : *v;
}

/* The weekly windows as minutes; the document has checked day and form. */
static void take_availability(svc_t *s, const AvailabilityWindow_list_t *l, profile_t *p)
{
	p->availability = arena_alloc(s->arena, sizeof(avail_t) * (size_t)(l->n + 1));
	p->n_availability = l->n;
	for (int i = 0; i < l->n; i++) {
		avail_t *w = &p->availability[i];
		w->day = (int)l->v[i].day;
		if (!clock_parse(l->v[i].start, &w->start_min) || !clock_parse(l->v[i].end, &w->end_min)) {
			svc_field(s, "availability", "window %d: start and end must be times \"HH:MM\"", i + 1);
			return;
		}
	}
}

/* The members of mentor_preferences given replace the current ones. */
static void take_prefs(const MentorPreferencesUpdate_t *m, profile_t *p)
{
	take_list(m->has_departments, m->departments_null, &m->departments, &p->pref_departments);
	take_list(m->has_languages, m->languages_null, &m->languages, &p->pref_languages);
	if (m->has_mentors) {
		p->pref_mentors = m->mentors.v;
		p->n_pref_mentors = m->mentors.n;
	}
	if (m->has_avoid) {
		p->avoid = m->avoid.v;
		p->n_avoid = m->avoid.n;
	}
}

/* Applies the fields b names onto p. */
static void apply(svc_t *s, const ProfileUpdate_t *b, profile_t *p)
{
	if (b->has_headline)
		p->headline = b->headline;
	if (b->has_bio)
		p->bio = b->bio;
	if (b->has_department)
		p->department = b->department;
	if (b->has_location)
		p->location = b->location;
	if (b->has_timezone)
		p->timezone = b->timezone;
	if (b->has_preferences)
		p->preferences = b->preferences;
	if (b->has_seniority)
		p->seniority = b->seniority_null ? 0 : (int)b->seniority;
	if (b->has_manager_id)
		p->manager_id = b->manager_id_null ? 0 : b->manager_id;
	if (b->has_preferred_channel)
		p->preferred_channel = b->preferred_channel_null ? NULL : b->preferred_channel;
	if (b->has_meeting_style)
		p->meeting_style = b->meeting_style_null ? NULL : b->meeting_style;
	take_list(b->has_languages, b->languages_null, &b->languages, &p->languages);
	take_list(b->has_skills_offered, b->skills_offered_null, &b->skills_offered, &p->skills_offered);
	take_list(b->has_skills_wanted, b->skills_wanted_null, &b->skills_wanted, &p->skills_wanted);
	take_list(b->has_interests, b->interests_null, &b->interests, &p->interests);
	if (b->has_availability)
		take_availability(s, &b->availability, p);
	if (b->has_mentor_preferences)
		take_prefs(&b->mentor_preferences, p);
}

/* Every named person mentors in a program the person takes part in: the
 * only people a mentee can prefer or avoid, and no way to probe the rest of
 * the directory through this field. */
static int check_people(svc_t *s, const profile_t *p, const int64_t *ids, int n, const char *field)
{
	for (int i = 0; i < n; i++) {
		bool ok = false;
		int st = ids[i] == p->user_id ? DB_OK : store_is_fellow_mentor(s->db, p->user_id, ids[i], &ok);
		if (st != DB_OK)
			return st;
		if (!ok) {
			svc_field(s, field, "%lld is not a mentor in any of your programs", (long long)ids[i]);
			break;
		}
	}
	return DB_OK;
}

/* The rules that need the database: the people in the mentor preferences,
 * and a manager who exists and does not close a loop. */
static int check_stored(svc_t *s, const profile_t *p)
{
	int st = check_people(s, p, p->pref_mentors, p->n_pref_mentors, "mentor_preferences.mentors");
	if (st == DB_OK)
		st = check_people(s, p, p->avoid, p->n_avoid, "mentor_preferences.avoid");
	if (st != DB_OK || !p->manager_id || verr_has(&s->fields, "manager_id"))
		return st;
	user_t *m = NULL;
	if ((st = store_user_get(s->db, s->arena, p->manager_id, &m)) != DB_OK)
		return st;
	if (!m) {
		svc_field(s, "manager_id", "no such user");
		return DB_OK;
	}
	bool cycle = false;
	st = store_manager_would_cycle(s->db, p->user_id, p->manager_id, &cycle);
	if (st == DB_OK && cycle)
		svc_field(s, "manager_id", "would make a loop in the management chain");
	return st;
}

int svc_profile_put_mine(svc_t *s, const in_putMyProfile_t *in, Profile_t *out)
{
	profile_t *p;
	int st = store_profile_get(s->db, s->arena, s->uid, &p);
	if (st != DB_OK)
		return svc_db(s, st);
	apply(s, &in->body, p);
	if (!s->fields.n)
		profile_validate(p, &s->fields, s->arena);
	if ((st = svc_check(s)) || (st = svc_begin(s)))
		return st;
	/* The checks read inside the transaction that writes, so the chain they
	 * approve is the chain that is saved. */
	int db = check_stored(s, p);
	if (db == DB_OK && s->fields.n)
		return svc_abort(s, svc_check(s));
	if (db == DB_OK)
		db = store_profile_put(s->db, s->arena, p);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, s->uid, out);
}

/* ---- the profile form ---- */

/* The emails of the people with these ids; people not found are left out. */
static int emails_of(svc_t *s, const int64_t *ids, int n, strlist_t *out)
{
	out->v = arena_alloc(s->arena, sizeof(char *) * (size_t)(n + 1));
	out->n = 0;
	for (int i = 0; i < n; i++) {
		user_t *u = NULL;
		int st = store_user_get(s->db, s->arena, ids[i], &u);
		if (st != DB_OK)
			return st;
		if (u)
			out->v[out->n++] = u->email;
	}
	return DB_OK;
}

int svc_profile_form(svc_t *s, profile_form_view_t *out)
{
	memset(out, 0, sizeof(*out));
	out->manager_email = "";
	int st = store_profile_get(s->db, s->arena, s->uid, &out->profile);
	if (st == DB_OK)
		st = emails_of(s, out->profile->pref_mentors, out->profile->n_pref_mentors, &out->mentor_emails);
	if (st == DB_OK)
		st = emails_of(s, out->profile->avoid, out->profile->n_avoid, &out->avoid_emails);
	strlist_t manager = {0};
	if (st == DB_OK && out->profile->manager_id)
		st = emails_of(s, &out->profile->manager_id, 1, &manager);
	if (st != DB_OK)
		return svc_db(s, st);
	if (manager.n)
		out->manager_email = manager.v[0];
	return SVC_OK;
}

int svc_profile_ids_by_email(svc_t *s, const strlist_t *emails, const char *field, i64list_t *out)
{
	out->v = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(emails->n + 1));
	out->n = emails->n;
	for (int i = 0; i < emails->n; i++) {
		user_t *u = NULL;
		int st = store_user_by_email(s->db, s->arena, emails->v[i], &u, NULL);
		if (st != DB_OK)
			return svc_db(s, st);
		out->v[i] = u && u->active ? u->id : 0;
		if (!out->v[i])
			svc_field(s, field, "there is no active account with the email %s", emails->v[i]);
	}
	return SVC_OK;
}

int svc_profile_suggestions(svc_t *s, const in_listProfileSuggestions_t *in, SuggestionList_t *out)
{
	/* What a handful of people wrote about themselves stays theirs: skills,
	 * interests and languages are suggested once two people use them. */
	bool shared = !strcmp(in->kind, "department") || !strcmp(in->kind, "location");
	row_suggestion_t *rows;
	int n = 0;
	int st = svc_db(s, sql_profile_suggestions(s->db, s->arena, in->kind, shared ? 1 : 2,
						   in->has_limit ? in->limit : 200, &rows, &n));
	if (st)
		return st;
	out->items = (strlist_t){arena_alloc(s->arena, sizeof(char *) * (size_t)(n + 1)), n};
	for (int i = 0; i < n; i++)
		out->items.v[i] = rows[i].value;
	return SVC_OK;
}
