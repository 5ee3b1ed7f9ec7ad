/* The cooperation board, walking the steps of cooperation: identify a
 * concern, brainstorm ideas (each credited to its author; only the author
 * can hand that credit to someone else, and every change lands in the credit
 * ledger), select a plan, implement it through action items with an owner
 * (one of the pair), a due date and a goal of the relationship. Only the
 * mentor and the mentee see or change the board (svc_rel_access, content
 * level), and only in the phases that allow it (ACT_BOARD). */
#include "svc/board.h"
#include "svc/rel.h"

#include <string.h>

void svc_concern_out(const row_concern_t *r, Concern_t *out)
{
	*out = (Concern_t){.id = r->id, .relationship_id = r->relationship_id, .author_id = r->author_id,
			   .title = r->title, .detail = r->detail, .status = r->status, .plan = r->plan,
			   .plan_null = r->plan == NULL, .plan_idea_id = r->plan_idea_id,
			   .plan_idea_id_null = r->plan_idea_id_null, .created_at = r->created_at,
			   .updated_at = r->updated_at};
}

void svc_idea_out(const row_idea_t *r, Idea_t *out)
{
	*out = (Idea_t){.id = r->id, .concern_id = r->concern_id, .author_id = r->author_id,
			.credited_to = r->credited_to, .text = r->text, .created_at = r->created_at,
			.credit_changes = r->credit_changes};
}

void svc_action_out(const row_action_t *r, Action_t *out)
{
	*out = (Action_t){.id = r->id, .relationship_id = r->relationship_id, .concern_id = r->concern_id,
			  .concern_id_null = r->concern_id_null, .title = r->title, .owner_id = r->owner_id,
			  .due_on = r->due_on, .goal_id = r->goal_id, .goal_id_null = r->goal_id_null,
			  .status = r->status, .created_by = r->created_by, .created_at = r->created_at,
			  .updated_at = r->updated_at};
}

int svc_board_check_goal(svc_t *s, const relationship_t *rel, int64_t goal_id)
{
	if (!goal_id)
		return SVC_OK;
	int64_t owner_rel;
	int db = store_board_goal_rel(s->db, goal_id, &owner_rel);
	if (db != DB_OK)
		return svc_db(s, db);
	if (owner_rel != rel->id)
		svc_field(s, "goal_id", "is not a goal of this relationship");
	return SVC_OK;
}

int svc_board_end(svc_t *s, int db)
{
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

/* ---- lists into the API's shapes ---- */

static void ideas_out(svc_t *s, const row_idea_t *rows, int n, Idea_list_t *out)
{
	out->v = arena_alloc(s->arena, sizeof(Idea_t) * (size_t)(n + 1));
	out->n = n;
	for (int i = 0; i < n; i++)
		svc_idea_out(&rows[i], &out->v[i]);
}

static void actions_out(svc_t *s, const row_action_t *rows, int n, Action_list_t *out)
{
	out->v = arena_alloc(s->arena, sizeof(Action_t) * (size_t)(n + 1));
	out->n = n;
	for (int i = 0; i < n; i++)
		svc_action_out(&rows[i], &out->v[i]);
}

/* ---- concerns ---- */

/* Loads concern id and its relationship for a member of the pair (404 for
 * anyone who may not know the concern exists). */
static int concern_access(svc_t *s, int64_t id, row_concern_t **c, relationship_t **rel)
{
	int db = store_concern_get(s->db, s->arena, id, c);
	return svc_rel_child_access(s, db, *c != NULL, *c ? (*c)->relationship_id : 0, "concern", id, rel);
}

/* Concern id as saved, with its ideas and actions when whole. */
static int concern_answer(svc_t *s, int64_t id, bool whole, Concern_t *out)
{
	row_concern_t *c;
	int db = store_concern_get(s->db, s->arena, id, &c);
	if (db != DB_OK || !c)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	svc_concern_out(c, out);
	if (!whole)
		return SVC_OK;
	row_idea_t *ideas;
	row_action_t *actions;
	int n_ideas, n_actions;
	db = store_idea_list(s->db, s->arena, id, &ideas, &n_ideas);
	if (db == DB_OK)
		db = store_action_list(s->db, s->arena, c->relationship_id, id, &actions, &n_actions);
	if (db != DB_OK)
		return svc_db(s, db);
	ideas_out(s, ideas, n_ideas, &out->ideas);
	actions_out(s, actions, n_actions, &out->actions);
	out->has_ideas = out->has_actions = true;
	return SVC_OK;
}

int svc_concern_list(svc_t *s, const in_listConcerns_t *in, ConcernList_t *out)
{
	relationship_t *rel;
	row_concern_t *rows;
	int n;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	int db = store_concern_list(s->db, s->arena, rel->id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Concern_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		svc_concern_out(&rows[i], &out->items.v[i]);
	return SVC_OK;
}

int svc_concern_create(svc_t *s, const in_addConcern_t *in, Concern_t *out)
{
	const ConcernCreate_t *b = &in->body;
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (!st)
		st = svc_rel_phase(s, rel, ACT_BOARD);
	if (st || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	st = svc_board_end(s, store_concern_add(s->db, rel->id, s->uid, b->title, b->has_detail ? b->detail : "", &id));
	return st ? st : concern_answer(s, id, false, out);
}

int svc_concern_get(svc_t *s, const in_getConcern_t *in, Concern_t *out)
{
	row_concern_t *c;
	relationship_t *rel;
	int st = concern_access(s, in->id, &c, &rel);
	return st ? st : concern_answer(s, c->id, true, out);
}

/* A new status keeps the plan. */
int svc_concern_update(svc_t *s, const in_updateConcern_t *in, Concern_t *out)
{
	row_concern_t *c;
	relationship_t *rel;
	int st = concern_access(s, in->id, &c, &rel);
	if (!st)
		st = svc_rel_phase(s, rel, ACT_BOARD);
	if (st || (st = svc_begin(s)))
		return st;
	st = svc_board_end(s, store_concern_plan(s->db, c->id, c->plan, c->plan_idea_id_null ? 0 : c->plan_idea_id,
						 in->body.status));
	return st ? st : concern_answer(s, c->id, true, out);
}

/* Selects the plan, optionally from one of the concern's ideas: the
 * concern is then planned. */
int svc_concern_set_plan(svc_t *s, const in_setConcernPlan_t *in, Concern_t *out)
{
	const PlanSet_t *b = &in->body;
	row_concern_t *c;
	relationship_t *rel;
	int st = concern_access(s, in->id, &c, &rel);
	if (!st)
		st = svc_rel_phase(s, rel, ACT_BOARD);
	if (st)
		return st;
	int64_t idea_id = b->has_idea_id ? b->idea_id : 0;
	if (idea_id) {
		row_idea_t *idea;
		int db = store_idea_get(s->db, s->arena, idea_id, &idea);
		if (db != DB_OK)
			return svc_db(s, db);
		if (!idea || idea->concern_id != c->id)
			svc_field(s, "idea_id", "is not an idea on this concern");
	}
	if ((st = svc_check(s)) || (st = svc_begin(s)))
		return st;
	st = svc_board_end(s, store_concern_plan(s->db, c->id, b->plan, idea_id, "planned"));
	return st ? st : concern_answer(s, c->id, true, out);
}

/* ---- ideas and their credit ---- */

static int idea_answer(svc_t *s, int64_t id, Idea_t *out)
{
	row_idea_t *idea;
	int db = store_idea_get(s->db, s->arena, id, &idea);
	if (db != DB_OK || !idea)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	svc_idea_out(idea, out);
	return SVC_OK;
}

int svc_idea_list(svc_t *s, const in_listIdeas_t *in, IdeaList_t *out)
{
	row_concern_t *c;
	relationship_t *rel;
	row_idea_t *rows;
	int n;
	int st = concern_access(s, in->id, &c, &rel);
	if (st)
		return st;
	int db = store_idea_list(s->db, s->arena, c->id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	ideas_out(s, rows, n, &out->items);
	return SVC_OK;
}

/* The author is always the caller: the body has no field to say otherwise. */
int svc_idea_create(svc_t *s, const in_addIdea_t *in, Idea_t *out)
{
	row_concern_t *c;
	relationship_t *rel;
	int st = concern_access(s, in->id, &c, &rel);
	if (!st)
		st = svc_rel_phase(s, rel, ACT_BOARD);
	if (st || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	st = svc_board_end(s, store_idea_add(s->db, c->id, s->uid, in->body.text, &id));
	return st ? st : idea_answer(s, id, out);
}

/* Only the author hands the credit on, and only to one of the pair; taking
 * it back is a change like any other, and each lands in the ledger. */
int svc_idea_credit(svc_t *s, const in_creditIdea_t *in, Idea_t *out)
{
	row_idea_t *idea;
	relationship_t *rel;
	int db = store_idea_get(s->db, s->arena, in->id, &idea);
	int st = svc_rel_child_access(s, db, idea != NULL, idea ? idea->relationship_id : 0, "idea", in->id, &rel);
	if (st)
		return st;
	if (s->uid != idea->author_id)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden",
				"only the idea's author can change who it is credited to");
	if ((st = svc_rel_phase(s, rel, ACT_BOARD)))
		return st;
	int64_t to = in->body.credited_to;
	if (to != rel->mentor_id && to != rel->mentee_id)
		svc_field(s, "credited_to", "must be the mentor or the mentee");
	if ((st = svc_check(s)))
		return st;
	if (to != idea->credited_to) {
		if ((st = svc_begin(s)) ||
		    (st = svc_board_end(s, store_idea_credit(s->db, idea->id, idea->credited_to, to, s->uid))))
			return st;
	}
	return idea_answer(s, idea->id, out);
}

/* ---- action items ---- */

/* The owner is one of the pair; the goal, if any, one of the relationship's. */
static int check_action(svc_t *s, const relationship_t *rel, int64_t owner, int64_t goal_id)
{
	if (owner != rel->mentor_id && owner != rel->mentee_id)
		svc_field(s, "owner_id", "must be the mentor or the mentee");
	int st = svc_board_check_goal(s, rel, goal_id);
	return st ? st : svc_check(s);
}

static int action_answer(svc_t *s, int64_t id, Action_t *out)
{
	row_action_t *a;
	int db = store_action_get(s->db, s->arena, id, &a);
	if (db != DB_OK || !a)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	svc_action_out(a, out);
	return SVC_OK;
}

static int action_list(svc_t *s, const relationship_t *rel, int64_t concern_id, ActionList_t *out)
{
	row_action_t *rows;
	int n;
	int db = store_action_list(s->db, s->arena, rel->id, concern_id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	actions_out(s, rows, n, &out->items);
	return SVC_OK;
}

int svc_action_list(svc_t *s, const in_listActions_t *in, ActionList_t *out)
{
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	return st ? st : action_list(s, rel, 0, out);
}

int svc_action_list_concern(svc_t *s, const in_listConcernActions_t *in, ActionList_t *out)
{
	row_concern_t *c;
	relationship_t *rel;
	int st = concern_access(s, in->id, &c, &rel);
	return st ? st : action_list(s, rel, c->id, out);
}

int svc_action_create(svc_t *s, const in_addAction_t *in, Action_t *out)
{
	const ActionCreate_t *b = &in->body;
	row_concern_t *c;
	relationship_t *rel;
	int64_t goal_id = b->has_goal_id && !b->goal_id_null ? b->goal_id : 0;
	int st = concern_access(s, in->id, &c, &rel);
	if (!st)
		st = svc_rel_phase(s, rel, ACT_BOARD);
	if (st || (st = check_action(s, rel, b->owner_id, goal_id)) || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	st = svc_board_end(s, store_action_add(s->db, rel->id, c->id, b->title, b->owner_id, b->due_on, goal_id,
					       s->uid, &id));
	return st ? st : action_answer(s, id, out);
}

/* Only the fields present change; goal_id null unlinks the goal. */
int svc_action_update(svc_t *s, const in_updateAction_t *in, Action_t *out)
{
	const ActionPatch_t *b = &in->body;
	row_action_t *a;
	relationship_t *rel;
	int db = store_action_get(s->db, s->arena, in->id, &a);
	int st = svc_rel_child_access(s, db, a != NULL, a ? a->relationship_id : 0, "action", in->id, &rel);
	if (st)
		return st;
	const char *title = b->has_title ? b->title : a->title;
	const char *due_on = b->has_due_on ? b->due_on : a->due_on;
	const char *status = b->has_status ? b->status : a->status;
	int64_t owner = b->has_owner_id ? b->owner_id : a->owner_id;
	int64_t goal_id = a->goal_id_null ? 0 : a->goal_id;
	if (b->has_goal_id)
		goal_id = b->goal_id_null ? 0 : b->goal_id;
	if ((st = check_action(s, rel, owner, goal_id)) || (st = svc_rel_phase(s, rel, ACT_BOARD)) ||
	    (st = svc_begin(s)))
		return st;
	st = svc_board_end(s, store_action_update(s->db, a->id, title, owner, due_on, goal_id, status));
	return st ? st : action_answer(s, a->id, out);
}

/* ---- the board's page ---- */

/* Hands each concern its ideas (ordered by concern) and its actions (by
 * due date), from one query each rather than two per concern. */
static void group(svc_t *s, board_view_t *v, const row_idea_t *ideas, int n_ideas,
		  const row_action_t *actions, int n_actions)
{
	int k = 0;
	for (int i = 0; i < v->concerns.n; i++) {
		Concern_t *c = &v->concerns.v[i];
		while (k < n_ideas && ideas[k].concern_id < c->id)
			k++;
		int start = k;
		while (k < n_ideas && ideas[k].concern_id == c->id)
			k++;
		ideas_out(s, ideas + start, k - start, &c->ideas);
		c->actions.v = arena_alloc(s->arena, sizeof(Action_t) * (size_t)(n_actions + 1));
		for (int j = 0; j < n_actions; j++)
			if (!actions[j].concern_id_null && actions[j].concern_id == c->id)
				svc_action_out(&actions[j], &c->actions.v[c->actions.n++]);
		c->has_ideas = c->has_actions = true;
	}
}

int svc_board_view(svc_t *s, int64_t rel_id, board_view_t *out)
{
	memset(out, 0, sizeof(*out));
	int st = svc_rel_access(s, rel_id, SVC_REL_CONTENT, &out->rel);
	if (st)
		return st;
	row_concern_t *concerns;
	row_idea_t *ideas;
	row_action_t *actions;
	row_win_t *wins;
	int n_concerns, n_ideas, n_actions, n_wins;
	int db = store_concern_list(s->db, s->arena, rel_id, &concerns, &n_concerns);
	if (db == DB_OK)
		db = store_idea_list_rel(s->db, s->arena, rel_id, &ideas, &n_ideas);
	if (db == DB_OK)
		db = store_action_list(s->db, s->arena, rel_id, 0, &actions, &n_actions);
	if (db == DB_OK)
		db = store_win_list(s->db, s->arena, rel_id, &wins, &n_wins);
	if (db == DB_OK)
		db = store_board_goals(s->db, s->arena, rel_id, &out->goals, &out->n_goals);
	if (db != DB_OK)
		return svc_db(s, db);
	out->concerns.v = arena_alloc(s->arena, sizeof(Concern_t) * (size_t)(n_concerns + 1));
	out->concerns.n = n_concerns;
	for (int i = 0; i < n_concerns; i++)
		svc_concern_out(&concerns[i], &out->concerns.v[i]);
	group(s, out, ideas, n_ideas, actions, n_actions);
	out->wins.v = arena_alloc(s->arena, sizeof(Win_t) * (size_t)(n_wins + 1));
	out->wins.n = n_wins;
	for (int i = 0; i < n_wins; i++)
		svc_win_out(&wins[i], &out->wins.v[i]);
	return SVC_OK;
}
