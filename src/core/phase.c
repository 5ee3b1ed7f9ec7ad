/* Phase names and the table of what each phase allows (see phase.h). */
#include "core/phase.h"

#include <string.h>

static const char *const names[PHASE_COUNT] = {
	"getting_to_know", "goal_setting", "working", "closing", "completed", "alumni"};

const char *phase_name(phase_t p)
{
	return p >= 0 && p < PHASE_COUNT ? names[p] : "getting_to_know";
}

int phase_parse(const char *s)
{
	for (int i = 0; s && i < PHASE_COUNT; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

bool phase_active(phase_t p)
{
	return p < PHASE_COMPLETED;
}

const char *phase_refusal(phase_t p, phase_action_t a)
{
	switch (a) {
	case ACT_KICKOFF:
		return p == PHASE_GETTING_TO_KNOW ? NULL
			: "the kickoff meeting belongs to the getting-to-know phase";
	case ACT_MEETING:
		if (p == PHASE_GETTING_TO_KNOW)
			return "start with the kickoff meeting; regular meetings follow it";
		return phase_active(p) ? NULL
			: "the relationship has ended; alumni meet for coffee instead";
	case ACT_COFFEE:
		return p == PHASE_ALUMNI || p == PHASE_COMPLETED ? NULL
			: "coffee meetings are for alumni; schedule a regular meeting";
	case ACT_AGREEMENT:
	case ACT_GOAL:
		if (p == PHASE_GETTING_TO_KNOW)
			return "goal setting opens after the kickoff meeting: get to know each other first";
		return p == PHASE_GOAL_SETTING || p == PHASE_WORKING ? NULL
			: "goals and the agreement are closed once the relationship is closing";
	case ACT_BOARD:
		if (p == PHASE_GETTING_TO_KNOW)
			return "the cooperation board opens after the kickoff meeting";
		return phase_active(p) ? NULL : "the relationship has ended";
	case ACT_MESSAGE:
	case ACT_CHECKIN:
		return NULL; /* keep talking, in every phase */
	case ACT_LEARNING:
		return p == PHASE_GETTING_TO_KNOW ? "the learning log opens after the kickoff meeting" : NULL;
	case ACT_CLOSE:
		return p == PHASE_WORKING || p == PHASE_CLOSING ? NULL
			: "only a relationship in its working phase can be closed";
	case ACT_KEEP_IN_TOUCH:
		return p == PHASE_COMPLETED || p == PHASE_ALUMNI ? NULL
			: "keep-in-touch starts once the relationship is completed";
	}
	return "not allowed";
}
