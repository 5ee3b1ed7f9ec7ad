/*
 * match.c — the small shared pieces of the matching engine's public API:
 * default program settings, their validation, and the stable names of
 * statuses, criteria, hard rules and unmatched reasons that the API and
 * pages show to people.
 */
#include "match/match.h"

const char *match_strerror(int status)
{
	switch (status) {
	case MATCH_OK: return "success";
	case MATCH_ENOMEM: return "out of memory";
	case MATCH_EINVAL: return "invalid argument";
	case MATCH_ESTATE: return "instance not in the right state for this call";
	case MATCH_EDUPLICATE: return "duplicate user id";
	case MATCH_ERANGE: return "instance too large";
	}
	return "unknown status";
}

const char *match_criterion_name(enum match_criterion c)
{
	static const char *const names[MATCH_CRITERION_COUNT] = {
		"skills", "interests", "languages", "seniority",
		"department", "timezone", "availability", "preferences",
	};
	if ((unsigned)c >= MATCH_CRITERION_COUNT)
		return "unknown";
	return names[c];
}

const char *match_block_name(enum match_block b)
{
	switch (b) {
	case MATCH_BLOCK_NONE: return "none";
	case MATCH_BLOCK_SELF: return "self";
	case MATCH_BLOCK_MANAGER_CHAIN: return "manager_chain";
	case MATCH_BLOCK_REPEAT: return "repeat_pair";
	case MATCH_BLOCK_AVOIDED: return "avoided";
	case MATCH_BLOCK_NO_LANGUAGE: return "no_common_language";
	case MATCH_BLOCK_FULL: return "mentor_full";
	}
	return "unknown";
}

const char *match_cert_reason_name(enum match_cert_reason r)
{
	switch (r) {
	case MATCH_CERT_CERTIFIED: return NULL;
	case MATCH_CERT_TIME_LIMIT: return "time_limit";
	case MATCH_CERT_STABLE: return "stable_algorithm";
	case MATCH_CERT_GAP: return "duality_gap";
	case MATCH_CERT_ROUNDS: return "round_limit";
	}
	return "unknown";
}

const char *match_unmatched_name(enum match_unmatched_reason r)
{
	switch (r) {
	case MATCH_UNMATCHED_NO_CANDIDATES: return "no_candidates";
	case MATCH_UNMATCHED_CAPACITY: return "all_candidates_full";
	case MATCH_UNMATCHED_BLOCKED: return "blocked_by_rules";
	}
	return "unknown";
}

void match_config_default(struct match_config *cfg)
{
	/* Skills dominate because they are why mentees join; the rest break
	 * ties between skill-equivalent mentors. The sum is 100 so a score
	 * reads as a percentage of the ideal pair. */
	static const int32_t w[MATCH_CRITERION_COUNT] = {
		[MATCH_CRIT_SKILLS] = 35,
		[MATCH_CRIT_INTERESTS] = 10,
		[MATCH_CRIT_LANGUAGES] = 10,
		[MATCH_CRIT_SENIORITY] = 10,
		[MATCH_CRIT_DEPARTMENT] = 10,
		[MATCH_CRIT_TIMEZONE] = 5,
		[MATCH_CRIT_AVAILABILITY] = 10,
		[MATCH_CRIT_PREFERENCES] = 10,
	};
	for (int c = 0; c < MATCH_CRITERION_COUNT; c++)
		cfg->weights[c] = w[c];
	cfg->department_rule = MATCH_DEPT_PREFER_CROSS;
	cfg->seniority_rule = MATCH_SENIORITY_MENTOR_ABOVE;
	cfg->policy = MATCH_POLICY_MAX_SCORE;
	cfg->allow_repeat = false;
	cfg->require_common_language = true;
	cfg->min_score = 1;
	cfg->candidates_per_mentee = 50;
	/* A smaller window puts different mentors in different mentees'
	 * pools, and the certificate then has far fewer pairs to add: at
	 * 100,000 x 20,000 (bench/match/e2e.sh) the first search found 1.1M
	 * with 256, 0.2M with 128 (docs/matching.md, "Candidates"). */
	cfg->pool_per_feature = 128;
	cfg->availability_target_hours = 4;
	cfg->threads = 0;
	cfg->tie_seed = 0;
	cfg->time_limit_ms = 0;
}

int match_config_validate(const struct match_config *cfg)
{
	if (!cfg)
		return MATCH_EINVAL;
	for (int c = 0; c < MATCH_CRITERION_COUNT; c++)
		if (cfg->weights[c] < 0 || cfg->weights[c] > MATCH_WEIGHT_MAX)
			return MATCH_EINVAL;
	if ((unsigned)cfg->department_rule > MATCH_DEPT_PREFER_SAME ||
	    (unsigned)cfg->seniority_rule > MATCH_SENIORITY_REVERSE ||
	    (unsigned)cfg->policy > MATCH_POLICY_MAX_CARDINALITY)
		return MATCH_EINVAL;
	if (cfg->min_score < 1)
		return MATCH_EINVAL;
	if (cfg->candidates_per_mentee < 1 ||
	    cfg->candidates_per_mentee > MATCH_CANDIDATES_MAX)
		return MATCH_EINVAL;
	if (cfg->availability_target_hours < 1 ||
	    cfg->availability_target_hours > 168)
		return MATCH_EINVAL;
	if (cfg->threads > 256)
		return MATCH_EINVAL;
	return MATCH_OK;
}
