/* The dashboard at "/": who you are, the programs you take part in and your
 * role in each, your relationships with their phase and next step, mentor
 * requests waiting for your answer, a nudge when your profile is thin
 * (matching depends on it), the inbox of what waits first (web/inbox.c),
 * and for administrators and managers the counts
 * and links they need most (each managed program's matching page). Every
 * figure comes from the services (svc/participant.h, svc/relationship.h). */
#include "web/page.h"
#include "web/page_types.h"
#include "web/inbox.h"
#include "web/rel_shared.h"
#include "svc/health.h"
#include "svc/mentors.h"
#include "svc/participant.h"

#include <string.h>

#define HOME_PROGRAMS 50
#define HOME_RELATIONSHIPS 50
#define HOME_HEALTH 5 /* programs whose health summary the dashboard shows */

/* "Manager, Mentor" for the programs list. */
static const char *roles_label(req_t *r, const svc_my_program_t *m)
{
	const char *parts[3];
	int n = 0;
	if (m->manager)
		parts[n++] = "Manager";
	if (m->mentor)
		parts[n++] = "Mentor";
	if (m->mentee)
		parts[n++] = "Mentee";
	if (n == 0)
		return "—";
	return n == 1 ? parts[0] : n == 2 ? arena_printf(r->arena, "%s, %s", parts[0], parts[1])
		     : arena_printf(r->arena, "%s, %s, %s", parts[0], parts[1], parts[2]);
}

/* Adds "programs" and, for managers, the sums over them. */
static int add_programs(req_t *r, svc_t *s, json_t *ctx)
{
	svc_my_program_t *items;
	int n;
	bool more;
	int st = svc_participant_my_programs(s, HOME_PROGRAMS, &items, &n, &more);
	if (st)
		return st;
	json_t *list = json_array();
	int64_t mentors = 0, mentees = 0;
	for (int i = 0; i < n; i++) {
		const Program_t *p = &items[i].program;
		mentors += p->mentors;
		mentees += p->mentees;
		json_array_append_new(list, json_pack("{s:I, s:o, s:s, s:o, s:o, s:I, s:I, s:o, s:b}",
			"id", (json_int_t)p->id, "name", page_str(p->name), "kind", page_kind_label(p->kind),
			"starts_on", page_str(p->starts_on), "ends_on", page_str(p->ends_on),
			"mentors", (json_int_t)p->mentors, "mentees", (json_int_t)p->mentees,
			"roles", page_str(roles_label(r, &items[i])),
			"manages", r->who.role == ROLE_ADMIN || items[i].manager));
	}
	json_object_set_new(ctx, "programs", list);
	/* What needs action in the programs the viewer manages, first. */
	json_t *needs = json_array();
	for (int i = 0, shown = 0; i < n && shown < HOME_HEALTH; i++) {
		if (!items[i].manager && r->who.role != ROLE_ADMIN)
			continue;
		health_needs_t nd;
		if ((st = svc_health_needs(s, items[i].program.id, &nd)))
			return st;
		shown++;
		json_array_append_new(needs, json_pack("{s:I, s:o, s:i, s:i, s:i, s:i, s:i}",
			"id", (json_int_t)items[i].program.id, "name", page_str(items[i].program.name),
			"at_risk", nd.at_risk, "gone_quiet", nd.gone_quiet, "not_started", nd.not_started,
			"awaiting_match", nd.awaiting_match, "pending_requests", nd.pending_requests));
	}
	json_object_set_new(ctx, "has_needs", json_boolean(json_array_size(needs) > 0));
	json_object_set_new(ctx, "needs", needs);
	json_object_set_new(ctx, "has_programs", json_boolean(n > 0));
	json_object_set_new(ctx, "more_programs", json_boolean(more));
	if (r->who.role == ROLE_MANAGER)
		json_object_set_new(ctx, "counts", json_pack("{s:i, s:I, s:I}", "programs", n,
			"mentors", (json_int_t)mentors, "mentees", (json_int_t)mentees));
	return SVC_OK;
}

static int add_admin_counts(svc_t *s, json_t *ctx)
{
	store_counts_t c;
	int st = svc_participant_totals(s, &c);
	if (st == SVC_OK)
		json_object_set_new(ctx, "counts", json_pack("{s:I, s:I, s:I, s:I}",
			"people", (json_int_t)c.people, "programs", (json_int_t)c.programs,
			"mentors", (json_int_t)c.mentors, "mentees", (json_int_t)c.mentees));
	return st;
}

/* Adds the viewer's own relationships (no health: the dashboard does not
 * show it) and the mentor requests waiting for them. */
static int add_relationships(req_t *r, svc_t *s, json_t *ctx)
{
	in_listRelationships_t q = {.has_limit = true, .limit = HOME_RELATIONSHIPS};
	RelationshipList_t list = {0};
	int st = svc_relationship_page(s, &q, false, &list);
	if (st)
		return st;
	json_t *rows = json_array();
	for (int i = 0; i < list.items.n; i++) {
		const Relationship_t *rel = &list.items.v[i];
		bool mentor = rel->mentor_id == r->who.user_id;
		json_array_append_new(rows, json_pack("{s:I, s:o, s:s, s:o, s:s, s:o}", "id", (json_int_t)rel->id,
			"other", page_str(mentor ? rel->mentee.name : rel->mentor.name),
			"my_role", mentor ? "You mentor" : "Your mentor", "program", page_str(rel->program_name),
			"phase", relp_state_label(rel), "next_step", page_str(rel->next_step)));
	}
	json_object_set_new(ctx, "has_relationships", json_boolean(list.items.n > 0));
	json_object_set_new(ctx, "relationships", rows);
	int pending = 0;
	relp_requests_to_me(r, &pending);
	json_object_set_new(ctx, "pending_requests", json_integer(pending));
	json_object_set_new(ctx, "requests_plural", json_boolean(pending > 1));
	return SVC_OK;
}

/* A mentee's next steps (issue 13): in each of her programs where she has
 * no mentor yet, "Find a mentor" (the mentors page; in a self-match program
 * the recommendations too), and the requests she sent that wait for an
 * answer. */
static int add_mentor_steps(req_t *r, svc_t *s, json_t *ctx)
{
	mentor_steps_t m;
	int st = svc_mentor_steps(s, &m);
	if (st)
		return st;
	json_t *find = json_array(), *pending = json_array();
	for (int i = 0; i < m.n_programs; i++) {
		const row_mentee_step_t *p = &m.programs[i];
		if (p->active > 0 || p->pending > 0)
			continue;
		json_array_append_new(find, json_pack("{s:I, s:o, s:b}", "id", (json_int_t)p->program_id,
						      "name", page_str(p->name), "self", !strcmp(p->matching, "self")));
	}
	for (int i = 0; i < m.n_pending; i++) {
		const row_pending_request_t *q = &m.pending[i];
		json_array_append_new(pending, json_pack("{s:I, s:o, s:o}", "program_id", (json_int_t)q->program_id,
			"program", page_str(q->program_name), "mentor", page_str(q->mentor_name)));
	}
	json_object_set_new(ctx, "find_mentor", find);
	json_object_set_new(ctx, "my_requests", pending);
	return SVC_OK;
}

void page_home(req_t *r, const void *in, const verr_t *errs)
{
	svc_t s;
	bool thin = false;
	page_svc(r, &s);
	json_t *ctx = page_ctx(r, "Dashboard", "home");
	json_object_set_new(ctx, "role_label", page_str(r->who.role == ROLE_ADMIN ? "Administrator" :
		r->who.role == ROLE_MANAGER ? "Program manager" : "Member"));
	int st = add_programs(r, &s, ctx);
	if (st == SVC_OK && r->who.role == ROLE_ADMIN)
		st = add_admin_counts(&s, ctx);
	if (st == SVC_OK && (st = svc_participant_profile_thin(&s, &thin)) == SVC_OK)
		json_object_set_new(ctx, "profile_thin", json_boolean(thin));
	if (st == SVC_OK)
		st = add_relationships(r, &s, ctx);
	if (st == SVC_OK)
		st = add_mentor_steps(r, &s, ctx);
	if (st == SVC_OK)
		st = web_inbox_json(r, ctx);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	page_render(r, 200, "dashboard", ctx);
}

