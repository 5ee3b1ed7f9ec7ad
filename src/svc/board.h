/* What the cooperation board's services (svc/board.c) and the streams'
 * (svc/stream.c) share with each other and with the board's pages: the
 * API's shapes of their records, the rules both apply to links (a goal or an
 * idea must belong to the same relationship), and the whole board as its
 * page shows it. The services themselves are declared with the API's
 * operations in svc/api_types.h. */
#ifndef MENTORD_SVC_BOARD_H
#define MENTORD_SVC_BOARD_H
#include "svc/svc.h"

/* The API's shapes of the records (strings stay the row's). */
void svc_concern_out(const row_concern_t *r, Concern_t *out);
void svc_idea_out(const row_idea_t *r, Idea_t *out);
void svc_action_out(const row_action_t *r, Action_t *out);
void svc_win_out(const row_win_t *r, Win_t *out);

/* A goal (0: none) an action or a win links to must be one of rel's; a
 * field problem under "goal_id" otherwise. Returns SVC_OK or a store refusal. */
int svc_board_check_goal(svc_t *s, const relationship_t *rel, int64_t goal_id);
/* Ends a write: commits when db (a store status) is DB_OK, else rolls back
 * and refuses. */
int svc_board_end(svc_t *s, int db);

/* A relationship's board as its page shows it to a member of the pair. */
typedef struct board_view {
	relationship_t *rel;
	Concern_list_t concerns;  /* oldest first, each with its ideas and actions */
	Win_list_t wins;          /* newest first */
	row_board_goal_t *goals;  /* the goals an action item may be linked to */
	int n_goals;
} board_view_t;
int svc_board_view(svc_t *s, int64_t rel_id, board_view_t *out);

#endif
