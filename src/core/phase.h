/* The phases of a mentoring relationship and what each allows. The order
 * follows the practices: get to know each other (kickoff) before goals,
 * goals and an agreement before the working phase, a closing with thanks,
 * then an alumni connection. */
#ifndef MENTORD_PHASE_H
#define MENTORD_PHASE_H
#include <stdbool.h>

typedef enum {
	PHASE_GETTING_TO_KNOW,
	PHASE_GOAL_SETTING,
	PHASE_WORKING,
	PHASE_CLOSING,
	PHASE_COMPLETED,
	PHASE_ALUMNI,
	PHASE_COUNT
} phase_t;

typedef enum {
	ACT_KICKOFF,       /* schedule the kickoff meeting */
	ACT_MEETING,       /* schedule a regular meeting */
	ACT_COFFEE,        /* an informal coffee meeting */
	ACT_AGREEMENT,     /* write or sign the agreement */
	ACT_GOAL,          /* create or change goals, record progress */
	ACT_BOARD,         /* concerns, ideas, plans, actions, wins */
	ACT_MESSAGE,
	ACT_CHECKIN,
	ACT_LEARNING,
	ACT_CLOSE,
	ACT_KEEP_IN_TOUCH,
} phase_action_t;

const char *phase_name(phase_t p);
/* -1 for an unknown name. */
int phase_parse(const char *s);
/* NULL if the action is allowed in phase p, else a sentence saying why not
 * (for a 409 answer). */
const char *phase_refusal(phase_t p, phase_action_t a);
bool phase_active(phase_t p); /* before completion */

#endif
