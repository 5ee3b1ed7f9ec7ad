/* Finding a mentor, as a page (/mentors): the mentors of the programs the
 * reader takes part in or manages, never anyone else's, searched by words
 * and filtered by skill, department, language, program and a place left,
 * a page of cards at a time. Each card shows what helps to choose (headline,
 * about, department, location, languages, skills, interests, places left
 * per program) and, where the reader may ask this mentor (a self-match
 * program where she is a mentee), leads to the program's recommendations,
 * which give their reasons and the button that asks. The filter inputs
 * suggest what others entered (a datalist, no script). Everything comes
 * from svc_mentor_search, which the API's GET /mentors answers with too. */
#include "web/page.h"
#include "web/page_types.h"
#include "svc/mentors.h"
#include "core/buf.h"

#include <string.h>

#define MENTORS_PAGE 20
#define SUGGESTIONS 200

static void put_param(buf_t *b, const char *name, bool has, const char *v)
{
	if (!has || !v || !*v)
		return;
	buf_printf(b, "%s=", name);
	buf_put_urlenc(b, v);
	buf_putc(b, '&');
}

/* This search's address, from after (0: the first page). */
static const char *list_url(req_t *r, const in_pageMentors_t *in, const char *after)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "/mentors?");
	put_param(&b, "q", in->has_q, in->q);
	put_param(&b, "skill", in->has_skill, in->skill);
	put_param(&b, "department", in->has_department, in->department);
	put_param(&b, "language", in->has_language, in->language);
	if (in->has_program_id)
		buf_printf(&b, "program_id=%lld&", (long long)in->program_id);
	put_param(&b, "available", in->has_available, in->available);
	if (after)
		buf_printf(&b, "after=%s", after);
	if (b.data[b.len - 1] == '&' || b.data[b.len - 1] == '?')
		b.data[--b.len] = '\0';
	const char *s = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static json_t *strings(const strlist_t *l)
{
	json_t *a = json_array();
	for (int i = 0; i < l->n; i++)
		json_array_append_new(a, page_str(l->v[i]));
	return a;
}

/* What others entered for kind, as the options of a datalist. */
static json_t *suggestions(req_t *r, const char *kind)
{
	svc_t s;
	page_svc(r, &s);
	SuggestionList_t l = {0};
	if (svc_profile_suggestions(&s, &(in_listProfileSuggestions_t){.kind = kind, .has_limit = true,
									 .limit = SUGGESTIONS}, &l))
		return json_array();
	return strings(&l.items);
}

static json_t *card_json(req_t *r, const MentorCard_t *c)
{
	json_t *programs = json_array();
	bool ask = false;
	for (int i = 0; i < c->programs.n; i++) {
		const MentorProgram_t *p = &c->programs.v[i];
		ask |= p->can_ask;
		json_array_append_new(programs, json_pack("{s:I, s:o, s:o, s:s, s:I, s:b, s:b}",
			"id", (json_int_t)p->program_id, "name", page_str(p->name), "mentor", page_str(c->name),
			"places", p->free == 0 ? "no place left"
				 : p->free == 1 ? "1 place left"
				 : arena_printf(r->arena, "%lld places left", (long long)p->free),
			"free", (json_int_t)p->free, "full", p->free == 0, "can_ask", p->can_ask));
	}
	json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b}",
		"id", (json_int_t)c->user_id, "name", page_str(c->name), "headline", page_str(c->headline),
		"bio", page_str(c->bio), "department", page_str(c->department), "location", page_str(c->location),
		"languages", strings(&c->languages), "skills", strings(&c->skills_offered),
		"interests", strings(&c->interests), "programs", programs, "can_ask", ask,
		"has_free", c->free_capacity > 0);
	json_object_set_new(o, "free", json_integer(c->free_capacity));
	json_object_set_new(o, "has_skills", json_boolean(c->skills_offered.n > 0));
	json_object_set_new(o, "has_languages", json_boolean(c->languages.n > 0));
	json_object_set_new(o, "has_interests", json_boolean(c->interests.n > 0));
	json_object_set_new(o, "one_free", json_boolean(c->free_capacity == 1));
	return o;
}

static json_t *text_filter(const char *name, const char *label, bool has, const char *v, const char *list,
			   int max)
{
	json_t *f = page_field(name, label, has ? v : "", NULL, NULL);
	if (list)
		json_object_set_new(f, "list", json_string(list));
	json_object_set_new(f, "maxlength", json_integer(max));
	return f;
}

void page_mentors(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMentors_t *in = in_;
	(void)errs; /* a bad filter is dropped by the page's rules before this runs */
	svc_t s;
	page_svc(r, &s);
	MentorList_t list = {0};
	in_listMentors_t q = {
		.q = in->q, .has_q = in->has_q && *in->q,
		.skill = in->skill, .has_skill = in->has_skill && *in->skill,
		.department = in->department, .has_department = in->has_department && *in->department,
		.language = in->language, .has_language = in->has_language && *in->language,
		.program_id = in->program_id, .has_program_id = in->has_program_id,
		.available = true, .has_available = in->has_available,
		.limit = MENTORS_PAGE, .has_limit = true,
		.cursor = in->has_after ? arena_printf(r->arena, "%lld", (long long)in->after) : NULL,
		.has_cursor = in->has_after};
	int st = svc_mentor_search(&s, &q, &list);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, "Find a mentor", "programs"), *cards = json_array();
	for (int i = 0; i < list.items.n; i++)
		json_array_append_new(cards, card_json(r, &list.items.v[i]));
	json_object_set_new(ctx, "mentors", cards);
	json_object_set_new(ctx, "has_mentors", json_boolean(list.items.n > 0));
	json_object_set_new(ctx, "search", text_filter("q", "Search by name, headline or about", in->has_q, in->q,
						      NULL, 100));
	json_object_set_new(ctx, "skill", text_filter("skill", "Skill", in->has_skill, in->skill, "skill-list", 64));
	json_object_set_new(ctx, "department", text_filter("department", "Department", in->has_department,
							  in->department, "department-list", 100));
	json_object_set_new(ctx, "language", text_filter("language", "Language", in->has_language, in->language,
							"language-list", 64));
	json_object_set_new(ctx, "available", json_boolean(in->has_available));
	json_object_set_new(ctx, "skill_options", suggestions(r, "skill"));
	json_object_set_new(ctx, "department_options", suggestions(r, "department"));
	json_object_set_new(ctx, "language_options", suggestions(r, "language"));
	bool filtered = q.has_q || q.has_skill || q.has_department || q.has_language || q.has_program_id ||
			q.has_available;
	json_object_set_new(ctx, "filtered", json_boolean(filtered));
	if (in->has_program_id)
		json_object_set_new(ctx, "program_id", json_integer(in->program_id));
	if (in->has_after)
		json_object_set_new(ctx, "first_url", page_str(list_url(r, in, NULL)));
	if (list.next && !list.next_null)
		json_object_set_new(ctx, "next_url", page_str(list_url(r, in, list.next)));
	page_render(r, 200, "mentors", ctx);
}
