/* Programs: administrators and managers create them; a program's managers
 * (and administrators) edit them, set who may enrol themselves, and archive
 * and restore them; participants read the programs they are in. A manager
 * who creates a program always manages it. An archived program is
 * read-only: every service that writes into one asks
 * svc_program_writable first. */
#include "svc/svc.h"
#include "svc/program.h"
#include "core/profile.h"
#include "core/text.h"
#include "store/stmts.h"

#include <string.h>

/* open_to as the API's list of roles. */
static strlist_t open_roles(const char *open_to)
{
	static const char *roles[] = {"mentee", "mentor"};
	if (!open_to || !*open_to)
		return (strlist_t){NULL, 0};
	if (!strcmp(open_to, "both"))
		return (strlist_t){roles, 2};
	return (strlist_t){!strcmp(open_to, "mentor") ? &roles[1] : &roles[0], 1};
}

void svc_program_out(const program_t *p, Program_t *out)
{
	*out = (Program_t){.id = p->id, .name = p->name, .description = p->description, .kind = p->kind,
			   .starts_on = p->starts_on, .ends_on = p->ends_on, .matching = p->matching,
			   .cadence_days = p->cadence_days, .max_mentors_per_mentee = p->max_mentors_per_mentee,
			   .weights = p->weights, .managers = {p->managers, p->n_managers},
			   .mentors = p->n_mentors, .mentees = p->n_mentees, .created_at = p->created_at,
			   .updated_at = p->updated_at, .archived_at = p->archived_at,
			   .archived_at_null = p->archived_at == 0};
	Enrolment_t *e = &out->enrolment;
	*e = (Enrolment_t){.open_to = open_roles(p->open_to), .departments = p->eligible_departments,
			   .locations = p->eligible_locations,
			   .mentee_seniority_min = p->mentee_seniority_min,
			   .mentee_seniority_min_null = !p->mentee_seniority_min,
			   .mentee_seniority_max = p->mentee_seniority_max,
			   .mentee_seniority_max_null = !p->mentee_seniority_max,
			   .mentor_seniority_min = p->mentor_seniority_min,
			   .mentor_seniority_min_null = !p->mentor_seniority_min,
			   .mentor_seniority_max = p->mentor_seniority_max,
			   .mentor_seniority_max_null = !p->mentor_seniority_max};
}

int svc_program_writable(svc_t *s, const program_t *p)
{
	if (!p->archived_at)
		return SVC_OK;
	return svc_fail(s, SVC_CONFLICT, "archived",
			"%s is archived: it can be read but not changed; a manager can restore it", p->name);
}

bool svc_program_open_to(const program_t *p, const char *role)
{
	return p->open_to && (!strcmp(p->open_to, "both") || !strcmp(p->open_to, role));
}

/* Trimmed, without empty or repeated entries (ignoring case and spacing). */
static strlist_t distinct(svc_t *s, const strlist_t *in)
{
	strlist_t out = {arena_alloc(s->arena, sizeof(char *) * (size_t)(in->n + 1)), 0};
	const char **norms = arena_alloc(s->arena, sizeof(char *) * (size_t)(in->n + 1));
	for (int i = 0; i < in->n; i++) {
		const char *v = text_trim(s->arena, in->v[i], strlen(in->v[i])), *n = profile_norm(s->arena, v);
		bool dup = !*v;
		for (int j = 0; !dup && j < out.n; j++)
			dup = !strcmp(norms[j], n);
		if (!dup) {
			norms[out.n] = n;
			out.v[out.n++] = v;
		}
	}
	return out;
}

/* Applies the enrolment rules present in b to p; problems under
 * enrolment.FIELD. */
static void apply_enrolment(svc_t *s, program_t *p, const EnrolmentPatch_t *b)
{
	if (b->has_open_to) {
		bool mentee = false, mentor = false;
		for (int i = 0; i < b->open_to.n; i++) {
			mentee |= !strcmp(b->open_to.v[i], "mentee");
			mentor |= !strcmp(b->open_to.v[i], "mentor");
		}
		p->open_to = mentee && mentor ? "both" : mentee ? "mentee" : mentor ? "mentor" : "";
	}
	if (b->has_departments)
		p->eligible_departments = distinct(s, &b->departments);
	if (b->has_locations)
		p->eligible_locations = distinct(s, &b->locations);
	if (b->has_mentee_seniority_min)
		p->mentee_seniority_min = b->mentee_seniority_min_null ? 0 : (int)b->mentee_seniority_min;
	if (b->has_mentee_seniority_max)
		p->mentee_seniority_max = b->mentee_seniority_max_null ? 0 : (int)b->mentee_seniority_max;
	if (b->has_mentor_seniority_min)
		p->mentor_seniority_min = b->mentor_seniority_min_null ? 0 : (int)b->mentor_seniority_min;
	if (b->has_mentor_seniority_max)
		p->mentor_seniority_max = b->mentor_seniority_max_null ? 0 : (int)b->mentor_seniority_max;
	if (p->mentee_seniority_min && p->mentee_seniority_max && p->mentee_seniority_max < p->mentee_seniority_min)
		svc_field(s, "enrolment.mentee_seniority_max", "must not be below the lowest career level (%d)",
			  p->mentee_seniority_min);
	if (p->mentor_seniority_min && p->mentor_seniority_max && p->mentor_seniority_max < p->mentor_seniority_min)
		svc_field(s, "enrolment.mentor_seniority_max", "must not be below the lowest career level (%d)",
			  p->mentor_seniority_min);
}

/* Every listed manager must be an active user with the manager or admin role. */
static int check_managers(svc_t *s, const i64list_t *ids)
{
	for (int i = 0; i < ids->n; i++) {
		user_t *u = NULL;
		int st = store_user_get(s->db, s->arena, ids->v[i], &u);
		if (st != DB_OK)
			return svc_db(s, st);
		if (!u || !u->active || u->role < ROLE_MANAGER) {
			svc_field(s, "managers", "user %lld is not an active manager or admin", (long long)ids->v[i]);
			break;
		}
	}
	return SVC_OK;
}

static void check_dates(svc_t *s, const program_t *p)
{
	if (!verr_has(&s->fields, "starts_on") && !verr_has(&s->fields, "ends_on") &&
	    strcmp(p->starts_on, p->ends_on) > 0)
		svc_field(s, "ends_on", "must not be before starts_on");
}

/* Writes the program's managers and an audit line, and commits. */
static int save(svc_t *s, program_t *p, const i64list_t *managers, bool create, const char *action)
{
	int st = svc_begin(s);
	if (st)
		return st;
	int db = DB_OK;
	p->weights_json = store_weights_text(s->arena, &p->weights);
	if (create)
		db = store_program_insert(s->db, p, s->uid, &p->id);
	else
		db = store_program_update(s->db, p);
	if (db == DB_OK)
		db = store_program_set_enrolment(s->db, s->arena, p);
	if (db == DB_OK && managers)
		db = store_program_set_managers(s->db, p->id, managers->v, managers->n);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, action, "program", p->id, p->name);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

static int answer(svc_t *s, int64_t id, Program_t *out)
{
	program_t *p;
	int st = store_program_get(s->db, s->arena, id, &p);
	if (st != DB_OK || !p)
		return svc_db(s, st == DB_OK ? DB_ERROR : st);
	svc_program_out(p, out);
	return SVC_OK;
}

int svc_program_create(svc_t *s, const in_createProgram_t *in, Program_t *out)
{
	const ProgramCreate_t *b = &in->body;
	int st = svc_require_role(s, ROLE_MANAGER);
	if (st)
		return st;
	program_t p = {.name = b->name, .description = b->has_description ? b->description : "",
		       .kind = b->has_kind ? b->kind : "one_to_one", .starts_on = b->starts_on,
		       .ends_on = b->ends_on, .matching = b->has_matching ? b->matching : "optimal",
		       .cadence_days = b->has_cadence_days ? (int)b->cadence_days : 14,
		       .max_mentors_per_mentee = b->has_max_mentors_per_mentee ? (int)b->max_mentors_per_mentee : 2};
	if (b->has_weights)
		p.weights = b->weights;
	p.open_to = "";
	if (b->has_enrolment)
		apply_enrolment(s, &p, &b->enrolment);
	i64list_t managers = b->has_managers ? b->managers : (i64list_t){0};
	check_dates(s, &p);
	if ((st = check_managers(s, &managers)) || (st = svc_check(s)))
		return st;
	if (s->role == ROLE_MANAGER) {
		bool listed = false;
		for (int i = 0; i < managers.n; i++)
			listed |= managers.v[i] == s->uid;
		if (!listed) {
			int64_t *all = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(managers.n + 1));
			if (managers.n)
				memcpy(all, managers.v, sizeof(int64_t) * (size_t)managers.n);
			all[managers.n] = s->uid;
			managers = (i64list_t){all, managers.n + 1};
		}
	}
	svc_scope_new_program(s);
	if ((st = save(s, &p, &managers, true, "program.create")))
		return st;
	return answer(s, p.id, out);
}

int svc_program_get(svc_t *s, const in_getProgram_t *in, Program_t *out)
{
	program_t *p;
	int st = svc_program_access(s, in->id, false, &p);
	if (st)
		return st;
	svc_program_out(p, out);
	return SVC_OK;
}

int svc_program_list(svc_t *s, const in_listPrograms_t *in, ProgramList_t *out)
{
	int64_t after;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	int limit = in->has_limit ? (int)in->limit : 50, n;
	program_t *items;
	int st = store_program_list(s->db, s->arena, s->uid, s->role, after, limit, &items, &n);
	if (st != DB_OK)
		return svc_db(s, st);
	out->items.v = arena_alloc(s->arena, sizeof(Program_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		svc_program_out(&items[i], &out->items.v[i]);
	out->next = svc_next_cursor(s, n, limit, n ? items[n - 1].id : 0);
	return SVC_OK;
}

int svc_program_update(svc_t *s, const in_updateProgram_t *in, Program_t *out)
{
	const ProgramPatch_t *b = &in->body;
	program_t *p;
	int st = svc_program_access(s, in->id, true, &p);
	if (st || (st = svc_program_writable(s, p)))
		return st;
	if (b->has_name)
		p->name = b->name;
	if (b->has_description)
		p->description = b->description;
	if (b->has_kind)
		p->kind = b->kind;
	if (b->has_starts_on)
		p->starts_on = b->starts_on;
	if (b->has_ends_on)
		p->ends_on = b->ends_on;
	if (b->has_matching)
		p->matching = b->matching;
	if (b->has_cadence_days)
		p->cadence_days = (int)b->cadence_days;
	if (b->has_max_mentors_per_mentee)
		p->max_mentors_per_mentee = (int)b->max_mentors_per_mentee;
	if (b->has_weights)
		p->weights = b->weights;
	if (b->has_enrolment)
		apply_enrolment(s, p, &b->enrolment);
	check_dates(s, p);
	if (b->has_managers && b->managers.n == 0)
		svc_field(s, "managers", "a program needs at least one manager");
	if ((st = check_managers(s, b->has_managers ? &b->managers : &(i64list_t){0})) || (st = svc_check(s)))
		return st;
	if ((st = save(s, p, b->has_managers ? &b->managers : NULL, false, "program.update")))
		return st;
	return answer(s, p->id, out);
}

/* Archives or restores the program (its managers and administrators). */
static int set_archived(svc_t *s, int64_t id, bool archive, Program_t *out)
{
	program_t *p;
	bool changed = false;
	int st = svc_program_access(s, id, true, &p);
	if (st || (st = svc_begin(s)))
		return st;
	int db = store_program_set_archived(s->db, p->id, archive, s->uid, &changed);
	if (db == DB_OK && changed)
		db = store_audit(s->db, s->uid, archive ? "program.archive" : "program.restore", "program", p->id, p->name);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if (!changed)
		return svc_abort(s, archive ? svc_fail(s, SVC_CONFLICT, "archived", "%s is already archived", p->name)
					    : svc_fail(s, SVC_CONFLICT, "conflict", "%s is not archived", p->name));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, p->id, out);
}

int svc_program_archive(svc_t *s, const in_archiveProgram_t *in, Program_t *out)
{
	return set_archived(s, in->id, true, out);
}

int svc_program_restore(svc_t *s, const in_restoreProgram_t *in, Program_t *out)
{
	return set_archived(s, in->id, false, out);
}

int svc_program_view(svc_t *s, int64_t id, program_view_t *out)
{
	memset(out, 0, sizeof(*out));
	int st = svc_program_access(s, id, false, &out->program);
	if (st)
		return st;
	program_t *p = out->program;
	bool manager = s->role == ROLE_ADMIN, mentor = false, mentee = false;
	int db = DB_OK;
	if (!manager && s->role >= ROLE_MANAGER)
		db = store_program_is_manager(s->db, id, s->uid, &manager);
	if (db == DB_OK && !strcmp(p->matching, "self"))
		db = store_roles_in(s->db, id, s->uid, &mentor, &mentee);
	out->managers = arena_alloc(s->arena, sizeof(user_t) * (size_t)(p->n_managers + 1));
	for (int i = 0; db == DB_OK && i < p->n_managers; i++) {
		user_t *u = NULL;
		db = store_user_get(s->db, s->arena, p->managers[i], &u);
		if (db == DB_OK && u)
			out->managers[out->n_managers++] = *u;
	}
	if (db != DB_OK)
		return svc_db(s, db);
	out->can_manage = manager;
	out->can_ask = mentee;
	return SVC_OK;
}

int svc_program_open_relationships(svc_t *s, int64_t id, int64_t *n)
{
	program_t *p;
	bool found;
	int st = svc_program_access(s, id, true, &p);
	return st ? st : svc_db(s, sql_program_open_relationships(s->db, p->id, n, &found));
}

int svc_program_managers_by_email(svc_t *s, const strlist_t *emails, const char *field, i64list_t *out)
{
	out->v = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(emails->n + 1));
	out->n = 0;
	for (int i = 0; i < emails->n; i++) {
		user_t *u = NULL;
		int st = store_user_by_email(s->db, s->arena, emails->v[i], &u, NULL);
		if (st != DB_OK)
			return svc_db(s, st);
		if (!u || !u->active || u->role < ROLE_MANAGER) {
			svc_field(s, field, "%s is not an active manager or administrator", emails->v[i]);
			continue;
		}
		bool dup = false;
		for (int j = 0; j < out->n; j++)
			dup |= out->v[j] == u->id;
		if (!dup)
			out->v[out->n++] = u->id;
	}
	return SVC_OK;
}
