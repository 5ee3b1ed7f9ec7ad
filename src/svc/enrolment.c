/* Self-enrolment: a program's managers open it to mentees, mentors or both
 * and say who is eligible (departments, locations, a career level range
 * per role); anyone signed in then sees the open programs with, per role,
 * whether they may enrol and why not, and enrols themselves. The rules read
 * the person's profile, so "why not" is always something they can check
 * (and often fix). The enrolment itself follows the rules of every
 * enrolment (svc_participant_enrol). Managers and administrators enrol
 * anyone through the participant services, whatever these rules say. */
#include "svc/participant.h"
#include "svc/program.h"
#include "core/buf.h"
#include "core/profile.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

#define ENROL_REASONS 6

/* "Engineering", "Engineering or Data", "Engineering, Data or Sales". */
static const char *either(arena_t *a, const strlist_t *l)
{
	buf_t b = BUF_INIT;
	for (int i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : i == l->n - 1 ? " or " : ", ", l->v[i]);
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static bool listed(arena_t *a, const strlist_t *l, const char *v)
{
	const char *n = profile_norm(a, v ? v : "");
	for (int i = 0; i < l->n; i++)
		if (!strcmp(profile_norm(a, l->v[i]), n))
			return true;
	return false;
}

/* "career level 3 to 6", "career level 5 or above", "career level 4 or below". */
static const char *levels(arena_t *a, int min, int max)
{
	if (min && max)
		return min == max ? arena_printf(a, "career level %d", min)
				  : arena_printf(a, "career level %d to %d", min, max);
	return min ? arena_printf(a, "career level %d or above", min) : arena_printf(a, "career level %d or below", max);
}

typedef struct judged {
	EnrolOption_t opt;
	const char *why[ENROL_REASONS];
} judged_t;

static void reason(judged_t *j, const char *why)
{
	if (j->opt.reasons.n < ENROL_REASONS)
		j->why[j->opt.reasons.n++] = why;
}

/* Whether the person with profile me may enrol in p as role, and why not;
 * enrolled: they hold the role already, other_role: they hold the other. */
static void judge(arena_t *a, const program_t *p, const profile_t *me, const char *role, bool enrolled,
		  bool other_role, EnrolOption_t *out)
{
	judged_t j = {.opt = {.role = role, .open = svc_program_open_to(p, role), .enrolled = enrolled}};
	bool mentor = !strcmp(role, "mentor");
	const char *people = mentor ? "Mentors" : "Mentees";
	if (!j.opt.open)
		reason(&j, arena_printf(a, "%s are enrolled by the program's managers.", people));
	if (!enrolled && other_role && strcmp(p->kind, "peer") != 0)
		reason(&j, arena_printf(a, "You are a %s here already; only peer programs take a person in both roles.",
					mentor ? "mentee" : "mentor"));
	if (p->eligible_departments.n) {
		const char *want = either(a, &p->eligible_departments);
		if (!me->department || !*me->department)
			reason(&j, arena_printf(a, "This program is for people in %s: add your department to your profile.",
						want));
		else if (!listed(a, &p->eligible_departments, me->department))
			reason(&j, arena_printf(a, "This program is for people in %s; your profile says %s.", want,
						me->department));
	}
	if (p->eligible_locations.n) {
		const char *want = either(a, &p->eligible_locations);
		if (!me->location || !*me->location)
			reason(&j, arena_printf(a, "This program is for people in %s: add your location to your profile.",
						want));
		else if (!listed(a, &p->eligible_locations, me->location))
			reason(&j, arena_printf(a, "This program is for people in %s; your profile says %s.", want,
						me->location));
	}
	int min = mentor ? p->mentor_seniority_min : p->mentee_seniority_min;
	int max = mentor ? p->mentor_seniority_max : p->mentee_seniority_max;
	if (min || max) {
		const char *want = levels(a, min, max);
		if (!me->seniority)
			reason(&j, arena_printf(a, "%s here are at %s: add your career level to your profile.", people,
						want));
		else if ((min && me->seniority < min) || (max && me->seniority > max))
			reason(&j, arena_printf(a, "%s here are at %s; your profile says level %d.", people, want,
						me->seniority));
	}
	*out = j.opt;
	if (enrolled) { /* nothing to explain: they are in */
		out->reasons.n = 0;
		return;
	}
	out->reasons.v = arena_alloc(a, sizeof(char *) * (size_t)(j.opt.reasons.n + 1));
	memcpy(out->reasons.v, j.why, sizeof(char *) * (size_t)j.opt.reasons.n);
	out->eligible = j.opt.reasons.n == 0;
}

/* Today as YYYY-MM-DD (UTC), to compare with programs' dates. */
static const char *today(arena_t *a)
{
	char t[32];
	time_format(time_now(), t, sizeof(t));
	return arena_strndup(a, t, 10);
}

int svc_enrolment_open_list(svc_t *s, const in_listOpenPrograms_t *in, OpenProgramList_t *out)
{
	int64_t after;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	int limit = in->has_limit ? (int)in->limit : 50, n = 0, nroles = 0;
	program_t *items;
	profile_t *me = NULL;
	row_participant_role_t *roles = NULL;
	int db = store_program_open_list(s->db, s->arena, after, today(s->arena), limit, &items, &n);
	if (db == DB_OK)
		db = store_profile_get(s->db, s->arena, s->uid, &me);
	if (db == DB_OK && n)
		db = sql_participant_roles_of(s->db, s->arena, s->uid, items[0].id, items[n - 1].id, &roles, &nroles);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items = (OpenProgram_list_t){arena_alloc(s->arena, sizeof(OpenProgram_t) * (size_t)(n + 1)), n};
	/* Both lists are in program id order: one merge. */
	for (int i = 0, k = 0; i < n; i++) {
		bool mentor = false, mentee = false;
		while (k < nroles && roles[k].program_id < items[i].id)
			k++;
		for (; k < nroles && roles[k].program_id == items[i].id; k++) {
			mentor |= !strcmp(roles[k].role, "mentor");
			mentee |= !strcmp(roles[k].role, "mentee");
		}
		OpenProgram_t *o = &out->items.v[i];
		svc_program_out(&items[i], &o->program);
		o->roles = (EnrolOption_list_t){arena_alloc(s->arena, sizeof(EnrolOption_t) * 2), 2};
		judge(s->arena, &items[i], me, "mentee", mentee, mentor, &o->roles.v[0]);
		judge(s->arena, &items[i], me, "mentor", mentor, mentee, &o->roles.v[1]);
	}
	out->next = svc_next_cursor(s, n, limit, n ? items[n - 1].id : 0);
	return SVC_OK;
}

/* Why the caller may not enrol, as one sentence. */
static const char *why_not(arena_t *a, const EnrolOption_t *o)
{
	buf_t b = BUF_INIT;
	for (int i = 0; i < o->reasons.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", o->reasons.v[i]);
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

int svc_enrolment_enrol(svc_t *s, const in_enrolMe_t *in, Participant_t *out)
{
	const EnrolSelf_t *b = &in->body;
	program_t *p = NULL;
	profile_t *me = NULL;
	bool member = false, mentor = false, mentee = false;
	int64_t one;
	int db = store_program_get(s->db, s->arena, in->id, &p);
	if (db == DB_OK && p)
		db = sql_program_member(s->db, p->id, s->uid, &one, &member);
	if (db != DB_OK)
		return svc_db(s, db);
	/* A program that takes nobody by themselves is not the caller's to know
	 * of unless they are in it. */
	if (!p || (!member && (!*p->open_to || p->archived_at)))
		return svc_not_found(s, "program", in->id);
	int st = svc_program_writable(s, p);
	if (st)
		return st;
	if (strcmp(p->ends_on, today(s->arena)) < 0)
		return svc_fail(s, SVC_CONFLICT, "conflict", "%s ended on %s", p->name, p->ends_on);
	if ((db = store_profile_get(s->db, s->arena, s->uid, &me)) != DB_OK ||
	    (db = store_roles_in(s->db, p->id, s->uid, &mentor, &mentee)) != DB_OK)
		return svc_db(s, db);
	bool as_mentor = !strcmp(b->role, "mentor");
	EnrolOption_t o;
	judge(s->arena, p, me, b->role, as_mentor ? mentor : mentee, as_mentor ? mentee : mentor, &o);
	if (o.enrolled) {
		svc_field(s, "role", "you are already a %s in %s", b->role, p->name);
		return svc_check(s);
	}
	if (!o.eligible)
		return svc_fail(s, SVC_FORBIDDEN, "not_eligible", "%s", why_not(s->arena, &o));
	participant_t part = {.user_id = s->uid, .role = b->role, .capacity = b->has_capacity ? (int)b->capacity : -1};
	if ((st = svc_begin(s)))
		return st;
	if ((st = svc_participant_enrol(s, p, &part)) || (st = svc_check(s)))
		return svc_abort(s, st);
	if ((db = store_audit(s->db, s->uid, "participant.enrol_self", "program", p->id, b->role)) != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	participant_t *made = NULL;
	if ((st = svc_db(s, store_participant_get(s->db, s->arena, p->id, s->uid, b->role, &made))))
		return st;
	if (!made)
		return svc_db(s, DB_ERROR);
	*out = (Participant_t){.id = made->id, .program_id = made->program_id, .user_id = made->user_id,
			       .role = made->role, .capacity = made->capacity, .name = made->name,
			       .email = made->email, .has_email = true, .department = made->department,
			       .created_at = made->created_at};
	return SVC_OK;
}
