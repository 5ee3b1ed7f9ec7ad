/* What would help an unmatched mentee (see match_help.h). The checks run
 * from the most specific to the most general: the mentors who fit are all
 * full (the candidate graph names them); no mentor with a place left shares
 * a language (sets of the words the free mentors speak and offer, built
 * once per run); the hard rules rule out every mentor who would fit
 * (counted mentor by mentor within a budget); nobody with a place left
 * offers what the mentee wants to learn; the profile says too little. */
#include "svc/match_help.h"
#include "core/buf.h"
#include "core/profile.h"

#include <string.h>

/* Pairs scored to count the rules that rule a mentee out, per run: a few
 * hundred milliseconds at most, so a run with thousands of such mentees
 * still ends in time (the rest get the rules in general words). */
#define EXPLAIN_BUDGET 400000u
#define NAMES_SHOWN 3

const char match_help_removed[] =
	"You removed their pair from this run: choose another mentor for them, or leave them for later.";

typedef struct helper {
	const match_input_t *in;
	const struct match_graph *g;
	arena_t *a;
	int32_t *left;          /* places left per mentor once the run is published */
	int32_t nwords;         /* word ids are 1..nwords */
	uint8_t *spoken_free;   /* by word id: a mentor with a place left speaks it */
	uint8_t *spoken_any;    /* ... any mentor of the run speaks it */
	uint8_t *offered_free;  /* ... a mentor with a place left offers it as a skill */
	const char **full_speaker; /* ... a full mentor who speaks it (a name) */
	bool free_without_language; /* a mentor with a place lists no language: the rule passes */
	int64_t places_left;     /* every mentor's places left, together */
	uint64_t explained;
} helper_t;

static int32_t word_id(helper_t *h, const char *v)
{
	return intern_id_shown(h->in->words, profile_norm(h->a, v), v);
}

static void max_id(helper_t *h, const strlist_t *l)
{
	for (int k = 0; k < l->n; k++) {
		int32_t id = word_id(h, l->v[k]);
		if (id > h->nwords)
			h->nwords = id;
	}
}

/* Marks the words of list l in set (when set is not NULL). */
static void mark(helper_t *h, const strlist_t *l, uint8_t *set)
{
	for (int k = 0; set && k < l->n; k++)
		set[word_id(h, l->v[k])] = 1;
}

/* The sets of words the run's mentors speak and offer. */
static void sets_build(helper_t *h, const struct match_result *res)
{
	const match_input_t *in = h->in;
	h->left = arena_alloc(h->a, sizeof(int32_t) * (in->n_mentors + 1));
	for (uint32_t j = 0; j < in->n_mentors; j++)
		h->left[j] = match_graph_slots(h->g, j);
	const struct match_pair *pairs;
	size_t np = match_result_pairs(res, &pairs);
	for (size_t k = 0; k < np; k++)
		if (pairs[k].mentor < in->n_mentors)
			h->left[pairs[k].mentor]--;
	for (uint32_t j = 0; j < in->n_mentors; j++) {
		max_id(h, &in->mentor_rows[j]->languages);
		max_id(h, &in->mentor_rows[j]->skills_offered);
	}
	size_t n = (size_t)h->nwords + 1;
	h->spoken_free = arena_alloc(h->a, n);
	h->spoken_any = arena_alloc(h->a, n);
	h->offered_free = arena_alloc(h->a, n);
	h->full_speaker = arena_alloc(h->a, sizeof(char *) * n);
	memset(h->spoken_free, 0, n);
	memset(h->spoken_any, 0, n);
	memset(h->offered_free, 0, n);
	memset(h->full_speaker, 0, sizeof(char *) * n);
	for (uint32_t j = 0; j < in->n_mentors; j++) {
		const match_person_row_t *p = in->mentor_rows[j];
		bool has_place = h->left[j] > 0;
		h->places_left += has_place ? h->left[j] : 0;
		mark(h, &p->languages, h->spoken_any);
		mark(h, &p->languages, has_place ? h->spoken_free : NULL);
		mark(h, &p->skills_offered, has_place ? h->offered_free : NULL);
		h->free_without_language |= has_place && p->languages.n == 0;
		for (int k = 0; !has_place && k < p->languages.n; k++) {
			int32_t id = word_id(h, p->languages.v[k]);
			if (!h->full_speaker[id])
				h->full_speaker[id] = in->mentor_names[j];
		}
	}
}

/* Whether id is a word of the sets (a mentee's word may be new to them). */
static bool in_set(const helper_t *h, const uint8_t *set, int32_t id)
{
	return id > 0 && id <= h->nwords && set[id];
}

/* "A", "A or B", "A, B or C" (and "and N more" past NAMES_SHOWN). */
static void join_or(buf_t *b, const char *const *v, int n)
{
	int shown = n < NAMES_SHOWN ? n : NAMES_SHOWN;
	for (int k = 0; k < shown; k++)
		buf_printf(b, "%s%s", k == 0 ? "" : k == shown - 1 && shown == n ? " or " : ", ", v[k]);
	if (n > shown)
		buf_printf(b, " or %d more", n - shown);
}

static const char *done(helper_t *h, buf_t *b)
{
	const char *s = arena_strdup(h->a, buf_cstr(b));
	buf_free(b);
	return s;
}

/* Every mentor who fits is full in this run: the best of them by name. */
static const char *all_full(helper_t *h, uint32_t i)
{
	const uint32_t *mentors;
	const int32_t *scores;
	size_t n = match_graph_candidates(h->g, i, &mentors, &scores);
	const char *names[NAMES_SHOWN];
	int k = 0;
	for (size_t c = 0; c < n && k < NAMES_SHOWN; c++)
		names[k++] = h->in->mentor_names[mentors[c]];
	buf_t b = BUF_INIT;
	if (h->places_left == 0)
		buf_puts(&b, "Every mentor's places are taken in this run. One more place for ");
	else if (n == 1)
		buf_printf(&b, "The one mentor who fits them is full in this run. One more place for ");
	else
		buf_printf(&b, "All %zu mentors who fit them are full in this run. One more place for ", n);
	join_or(&b, names, k);
	buf_printf(&b, "%s would help%s.", n > 1 ? " (who fit them best)" : "",
		   h->places_left == 0 ? ", or another mentor enrolled" : "");
	return done(h, &b);
}

/* No mentor with a place left shares a language with the mentee, under
 * the rule that a pair needs one: which languages, and a full mentor who
 * speaks one. NULL when language is not what stands in the way. */
static const char *language_gap(helper_t *h, const match_person_row_t *p)
{
	if (!h->in->cfg.require_common_language || p->languages.n == 0 || h->free_without_language)
		return NULL;
	const char **langs = arena_alloc(h->a, sizeof(char *) * (size_t)(p->languages.n + 1));
	const char *speaker = NULL;
	bool spoken = false;
	for (int k = 0; k < p->languages.n; k++) {
		int32_t id = word_id(h, p->languages.v[k]);
		if (in_set(h, h->spoken_free, id))
			return NULL;
		spoken |= in_set(h, h->spoken_any, id);
		if (!speaker && id > 0 && id <= h->nwords)
			speaker = h->full_speaker[id];
		langs[k] = p->languages.v[k];
	}
	buf_t b = BUF_INIT;
	if (!spoken) {
		buf_puts(&b, "No mentor in this run speaks ");
		join_or(&b, langs, p->languages.n);
		buf_puts(&b, ": enrolling a mentor who does would help.");
	} else {
		buf_puts(&b, "No mentor with a free place speaks ");
		join_or(&b, langs, p->languages.n);
		if (speaker)
			buf_printf(&b, ": %s does, and one more place for %s would help.", speaker, speaker);
		else
			buf_puts(&b, ".");
	}
	return done(h, &b);
}

/* The hard rules that rule out the mentors who would fit, counted over
 * every mentor of the run while the budget lasts. */
static const char *ruled_out(helper_t *h, uint32_t i)
{
	const match_input_t *in = h->in;
	if (h->explained + in->n_mentors > EXPLAIN_BUDGET)
		return "The mentors who would fit them are ruled out by the hard rules: their management chain, a "
		       "past pair, or someone they asked not to be matched with.";
	int count[MATCH_BLOCK_FULL + 1] = {0};
	for (uint32_t j = 0; j < in->n_mentors; j++) {
		struct match_explanation e;
		if (match_explain(in->inst, &in->cfg, i, j, &e) != MATCH_OK)
			continue;
		if (e.blocked != MATCH_BLOCK_NONE && e.blocked <= MATCH_BLOCK_FULL && e.score >= in->cfg.min_score)
			count[e.blocked]++;
	}
	h->explained += in->n_mentors;
	static const struct {
		enum match_block b;
		const char *one, *many;
	} words[] = {
		{MATCH_BLOCK_MANAGER_CHAIN, "1 is in their management chain", "%d are in their management chain"},
		{MATCH_BLOCK_REPEAT, "1 was their mentor before", "%d were their mentors before"},
		{MATCH_BLOCK_AVOIDED, "1 they asked not to be matched with", "%d they asked not to be matched with"},
		{MATCH_BLOCK_NO_LANGUAGE, "1 shares no language with them", "%d share no language with them"},
		{MATCH_BLOCK_FULL, "1 has no place left", "%d have no place left"},
	};
	buf_t b = BUF_INIT;
	int parts = 0;
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		int n = count[words[k].b];
		if (!n)
			continue;
		buf_puts(&b, parts++ ? "; " : "Of the mentors who would fit them, ");
		if (n == 1)
			buf_puts(&b, words[k].one);
		else
			buf_printf(&b, words[k].many, n);
	}
	if (!parts) {
		buf_free(&b);
		return NULL;
	}
	buf_puts(&b, ". A mentor outside these would help.");
	return done(h, &b);
}

/* Nobody with a place left offers a skill the mentee wants to learn. */
static const char *skills_gap(helper_t *h, const match_person_row_t *p)
{
	if (p->skills_wanted.n == 0)
		return NULL;
	for (int k = 0; k < p->skills_wanted.n; k++)
		if (in_set(h, h->offered_free, word_id(h, p->skills_wanted.v[k])))
			return NULL;
	buf_t b = BUF_INIT;
	buf_puts(&b, "Nobody with a free place offers what they want to learn (");
	for (int k = 0; k < p->skills_wanted.n && k < NAMES_SHOWN; k++)
		buf_printf(&b, "%s%s", k ? ", " : "", p->skills_wanted.v[k]);
	if (p->skills_wanted.n > NAMES_SHOWN)
		buf_printf(&b, " and %d more", p->skills_wanted.n - NAMES_SHOWN);
	buf_puts(&b, "): a mentor who offers one of these would help.");
	return done(h, &b);
}

static const char *one_mentee(helper_t *h, uint32_t i, enum match_unmatched_reason reason)
{
	const match_person_row_t *p = h->in->mentee_rows[i];
	const char *why;
	if (reason == MATCH_UNMATCHED_CAPACITY)
		return all_full(h, i);
	if ((why = language_gap(h, p)))
		return why;
	if (reason == MATCH_UNMATCHED_BLOCKED && (why = ruled_out(h, i)))
		return why;
	if ((why = skills_gap(h, p)))
		return why;
	if (p->skills_wanted.n == 0 && p->interests.n == 0)
		return "Their profile names nothing they want to learn and no interests: filling it in would help "
		       "matching find them a mentor.";
	return "No mentor with a free place has enough in common with them: more about what they want to learn, "
	       "their interests or their availability in their profile would help.";
}

void match_help_compute(const match_input_t *in, const struct match_graph *g, const struct match_result *res,
			arena_t *a, const char **un)
{
	helper_t h = {.in = in, .g = g, .a = a};
	const struct match_unmatched *u;
	size_t nu = match_result_unmatched(res, &u);
	if (!nu)
		return;
	sets_build(&h, res);
	for (size_t k = 0; k < nu; k++)
		un[k] = u[k].mentee < in->n_mentees ? one_mentee(&h, u[k].mentee, u[k].reason) : "";
}
