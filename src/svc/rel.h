/* What every service inside a relationship shares: who may see what, the
 * phase rules, and the moves between phases. Privacy: the mentor and the
 * mentee see everything inside their relationship; the program's managers
 * and administrators see its metadata (phase, commonalities, history) but
 * not its content (goals, meetings, notes, messages, feedback, the board). */
#ifndef MENTORD_SVC_REL_H
#define MENTORD_SVC_REL_H
#include "core/phase.h"
#include "svc/svc.h"

typedef enum { SVC_REL_CONTENT, SVC_REL_META } svc_rel_level_t;

/* Loads relationship id if the caller may see it at this level; otherwise
 * refuses with 404 (not visible at all) or 403 (a manager asking for
 * content). */
int svc_rel_access(svc_t *s, int64_t id, svc_rel_level_t level, relationship_t **out);
/* For an object inside a relationship (a meeting, goal, board item), after
 * loading it with store status db: the store error, or 404 "no WHAT ID" when
 * it is missing or its relationship is not visible to the caller (so the
 * refusal never confirms the relationship exists), or the 403 of
 * svc_rel_access. */
int svc_rel_child_access(svc_t *s, int db, bool found, int64_t rel_id, const char *what, int64_t id,
			 relationship_t **out);
/* SVC_OK, or 409 archived when the relationship's program is archived:
 * nothing inside it may change then. */
int svc_rel_writable(svc_t *s, const relationship_t *rel);
/* SVC_OK if the relationship's phase allows a, else 409 wrong_phase with
 * the phase's reason (s->err.phase names the phase); 409 archived first
 * when its program is archived. */
int svc_rel_phase(svc_t *s, const relationship_t *rel, phase_action_t a);
bool svc_rel_is_mentor(const svc_t *s, const relationship_t *rel);
/* The other member of the pair. */
int64_t svc_rel_other(const svc_t *s, const relationship_t *rel);
/* Moves to phase p (if not already there) and records why; a store status. */
int svc_rel_move(svc_t *s, relationship_t *rel, phase_t p, const char *why);
/* Moves goal_setting -> working once the agreement is signed by both and a
 * goal is confirmed by the mentor; a store status. */
int svc_rel_maybe_start_working(svc_t *s, relationship_t *rel);

/* The hard rules for a new pair in prog: both enrolled in their roles, not
 * the same person, mentor not in the mentee's management chain (field
 * problems in s->fields); and no active duplicate, mentor capacity, the
 * program's max mentors per mentee (*conflict, a sentence for a 409). Call
 * inside the write transaction. Returns SVC_OK or a store refusal. */
int svc_rel_check_pair(svc_t *s, const program_t *prog, int64_t mentor_id, int64_t mentee_id,
		       const char **conflict);

#endif
