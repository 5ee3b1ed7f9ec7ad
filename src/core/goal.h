/* The SMART goal validator: says which of specific, measurable, attainable,
 * relevant and time-bound a goal still lacks, with a sentence for each. */
#ifndef MENTORD_GOAL_H
#define MENTORD_GOAL_H
#include <stdbool.h>
#include <stdint.h>

typedef struct goal_input {
	const char *title, *outcome, *metric, *relevance, *due_on;
	bool has_baseline, has_target;
	double baseline, target;
	bool confirmed;            /* the mentor confirmed it is attainable */
} goal_input_t;

typedef struct goal_context {
	const char *today;         /* YYYY-MM-DD */
	const char *ends_on;       /* the relationship's last day (YYYY-MM-DD) */
	bool has_purpose;          /* the agreement states a purpose */
} goal_context_t;

enum { SMART_S, SMART_M, SMART_A, SMART_R, SMART_T, SMART_N };

typedef struct smart {
	bool ok[SMART_N];
	const char *why[SMART_N]; /* NULL where ok */
} smart_t;

extern const char *const smart_names[SMART_N]; /* "specific", ... "time_bound" */

void goal_smart_check(const goal_input_t *g, const goal_context_t *ctx, smart_t *out);
/* Whether the criteria a goal must meet before the mentor sees it (all but
 * attainable, which is the mentor's confirmation) hold. */
bool goal_ready_for_mentor(const smart_t *s);

#endif
