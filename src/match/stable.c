/*
 * stable.c — mentee-proposing deferred acceptance (Gale-Shapley) with
 * mentor capacities. Preferences come from the pair scores: a mentee ranks
 * its candidates by score, a mentor ranks the mentees that list it by the
 * same score, and equal scores are ordered on both sides by the pair's tie
 * key (a hash of the run's seed and the pair, match_tie_key), so ties
 * favour no one by insertion order and preferences stay strict. Only
 * candidate pairs are acceptable, so stability is relative to the
 * candidate graph. The result is the mentee-optimal stable matching.
 */
#include "match/stable.h"

#include <stdlib.h>

#define NONE UINT32_MAX

static inline uint32_t tie(const struct match_graph *g, uint32_t i, uint32_t j)
{
	return match_tie_key(g->tie_mix, i, j);
}

int match_stable_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of)
{
	uint32_t n = g->n, m = g->m;
	uint32_t *slot_beg = malloc(((size_t)m + 1) * sizeof *slot_beg);
	size_t *next = malloc(((size_t)n + 1) * sizeof *next);
	uint32_t *stack = malloc(((size_t)n + 1) * sizeof *stack);
	uint32_t *held = NULL, *used = NULL;
	int rc = MATCH_ENOMEM;
	if (!slot_beg || !next || !stack)
		goto done;
	uint64_t slots = 0;
	for (uint32_t j = 0; j < m; j++) {
		slot_beg[j] = (uint32_t)slots;
		slots += g->slots[j] > 0 ? (uint64_t)g->slots[j] : 0;
	}
	if (slots >= UINT32_MAX) {
		rc = MATCH_ERANGE;
		goto done;
	}
	slot_beg[m] = (uint32_t)slots;
	held = malloc((slots + 1) * sizeof *held);
	used = calloc((size_t)m + 1, sizeof *used);
	if (!held || !used)
		goto done;

	uint32_t sp = 0;
	for (uint32_t i = n; i-- > 0;) {
		mentor_of[i] = MATCH_NONE;
		next[i] = g->off[i];
		stack[sp++] = i; /* popped in index order */
	}
	while (sp) {
		uint32_t i = stack[--sp];
		while (next[i] < g->off[i + 1]) {
			size_t a = next[i]++;
			uint32_t j = g->mentor[a];
			uint32_t cap = slot_beg[j + 1] - slot_beg[j];
			if (used[j] < cap) {
				held[slot_beg[j] + used[j]++] = i;
				mentor_of[i] = j;
				arc_of[i] = a;
				break;
			}
			if (cap == 0)
				continue;
			/* Full: compare with the mentee j likes least. */
			uint32_t worst = 0;
			for (uint32_t k = 1; k < cap; k++) {
				uint32_t x = held[slot_beg[j] + k], y = held[slot_beg[j] + worst];
				if (match_rank_worse(g->score[arc_of[x]], tie(g, x, j), x,
					g->score[arc_of[y]], tie(g, y, j), y))
					worst = k;
			}
			uint32_t w = held[slot_beg[j] + worst];
			if (match_rank_worse(g->score[arc_of[w]], tie(g, w, j), w,
				g->score[a], tie(g, i, j), i)) {
				held[slot_beg[j] + worst] = i;
				mentor_of[i] = j;
				arc_of[i] = a;
				mentor_of[w] = MATCH_NONE;
				stack[sp++] = w;
				break;
			}
		}
	}
	rc = MATCH_OK;
done:
	free(slot_beg);
	free(next);
	free(stack);
	free(held);
	free(used);
	return rc;
}
