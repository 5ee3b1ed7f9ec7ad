/*
 * instance.c — building a matching instance: copying and validating the
 * caller's people, then, at finalize, turning user ids and feature ids into
 * dense indexes (skill postings, blocked-mentor lists, language bitsets) so
 * that candidate generation and scoring never hash or allocate per pair.
 */
#include "match/bits.h"
#include "match/instance.h"

#include <stdlib.h>
#include <string.h>

#define UID_MAX_ABS INT64_MAX
#define SENIORITY_ABS_MAX 1000000

int match_instance_new(struct match_instance **out)
{
	struct match_instance *inst = calloc(1, sizeof *inst);
	if (!inst)
		return MATCH_ENOMEM;
	*out = inst;
	return MATCH_OK;
}

void match_instance_free(struct match_instance *inst)
{
	if (!inst)
		return;
	free(inst->mentees);
	free(inst->mentors);
	free(inst->ids.v);
	free(inst->uids.v);
	free(inst->past.v);
	free(inst->post_off);
	free(inst->post_mentor);
	free(inst->want_off);
	free(inst->want_skill);
	free(inst->offer_off);
	free(inst->offer_skill);
	free(inst->skill_bit);
	free(inst->mentor_skmask);
	free(inst->mentee_skmask);
	free(inst->ipost_off);
	free(inst->ipost_mentor);
	free(inst->iwant_off);
	free(inst->iwant);
	free(inst->lpost_off);
	free(inst->lpost_mentor);
	free(inst->lwant_off);
	free(inst->lwant);
	free(inst->nolang_mentor);
	free(inst->ioffer_off);
	free(inst->ioffer);
	free(inst->mentor_hot);
	free(inst->chain_off);
	free(inst->chain_mentor);
	free(inst->avoid_off);
	free(inst->avoid_mentor);
	free(inst->past_off);
	free(inst->past_mentor);
	free(inst->prefm_off);
	free(inst->prefm_mentor);
	free(inst->self_mentor);
	free(inst->mentee_lang);
	free(inst->mentee_pref_lang);
	free(inst->mentor_lang);
	free(inst->mentor_slots);
	free(inst->language_of_bit);
	free(inst);
}

uint32_t match_instance_mentee_count(const struct match_instance *inst)
{
	return inst->n_mentees;
}

uint32_t match_instance_mentor_count(const struct match_instance *inst)
{
	return inst->n_mentors;
}

int64_t match_instance_mentee_uid(const struct match_instance *inst, uint32_t i)
{
	return i < inst->n_mentees ? inst->mentees[i].uid : -1;
}

int64_t match_instance_mentor_uid(const struct match_instance *inst, uint32_t j)
{
	return j < inst->n_mentors ? inst->mentors[j].uid : -1;
}

/* ---- adding ------------------------------------------------------------ */

static int reserve(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return MATCH_OK;
	size_t ncap = *cap ? *cap : 64;
	while (ncap < need)
		ncap *= 2;
	void *nv = realloc(*v, ncap * elem);
	if (!nv)
		return MATCH_ENOMEM;
	*v = nv;
	*cap = ncap;
	return MATCH_OK;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Append ids sorted and without duplicates; *span receives the slice. */
static int push_ids(struct match_instance *inst, struct match_ids ids,
	struct match_span *span)
{
	if (ids.n > MATCH_LIST_MAX || (ids.n && !ids.v))
		return MATCH_EINVAL;
	if (inst->ids.n + ids.n > UINT32_MAX)
		return MATCH_ERANGE;
	int rc = reserve((void **)&inst->ids.v, &inst->ids.cap,
		inst->ids.n + ids.n, sizeof(int32_t));
	if (rc)
		return rc;
	size_t n = 0;
	if (!ids.n)
		goto out; /* the pool may still be unallocated */
	int32_t *dst = inst->ids.v + inst->ids.n;
	memcpy(dst, ids.v, ids.n * sizeof *dst);
	qsort(dst, ids.n, sizeof *dst, cmp_i32);
	for (size_t k = 0; k < ids.n; k++)
		if (n == 0 || dst[n - 1] != dst[k])
			dst[n++] = dst[k];
out:
	span->off = (uint32_t)inst->ids.n;
	span->n = (uint32_t)n;
	inst->ids.n += n;
	return MATCH_OK;
}

static int push_uids(struct match_instance *inst, struct match_uids ids,
	struct match_span *span)
{
	if (ids.n > MATCH_LIST_MAX || (ids.n && !ids.v))
		return MATCH_EINVAL;
	if (inst->uids.n + ids.n > UINT32_MAX)
		return MATCH_ERANGE;
	int rc = reserve((void **)&inst->uids.v, &inst->uids.cap,
		inst->uids.n + ids.n, sizeof(int64_t));
	if (rc)
		return rc;
	if (ids.n) {
		int64_t *dst = inst->uids.v + inst->uids.n;
		memcpy(dst, ids.v, ids.n * sizeof *dst);
		qsort(dst, ids.n, sizeof *dst, cmp_i64);
	}
	span->off = (uint32_t)inst->uids.n;
	span->n = (uint32_t)ids.n;
	inst->uids.n += ids.n;
	return MATCH_OK;
}

static bool valid_common(int64_t uid, int32_t seniority, int32_t tz)
{
	return uid != UID_MAX_ABS && seniority >= -SENIORITY_ABS_MAX &&
		seniority <= SENIORITY_ABS_MAX && tz >= -720 && tz <= 840;
}

static struct match_week clean_week(struct match_week w)
{
	w.bits[2] &= (UINT64_C(1) << (168 - 128)) - 1;
	return w;
}

int match_instance_add_mentee(struct match_instance *inst,
	const struct match_mentee *m, uint32_t *index_out)
{
	if (!inst || !m)
		return MATCH_EINVAL;
	if (inst->finalized)
		return MATCH_ESTATE;
	if (!valid_common(m->user_id, m->seniority, m->utc_offset_min))
		return MATCH_EINVAL;
	if (inst->n_mentees >= INT32_MAX)
		return MATCH_ERANGE;
	int rc = reserve((void **)&inst->mentees, &inst->cap_mentees,
		(size_t)inst->n_mentees + 1, sizeof *inst->mentees);
	if (rc)
		return rc;
	/* Roll the pools back on a failed add so the instance stays usable. */
	size_t ids_mark = inst->ids.n, uids_mark = inst->uids.n;
	struct match_mentee_rec r = {
		.uid = m->user_id,
		.dept = m->department,
		.seniority = m->seniority,
		.utc_offset = m->utc_offset_min,
		.avail = clean_week(m->availability),
	};
	if ((rc = push_ids(inst, m->skills_wanted, &r.skills)) ||
	    (rc = push_ids(inst, m->interests, &r.interests)) ||
	    (rc = push_ids(inst, m->languages, &r.languages)) ||
	    (rc = push_ids(inst, m->prefs.departments, &r.pref_depts)) ||
	    (rc = push_ids(inst, m->prefs.languages, &r.pref_langs)) ||
	    (rc = push_uids(inst, m->prefs.mentors, &r.pref_mentors)) ||
	    (rc = push_uids(inst, m->prefs.avoid, &r.avoid)) ||
	    (rc = push_uids(inst, m->manager_chain, &r.chain)))
		goto fail;
	inst->mentees[inst->n_mentees] = r;
	if (index_out)
		*index_out = inst->n_mentees;
	inst->n_mentees++;
	return MATCH_OK;
fail:
	inst->ids.n = ids_mark;
	inst->uids.n = uids_mark;
	return rc;
}

int match_instance_add_mentor(struct match_instance *inst,
	const struct match_mentor *m, uint32_t *index_out)
{
	if (!inst || !m)
		return MATCH_EINVAL;
	if (inst->finalized)
		return MATCH_ESTATE;
	if (!valid_common(m->user_id, m->seniority, m->utc_offset_min) ||
	    m->capacity < 1 || m->capacity > MATCH_CAPACITY_MAX ||
	    m->load < 0 || m->load > m->capacity)
		return MATCH_EINVAL;
	if (inst->n_mentors >= INT32_MAX)
		return MATCH_ERANGE;
	int rc = reserve((void **)&inst->mentors, &inst->cap_mentors,
		(size_t)inst->n_mentors + 1, sizeof *inst->mentors);
	if (rc)
		return rc;
	size_t ids_mark = inst->ids.n;
	struct match_mentor_rec r = {
		.uid = m->user_id,
		.dept = m->department,
		.seniority = m->seniority,
		.utc_offset = m->utc_offset_min,
		.avail = clean_week(m->availability),
		.capacity = m->capacity,
		.load = m->load,
	};
	if ((rc = push_ids(inst, m->skills_offered, &r.skills)) ||
	    (rc = push_ids(inst, m->interests, &r.interests)) ||
	    (rc = push_ids(inst, m->languages, &r.languages)))
		goto fail;
	inst->mentors[inst->n_mentors] = r;
	if (index_out)
		*index_out = inst->n_mentors;
	inst->n_mentors++;
	return MATCH_OK;
fail:
	inst->ids.n = ids_mark;
	return rc;
}

int match_instance_add_past_pair(struct match_instance *inst,
	int64_t mentee_user_id, int64_t mentor_user_id)
{
	if (!inst)
		return MATCH_EINVAL;
	if (inst->finalized)
		return MATCH_ESTATE;
	int rc = reserve((void **)&inst->past.v, &inst->past.cap,
		inst->past.n + 2, sizeof(int64_t));
	if (rc)
		return rc;
	inst->past.v[inst->past.n++] = mentee_user_id;
	inst->past.v[inst->past.n++] = mentor_user_id;
	return MATCH_OK;
}

/* ---- finalize ---------------------------------------------------------- */

static int map_people(struct match_instance *inst, struct match_idmap *mentee_map,
	struct match_idmap *mentor_map)
{
	uint32_t prev;
	int rc;
	for (uint32_t i = 0; i < inst->n_mentees; i++) {
		if ((rc = match_idmap_put(mentee_map, inst->mentees[i].uid, i, &prev)))
			return rc;
		if (prev != MATCH_IDMAP_MISSING)
			return MATCH_EDUPLICATE;
	}
	for (uint32_t j = 0; j < inst->n_mentors; j++) {
		if ((rc = match_idmap_put(mentor_map, inst->mentors[j].uid, j, &prev)))
			return rc;
		if (prev != MATCH_IDMAP_MISSING)
			return MATCH_EDUPLICATE;
	}
	return MATCH_OK;
}

/* Postings of one kind of feature (skills or interests): feature ->
 * mentors having it, ascending, and per mentee the postings of its own
 * features. Features no mentor has are dropped: they reach nobody. The
 * spans are found at byte offsets mentor_field / mentee_field. */
struct postings {
	uint32_t n_keys;
	uint32_t *off, *mentor, *want_off, *want;
	uint32_t *offer_off, *offer; /* per mentor, ascending keys */
};

static uint64_t scramble(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

static int cmp_by_scramble(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t hx = scramble(x), hy = scramble(y);
	if (hx != hy)
		return hx < hy ? -1 : 1;
	return (x > y) - (x < y);
}

static const struct match_span *field_of(const void *rec, size_t field)
{
	return (const struct match_span *)((const char *)rec + field);
}

static int build_postings(struct match_instance *inst, size_t mentor_field,
	size_t mentee_field, struct postings *p)
{
	struct match_idmap key_map;
	uint32_t *count = NULL;
	size_t n_post = 0, n_want = 0;
	memset(p, 0, sizeof *p);
	int rc = match_idmap_init(&key_map, 1024);
	if (rc)
		return rc;
	uint32_t n_keys = 0, prev;
	for (uint32_t j = 0; j < inst->n_mentors; j++) {
		struct match_span s = *field_of(&inst->mentors[j], mentor_field);
		const int32_t *v = match_span_ids(inst, s);
		for (uint32_t k = 0; k < s.n; k++) {
			if ((rc = match_idmap_put(&key_map, v[k], n_keys, &prev)))
				goto done;
			if (prev == MATCH_IDMAP_MISSING)
				n_keys++;
		}
		n_post += s.n;
	}
	rc = MATCH_ENOMEM;
	count = calloc((size_t)n_keys + 1, sizeof *count);
	p->off = malloc(((size_t)n_keys + 1) * sizeof *p->off);
	p->mentor = malloc((n_post ? n_post : 1) * sizeof *p->mentor);
	p->want_off = malloc(((size_t)inst->n_mentees + 1) * sizeof *p->want_off);
	p->offer_off = malloc(((size_t)inst->n_mentors + 1) * sizeof *p->offer_off);
	p->offer = malloc((n_post ? n_post : 1) * sizeof *p->offer);
	if (!count || !p->off || !p->mentor || !p->want_off || !p->offer_off ||
	    !p->offer)
		goto done;
	for (uint32_t j = 0; j < inst->n_mentors; j++) {
		struct match_span s = *field_of(&inst->mentors[j], mentor_field);
		const int32_t *v = match_span_ids(inst, s);
		for (uint32_t k = 0; k < s.n; k++)
			count[match_idmap_get(&key_map, v[k])]++;
	}
	uint32_t acc = 0;
	for (uint32_t k = 0; k < n_keys; k++) {
		p->off[k] = acc;
		acc += count[k];
		count[k] = p->off[k];
	}
	p->off[n_keys] = acc;
	size_t at = 0;
	for (uint32_t j = 0; j < inst->n_mentors; j++) {
		struct match_span s = *field_of(&inst->mentors[j], mentor_field);
		const int32_t *v = match_span_ids(inst, s);
		p->offer_off[j] = (uint32_t)at;
		for (uint32_t k = 0; k < s.n; k++) {
			uint32_t key = match_idmap_get(&key_map, v[k]);
			p->mentor[count[key]++] = j;
			p->offer[at++] = key;
		}
		qsort(p->offer + p->offer_off[j], s.n, sizeof *p->offer, cmp_u32);
	}
	p->offer_off[inst->n_mentors] = (uint32_t)at;
	for (uint32_t k = 0; k < n_keys; k++)
		qsort(p->mentor + p->off[k], p->off[k + 1] - p->off[k],
			sizeof *p->mentor, cmp_by_scramble);
	for (uint32_t i = 0; i < inst->n_mentees; i++)
		n_want += field_of(&inst->mentees[i], mentee_field)->n;
	p->want = malloc((n_want ? n_want : 1) * sizeof *p->want);
	if (!p->want)
		goto done;
	n_want = 0;
	for (uint32_t i = 0; i < inst->n_mentees; i++) {
		struct match_span s = *field_of(&inst->mentees[i], mentee_field);
		const int32_t *v = match_span_ids(inst, s);
		p->want_off[i] = (uint32_t)n_want;
		for (uint32_t k = 0; k < s.n; k++) {
			uint32_t key = match_idmap_get(&key_map, v[k]);
			if (key != MATCH_IDMAP_MISSING)
				p->want[n_want++] = key;
		}
		qsort(p->want + p->want_off[i], n_want - p->want_off[i],
			sizeof *p->want, cmp_u32);
	}
	p->want_off[inst->n_mentees] = (uint32_t)n_want;
	p->n_keys = n_keys;
	rc = MATCH_OK;
done:
	free(count);
	match_idmap_fini(&key_map);
	return rc;
}

struct key_len {
	uint32_t key, len;
};

static int cmp_key_len(const void *a, const void *b)
{
	const struct key_len *x = a, *y = b;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return (x->key > y->key) - (x->key < y->key);
}

static uint64_t skill_mask(const struct match_instance *inst,
	const uint32_t *keys, uint32_t n)
{
	uint64_t m = 0;
	for (uint32_t k = 0; k < n; k++)
		if (inst->skill_bit[keys[k]] != MATCH_NO_BIT)
			m |= UINT64_C(1) << inst->skill_bit[keys[k]];
	return m;
}

/* Bits for the 64 skills with the longest postings (ties by key, so the
 * assignment is deterministic), and everyone's masks of them. */
static int build_skill_bits(struct match_instance *inst)
{
	uint32_t nk = inst->n_skills;
	struct key_len *kl = malloc(((size_t)nk + 1) * sizeof *kl);
	inst->skill_bit = malloc((size_t)nk + 1);
	inst->mentor_skmask = malloc(((size_t)inst->n_mentors + 1) *
		sizeof *inst->mentor_skmask);
	inst->mentee_skmask = malloc(((size_t)inst->n_mentees + 1) *
		sizeof *inst->mentee_skmask);
	if (!kl || !inst->skill_bit || !inst->mentor_skmask || !inst->mentee_skmask) {
		free(kl);
		return MATCH_ENOMEM;
	}
	for (uint32_t k = 0; k < nk; k++) {
		kl[k].key = k;
		kl[k].len = inst->post_off[k + 1] - inst->post_off[k];
		inst->skill_bit[k] = MATCH_NO_BIT;
	}
	qsort(kl, nk, sizeof *kl, cmp_key_len);
	for (uint32_t b = 0; b < nk && b < 64; b++)
		inst->skill_bit[kl[b].key] = (uint8_t)b;
	free(kl);
	for (uint32_t j = 0; j < inst->n_mentors; j++)
		inst->mentor_skmask[j] = skill_mask(inst,
			inst->offer_skill + inst->offer_off[j],
			inst->offer_off[j + 1] - inst->offer_off[j]);
	for (uint32_t i = 0; i < inst->n_mentees; i++)
		inst->mentee_skmask[i] = skill_mask(inst,
			inst->want_skill + inst->want_off[i],
			inst->want_off[i + 1] - inst->want_off[i]);
	return MATCH_OK;
}

static int build_indexes(struct match_instance *inst)
{
	struct postings p;
	int rc = build_postings(inst, offsetof(struct match_mentor_rec, skills),
		offsetof(struct match_mentee_rec, skills), &p);
	/* Ownership moves to inst even on failure, so free() finds it. */
	inst->n_skills = p.n_keys;
	inst->post_off = p.off;
	inst->post_mentor = p.mentor;
	inst->want_off = p.want_off;
	inst->want_skill = p.want;
	inst->offer_off = p.offer_off;
	inst->offer_skill = p.offer;
	if (rc || (rc = build_skill_bits(inst)))
		return rc;
	rc = build_postings(inst, offsetof(struct match_mentor_rec, interests),
		offsetof(struct match_mentee_rec, interests), &p);
	inst->n_interests = p.n_keys;
	inst->ipost_off = p.off;
	inst->ipost_mentor = p.mentor;
	inst->iwant_off = p.want_off;
	inst->iwant = p.want;
	inst->ioffer_off = p.offer_off;
	inst->ioffer = p.offer;
	if (rc)
		return rc;
	rc = build_postings(inst, offsetof(struct match_mentor_rec, languages),
		offsetof(struct match_mentee_rec, languages), &p);
	inst->lpost_off = p.off;
	inst->lpost_mentor = p.mentor;
	inst->lwant_off = p.want_off;
	inst->lwant = p.want;
	free(p.offer_off);
	free(p.offer);
	if (rc)
		return rc;
	inst->nolang_mentor = malloc(((size_t)inst->n_mentors + 1) *
		sizeof *inst->nolang_mentor);
	if (!inst->nolang_mentor)
		return MATCH_ENOMEM;
	for (uint32_t j = 0; j < inst->n_mentors; j++)
		if (!inst->mentors[j].languages.n)
			inst->nolang_mentor[inst->n_nolang++] = j;
	return MATCH_OK;
}

/* A CSR of sorted, unique mentor indexes per mentee from a uid slice of
 * each mentee record (field at byte offset `field`); unknown uids drop. */
static int build_uid_lists(struct match_instance *inst,
	const struct match_idmap *mentor_map, size_t field,
	uint32_t **off_out, uint32_t **list_out)
{
	size_t total = 0;
	for (uint32_t i = 0; i < inst->n_mentees; i++) {
		const struct match_span *s = (const struct match_span *)
			((const char *)&inst->mentees[i] + field);
		total += s->n;
	}
	uint32_t *off = malloc(((size_t)inst->n_mentees + 1) * sizeof *off);
	uint32_t *list = malloc((total ? total : 1) * sizeof *list);
	if (!off || !list) {
		free(off);
		free(list);
		return MATCH_ENOMEM;
	}
	uint32_t n = 0;
	for (uint32_t i = 0; i < inst->n_mentees; i++) {
		const struct match_span *s = (const struct match_span *)
			((const char *)&inst->mentees[i] + field);
		const int64_t *v = match_span_uids(inst, *s);
		uint32_t start = n;
		off[i] = start;
		for (uint32_t k = 0; k < s->n; k++) {
			uint32_t j = match_idmap_get(mentor_map, v[k]);
			if (j != MATCH_IDMAP_MISSING)
				list[n++] = j;
		}
		qsort(list + start, n - start, sizeof *list, cmp_u32);
		uint32_t w = start;
		for (uint32_t k = start; k < n; k++)
			if (w == start || list[w - 1] != list[k])
				list[w++] = list[k];
		n = w;
	}
	off[inst->n_mentees] = n;
	*off_out = off;
	*list_out = list;
	return MATCH_OK;
}

/* Past pairs grouped by mentee as sorted mentor indexes. */
static int build_past(struct match_instance *inst,
	const struct match_idmap *mentee_map, const struct match_idmap *mentor_map)
{
	size_t np = inst->past.n / 2;
	uint32_t *cnt = calloc((size_t)inst->n_mentees + 1, sizeof *cnt);
	inst->past_off = malloc(((size_t)inst->n_mentees + 1) * sizeof *inst->past_off);
	inst->past_mentor = malloc((np ? np : 1) * sizeof *inst->past_mentor);
	if (!cnt || !inst->past_off || !inst->past_mentor) {
		free(cnt);
		return MATCH_ENOMEM;
	}
	for (size_t p = 0; p < np; p++) {
		uint32_t i = match_idmap_get(mentee_map, inst->past.v[2 * p]);
		uint32_t j = match_idmap_get(mentor_map, inst->past.v[2 * p + 1]);
		if (i != MATCH_IDMAP_MISSING && j != MATCH_IDMAP_MISSING)
			cnt[i]++;
	}
	uint32_t acc = 0;
	for (uint32_t i = 0; i < inst->n_mentees; i++) {
		inst->past_off[i] = acc;
		acc += cnt[i];
		cnt[i] = inst->past_off[i];
	}
	inst->past_off[inst->n_mentees] = acc;
	for (size_t p = 0; p < np; p++) {
		uint32_t i = match_idmap_get(mentee_map, inst->past.v[2 * p]);
		uint32_t j = match_idmap_get(mentor_map, inst->past.v[2 * p + 1]);
		if (i != MATCH_IDMAP_MISSING && j != MATCH_IDMAP_MISSING)
			inst->past_mentor[cnt[i]++] = j;
	}
	/* Sort each mentee's list; duplicates are harmless for membership. */
	for (uint32_t i = 0; i < inst->n_mentees; i++)
		qsort(inst->past_mentor + inst->past_off[i],
			inst->past_off[i + 1] - inst->past_off[i],
			sizeof *inst->past_mentor, cmp_u32);
	free(cnt);
	return MATCH_OK;
}

struct lang_count {
	int32_t id;
	uint32_t count;
};

static int cmp_lang_count(const void *a, const void *b)
{
	const struct lang_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static struct match_langset langset_of(const struct match_instance *inst,
	const struct match_idmap *bit_of, struct match_span s)
{
	struct match_langset ls = { 0, false };
	const int32_t *v = match_span_ids(inst, s);
	for (uint32_t k = 0; k < s.n; k++) {
		uint32_t b = match_idmap_get(bit_of, v[k]);
		if (b < 64)
			ls.mask |= UINT64_C(1) << b;
		else
			ls.rare = true;
	}
	return ls;
}

/* Give the 64 most common languages a bit each (ties by id, so the
 * assignment is deterministic) and compute everyone's language sets. */
static int build_languages(struct match_instance *inst)
{
	struct match_idmap idx;
	struct lang_count *lc = NULL;
	uint32_t n = 0, prev;
	size_t cap = 0;
	int rc = match_idmap_init(&idx, 64);
	if (rc)
		return rc;
	for (uint32_t p = 0; p < inst->n_mentees + inst->n_mentors; p++) {
		struct match_span s = p < inst->n_mentees ? inst->mentees[p].languages
			: inst->mentors[p - inst->n_mentees].languages;
		const int32_t *v = match_span_ids(inst, s);
		for (uint32_t k = 0; k < s.n; k++) {
			if ((rc = match_idmap_put(&idx, v[k], n, &prev)))
				goto done;
			if (prev == MATCH_IDMAP_MISSING) {
				if ((rc = reserve((void **)&lc, &cap, (size_t)n + 1, sizeof *lc)))
					goto done;
				lc[n].id = v[k];
				lc[n].count = 0;
				prev = n++;
			}
			lc[prev].count++;
		}
	}
	if (n)
		qsort(lc, n, sizeof *lc, cmp_lang_count);
	match_idmap_fini(&idx);
	if ((rc = match_idmap_init(&idx, 64)))
		goto done;
	rc = MATCH_ENOMEM;
	inst->language_of_bit = malloc(64 * sizeof *inst->language_of_bit);
	inst->mentee_lang = malloc(((size_t)inst->n_mentees + 1) * sizeof *inst->mentee_lang);
	inst->mentee_pref_lang = malloc(((size_t)inst->n_mentees + 1) * sizeof *inst->mentee_pref_lang);
	inst->mentor_lang = malloc(((size_t)inst->n_mentors + 1) * sizeof *inst->mentor_lang);
	if (!inst->language_of_bit || !inst->mentee_lang ||
	    !inst->mentee_pref_lang || !inst->mentor_lang)
		goto done;
	for (uint32_t b = 0; b < 64; b++) {
		inst->language_of_bit[b] = b < n ? lc[b].id : INT64_MIN;
		if (b < n && (rc = match_idmap_put(&idx, lc[b].id, b, &prev)))
			goto done;
	}
	for (uint32_t i = 0; i < inst->n_mentees; i++) {
		inst->mentee_lang[i] = langset_of(inst, &idx, inst->mentees[i].languages);
		inst->mentee_pref_lang[i] = langset_of(inst, &idx, inst->mentees[i].pref_langs);
	}
	for (uint32_t j = 0; j < inst->n_mentors; j++)
		inst->mentor_lang[j] = langset_of(inst, &idx, inst->mentors[j].languages);
	rc = MATCH_OK;
done:
	free(lc);
	match_idmap_fini(&idx);
	return rc;
}

static void hot_interests(const struct match_instance *inst, uint32_t j,
	struct match_mentor_hot *h)
{
	uint32_t n = inst->ioffer_off[j + 1] - inst->ioffer_off[j];
	h->ikey_inline = n <= MATCH_HOT_INTERESTS && inst->n_interests < UINT16_MAX;
	for (uint32_t t = 0; t < MATCH_HOT_INTERESTS; t++)
		h->ikey[t] = (uint16_t)(h->ikey_inline && t < n
			? inst->ioffer[inst->ioffer_off[j] + t] : inst->n_interests);
}

static int build_person_views(struct match_instance *inst)
{
	size_t m = (size_t)inst->n_mentors + 1;
	inst->mentor_slots = malloc(m * sizeof *inst->mentor_slots);
	inst->mentor_hot = aligned_alloc(64, m * sizeof *inst->mentor_hot);
	if (!inst->mentor_slots || !inst->mentor_hot)
		return MATCH_ENOMEM;
	for (uint32_t j = 0; j < inst->n_mentors; j++) {
		const struct match_mentor_rec *r = &inst->mentors[j];
		inst->mentor_slots[j] = r->capacity - r->load;
		struct match_mentor_hot *h = &inst->mentor_hot[j];
		memset(h, 0, sizeof *h);
		memcpy(h->avail, r->avail.bits, sizeof h->avail);
		h->lang = inst->mentor_lang[j].mask;
		h->lang_rare = inst->mentor_lang[j].rare;
		h->lang_listed = r->languages.n > 0;
		hot_interests(inst, j, h);
		h->dept = r->dept;
		h->sen = r->seniority;
		h->tz = (int16_t)r->utc_offset;
		h->open = r->capacity > r->load;
		h->ninterests = (uint8_t)r->interests.n;
		h->avail_hours = (uint8_t)match_week_common(&r->avail, &r->avail);
	}
	return MATCH_OK;
}

int match_instance_finalize(struct match_instance *inst)
{
	struct match_idmap mentee_map, mentor_map;
	if (!inst)
		return MATCH_EINVAL;
	if (inst->finalized)
		return MATCH_ESTATE;
	int rc = match_idmap_init(&mentee_map, inst->n_mentees);
	if (rc)
		return rc;
	if ((rc = match_idmap_init(&mentor_map, inst->n_mentors))) {
		match_idmap_fini(&mentee_map);
		return rc;
	}
	if ((rc = map_people(inst, &mentee_map, &mentor_map)) ||
	    (rc = build_indexes(inst)) ||
	    (rc = build_uid_lists(inst, &mentor_map,
		offsetof(struct match_mentee_rec, chain),
		&inst->chain_off, &inst->chain_mentor)) ||
	    (rc = build_uid_lists(inst, &mentor_map,
		offsetof(struct match_mentee_rec, avoid),
		&inst->avoid_off, &inst->avoid_mentor)) ||
	    (rc = build_uid_lists(inst, &mentor_map,
		offsetof(struct match_mentee_rec, pref_mentors),
		&inst->prefm_off, &inst->prefm_mentor)) ||
	    (rc = build_past(inst, &mentee_map, &mentor_map)) ||
	    (rc = build_languages(inst)) ||
	    (rc = build_person_views(inst)))
		goto done;
	inst->self_mentor = malloc(((size_t)inst->n_mentees + 1) * sizeof *inst->self_mentor);
	if (!inst->self_mentor) {
		rc = MATCH_ENOMEM;
		goto done;
	}
	for (uint32_t i = 0; i < inst->n_mentees; i++) {
		uint32_t j = match_idmap_get(&mentor_map, inst->mentees[i].uid);
		inst->self_mentor[i] = j == MATCH_IDMAP_MISSING ? MATCH_NONE : j;
	}
	inst->finalized = true;
done:
	match_idmap_fini(&mentee_map);
	match_idmap_fini(&mentor_map);
	/* A failed finalize leaves partial views behind; they are freed with
	 * the instance, and finalized stays false so nothing reads them. */
	return rc;
}

/* ---- rules ------------------------------------------------------------- */

static bool sorted_i32_intersect(const int32_t *a, uint32_t na,
	const int32_t *b, uint32_t nb)
{
	uint32_t x = 0, y = 0;
	while (x < na && y < nb) {
		if (a[x] == b[y])
			return true;
		if (a[x] < b[y])
			x++;
		else
			y++;
	}
	return false;
}

bool match_instance_common_language(const struct match_instance *inst,
	uint32_t i, uint32_t j)
{
	struct match_langset a = inst->mentee_lang[i], b = inst->mentor_lang[j];
	if (a.mask & b.mask)
		return true;
	if (!(a.rare && b.rare))
		return false;
	struct match_span sa = inst->mentees[i].languages;
	struct match_span sb = inst->mentors[j].languages;
	return sorted_i32_intersect(match_span_ids(inst, sa), sa.n,
		match_span_ids(inst, sb), sb.n);
}

enum match_block match_instance_block(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t i, uint32_t j)
{
	if (inst->self_mentor[i] == j)
		return MATCH_BLOCK_SELF;
	if (match_u32_contains(inst->chain_mentor + inst->chain_off[i],
		inst->chain_off[i + 1] - inst->chain_off[i], j))
		return MATCH_BLOCK_MANAGER_CHAIN;
	if (!cfg->allow_repeat &&
	    match_u32_contains(inst->past_mentor + inst->past_off[i],
		inst->past_off[i + 1] - inst->past_off[i], j))
		return MATCH_BLOCK_REPEAT;
	if (match_u32_contains(inst->avoid_mentor + inst->avoid_off[i],
		inst->avoid_off[i + 1] - inst->avoid_off[i], j))
		return MATCH_BLOCK_AVOIDED;
	if (cfg->require_common_language && inst->mentees[i].languages.n &&
	    inst->mentors[j].languages.n &&
	    !match_instance_common_language(inst, i, j))
		return MATCH_BLOCK_NO_LANGUAGE;
	if (inst->mentor_slots[j] <= 0)
		return MATCH_BLOCK_FULL;
	return MATCH_BLOCK_NONE;
}
