/* Shared by the hand-written handlers inside a relationship (goals,
 * meetings, the board, matching) until they move behind their services:
 * who may see what, phase checks, answering lists. Privacy: the mentor and the mentee see
 * everything inside their relationship; the program's managers and
 * administrators see its metadata (phase, commonalities, history) but not
 * its content (goals, meetings, notes, messages, feedback, the board). */
#ifndef MENTORD_API_REL_H
#define MENTORD_API_REL_H
#include "api/api.h"
#include "core/phase.h"

typedef enum { REL_CONTENT, REL_META } rel_level_t;

/* Loads relationship id if the caller may see it at this level; otherwise
 * answers 404 (not visible at all) or 403 and returns NULL. */
relationship_t *rel_access(req_t *r, int64_t id, rel_level_t level);
/* Answers 409 with the phase's reason and returns false if a is not allowed. */
/* For an object inside a relationship (a meeting, goal, board item), after
 * loading it with status st: answers the store error, or 404 "no WHAT ID"
 * when it is missing or its relationship is not visible to the caller (so
 * the error never confirms the relationship exists), or the 403 of
 * rel_access. Returns the relationship on success. */
relationship_t *rel_child_access(req_t *r, int st, bool found, int64_t rel_id, const char *what,
				 int64_t id);
bool rel_phase_allows(req_t *r, const relationship_t *rel, phase_action_t a);
bool rel_is_mentor(const req_t *r, const relationship_t *rel);
/* The other member of the pair. */
int64_t rel_other(const req_t *r, const relationship_t *rel);
/* Moves to phase p (if not already there) and records why. */
int rel_move(req_t *r, relationship_t *rel, phase_t p, const char *why);
/* Moves goal_setting -> working once the agreement is signed by both and a
 * goal is confirmed by the mentor. */
int rel_maybe_start_working(req_t *r, relationship_t *rel);

/* Answers 201 with a freshly loaded record, or the error. */
void rel_created(req_t *r, int st, json_t *record);
/* Answers a list of records {"items": [...], "next": null}. */
void rel_items(req_t *r, int st, json_t *items);
/* The whole of a list handler for relationship r->id[0]: access at level,
 * then list(db, relationship id, &items) answered with rel_items. */
void rel_list(req_t *r, rel_level_t level, int (*list)(db_t *, int64_t, json_t **));

/* svc_rel_check_pair for a handler: field problems land in errs, the 409
 * sentence in *conflict; returns a DB_ status. */
int api_rel_check_pair(req_t *r, const program_t *prog, int64_t mentor_id, int64_t mentee_id,
		       verr_t *errs, const char **conflict);

void api_relationships_register(void);
void api_matching_register(void);
void api_meetings_register(void);

#endif
