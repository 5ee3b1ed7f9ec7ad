/* The relationship pages around the lifecycle: the list of my
 * relationships (or, for a program's managers, the program's), the
 * relationship hub with the phase progress, what the two have in common,
 * conversation starters and both people's meeting preferences; the
 * mentoring agreement both sign; the closing with reflection, survey and
 * thank-you note, then keep-in-touch; and the history. Every read and write
 * goes through the API in process (apicall.h), so phases and privacy are
 * the API's rules, not the page's. */
#include "web/rel_shared.h"

#include <string.h>

/* ---- the list ---- */

static json_t *list_row(req_t *r, json_t *rel, bool manager_view)
{
	int64_t mentor = json_integer_value(json_object_get(rel, "mentor_id"));
	bool i_mentor = mentor == r->who.user_id;
	const char *phase = json_string_value(json_object_get(rel, "phase"));
	json_t *other = json_object_get(rel, i_mentor ? "mentee" : "mentor");
	return json_pack("{s:O, s:O, s:O, s:o, s:s, s:s, s:O, s:O, s:o}",
		"id", json_object_get(rel, "id"), "program_id", json_object_get(rel, "program_id"),
		"program_name", json_object_get(rel, "program_name"),
		"other", page_str(json_string_value(json_object_get(other, "name"))),
		"my_role", manager_view ? "" : i_mentor ? "You mentor" : "Your mentor",
		"phase_label", relp_phase_label(phase),
		"mentor", json_object_get(json_object_get(rel, "mentor"), "name"),
		"mentee", json_object_get(json_object_get(rel, "mentee"), "name"),
		"next_step", page_str(json_string_value(json_object_get(rel, "next_step"))));
}

static void list(req_t *r)
{
	const char *pid = http_query(r, "program_id");
	int64_t program_id = 0;
	if (pid && !page_parse_int(pid, 1, INT64_MAX, &program_id)) {
		web_error(r, 404, "There is no program at this address.");
		return;
	}
	program_t *prog = NULL;
	bool manage = false;
	if (program_id && !page_program_access(r, program_id, true, &prog, &manage))
		return;
	const char *cur = http_query(r, "cursor");
	int64_t cursor = 0;
	if (cur && !page_parse_int(cur, 0, INT64_MAX, &cursor))
		cursor = 0;
	json_t *items = relp_get_items(r, program_id
		? arena_printf(r->arena, "/api/v1/relationships?program_id=%lld&cursor=%lld", (long long)program_id,
			       (long long)cursor)
		: arena_printf(r->arena, "/api/v1/relationships?cursor=%lld", (long long)cursor));
	if (!items)
		return;
	json_t *ctx = page_ctx(r, prog ? arena_printf(r->arena, "Relationships in %s", prog->name) :
			       "My relationships", "relationships");
	json_t *rows = json_array();
	size_t i;
	json_t *rel;
	json_array_foreach(items, i, rel)
		json_array_append_new(rows, list_row(r, rel, prog != NULL));
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "has_rows", json_boolean(json_array_size(items) > 0));
	if (prog)
		json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)prog->id,
							      "name", page_str(prog->name)));
	if (json_array_size(items) >= 50) {
		json_t *last = json_array_get(items, json_array_size(items) - 1);
		json_int_t id = json_integer_value(json_object_get(last, "id"));
		json_object_set_new(ctx, "next_url", page_str(prog ?
			arena_printf(r->arena, "/relationships?program_id=%lld&cursor=%lld", (long long)prog->id, (long long)id) :
			arena_printf(r->arena, "/relationships?cursor=%lld", (long long)id)));
	}
	json_decref(items);
	page_render(r, 200, "rel_list", ctx);
}

static void program_list(req_t *r)
{
	resp_redirect(r, arena_printf(r->arena, "/relationships?program_id=%lld", (long long)r->id[0]));
}

/* ---- the hub ---- */

static const char *common_label(const char *kind)
{
	static const char *const labels[] = {
		"learning_match", "Can learn from each other", "skill", "Shared skill",
		"interest", "Shared interest", "language", "Language in common",
		"availability", "Overlapping availability", "channel", "Same preferred channel",
		"department", "Same department", "location", "Same location", "background", "Shared background",
		"style", "Same meeting style", NULL};
	for (int i = 0; labels[i]; i += 2)
		if (kind && strcmp(kind, labels[i]) == 0)
			return labels[i + 1];
	return kind ? kind : "";
}

static json_t *prefs_json(json_t *p, const char *who, const char *name)
{
	const char *channel = json_string_value(json_object_get(p, "channel"));
	const char *style = json_string_value(json_object_get(p, "style"));
	const char *notes = json_string_value(json_object_get(p, "notes"));
	return json_pack("{s:s, s:o, s:s, s:s, s:o}", "who", who, "name", page_str(name),
			 "channel", channel ? page_channel_label(channel) : "No preference",
			 "style", style ? page_style_label(style) : "No preference",
			 "notes", page_str(notes && *notes ? notes : "—"));
}

static void hub(req_t *r)
{
	relp_t rp;
	if (!relp_load(r, r->id[0], &rp))
		return;
	json_t *ctx = relp_ctx(r, &rp, "Overview", "overview");
	json_t *common = json_array(), *c;
	size_t i;
	json_array_foreach(json_object_get(rp.rel, "commonalities"), i, c)
		json_array_append_new(common, json_pack("{s:s, s:O}", "label",
			common_label(json_string_value(json_object_get(c, "kind"))), "value", json_object_get(c, "value")));
	json_object_set_new(ctx, "common", common);
	json_object_set(ctx, "starters", json_object_get(rp.rel, "conversation_starters"));
	json_t *prefs = json_object_get(rp.rel, "preferences");
	if (prefs)
		json_object_set_new(ctx, "prefs", json_pack("[o, o]",
			prefs_json(json_object_get(prefs, "mentee"), "Mentee", relp_name(&rp, rp.mentee_id)),
			prefs_json(json_object_get(prefs, "mentor"), "Mentor", relp_name(&rp, rp.mentor_id))));
	json_object_set_new(ctx, "kickoff_phase", json_boolean(strcmp(rp.phase, "getting_to_know") == 0));
	json_object_set_new(ctx, "alumni_phase", json_boolean(strcmp(rp.phase, "completed") == 0 ||
							       strcmp(rp.phase, "alumni") == 0));
	json_object_set_new(ctx, "started", page_str(relp_when(r, rp.tz,
		json_string_value(json_object_get(rp.rel, "created_at")))));
	static const char *const done[] = {
		"created", "The relationship has been created. The two can start getting to know each other.",
		"accepted", "You have accepted the request. Welcome your mentee and propose the kickoff meeting.", NULL};
	relp_notice(r, ctx, done);
	relp_free(&rp);
	page_render(r, 200, "rel_overview", ctx);
}

/* ---- the agreement ---- */

enum { A_PURPOSE, A_RESULTS, A_CADENCE, A_WEEKS, A_CONF, A_COUNT };
static const struct {
	const char *name, *label, *hint;
	size_t max;
} afields[A_COUNT] = {
	[A_PURPOSE] = {"purpose", "Purpose", "Why you are working together; goals must be relevant to it.", 2000},
	[A_RESULTS] = {"expected_results", "Expected results", "What should be different at the end.", 2000},
	[A_CADENCE] = {"cadence_days", "Meet every (days)", "For example 14 for every two weeks.", 4},
	[A_WEEKS] = {"duration_weeks", "Duration (weeks)", "How long the mentoring runs; goals are due inside it.", 4},
	[A_CONF] = {"confidentiality", "Confidentiality", "What stays between you, and what may be shared.", 2000},
};
static const page_label_t alabels[] = {
	{"purpose", "Purpose", NULL}, {"expected_results", "Expected results", NULL},
	{"cadence_days", "Meet every (days)", NULL}, {"duration_weeks", "Duration (weeks)", NULL},
	{"confidentiality", "Confidentiality", NULL}, {"form", "Agreement", "f-purpose"}, {NULL, NULL, NULL}};
static const char *const adone[] = {
	"saved", "The agreement has been saved. Both of you sign it again.",
	"signed", "You have signed the agreement.", NULL};

static const char *json_text(json_t *o, const char *key, req_t *r)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	return "";
}

static void agreement_show(req_t *r, relp_t *rp, const char **typed, relform_t *f)
{
	api_result_t res;
	web_api(r, "GET", arena_printf(r->arena, "/api/v1/relationships/%lld/agreement", (long long)rp->id),
		NULL, &res);
	if (res.status != 200 && res.status != 404) {
		relp_fail(r, &res);
		api_result_free(&res);
		return;
	}
	json_t *ag = res.status == 200 ? res.body : NULL;
	json_t *ctx = relp_ctx(r, rp, "Agreement", "agreement"), *fl = json_object();
	for (int i = 0; i < A_COUNT; i++) {
		const char *v = typed ? typed[i] : ag ? json_text(ag, afields[i].name, r) : "";
		json_t *x = relp_field(afields[i].name, arena_printf(r->arena, "f-%s", afields[i].name),
				       afields[i].label, v, afields[i].hint, f, "agreement");
		if (i == A_CADENCE || i == A_WEEKS) {
			json_object_set_new(x, "inputmode", json_string("numeric"));
		} else {
			json_object_set_new(x, "rows", json_integer(3));
			json_object_set_new(x, "maxlength", json_integer((json_int_t)afields[i].max));
		}
		json_object_set_new(fl, afields[i].name, x);
	}
	json_object_set_new(ctx, "f", fl);
	if (ag) {
		const char *ms = json_string_value(json_object_get(ag, "mentor_signed_at"));
		const char *es = json_string_value(json_object_get(ag, "mentee_signed_at"));
		bool mine = rp->is_mentor ? ms != NULL : es != NULL;
		json_object_set_new(ctx, "agreement", json_pack("{s:o, s:o, s:o, s:o, s:b, s:b, s:O}",
			"mentor_signed", ms ? page_str(relp_when(r, rp->tz, ms)) : json_null(),
			"mentee_signed", es ? page_str(relp_when(r, rp->tz, es)) : json_null(),
			"mentor", page_str(relp_name(rp, rp->mentor_id)), "mentee", page_str(relp_name(rp, rp->mentee_id)),
			"can_sign", !mine, "both", ms && es, "version", json_object_get(ag, "version")));
	}
	relp_notice(r, ctx, adone);
	relp_summary(ctx, f, alabels);
	api_result_free(&res);
	page_render(r, f && f->status ? f->status : 200, "rel_agreement", ctx);
}

static void agreement(req_t *r)
{
	relp_t rp;
	if (!relp_load(r, r->id[0], &rp))
		return;
	agreement_show(r, &rp, NULL, NULL);
	relp_free(&rp);
}

static void agreement_save(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	if (!relp_load(r, r->id[0], &rp))
		return;
	const char *v[A_COUNT];
	for (int i = 0; i < A_COUNT; i++)
		v[i] = page_form_text(r, afields[i].name, afields[i].max, &f.errs);
	json_t *body = json_object();
	relp_put_text(body, "purpose", v[A_PURPOSE]);
	relp_put_text(body, "expected_results", v[A_RESULTS]);
	relp_put_number(body, "cadence_days", v[A_CADENCE]);
	relp_put_number(body, "duration_weeks", v[A_WEEKS]);
	relp_put_text(body, "confidentiality", v[A_CONF]);
	const char *path = arena_printf(r->arena, "/api/v1/relationships/%lld/agreement", (long long)rp.id);
	bool ok = !f.errs.n && relp_call(r, "PUT", path, body, "agreement", &f, NULL);
	json_decref(body);
	if (ok)
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/agreement?done=saved", (long long)rp.id));
	else {
		if (!f.status)
			f = (relform_t){.status = 422, .which = "agreement", .errs = f.errs};
		agreement_show(r, &rp, v, &f);
	}
	relp_free(&rp);
}

static void agreement_sign(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	if (!relp_load(r, r->id[0], &rp))
		return;
	const char *path = arena_printf(r->arena, "/api/v1/relationships/%lld/agreement/sign", (long long)rp.id);
	if (relp_call(r, "POST", path, NULL, "sign", &f, NULL))
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/agreement?done=signed", (long long)rp.id));
	else
		agreement_show(r, &rp, NULL, &f);
	relp_free(&rp);
}

/* ---- closing and keep-in-touch ---- */

enum { C_REFLECTION, C_SATISFACTION, C_GOALS, C_IMPORTANT, C_RECOMMEND, C_THANKS, C_EVERY, C_COUNT };
static const char *const cnames[C_COUNT] = {"reflection", "satisfaction", "goals_met", "mentor_important",
					    "would_recommend", "thank_you_note", "every_days"};
static const page_label_t clabels[] = {
	{"reflection", "Your reflection", NULL}, {"satisfaction", "Satisfaction", NULL},
	{"goals_met", "Goals met", NULL}, {"mentor_important", "Was your mentor important to your success?", NULL},
	{"would_recommend", "Would you recommend mentoring?", NULL}, {"thank_you_note", "Thank-you note", NULL},
	{"every_days", "Remind us every (days)", NULL}, {"form", "Closing", "f-reflection"}, {NULL, NULL, NULL}};
static const char *const cdone[] = {
	"closed", "Thank you. Your reflection and thank-you note have been saved.",
	"alumni", "You are now an alumni connection. Meet for a coffee now and then.", NULL};
static const page_opt_t yes_no[] = {{"", "Choose"}, {"yes", "Yes"}, {"no", "No"}, {NULL, NULL}};
static const page_opt_t every_opts[] = {
	{"30", "Every 30 days"}, {"60", "Every 60 days"}, {"90", "Every 90 days"},
	{"0", "No reminders"}, {NULL, NULL}};

static json_t *closure_json(req_t *r, relp_t *rp, json_t *c)
{
	int64_t uid = json_integer_value(json_object_get(c, "user_id"));
	json_t *rec = json_object_get(c, "would_recommend");
	return json_pack("{s:o, s:s, s:O, s:O, s:O, s:O, s:s, s:O, s:o}",
		"who", page_str(uid == r->who.user_id ? "You" : relp_name(rp, uid)), "role", uid == rp->mentor_id ? "mentor" : "mentee",
		"reflection", json_object_get(c, "reflection"), "satisfaction", json_object_get(c, "satisfaction"),
		"goals_met", json_object_get(c, "goals_met"), "mentor_important", json_object_get(c, "mentor_important"),
		"recommend", !rec || json_is_null(rec) ? "—" : json_is_true(rec) || json_integer_value(rec) ? "Yes" : "No",
		"thank_you_note", json_object_get(c, "thank_you_note"),
		"when", page_str(relp_when(r, rp->tz, json_string_value(json_object_get(c, "created_at")))));
}

static void closing_show(req_t *r, relp_t *rp, const char **typed, relform_t *f)
{
	json_t *items = relp_get_items(r, arena_printf(r->arena, "/api/v1/relationships/%lld/closing",
						       (long long)rp->id));
	if (!items)
		return;
	json_t *ctx = relp_ctx(r, rp, "Closing", "closing"), *closures = json_array(), *c;
	bool mine = false;
	size_t i;
	json_array_foreach(items, i, c) {
		mine |= json_integer_value(json_object_get(c, "user_id")) == r->who.user_id;
		json_array_append_new(closures, closure_json(r, rp, c));
	}
	json_decref(items);
	json_object_set_new(ctx, "closures", closures);
	bool ended = !strcmp(rp->phase, "completed") || !strcmp(rp->phase, "alumni");
	json_t *every = json_object_get(rp->rel, "keep_in_touch_days");
	const char *v[C_COUNT] = {"", "", "", "", "", "", json_is_integer(every) ?
		arena_printf(r->arena, "%lld", (long long)json_integer_value(every)) : "30"};
	for (int k = 0; typed && k < C_COUNT; k++)
		v[k] = typed[k];
	json_t *fl = json_object();
	json_t *x = relp_field("reflection", "f-reflection", "Your reflection", v[C_REFLECTION],
		"What changed for you, what worked, what you would do differently.", f, "close");
	json_object_set_new(x, "rows", json_integer(5));
	json_object_set_new(fl, "reflection", x);
	json_object_set_new(fl, "satisfaction", page_select("satisfaction", "How satisfied are you with the mentoring?",
		relp_ratings, v[C_SATISFACTION], NULL, f && f->which && !strcmp(f->which, "close") ? &f->errs : NULL));
	json_object_set_new(fl, "goals_met", page_select("goals_met", "How well were your goals met?",
		relp_ratings, v[C_GOALS], "Optional.", f && f->which && !strcmp(f->which, "close") ? &f->errs : NULL));
	if (rp->is_mentee)
		json_object_set_new(fl, "mentor_important", page_select("mentor_important",
			"Was your mentor important to your success?", relp_ratings, v[C_IMPORTANT],
			"1 = not at all, 5 = essential.", f && f->which && !strcmp(f->which, "close") ? &f->errs : NULL));
	json_object_set_new(fl, "would_recommend", page_select("would_recommend",
		"Would you recommend mentoring to a colleague?", yes_no, v[C_RECOMMEND], NULL,
		f && f->which && !strcmp(f->which, "close") ? &f->errs : NULL));
	x = relp_field("thank_you_note", "f-thank_you_note", "Thank-you note", v[C_THANKS],
		arena_printf(r->arena, "Say thank you to %s. It is sent by email and kept in your history.",
			     rp->is_mentor ? relp_name(rp, rp->mentee_id) : relp_name(rp, rp->mentor_id)), f, "close");
	json_object_set_new(x, "rows", json_integer(4));
	json_object_set_new(fl, "thank_you_note", x);
	json_object_set_new(fl, "every_days", page_select("every_days", "Remind us to keep in touch",
		every_opts, v[C_EVERY], NULL, f && f->which && !strcmp(f->which, "keep") ? &f->errs : NULL));
	json_object_set_new(ctx, "f", fl);
	json_object_set_new(ctx, "can_close", json_boolean(!mine && !ended && rp->member));
	json_object_set_new(ctx, "i_closed", json_boolean(mine));
	json_object_set_new(ctx, "ended", json_boolean(ended));
	json_object_set_new(ctx, "is_alumni", json_boolean(!strcmp(rp->phase, "alumni")));
	relp_notice(r, ctx, cdone);
	relp_summary(ctx, f, clabels);
	page_render(r, f && f->status ? f->status : 200, "rel_closing", ctx);
}

static void closing(req_t *r)
{
	relp_t rp;
	if (!relp_load(r, r->id[0], &rp))
		return;
	closing_show(r, &rp, NULL, NULL);
	relp_free(&rp);
}

static void close_rel(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	if (!relp_load(r, r->id[0], &rp))
		return;
	const char *v[C_COUNT];
	for (int i = 0; i < C_COUNT; i++)
		v[i] = page_form_text(r, cnames[i], 5000, &f.errs);
	json_t *body = json_object();
	relp_put_text(body, "reflection", v[C_REFLECTION]);
	relp_put_text(body, "thank_you_note", v[C_THANKS]);
	relp_put_number(body, "satisfaction", v[C_SATISFACTION]);
	relp_put_number(body, "goals_met", v[C_GOALS]);
	relp_put_number(body, "mentor_important", v[C_IMPORTANT]);
	if (*v[C_RECOMMEND])
		json_object_set_new(body, "would_recommend", json_boolean(!strcmp(v[C_RECOMMEND], "yes")));
	const char *path = arena_printf(r->arena, "/api/v1/relationships/%lld/close", (long long)rp.id);
	bool ok = !f.errs.n && relp_call(r, "POST", path, body, "close", &f, NULL);
	json_decref(body);
	if (ok) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/closing?done=closed", (long long)rp.id));
	} else {
		if (!f.status)
			f = (relform_t){.status = 422, .which = "close", .errs = f.errs};
		closing_show(r, &rp, v, &f);
	}
	relp_free(&rp);
}

static void keep_in_touch(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	if (!relp_load(r, r->id[0], &rp))
		return;
	const char *every = page_form_text(r, "every_days", 4, &f.errs);
	json_t *body = json_object();
	relp_put_number(body, "every_days", every);
	const char *path = arena_printf(r->arena, "/api/v1/relationships/%lld/keep-in-touch", (long long)rp.id);
	bool ok = !f.errs.n && relp_call(r, "POST", path, body, "keep", &f, NULL);
	json_decref(body);
	if (ok) {
		resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/closing?done=alumni", (long long)rp.id));
	} else {
		const char *v[C_COUNT] = {"", "", "", "", "", "", every};
		if (!f.status)
			f = (relform_t){.status = 422, .which = "keep", .errs = f.errs};
		closing_show(r, &rp, v, &f);
	}
	relp_free(&rp);
}

/* ---- history ---- */

static const char *event_label(const char *kind)
{
	static const char *const labels[] = {
		"created", "Relationship created", "phase", "Phase changed", "agreement", "Agreement saved",
		"agreement_signed", "Agreement signed", "goal_confirmed", "Goal confirmed by the mentor",
		"thank_you", "Thank-you note", "keep_in_touch", "Keep-in-touch set", NULL};
	for (int i = 0; labels[i]; i += 2)
		if (kind && strcmp(kind, labels[i]) == 0)
			return labels[i + 1];
	return kind ? kind : "";
}

static void history(req_t *r)
{
	relp_t rp;
	if (!relp_load(r, r->id[0], &rp))
		return;
	json_t *items = relp_get_items(r, arena_printf(r->arena, "/api/v1/relationships/%lld/history",
						       (long long)rp.id));
	if (!items) {
		relp_free(&rp);
		return;
	}
	json_t *ctx = relp_ctx(r, &rp, "History", "history"), *events = json_array(), *e;
	size_t i;
	json_array_foreach(items, i, e) {
		json_t *actor = json_object_get(e, "actor_id");
		const char *who = json_is_integer(actor) ? relp_who(r, &rp, json_integer_value(actor)) : "";
		json_array_append_new(events, json_pack("{s:s, s:O, s:o, s:o}", "label",
			event_label(json_string_value(json_object_get(e, "kind"))), "detail", json_object_get(e, "detail"),
			"who", page_str(*who ? who : json_is_integer(actor) ? "a program manager" : "mentord"),
			"when", page_str(relp_when(r, rp.tz, json_string_value(json_object_get(e, "at"))))));
	}
	json_decref(items);
	json_object_set_new(ctx, "events", events);
	relp_free(&rp);
	page_render(r, 200, "rel_history", ctx);
}

void web_rel_register(void)
{
	static const route_t routes[] = {
		{"GET", "/relationships", list, ROUTE_WEB, NULL},
		{"GET", "/programs/{id}/relationships", program_list, ROUTE_WEB, NULL},
		{"GET", "/relationships/{id}", hub, ROUTE_WEB, NULL},
		{"GET", "/relationships/{id}/agreement", agreement, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/agreement", agreement_save, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/agreement/sign", agreement_sign, ROUTE_WEB, NULL},
		{"GET", "/relationships/{id}/closing", closing, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/close", close_rel, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/keep-in-touch", keep_in_touch, ROUTE_WEB, NULL},
		{"GET", "/relationships/{id}/history", history, ROUTE_WEB, NULL},
	};
	relp_register_static();
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
