/* Finding a mentor: the mentors of the programs a person takes part in or
 * manages, never anyone else's (archived programs left out), searched by
 * words, skill, department and language, narrowed to one program or to
 * those with a place left, and paged by name. A card shows what helps to
 * choose: headline, about, department, location, languages, skills,
 * interests, and per program the places left and whether the person may
 * ask this mentor (self-match programs where they are a mentee). A page
 * costs four statements whatever its size: the search, then the cards,
 * their profile items and their programs for the page's people at once. */
#include "svc/mentors.h"
#include "core/buf.h"
#include "core/profile.h"

#include <string.h>

#define STEPS_MAX 20

/* The page's ids as a JSON array, for the batch statements. */
static const char *ids_json(arena_t *a, const row_mentor_hit_t *hits, int n)
{
	buf_t b = BUF_INIT;
	buf_putc(&b, '[');
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)hits[i].user_id);
	buf_putc(&b, ']');
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* The values of kind for user, from rows ordered by user and kind. */
static strlist_t items_of(arena_t *a, const row_mentor_item_t *rows, int n, int64_t user, const char *kind)
{
	strlist_t l = {arena_alloc(a, sizeof(char *) * (size_t)(n + 1)), 0};
	for (int i = 0; i < n; i++)
		if (rows[i].user_id == user && !strcmp(rows[i].kind, kind))
			l.v[l.n++] = rows[i].value;
	return l;
}

static void places_of(arena_t *a, const row_mentor_place_t *rows, int n, int64_t user, MentorCard_t *c)
{
	c->programs = (MentorProgram_list_t){arena_alloc(a, sizeof(MentorProgram_t) * (size_t)(n + 1)), 0};
	c->free_capacity = 0;
	for (int i = 0; i < n; i++) {
		const row_mentor_place_t *p = &rows[i];
		if (p->user_id != user)
			continue;
		int64_t free = p->capacity > p->active ? p->capacity - p->active : 0;
		c->free_capacity += free;
		c->programs.v[c->programs.n++] = (MentorProgram_t){
			.program_id = p->program_id, .name = p->name, .matching = p->matching, .capacity = p->capacity,
			.free = free,
			.can_ask = !strcmp(p->matching, "self") && p->viewer_mentee && !p->asked && !p->paired && free > 0};
	}
}

int svc_mentor_search(svc_t *s, const in_listMentors_t *in, MentorList_t *out)
{
	int64_t after, one;
	bool member = true;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	int db = DB_OK;
	if (in->has_program_id)
		db = sql_program_member(s->db, in->program_id, s->uid, &one, &member);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!member) /* not one of the caller's programs: not theirs to know of */
		return svc_not_found(s, "program", in->program_id);
	int limit = in->has_limit ? (int)in->limit : 20, n = 0;
	row_mentor_hit_t *hits;
	db = sql_mentor_search(s->db, s->arena, s->uid, in->has_program_id ? in->program_id : 0,
			       in->has_skill ? profile_norm(s->arena, in->skill) : NULL,
			       in->has_language ? profile_norm(s->arena, in->language) : NULL,
			       in->has_department ? in->department : NULL,
			       in->has_q ? store_like_pattern(s->arena, in->q) : NULL,
			       in->has_available && in->available, after, limit, &hits, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items = (MentorCard_list_t){arena_alloc(s->arena, sizeof(MentorCard_t) * (size_t)(n + 1)), n};
	out->next = NULL;
	if (n == 0)
		return SVC_OK;
	const char *ids = ids_json(s->arena, hits, n);
	row_mentor_card_t *cards;
	row_mentor_item_t *items;
	row_mentor_place_t *places;
	int ncards = 0, nitems = 0, nplaces = 0;
	db = sql_mentor_cards(s->db, s->arena, ids, &cards, &ncards);
	if (db == DB_OK)
		db = sql_mentor_items(s->db, s->arena, ids, &items, &nitems);
	if (db == DB_OK)
		db = sql_mentor_places(s->db, s->arena, s->uid, ids, &places, &nplaces);
	if (db != DB_OK)
		return svc_db(s, db);
	for (int i = 0; i < n; i++) {
		MentorCard_t *c = &out->items.v[i];
		*c = (MentorCard_t){.user_id = hits[i].user_id, .name = "", .headline = "", .bio = "",
				    .department = "", .location = ""};
		for (int k = 0; k < ncards; k++)
			if (cards[k].user_id == c->user_id) {
				c->name = cards[k].name;
				c->headline = cards[k].headline;
				c->bio = cards[k].bio;
				c->department = cards[k].department;
				c->location = cards[k].location;
				break;
			}
		c->languages = items_of(s->arena, items, nitems, c->user_id, "language");
		c->skills_offered = items_of(s->arena, items, nitems, c->user_id, "skill_offered");
		c->interests = items_of(s->arena, items, nitems, c->user_id, "interest");
		places_of(s->arena, places, nplaces, c->user_id, c);
	}
	out->next = svc_next_cursor(s, n, limit, hits[n - 1].user_id);
	return SVC_OK;
}

int svc_mentor_steps(svc_t *s, mentor_steps_t *out)
{
	memset(out, 0, sizeof(*out));
	int db = sql_mentee_steps(s->db, s->arena, s->uid, STEPS_MAX, &out->programs, &out->n_programs);
	if (db == DB_OK)
		db = sql_mentee_pending_requests(s->db, s->arena, s->uid, STEPS_MAX, &out->pending, &out->n_pending);
	return svc_db(s, db);
}
