/* What would help a mentee a match run left without a mentor, in a
 * sentence for the program manager who reviews the run: worked out from the
 * program's people when the run is made (the engine's instance, its
 * candidate graph and its result), not a canned line per reason. A mentee
 * whose every fitting mentor is full learns which mentors one more place
 * would help; one who shares no language with any mentor that has a place
 * left learns which language is missing ("No mentor with a free place
 * speaks German."); one whose wanted skills nobody with a place offers
 * learns which; one ruled out by the hard rules learns which rules and how
 * many mentors each rules out. */
#ifndef MENTORD_SVC_MATCH_HELP_H
#define MENTORD_SVC_MATCH_HELP_H
#include "svc/match_input.h"

/* One sentence (or two) per unmatched mentee of res, un[k] for the k-th of
 * match_result_unmatched, allocated in a. Work is bounded: the hard rules
 * are counted mentor by mentor for at most a budget of pairs per run, after
 * which a mentee ruled out by them gets the rules in general words. */
void match_help_compute(const match_input_t *in, const struct match_graph *g, const struct match_result *res,
			arena_t *a, const char **un);

/* The words for a mentee a manager removed from a run. */
extern const char match_help_removed[];

#endif
