/*
 * recommend.c — self-match: the ranked mentors one mentee sees when
 * choosing whom to ask, each with the reasons behind its score. It runs
 * the graph's candidate generator for that single mentee, so a mentor is
 * recommended exactly when it would be one of the mentee's candidates in
 * a matching run, and it never lists a full or rule-blocked mentor.
 */
#include "match/graph.h"
#include "match/instance.h"

#include <stdlib.h>

int match_recommend(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t mentee,
	struct match_recommendation *out, size_t max, size_t *n_out)
{
	uint32_t *mentors = NULL;
	int32_t *scores = NULL;
	if (!inst || !cfg || (max && !out) || !n_out)
		return MATCH_EINVAL;
	if (!inst->finalized)
		return MATCH_ESTATE;
	int rc = match_config_validate(cfg);
	if (rc)
		return rc;
	if (mentee >= inst->n_mentees || max > MATCH_CANDIDATES_MAX)
		return MATCH_EINVAL;
	*n_out = 0;
	if (max == 0)
		return MATCH_OK;
	mentors = malloc(max * sizeof *mentors);
	scores = malloc(max * sizeof *scores);
	if (!mentors || !scores) {
		rc = MATCH_ENOMEM;
		goto done;
	}
	int n = match_graph_candidates_of(inst, cfg, mentee, (uint32_t)max,
		mentors, scores);
	if (n < 0) {
		rc = n;
		goto done;
	}
	for (int k = 0; k < n; k++) {
		out[k].mentor = mentors[k];
		out[k].mentor_uid = inst->mentors[mentors[k]].uid;
		if ((rc = match_explain(inst, cfg, mentee, mentors[k], &out[k].why)))
			goto done;
	}
	*n_out = (size_t)n;
	rc = MATCH_OK;
done:
	free(mentors);
	free(scores);
	return rc;
}
