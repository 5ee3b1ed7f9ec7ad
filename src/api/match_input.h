/* The bridge between a program's people in the store and the matching
 * engine: builds a finalized match_instance (interned skills, interests,
 * languages and departments; availability as UTC hours of the week from the
 * system tzdata; management chains; past pairs; mentor loads), the engine
 * configuration from the program's settings, and renders the engine's
 * reasons as words. */
#ifndef MENTORD_MATCH_INPUT_H
#define MENTORD_MATCH_INPUT_H
#include <jansson.h>
#include "core/intern.h"
#include "match/match.h"
#include "store/store.h"

typedef struct match_input {
	struct match_instance *inst;
	struct match_config cfg;
	intern_t *words;          /* skills, interests, languages, departments */
	const char **mentee_names; /* by engine index */
	const char **mentor_names;
	int64_t *mentee_uid, *mentor_uid;
	uint32_t n_mentees, n_mentors;
} match_input_t;

/* Loads and builds; weights (a JSON object, may be NULL) overrides the
 * program's. Returns a DB_ status, or DB_ERROR with *why for engine errors
 * and bad weights. The instance must be freed with match_input_free. */
int match_input_load(db_t *db, arena_t *a, const program_t *prog, json_t *weights,
		     match_input_t *out, const char **why);
void match_input_free(match_input_t *in);
/* Engine index of a user, or MATCH_NONE. */
uint32_t match_input_mentee_index(const match_input_t *in, int64_t uid);
uint32_t match_input_mentor_index(const match_input_t *in, int64_t uid);
/* The reasons of an explanation as [{criterion, points, detail}]. */
json_t *match_reasons_json(const match_input_t *in, const struct match_explanation *e, arena_t *a);
/* One reason in words, e.g. "shared interests: chess, go" (arena-owned). */
const char *match_reason_detail(const match_input_t *in, const struct match_reason *r, arena_t *a);
/* Runs the engine on loaded input ("optimal" or "stable"): candidate
 * graph, then the solver; optimal runs certify their optimality over
 * every pair (match_result_certificate). time_limit_ms (0 = none) bounds
 * the certificate. *g and *r are the caller's (match_graph_free,
 * match_result_free); on failure returns DB_ERROR with *why. */
int match_input_solve(match_input_t *in, const char *algorithm, uint32_t time_limit_ms,
		      struct match_graph **g, struct match_result **r, const char **why);
/* Stores a solved run as a draft (inside the caller's transaction): the
 * run with its weights and stats, including "certified_optimal" and
 * "certified_optimal_reason", every pair with its reasons, every
 * unmatched mentee with its reason. load_ms and solve_ms go into stats. */
int match_input_save(db_t *db, arena_t *a, const program_t *prog, const match_input_t *in,
		     const char *algorithm,
		     const struct match_graph *g, const struct match_result *r, int64_t by,
		     double load_ms, double solve_ms, int64_t *run_id);
/* The certificate as stats fields: certified_optimal (bool),
 * certified_optimal_reason (null, "time_limit" or "stable_algorithm"),
 * certificate {rounds, pairs_checked, pairs_added, certify_ms}. */
void match_certificate_json(const struct match_result *r, json_t *stats);
/* Runs the engine for prog and stores the run as a draft (inside the
 * caller's transaction): pairs with their reasons, unmatched mentees with
 * their reason. *why explains engine or weight errors. */
int api_match_run(db_t *db, arena_t *a, const program_t *prog, const char *algorithm,
		  json_t *weights, int64_t by, int64_t *run_id, const char **why);
/* Weights as {criterion: points} for storing with a run. */
json_t *match_weights_json(const struct match_config *cfg);

#endif
