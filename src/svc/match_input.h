/* The bridge between a program's people in the store and the matching
 * engine: builds a finalized match_instance (interned skills, interests,
 * languages and departments; availability as UTC hours of the week from the
 * system tzdata; management chains; past pairs; mentor loads), the engine
 * configuration from the program's settings, and renders the engine's
 * reasons as words. */
#ifndef MENTORD_MATCH_INPUT_H
#define MENTORD_MATCH_INPUT_H
#include "core/intern.h"
#include "match/match.h"
#include "store/store.h"
#include "svc/api_types.h"

typedef struct match_input {
	struct match_instance *inst;
	struct match_config cfg;
	intern_t *words;          /* skills, interests, languages, departments */
	const char **mentee_names; /* by engine index */
	const char **mentor_names;
	int64_t *mentee_uid, *mentor_uid;
	/* Each person as the store read them (profile lists as written), by
	 * engine index: what a run says about its unmatched mentees. */
	const match_person_row_t **mentee_rows, **mentor_rows;
	uint32_t n_mentees, n_mentors;
	/* The mentors' places: their capacities (as the engine caps them) and
	 * the places their relationships already take. */
	int64_t places, places_taken;
} match_input_t;

/* Loads and builds; weights (may be NULL) overrides the program's. Returns
 * a DB_ status, or DB_ERROR with *why for engine errors and bad weights.
 * The instance must be freed with match_input_free. */
int match_input_load(db_t *db, arena_t *a, const program_t *prog, const kvlist_t *weights,
		     match_input_t *out, const char **why);
/* The same, keeping mentee keep_uid in even when they have all the
 * mentors they asked for (a mentee about to be rematched). */
int match_input_load_keeping(db_t *db, arena_t *a, const program_t *prog, const kvlist_t *weights, int64_t keep_uid,
			     match_input_t *out, const char **why);
void match_input_free(match_input_t *in);
/* Engine index of a user, or MATCH_NONE. */
uint32_t match_input_mentee_index(const match_input_t *in, int64_t uid);
uint32_t match_input_mentor_index(const match_input_t *in, int64_t uid);
/* The reasons of an explanation in words (owned by a). */
void match_input_reasons(const match_input_t *in, const struct match_explanation *e, arena_t *a,
			 MatchReason_list_t *out);
/* The configuration's weights, every criterion (owned by a). */
void match_input_weights(const struct match_config *cfg, arena_t *a, kvlist_t *out);

#endif
