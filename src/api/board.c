/* The cooperation board, walking the steps of cooperation: identify a
 * concern, brainstorm ideas (each credited to its author; only the author
 * can hand that credit to someone else, and every change lands in the credit
 * ledger), select a plan, implement it through action items with an owner
 * and a due date (linked to a goal), celebrate wins. Beside it the
 * relationship's streams: messages, pulse check-ins, the learning log. */
#include "api/rel.h"
#include "notify/notify.h" /* notify: message emails */

#include <string.h>

static const char *const concern_statuses[] = {"open", "planned", "resolved", NULL};
static const char *const action_statuses[] = {"open", "done", "dropped", NULL};
static const char *const directions[] = {"to_mentee", "to_mentor", NULL};

/* Loads a board record by id with its relationship for a member of the pair. */
typedef int (*getter_fn)(db_t *, int64_t, json_t **);

static json_t *load(req_t *r, getter_fn get, const char *what, int64_t id, relationship_t **rel)
{
	json_t *o = NULL;
	int st = get(r->db, id, &o);
	*rel = rel_child_access(r, st, o != NULL, json_integer_value(json_object_get(o, "relationship_id")),
				what, id);
	if (!*rel) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Ideas carry their concern's id; reach the relationship through it. */
static int idea_get_with_rel(db_t *db, int64_t id, json_t **out)
{
	int st = store_idea_get(db, id, out);
	if (st != DB_OK || !*out)
		return st;
	json_t *c = NULL;
	st = store_concern_get(db, json_integer_value(json_object_get(*out, "concern_id")), &c);
	if (st == DB_OK && c)
		json_object_set(*out, "relationship_id", json_object_get(c, "relationship_id"));
	json_decref(c);
	return st;
}

/* Commits and answers 201 with the record loaded by get(id). */
static void finish_created(req_t *r, int st, getter_fn get, int64_t id)
{
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *o = NULL;
	st = get(r->db, id, &o);
	rel_created(r, st, o);
}

/* ---- concerns ---- */

static void concerns_list(req_t *r)
{
	rel_list(r, REL_CONTENT, store_concern_list);
}

static void concern_add(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_BOARD))
		return;
	jin_t in;
	const char *title = NULL, *detail = "";
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "title", JIN_REQUIRED, 200, &title);
	jin_str(&in, "detail", 0, 5000, &detail);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	int st = store_concern_add(r->db, rel->id, r->who.user_id, title, detail, &id);
	finish_created(r, st, store_concern_get, id);
}

static void concern_get(req_t *r)
{
	relationship_t *rel;
	json_t *c = load(r, store_concern_get, "concern", r->id[0], &rel);
	json_t *ideas = NULL, *actions = NULL;
	if (!c)
		return;
	int st = store_idea_list(r->db, r->id[0], &ideas);
	if (st == DB_OK)
		st = store_action_list(r->db, rel->id, r->id[0], &actions);
	if (st != DB_OK) {
		json_decref(c), json_decref(ideas), json_decref(actions);
		resp_db(r, st);
		return;
	}
	json_object_set_new(c, "ideas", ideas);
	json_object_set_new(c, "actions", actions);
	resp_json(r, 200, c);
}

static void concern_patch(req_t *r)
{
	relationship_t *rel;
	json_t *c = load(r, store_concern_get, "concern", r->id[0], &rel);
	if (!c)
		return;
	jin_t in;
	const char *status = NULL;
	if (!jin_open(&in, r)) {
		json_decref(c);
		return;
	}
	jin_enum(&in, "status", JIN_REQUIRED, concern_statuses, &status);
	jin_close(&in);
	const char *plan = json_string_value(json_object_get(c, "plan"));
	int64_t idea = json_integer_value(json_object_get(c, "plan_idea_id"));
	if (jin_failed(&in) || !rel_phase_allows(r, rel, ACT_BOARD) || !api_begin(r)) {
		json_decref(c);
		return;
	}
	int st = store_concern_plan(r->db, r->id[0], plan, idea, status);
	json_decref(c);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		concern_get(r);
}

/* POST /concerns/{id}/plan {idea_id?, plan}: select the plan. */
static void plan_set(req_t *r)
{
	relationship_t *rel;
	json_t *c = load(r, store_concern_get, "concern", r->id[0], &rel);
	if (!c)
		return;
	json_decref(c);
	if (!rel_phase_allows(r, rel, ACT_BOARD))
		return;
	jin_t in;
	const char *plan = NULL;
	int64_t idea_id = 0;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "plan", JIN_REQUIRED, 5000, &plan);
	jin_int(&in, "idea_id", 0, 1, INT64_MAX, &idea_id);
	jin_close(&in);
	if (jin_failed(&in))
		return;
	if (idea_id) {
		json_t *idea = NULL;
		int st = store_idea_get(r->db, idea_id, &idea);
		bool ours = st == DB_OK && idea &&
			    json_integer_value(json_object_get(idea, "concern_id")) == r->id[0];
		json_decref(idea);
		if (st != DB_OK) {
			resp_db(r, st);
			return;
		}
		if (!ours) {
			verr_t v = {0};
			verr_add(&v, "idea_id", "is not an idea on this concern");
			resp_invalid(r, &v);
			return;
		}
	}
	if (!api_begin(r))
		return;
	int st = store_concern_plan(r->db, r->id[0], plan, idea_id, "planned");
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		concern_get(r);
}

/* ---- ideas and credit ---- */

static void ideas_list(req_t *r)
{
	relationship_t *rel;
	json_t *c = load(r, store_concern_get, "concern", r->id[0], &rel), *items = NULL;
	if (!c)
		return;
	json_decref(c);
	int st = store_idea_list(r->db, r->id[0], &items);
	rel_items(r, st, items);
}

static void idea_add(req_t *r)
{
	relationship_t *rel;
	json_t *c = load(r, store_concern_get, "concern", r->id[0], &rel);
	if (!c)
		return;
	json_decref(c);
	if (!rel_phase_allows(r, rel, ACT_BOARD))
		return;
	jin_t in;
	const char *text = NULL;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "text", JIN_REQUIRED, 2000, &text);
	/* The author is always the caller; there is no field to say otherwise. */
	if (jin_has(&in, "author_id") || jin_has(&in, "credited_to"))
		verr_add(&in.errs, jin_has(&in, "author_id") ? "author_id" : "credited_to",
			 "an idea is credited to whoever posts it");
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	int st = store_idea_add(r->db, r->id[0], r->who.user_id, text, &id);
	finish_created(r, st, store_idea_get, id);
}

/* PATCH /ideas/{id} {credited_to}: only the author may move the credit. */
static void idea_credit(req_t *r)
{
	relationship_t *rel;
	json_t *idea = load(r, idea_get_with_rel, "idea", r->id[0], &rel);
	if (!idea)
		return;
	int64_t author = json_integer_value(json_object_get(idea, "author_id"));
	int64_t current = json_integer_value(json_object_get(idea, "credited_to"));
	json_decref(idea);
	if (r->who.user_id != author) {
		resp_error(r, 403, "forbidden", "only the idea's author can change who it is credited to");
		return;
	}
	if (!rel_phase_allows(r, rel, ACT_BOARD))
		return;
	jin_t in;
	int64_t to = 0;
	if (!jin_open(&in, r))
		return;
	jin_int(&in, "credited_to", JIN_REQUIRED, 1, INT64_MAX, &to);
	jin_close(&in);
	if (to && to != rel->mentor_id && to != rel->mentee_id)
		verr_add(&in.errs, "credited_to", "must be the mentor or the mentee");
	if (jin_failed(&in) || !api_begin(r))
		return;
	int st = to == current ? DB_OK : store_idea_credit(r->db, r->id[0], current, to, r->who.user_id);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *out = NULL;
	st = store_idea_get(r->db, r->id[0], &out);
	if (st != DB_OK || !out)
		resp_db(r, st == DB_OK ? DB_ERROR : st);
	else
		resp_json(r, 200, out);
}

/* ---- actions ---- */

/* Checks owner (one of the pair) and goal (of this relationship). */
static int check_action(req_t *r, const relationship_t *rel, int64_t owner, int64_t goal_id, verr_t *v)
{
	if (owner != rel->mentor_id && owner != rel->mentee_id)
		verr_add(v, "owner_id", "must be the mentor or the mentee");
	if (!goal_id)
		return DB_OK;
	goal_row_t *g = NULL;
	int st = store_goal_get(r->db, r->arena, goal_id, &g);
	if (st == DB_OK && (!g || g->relationship_id != rel->id))
		verr_add(v, "goal_id", "is not a goal of this relationship");
	return st;
}

static void actions_list(req_t *r)
{
	relationship_t *rel;
	json_t *c = load(r, store_concern_get, "concern", r->id[0], &rel), *items = NULL;
	if (!c)
		return;
	json_decref(c);
	int st = store_action_list(r->db, rel->id, r->id[0], &items);
	rel_items(r, st, items);
}

static void rel_actions_list(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	json_t *items = NULL;
	if (rel) {
		int st = store_action_list(r->db, rel->id, 0, &items);
		rel_items(r, st, items);
	}
}

static void action_add(req_t *r)
{
	relationship_t *rel;
	json_t *c = load(r, store_concern_get, "concern", r->id[0], &rel);
	if (!c)
		return;
	json_decref(c);
	if (!rel_phase_allows(r, rel, ACT_BOARD))
		return;
	jin_t in;
	const char *title = NULL, *due = NULL;
	int64_t owner = 0, goal = 0;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "title", JIN_REQUIRED, 300, &title);
	jin_int(&in, "owner_id", JIN_REQUIRED, 1, INT64_MAX, &owner);
	jin_date(&in, "due_on", JIN_REQUIRED, &due);
	jin_int(&in, "goal_id", JIN_NULLABLE, 1, INT64_MAX, &goal);
	jin_close(&in);
	int st = in.errs.n ? DB_OK : check_action(r, rel, owner, goal, &in.errs);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	st = store_action_add(r->db, rel->id, r->id[0], title, owner, due, goal, r->who.user_id, &id);
	finish_created(r, st, store_action_get, id);
}

static void action_patch(req_t *r)
{
	relationship_t *rel;
	json_t *a = load(r, store_action_get, "action", r->id[0], &rel);
	if (!a)
		return;
	jin_t in;
	const char *title = arena_strdup(r->arena, json_string_value(json_object_get(a, "title")));
	const char *due = arena_strdup(r->arena, json_string_value(json_object_get(a, "due_on")));
	const char *status = arena_strdup(r->arena, json_string_value(json_object_get(a, "status")));
	int64_t owner = json_integer_value(json_object_get(a, "owner_id"));
	int64_t goal = json_integer_value(json_object_get(a, "goal_id"));
	json_decref(a);
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "title", 0, 300, &title);
	jin_int(&in, "owner_id", 0, 1, INT64_MAX, &owner);
	jin_date(&in, "due_on", 0, &due);
	jin_int(&in, "goal_id", JIN_NULLABLE, 1, INT64_MAX, &goal);
	jin_enum(&in, "status", 0, action_statuses, &status);
	jin_close(&in);
	if (title && !*title)
		verr_add(&in.errs, "title", "must not be empty");
	int st = in.errs.n ? DB_OK : check_action(r, rel, owner, goal, &in.errs);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (jin_failed(&in) || !rel_phase_allows(r, rel, ACT_BOARD) || !api_begin(r))
		return;
	st = store_action_update(r->db, r->id[0], title, owner, due, goal, status);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *out = NULL;
	st = store_action_get(r->db, r->id[0], &out);
	if (st != DB_OK || !out)
		resp_db(r, st == DB_OK ? DB_ERROR : st);
	else
		resp_json(r, 200, out);
}

/* ---- wins, messages, check-ins, learnings ---- */

static void wins_list(req_t *r)
{
	rel_list(r, REL_CONTENT, store_win_list);
}

static void win_add(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_BOARD))
		return;
	jin_t in;
	const char *text = NULL;
	int64_t goal = 0, idea = 0;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "text", JIN_REQUIRED, 2000, &text);
	jin_int(&in, "goal_id", JIN_NULLABLE, 1, INT64_MAX, &goal);
	jin_int(&in, "idea_id", JIN_NULLABLE, 1, INT64_MAX, &idea);
	jin_close(&in);
	int st = in.errs.n || !goal ? DB_OK : check_action(r, rel, rel->mentor_id, goal, &in.errs);
	if (st == DB_OK && idea && !in.errs.n) {
		json_t *i = NULL;
		st = idea_get_with_rel(r->db, idea, &i);
		if (st == DB_OK && (!i || json_integer_value(json_object_get(i, "relationship_id")) != rel->id))
			verr_add(&in.errs, "idea_id", "is not an idea of this relationship");
		json_decref(i);
	}
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	st = store_win_add(r->db, rel->id, r->who.user_id, text, goal, idea, &id);
	finish_created(r, st, store_win_get, id);
}

static void messages_list(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	json_t *items = NULL;
	if (!rel)
		return;
	int limit = http_limit(r, 100, 500);
	int st = store_message_list(r->db, rel->id, http_cursor(r), limit, &items);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	size_t n = json_array_size(items);
	int64_t last = n ? json_integer_value(json_object_get(json_array_get(items, n - 1), "id")) : 0;
	resp_list(r, items, (int)n, limit, last);
}

static void message_add(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_MESSAGE))
		return;
	jin_t in;
	const char *body = NULL;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "body", JIN_REQUIRED, 10000, &body);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	int st = store_message_add(r->db, rel->id, r->who.user_id, body, &id);
	if (st == DB_OK) /* notify: tell the other member */
		st = notify_message(r->db, r->arena, rel, r->who.user_id, id, body);
	finish_created(r, st, store_message_get, id);
}

static void checkins_list(req_t *r)
{
	rel_list(r, REL_CONTENT, store_checkin_list);
}

static void checkin_add(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_CHECKIN))
		return;
	jin_t in;
	int64_t mood = 0;
	const char *note = "";
	if (!jin_open(&in, r))
		return;
	jin_int(&in, "mood", JIN_REQUIRED, 1, 5, &mood);
	jin_str(&in, "note", 0, 2000, &note);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	int st = store_checkin_add(r->db, rel->id, r->who.user_id, (int)mood, note, &id);
	finish_created(r, st, store_checkin_get, id);
}

static void learnings_list(req_t *r)
{
	rel_list(r, REL_CONTENT, store_learning_list);
}

static void learning_add(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_LEARNING))
		return;
	jin_t in;
	const char *text = NULL;
	/* By default each logs what they learned: the mentor from the mentee. */
	const char *direction = rel_is_mentor(r, rel) ? "to_mentor" : "to_mentee";
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "text", JIN_REQUIRED, 5000, &text);
	jin_enum(&in, "direction", 0, directions, &direction);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	int st = store_learning_add(r->db, rel->id, r->who.user_id, direction, text, &id);
	finish_created(r, st, store_learning_get, id);
}

void api_board_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/relationships/{id}/concerns", concerns_list, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/concerns", concern_add, 0, NULL},
		{"GET", "/api/v1/concerns/{id}", concern_get, 0, NULL},
		{"PATCH", "/api/v1/concerns/{id}", concern_patch, 0, NULL},
		{"POST", "/api/v1/concerns/{id}/plan", plan_set, 0, NULL},
		{"GET", "/api/v1/concerns/{id}/ideas", ideas_list, 0, NULL},
		{"POST", "/api/v1/concerns/{id}/ideas", idea_add, 0, NULL},
		{"PATCH", "/api/v1/ideas/{id}", idea_credit, 0, NULL},
		{"GET", "/api/v1/concerns/{id}/actions", actions_list, 0, NULL},
		{"POST", "/api/v1/concerns/{id}/actions", action_add, 0, NULL},
		{"GET", "/api/v1/relationships/{id}/actions", rel_actions_list, 0, NULL},
		{"PATCH", "/api/v1/actions/{id}", action_patch, 0, NULL},
		{"GET", "/api/v1/relationships/{id}/wins", wins_list, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/wins", win_add, 0, NULL},
		{"GET", "/api/v1/relationships/{id}/messages", messages_list, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/messages", message_add, 0, NULL},
		{"GET", "/api/v1/relationships/{id}/checkins", checkins_list, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/checkins", checkin_add, 0, NULL},
		{"GET", "/api/v1/relationships/{id}/learnings", learnings_list, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/learnings", learning_add, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
