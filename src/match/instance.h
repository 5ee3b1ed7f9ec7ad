/*
 * instance.h — the inside of struct match_instance, shared by the files of
 * src/match/ and nobody else. Person records keep their id lists as slices
 * of two pools; finalize adds the dense, index-based views the candidate
 * generator and the scorer read in their hot loops.
 */
#ifndef MENTORD_MATCH_INSTANCE_H
#define MENTORD_MATCH_INSTANCE_H

#include "match/idmap.h"
#include "match/match.h"

#include <stdbool.h>
#include <stdint.h>

#define MATCH_NO_BIT 64

/* A slice [off, off+n) of inst->ids (int32) or inst->uids (int64). */
struct match_span {
	uint32_t off;
	uint32_t n;
};

struct match_mentee_rec {
	int64_t uid;
	struct match_span skills, interests, languages; /* sorted, unique */
	struct match_span pref_depts, pref_langs;       /* sorted, unique */
	struct match_span pref_mentors, avoid, chain;   /* uids */
	int32_t dept, seniority, utc_offset;
	struct match_week avail;
};

struct match_mentor_rec {
	int64_t uid;
	struct match_span skills, interests, languages;
	int32_t dept, seniority, utc_offset;
	struct match_week avail;
	int32_t capacity, load;
};

/* A growable array of T with a checked append; used only while adding. */
struct match_pool32 {
	int32_t *v;
	size_t n, cap;
};
struct match_pool64 {
	int64_t *v;
	size_t n, cap;
};

/*
 * Languages are few, so finalize gives the 64 most spoken a bit each; a
 * person speaking any other language has `rare` set and the rare case
 * falls back to comparing the sorted lists.
 */
struct match_langset {
	uint64_t mask;
	bool rare;
};

/*
 * What candidate generation reads about a mentor for nearly every pair,
 * packed into one cache line: at 20,000 mentors the separate arrays cost
 * a cache miss each per pair, which dominated generation time.
 */
#define MATCH_HOT_INTERESTS 8

struct match_mentor_hot {
	uint64_t avail[3];
	uint64_t lang;        /* language bits, see match_langset */
	int32_t dept;
	int32_t sen;
	int16_t tz;
	uint8_t lang_rare;
	uint8_t lang_listed;
	uint8_t open;         /* capacity left after load */
	uint8_t ninterests;
	uint8_t avail_hours;  /* popcount of avail, bounds common hours */
	uint8_t ikey_inline;  /* ikey holds all interests */
	/* Dense interest keys (see ioffer), padded with n_interests, a key
	 * nobody wants, when the mentor has at most MATCH_HOT_INTERESTS and
	 * the keys fit; shared interests are then 8 table lookups. */
	uint16_t ikey[MATCH_HOT_INTERESTS];
};
_Static_assert(sizeof(struct match_mentor_hot) == 64, "one cache line");

struct match_instance {
	bool finalized;
	uint32_t n_mentees, n_mentors;
	size_t cap_mentees, cap_mentors;
	struct match_mentee_rec *mentees;
	struct match_mentor_rec *mentors;
	struct match_pool32 ids;
	struct match_pool64 uids;
	struct match_pool64 past; /* pairs: mentee uid, mentor uid, ... */

	/* ---- built by finalize ---- */
	/* Skill postings: skill k's mentors are post_mentor[post_off[k] ..
	 * post_off[k+1]), in a fixed pseudo-random order (so that a window
	 * of a long entry is a fair sample). Mentee i's wanted skills that some mentor
	 * offers are want_skill[want_off[i] .. want_off[i+1]). */
	uint32_t n_skills;
	uint32_t *post_off, *post_mentor;
	uint32_t *want_off, *want_skill;
	/* Mentor j's skills as the same dense keys, ascending, to count
	 * shared skills exactly when only part of a posting was read. The
	 * mentee's want_skill lists are ascending too. */
	uint32_t *offer_off, *offer_skill;
	/* The 64 skills with the longest postings (the only ones a window
	 * cuts, unless more than 64 are longer than L) get a bit each:
	 * skill_bit[key] is the bit or MATCH_NO_BIT, mentor_skmask[j] and
	 * mentee_skmask[i] the bits of offered and wanted skills. Shared
	 * skills among those are one popcount, with no list to merge. */
	uint8_t *skill_bit;
	uint64_t *mentor_skmask, *mentee_skmask;
	/* The same for interests: the generator's second tier. */
	uint32_t n_interests;
	uint32_t *ipost_off, *ipost_mentor;
	uint32_t *iwant_off, *iwant;
	uint32_t *ioffer_off, *ioffer;
	/* And for languages, plus the mentors listing none: when a common
	 * language is required, the last tier only needs these. */
	uint32_t *lpost_off, *lpost_mentor;
	uint32_t *lwant_off, *lwant;
	uint32_t *nolang_mentor, n_nolang;

	/* Per mentee, sorted mentor indexes: management chain and avoid list
	 * (always blocked), past mentors (blocked unless allow_repeat), and
	 * named preferred mentors. self_mentor is the mentor index of the
	 * mentee's own user id, or MATCH_NONE. */
	uint32_t *chain_off, *chain_mentor;
	uint32_t *avoid_off, *avoid_mentor;
	uint32_t *past_off, *past_mentor;
	uint32_t *prefm_off, *prefm_mentor;
	uint32_t *self_mentor;

	/* Dense per-person views for the hot loops. */
	struct match_langset *mentee_lang, *mentee_pref_lang, *mentor_lang;
	int32_t *mentor_slots;
	struct match_mentor_hot *mentor_hot;
	int64_t *language_of_bit; /* unused bits hold INT64_MIN */
};

/* The sorted id list of a slice. A pool stays unallocated while every list
 * in it is empty, and NULL + 0 is undefined behaviour: such a slice is NULL. */
static inline const int32_t *match_span_ids(const struct match_instance *inst,
	struct match_span s)
{
	return inst->ids.v ? inst->ids.v + s.off : NULL;
}

static inline const int64_t *match_span_uids(const struct match_instance *inst,
	struct match_span s)
{
	return inst->uids.v ? inst->uids.v + s.off : NULL;
}

/* Whether sorted list a[0..n) contains x. The lists are short (a few
 * entries), so a linear scan beats bisection. */
static inline bool match_u32_contains(const uint32_t *a, uint32_t n, uint32_t x)
{
	for (uint32_t k = 0; k < n; k++)
		if (a[k] >= x)
			return a[k] == x;
	return false;
}

/* The hard rule, if any, that forbids mentee i with mentor j. */
enum match_block match_instance_block(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t i, uint32_t j);

/* Whether i and j share a language, with the rare-language fallback. */
bool match_instance_common_language(const struct match_instance *inst,
	uint32_t i, uint32_t j);

#endif
